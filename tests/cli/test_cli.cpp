// The command line as a user runs it: the built binary, its exit code and output.

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <nlohmann/json.hpp>

#include "support/run.hpp"

using dealgraph::test::fixture;
using dealgraph::test::run_dealgraph;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;

TEST_CASE("--help lists the commands and --version the version", "[cli]") {
    auto h = run_dealgraph({"--help"});
    CHECK(h.exit_code == 0);
    CHECK_THAT(h.out, ContainsSubstring("summary"));
    CHECK_THAT(h.out, ContainsSubstring("validate"));
    CHECK_THAT(h.out, ContainsSubstring("convert"));
    auto v = run_dealgraph({"--version"});
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, StartsWith("dealgraph 0."));
    for (const char* cmd : {"summary", "validate", "convert"}) {
        auto c = run_dealgraph({cmd, "--help"});
        INFO(cmd);
        CHECK(c.exit_code == 0);
        CHECK_THAT(c.out, ContainsSubstring("Example:"));
    }
    auto none = run_dealgraph({});
    CHECK(none.exit_code == 1);
}

TEST_CASE("summary --output json has the documented keys and values", "[cli]") {
    auto r = run_dealgraph({"summary", fixture("tiny.json"), "--output", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"investors", "startups", "deals", "participations", "edges", "components",
                            "giant_component", "capital_usd", "date_from", "date_to", "by_status", "by_type",
                            "by_sector"})
        CHECK(j.contains(key));
    CHECK(j["investors"] == 3);
    CHECK(j["edges"] == 6);
    CHECK(j["participations"] == 7);
    CHECK(j["capital_usd"] == 685000000.0);
    CHECK(j["by_status"]["rejected"] == 1);
}

TEST_CASE("summary filters: --rollup, --status, --from/--to, --as-of, --attribution", "[cli]") {
    auto json_of = [](std::vector<std::string> args) {
        args.insert(args.begin(), {"summary", fixture("tiny.json"), "--output", "json"});
        auto r = run_dealgraph(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out);
    };
    CHECK(json_of({"--rollup"})["edges"] == 5);
    CHECK(json_of({"--status", "closed,announced,rejected"})["capital_usd"] == 1185000000.0);
    CHECK(json_of({"--status", "closed"})["deals"] == 3);
    CHECK(json_of({"--from", "2023-03", "--to", "2023-06"})["deals"] == 2);
    CHECK(json_of({"--as-of", "2023-06"})["deals"] == 3);  // d1, d3, d4
    CHECK(json_of({"--attribution", "lead=0.8"})["capital_usd"] == 685000000.0);
}

TEST_CASE("summary renders as a table, CSV and Markdown", "[cli]") {
    auto t = run_dealgraph({"summary", fixture("tiny.json"), "--output", "table"});
    CHECK(t.exit_code == 0);
    CHECK_THAT(t.out, StartsWith("tiny fixture\ncounted: statuses closed,announced, no roll-up, attribution equal"));
    CHECK_THAT(t.out, Catch::Matchers::Matches("(.|\n)*\ncapital_usd +\\$685\\.0M\n(.|\n)*"));
    auto c = run_dealgraph({"summary", fixture("tiny.json"), "--output", "csv"});
    CHECK_THAT(c.out, StartsWith("measure,value\ninvestors,3\n"));
    CHECK_THAT(c.out, ContainsSubstring("capital_usd,685000000\n"));
    auto m = run_dealgraph({"summary", fixture("tiny.json"), "--output", "md"});
    CHECK_THAT(m.out, StartsWith("| measure | value |\n|---|---:|\n| investors | 3 |"));
}

TEST_CASE("output is byte-identical across runs", "[cli]") {
    for (const char* fmt : {"json", "csv", "table"}) {
        auto a = run_dealgraph({"summary", fixture("tiny.json"), "--output", fmt});
        auto b = run_dealgraph({"summary", fixture("tiny.json"), "--output", fmt});
        CHECK(a.out == b.out);
    }
}

TEST_CASE("validate reports a valid file with counts", "[cli]") {
    auto r = run_dealgraph({"validate", fixture("tiny.json")});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "valid: 6 entities, 5 deals, 8 participations, 1 ties; 0 errors, 0 warnings\n");
}

TEST_CASE("reading from standard input with -", "[cli]") {
    auto r = run_dealgraph({"summary", "-", "--output", "json"}, "startup,investor\nA,X\nB,X\n");
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["edges"] == 2);
}

TEST_CASE("convert JSON to CSV and back keeps the graph", "[cli]") {
    auto dir = dealgraph::test::temp_dir("convert");
    auto r1 = run_dealgraph({"convert", fixture("tiny.json"), "-o", dir + "/t.csv"});
    INFO(r1.err);
    REQUIRE(r1.exit_code == 0);
    CHECK_THAT(r1.err, ContainsSubstring("CSV cannot hold 1 ties; dropped"));
    auto r2 = run_dealgraph({"convert", dir + "/t.csv", "-o", dir + "/t.json"});
    INFO(r2.err);
    REQUIRE(r2.exit_code == 0);
    auto s1 = nlohmann::json::parse(run_dealgraph({"summary", fixture("tiny.json"), "--output", "json"}).out);
    auto s2 = nlohmann::json::parse(run_dealgraph({"summary", dir + "/t.json", "--output", "json"}).out);
    for (const char* k : {"investors", "startups", "deals", "participations", "edges", "capital_usd", "date_from",
                          "date_to", "by_status"})
        CHECK(s1[k] == s2[k]);
    // Converting the JSON again gives the same bytes: the writer is deterministic.
    auto r3 = run_dealgraph({"convert", dir + "/t.json", "-o", dir + "/t2.json"});
    REQUIRE(r3.exit_code == 0);
    CHECK(dealgraph::test::read_file(dir + "/t.json") == dealgraph::test::read_file(dir + "/t2.json"));
}

TEST_CASE("long steps show a progress line on a terminal, and nothing elsewhere", "[cli][progress]") {
    // 50,000 generated rows: five Leiden runs on their investor projection take well over
    // the 200 ms between two updates of the line on any machine.
    std::string dir = dealgraph::test::temp_dir("progress");
    std::string data = dir + "/deals.csv", out = dir + "/clusters.json";
    REQUIRE(run_dealgraph({"generate", "--rows", "50000", "--seed", "3", "-o", data}).exit_code == 0);
    auto r = dealgraph::test::run_dealgraph_on_terminal({"clusters", data, "--only", "communities", "-o", out},
                                                        {"DEALGRAPH_PROGRESS_AFTER=0"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, ContainsSubstring("\r\033[Kfinding clusters ("));
    // How far the step has got, redrawn as each of the five Leiden runs ends (the fifth
    // runs alone after the first four, so the line shows at least one count).
    CHECK_THAT(r.err, ContainsSubstring(" of 5 Leiden runs done ("));
    // The line is cleared before the command ends: the terminal is left as it was.
    CHECK_THAT(r.err, Catch::Matchers::EndsWith("\r\033[K"));
    CHECK(nlohmann::json::parse(dealgraph::test::read_file(out)).contains("communities"));
    // Not a terminal (a pipe, a file, CI): no progress line at all.
    auto piped = run_dealgraph({"clusters", data, "--only", "communities", "-q", "-o", out});
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find('\r') == std::string::npos);
}
