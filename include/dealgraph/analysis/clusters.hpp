#pragma once
// Everything `dealgraph clusters` reports, computed in one place: components of the
// bipartite graph and of a projection, Leiden communities and k-core numbers of the
// projection, and syndicates (maximal bicliques) of the bipartite graph. Each part can
// be asked for alone, so a caller who wants one does not pay for the others.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dealgraph/analysis/community.hpp"
#include "dealgraph/analysis/syndicates.hpp"
#include "dealgraph/graph/projection.hpp"

namespace dealgraph {

/// Which parts clusters() computes. The projection is built when any of components,
/// communities or kcore is asked for; syndicates work on the bipartite graph alone.
struct ClusterParts {
    bool components = true;   // bipartite_components and projection_components
    bool communities = true;  // communities and best_seed
    bool kcore = true;        // core
    bool syndicates = true;   // syndicates
};

struct ClusterOptions {
    ProjectionOptions projection;  // which side, weight and threshold
    LeidenOptions leiden;
    /// Leiden runs with seeds seed, seed+1, ...; the partition with the highest
    /// modularity is kept (ties: the earliest seed). Each run is a local optimum, so a
    /// few runs give a steadier answer than one.
    std::uint32_t runs = 5;
    /// Threads for the Leiden runs (each run is sequential; runs go in parallel).
    /// 0: std::thread::hardware_concurrency(). The kept partition is the same for any
    /// number of threads: the pick above does not depend on which run finished first.
    unsigned threads = 0;
    /// Called as each Leiden run ends, with the runs ended so far (1, 2, ...) and
    /// `runs`: for a progress line. Called from the threads that run them, never two
    /// calls at once.
    /// leiden_runs_done() words it as the command line and the report show it.
    std::function<void(std::uint32_t done, std::uint32_t runs)> on_leiden_run;
    ClusterParts parts;
    SyndicateOptions syndicates;
};

struct Component {
    std::uint32_t id = 0;
    std::vector<std::uint32_t> members;  // bipartite node indices, ascending
};

/// Parts not asked for stay empty (projection: no nodes when no part needs it).
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

/// The best of `runs` Leiden runs with seeds options.seed, options.seed + 1, ...: the
/// highest modularity, ties to the earliest seed (what a sequential loop keeps), run on
/// up to `threads` threads (0: hardware concurrency). `best_seed`, when not null, gets
/// the seed of the kept run. Same result for any number of threads. `on_run`, when
/// set, is called as each run ends, as ClusterOptions::on_leiden_run.
CommunityResult best_leiden(const CsrView& graph, const LeidenOptions& options, std::uint32_t runs,
                            unsigned threads = 0, std::uint64_t* best_seed = nullptr,
                            const std::function<void(std::uint32_t done, std::uint32_t runs)>& on_run = {});

/// How far the Leiden runs have got, in words: "2 of 5 Leiden runs done".
std::string leiden_runs_done(std::uint32_t done, std::uint32_t runs);

}  // namespace dealgraph
