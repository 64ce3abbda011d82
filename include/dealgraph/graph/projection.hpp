#pragma once
// One-mode projections of the bipartite graph: investors linked by the startups they
// backed together (co-investment), startups linked by the investors they share.

#include <cstdint>
#include <string_view>

#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/graph/weighted_graph.hpp"

namespace dealgraph {

/// How a projected tie between a and b (same side) is weighted, over their common
/// neighbours C = N(a) ∩ N(b) on the other side:
///  - shared:  |C|, the number of startups (investors) in common.
///  - deals:   investors: the number of counted deals both took part in (syndication);
///             startups: the sum over c in C of min(rounds(c,a), rounds(c,b)).
///  - newman:  sum over c in C of 1 / (deg(c) - 1) (Newman 2001, collaboration weights).
///  - jaccard: |C| / |N(a) ∪ N(b)|.
///  - capital: sum over c in C of min(capital(a,c), capital(b,c)) in US dollars.
enum class ProjectionWeight : std::uint8_t { shared, deals, newman, jaccard, capital };

/// Parses shared|deals|newman|jaccard|capital; throws UsageError otherwise.
ProjectionWeight parse_projection_weight(std::string_view text);
std::string_view to_string(ProjectionWeight w) noexcept;

struct ProjectionOptions {
    Side side = Side::investor;
    ProjectionWeight weight = ProjectionWeight::shared;
    double min_weight = 0;  // ties with a smaller weight are dropped while building
    /// The most ties kept before project() gives up with a UsageError; 0: automatic,
    /// automatic_tie_limit().
    std::uint64_t max_ties = 0;
};

/// Every node of the side (isolated ones too), numbered as in the bipartite graph
/// minus the side's offset; `origin[i]` is the bipartite node. Built sparse: the cost
/// follows the number of two-paths, not n². A side whose nodes share hubs can have
/// billions of ties (a startup projection: every pair of startups one big investor
/// backed); past `max_ties` kept ties, project() throws a UsageError that names the
/// side, the count and what to change, instead of exhausting memory.
WeightedGraph project(const BipartiteGraph& graph, const ProjectionOptions& options);

/// The automatic tie limit: as many ties as fit in a quarter of this machine's memory,
/// at about 40 bytes each (the edge list and both rows of the graph built from it), and
/// at most 2^31 - 1 (the graph's rows are numbered with 32 bits).
std::uint64_t automatic_tie_limit();

}  // namespace dealgraph
