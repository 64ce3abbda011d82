#include "dealgraph/analysis/summary.hpp"

#include <algorithm>

namespace dealgraph {

Summary summarize(const Dataset& data, const BipartiteGraph& g) {
    Summary s;
    s.investors = g.investors();
    s.startups = g.startups();
    const auto& t = g.totals();
    s.deals = t.deals;
    s.participations = t.participations;
    s.edges = g.edges();
    s.capital_usd = t.capital_usd;
    s.unattributed_usd = t.unattributed_usd;
    s.date_from = t.date_from;
    s.date_to = t.date_to;
    s.ties = data.ties.size();

    auto comp = g.components();
    std::vector<std::size_t> sizes;
    for (auto c : comp) {
        if (c >= sizes.size()) sizes.resize(c + 1, 0);
        ++sizes[c];
    }
    s.components = sizes.size();
    s.giant_component = sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end());

    for (auto st : deal_status_names) s.by_status[std::string(st)] = 0;
    for (const auto& d : data.deals) ++s.by_status[std::string(to_string(d.status))];
    for (std::uint32_t v = 0; v < g.nodes(); ++v) {
        const Entity& e = data.entities[g.node(v).entity];
        if (g.side(v) == Side::investor) {
            ++s.by_type[std::string(to_string(e.type))];
        } else if (e.sectors.empty()) {
            ++s.by_sector["unspecified"];
        } else {
            for (const auto& sec : e.sectors) ++s.by_sector[sec];
        }
    }
    return s;
}

}  // namespace dealgraph
