#include "dealgraph/analysis/node_measures.hpp"

#include <algorithm>
#include <numeric>

#include "dealgraph/model/error.hpp"

namespace dealgraph {
namespace {

constexpr std::array<std::string_view, 9> measure_names{
    "degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank", "hub", "authority"};

void rank(NodeMeasures& r) {
    r.ranking.resize(r.nodes.size());
    std::iota(r.ranking.begin(), r.ranking.end(), 0u);
    if (r.values.empty()) return;
    const auto& key = r.values[0];
    std::stable_sort(r.ranking.begin(), r.ranking.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (key[a] != key[b]) return key[a] > key[b];
        if (r.nodes[a].id != r.nodes[b].id) return r.nodes[a].id < r.nodes[b].id;
        return r.nodes[a].side < r.nodes[b].side;
    });
}

// Fills r.values for a CSR view; `split` marks investors for HITS (0: no HITS).
void compute(NodeMeasures& r, const CsrView& weighted, std::uint32_t split, const NodeMeasureOptions& o) {
    CsrView topo = weighted;
    topo.weights = {};
    CsrView walk = o.weighted ? weighted : topo;
    bool need_sp = false, need_bc = false, need_close = false, need_hits = false;
    for (auto m : r.measures) {
        need_bc = need_bc || m == Measure::betweenness;
        need_close = need_close || m == Measure::closeness || m == Measure::harmonic;
        need_hits = need_hits || m == Measure::hub || m == Measure::authority;
    }
    need_sp = need_bc || need_close;
    ShortestPathMeasures sp;
    if (need_sp) {
        ShortestPathOptions spo;
        spo.betweenness = need_bc;
        spo.closeness = need_close;
        spo.normalization = o.normalization;
        spo.bipartite_split = split;
        spo.threads = o.threads;
        spo.method = o.betweenness_method;
        spo.epsilon = o.epsilon;
        spo.delta = o.delta;
        spo.seed = o.seed;
        sp = shortest_path_measures(topo, spo);
        r.betweenness_info = sp.betweenness_info;
    }
    HitsResult h;
    if (need_hits) h = hits(walk, split);
    for (auto m : r.measures) {
        switch (m) {
            case Measure::degree: r.values.push_back(degree(topo)); break;
            case Measure::strength: r.values.push_back(strength(weighted)); break;
            case Measure::betweenness: r.values.push_back(sp.betweenness); break;
            case Measure::closeness: r.values.push_back(sp.closeness); break;
            case Measure::harmonic: r.values.push_back(sp.harmonic); break;
            case Measure::eigenvector: r.values.push_back(eigenvector(walk)); break;
            case Measure::pagerank: r.values.push_back(pagerank(walk)); break;
            case Measure::hub: r.values.push_back(h.hub); break;
            case Measure::authority: r.values.push_back(h.authority); break;
        }
    }
}

}  // namespace

GraphKind parse_graph_kind(std::string_view text) {
    if (text == "bipartite") return GraphKind::bipartite;
    if (text == "investors") return GraphKind::investors;
    if (text == "startups") return GraphKind::startups;
    throw UsageError("--graph " + std::string(text) + ": expected bipartite, investors or startups");
}

std::string_view to_string(GraphKind k) noexcept {
    return k == GraphKind::bipartite ? "bipartite" : k == GraphKind::investors ? "investors" : "startups";
}

std::string_view to_string(Measure m) noexcept { return measure_names[static_cast<std::size_t>(m)]; }

std::vector<Measure> all_measures(GraphKind kind) {
    std::vector<Measure> all{Measure::degree,   Measure::strength,    Measure::betweenness,
                             Measure::closeness, Measure::harmonic,   Measure::eigenvector, Measure::pagerank};
    if (kind == GraphKind::bipartite) {
        all.push_back(Measure::hub);
        all.push_back(Measure::authority);
    }
    return all;
}

std::vector<Measure> parse_measures(std::string_view list) {
    std::vector<Measure> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(',', start);
        if (end == std::string_view::npos) end = list.size();
        std::string_view word = list.substr(start, end - start);
        auto m = enum_from_name<Measure>(measure_names, word);
        if (!m) {
            std::string names;
            for (auto n : measure_names) names += (names.empty() ? "" : ", ") + std::string(n);
            throw UsageError("--measures: \"" + std::string(word) + "\" is not a measure; expected a comma-separated "
                             "list of " + names);
        }
        if (std::find(out.begin(), out.end(), *m) == out.end()) out.push_back(*m);
        start = end + 1;
    }
    return out;
}

NodeMeasures node_measures(const BipartiteGraph& g, const WeightedGraph& sub, const NodeMeasureOptions& o) {
    NodeMeasures r;
    r.graph = o.graph;
    r.measures = o.measures.empty() ? all_measures(GraphKind::bipartite) : o.measures;
    std::uint32_t split = 0;
    r.nodes.reserve(sub.nodes());
    for (std::uint32_t i = 0; i < sub.nodes(); ++i) {
        std::uint32_t v = sub.origin.empty() ? i : sub.origin[i];
        const NodeInfo& n = g.node(v);
        r.nodes.push_back({v, n.id, n.name, n.side});
        if (n.side == Side::investor) split = i + 1;
    }
    compute(r, sub.view(), split, o);
    rank(r);
    return r;
}

NodeMeasures node_measures(const BipartiteGraph& g, const NodeMeasureOptions& o) {
    NodeMeasures r;
    r.graph = o.graph;
    r.measures = o.measures.empty() ? all_measures(o.graph) : o.measures;
    if (o.graph != GraphKind::bipartite)
        for (auto m : r.measures)
            if (m == Measure::hub || m == Measure::authority)
                throw UsageError("--measures " + std::string(to_string(m)) +
                                 ": hub and authority are defined on the bipartite graph only; use --graph bipartite");
    if (o.graph == GraphKind::bipartite) {
        r.nodes.reserve(g.nodes());
        for (std::uint32_t v = 0; v < g.nodes(); ++v) r.nodes.push_back({v, g.node(v).id, g.node(v).name, g.side(v)});
        // Edge weights only where a measure reads them (strength, or every walk with
        // --weighted): one double an arc, 160 MB at 10M participations.
        bool weights = o.weighted || std::find(r.measures.begin(), r.measures.end(), Measure::strength) != r.measures.end();
        std::vector<double> storage;
        CsrView view = g.view(weights ? o.bipartite_weight : EdgeWeight::none, storage);
        compute(r, view, g.investors(), o);
    } else {
        if (o.normalization == BetweennessNormalization::bipartite)
            throw UsageError("--normalize bipartite applies to the bipartite graph only; use standard or none");
        ProjectionOptions po;
        po.side = o.graph == GraphKind::investors ? Side::investor : Side::startup;
        po.weight = o.projection_weight;
        po.min_weight = o.min_weight;
        WeightedGraph p = project(g, po);
        r.nodes.reserve(p.nodes());
        for (std::uint32_t i = 0; i < p.nodes(); ++i) {
            std::uint32_t v = p.origin[i];
            r.nodes.push_back({v, g.node(v).id, g.node(v).name, g.side(v)});
        }
        compute(r, p.view(), 0, o);
    }
    rank(r);
    return r;
}

}  // namespace dealgraph
