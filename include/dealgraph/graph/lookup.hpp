#pragma once
// Finding a node from what a user typed: an id, a name, or something close to one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/graph/bipartite.hpp"

namespace dealgraph {

/// The node whose id (or, failing that, whose name, case-folded) is `text`, on
/// `side` when given; startups are tried before investors. Throws UsageError naming
/// `flag` and suggesting the closest ids when nothing matches.
std::uint32_t resolve_node(const BipartiteGraph& graph, std::string_view text, std::optional<Side> side,
                           std::string_view flag);

/// Up to `k` node ids closest to `text` (edit distance on ids and names, then
/// substring matches), closest first, ties by id.
std::vector<std::string> closest_ids(const BipartiteGraph& graph, std::string_view text, std::size_t k = 3);

}  // namespace dealgraph
