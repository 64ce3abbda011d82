// `dealgraph report`: the files, the contract of report.json, determinism, and the
// rules for replacing a folder.

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "dealgraph/ingest/load.hpp"
#include "dealgraph/model/diagnostics.hpp"
#include "dealgraph/render/map.hpp"
#include "dealgraph/report/briefing.hpp"
#include "dealgraph/report/sha256.hpp"
#include "support/run.hpp"

using dealgraph::test::fixture;
using dealgraph::test::read_file;
using dealgraph::test::run_dealgraph;
using dealgraph::test::temp_dir;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

TEST_CASE("SHA-256 of the FIPS 180-4 examples", "[report]") {
    CHECK(dealgraph::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(dealgraph::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(dealgraph::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(dealgraph::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("report writes every part, and the same bytes twice", "[report]") {
    auto dir = temp_dir("report");
    auto a = run_dealgraph({"report", fixture("hf-whatif.json"), "--out", dir + "/a"});
    INFO(a.err);
    REQUIRE(a.exit_code == 0);
    CHECK_THAT(a.out, ContainsSubstring("Report: " + dir + "/a/report.html"));
    CHECK_THAT(a.out, ContainsSubstring("Hugging Face would have a dominant investor: Nvidia with 74.4% of its capital"));
    for (const char* f : {"report.html", "report.md", "report.json", "tables/summary.csv", "tables/centrality.csv",
                          "tables/syndicates.csv", "tables/concentration-startups.csv", "tables/trend.csv",
                          "tables/what-if-nvidia-offer.csv", "maps/ecosystem.svg", "maps/ecosystem.png",
                          "maps/ecosystem.dot", "maps/concentration.svg", "maps/ego.png"}) {
        INFO(f);
        CHECK(fs::file_size(dir + "/a/" + f) > 0);
    }
    auto j = nlohmann::json::parse(read_file(dir + "/a/report.json"));
    CHECK(j["tool"] == "dealgraph");
    CHECK(j["inputs"][0]["sha256"] == dealgraph::sha256_hex(read_file(fixture("hf-whatif.json"))));
    CHECK(j["summary"]["investors"] == 5);
    CHECK(j["what_if"][0]["deals"][0] == "nvidia-offer");
    CHECK(j["concentration"]["startups"][0]["hhi"].get<double>() == 2000);
    auto html = read_file(dir + "/a/report.html");
    CHECK_THAT(html, ContainsSubstring("<table class=\"sortable\" id=\"t-concentration-startups\">"));
    CHECK_THAT(html, ContainsSubstring("<figure class=\"map\" id=\"map-ecosystem\"><svg"));
    CHECK_THAT(html, ContainsSubstring("@media print"));
    CHECK(html.find("<script src") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);

    // -o, as for every other command that writes.
    auto b = run_dealgraph({"report", fixture("hf-whatif.json"), "-o", dir + "/b", "--quiet"});
    REQUIRE(b.exit_code == 0);
    for (const char* f : {"report.html", "report.md", "report.json", "tables/centrality.csv", "maps/ecosystem.svg",
                          "maps/coinvestors.dot", "maps/concentration.svg"}) {
        INFO(f);
        CHECK(read_file(dir + "/a/" + f) == read_file(dir + "/b/" + f));
    }
}

TEST_CASE("report names its steps and counts the Leiden runs as they end", "[report]") {
    // Maps are laid out in the worker process, as the command line does (Graphviz keeps
    // state, and its allocations would otherwise stay in this process).
    dealgraph::set_layout_program(DEALGRAPH_BIN);
    dealgraph::Diagnostics diag;
    const auto data = dealgraph::load_files({fixture("hf-whatif.json")}, {}, diag);
    REQUIRE_FALSE(diag.has_errors());
    dealgraph::ReportOptions o;
    o.out = temp_dir("report-progress") + "/r";
    std::vector<std::string> steps, details;
    o.progress = [&](const std::string& s) { steps.push_back(s); };
    o.progress_detail = [&](const std::string& s) { details.push_back(s + " [" + steps.back() + "]"); };
    dealgraph::write_report(data, o);
    CHECK(std::find(steps.begin(), steps.end(), "finding communities and syndicates") != steps.end());
    const std::vector<std::string> expected{
        "1 of 5 Leiden runs done [finding communities and syndicates]",
        "2 of 5 Leiden runs done [finding communities and syndicates]",
        "3 of 5 Leiden runs done [finding communities and syndicates]",
        "4 of 5 Leiden runs done [finding communities and syndicates]",
        "5 of 5 Leiden runs done [finding communities and syndicates]"};
    CHECK(details == expected);
}

TEST_CASE("report replaces an earlier report but not other folders", "[report]") {
    auto dir = temp_dir("report-replace");
    REQUIRE(run_dealgraph({"report", fixture("tiny.json"), "--out", dir + "/r", "-q"}).exit_code == 0);
    // An earlier report is replaced without --force.
    REQUIRE(run_dealgraph({"report", fixture("tiny.json"), "--out", dir + "/r", "-q"}).exit_code == 0);
    // A folder with other things in it is not.
    fs::create_directories(dir + "/mine");
    dealgraph::test::write_file(dir + "/mine", "notes.txt", "keep me");
    auto refused = run_dealgraph({"report", fixture("tiny.json"), "--out", dir + "/mine", "-q"});
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, ContainsSubstring("refusing to replace " + dir + "/mine: it is not empty and holds no "
                                              "previous report (use --force to replace it)"));
    CHECK(read_file(dir + "/mine/notes.txt") == "keep me");
    auto forced = run_dealgraph({"report", fixture("tiny.json"), "--out", dir + "/mine", "-q", "--force"});
    CHECK(forced.exit_code == 0);
    CHECK_FALSE(fs::exists(dir + "/mine/notes.txt"));
    // Nothing half-written is left beside it.
    for (const auto& e : fs::directory_iterator(dir)) {
        INFO(e.path());
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
        CHECK(e.path().filename().string().find(".old-") == std::string::npos);
    }
    auto missing = run_dealgraph({"report", fixture("tiny.json"), "--out", dir + "/no/such/r", "-q"});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, ContainsSubstring("folder " + dir + "/no/such does not exist"));
}

TEST_CASE("report --map-top caps every map", "[report]") {
    auto dir = temp_dir("report-map-top");
    auto r = run_dealgraph({"report", std::string(DEALGRAPH_SOURCE_DIR) + "/data/ai-deals.json", "--out",
                            dir + "/r", "-q", "--map-top", "20"});
    REQUIRE(r.exit_code == 0);
    auto eco = read_file(dir + "/r/maps/ecosystem.dot");
    CHECK_THAT(eco, ContainsSubstring("nodes: the investors with the highest PageRank"));
    auto ego = read_file(dir + "/r/maps/ego.dot");
    CHECK_THAT(ego, ContainsSubstring("20 of its"));
    auto conc = read_file(dir + "/r/maps/concentration.dot");
    CHECK_THAT(conc, ContainsSubstring("the investors with the most capital"));
    auto co = read_file(dir + "/r/maps/coinvestors.dot");
    CHECK_THAT(co, ContainsSubstring("the 20 investors with the highest PageRank"));
}
