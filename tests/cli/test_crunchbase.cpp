// The real Crunchbase 2013 export (../shared/data/crunchbase-2013/, not in the repo)
// loads as it is, and `summary` agrees with the independent Python reference in
// tests/reference/crunchbase_summary.json (scripts/reference/crunchbase_summary.py).

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/run.hpp"

using Catch::Matchers::ContainsSubstring;

namespace {
std::string crunchbase_csv() {
    return std::string(DEALGRAPH_SOURCE_DIR) + "/../shared/data/crunchbase-2013/investments.csv";
}
}  // namespace

TEST_CASE("Crunchbase 2013 summary agrees with the reference", "[crunchbase]") {
    if (!std::filesystem::exists(crunchbase_csv())) SKIP("no ../shared/data/crunchbase-2013 beside the checkout");
    auto r = dealgraph::test::run_dealgraph({"summary", crunchbase_csv(), "--output", "json"});
    REQUIRE(r.exit_code == 0);
    auto got = nlohmann::json::parse(r.out);
    auto want = nlohmann::json::parse(
        dealgraph::test::read_file(std::string(DEALGRAPH_SOURCE_DIR) + "/tests/reference/crunchbase_summary.json"));
    for (const char* k : {"investors", "startups", "deals", "participations", "edges", "components",
                          "giant_component", "date_from", "date_to"}) {
        INFO(k);
        CHECK(got[k] == want[k]);
    }
    CHECK(got["capital_usd"].get<double>() == Catch::Approx(want["capital_usd"].get<double>()).epsilon(1e-12));
    CHECK(got["unattributed_usd"].get<double>() ==
          Catch::Approx(want["unattributed_usd"].get<double>()).epsilon(1e-12));

    // The mess the data set's README lists is reported, not fatal.
    CHECK_THAT(r.err, ContainsSubstring("exact duplicate rows merged (each counted once) (161 occurrences"));
    CHECK_THAT(r.err, ContainsSubstring("rows with a blank investor name skipped (10 occurrences"));
    CHECK_THAT(r.err, ContainsSubstring("rows with a blank startup name skipped (2 occurrences"));
    CHECK_THAT(r.err, ContainsSubstring("placeholder investor names"));
}
