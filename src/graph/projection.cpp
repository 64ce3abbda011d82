#include "dealgraph/graph/projection.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>

#include "dealgraph/model/error.hpp"
#include "dealgraph/model/timing.hpp"

namespace dealgraph {

ProjectionWeight parse_projection_weight(std::string_view text) {
    if (text == "shared") return ProjectionWeight::shared;
    if (text == "deals") return ProjectionWeight::deals;
    if (text == "newman") return ProjectionWeight::newman;
    if (text == "jaccard") return ProjectionWeight::jaccard;
    if (text == "capital") return ProjectionWeight::capital;
    throw UsageError("--weight " + std::string(text) + ": expected shared, deals, newman, jaccard or capital");
}

std::string_view to_string(ProjectionWeight w) noexcept {
    switch (w) {
        case ProjectionWeight::shared: return "shared";
        case ProjectionWeight::deals: return "deals";
        case ProjectionWeight::newman: return "newman";
        case ProjectionWeight::jaccard: return "jaccard";
        case ProjectionWeight::capital: return "capital";
    }
    return "shared";
}

namespace {

// The edge list (16 bytes a tie) and the graph's two rows (12 bytes each way).
constexpr std::uint64_t bytes_per_tie = 40;

std::uint64_t physical_memory() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
}

std::string gib(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
    return text;
}

[[noreturn]] void too_many_ties(const ProjectionOptions& o, std::uint64_t limit) {
    const char* side = o.side == Side::investor ? "investor" : "startup";
    std::string what = "the " + std::string(side) + " projection has more than " + std::to_string(limit) +
                       " ties";
    if (o.max_ties == 0)
        what += " (about " + gib(limit * bytes_per_tie) + ", a quarter of this machine's " +
                gib(physical_memory()) + " of memory)";
    else
        what += ", the limit given";
    what += o.min_weight > 0 ? "; raise --min-weight" : "; keep only heavier ties with --min-weight";
    what += o.side == Side::startup ? ", or project the investors" : ", or project the startups";
    throw UsageError(what);
}

}  // namespace

std::uint64_t automatic_tie_limit() {
    constexpr std::uint64_t rows_limit = std::numeric_limits<std::uint32_t>::max() / 2;  // 2 arcs a tie
    const std::uint64_t memory = physical_memory();
    if (memory == 0) return rows_limit;
    return std::clamp<std::uint64_t>(memory / 4 / bytes_per_tie, 1, rows_limit);
}

WeightedGraph project(const BipartiteGraph& g, const ProjectionOptions& o) {
    PhaseTimer timer("projection");
    const bool inv = o.side == Side::investor;
    const std::uint32_t first = inv ? 0 : g.investors();
    const std::uint32_t count = inv ? g.investors() : g.startups();
    std::vector<WeightedEdge> edges;
    const std::uint64_t limit = o.max_ties > 0 ? o.max_ties : automatic_tie_limit();

    // For each node a, walk its two-paths a - c - b with b > a and accumulate in a
    // dense scratch row indexed by b (touched entries are remembered and reset).
    std::vector<double> acc(count, 0.0);
    std::vector<std::uint32_t> hits(count, 0);  // |N(a) ∩ N(b)|, for jaccard and shared
    // The b seen from the current a, in touched[0, n_touched). Filled without a branch:
    // each b is written past the end, which moves past it only the first time (whether
    // b is new is close to random, and the branch was mispredicted). b > a, so at most
    // count - 1 entries and the slot past them.
    std::vector<std::uint32_t> touched(count);
    std::size_t n_touched = 0;

    // For `deals` on the investor side: co-participation counted per deal.
    std::vector<std::vector<std::uint32_t>> deals_of;  // investor -> counted deal indices
    if (o.weight == ProjectionWeight::deals && inv) {
        deals_of.resize(count);
        auto deals = g.counted_deals();
        for (std::uint32_t k = 0; k < deals.size(); ++k)
            for (auto v : g.deal_investors(deals[k])) deals_of[v].push_back(k);
    }

    // Weights that need more than the count of common neighbours add into acc[b].
    const bool accumulate = o.weight == ProjectionWeight::newman || o.weight == ProjectionWeight::capital ||
                            (o.weight == ProjectionWeight::deals && !inv);
    for (std::uint32_t a = 0; a < count; ++a) {
        std::uint32_t av = first + a;
        n_touched = 0;
        auto nb = g.neighbors(av);
        auto ie = g.incident_edges(av);
        for (std::size_t i = 0; i < nb.size(); ++i) {
            std::uint32_t c = nb[i];
            auto cnb = g.neighbors(c);
            // Neighbours of c are ascending: start after a.
            const auto start = static_cast<std::size_t>(std::upper_bound(cnb.begin(), cnb.end(), av) - cnb.begin());
            if (!accumulate) {
                // The hot loop of shared and jaccard (and investors' deals): one counter per pair.
                for (std::size_t j = start; j < cnb.size(); ++j) {
                    const std::uint32_t b = cnb[j] - first;
                    touched[n_touched] = b;
                    n_touched += hits[b]++ == 0;
                }
                continue;
            }
            const EdgeData& ac = g.edge(ie[i]);
            auto cie = g.incident_edges(c);
            const double newman = cnb.size() > 1 ? 1.0 / static_cast<double>(cnb.size() - 1) : 0.0;
            for (std::size_t j = start; j < cnb.size(); ++j) {
                const std::uint32_t b = cnb[j] - first;
                touched[n_touched] = b;
                n_touched += hits[b]++ == 0;
                switch (o.weight) {
                    case ProjectionWeight::newman: acc[b] += newman; break;
                    case ProjectionWeight::capital:
                        acc[b] += std::min(ac.capital_usd, g.edge(cie[j]).capital_usd);
                        break;
                    case ProjectionWeight::deals: acc[b] += std::min(ac.rounds, g.edge(cie[j]).rounds); break;
                    case ProjectionWeight::shared:
                    case ProjectionWeight::jaccard: break;
                }
            }
        }
        const auto seen = std::span(touched).first(n_touched);
        std::sort(seen.begin(), seen.end());
        for (auto b : seen) {
            double w = 0;
            switch (o.weight) {
                case ProjectionWeight::shared: w = hits[b]; break;
                case ProjectionWeight::jaccard:
                    w = static_cast<double>(hits[b]) /
                        static_cast<double>(g.degree(av) + g.degree(first + b) - hits[b]);
                    break;
                case ProjectionWeight::deals:
                    if (inv) {
                        const auto& da = deals_of[a];
                        const auto& db = deals_of[b];
                        std::size_t common = 0;
                        for (std::size_t x = 0, y = 0; x < da.size() && y < db.size();) {
                            if (da[x] < db[y]) ++x;
                            else if (db[y] < da[x]) ++y;
                            else { ++common; ++x; ++y; }
                        }
                        w = static_cast<double>(common);
                    } else {
                        w = acc[b];
                    }
                    break;
                default: w = acc[b]; break;
            }
            // A pair that shares a startup but never a deal (deals weight) has weight 0.
            if (w > 0 && w >= o.min_weight) {
                if (edges.size() == limit) too_many_ties(o, limit);
                edges.push_back({a, b, w});
            }
            acc[b] = 0;
            hits[b] = 0;
        }
    }
    WeightedGraph p(count, std::move(edges));
    p.origin.resize(count);
    for (std::uint32_t i = 0; i < count; ++i) p.origin[i] = first + i;
    return p;
}

}  // namespace dealgraph
