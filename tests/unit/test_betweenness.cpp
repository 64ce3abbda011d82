// Exact betweenness with leaf folding and twin merging (src/analysis/betweenness.cpp)
// against a plain Brandes written here, on shapes with known answers and on seeded
// random graphs with leaves, twins, chains and several components; sampled betweenness
// within its epsilon; Crunchbase 2013 against igraph.

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/graph/projection.hpp"
#include "dealgraph/graph/weighted_graph.hpp"
#include "dealgraph/ingest/load.hpp"
#include "dealgraph/ingest/text.hpp"
#include "analysis/betweenness.hpp"
#include "support/run.hpp"

using namespace dealgraph;

namespace {

// The textbook algorithm (Brandes 2001), predecessor lists and all: each unordered
// pair once.
std::vector<double> plain_brandes(const CsrView& g) {
    std::vector<double> bc(g.n, 0.0);
    for (std::uint32_t s = 0; s < g.n; ++s) {
        std::vector<int> dist(g.n, -1);
        std::vector<double> sigma(g.n, 0.0), delta(g.n, 0.0);
        std::vector<std::vector<std::uint32_t>> pred(g.n);
        std::vector<std::uint32_t> order{s};
        dist[s] = 0;
        sigma[s] = 1;
        for (std::size_t h = 0; h < order.size(); ++h) {
            auto v = order[h];
            for (auto u : g.neighbors(v)) {
                if (dist[u] < 0) {
                    dist[u] = dist[v] + 1;
                    order.push_back(u);
                }
                if (dist[u] == dist[v] + 1) {
                    sigma[u] += sigma[v];
                    pred[u].push_back(v);
                }
            }
        }
        for (std::size_t i = order.size(); i-- > 0;) {
            auto w = order[i];
            for (auto v : pred[w]) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
            if (w != s) bc[w] += delta[w];
        }
    }
    for (auto& x : bc) x /= 2;
    return bc;
}

struct Rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
};

// A random bipartite deal graph in a few components: startups backed by 1-4 investors
// (leaves), copies of a startup's or investor's neighbour set (twins), hanging and
// bridging chains, pendant trees and isolated nodes. Investors are even, startups odd.
WeightedGraph random_bipartite(std::uint64_t seed) {
    Rng r{seed};
    std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
    std::uint32_t n = 0;
    auto link = [&](std::uint32_t a, std::uint32_t b) {
        if (a != b) edges.insert({std::min(a, b), std::max(a, b)});
    };
    std::uint32_t blocks = 1 + r.below(3);
    for (std::uint32_t b = 0; b < blocks; ++b) {
        std::vector<std::uint32_t> inv, sta;
        std::uint32_t ni = 2 + r.below(12), ns = 2 + r.below(20);
        for (std::uint32_t i = 0; i < ni; ++i) inv.push_back(n++);
        for (std::uint32_t i = 0; i < ns; ++i) sta.push_back(n++);
        std::vector<std::vector<std::uint32_t>> backers(ns);
        for (std::uint32_t s = 0; s < ns; ++s) {
            if (s > 0 && r.below(5) == 0) {  // a twin of an earlier startup
                backers[s] = backers[r.below(s)];
            } else {
                std::uint32_t k = 1 + r.below(4);
                for (std::uint32_t j = 0; j < k; ++j) backers[s].push_back(inv[r.below(ni)]);
            }
            for (auto i : backers[s]) link(i, sta[s]);
        }
        if (r.below(2)) {  // an investor twin: same startups as another
            std::uint32_t src = inv[r.below(ni)], twin = n++;
            std::vector<std::uint32_t> copy;
            for (const auto& e : edges)
                if (e.first == src) copy.push_back(e.second);
                else if (e.second == src) copy.push_back(e.first);
            for (auto x : copy) link(twin, x);
        }
        for (std::uint32_t c = r.below(3); c > 0; --c) {  // chains, hanging or bridging
            std::uint32_t at = r.below(2) ? inv[r.below(ni)] : sta[r.below(ns)];
            std::uint32_t len = 1 + r.below(5);
            for (std::uint32_t k = 0; k < len; ++k) {
                link(at, n);
                at = n++;
            }
            if (r.below(2)) link(at, sta[r.below(ns)]);
        }
        for (std::uint32_t t = r.below(4); t > 0; --t) {  // small pendant trees
            std::uint32_t at = sta[r.below(ns)];
            std::uint32_t leaves = 1 + r.below(3);
            std::uint32_t hub = n++;
            link(at, hub);
            for (std::uint32_t k = 0; k < leaves; ++k) link(hub, n++);
        }
        if (r.below(2)) {  // a separate tree component
            std::uint32_t root = n++;
            for (std::uint32_t k = r.below(5); k > 0; --k) link(root, n++);
        }
    }
    n += r.below(3);  // isolated nodes
    std::vector<WeightedEdge> list;
    for (auto [a, b] : edges) list.push_back({a, b, 1});
    return WeightedGraph(n, std::move(list));
}

// A random general graph (odd cycles, triangles, adjacent twins) with open twins added.
WeightedGraph random_general(std::uint64_t seed) {
    Rng r{seed};
    std::uint32_t n = 4 + r.below(40);
    std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
    std::uint32_t m = n + r.below(2 * n);
    for (std::uint32_t k = 0; k < m; ++k) {
        std::uint32_t a = r.below(n), b = r.below(n);
        if (a != b) edges.insert({std::min(a, b), std::max(a, b)});
    }
    std::uint32_t twins = r.below(5);
    for (std::uint32_t t = 0; t < twins; ++t) {
        std::uint32_t src = r.below(n), twin = n++;
        std::vector<std::uint32_t> copy;
        for (const auto& e : edges)
            if (e.first == src) copy.push_back(e.second);
            else if (e.second == src) copy.push_back(e.first);
        for (auto x : copy) edges.insert({std::min(x, twin), std::max(x, twin)});
        if (r.below(3) == 0) edges.insert({src, twin});  // closed twins: must not merge
    }
    std::vector<WeightedEdge> list;
    for (auto [a, b] : edges) list.push_back({a, b, 1});
    return WeightedGraph(n, std::move(list));
}

// A co-investment projection: investors joined when they backed a startup together, so
// every startup's backers form a clique and investors that only ever invested together
// are closed twins (adjacent, same closed neighbourhood), with pendant trees on some of
// them and some plain open twins.
WeightedGraph random_projection(std::uint64_t seed) {
    Rng r{seed};
    std::uint32_t n = 3 + r.below(25);
    std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
    auto link = [&](std::uint32_t a, std::uint32_t b) {
        if (a != b) edges.insert({std::min(a, b), std::max(a, b)});
    };
    for (std::uint32_t s = 1 + r.below(2 * n); s > 0; --s) {
        std::vector<std::uint32_t> backers;
        for (std::uint32_t k = 2 + r.below(4); k > 0; --k) backers.push_back(r.below(n));
        if (r.below(3) == 0)  // a syndicate of newcomers that invests nowhere else
            for (std::uint32_t k = 1 + r.below(3); k > 0; --k) backers.push_back(n++);
        for (auto a : backers)
            for (auto b : backers) link(a, b);
    }
    for (std::uint32_t t = r.below(4); t > 0; --t) {  // pendant trees
        std::uint32_t at = r.below(n), hub = n++;
        link(at, hub);
        for (std::uint32_t k = r.below(3); k > 0; --k) link(hub, n++);
    }
    if (r.below(2)) {  // an open twin: same neighbours, not adjacent
        std::uint32_t src = r.below(n), twin = n++;
        std::vector<std::uint32_t> copy;
        for (const auto& e : edges)
            if (e.first == src) copy.push_back(e.second);
            else if (e.second == src) copy.push_back(e.first);
        for (auto x : copy) link(twin, x);
    }
    std::vector<WeightedEdge> list;
    for (auto [a, b] : edges) list.push_back({a, b, 1});
    return WeightedGraph(n, std::move(list));
}

// Random graphs for seeds [from, to) laid side by side, each joined to what came before by
// one edge from node attach(n) (n: the nodes so far) to its own first node.
template <class Make, class Attach>
WeightedGraph glued(std::uint64_t from, std::uint64_t to, Make make, Attach attach) {
    std::vector<WeightedEdge> e;
    std::uint32_t n = 0;
    for (std::uint64_t seed = from; seed < to; ++seed) {
        auto b = make(seed);
        for (const auto& x : b.edge_list()) e.push_back({x.a + n, x.b + n, 1});
        if (n) e.push_back({attach(n), n, 1});
        n += b.nodes();
    }
    return WeightedGraph(n, e);
}

void check_close(const std::vector<double>& got, const std::vector<double>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t v = 0; v < got.size(); ++v) {
        INFO("node " << v << ": got " << got[v] << ", want " << want[v]);
        CHECK(std::fabs(got[v] - want[v]) <= 1e-9 * std::max(1.0, std::fabs(want[v])));
    }
}

std::vector<double> exact(const CsrView& g, unsigned threads = 0) {
    ShortestPathOptions o;
    o.closeness = false;
    o.method = BetweennessMethod::exact;
    o.threads = threads;
    return shortest_path_measures(g, o).betweenness;
}

// Sampled betweenness alone, with the given guarantee and seed.
ShortestPathOptions sampled(double epsilon, double delta, std::uint64_t seed, unsigned threads = 0) {
    ShortestPathOptions o;
    o.closeness = false;
    o.method = BetweennessMethod::approximate;
    o.epsilon = epsilon;
    o.delta = delta;
    o.seed = seed;
    o.threads = threads;
    return o;
}

}  // namespace

TEST_CASE("K(3,4): twins on both sides merge into two classes", "[betweenness]") {
    // Each of the C(4,2) = 6 startup pairs has 3 shortest paths, one through each
    // investor: 2 each; each of the 3 investor pairs has 4, one through each startup: 3/4.
    std::vector<WeightedEdge> e;
    for (std::uint32_t i = 0; i < 3; ++i)
        for (std::uint32_t s = 3; s < 7; ++s) e.push_back({i, s, 1});
    WeightedGraph g(7, e);
    check_close(exact(g.view()), {2, 2, 2, 0.75, 0.75, 0.75, 0.75});
}

TEST_CASE("a tree is folded away completely", "[betweenness]") {
    //   0 - 1 - 2 - 3      1 separates {0} from {2,3,4,5}: 4; 2 separates {0,1},{3},{4,5}:
    //           |          2*1 + 2*2 + 1*2 = 8; 4 separates {5} from the other 4: 4.
    //           4 - 5
    WeightedGraph g(6, {{0, 1}, {1, 2}, {2, 3}, {2, 4}, {4, 5}});
    check_close(exact(g.view()), {0, 4, 8, 0, 4, 0});
}

TEST_CASE("fast exact betweenness equals plain Brandes on random bipartite graphs", "[betweenness]") {
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        INFO("seed " << seed);
        auto g = random_bipartite(seed);
        check_close(exact(g.view()), plain_brandes(g.view()));
    }
}

TEST_CASE("fast exact betweenness equals plain Brandes on random general graphs", "[betweenness]") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        INFO("seed " << seed);
        auto g = random_general(seed);
        check_close(exact(g.view()), plain_brandes(g.view()));
    }
}

TEST_CASE("fast exact betweenness is bit for bit the same on 1 and 2 threads", "[betweenness]") {
    // Many blocks glued into one graph: enough classes for every lane.
    auto g = glued(1000, 1060, random_bipartite, [](std::uint32_t n) { return n - 1; });
    const std::uint32_t n = g.nodes();
    auto one = exact(g.view(), 1), two = exact(g.view(), 2);
    CHECK(one == two);
    check_close(one, plain_brandes(g.view()));
    ShortestPathOptions norm;
    norm.closeness = false;
    norm.normalization = BetweennessNormalization::standard;
    auto scaled = shortest_path_measures(g.view(), norm).betweenness;
    double f = 2.0 / ((n - 1.0) * (n - 2.0));
    for (std::uint32_t v = 0; v < n; ++v) CHECK(std::fabs(scaled[v] - one[v] * f) <= 1e-12 * std::max(1.0, scaled[v]));
}

TEST_CASE("sampled betweenness gives each value to the caller's node", "[betweenness]") {
    // The sampling renumbers the nodes (breadth-first from the highest degree), so the
    // hubs here are not node 0: a star with 20 leaves around node 30 and a path 0 - 29 -
    // 28 - ... - 21, numbered backwards. Exact values by hand: the star's centre lies on
    // all C(20, 2) = 190 leaf pairs; path node 21 + j (j = 1..8) on j (9 - j) pairs.
    std::vector<WeightedEdge> e;
    for (std::uint32_t leaf = 1; leaf <= 20; ++leaf) e.push_back({30, leaf, 1});
    e.push_back({0, 29, 1});
    for (std::uint32_t v = 29; v > 21; --v) e.push_back({v, v - 1, 1});
    WeightedGraph g(31, e);
    std::vector<double> want(31, 0.0);
    want[30] = 190;
    for (std::uint32_t j = 1; j <= 8; ++j) want[21 + j] = j * (9.0 - j);
    CHECK(plain_brandes(g.view()) == want);
    const ShortestPathOptions o = sampled(0.01, 0.01, 3);
    auto a = shortest_path_measures(g.view(), o);
    REQUIRE(a.betweenness_info.approximate);
    const double pairs = 31.0 * 30.0 / 2;
    for (std::uint32_t v = 0; v < 31; ++v) {
        INFO("node " << v);
        CHECK(std::fabs(a.betweenness[v] - want[v]) / pairs <= o.epsilon);
    }
}

namespace {
// A 700-cycle (diameter 350, past the 8-bit distances of the sweeps) with a pendant path
// of 3 on every 50th node and a leaf pair on every 77th.
WeightedGraph long_cycle_with_trees() {
    std::vector<WeightedEdge> e;
    const std::uint32_t ring = 700;
    for (std::uint32_t v = 0; v < ring; ++v) e.push_back({v, (v + 1) % ring, 1});
    std::uint32_t n = ring;
    for (std::uint32_t v = 0; v < ring; v += 50)
        for (std::uint32_t k = 0, at = v; k < 3; ++k, at = n - 1) e.push_back({at, n++, 1});
    for (std::uint32_t v = 0; v < ring; v += 77) {
        e.push_back({v, n++, 1});
        e.push_back({v, n++, 1});
    }
    return WeightedGraph(n, e);
}
}  // namespace

TEST_CASE("every instruction set the sweeps are compiled for gives the same bytes", "[betweenness]") {
    // The baseline, AVX2 and AVX-512 copies of the batched sweep do the same additions in
    // the same order; each one the processor has is forced in turn, on distances of one
    // byte (random graphs) and of two (the long cycle).
    std::vector<WeightedGraph> graphs;
    graphs.push_back(glued(
        3000, 3040, [](std::uint64_t seed) { return seed % 2 ? random_bipartite(seed) : random_projection(seed); },
        [](std::uint32_t n) { return n - 1; }));
    graphs.push_back(long_cycle_with_trees());
    ShortestPathOptions o;
    o.method = BetweennessMethod::exact;
    o.threads = 1;
    int tried = 0;
    for (const auto& g : graphs) {
        detail::force_sweep_isa(detail::SweepIsa::baseline);
        const auto base = shortest_path_measures(g.view(), o);
        check_close(base.betweenness, plain_brandes(g.view()));
        for (auto isa : {detail::SweepIsa::avx2, detail::SweepIsa::avx512}) {
            if (!detail::sweep_isa_supported(isa)) continue;
            ++tried;
            detail::force_sweep_isa(isa);
            INFO("instruction set " << static_cast<int>(isa) << ", graph of " << g.nodes() << " nodes");
            CHECK(detail::sweep_isa() == isa);
            const auto other = shortest_path_measures(g.view(), o);
            CHECK(other.betweenness == base.betweenness);
            CHECK(other.closeness == base.closeness);
            CHECK(other.harmonic == base.harmonic);
        }
    }
    detail::force_sweep_isa(std::nullopt);
    UNSCOPED_INFO("instruction sets compared with the baseline: " << tried);
}

TEST_CASE("sampled betweenness stays within its epsilon", "[betweenness]") {
    // Riondato & Kornaropoulos: |estimate - b(v)/(n(n-1))| <= epsilon for every node
    // with probability 1 - delta; with this fixed seed it holds.
    auto g = glued(2000, 2040, random_bipartite, [](std::uint32_t n) { return n / 2; });
    const std::uint32_t n = g.nodes();
    auto want = plain_brandes(g.view());
    ShortestPathOptions o = sampled(0.02, 0.1, 7, 2);
    auto a = shortest_path_measures(g.view(), o);
    CHECK(a.betweenness_info.approximate);
    CHECK(a.betweenness_info.samples > 1000);
    double pairs = static_cast<double>(n) * (n - 1.0) / 2;
    double worst = 0;
    for (std::uint32_t v = 0; v < n; ++v) worst = std::max(worst, std::fabs(a.betweenness[v] - want[v]) / pairs);
    CHECK(worst <= o.epsilon);
    // The same samples whatever the number of threads.
    o.threads = 1;
    CHECK(shortest_path_measures(g.view(), o).betweenness == a.betweenness);
    // automatic switches to sampling above the work limit, and says so.
    ShortestPathOptions autom;
    autom.closeness = false;
    autom.exact_work_limit = 10;
    CHECK(shortest_path_measures(g.view(), autom).betweenness_info.approximate);
    autom.exact_work_limit = 1e12;
    CHECK_FALSE(shortest_path_measures(g.view(), autom).betweenness_info.approximate);
}

namespace {

// Closeness and harmonic by a plain BFS from every node (centrality.hpp's definitions).
void check_closeness(const CsrView& v, const ShortestPathMeasures& m) {
    REQUIRE(m.closeness.size() == v.n);
    REQUIRE(m.harmonic.size() == v.n);
    for (std::uint32_t s = 0; s < v.n; ++s) {
        std::vector<int> dist(v.n, -1);
        std::vector<std::uint32_t> queue{s};
        dist[s] = 0;
        double sum = 0, harmonic = 0, reached = 0;
        for (std::size_t h = 0; h < queue.size(); ++h)
            for (auto u : v.neighbors(queue[h]))
                if (dist[u] < 0) {
                    dist[u] = dist[queue[h]] + 1;
                    queue.push_back(u);
                    sum += dist[u];
                    harmonic += 1.0 / dist[u];
                    ++reached;
                }
        INFO("node " << s);
        CHECK(std::fabs(m.closeness[s] - (sum > 0 ? reached / sum : 0.0)) <= 1e-12);
        CHECK(std::fabs(m.harmonic[s] - harmonic) <= 1e-12 * std::max(1.0, harmonic));
    }
}

ShortestPathMeasures closeness_only(const CsrView& g, unsigned threads = 0) {
    ShortestPathOptions o;
    o.betweenness = false;
    o.threads = threads;
    return shortest_path_measures(g, o);
}

ShortestPathMeasures everything(const CsrView& g, unsigned threads = 0) {
    ShortestPathOptions o;
    o.method = BetweennessMethod::exact;
    o.threads = threads;
    return shortest_path_measures(g, o);
}

// A core (a random bipartite block whose startups have 2-3 backers, with twins) carrying
// deep random trees on core nodes and on twins: folding runs many rounds, and tree nodes
// take their closeness from their parent's histogram.
WeightedGraph random_forest_on_core(std::uint64_t seed) {
    Rng r{seed};
    std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
    auto link = [&](std::uint32_t a, std::uint32_t b) {
        if (a != b) edges.insert({std::min(a, b), std::max(a, b)});
    };
    std::uint32_t ni = 2 + r.below(5), ns = 2 + r.below(8), n = ni + ns;
    for (std::uint32_t s = 0; s < ns; ++s) {
        std::uint32_t k = 2 + r.below(2);
        for (std::uint32_t j = 0; j < k; ++j) link(r.below(ni), ni + s);
        if (r.below(3) == 0) {  // a twin startup
            for (std::uint32_t i = 0; i < ni; ++i)
                if (edges.count({i, ni + s})) link(i, n);
            ++n;
        }
    }
    std::uint32_t core_n = n;
    for (std::uint32_t t = 1 + r.below(4); t > 0; --t) {  // random trees, up to 7 deep
        std::vector<std::uint32_t> tree{r.below(core_n)};
        std::vector<std::uint32_t> depth{0};
        for (std::uint32_t k = 1 + r.below(12); k > 0; --k) {
            std::uint32_t at = r.below(static_cast<std::uint32_t>(tree.size()));
            if (depth[at] >= 7) continue;
            link(tree[at], n);
            tree.push_back(n++);
            depth.push_back(depth[at] + 1);
        }
    }
    n += r.below(2);  // an isolated node
    std::vector<WeightedEdge> list;
    for (auto [a, b] : edges) list.push_back({a, b, 1});
    return WeightedGraph(n, std::move(list));
}

}  // namespace

TEST_CASE("closed twins of a co-investment projection: the same betweenness, closeness and harmonic as plain BFS",
          "[betweenness][closeness]") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        INFO("seed " << seed);
        auto g = random_projection(seed);
        auto m = everything(g.view());
        check_close(m.betweenness, plain_brandes(g.view()));
        check_closeness(g.view(), m);
        check_closeness(g.view(), closeness_only(g.view()));
        CHECK(everything(g.view(), 1).betweenness == everything(g.view(), 2).betweenness);
    }
    // K4: four closed twins, one class; nothing lies between adjacent nodes.
    std::vector<WeightedEdge> k4;
    for (std::uint32_t a = 0; a < 4; ++a)
        for (std::uint32_t b = a + 1; b < 4; ++b) k4.push_back({a, b, 1});
    WeightedGraph g(4, std::move(k4));
    auto m = everything(g.view());
    CHECK(m.betweenness == std::vector<double>(4, 0.0));
    CHECK(m.closeness == std::vector<double>(4, 1.0));
    CHECK(m.harmonic == std::vector<double>(4, 3.0));
    // Two triangles sharing node 0 (a bowtie): 1,2 are closed twins, so are 3,4; node 0
    // is between each of the 2 x 2 cross pairs: betweenness 4.
    WeightedGraph bow(5, {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}, {0, 3, 1}, {0, 4, 1}, {3, 4, 1}});
    auto b = everything(bow.view());
    CHECK(b.betweenness == std::vector<double>{4, 0, 0, 0, 0});
    CHECK(b.closeness[1] == 4.0 / 6.0);  // 1 + 1 + 2 + 2
}

TEST_CASE("closeness and harmonic from the reduced graph equal a BFS from every node", "[betweenness][closeness]") {
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
        INFO("seed " << seed);
        auto b = random_bipartite(seed);
        check_closeness(b.view(), closeness_only(b.view()));
        auto g = random_general(seed);
        check_closeness(g.view(), closeness_only(g.view()));
        auto f = random_forest_on_core(seed);
        // Computed together with betweenness: the same sweeps give all three.
        auto m = everything(f.view());
        check_closeness(f.view(), m);
        check_close(m.betweenness, plain_brandes(f.view()));
    }
}

TEST_CASE("closeness and betweenness of small shapes: single edge, stars, K(m,n), isolated nodes",
          "[betweenness][closeness]") {
    // A single edge: each end at distance 1 from the other: closeness 1, harmonic 1.
    WeightedGraph edge(2, {{0, 1}});
    auto m = everything(edge.view());
    CHECK(m.betweenness == std::vector<double>{0, 0});
    CHECK(m.closeness == std::vector<double>{1, 1});
    CHECK(m.harmonic == std::vector<double>{1, 1});
    // One node, and three isolated nodes: all 0.
    for (std::uint32_t n : {1u, 3u}) {
        WeightedGraph iso(n, {});
        auto i = everything(iso.view());
        CHECK(i.betweenness == std::vector<double>(n, 0.0));
        CHECK(i.closeness == std::vector<double>(n, 0.0));
        CHECK(i.harmonic == std::vector<double>(n, 0.0));
    }
    // Stars of 1 to 6 leaves, one beside a K(2,3) with a path 5 - 6 - 7 hanging from 0:
    // every node checked against the plain definitions.
    for (std::uint32_t leaves = 1; leaves <= 6; ++leaves) {
        std::vector<WeightedEdge> e;
        for (std::uint32_t k = 1; k <= leaves; ++k) e.push_back({0, k, 1});
        const std::uint32_t o = leaves + 1;
        for (std::uint32_t i = 0; i < 2; ++i)
            for (std::uint32_t s = 2; s < 5; ++s) e.push_back({o + i, o + s, 1});
        e.push_back({o, o + 5, 1});
        e.push_back({o + 5, o + 6, 1});
        e.push_back({o + 6, o + 7, 1});
        WeightedGraph g(o + 8, e);
        auto s = everything(g.view());
        INFO(leaves << " leaves");
        check_closeness(g.view(), s);
        check_close(s.betweenness, plain_brandes(g.view()));
        // The star's centre brokers every leaf pair.
        CHECK(s.betweenness[0] == leaves * (leaves - 1) / 2.0);
    }
    // K(m,n) is one class per side; each startup pair has m paths, one per investor.
    for (std::uint32_t a = 1; a <= 4; ++a)
        for (std::uint32_t b = 2; b <= 5; ++b) {
            std::vector<WeightedEdge> e;
            for (std::uint32_t i = 0; i < a; ++i)
                for (std::uint32_t s = 0; s < b; ++s) e.push_back({i, a + s, 1});
            WeightedGraph g(a + b, e);
            auto k = everything(g.view());
            INFO("K(" << a << "," << b << ")");
            check_closeness(g.view(), k);
            check_close(k.betweenness, plain_brandes(g.view()));
            CHECK(std::fabs(k.betweenness[0] - b * (b - 1) / 2.0 / a) <= 1e-12);
            // An investor: b startups at 1, a - 1 investors at 2.
            CHECK(k.closeness[0] == Catch::Approx((a + b - 1.0) / (b + 2.0 * (a - 1))).epsilon(1e-15));
        }
}

TEST_CASE("a long cycle with trees: distances beyond one byte", "[betweenness][closeness]") {
    auto g = long_cycle_with_trees();
    auto one = everything(g.view(), 1), two = everything(g.view(), 2);
    CHECK(one.betweenness == two.betweenness);
    CHECK(one.closeness == two.closeness);
    CHECK(one.harmonic == two.harmonic);
    check_closeness(g.view(), one);
    check_close(one.betweenness, plain_brandes(g.view()));
}

TEST_CASE("multigraphs: parallel edges count as paths, not as distance", "[betweenness][closeness]") {
    // 0 = 1 - 2 with the edge 0-1 doubled, and 2 - 3 - 4 - 2 a triangle: no reductions.
    // Pairs through 1: {0,2}, {0,3}, {0,4}: 3; through 2: {0,3}, {0,4}, {1,3}, {1,4}: 4.
    std::vector<std::uint32_t> offsets{0, 2, 5, 8, 10, 12};
    std::vector<std::uint32_t> targets{1, 1, 0, 0, 2, 1, 3, 4, 2, 4, 2, 3};
    CsrView v{5, offsets, targets, {}};
    auto m = everything(v);
    check_close(m.betweenness, {0, 3, 4, 0, 0});
    check_close(m.betweenness, plain_brandes(v));
    check_closeness(v, m);
}

TEST_CASE("closeness is exact when betweenness is sampled", "[betweenness][closeness]") {
    auto g = random_bipartite(77);
    ShortestPathOptions o;
    o.exact_work_limit = 1;  // automatic: sampled betweenness
    auto m = shortest_path_measures(g.view(), o);
    CHECK(m.betweenness_info.approximate);
    check_closeness(g.view(), m);
    o.method = BetweennessMethod::approximate;
    check_closeness(g.view(), shortest_path_measures(g.view(), o));
}

namespace {
// Crunchbase 2013 read as dealgraph reads it by default, and a reference file from
// tests/reference/; skips the test when ../shared/data/crunchbase-2013 is not there.
std::pair<BipartiteGraph, nlohmann::json> crunchbase(const std::string& reference) {
    std::string csv = std::string(DEALGRAPH_SOURCE_DIR) + "/../shared/data/crunchbase-2013/investments.csv";
    if (!std::filesystem::exists(csv)) SKIP("no ../shared/data/crunchbase-2013 beside the checkout");
    auto ref =
        nlohmann::json::parse(test::read_file(std::string(DEALGRAPH_SOURCE_DIR) + "/tests/reference/" + reference));
    Diagnostics diag;
    Dataset data = load_files({csv}, {}, diag);
    return {BipartiteGraph::build(data, {}), std::move(ref)};
}
}  // namespace

// Hidden from the default run ([.]): registered in tests/CMakeLists.txt as its own ctest
// test with the label "slow", which the asan and clang presets leave out.
TEST_CASE("Crunchbase 2013 exact betweenness agrees with igraph", "[.][crunchbase-betweenness]") {
    auto [g, ref] = crunchbase("crunchbase_betweenness.json");
    REQUIRE(g.nodes() == ref["nodes"].get<std::uint32_t>());
    REQUIRE(g.edges() == ref["edges"].get<std::uint32_t>());
    auto bc = exact(g.view());
    double sum = 0;
    std::size_t matched = 0;
    const auto& want = ref["betweenness"];
    for (std::uint32_t v = 0; v < g.nodes(); ++v) {
        sum += bc[v];
        std::string key = (g.side(v) == Side::investor ? "i:" : "s:") + name_key(g.node(v).name);
        auto it = want.find(key);
        if (it == want.end()) continue;
        ++matched;
        double w = it->get<double>();
        INFO(key << ": got " << bc[v] << ", igraph " << w);
        CHECK(std::fabs(bc[v] - w) <= 1e-9 * std::max(1.0, std::fabs(w)));
    }
    CHECK(matched == want.size());
    CHECK(std::fabs(sum - ref["sum"].get<double>()) <= 1e-9 * ref["sum"].get<double>());
}

TEST_CASE("Crunchbase 2013 investor projection: betweenness and harmonic agree with igraph",
          "[.][crunchbase-betweenness]") {
    // The co-investment projection is full of closed twins (investors who only ever
    // invested together); tests/reference/crunchbase_projection.json is igraph's exact
    // values (scripts/reference/crunchbase_projection.py) for a sample of investors.
    auto [g, ref] = crunchbase("crunchbase_projection.json");
    auto p = project(g, {});
    REQUIRE(p.nodes() == ref["nodes"].get<std::uint32_t>());
    REQUIRE(p.edge_list().size() == ref["ties"].get<std::size_t>());
    auto m = everything(p.view());
    double sum = 0;
    std::size_t matched = 0;
    for (std::uint32_t i = 0; i < p.nodes(); ++i) {
        sum += m.betweenness[i];
        std::string key = "i:" + name_key(g.node(p.origin[i]).name);
        auto it = ref["betweenness"].find(key);
        if (it == ref["betweenness"].end()) continue;
        ++matched;
        double w = it->get<double>(), h = ref["harmonic"][key].get<double>();
        INFO(key << ": got " << m.betweenness[i] << ", igraph " << w);
        CHECK(std::fabs(m.betweenness[i] - w) <= 1e-9 * std::max(1.0, std::fabs(w)));
        CHECK(std::fabs(m.harmonic[i] - h) <= 1e-9 * std::max(1.0, h));
    }
    CHECK(matched == ref["betweenness"].size());
    CHECK(std::fabs(sum - ref["betweenness_sum"].get<double>()) <= 1e-9 * ref["betweenness_sum"].get<double>());
}
