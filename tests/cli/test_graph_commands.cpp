// centrality, project and ego as a user runs them, on tests/fixtures/tiny.json
// (drawn and worked out in tests/fixtures/README.md).

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
json run_json(std::vector<std::string> args) {
    args.push_back("--output");
    args.push_back("json");
    auto r = run_dealgraph(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}
}  // namespace

TEST_CASE("centrality of the tiny fixture's bipartite graph", "[cli][centrality]") {
    // Edges: lux-hf, lux-adept, nvidia-hf, nvidia-adept, nventures-hf, nventures-cohere.
    //   cohere - nventures - hf - lux - adept
    //                        |  \      /
    //                        |   nvidia
    // Degrees: hf 3, lux 2, nvidia 2, nventures 2, adept 2, cohere 1.
    // Betweenness (pairs once): nventures is on every path from cohere to the other 4: 4.
    // hf: pairs {nventures, lux}, {nventures, nvidia}, {cohere, lux}, {cohere, nvidia} fully (4),
    // {nventures, adept} and {cohere, adept}: paths via lux or nvidia, all through hf (2),
    // {lux, nvidia}: two paths, via hf or adept: 1/2. Total 6.5.
    auto j = run_json({"centrality", fixture("tiny.json"), "--measures", "betweenness,degree"});
    CHECK(j["graph"] == "bipartite");
    CHECK(j["total_nodes"] == 6);
    auto nodes = j["nodes"];
    REQUIRE(nodes.size() == 6);
    CHECK(nodes[0]["id"] == "hf");
    CHECK(nodes[0]["betweenness"] == 6.5);
    CHECK(nodes[0]["degree"] == 3);
    CHECK(nodes[1]["id"] == "nventures");
    CHECK(nodes[1]["betweenness"] == 4.0);
    // lux and nvidia tie (1/2 for {hf, adept}... : {hf, adept} has 2 paths, one via each:
    // 1/2 each; plus {adept, nventures} and {adept, cohere} split between them: 1/2 + 1/2 each.
    // Total 1.5 each; ties are broken by id: lux before nvidia.
    CHECK(nodes[2]["id"] == "lux");
    CHECK(nodes[2]["betweenness"] == 1.5);
    CHECK(nodes[3]["id"] == "nvidia");
    CHECK(nodes[3]["betweenness"] == 1.5);
    CHECK(nodes[0].size() == 5);  // id, name, side and the two measures asked for
}

TEST_CASE("centrality on the investor projection, strength by shared startups", "[cli][centrality]") {
    // Investor projection (shared): lux-nvidia 2 (hf, adept), lux-nventures 1 (hf),
    // nventures-nvidia 1 (hf). Strength: lux 3, nvidia 3, nventures 2.
    auto j = run_json({"centrality", fixture("tiny.json"), "--graph", "investors", "--measures", "strength,degree"});
    auto nodes = j["nodes"];
    REQUIRE(nodes.size() == 3);
    CHECK(nodes[0]["id"] == "lux");
    CHECK(nodes[0]["strength"] == 3);
    CHECK(nodes[1]["id"] == "nvidia");
    CHECK(nodes[2]["id"] == "nventures");
    CHECK(nodes[2]["strength"] == 2);
    CHECK(nodes[2]["degree"] == 2);
}

TEST_CASE("normalisations and PageRank sum through the command line", "[cli][centrality]") {
    auto j = run_json({"centrality", fixture("tiny.json"), "--measures", "pagerank,betweenness", "--normalize",
                       "standard"});
    double sum = 0;
    for (const auto& n : j["nodes"]) sum += n["pagerank"].get<double>();
    CHECK(sum == Approx(1).epsilon(1e-12));
    // hf: 6.5 / ((6-1)(6-2)/2) = 6.5 / 10.
    for (const auto& n : j["nodes"])
        if (n["id"] == "hf") CHECK(n["betweenness"] == Approx(0.65).epsilon(1e-12));
    auto bad = run_dealgraph({"centrality", fixture("tiny.json"), "--graph", "investors", "--measures", "hub"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, ContainsSubstring("hub and authority are defined on the bipartite graph only"));
    auto bad2 = run_dealgraph({"centrality", fixture("tiny.json"), "--measures", "fame"});
    CHECK(bad2.exit_code == 1);
    CHECK_THAT(bad2.err, ContainsSubstring("\"fame\" is not a measure; expected a comma-separated list of degree"));
}

TEST_CASE("project writes the weighted edge list", "[cli][projection]") {
    auto j = run_json({"project", fixture("tiny.json"), "--side", "investors", "--weight", "capital"});
    // capital: lux-nvidia: hf min(200M, 100M) + adept min(175M, 175M) = 275M;
    // lux-nventures: hf min(200M, 35M) = 35M; nventures-nvidia: hf min(35M, 100M) = 35M.
    auto e = j["edges"];
    REQUIRE(e.size() == 3);
    CHECK(e[0] == json({{"source", "lux"}, {"target", "nvidia"}, {"weight", 275e6}}));
    CHECK(e[1] == json({{"source", "lux"}, {"target", "nventures"}, {"weight", 35e6}}));
    CHECK(e[2] == json({{"source", "nventures"}, {"target", "nvidia"}, {"weight", 35e6}}));
    auto csv = run_dealgraph({"project", fixture("tiny.json"), "--side", "startups", "--output", "csv"});
    // Startups: adept-hf share lux and nvidia (2); cohere-hf share nventures (1).
    CHECK(csv.out ==
          "source,target,weight,source_name,target_name\n"
          "adept,hf,2,Adept,Hugging Face\n"
          "cohere,hf,1,Cohere,Hugging Face\n");
    auto min = run_json({"project", fixture("tiny.json"), "--min-weight", "2"});
    CHECK(min["edges"].size() == 1);
}

TEST_CASE("ego network around a startup", "[cli][ego]") {
    // Depth 1 around hf: hf and its three investors. Depth 2 adds adept and cohere.
    auto j1 = run_json({"ego", fixture("tiny.json"), "--around", "hf", "--depth", "1"});
    CHECK(j1["total_nodes"] == 4);
    CHECK(j1["nodes"][0]["id"] == "hf");
    CHECK(j1["nodes"][0]["distance"] == 0);
    CHECK(j1["nodes"][0]["betweenness"] == 3.0);  // star centre with 3 leaves
    CHECK(j1["edges"].size() == 3);
    auto j2 = run_json({"ego", fixture("tiny.json"), "--around", "Hugging Face"});
    CHECK(j2["center"]["id"] == "hf");
    CHECK(j2["total_nodes"] == 6);
    CHECK(j2["edges"].size() == 6);
    auto bad = run_dealgraph({"ego", fixture("tiny.json"), "--around", "hugingface"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, ContainsSubstring("--around hugingface: no startup or investor with this id or name in the "
                                          "counted deals; did you mean hf?"));
}

TEST_CASE("graph commands write files atomically and pick the format from the name", "[cli]") {
    auto dir = dealgraph::test::temp_dir("graph-out");
    auto r = run_dealgraph({"centrality", fixture("tiny.json"), "-o", dir + "/c.csv"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(dealgraph::test::read_file(dir + "/c.csv"), Catch::Matchers::StartsWith("rank,id,name,side,degree"));
    auto bad = run_dealgraph({"centrality", fixture("tiny.json"), "-o", dir + "/no/such/c.csv"});
    CHECK(bad.exit_code == 3);
    CHECK_THAT(bad.err, ContainsSubstring("no/such/c.csv"));
}

TEST_CASE("centrality writes every node as one JSON value would print, and a CSV row per node", "[cli][centrality]") {
    // The nodes are written one by one, not built as one JSON value first: the file must
    // be byte for byte what nlohmann's dump(2) prints for the value it parses to.
    for (const char* graph : {"bipartite", "investors"}) {
        CAPTURE(graph);
        auto r = run_dealgraph({"centrality", fixture("tiny.json"), "--graph", graph, "--output", "json", "--top", "0"});
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::ordered_json::parse(r.out);
        CHECK(j["nodes"].size() == j["total_nodes"].get<std::size_t>());
        CHECK(j["nodes"].size() == (std::string(graph) == "bipartite" ? 6u : 3u));
        CHECK(r.out == j.dump(2) + "\n");
    }
    // No node: "nodes": [] as dump(2) prints it.
    auto none = run_dealgraph({"centrality", fixture("tiny.json"), "--from", "2090-01-01", "--output", "json"});
    REQUIRE(none.exit_code == 0);
    CHECK_THAT(none.out, ContainsSubstring("\"nodes\": []\n}\n"));
    CHECK(none.out == nlohmann::ordered_json::parse(none.out).dump(2) + "\n");
    // CSV: the header and a row per node, ranked, every digit (adept: half of the pair
    // {lux, nvidia}, whose two paths go through hf and adept).
    auto csv = run_dealgraph({"centrality", fixture("tiny.json"), "--measures", "betweenness,degree", "--output", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out ==
          "rank,id,name,side,betweenness,degree\n"
          "1,hf,Hugging Face,startup,6.5,3\n"
          "2,nventures,NVentures,investor,4,2\n"
          "3,lux,Lux Capital,investor,1.5,2\n"
          "4,nvidia,Nvidia,investor,1.5,2\n"
          "5,adept,Adept,startup,0.5,2\n"
          "6,cohere,Cohere,startup,0,1\n");
}

TEST_CASE("project writes the network as DOT", "[cli][projection]") {
    auto r = run_dealgraph({"project", fixture("tiny.json"), "--output", "dot"});
    REQUIRE(r.exit_code == 0);
    // lux-nvidia share hf and adept: weight 2, the widest line; the others weight 1.
    CHECK_THAT(r.out, Catch::Matchers::StartsWith("graph investors_shared {"));
    CHECK_THAT(r.out, ContainsSubstring("lux -- nvidia\t[penwidth=5.00,\n\t\tweight=2];"));
    CHECK_THAT(r.out, ContainsSubstring("nventures -- nvidia\t[penwidth=2.75,\n\t\tweight=1];"));
    CHECK_THAT(r.out, ContainsSubstring("lux\t[label=\"Lux Capital\"];"));
    CHECK(r.out == run_dealgraph({"project", fixture("tiny.json"), "--output", "dot"}).out);
}
