#include "dealgraph/report/summary_view.hpp"

#include <nlohmann/json.hpp>

namespace dealgraph {

nlohmann::ordered_json summary_json(const Summary& s) {
    nlohmann::ordered_json j;
    j["investors"] = s.investors;
    j["startups"] = s.startups;
    j["deals"] = s.deals;
    j["participations"] = s.participations;
    j["edges"] = s.edges;
    j["components"] = s.components;
    j["giant_component"] = s.giant_component;
    j["capital_usd"] = s.capital_usd;
    j["unattributed_usd"] = s.unattributed_usd;
    j["date_from"] = s.date_from ? nlohmann::ordered_json(s.date_from->to_string()) : nlohmann::ordered_json();
    j["date_to"] = s.date_to ? nlohmann::ordered_json(s.date_to->to_string()) : nlohmann::ordered_json();
    j["ties"] = s.ties;
    j["by_status"] = s.by_status;
    j["by_type"] = s.by_type;
    j["by_sector"] = s.by_sector;
    return j;
}

Table summary_table(const Summary& s, bool exact) {
    Table t;
    t.header = {"measure", "value"};
    t.numeric = {false, true};
    auto add = [&](std::string k, std::string v) { t.rows.push_back({std::move(k), std::move(v)}); };
    auto money = [&](double v) { return exact ? exact_number(v) : human_usd(v); };
    add("investors", std::to_string(s.investors));
    add("startups", std::to_string(s.startups));
    add("deals", std::to_string(s.deals));
    add("participations", std::to_string(s.participations));
    add("edges", std::to_string(s.edges));
    add("components", std::to_string(s.components));
    add("giant_component", std::to_string(s.giant_component));
    add("capital_usd", money(s.capital_usd));
    add("unattributed_usd", money(s.unattributed_usd));
    add("date_from", s.date_from ? s.date_from->to_string() : "");
    add("date_to", s.date_to ? s.date_to->to_string() : "");
    add("ties", std::to_string(s.ties));
    for (const auto& [k, v] : s.by_status) add("by_status." + k, std::to_string(v));
    for (const auto& [k, v] : s.by_type) add("by_type." + k, std::to_string(v));
    for (const auto& [k, v] : s.by_sector) add("by_sector." + k, std::to_string(v));
    return t;
}

}  // namespace dealgraph
