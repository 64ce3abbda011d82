#include "dealgraph/report/measures_view.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace dealgraph {

std::string short_number(double v) {
    if (v == 0) return "0";
    char buf[32];
    double a = std::fabs(v);
    // Large values (capital, betweenness on big graphs) as whole numbers with
    // thousands separators: 28,754,000,000.
    if (a >= 1e6) {
        std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
        std::string digits = buf, out;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
        }
        return (v < 0 ? "-" : "") + out;
    }
    if (std::floor(v) == v) return exact_number(v);
    if (a >= 1e-4) {
        // 6 significant digits, trailing zeros dropped.
        int decimals = std::max(0, 5 - static_cast<int>(std::floor(std::log10(a))));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        std::string s = buf;
        if (s.find('.') != std::string::npos) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
        }
        return s;
    }
    std::snprintf(buf, sizeof buf, "%.5e", v);
    return buf;
}

namespace {
// {"id", "name", "side", <measure>: value, ...} of the node ranked r.
nlohmann::ordered_json node_json(const NodeMeasures& m, std::size_t r) {
    const std::uint32_t i = m.ranking[r];
    nlohmann::ordered_json j;
    j["id"] = m.nodes[i].id;
    j["name"] = m.nodes[i].name;
    j["side"] = std::string(to_string(m.nodes[i].side));
    for (std::size_t k = 0; k < m.measures.size(); ++k) j[std::string(to_string(m.measures[k]))] = m.values[k][i];
    return j;
}
}  // namespace

nlohmann::ordered_json measures_json(const NodeMeasures& m, std::size_t top) {
    nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
    std::size_t n = top ? std::min(top, m.ranking.size()) : m.ranking.size();
    for (std::size_t r = 0; r < n; ++r) nodes.push_back(node_json(m, r));
    return nodes;
}

std::vector<std::string> measures_header(const NodeMeasures& m) {
    std::vector<std::string> header{"rank", "id", "name", "side"};
    for (auto k : m.measures) header.emplace_back(to_string(k));
    return header;
}

std::vector<std::string> measures_row(const NodeMeasures& m, std::size_t r, bool exact) {
    std::uint32_t i = m.ranking[r];
    std::vector<std::string> row{std::to_string(r + 1), std::string(m.nodes[i].id), std::string(m.nodes[i].name),
                                 std::string(to_string(m.nodes[i].side))};
    for (std::size_t k = 0; k < m.measures.size(); ++k)
        row.push_back(exact ? exact_number(m.values[k][i]) : short_number(m.values[k][i]));
    return row;
}

Table measures_table(const NodeMeasures& m, std::size_t top, bool exact) {
    Table t;
    t.header = measures_header(m);
    t.numeric.assign(t.header.size(), true);
    for (std::size_t c = 1; c < 4; ++c) t.numeric[c] = false;
    std::size_t n = top ? std::min(top, m.ranking.size()) : m.ranking.size();
    for (std::size_t r = 0; r < n; ++r) t.rows.push_back(measures_row(m, r, exact));
    return t;
}

void append_measures_json(std::string& out, const NodeMeasures& m, std::size_t r, std::string_view pad) {
    // dump(2) with `pad` before every line (dump escapes line breaks inside strings, so
    // each "\n" of its text ends one of its own lines).
    const std::string text = node_json(m, r).dump(2);
    out += pad;
    for (char c : text) {
        out += c;
        if (c == '\n') out += pad;
    }
}

}  // namespace dealgraph
