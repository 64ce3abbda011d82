#include "dealgraph/analysis/ego.hpp"

#include <algorithm>

namespace dealgraph {

EgoNetwork ego_network(const BipartiteGraph& g, std::uint32_t center, const EgoOptions& o) {
    EgoNetwork ego;
    ego.center = center;
    std::vector<std::uint32_t> dist(g.nodes(), UINT32_MAX);
    std::vector<std::uint32_t> queue{center};
    dist[center] = 0;
    for (std::size_t h = 0; h < queue.size(); ++h) {
        std::uint32_t v = queue[h];
        if (dist[v] == o.depth) continue;
        for (auto u : g.neighbors(v))
            if (dist[u] == UINT32_MAX) {
                dist[u] = dist[v] + 1;
                queue.push_back(u);
            }
    }
    std::sort(queue.begin(), queue.end());
    ego.nodes = queue;
    std::vector<std::uint32_t> pos(g.nodes(), UINT32_MAX);
    for (std::uint32_t i = 0; i < queue.size(); ++i) {
        pos[queue[i]] = i;
        ego.distance.push_back(dist[queue[i]]);
    }
    std::vector<WeightedEdge> edges;
    std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t>> edge_ids;
    for (std::uint32_t e = 0; e < g.edges(); ++e) {
        const EdgeData& d = g.edge(e);
        if (pos[d.investor] == UINT32_MAX || pos[d.startup] == UINT32_MAX) continue;
        std::uint32_t a = pos[d.investor], b = pos[d.startup];
        edges.push_back({a, b, static_cast<double>(d.rounds)});
        edge_ids.push_back({{std::min(a, b), std::max(a, b)}, e});
    }
    ego.subgraph = WeightedGraph(static_cast<std::uint32_t>(queue.size()), std::move(edges));
    ego.subgraph.origin = ego.nodes;
    std::sort(edge_ids.begin(), edge_ids.end());
    for (const auto& [k, e] : edge_ids) ego.edge_of.push_back(e);
    return ego;
}

}  // namespace dealgraph
