#pragma once
// Headline counts of a data set and its graph.

#include <map>
#include <optional>
#include <string>

#include "dealgraph/graph/bipartite.hpp"

namespace dealgraph {

/// What `dealgraph summary` prints. Graph counts follow the options the graph was
/// built with (statuses, dates, roll-up); `by_status` counts every loaded deal.
struct Summary {
    std::size_t investors = 0;        // investor nodes (with at least one counted deal)
    std::size_t startups = 0;         // startup nodes
    std::size_t deals = 0;            // deals counted (status and date filters passed)
    std::size_t participations = 0;   // (deal, investor) pairs counted; after roll-up
    std::size_t edges = 0;            // distinct (investor, startup) pairs
    std::size_t components = 0;       // connected components of the bipartite graph
    std::size_t giant_component = 0;  // nodes in the largest component
    double capital_usd = 0;           // capital attributed to named investors
    double unattributed_usd = 0;      // counted amounts not attributed (unnamed investors)
    std::optional<Date> date_from, date_to;  // earliest and latest counted deal
    std::size_t ties = 0;             // non-equity ties loaded
    std::map<std::string, std::size_t> by_status;  // every loaded deal, by status
    std::map<std::string, std::size_t> by_type;    // investor nodes by entity type
    std::map<std::string, std::size_t> by_sector;  // startup nodes by sector ("unspecified" if none)
};

Summary summarize(const Dataset& data, const BipartiteGraph& graph);

}  // namespace dealgraph
