#include <catch2/catch_test_macros.hpp>

#include <charconv>
#include <string>

#include "dealgraph/ingest/text.hpp"
#include "ingest/builder.hpp"

using namespace dealgraph;

TEST_CASE("names match after trimming, collapsing space and folding case", "[text]") {
    CHECK(name_key("  Self   Funded ") == "self funded");
    CHECK(name_key("Self funded") == name_key("self  FUNDED"));
    CHECK(clean_name("  Andreessen \t Horowitz ") == "Andreessen Horowitz");
    CHECK(name_key("네이버 D2SF") == "네이버 d2sf");  // non-ASCII kept as is
    CHECK(name_key(" \t\r\n ").empty());
    CHECK(name_key("A\f\vB") == "a b");
    // Appended after what the key already holds (the CSV reader builds deal keys so).
    std::string key = "id\x1f";
    detail::append_name_key(key, "  Big   TECH\t");
    CHECK(key == "id\x1f" "big tech");
    detail::append_name_key(key, "   ");
    CHECK(key == "id\x1f" "big tech");
}

TEST_CASE("slugs", "[text]") {
    CHECK(slugify("Andreessen Horowitz") == "andreessen-horowitz");
    CHECK(slugify("  A.B. Capital, LLC ") == "a-b-capital-llc");
    CHECK(slugify("Johnson & Johnson") == "johnson-and-johnson");
    CHECK(slugify("네이버") == "x");
    CHECK(slugify("&") == "x");
    CHECK(slugify("& Co") == "co");
    CHECK(slugify("AT&T") == "at-and-t");
    CHECK(slugify("A && B") == "a-and-and-b");
    // Longer than the 256 bytes built on the stack: the same rule.
    std::string ampersands(300, '&');
    CHECK(slugify("x" + ampersands) == "x" + [] {
        std::string s;
        for (int i = 0; i < 300; ++i) s += "-and";
        return s;
    }());
    CHECK(is_slug("hugging-face"));
    CHECK_FALSE(is_slug("Hugging Face"));
    CHECK_FALSE(is_slug("a--b"));
    CHECK_FALSE(is_slug("-a"));
    CHECK_FALSE(is_slug(""));
}

TEST_CASE("amounts with separators, currency marks and exponents", "[text]") {
    CHECK(parse_amount("1500000") == 1500000.0);
    CHECK(parse_amount("1,500,000") == 1500000.0);
    CHECK(parse_amount("$2,500") == 2500.0);
    CHECK(parse_amount("3e6") == 3000000.0);
    CHECK(parse_amount("12.5") == 12.5);
    CHECK(parse_amount(" 7 USD") == 7.0);
    CHECK(parse_amount("0") == 0.0);
    CHECK(parse_amount("-0") == 0.0);
    CHECK(parse_amount("007") == 7.0);
    // Plain digit strings take a shortcut up to 15 digits; longer ones, from_chars. Both
    // must give the double from_chars gives (the nearest, for 16 and more digits).
    for (std::string digits : {"999999999999999", "1000000000000000", "9007199254740993", "123456789012345678"}) {
        INFO(digits);
        double want = 0;
        std::from_chars(digits.data(), digits.data() + digits.size(), want);
        CHECK(parse_amount(digits) == want);
    }
    bool negative = false;
    CHECK_FALSE(parse_amount("-5", &negative));
    CHECK(negative);
    for (const char* bad : {"12abc", "1,50,000", "1,5000", ",500", "abc", "$", "1e999", "nan", "inf", "1..2"}) {
        INFO(bad);
        bool neg = true;
        CHECK_FALSE(parse_amount(bad, &neg));
        CHECK_FALSE(neg);
    }
}

TEST_CASE("export round codes map to the round vocabulary", "[text]") {
    CHECK(round_from_export("a") == RoundType::series_a);
    CHECK(round_from_export("B") == RoundType::series_b);
    CHECK(round_from_export("Series C") == RoundType::series_c);
    CHECK(round_from_export("series-j") == RoundType::series_j);
    CHECK(round_from_export("unattributed") == RoundType::venture);
    CHECK(round_from_export("debt_financing") == RoundType::debt);
    CHECK(round_from_export("corporate_round") == RoundType::strategic);
    CHECK(round_from_export("seed") == RoundType::seed);
    CHECK_FALSE(round_from_export("private_equity"));
    CHECK_FALSE(round_from_export("other"));  // "other" is what unknown words become, not a match
    CHECK(status_from_export("Completed") == DealStatus::closed);
    CHECK(status_from_export("rumored") == DealStatus::negotiating);
    CHECK_FALSE(status_from_export("maybe"));
}

TEST_CASE("placeholder investors", "[text]") {
    CHECK(is_placeholder_investor("undisclosed"));
    CHECK(is_placeholder_investor("private investors"));
    CHECK(is_placeholder_investor("business angels"));
    CHECK_FALSE(is_placeholder_investor("sequoia capital"));
}

TEST_CASE("UTF-8 validation", "[text]") {
    CHECK(valid_utf8("plain ascii"));
    CHECK(valid_utf8("허깅페이스 and 엔비디아"));
    CHECK_FALSE(valid_utf8("\xff"));
    CHECK_FALSE(valid_utf8("abc\xc3"));           // truncated sequence
    CHECK_FALSE(valid_utf8("\xc0\xaf"));          // overlong
    CHECK_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
    CHECK_FALSE(valid_utf8("12345678\x80zz"));    // after the 8-byte fast path
}
