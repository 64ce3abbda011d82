#pragma once
// A read-only view of an undirected graph in compressed sparse rows: what every
// analysis traverses, whichever graph it came from.

#include <cstdint>
#include <span>

namespace dealgraph {

/// Node v's neighbours are targets[offsets[v] .. offsets[v+1]); each undirected edge
/// appears once in each direction. `weights`, when not empty, runs parallel to
/// `targets` (the same weight in both directions).
struct CsrView {
    std::uint32_t n = 0;
    std::span<const std::uint32_t> offsets;  // n + 1 entries
    std::span<const std::uint32_t> targets;
    std::span<const double> weights;

    [[nodiscard]] std::span<const std::uint32_t> neighbors(std::uint32_t v) const noexcept {
        return targets.subspan(offsets[v], offsets[v + 1] - offsets[v]);
    }
    [[nodiscard]] std::span<const double> neighbor_weights(std::uint32_t v) const noexcept {
        return weights.subspan(offsets[v], offsets[v + 1] - offsets[v]);
    }
    [[nodiscard]] std::uint32_t degree(std::uint32_t v) const noexcept { return offsets[v + 1] - offsets[v]; }
    [[nodiscard]] bool weighted() const noexcept { return !weights.empty(); }
    /// Number of undirected edges.
    [[nodiscard]] std::uint64_t edges() const noexcept { return targets.size() / 2; }
};

}  // namespace dealgraph
