#include "dealgraph/graph/bipartite.hpp"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/connected_components.hpp>
#include <charconv>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "dealgraph/model/error.hpp"
#include "dealgraph/model/string_index.hpp"
#include "dealgraph/model/timing.hpp"

namespace dealgraph {

using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                               boost::no_property, std::uint32_t, std::uint32_t>;

struct BipartiteGraph::Impl {
    Csr csr;
};

BipartiteGraph::BipartiteGraph() : impl_(std::make_unique<Impl>()) {}
BipartiteGraph::BipartiteGraph(BipartiteGraph&&) noexcept = default;
BipartiteGraph& BipartiteGraph::operator=(BipartiteGraph&&) noexcept = default;
BipartiteGraph::~BipartiteGraph() = default;

Attribution Attribution::parse(std::string_view text) {
    if (text == "equal") return {};
    if (text.starts_with("lead=")) {
        std::string_view num = text.substr(5);
        double f = -1;
        auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), f);
        if (ec == std::errc{} && end == num.data() + num.size() && f >= 0 && f <= 1)
            return {Mode::lead, f};
    }
    throw UsageError("--attribution " + std::string(text) +
                     ": expected \"equal\" or \"lead=F\" with F between 0 and 1 (e.g. lead=0.5)");
}

std::string Attribution::to_string() const {
    if (mode == Mode::equal) return "equal";
    char buf[32];
    std::snprintf(buf, sizeof buf, "lead=%g", lead_share);
    return buf;
}

std::uint32_t BipartiteGraph::nodes() const noexcept { return static_cast<std::uint32_t>(nodes_.size()); }

std::span<const std::uint32_t> BipartiteGraph::neighbors(std::uint32_t v) const noexcept {
    const auto& f = impl_->csr.m_forward;
    return {f.m_column.data() + f.m_rowstart[v], f.m_rowstart[v + 1] - f.m_rowstart[v]};
}

std::span<const std::uint32_t> BipartiteGraph::incident_edges(std::uint32_t v) const noexcept {
    const auto& f = impl_->csr.m_forward;
    return {arc_edge_.data() + f.m_rowstart[v], f.m_rowstart[v + 1] - f.m_rowstart[v]};
}

CsrView BipartiteGraph::view() const noexcept {
    const auto& f = impl_->csr.m_forward;
    return {nodes(), f.m_rowstart, f.m_column, {}};
}

CsrView BipartiteGraph::view(EdgeWeight weight, std::vector<double>& storage) const {
    CsrView v = view();
    if (weight == EdgeWeight::none) return v;
    storage.resize(arc_edge_.size());
    for (std::size_t i = 0; i < arc_edge_.size(); ++i) {
        const EdgeData& e = edges_[arc_edge_[i]];
        storage[i] = weight == EdgeWeight::rounds ? e.rounds : e.capital_usd;
    }
    v.weights = storage;
    return v;
}

std::optional<std::uint32_t> BipartiteGraph::find(Side s, std::string_view id) const {
    auto first = nodes_.begin() + (s == Side::investor ? 0 : investors_);
    auto last = s == Side::investor ? nodes_.begin() + investors_ : nodes_.end();
    auto it = std::lower_bound(first, last, id, [](const NodeInfo& n, std::string_view x) { return n.id < x; });
    if (it == last || it->id != id) return std::nullopt;
    return static_cast<std::uint32_t>(it - nodes_.begin());
}

std::vector<std::uint32_t> BipartiteGraph::components() const {
    PhaseTimer timer("components");
    std::vector<std::uint32_t> comp(nodes());
    if (comp.empty()) return comp;
    // The CSR holds both directions of each edge, so strong = weak components here;
    // connected_components works on the directed CSR through its out-edges.
    boost::connected_components(impl_->csr, comp.data());
    // Renumber by smallest member so the numbering does not depend on Boost's order.
    std::vector<std::uint32_t> rename(nodes(), UINT32_MAX);
    std::uint32_t next = 0;
    for (auto& c : comp) {
        if (rename[c] == UINT32_MAX) rename[c] = next++;
        c = rename[c];
    }
    return comp;
}

namespace {

struct Share {
    std::uint32_t investor;  // entity index (after roll-up)
    double capital;
    bool lead;
};

// Splits a deal's amount among its investors (see Attribution).
void attribute(const Deal& d, const Attribution& how, const std::vector<std::uint32_t>& investor_entity,
               std::vector<Share>& out, double& unattributed) {
    out.clear();
    double own = 0;
    std::size_t leads = 0, others = d.unnamed_investors;
    for (std::size_t i = 0; i < d.investors.size(); ++i) {
        const auto& p = d.investors[i];
        out.push_back({investor_entity[i], p.amount_usd.value_or(0), p.lead});
        if (p.amount_usd) own += *p.amount_usd;
        else if (p.lead) ++leads;
        else ++others;
    }
    if (!d.amount_usd) return;
    double rest = std::max(0.0, *d.amount_usd - own);
    if (rest == 0) return;
    if (leads + others == 0) {
        unattributed += rest;
        return;
    }
    double lead_part, other_part;
    if (how.mode == Attribution::Mode::lead && leads > 0 && others > 0) {
        lead_part = rest * how.lead_share / static_cast<double>(leads);
        other_part = rest * (1 - how.lead_share) / static_cast<double>(others);
    } else {
        lead_part = other_part = rest / static_cast<double>(leads + others);
    }
    for (std::size_t i = 0; i < d.investors.size(); ++i)
        if (!d.investors[i].amount_usd) out[i].capital = d.investors[i].lead ? lead_part : other_part;
    unattributed += other_part * d.unnamed_investors;
}

}  // namespace

BipartiteGraph BipartiteGraph::build(const Dataset& data, const GraphOptions& options, Diagnostics* diag) {
    PhaseTimer timer("graph");
    BipartiteGraph g;
    const auto n_entities = static_cast<std::uint32_t>(data.entities.size());
    StringIndex entity_of(n_entities);
    for (std::uint32_t i = 0; i < n_entities; ++i) entity_of.insert(data.entities[i].id, i);

    // Roll-up target of each entity: itself, or its ultimate parent.
    std::vector<std::uint32_t> root(n_entities);
    for (std::uint32_t i = 0; i < n_entities; ++i) {
        std::uint32_t r = i;
        if (options.rollup) {
            for (std::uint32_t steps = 0; steps <= n_entities && !data.entities[r].parent.empty(); ++steps) {
                std::uint32_t parent = entity_of.find(data.entities[r].parent);
                if (parent == StringIndex::npos) break;
                r = parent;
            }
        }
        root[i] = r;
    }

    std::unordered_set<std::string_view> included(options.include_deals.begin(), options.include_deals.end());
    // One entry per (counted deal, investor), parallel to deal_investor_, with what its
    // edge needs, so that merging them below reads one record, not the deal.
    // 12 bytes: its capital is g.deal_capital_ at the same index.
    struct Part {
        std::uint32_t deal;  // place in deals_
        Date date;
        bool dated;
        bool lead;
        DealStatus status;
    };
    std::vector<Part> parts;
    std::vector<std::uint32_t> deal_startup_entity;
    std::vector<std::uint32_t> investor_entity;
    std::vector<Share> shares;
    std::vector<char> is_investor(n_entities, 0), is_startup(n_entities, 0);
    GraphTotals& t = g.totals_;
    bool date_filter = options.from || options.to;
    {
        // At most this many (deal, investor) entries: reserved so that they never move.
        std::size_t most = 0;
        for (const Deal& d : data.deals) most += d.investors.size();
        g.deal_investor_.reserve(most);
        g.deal_capital_.reserve(most);
        parts.reserve(most);
        g.deals_.reserve(data.deals.size());
        deal_startup_entity.reserve(data.deals.size());
    }

    // Deals a block at a time: the ids of a block's counted deals are looked up together
    // (StringIndex::find_many), which fetches their slots and keys while the others are
    // hashed; one find() after another waited for two cache misses each.
    constexpr std::size_t block = 64;
    std::vector<const Deal*> counted;
    std::vector<std::string_view> ids;
    std::vector<std::uint32_t> found;
    for (std::size_t first = 0; first < data.deals.size(); first += block) {
        counted.clear();
        ids.clear();
        for (std::size_t k = first; k < std::min(data.deals.size(), first + block); ++k) {
            const Deal& d = data.deals[k];
            if (!options.statuses.contains(d.status) && !included.contains(d.id)) continue;
            if (date_filter) {
                if (!d.date) {
                    ++t.undated_skipped;
                    continue;
                }
                if ((options.from && d.date->key() < options.from->key()) ||
                    (options.to && d.date->key() > options.to->key()))
                    continue;
            }
            counted.push_back(&d);
            ids.push_back(d.startup);
            for (const auto& p : d.investors) ids.push_back(p.investor);
        }
        found.resize(ids.size());
        entity_of.find_many(ids, found.data());
        const std::uint32_t* next_id = found.data();
        for (const Deal* dp : counted) {
            const Deal& d = *dp;
            const std::uint32_t s = *next_id;
            const std::uint32_t* investor_found = next_id + 1;
            next_id += 1 + d.investors.size();
            if (s == StringIndex::npos) continue;  // reported by the loader
            ++t.deals;
            if (d.date) {
                if (!t.date_from || *d.date < *t.date_from) t.date_from = d.date;
                if (!t.date_to || *t.date_to < *d.date) t.date_to = d.date;
            }
            investor_entity.clear();
            for (std::size_t i = 0; i < d.investors.size(); ++i) {
                const std::uint32_t e = investor_found[i];
                investor_entity.push_back(e == StringIndex::npos ? UINT32_MAX : root[e]);
            }
            attribute(d, options.attribution, investor_entity, shares, t.unattributed_usd);
            // Investors merged by roll-up take part in the round once.
            std::sort(shares.begin(), shares.end(),
                      [](const Share& a, const Share& b) { return a.investor < b.investor; });
            CountedDeal cd;
            cd.deal = static_cast<std::uint32_t>(&d - data.deals.data());
            cd.first = static_cast<std::uint32_t>(g.deal_investor_.size());
            deal_startup_entity.push_back(s);
            for (std::size_t i = 0; i < shares.size();) {
                std::uint32_t inv = shares[i].investor;
                double capital = 0;
                bool lead = false;
                for (; i < shares.size() && shares[i].investor == inv; ++i) {
                    capital += shares[i].capital;
                    lead = lead || shares[i].lead;
                }
                if (inv == UINT32_MAX) continue;
                g.deal_investor_.push_back(inv);  // an entity index until nodes are numbered
                g.deal_capital_.push_back(capital);
                parts.push_back({static_cast<std::uint32_t>(g.deals_.size()), d.date.value_or(Date{}),
                                 d.date.has_value(), lead, d.status});
                is_investor[inv] = 1;
                is_startup[s] = 1;
            }
            cd.count = static_cast<std::uint32_t>(g.deal_investor_.size() - cd.first);
            g.deals_.push_back(cd);
        }
    }
    if (diag && t.undated_skipped)
        diag->warning({}, std::to_string(t.undated_skipped) + " undated deals left out by the date filter");
    // The id look-ups are done with: their memory goes before the edges take theirs.
    StringIndex().swap(entity_of);
    std::vector<std::uint32_t>().swap(root);

    // Nodes: investors then startups, each sorted by id. The sort compares 16 bytes as two
    // big-endian numbers first (the same order as std::string's), and the whole ids only
    // when those are equal. The 16 bytes start after the prefix every id of the side
    // shares ("startup-" in generated data): otherwise most comparisons would read two ids
    // from memory that is far apart (a cache and TLB miss each on market-scale data).
    auto sorted_by_id = [&](const std::vector<char>& member) {
        std::string_view shared;  // the prefix every member id has
        bool seen = false;
        for (std::uint32_t i = 0; i < n_entities; ++i) {
            if (!member[i]) continue;
            const std::string_view id = data.entities[i].id;
            if (!seen) {
                shared = id;
                seen = true;
                continue;
            }
            const auto stop = std::mismatch(shared.begin(), shared.end(), id.begin(), id.end()).first;
            shared = shared.substr(0, static_cast<std::size_t>(stop - shared.begin()));
            if (shared.empty()) break;
        }
        const std::size_t common = shared.size();
        struct Keyed {
            std::uint64_t hi, lo;
            std::uint32_t entity;
        };
        auto word = [](const std::string& id, std::size_t from) {
            std::uint64_t v = 0;
            for (std::size_t k = from; k < from + 8; ++k)
                v = (v << 8) | (k < id.size() ? static_cast<unsigned char>(id[k]) : 0u);
            return v;
        };
        std::vector<Keyed> keyed;
        for (std::uint32_t i = 0; i < n_entities; ++i)
            if (member[i]) {
                const std::string& id = data.entities[i].id;
                keyed.push_back({word(id, common), word(id, common + 8), i});
            }
        std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
            if (a.hi != b.hi) return a.hi < b.hi;
            if (a.lo != b.lo) return a.lo < b.lo;
            return data.entities[a.entity].id < data.entities[b.entity].id;
        });
        std::vector<std::uint32_t> list(keyed.size());
        for (std::size_t k = 0; k < keyed.size(); ++k) list[k] = keyed[k].entity;
        return list;
    };
    const std::vector<std::uint32_t> inv_list = sorted_by_id(is_investor);
    const std::vector<std::uint32_t> st_list = sorted_by_id(is_startup);
    std::vector<std::uint32_t> inv_node(n_entities), st_node(n_entities);
    g.investors_ = static_cast<std::uint32_t>(inv_list.size());
    for (std::size_t k = 0; k < inv_list.size(); ++k) inv_node[inv_list[k]] = static_cast<std::uint32_t>(k);
    for (std::size_t k = 0; k < st_list.size(); ++k)
        st_node[st_list[k]] = static_cast<std::uint32_t>(g.investors_ + k);
    // Made in node order, each copied once where it stays. The entities are then read far
    // apart: each one's record is asked for 8 nodes ahead, and its id's and name's bytes
    // (on the heap past 15 bytes) 4 ahead.
    g.nodes_.reserve(inv_list.size() + st_list.size());
    auto add_nodes = [&](const std::vector<std::uint32_t>& list, Side side) {
        for (std::size_t k = 0; k < list.size(); ++k) {
            if (k + 8 < list.size()) __builtin_prefetch(&data.entities[list[k + 8]]);
            if (k + 4 < list.size()) {
                const Entity& ahead = data.entities[list[k + 4]];
                __builtin_prefetch(ahead.id.data());
                __builtin_prefetch(ahead.name.data());
            }
            const Entity& en = data.entities[list[k]];
            g.nodes_.push_back({en.id, en.name, side, list[k]});
        }
    };
    add_nodes(inv_list, Side::investor);
    add_nodes(st_list, Side::startup);
    const std::uint32_t n_nodes = g.nodes();

    // Edges: the participations bucketed by investor node (a counting sort), each bucket
    // sorted by (startup node, participation), so that every pair's rounds are summed in
    // data order, as they are read.
    const std::size_t n_parts = g.deal_investor_.size();
    // At most one edge per participation: reserved, so that the edges are never copied
    // into a bigger block while the old one is still held (on 10M rows that doubling was
    // the run's peak memory). Only the part filled is ever touched.
    g.edges_.reserve(n_parts);
    std::vector<std::uint64_t> order(n_parts);  // startup node << 32 | participation
    // The merge below reads each participation's record and capital in bucket order, far
    // apart in memory (a miss each at market scale): they are asked for this many ahead.
    constexpr std::size_t prefetch_parts = 16;
    {
        std::vector<std::size_t> bucket(std::size_t{g.investors_} + 1, 0);
        // The participations' investors become node numbers here (read far apart in
        // inv_node, as the startups' in st_node below: asked for prefetch_parts ahead).
        for (std::size_t i = 0; i < n_parts; ++i) {
            if (i + prefetch_parts < n_parts) __builtin_prefetch(&inv_node[g.deal_investor_[i + prefetch_parts]]);
            g.deal_investor_[i] = inv_node[g.deal_investor_[i]];
            ++bucket[g.deal_investor_[i] + 1];
        }
        for (std::size_t v = 0; v < g.investors_; ++v) bucket[v + 1] += bucket[v];
        std::vector<std::size_t> next(bucket.begin(), bucket.end() - 1);
        for (std::size_t i = 0; i < n_parts; ++i) {
            if (i + prefetch_parts < n_parts) {
                __builtin_prefetch(&st_node[deal_startup_entity[parts[i + prefetch_parts].deal]]);
                __builtin_prefetch(&next[g.deal_investor_[i + prefetch_parts]]);
            }
            std::uint32_t st = st_node[deal_startup_entity[parts[i].deal]];
            order[next[g.deal_investor_[i]]++] = (std::uint64_t{st} << 32) | i;
        }
        for (std::size_t v = 0; v < g.investors_; ++v)
            std::sort(order.begin() + static_cast<std::ptrdiff_t>(bucket[v]),
                      order.begin() + static_cast<std::ptrdiff_t>(bucket[v + 1]));
        for (std::uint32_t v = 0; v < g.investors_; ++v) {
            for (std::size_t k = bucket[v]; k < bucket[v + 1];) {
                EdgeData e;
                e.investor = v;
                e.startup = static_cast<std::uint32_t>(order[k] >> 32);
                for (; k < bucket[v + 1] && (order[k] >> 32) == e.startup; ++k) {
                    if (k + prefetch_parts < n_parts) {
                        const auto ahead = static_cast<std::uint32_t>(order[k + prefetch_parts]);
                        __builtin_prefetch(&parts[ahead]);
                        __builtin_prefetch(&g.deal_capital_[ahead]);
                    }
                    const auto at = static_cast<std::uint32_t>(order[k]);
                    const Part& part = parts[at];
                    ++e.rounds;
                    e.lead_rounds += part.lead;
                    e.capital_usd += g.deal_capital_[at];
                    e.statuses.insert(part.status);
                    if (part.dated) {
                        if (!e.first || part.date < *e.first) e.first = part.date;
                        if (!e.last || *e.last < part.date) e.last = part.date;
                    }
                }
                g.edges_.push_back(e);
            }
        }
    }
    std::vector<std::uint64_t>().swap(order);
    std::vector<Part>().swap(parts);

    // Counted deals: startup entity indices to node indices, each deal's investors
    // (node numbers since the bucketing above) ascending.
    std::vector<std::pair<std::uint32_t, double>> row;
    for (std::size_t k = 0; k < g.deals_.size(); ++k) {
        CountedDeal& cd = g.deals_[k];
        cd.startup = is_startup[deal_startup_entity[k]] ? st_node[deal_startup_entity[k]] : UINT32_MAX;
        row.clear();
        for (std::uint32_t i = cd.first; i < cd.first + cd.count; ++i)
            row.emplace_back(g.deal_investor_[i], g.deal_capital_[i]);
        std::sort(row.begin(), row.end());
        for (std::uint32_t i = 0; i < cd.count; ++i)
            std::tie(g.deal_investor_[cd.first + i], g.deal_capital_[cd.first + i]) = row[i];
    }

    // Sum in edge order so the totals do not depend on the order deals were read.
    for (const auto& e : g.edges_) {
        t.participations += e.rounds;
        t.capital_usd += e.capital_usd;
    }

    // The CSR holds both directions of each edge, each row sorted by target. Edges are
    // sorted by (investor, startup), so an investor's arcs are its edges in order, and a
    // counting sort by startup keeps each startup's investors ascending.
    std::vector<std::uint32_t> rowstart(std::size_t{n_nodes} + 1, 0);
    for (const auto& e : g.edges_) {
        ++rowstart[e.investor + 1];
        ++rowstart[e.startup + 1];
    }
    for (std::size_t v = 0; v < n_nodes; ++v) rowstart[v + 1] += rowstart[v];
    std::vector<std::uint32_t> column(2 * g.edges_.size());
    g.arc_edge_.resize(column.size());
    {
        std::vector<std::uint32_t> next(rowstart.begin(), rowstart.end() - 1);
        for (std::uint32_t i = 0; i < g.edges(); ++i) {
            const auto& e = g.edges_[i];
            std::uint32_t a = next[e.investor]++, b = next[e.startup]++;
            column[a] = e.startup;
            g.arc_edge_[a] = i;
            column[b] = e.investor;
            g.arc_edge_[b] = i;
        }
    }
    g.impl_->csr = Csr(n_nodes);
    g.impl_->csr.m_forward.m_rowstart = std::move(rowstart);
    g.impl_->csr.m_forward.m_column = std::move(column);
    return g;
}

}  // namespace dealgraph
