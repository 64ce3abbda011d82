#pragma once
// An undirected weighted graph in compressed sparse rows: the investor and startup
// projections, ego networks, and any graph an analysis builds.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dealgraph/graph/csr.hpp"

namespace dealgraph {

struct WeightedEdge {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    double weight = 1;
    friend bool operator==(const WeightedEdge&, const WeightedEdge&) = default;
};

class WeightedGraph {
public:
    WeightedGraph() = default;
    /// Builds from an edge list over nodes 0..n-1. Self-loops are dropped; parallel
    /// edges are merged by adding their weights. Throws std::invalid_argument for a
    /// node outside 0..n-1.
    WeightedGraph(std::uint32_t n, std::vector<WeightedEdge> edges);

    [[nodiscard]] std::uint32_t nodes() const noexcept { return n_; }
    [[nodiscard]] std::uint64_t edges() const noexcept { return edges_.size(); }
    /// Edges with a < b, sorted by (a, b).
    [[nodiscard]] std::span<const WeightedEdge> edge_list() const noexcept { return edges_; }
    [[nodiscard]] CsrView view() const noexcept { return {n_, offsets_, targets_, weights_}; }
    [[nodiscard]] std::span<const std::uint32_t> neighbors(std::uint32_t v) const noexcept {
        return view().neighbors(v);
    }
    [[nodiscard]] std::span<const double> neighbor_weights(std::uint32_t v) const noexcept {
        return view().neighbor_weights(v);
    }
    [[nodiscard]] std::uint32_t degree(std::uint32_t v) const noexcept { return offsets_[v + 1] - offsets_[v]; }

    /// Optional labels: for a projection, the bipartite node each node stands for.
    std::vector<std::uint32_t> origin;

private:
    std::uint32_t n_ = 0;
    std::vector<WeightedEdge> edges_;
    std::vector<std::uint32_t> offsets_{0};
    std::vector<std::uint32_t> targets_;
    std::vector<double> weights_;
};

}  // namespace dealgraph
