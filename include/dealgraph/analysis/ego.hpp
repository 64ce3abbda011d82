#pragma once
// The neighbourhood of one node: everything within a few hops in the bipartite graph.

#include <cstdint>
#include <vector>

#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/graph/weighted_graph.hpp"

namespace dealgraph {

struct EgoOptions {
    /// Hops from the centre. Around a startup: 1 = its investors, 2 = also their
    /// other startups, 3 = also those startups' other investors (co-investors).
    std::uint32_t depth = 2;
};

struct EgoNetwork {
    std::uint32_t center = 0;
    std::vector<std::uint32_t> nodes;     // bipartite node indices, ascending
    std::vector<std::uint32_t> distance;  // hops from the centre, parallel to nodes
    /// The induced subgraph over positions in `nodes` (origin = nodes), each edge
    /// weighted by its number of rounds.
    WeightedGraph subgraph;
    std::vector<std::uint32_t> edge_of;   // bipartite edge index of each subgraph edge
};

/// Breadth-first search from `center` to `depth` hops, then the induced subgraph.
EgoNetwork ego_network(const BipartiteGraph& graph, std::uint32_t center, const EgoOptions& options = {});

}  // namespace dealgraph
