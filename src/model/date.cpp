#include "dealgraph/model/date.hpp"

#include <cstdio>

namespace dealgraph {
namespace {

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly n digits at text[pos..]; -1 when they are not all digits.
int digits(std::string_view text, std::size_t pos, std::size_t n) noexcept {
    if (pos + n > text.size()) return -1;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        char c = text[i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::string Date::to_string() const {
    // By hand, not snprintf: CSV loading names every undated-id deal after its date, and
    // snprintf was a tenth of loading Crunchbase. A date built by hand outside four-digit
    // years or two-digit parts still prints as %04d-%02d-%02d would.
    if (year < 0 || year > 9999 || month > 99 || day > 99) {
        char wide[32];
        switch (precision()) {
            case DatePrecision::year: std::snprintf(wide, sizeof wide, "%04d", year); break;
            case DatePrecision::month: std::snprintf(wide, sizeof wide, "%04d-%02d", year, month); break;
            case DatePrecision::day: std::snprintf(wide, sizeof wide, "%04d-%02d-%02d", year, month, day); break;
        }
        return wide;
    }
    char buf[10];
    auto two = [](char* at, int v) {
        at[0] = static_cast<char>('0' + v / 10);
        at[1] = static_cast<char>('0' + v % 10);
    };
    two(buf, year / 100);
    two(buf + 2, year % 100);
    std::size_t n = 4;
    if (month) {
        buf[4] = '-';
        two(buf + 5, month);
        n = 7;
        if (day) {
            buf[7] = '-';
            two(buf + 8, day);
            n = 10;
        }
    }
    return std::string(buf, n);
}

std::optional<Date> Date::parse(std::string_view text) noexcept {
    if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
    int y = digits(text, 0, 4);
    if (y < 1800 || y > 2199) return std::nullopt;
    Date d;
    d.year = static_cast<std::int16_t>(y);
    if (text.size() == 4) return d;
    if (text[4] != '-') return std::nullopt;
    int m = digits(text, 5, 2);
    if (m < 1 || m > 12) return std::nullopt;
    d.month = static_cast<std::uint8_t>(m);
    if (text.size() == 7) return d;
    if (text[7] != '-') return std::nullopt;
    int day = digits(text, 8, 2);
    if (day < 1 || day > days_in_month(y, m)) return std::nullopt;
    d.day = static_cast<std::uint8_t>(day);
    return d;
}

}  // namespace dealgraph
