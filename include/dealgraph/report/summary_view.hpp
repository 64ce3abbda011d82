#pragma once
// `dealgraph summary` in each output format.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "dealgraph/analysis/summary.hpp"
#include "dealgraph/report/output.hpp"

namespace dealgraph {

/// JSON object with the keys of Summary (dates as text or null, money as numbers).
nlohmann::ordered_json summary_json(const Summary& s);
/// Two columns, measure and value; money rounded for people unless `exact`.
Table summary_table(const Summary& s, bool exact);

}  // namespace dealgraph
