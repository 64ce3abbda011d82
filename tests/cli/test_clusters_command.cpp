// `dealgraph clusters` as a user runs it.

#include <algorithm>
#include <map>
#include <string>
#include <vector>
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <nlohmann/json.hpp>

#include "support/run.hpp"

using dealgraph::test::run_dealgraph;
using dealgraph::test::temp_dir;
using dealgraph::test::write_file;
using Catch::Matchers::ContainsSubstring;
using nlohmann::json;

namespace {
// Two blocs: investors a, b, c all back s1, s2 (a syndicate of 3 on 2 startups);
// d, e back t1, t2 together; c also backs t1, bridging the blocs.
//   projection (shared): a-b 2, a-c 2, b-c 2 (triangle), d-e 2, c-d 1, c-e 1.
//   core numbers: a, b, c, d, e: 2 (every node has >= 2 neighbours in the whole
//   projection; no 3-core since d and e have degree 2).
const char* blocs =
    "startup,investor\n"
    "s1,a\ns1,b\ns1,c\ns2,a\ns2,b\ns2,c\n"
    "t1,d\nt1,e\nt1,c\nt2,d\nt2,e\n";
}  // namespace

TEST_CASE("clusters finds the blocs, the syndicate and the cores", "[cli][clusters]") {
    auto dir = temp_dir("clusters");
    auto f = write_file(dir, "blocs.csv", blocs);
    auto r = run_dealgraph({"clusters", f, "--output", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    // Leiden: {a, b, c} and {d, e}.
    REQUIRE(j["communities"].size() == 2);
    CHECK(j["communities"][0]["members"] == json({"a", "b", "c"}));
    CHECK(j["communities"][1]["members"] == json({"d", "e"}));
    // Q by hand: total weight m = 2+2+2+2+1+1 = 10; strengths a 4, b 4, c 6, d 3, e 3.
    // Q = sum over communities of (internal weight / m - (strength / 2m)^2):
    // {a,b,c}: 6/10 - (14/20)^2 = 0.6 - 0.49 = 0.11; {d,e}: 2/10 - (6/20)^2 = 0.2 - 0.09 = 0.11.
    CHECK(j["modularity"].get<double>() == Catch::Approx(0.22).epsilon(1e-12));
    REQUIRE(j["syndicates"].size() == 1);
    CHECK(j["syndicates"][0]["investors"] == json({"a", "b", "c"}));
    CHECK(j["syndicates"][0]["startups"] == json({"s1", "s2"}));
    CHECK(j["syndicates_truncated"] == false);
    CHECK(j["kcore"] == json({{"a", 2}, {"b", 2}, {"c", 2}, {"d", 2}, {"e", 2}}));
    CHECK(j["components"]["bipartite"].size() == 1);
    CHECK(j["components"]["bipartite"][0]["size"] == 9);

    // Two investors make a syndicate only when asked for groups of two.
    auto two = json::parse(run_dealgraph({"clusters", f, "--only", "syndicates", "--min-investors", "2",
                                          "--output", "json"}).out);
    CHECK(two["syndicates"].size() == 2);
    CHECK(two["syndicates"][1]["investors"] == json({"d", "e"}));
    CHECK_FALSE(two.contains("communities"));

    auto csv = run_dealgraph({"clusters", f, "--only", "syndicates", "--output", "csv"});
    CHECK(csv.out == "rank,investors,startups\n1,a;b;c,s1;s2\n");
}

TEST_CASE("clusters says when a bound cut the syndicate list", "[cli][clusters]") {
    auto dir = temp_dir("clusters-limit");
    auto f = write_file(dir, "blocs.csv", blocs);
    auto j = json::parse(run_dealgraph({"clusters", f, "--min-investors", "2", "--limit", "1", "--output", "json"}).out);
    CHECK(j["syndicates"].size() == 1);
    CHECK(j["syndicates_truncated"] == true);
    CHECK(j["syndicates_truncation"] == "showing 1 of 2; raise --limit");
    auto t = run_dealgraph({"clusters", f, "--min-investors", "2", "--limit", "1", "--output", "table"});
    CHECK_THAT(t.out, ContainsSubstring("syndicates: 2 found (>= 2 investors sharing >= 2 startups); showing 1 of 2; "
                                        "raise --limit"));
}

TEST_CASE("the AI data's syndicates include Big Tech around Hugging Face", "[cli][clusters]") {
    auto r = run_dealgraph({"clusters", std::string(DEALGRAPH_SOURCE_DIR) + "/data/ai-deals.json", "--rollup",
                            "--only", "syndicates", "--limit", "0", "--output", "json"});
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    bool found = false;
    for (const auto& s : j["syndicates"]) {
        auto inv = s["investors"].get<std::vector<std::string>>();
        auto st = s["startups"].get<std::vector<std::string>>();
        auto has = [](const std::vector<std::string>& v, const char* x) {
            return std::find(v.begin(), v.end(), x) != v.end();
        };
        found = found || (has(inv, "alphabet") && has(inv, "amazon") && has(inv, "nvidia") && has(st, "hugging-face"));
    }
    CHECK(found);
}

TEST_CASE("clusters --only X gives the same X as the full run, and nothing else", "[cli][clusters]") {
    auto dir = temp_dir("clusters-only");
    auto f = write_file(dir, "blocs.csv", blocs);
    auto full = json::parse(run_dealgraph({"clusters", f, "--min-investors", "2", "--output", "json"}).out);
    CHECK(full["options"]["best_seed"] == 42);
    const std::map<std::string, std::vector<std::string>> keys{
        {"components", {"components"}},
        {"communities", {"communities", "modularity"}},
        {"kcore", {"kcore"}},
        {"syndicates", {"syndicates", "syndicates_found", "syndicates_truncated"}}};
    for (const auto& [part, own] : keys) {
        INFO("--only " << part);
        auto r = run_dealgraph({"clusters", f, "--min-investors", "2", "--only", part, "--output", "json"});
        REQUIRE(r.exit_code == 0);
        auto j = json::parse(r.out);
        for (const auto& k : own) CHECK(j[k] == full[k]);
        for (const auto& [other, other_keys] : keys)
            if (other != part)
                for (const auto& k : other_keys) CHECK_FALSE(j.contains(k));
        // The kept Leiden seed is reported only when Leiden ran.
        CHECK(j["options"].contains("best_seed") == (part == "communities"));
        CHECK(j["graph"] == full["graph"]);
    }
    // CSV: the core table (core, community, component) for kcore and components alike.
    auto kcore = run_dealgraph({"clusters", f, "--only", "kcore", "--output", "csv"});
    auto comps = run_dealgraph({"clusters", f, "--only", "components", "--output", "csv"});
    CHECK(kcore.out == comps.out);
    CHECK(kcore.out == "id,name,core,community,component\na,a,2,0,0\nb,b,2,0,0\nc,c,2,0,0\nd,d,2,1,0\ne,e,2,1,0\n");
    // Table: one section per part asked for.
    auto t = run_dealgraph({"clusters", f, "--only", "kcore", "--output", "table"});
    CHECK_THAT(t.out, ContainsSubstring("k-core: the innermost core is the 2-core, 5 nodes"));
    CHECK_THAT(t.out, !ContainsSubstring("communities of the"));
    CHECK_THAT(t.out, !ContainsSubstring("syndicates:"));
}

TEST_CASE("clusters --iterations stops Leiden after N iterations and says so", "[clusters]") {
    auto data = std::string(DEALGRAPH_SOURCE_DIR) + "/data/ai-deals.json";
    auto one = dealgraph::test::run_dealgraph({"clusters", data, "--only", "communities", "--iterations", "1",
                                               "--output", "json", "-q"});
    REQUIRE(one.exit_code == 0);
    auto j = nlohmann::json::parse(one.out);
    CHECK(j["options"]["iterations"] == 1);
    CHECK(j["modularity"].get<double>() > 0.1);
    auto until = dealgraph::test::run_dealgraph({"clusters", data, "--only", "communities", "--output", "json", "-q"});
    REQUIRE(until.exit_code == 0);
    auto k = nlohmann::json::parse(until.out);
    CHECK(k["options"]["iterations"] == 0);
    // Iterating until stable never ends below one iteration's modularity.
    CHECK(k["modularity"].get<double>() >= j["modularity"].get<double>() - 1e-12);
    auto bad = dealgraph::test::run_dealgraph({"clusters", data, "--iterations", "-1"});
    CHECK(bad.exit_code == 1);
}
