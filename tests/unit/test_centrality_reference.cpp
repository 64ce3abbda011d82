// Centrality and projections against NetworkX on seeded random deal fixtures.
// The values come from scripts/reference/centrality_reference.py (NetworkX 2.8.8),
// committed under tests/reference/centrality/. Tolerance: 1e-9 relative for exact
// measures, 1e-6 for iterative ones.

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/graph/projection.hpp"
#include "dealgraph/ingest/load.hpp"
#include "support/run.hpp"

using namespace dealgraph;
using Catch::Approx;
using nlohmann::json;

namespace {

std::string ref_dir() { return std::string(DEALGRAPH_SOURCE_DIR) + "/tests/reference/centrality/"; }

// "i:inv007" / "s:co023" -> node index.
std::uint32_t node_of(const BipartiteGraph& g, const std::string& key) {
    auto n = g.find(key[0] == 'i' ? Side::investor : Side::startup, key.substr(2));
    REQUIRE(n);
    return *n;
}

void compare(const json& want, const std::vector<double>& got, const BipartiteGraph& g, std::uint32_t offset,
             double eps, const char* what) {
    REQUIRE(want.size() == got.size());
    for (auto it = want.begin(); it != want.end(); ++it) {
        std::uint32_t v = node_of(g, it.key()) - offset;
        INFO(what << " " << it.key());
        CHECK(got[v] == Approx(it.value().get<double>()).epsilon(eps).margin(eps * 1e-3));
    }
}

struct Fixture {
    Dataset data;
    BipartiteGraph graph;
    json ref;
};

Fixture load(const std::string& name) {
    Diagnostics diag;
    Dataset data = load_files({ref_dir() + name + ".csv"}, {}, diag);
    REQUIRE_FALSE(diag.has_errors());
    auto g = BipartiteGraph::build(data, {});
    return {std::move(data), std::move(g), json::parse(test::read_file(ref_dir() + name + ".json"))};
}

}  // namespace

TEST_CASE("bipartite centrality matches NetworkX", "[centrality][reference]") {
    for (const char* name : {"random-a", "random-b"}) {
        INFO(name);
        auto f = load(name);
        const auto& g = f.graph;
        const json& b = f.ref["bipartite"];
        REQUIRE(g.nodes() == f.ref["nodes"].get<std::uint32_t>());
        REQUIRE(g.edges() == f.ref["edges"].get<std::uint32_t>());
        auto m = shortest_path_measures(g.view());
        compare(b["betweenness"], m.betweenness, g, 0, 1e-9, "betweenness");
        compare(b["closeness"], m.closeness, g, 0, 1e-9, "closeness");
        compare(b["harmonic"], m.harmonic, g, 0, 1e-9, "harmonic");
        ShortestPathOptions o;
        o.closeness = false;
        o.normalization = BetweennessNormalization::standard;
        compare(b["betweenness_standard"], shortest_path_measures(g.view(), o).betweenness, g, 0, 1e-9,
                "betweenness standard");
        o.normalization = BetweennessNormalization::bipartite;
        o.bipartite_split = g.investors();
        compare(b["betweenness_bipartite"], shortest_path_measures(g.view(), o).betweenness, g, 0, 1e-9,
                "betweenness bipartite");
        compare(b["degree"], degree(g.view()), g, 0, 1e-12, "degree");
        compare(b["pagerank"], pagerank(g.view()), g, 0, 1e-6, "pagerank");
        std::vector<double> w;
        compare(b["pagerank_capital"], pagerank(g.view(EdgeWeight::capital, w)), g, 0, 1e-6, "pagerank capital");
        compare(b["eigenvector"], eigenvector(g.view()), g, 0, 1e-6, "eigenvector");
        auto h = hits(g.view(), g.investors());
        compare(b["hub"], h.hub, g, 0, 1e-6, "hub");
        compare(b["authority"], h.authority, g, 0, 1e-6, "authority");
    }
}

TEST_CASE("projections match NetworkX edge lists for every weight", "[projection][reference]") {
    for (const char* name : {"random-a", "random-b"}) {
        auto f = load(name);
        const auto& g = f.graph;
        for (auto [side, label] : {std::pair{Side::investor, "investors"}, std::pair{Side::startup, "startups"}}) {
            for (const char* weight : {"shared", "deals", "newman", "jaccard", "capital"}) {
                INFO(name << " " << label << " " << weight);
                ProjectionOptions o;
                o.side = side;
                o.weight = parse_projection_weight(weight);
                auto p = project(g, o);
                std::uint32_t offset = side == Side::investor ? 0 : g.investors();
                std::map<std::pair<std::uint32_t, std::uint32_t>, double> want;
                for (const auto& e : f.ref[label]["edges"][weight]) {
                    auto a = node_of(g, e[0]) - offset, b = node_of(g, e[1]) - offset;
                    want[{std::min(a, b), std::max(a, b)}] = e[2].get<double>();
                }
                REQUIRE(p.edges() == want.size());
                for (const auto& e : p.edge_list()) {
                    auto it = want.find({e.a, e.b});
                    REQUIRE(it != want.end());
                    CHECK(e.weight == Approx(it->second).epsilon(1e-12));
                }
            }
        }
    }
}

TEST_CASE("centrality on the projections matches NetworkX", "[centrality][projection][reference]") {
    for (const char* name : {"random-a", "random-b"}) {
        auto f = load(name);
        const auto& g = f.graph;
        for (auto [side, label] : {std::pair{Side::investor, "investors"}, std::pair{Side::startup, "startups"}}) {
            INFO(name << " " << label);
            ProjectionOptions o;
            o.side = side;
            auto p = project(g, o);
            std::uint32_t offset = side == Side::investor ? 0 : g.investors();
            const json& m = f.ref[label]["measures"];
            CsrView topo = p.view();
            topo.weights = {};
            auto sp = shortest_path_measures(topo);
            compare(m["betweenness"], sp.betweenness, g, offset, 1e-9, "betweenness");
            compare(m["closeness"], sp.closeness, g, offset, 1e-9, "closeness");
            compare(m["harmonic"], sp.harmonic, g, offset, 1e-9, "harmonic");
            compare(m["degree"], degree(topo), g, offset, 1e-12, "degree");
            compare(m["strength"], strength(p.view()), g, offset, 1e-12, "strength");
            compare(m["pagerank"], pagerank(p.view()), g, offset, 1e-6, "pagerank");
            compare(m["eigenvector"], eigenvector(p.view()), g, offset, 1e-6, "eigenvector");
            auto core = core_numbers(topo);
            compare(m["core"], std::vector<double>(core.begin(), core.end()), g, offset, 1e-12, "core");
        }
    }
}
