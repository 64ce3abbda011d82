#pragma once
// Ranked node measures (centrality, ego networks) as JSON and tables.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/analysis/node_measures.hpp"
#include "dealgraph/report/output.hpp"

namespace dealgraph {

/// [{"id", "name", "side", <measure>: value, ...}, ...] in ranking order, the first
/// `top` (0: all).
nlohmann::ordered_json measures_json(const NodeMeasures& m, std::size_t top);
/// rank, id, name, side and one column per measure; `exact` prints every digit
/// (CSV), otherwise 6 significant digits.
Table measures_table(const NodeMeasures& m, std::size_t top, bool exact);
/// measures_table's header, and its row for the node ranked r (0-based), for output
/// written row by row.
std::vector<std::string> measures_header(const NodeMeasures& m);
std::vector<std::string> measures_row(const NodeMeasures& m, std::size_t r, bool exact);
/// Appends the node ranked r as measures_json's element, as nlohmann's dump(2) prints it
/// with `pad` before its braces (no line end after the closing one).
void append_measures_json(std::string& out, const NodeMeasures& m, std::size_t r, std::string_view pad);

/// A number for people: 6 significant digits, no exponent for ordinary magnitudes.
std::string short_number(double v);

}  // namespace dealgraph
