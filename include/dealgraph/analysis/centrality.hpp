#pragma once
// Centrality measures over an undirected graph given as a CSR view (the bipartite
// graph or a projection). Free functions: graph and options in, one score per node out.
//
// Conventions (each matches NetworkX 2.8 with the arguments named; tests check it):
//  - degree(v): number of neighbours. strength(v): sum of incident edge weights
//    (the degree when the view is unweighted).
//  - betweenness: Brandes (2001) on unweighted shortest paths; each unordered pair
//    {s, t} counted once, so the middle node of a 3-node path scores 1
//    (nx.betweenness_centrality(G, normalized=False)). Normalisations:
//      standard:  divided by (n-1)(n-2)/2, the number of pairs not involving v
//                 (nx ... normalized=True);
//      bipartite: Borgatti & Everett (1997): divided by the largest value a node of
//                 its side can have given the sizes of the two sides
//                 (nx.bipartite.betweenness_centrality).
//  - harmonic(v): sum over u != v of 1/d(v,u), unreachable nodes adding 0
//    (nx.harmonic_centrality); works on disconnected graphs.
//  - closeness(v): (r-1) / sum of d(v,u) over the r-1 other nodes u reachable from v,
//    i.e. within v's component; 0 for an isolated node
//    (nx.closeness_centrality(G, wf_improved=False)).
//  - eigenvector: the leading eigenvector of the adjacency matrix of the LARGEST
//    connected component (most nodes; ties: the one with the smallest node index),
//    scaled to unit Euclidean norm, positive; 0 outside that component. Power
//    iteration on A + I (Perron vector of a bipartite graph without oscillation),
//    as nx.eigenvector_centrality does on that component.
//  - pagerank: damping d (0.85); a node with no edges is dangling and its score is
//    spread evenly over all nodes; scores sum to 1; iterated from the uniform vector
//    until the L1 change is below 1e-10. Weighted: a walker leaves v along edge
//    (v,u) with probability w(v,u) / strength(v) (nx.pagerank). Boost's page_rank
//    is not used: it runs a fixed 20 iterations, drops dangling mass and does not
//    normalise.
// Shortest-path measures cost O(n m) time and O(n + m) memory per thread; they run
// on all cores with a fixed assignment of work, so results are identical whatever
// the number of threads.
//
// Exact betweenness runs Brandes on a reduced graph with the same results: degree-1
// nodes folded into their neighbour (Baglioni, Geraci, Pellegrini & Lastres 2012) and
// twins merged with a multiplicity: nodes with identical neighbour sets, and adjacent
// nodes with identical closed neighbourhoods (Puzis et al. 2015), eight sources per
// sweep (Then et al. 2014); see src/analysis/betweenness.hpp. Its cost is O(n' m') for
// the n' merged nodes and m' edges of the 2-core, and closeness and harmonic come from
// the same sweeps.
// Approximate betweenness (Riondato & Kornaropoulos 2016) samples r shortest paths
// between uniformly random pairs: with probability at least 1 - delta, every node's
// b(v) / (n(n-1)) is within epsilon of the exact value, i.e. the unnormalised value
// (unordered pairs) is within epsilon n(n-1)/2. r = (0.5/eps^2)(floor(log2(VD-2)) + 1
// + ln(1/delta)), VD an upper bound on the vertex diameter. `automatic` is exact unless
// the reduced graph's n' (n' + 2m') exceeds `exact_work_limit`.

#include <cstdint>
#include <span>
#include <vector>

#include "dealgraph/graph/csr.hpp"

namespace dealgraph {

enum class BetweennessNormalization : std::uint8_t { none, standard, bipartite };
enum class BetweennessMethod : std::uint8_t { automatic, exact, approximate };

/// How betweenness was computed: exact, or sampled with its guarantee.
struct BetweennessInfo {
    bool approximate = false;
    double epsilon = 0;
    double delta = 0;
    std::uint64_t samples = 0;
};

struct ShortestPathOptions {
    bool betweenness = true;
    bool closeness = true;  // closeness and harmonic
    BetweennessNormalization normalization = BetweennessNormalization::none;
    /// For the bipartite normalisation: nodes [0, split) are one side, the rest the other.
    std::uint32_t bipartite_split = 0;
    unsigned threads = 0;  // 0: all hardware threads
    BetweennessMethod method = BetweennessMethod::automatic;
    double epsilon = 0.01;  // approximate: additive error on b(v) / (n(n-1))
    double delta = 0.1;     // approximate: probability that some node misses it
    std::uint64_t seed = 42;
    /// automatic: sampled when the reduced graph's n' (n' + 2m') is above this (about
    /// 15 s of exact work on 2 cores since the batched sweep; Crunchbase 2013 is 1.5e9).
    double exact_work_limit = 1e10;
};

struct ShortestPathMeasures {
    std::vector<double> betweenness;  // empty unless asked
    BetweennessInfo betweenness_info;
    std::vector<double> closeness;
    std::vector<double> harmonic;
};

/// Betweenness, closeness and harmonic closeness in one all-pairs BFS pass.
ShortestPathMeasures shortest_path_measures(const CsrView& graph, const ShortestPathOptions& options = {});

std::vector<double> degree(const CsrView& graph);
std::vector<double> strength(const CsrView& graph);

struct EigenvectorOptions {
    double tolerance = 1e-13;  // stop when the L1 change per node is below this
    std::uint32_t max_iterations = 100000;
};
std::vector<double> eigenvector(const CsrView& graph, const EigenvectorOptions& options = {});

struct PageRankOptions {
    double damping = 0.85;
    double tolerance = 1e-10;  // L1 change between iterations
    std::uint32_t max_iterations = 100000;
};
std::vector<double> pagerank(const CsrView& graph, const PageRankOptions& options = {});

/// HITS (Kleinberg 1999) on the directed investor -> startup graph: nodes [0, split)
/// are investors (hubs), the rest startups (authorities). Scores are the leading
/// singular vectors of the investor x startup matrix (weighted when the view is),
/// each side scaled to sum to 1 (nx.hits); a node's score on the other role is 0.
struct HitsResult {
    std::vector<double> hub;
    std::vector<double> authority;
};
HitsResult hits(const CsrView& graph, std::uint32_t split, double tolerance = 1e-13);

/// Connected components, numbered 0.. in the order of their smallest node.
std::vector<std::uint32_t> connected_components(const CsrView& graph);
/// k-core number of each node (Batagelj & Zaversnik 2003), ignoring weights.
std::vector<std::uint32_t> core_numbers(const CsrView& graph);

}  // namespace dealgraph
