// `dealgraph concentration` as a policy analyst runs it.

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <nlohmann/json.hpp>

#include "support/run.hpp"

using dealgraph::test::fixture;
using dealgraph::test::run_dealgraph;
using Catch::Approx;
using Catch::Matchers::ContainsSubstring;
using nlohmann::json;

namespace {
// A usage error: exit code 1 and this message on standard error.
void check_usage_error(const std::vector<std::string>& args, const std::string& message) {
    auto r = run_dealgraph(args);
    INFO(args.back() << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, ContainsSubstring(message));
}
}  // namespace

TEST_CASE("concentration JSON follows the documented contract", "[cli][concentration]") {
    auto r = run_dealgraph({"concentration", fixture("hf-whatif.json"), "--output", "json", "--what-if",
                            "nvidia-offer"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    for (const char* k : {"hhi", "cr4", "gini", "mhhi", "mhhi_delta", "lorenz", "flags"}) CHECK(j["segment"].contains(k));
    auto hf = j["startups"][0];
    for (const char* k : {"id", "hhi", "top1_share", "dominant_investor", "investors"}) CHECK(hf.contains(k));
    CHECK(hf["id"] == "hugging-face");
    CHECK(hf["hhi"].get<double>() == Approx(2000));  // five investors of 47M each
    CHECK(hf["dominant_investor"].is_null());
    // Roll-up is on by default here: Google's money is Alphabet's.
    CHECK(hf["investors"][0]["id"] == "alphabet");
    CHECK(hf["investors"][0]["share"].get<double>() == Approx(0.2));
    CHECK(hf["investors"][0]["stake"].get<double>() == Approx(47e6 / 4.5e9));
    CHECK(j["groups"][0]["id"] == "bigtech");  // from the data file
    CHECK(j["groups"][0]["capital_share"].get<double>() == Approx(0.6));
    auto w = j["what_if"];
    CHECK(w["deals"] == json({"nvidia-offer"}));
    bool saw_dominant = false;
    for (const auto& c : w["changes"])
        if (c["scope"] == "hugging-face" && c["figure"] == "dominant_investor") {
            saw_dominant = true;
            CHECK(c["before"].is_null());
            CHECK(c["after"] == "nvidia");
        }
    CHECK(saw_dominant);
    auto no_rollup = json::parse(
        run_dealgraph({"concentration", fixture("hf-whatif.json"), "--output", "json", "--no-rollup"}).out);
    CHECK(no_rollup["startups"][0]["investors"][0]["id"] == "amazon");  // ties by id: amazon < amd < google
}

TEST_CASE("the what-if reads as a memo table", "[cli][concentration]") {
    auto r = run_dealgraph({"concentration", fixture("hf-whatif.json"), "--output", "table", "--include-status",
                            "rejected", "--no-centralization"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, ContainsSubstring("not of a product market"));
    CHECK_THAT(r.out, ContainsSubstring("what if nvidia-offer had been counted"));
    CHECK_THAT(r.out, Catch::Matchers::Matches(
                          "(.|\n)*Hugging Face +share of capital: Nvidia +20\\.0% +74\\.4% +\\+54\\.4 pts\n(.|\n)*"));
    CHECK_THAT(r.out, Catch::Matchers::Matches(
                          "(.|\n)*Hugging Face +dominant investor \\(>= 50%\\) +none +Nvidia +changed\n(.|\n)*"));
    CHECK_THAT(r.out, ContainsSubstring("segment HHI 2000 -> 5702 (+3702): a significant change (> 100 under the 2023 "
                                        "US Merger Guidelines)"));
    CHECK_THAT(r.out, ContainsSubstring("Hugging Face would have a dominant investor: Nvidia with 74.4% of its "
                                        "capital"));
}

TEST_CASE("concentration CSV and Markdown views", "[cli][concentration]") {
    auto csv = run_dealgraph({"concentration", fixture("tiny.json"), "--output", "csv", "--no-centralization"});
    REQUIRE(csv.exit_code == 0);
    // Rolled up: hf: lux 200M, nvidia 135M of 335M.
    CHECK_THAT(csv.out, Catch::Matchers::StartsWith("startup,investor,capital_usd,share,stake,startup_hhi,dominant\n"));
    CHECK_THAT(csv.out, ContainsSubstring("hf,lux,200000000,"));
    auto seg = run_dealgraph({"concentration", fixture("tiny.json"), "--output", "csv", "--only", "segment",
                              "--no-centralization"});
    CHECK_THAT(seg.out, ContainsSubstring("capital_usd,685000000\n"));
    auto md = run_dealgraph({"concentration", fixture("tiny.json"), "--output", "md", "--by-year", "--no-centralization"});
    CHECK_THAT(md.out, ContainsSubstring("### by year (deals up to each year)"));
    CHECK_THAT(md.out, ContainsSubstring("| 2022 | 1 | 1 | $100.0M | 10000 |"));
}

TEST_CASE("concentration usage errors", "[cli][concentration]") {
    const std::string tiny = fixture("tiny.json");
    check_usage_error({"concentration", tiny, "--what-if", "d9"}, "--what-if d9: no deal with this id");
    check_usage_error({"concentration", tiny, "--sector", "robots"},
                      "--sector robots: no startup in the data has this sector tag");
    check_usage_error({"concentration", tiny, "--group", "bigtech"}, "expected NAME=id,id,...");
    check_usage_error({"concentration", tiny, "--share-by", "revenue_usd"},
                      "--share-by revenue_usd: expected capital, equal, or a metric");
}

TEST_CASE("concentration --only shows one part in a table, and fails early where it cannot apply",
          "[cli][concentration]") {
    auto full = run_dealgraph({"concentration", fixture("tiny.json"), "--output", "table", "--no-centralization"});
    REQUIRE(full.exit_code == 0);
    CHECK_THAT(full.out, ContainsSubstring("segment: "));
    CHECK_THAT(full.out, ContainsSubstring("startups, most concentrated first"));
    auto inv = run_dealgraph(
        {"concentration", fixture("tiny.json"), "--output", "table", "--only", "investors", "--no-centralization"});
    INFO(inv.err);
    REQUIRE(inv.exit_code == 0);
    CHECK_THAT(inv.out, ContainsSubstring("investors, most capital first"));
    CHECK_THAT(inv.out, !ContainsSubstring("segment: "));
    CHECK_THAT(inv.out, !ContainsSubstring("startups, most concentrated first"));
    CHECK_THAT(inv.out, ContainsSubstring("counted: "));  // the heading stays
    // The investors part is the full run's, word for word.
    auto at = full.out.find("investors, most capital first");
    REQUIRE(at != std::string::npos);
    auto block = full.out.substr(at, full.out.find("\n\n", full.out.find("\n\n", at) + 2) - at);
    CHECK_THAT(inv.out, ContainsSubstring(block));
    auto md = run_dealgraph(
        {"concentration", fixture("tiny.json"), "--output", "md", "--only", "segment", "--no-centralization"});
    REQUIRE(md.exit_code == 0);
    CHECK_THAT(md.out, ContainsSubstring("### segment: "));
    CHECK_THAT(md.out, !ContainsSubstring("### startups"));

    // JSON: the note, the options and that part, as in the full run.
    auto all = json::parse(run_dealgraph({"concentration", fixture("tiny.json"), "--output", "json"}).out);
    auto json_only = run_dealgraph({"concentration", fixture("tiny.json"), "--output", "json", "--only", "investors"});
    REQUIRE(json_only.exit_code == 0);
    auto j = json::parse(json_only.out);
    CHECK(j.size() == 3);
    CHECK(j["investors"] == all["investors"]);
    CHECK(j["note"] == all["note"]);
    CHECK(j["options"] == all["options"]);
    auto by_year = json::parse(
        run_dealgraph({"concentration", fixture("tiny.json"), "--output", "json", "--by-year", "--only", "by-year"}).out);
    CHECK(by_year.contains("by_year"));
    CHECK(!by_year.contains("segment"));
    const std::string tiny = fixture("tiny.json");
    check_usage_error({"concentration", tiny, "--only", "startup"}, "--only startup: expected segment, startups, investors");
    check_usage_error({"concentration", tiny, "--only", "by-year"}, "--only by-year needs --by-year");
    check_usage_error({"concentration", tiny, "--output", "csv", "--only", "what-if"},
                      "--only what-if needs --what-if or --include-status");
    // A status no deal has: no what-if to show, in any format (found after loading).
    check_usage_error({"concentration", tiny, "--output", "table", "--include-status", "negotiating", "--only", "what-if"},
                      "--only what-if needs --what-if or --include-status");
}
