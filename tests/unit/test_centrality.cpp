// Centrality on small shapes whose values are worked out by hand in the comments.

#include <algorithm>
#include <catch2/catch_approx.hpp>
#include <cmath>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_exception.hpp>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/graph/weighted_graph.hpp"

using namespace dealgraph;
using Catch::Approx;

namespace {
WeightedGraph graph(std::uint32_t n, std::vector<WeightedEdge> e) { return WeightedGraph(n, std::move(e)); }
std::vector<double> approx_vec(const std::vector<double>& v) { return v; }
void check(const std::vector<double>& got, const std::vector<double>& want, double eps = 1e-12) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("node " << i);
        CHECK(got[i] == Approx(want[i]).margin(eps));
    }
}
}  // namespace

TEST_CASE("path a - b - c: the middle node brokers the one pair", "[centrality]") {
    // Pairs: {a,c} passes through b: betweenness b = 1, a = c = 0.
    // Distances from a: 1, 2 -> closeness 2/3, harmonic 1.5; from b: 1, 1 -> 1, 2.
    auto g = graph(3, {{0, 1}, {1, 2}});
    auto m = shortest_path_measures(g.view());
    check(m.betweenness, {0, 1, 0});
    check(m.closeness, {2.0 / 3, 1, 2.0 / 3});
    check(m.harmonic, {1.5, 2, 1.5});
    ShortestPathOptions std_norm;
    std_norm.normalization = BetweennessNormalization::standard;
    // Divided by (n-1)(n-2)/2 = 1.
    check(shortest_path_measures(g.view(), std_norm).betweenness, {0, 1, 0});
    check(degree(g.view()), {1, 2, 1});
    // PageRank of a path (solve x = 0.05 + 0.85 * A D^-1 x): ends (1+0.85/2... ) by
    // symmetry x_a = x_c = e, x_b = m with m = 0.05 + 0.85 * 2e and e = 0.05 + 0.85 * m/2;
    // e = 0.05 + 0.425 (0.05 + 1.7 e) -> e (1 - 0.7225) = 0.07125 -> e = 0.256756..., m = 1 - 2e.
    double e = 0.07125 / 0.2775;
    check(pagerank(g.view()), {e, 1 - 2 * e, e}, 1e-9);
    // Eigenvector of the path P3: (1, sqrt 2, 1) / 2.
    check(eigenvector(g.view()), {0.5, std::sqrt(2.0) / 2, 0.5}, 1e-9);
    CHECK(core_numbers(g.view()) == std::vector<std::uint32_t>{1, 1, 1});
}

TEST_CASE("star with centre 0 and 4 leaves", "[centrality]") {
    // Centre on all 6 leaf pairs: 6. Leaves 0. Standard: 6 / (4*3/2) = 1.
    auto g = graph(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
    auto m = shortest_path_measures(g.view());
    check(m.betweenness, {6, 0, 0, 0, 0});
    // Leaf: distance 1 to centre, 2 to three leaves: closeness 4/7, harmonic 1 + 3/2.
    check(m.closeness, {1, 4.0 / 7, 4.0 / 7, 4.0 / 7, 4.0 / 7});
    check(m.harmonic, {4, 2.5, 2.5, 2.5, 2.5});
    ShortestPathOptions o;
    o.normalization = BetweennessNormalization::standard;
    check(shortest_path_measures(g.view(), o).betweenness, {1, 0, 0, 0, 0});
    // Eigenvector of a star K(1,4): centre sqrt(4) times a leaf; unit norm:
    // c^2 + 4 l^2 = 1, c = 2 l -> l = 1/sqrt(8), c = 2/sqrt(8).
    check(eigenvector(g.view()), {2 / std::sqrt(8.0), 1 / std::sqrt(8.0), 1 / std::sqrt(8.0), 1 / std::sqrt(8.0),
                                  1 / std::sqrt(8.0)},
          1e-9);
}

TEST_CASE("K(2,3): investors 0,1 each back startups 2,3,4", "[centrality]") {
    auto g = graph(5, {{0, 2}, {0, 3}, {0, 4}, {1, 2}, {1, 3}, {1, 4}});
    // Pairs of startups (3 pairs) each have 2 shortest paths, one through each investor:
    // each investor gets 3 * 1/2 = 1.5. The investor pair {0,1} has 3 paths, one through
    // each startup: each startup gets 1/3.
    auto m = shortest_path_measures(g.view());
    check(m.betweenness, {1.5, 1.5, 1.0 / 3, 1.0 / 3, 1.0 / 3});
    // Borgatti-Everett: investors n=2 facing m=3: s = 1 div 3 = 0, t = 1;
    // max = (9*1 + 3*1*(2-0-1) - 1*(0-1+3)) / 2 = (9 + 3 - 2) / 2 = 5 -> 1.5 / 5 = 0.3.
    // Startups n=3 facing m=2: s = 2 div 2 = 1, t = 0; max = (4*4 + 2*2*(0-1-1) - 0) / 2 = 4
    // -> (1/3) / 4 = 1/12.
    ShortestPathOptions o;
    o.normalization = BetweennessNormalization::bipartite;
    o.bipartite_split = 2;
    check(shortest_path_measures(g.view(), o).betweenness, {0.3, 0.3, 1.0 / 12, 1.0 / 12, 1.0 / 12});
    // HITS: every investor is an equal hub, every startup an equal authority.
    auto h = hits(g.view(), 2);
    check(h.hub, {0.5, 0.5, 0, 0, 0}, 1e-12);
    check(h.authority, {0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-12);
    // Core numbers: every node has degree >= 2 inside K(2,3): the 2-core is everything.
    auto core = core_numbers(g.view());
    CHECK(core == std::vector<std::uint32_t>{2, 2, 2, 2, 2});
}

TEST_CASE("two stars joined by one startup", "[centrality]") {
    // Investor A (0) backs s1 (2), s2 (3), shared (4); investor B (1) backs shared (4), t1 (5).
    //   s1 - A - shared - B - t1
    //   s2 /
    // shared lies on every path between {A, s1, s2} and {B, t1}: 3 * 2 = 6 pairs.
    // A lies on pairs among {s1, s2, shared-side...}: {s1,s2}, and {s1|s2} x {shared, B, t1}: 1 + 6 = 7.
    // B lies on {t1} x {shared, A, s1, s2}: 4.
    auto g = graph(6, {{0, 2}, {0, 3}, {0, 4}, {1, 4}, {1, 5}});
    auto m = shortest_path_measures(g.view());
    check(m.betweenness, {7, 4, 0, 0, 6, 0});
    CHECK(connected_components(g.view()) == std::vector<std::uint32_t>{0, 0, 0, 0, 0, 0});
    // Strength with weights = degree when unweighted.
    check(strength(g.view()), {3, 2, 1, 1, 2, 1});
}

TEST_CASE("disconnected graphs: harmonic sums reachable pairs, eigenvector on the largest component",
          "[centrality]") {
    // Triangle {0,1,2} and an edge {3,4}, and isolated 5.
    auto g = graph(6, {{0, 1}, {1, 2}, {0, 2}, {3, 4}});
    auto m = shortest_path_measures(g.view());
    check(m.harmonic, {2, 2, 2, 1, 1, 0});
    check(m.closeness, {1, 1, 1, 1, 1, 0});
    auto ev = eigenvector(g.view());
    double t = 1 / std::sqrt(3.0);
    check(ev, {t, t, t, 0, 0, 0}, 1e-9);
    // PageRank: the isolated node is dangling; scores still sum to 1.
    auto pr = pagerank(g.view());
    double sum = 0;
    for (double x : pr) sum += x;
    CHECK(sum == Approx(1).margin(1e-12));
    CHECK(connected_components(g.view()) == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 2});
}

TEST_CASE("weighted PageRank follows edge weights", "[centrality]") {
    // 0 - 1 weight 3, 1 - 2 weight 1. From 1 the walker goes to 0 with probability 3/4.
    // Solve: x0 = 0.05 + 0.85 * 3/4 x1, x2 = 0.05 + 0.85 * 1/4 x1, x1 = 0.05 + 0.85 (x0 + x2).
    auto g = graph(3, {{0, 1, 3}, {1, 2, 1}});
    auto pr = pagerank(g.view());
    // x1 = 0.05 + 0.85 (0.1 + 0.85 x1) -> x1 (1 - 0.7225) = 0.135 -> x1 = 0.486486...
    double x1 = 0.135 / 0.2775;
    check(pr, {0.05 + 0.6375 * x1, x1, 0.05 + 0.2125 * x1}, 1e-9);
}

TEST_CASE("results do not depend on the number of threads", "[centrality]") {
    // A 600-node ring with chords: enough sources for several lanes.
    std::vector<WeightedEdge> e;
    for (std::uint32_t v = 0; v < 600; ++v) {
        e.push_back({v, (v + 1) % 600});
        if (v % 7 == 0) e.push_back({v, (v * 13 + 5) % 600});
    }
    auto g = graph(600, e);
    ShortestPathOptions one, two;
    one.threads = 1;
    two.threads = 2;
    auto a = shortest_path_measures(g.view(), one);
    auto b = shortest_path_measures(g.view(), two);
    CHECK(a.betweenness == b.betweenness);  // bit for bit
    CHECK(a.closeness == b.closeness);
    CHECK(approx_vec(a.harmonic) == b.harmonic);
}

#include "dealgraph/graph/projection.hpp"
#include "dealgraph/ingest/load.hpp"
#include "dealgraph/model/error.hpp"

namespace {
BipartiteGraph from_csv(const std::string& csv) {
    Diagnostics diag;
    Dataset d;
    load_text(csv, "t.csv", {}, d, diag);
    REQUIRE_FALSE(diag.has_errors());
    return BipartiteGraph::build(d, {});
}
}  // namespace

TEST_CASE("K(m,n) projects to complete graphs K_m and K_n with weights n and m", "[projection]") {
    // 3 investors each back the same 4 startups.
    std::string csv = "startup,investor\n";
    for (const char* s : {"s1", "s2", "s3", "s4"})
        for (const char* i : {"a", "b", "c"}) csv += std::string(s) + "," + i + "\n";
    auto g = from_csv(csv);
    auto inv = project(g, {Side::investor, ProjectionWeight::shared, 0});
    CHECK(inv.edges() == 3);  // K_3
    for (const auto& e : inv.edge_list()) CHECK(e.weight == 4);
    auto st = project(g, {Side::startup, ProjectionWeight::shared, 0});
    CHECK(st.edges() == 6);  // K_4
    for (const auto& e : st.edge_list()) CHECK(e.weight == 3);
    // Newman: each startup has 3 investors: 1/(3-1) per shared startup: 4 * 1/2 = 2.
    auto newman = project(g, {Side::investor, ProjectionWeight::newman, 0});
    for (const auto& e : newman.edge_list()) CHECK(e.weight == 2);
    // Jaccard: identical neighbourhoods: 1.
    auto jaccard = project(g, {Side::startup, ProjectionWeight::jaccard, 0});
    for (const auto& e : jaccard.edge_list()) CHECK(e.weight == 1);
    // Each investor-investor pair takes part in 4 deals together (one per startup).
    auto deals = project(g, {Side::investor, ProjectionWeight::deals, 0});
    CHECK(deals.edges() == 3);
    for (const auto& e : deals.edge_list()) CHECK(e.weight == 4);
}

TEST_CASE("one investor in every deal: a star", "[centrality]") {
    // v backs s1..s5: v lies on every path between two startups: C(5,2) = 10.
    auto g = from_csv("startup,investor\ns1,v\ns2,v\ns3,v\ns4,v\ns5,v\n");
    auto m = shortest_path_measures(g.view());
    CHECK(m.betweenness[0] == 10);
    auto inv = project(g, {});
    CHECK(inv.nodes() == 1);
    CHECK(inv.edges() == 0);
    auto st = project(g, {Side::startup, ProjectionWeight::shared, 0});
    CHECK(st.edges() == 10);  // K_5 with weight 1
    // HITS: the one hub has everything; authorities are equal.
    auto h = hits(g.view(), 1);
    CHECK(h.hub[0] == Approx(1));
    CHECK(h.authority[1] == Approx(0.2));
}

TEST_CASE("a projection past its tie limit is a usage error that says what to change", "[projection]") {
    // v backs s1..s5: the startup side is K_5, 10 ties; a, b share s1 only.
    auto g = from_csv("startup,investor\ns1,v\ns2,v\ns3,v\ns4,v\ns5,v\ns1,a\ns1,b\n");
    ProjectionOptions o{Side::startup, ProjectionWeight::shared, 0};
    o.max_ties = 10;
    CHECK(project(g, o).edges() == 10);  // exactly the limit is allowed
    o.max_ties = 9;
    CHECK_THROWS_MATCHES(project(g, o), UsageError,
                         Catch::Matchers::Message("the startup projection has more than 9 ties, the limit given; "
                                                  "keep only heavier ties with --min-weight, or project the investors"));
    // The limit counts kept ties: every pair of startups shares v alone (weight 1), so at
    // --min-weight 2 none is kept and the limit is never reached.
    o.min_weight = 2;
    CHECK(project(g, o).edges() == 0);
    // Investors: v-a, v-b, a-b share s1; a limit of 2 fails and names the other side.
    ProjectionOptions inv{Side::investor, ProjectionWeight::shared, 0};
    CHECK(project(g, inv).edges() == 3);
    inv.max_ties = 2;
    inv.min_weight = 1;
    CHECK_THROWS_MATCHES(project(g, inv), UsageError,
                         Catch::Matchers::Message("the investor projection has more than 2 ties, the limit given; "
                                                  "raise --min-weight, or project the startups"));
    // Automatic: a quarter of memory at 40 bytes a tie, never past 2^31 - 1 (32-bit rows).
    CHECK(automatic_tie_limit() >= 1);
    CHECK(automatic_tie_limit() <= 2147483647u);
}

TEST_CASE("PageRank on a graph big enough for two threads matches the one-thread weighted iteration",
          "[centrality]") {
    // 300k random edges (600k arcs, above the 150k from which the unweighted PageRank splits
    // its passes between two threads, on a machine with two cores or more). With every
    // weight 1 the weighted iteration, always on one thread, computes the same quotients
    // x[u] / deg(u) (there divided, here multiplied by 1 / deg(u)), summed in the same
    // neighbour order, and the same normalisation: the two must agree to within rounding.
    // A node lost or counted twice at a split would be off by its whole rank.
    constexpr std::uint32_t n = 120000;
    std::vector<WeightedEdge> e;
    std::uint64_t s = 12345;
    auto next = [&] {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    };
    while (e.size() < 300000) {
        // Skewed: low ids are hubs, so degrees vary as in deal data.
        auto a = static_cast<std::uint32_t>(next() % n);
        auto b = static_cast<std::uint32_t>((next() % n) * (next() % n) / n);
        if (a != b) e.push_back({std::min(a, b), std::max(a, b)});
        if (e.size() == 300000) {  // parallel edges would be merged into weight 2: drop them
            std::sort(e.begin(), e.end(), [](const WeightedEdge& x, const WeightedEdge& y) {
                return x.a != y.a ? x.a < y.a : x.b < y.b;
            });
            e.erase(std::unique(e.begin(), e.end()), e.end());
        }
    }
    auto g = graph(n, e);
    CsrView unweighted = g.view();
    unweighted.weights = {};
    REQUIRE(unweighted.targets.size() >= 500000);
    auto fast = pagerank(unweighted);
    auto plain = pagerank(g.view());  // every weight 1
    REQUIRE(fast.size() == plain.size());
    std::size_t differ = 0;
    double worst = 0;
    for (std::uint32_t v = 0; v < n; ++v) {
        differ += fast[v] != plain[v];
        worst = std::max(worst, std::fabs(fast[v] - plain[v]));
    }
    INFO(differ << " of " << n << " nodes differ, by up to " << worst);
    CHECK(worst < 1e-15);
    double sum = 0;
    for (double x : fast) sum += x;
    CHECK(sum == Approx(1).margin(1e-12));
}
