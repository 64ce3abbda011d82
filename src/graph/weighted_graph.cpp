#include "dealgraph/graph/weighted_graph.hpp"

#include <algorithm>
#include <stdexcept>

namespace dealgraph {

WeightedGraph::WeightedGraph(std::uint32_t n, std::vector<WeightedEdge> edges) : n_(n) {
    for (auto& e : edges) {
        if (e.a >= n || e.b >= n) throw std::invalid_argument("WeightedGraph: edge endpoint outside 0..n-1");
        if (e.a > e.b) std::swap(e.a, e.b);
    }
    std::erase_if(edges, [](const WeightedEdge& e) { return e.a == e.b; });
    std::sort(edges.begin(), edges.end(),
              [](const WeightedEdge& x, const WeightedEdge& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    for (const auto& e : edges) {
        if (!edges_.empty() && edges_.back().a == e.a && edges_.back().b == e.b)
            edges_.back().weight += e.weight;
        else
            edges_.push_back(e);
    }
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
