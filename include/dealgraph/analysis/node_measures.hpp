#pragma once
// Several centrality measures for every node of the bipartite graph or a projection,
// ranked: what `dealgraph centrality` and `dealgraph ego` print.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/graph/projection.hpp"

namespace dealgraph {

enum class GraphKind : std::uint8_t { bipartite, investors, startups };
GraphKind parse_graph_kind(std::string_view text);  // throws UsageError
std::string_view to_string(GraphKind k) noexcept;

/// The measures, in the order they are listed and ranked by.
enum class Measure : std::uint8_t {
    degree, strength, betweenness, closeness, harmonic, eigenvector, pagerank, hub, authority
};
std::string_view to_string(Measure m) noexcept;
/// Parses a comma-separated list ("pagerank,degree"); throws UsageError.
std::vector<Measure> parse_measures(std::string_view list);
/// Every measure that applies to the graph kind (hub and authority: bipartite only).
std::vector<Measure> all_measures(GraphKind kind);

struct NodeMeasureOptions {
    GraphKind graph = GraphKind::bipartite;
    std::vector<Measure> measures;  // empty: all that apply
    /// Bipartite edges' weight for strength, and for the weighted variants.
    EdgeWeight bipartite_weight = EdgeWeight::capital;
    /// Projection weight and threshold (investors and startups graphs).
    ProjectionWeight projection_weight = ProjectionWeight::shared;
    double min_weight = 0;
    BetweennessNormalization normalization = BetweennessNormalization::none;
    /// PageRank, eigenvector and HITS use the edge weights (otherwise every edge is 1).
    bool weighted = false;
    unsigned threads = 0;
    /// Betweenness: exact, sampled, or automatic (exact unless the reduced graph is too
    /// big; see ShortestPathOptions), with the sampling guarantee and seed.
    BetweennessMethod betweenness_method = BetweennessMethod::automatic;
    double epsilon = 0.01;
    double delta = 0.1;
    std::uint64_t seed = 42;
};

/// A measured node. `id` and `name` view the bipartite graph's node table: they stay
/// valid while the graph given to node_measures() lives (a copy of each would take
/// about 100 bytes a node, 250 MB at 10M participations).
struct NodeLabel {
    std::uint32_t node;  // bipartite node index
    std::string_view id;
    std::string_view name;
    Side side;
};

struct NodeMeasures {
    GraphKind graph = GraphKind::bipartite;
    std::vector<NodeLabel> nodes;
    std::vector<Measure> measures;
    std::vector<std::vector<double>> values;  // values[k][i]: measure k of node i
    /// Node positions ranked by the first measure, highest first; ties by id, then
    /// investor before startup.
    std::vector<std::uint32_t> ranking;
    /// How betweenness was computed, when it was.
    BetweennessInfo betweenness_info;
};

/// Computes the measures on the chosen graph (projections are built here).
NodeMeasures node_measures(const BipartiteGraph& graph, const NodeMeasureOptions& options);

/// Measures on an arbitrary weighted graph whose nodes stand for bipartite nodes
/// (`g.origin`), e.g. an ego network; `split` > 0 marks [0, split) as investors for HITS.
NodeMeasures node_measures(const BipartiteGraph& graph, const WeightedGraph& g, const NodeMeasureOptions& options);

}  // namespace dealgraph
