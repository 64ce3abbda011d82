#pragma once
// A calendar date with the precision its source gave: a year, a month or a day.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dealgraph {

enum class DatePrecision : std::uint8_t { year, month, day };

/// A date such as "2023", "2023-08" or "2023-08-24". Month and day are 0 when
/// the precision does not reach them. Ordering treats a partial date as its first
/// day ("2023" sorts with 2023-01-01), then coarser before finer.
struct Date {
    std::int16_t year = 0;
    std::uint8_t month = 0;  // 1..12, 0 when precision is year
    std::uint8_t day = 0;    // 1..31, 0 unless precision is day

    [[nodiscard]] DatePrecision precision() const noexcept {
        return day ? DatePrecision::day : month ? DatePrecision::month : DatePrecision::year;
    }
    /// Days-free sortable key: yyyymmdd with missing parts as 01.
    [[nodiscard]] std::int32_t key() const noexcept {
        return year * 10000 + (month ? month : 1) * 100 + (day ? day : 1);
    }
    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    [[nodiscard]] std::string to_string() const;

    /// Parses YYYY, YYYY-MM or YYYY-MM-DD (years 1800..2199), checking that the
    /// day exists. Returns nullopt for anything else.
    [[nodiscard]] static std::optional<Date> parse(std::string_view text) noexcept;

    friend bool operator==(const Date&, const Date&) = default;
    friend std::strong_ordering operator<=>(const Date& a, const Date& b) noexcept {
        if (auto c = a.key() <=> b.key(); c != 0) return c;
        return a.precision() <=> b.precision();
    }
};

}  // namespace dealgraph
