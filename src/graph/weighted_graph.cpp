#include "dealgraph/graph/weighted_graph.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <stdexcept>

namespace dealgraph {

WeightedGraph::WeightedGraph(std::uint32_t n, std::vector<WeightedEdge> edges) : n_(n) {
    for (auto& e : edges) {
        if (e.a >= n || e.b >= n) throw std::invalid_argument("WeightedGraph: edge endpoint outside 0..n-1");
        if (e.a > e.b) std::swap(e.a, e.b);
    }
    std::erase_if(edges, [](const WeightedEdge& e) { return e.a == e.b; });
    auto before = [](const WeightedEdge& x, const WeightedEdge& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; };
    // Projections come strictly ascending already (no equal pairs, so sorting could not
    // reorder anything): skip the sort then.
    bool ascending = true;
    for (std::size_t i = 1; i < edges.size() && ascending; ++i) ascending = before(edges[i - 1], edges[i]);
    if (!ascending) std::sort(edges.begin(), edges.end(), before);
    // Merge parallel edges in place, then keep the vector: no second copy of the list.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (kept > 0 && edges[kept - 1].a == edges[i].a && edges[kept - 1].b == edges[i].b)
            edges[kept - 1].weight += edges[i].weight;
        else
            edges[kept++] = edges[i];
    }
    // Rows are numbered with 32 bits, two arcs a tie.
    if (kept > std::numeric_limits<std::uint32_t>::max() / 2)
        throw std::length_error("WeightedGraph: " + std::to_string(kept) + " edges; at most 2^31 - 1");
    edges.resize(kept);
    edges.shrink_to_fit();
    edges_ = std::move(edges);
    offsets_.assign(std::size_t{n} + 1, 0);
    for (const auto& e : edges_) {
        ++offsets_[e.a + 1];
        ++offsets_[e.b + 1];
    }
    for (std::uint32_t v = 0; v < n; ++v) offsets_[v + 1] += offsets_[v];
    targets_.resize(2 * edges_.size());
    weights_.resize(2 * edges_.size());
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    // Edges sorted by (a, b) fill each row in ascending order: the neighbours u < v
    // (edges (u, v), in u order) come before the neighbours w > v (edges (v, w), in w order).
    for (const auto& e : edges_) {
        targets_[fill[e.a]] = e.b;
        weights_[fill[e.a]++] = e.weight;
        targets_[fill[e.b]] = e.a;
        weights_[fill[e.b]++] = e.weight;
    }
}

}  // namespace dealgraph
