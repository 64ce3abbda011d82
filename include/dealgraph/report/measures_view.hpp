#pragma once
// Ranked node measures (centrality, ego networks) as JSON and tables.

#include <nlohmann/json_fwd.hpp>

#include "dealgraph/analysis/node_measures.hpp"
#include "dealgraph/report/output.hpp"

namespace dealgraph {

/// [{"id", "name", "side", <measure>: value, ...}, ...] in ranking order, the first
/// `top` (0: all).
nlohmann::ordered_json measures_json(const NodeMeasures& m, std::size_t top);
/// rank, id, name, side and one column per measure; `exact` prints every digit
/// (CSV), otherwise 6 significant digits.
Table measures_table(const NodeMeasures& m, std::size_t top, bool exact);

/// A number for people: 6 significant digits, no exponent for ordinary magnitudes.
std::string short_number(double v);

}  // namespace dealgraph
