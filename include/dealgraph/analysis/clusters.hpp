#pragma once
// Everything `dealgraph clusters` reports, computed in one place: components of the
// bipartite graph and of a projection, Leiden communities and k-core numbers of the
// projection, and syndicates (maximal bicliques) of the bipartite graph.

#include <cstdint>
#include <vector>

#include "dealgraph/analysis/community.hpp"
#include "dealgraph/analysis/syndicates.hpp"
#include "dealgraph/graph/projection.hpp"

namespace dealgraph {

struct ClusterOptions {
    ProjectionOptions projection;  // which side, weight and threshold
    LeidenOptions leiden;
    /// Leiden runs with seeds seed, seed+1, ...; the partition with the highest
    /// modularity is kept (ties: the earliest seed). Each run is a local optimum, so a
    /// few runs give a steadier answer than one.
    std::uint32_t runs = 5;
    SyndicateOptions syndicates;
};

struct Component {
    std::uint32_t id = 0;
    std::vector<std::uint32_t> members;  // bipartite node indices, ascending
};

struct Clusters {
    WeightedGraph projection;                    // origin: bipartite nodes
    std::vector<Component> bipartite_components;  // largest first, ties by smallest member
    std::vector<Component> projection_components;
    CommunityResult communities;                  // over projection nodes; members as bipartite nodes
    std::uint64_t best_seed = 0;
    std::vector<std::uint32_t> core;              // k-core number of each projection node
    SyndicateResult syndicates;
};

Clusters clusters(const BipartiteGraph& graph, const ClusterOptions& options);

}  // namespace dealgraph
