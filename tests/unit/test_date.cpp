#include <catch2/catch_test_macros.hpp>

#include <cstdio>

#include "dealgraph/model/date.hpp"

using dealgraph::Date;
using dealgraph::DatePrecision;

TEST_CASE("dates keep the precision they were given", "[date]") {
    auto y = Date::parse("2023");
    auto m = Date::parse("2023-08");
    auto d = Date::parse("2023-08-24");
    REQUIRE(y);
    REQUIRE(m);
    REQUIRE(d);
    CHECK(y->precision() == DatePrecision::year);
    CHECK(m->precision() == DatePrecision::month);
    CHECK(d->precision() == DatePrecision::day);
    CHECK(y->to_string() == "2023");
    CHECK(m->to_string() == "2023-08");
    CHECK(d->to_string() == "2023-08-24");
}

TEST_CASE("impossible dates are rejected", "[date]") {
    for (const char* bad : {"2023-13-45", "2023-02-30", "2023-00", "2023-04-31", "1900-02-29", "23-08-01",
                            "2023/08/01", "2023-8-1", "", "abcd", "2023-08-", "20230824", "1799", "2200"}) {
        INFO(bad);
        CHECK_FALSE(Date::parse(bad));
    }
    CHECK(Date::parse("2024-02-29"));  // leap year
    CHECK(Date::parse("2000-02-29"));  // divisible by 400
}

TEST_CASE("partial dates sort as their first day, coarser first", "[date]") {
    auto y = *Date::parse("2023");
    auto jan1 = *Date::parse("2023-01-01");
    auto jan = *Date::parse("2023-01");
    auto aug = *Date::parse("2023-08");
    CHECK(y.key() == 20230101);
    CHECK(aug.key() == 20230801);
    CHECK(y < jan);
    CHECK(jan < jan1);
    CHECK(jan1 < aug);
}

TEST_CASE("dates print as YYYY, YYYY-MM or YYYY-MM-DD, zero-padded, and read back the same", "[date]") {
    // Every day of every year parse accepts, and dates built by hand outside that range.
    int checked = 0;
    for (int y = 1800; y <= 2199; ++y)
        for (int m = 0; m <= 12; ++m)
            for (int d = 0; d <= (m ? 31 : 0); ++d) {
                char want[16];
                if (m == 0) std::snprintf(want, sizeof want, "%04d", y);
                else if (d == 0) std::snprintf(want, sizeof want, "%04d-%02d", y, m);
                else std::snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
                auto parsed = Date::parse(want);
                if (!parsed) continue;  // 31 April and the like
                ++checked;
                if (parsed->to_string() != want) FAIL(want << " printed as " << parsed->to_string());
            }
    CHECK(checked == 400 * (1 + 12) + 146097);  // 400 Gregorian years hold 146097 days
    CHECK(Date{}.to_string() == "0000");
    CHECK(Date{812, 3, 0}.to_string() == "0812-03");
    CHECK(Date{-5, 0, 0}.to_string() == "-005");
    CHECK(Date{12345, 1, 2}.to_string() == "12345-01-02");
    CHECK(Date{2023, 123, 0}.to_string() == "2023-123");
}
