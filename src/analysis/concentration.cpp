#include "dealgraph/analysis/concentration.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/graph/projection.hpp"
#include "parallel.hpp"

namespace dealgraph {

double hhi(const std::vector<double>& shares) {
    double h = 0;
    for (double s : shares) h += (100 * s) * (100 * s);
    return h;
}

double gini(std::vector<double> x) {
    if (x.size() < 2) return 0;
    std::sort(x.begin(), x.end());
    double n = static_cast<double>(x.size());
    double sum = std::accumulate(x.begin(), x.end(), 0.0);
    if (sum <= 0) return 0;
    // Sorted form of sum_i sum_j |x_i - x_j| / (2 n^2 mean): sum_i (2i - n - 1) x_i / (n sum).
    double acc = 0;
    for (std::size_t i = 0; i < x.size(); ++i) acc += (2.0 * static_cast<double>(i + 1) - n - 1) * x[i];
    return acc / (n * sum);
}

double freeman(const std::vector<double>& scores, double max_sum) {
    if (scores.empty() || max_sum <= 0) return 0;
    double top = *std::max_element(scores.begin(), scores.end());
    double s = 0;
    for (double c : scores) s += top - c;
    return s / max_sum;
}

std::string hhi_flag(double h) {
    if (h > 1800) return "highly concentrated";
    if (h >= 1000) return "moderately concentrated";
    return "unconcentrated";
}

namespace {

bool by_share_then_id(const InvestorStake& a, const InvestorStake& b) {
    if (a.capital_usd != b.capital_usd) return a.capital_usd > b.capital_usd;
    return a.node < b.node;  // nodes are numbered in id order
}

}  // namespace

ConcentrationResult concentration(const Dataset& data, const BipartiteGraph& g, const ConcentrationOptions& o) {
    ConcentrationResult r;
    const std::uint32_t n = g.nodes();

    // The segment's startups.
    std::vector<char> in_segment(n, 0);
    SegmentConcentration& seg = r.segment;
    if (!o.startups.empty()) {
        for (const auto& id : o.startups)
            if (auto v = g.find(Side::startup, id)) in_segment[*v] = 1;
        seg.name = "listed startups";
    } else if (!o.sector.empty()) {
        for (std::uint32_t v = g.investors(); v < n; ++v) {
            const auto& secs = data.entities[g.node(v).entity].sectors;
            in_segment[v] = std::find(secs.begin(), secs.end(), o.sector) != secs.end();
        }
        seg.name = "sector " + o.sector;
    } else {
        for (std::uint32_t v = g.investors(); v < n; ++v) in_segment[v] = 1;
        seg.name = "all startups";
    }

    // Groups: member ids to investor nodes (a rolled-up graph knows members by their root).
    std::unordered_map<std::string_view, std::size_t> entity_of;
    for (std::size_t i = 0; i < data.entities.size(); ++i) entity_of.emplace(data.entities[i].id, i);
    auto root_id = [&](const std::string& id) -> std::string {
        // The graph's investor node for an entity id: itself, or (rolled up) an ancestor.
        std::string cur = id;
        for (std::size_t steps = 0; steps <= data.entities.size(); ++steps) {
            if (g.find(Side::investor, cur)) return cur;
            auto it = entity_of.find(cur);
            if (it == entity_of.end() || data.entities[it->second].parent.empty()) return id;
            cur = data.entities[it->second].parent;
        }
        return id;
    };
    std::vector<std::vector<char>> member(o.groups.size(), std::vector<char>(g.investors(), 0));
    for (std::size_t k = 0; k < o.groups.size(); ++k)
        for (const auto& id : o.groups[k].members)
            if (auto v = g.find(Side::investor, root_id(id))) member[k][*v] = 1;

    // Stakes per (investor, startup) from the counted deals with a post-money.
    struct RoundStake {
        std::uint32_t investor;
        double stake;
        double dilution;  // (1 - amount / post-money) of this round
        std::optional<Date> date;
        std::uint32_t order;
    };
    std::vector<std::vector<RoundStake>> rounds_of(n);
    std::uint32_t order = 0;
    for (const auto& cd : g.counted_deals()) {
        const Deal& d = data.deals[cd.deal];
        if (!d.post_money_usd || *d.post_money_usd <= 0) continue;
        // A round without named investors still dilutes the startup's earlier holders.
        auto startup = cd.startup != UINT32_MAX ? std::optional<std::uint32_t>(cd.startup)
                                                : g.find(Side::startup, d.startup);
        if (!startup) continue;
        double dilution = d.amount_usd ? std::max(0.0, 1.0 - *d.amount_usd / *d.post_money_usd) : 1.0;
        auto inv = g.deal_investors(cd);
        auto cap = g.deal_capital(cd);
        for (std::size_t i = 0; i < inv.size(); ++i)
            rounds_of[*startup].push_back({inv[i], cap[i] / *d.post_money_usd, dilution, d.date, order});
        if (inv.empty()) rounds_of[*startup].push_back({UINT32_MAX, 0, dilution, d.date, order});
        ++order;
    }

    // Per startup.
    std::vector<double> seg_capital(g.investors(), 0.0);
    std::vector<std::uint32_t> seg_startups(g.investors(), 0);
    std::vector<std::uint32_t> dominant_in(g.investors(), 0);
    for (std::uint32_t v = g.investors(); v < n; ++v) {
        if (!in_segment[v]) continue;
        StartupConcentration sc;
        sc.node = v;
        auto nb = g.neighbors(v);
        auto ie = g.incident_edges(v);
        for (std::size_t i = 0; i < nb.size(); ++i) {
            double c = g.edge(ie[i]).capital_usd;
            sc.investors.push_back({nb[i], c, 0, std::nullopt});
            sc.capital_usd += c;
            seg_capital[nb[i]] += c;
            ++seg_startups[nb[i]];
        }
        std::sort(sc.investors.begin(), sc.investors.end(), by_share_then_id);
        // Stakes, optionally diluted by later rounds (in date order, then data order).
        auto& rs = rounds_of[v];
        std::stable_sort(rs.begin(), rs.end(), [](const RoundStake& a, const RoundStake& b) {
            auto ka = a.date ? a.date->key() : 0, kb = b.date ? b.date->key() : 0;
            return ka != kb ? ka < kb : a.order < b.order;
        });
        // Each round's stake, times (with --dilute) (1 - amount / post-money) of every later round.
        std::map<std::uint32_t, double> stake;
        {
            // Distinct rounds in order and the product of later rounds' dilution.
            std::vector<std::size_t> starts;
            for (std::size_t k = 0; k < rs.size(); ++k)
                if (k == 0 || rs[k - 1].order != rs[k].order) starts.push_back(k);
            std::vector<double> factor(starts.size(), 1.0);
            for (std::size_t q = starts.size(); q-- > 1;) factor[q - 1] = factor[q] * rs[starts[q]].dilution;
            for (std::size_t q = 0; q < starts.size(); ++q) {
                std::size_t end = q + 1 < starts.size() ? starts[q + 1] : rs.size();
                for (std::size_t k = starts[q]; k < end; ++k)
                    if (rs[k].investor != UINT32_MAX) stake[rs[k].investor] += rs[k].stake * (o.dilute ? factor[q] : 1.0);
            }
        }
        sc.stake_basis = rs.empty() ? "none" : "post-money";
        std::vector<double> shares;
        for (auto& is : sc.investors) {
            is.share = sc.capital_usd > 0 ? is.capital_usd / sc.capital_usd : 0;
            if (auto it = stake.find(is.node); it != stake.end()) is.stake = it->second;
            shares.push_back(is.share);
        }
        if (sc.capital_usd > 0) {
            sc.hhi = hhi(shares);
            sc.top1_share = shares.empty() ? 0 : shares[0];
            for (std::size_t i = 0; i < shares.size() && i < 3; ++i) sc.top3_share += shares[i];
            if (!sc.investors.empty() && sc.investors[0].share >= o.dominant) {
                sc.dominant_investor = sc.investors[0].node;
                ++dominant_in[sc.investors[0].node];
            }
        }
        for (std::size_t k = 0; k < o.groups.size(); ++k) {
            double s = 0;
            for (const auto& is : sc.investors)
                if (member[k][is.node]) s += is.share;
            sc.group_share.push_back(s);
        }
        r.startups.push_back(std::move(sc));
    }
    std::stable_sort(r.startups.begin(), r.startups.end(), [](const auto& a, const auto& b) {
        double ha = a.hhi.value_or(-1), hb = b.hhi.value_or(-1);
        return ha != hb ? ha > hb : a.node < b.node;
    });

    // Segment totals.
    seg.startups = static_cast<std::uint32_t>(r.startups.size());
    for (double c : seg_capital) seg.capital_usd += c;
    std::vector<double> inv_shares, positive;
    for (std::uint32_t i = 0; i < g.investors(); ++i) {
        if (!seg_startups[i]) continue;
        ++seg.investors;
        if (seg_capital[i] > 0) positive.push_back(seg_capital[i]);
        if (seg.capital_usd > 0) inv_shares.push_back(seg_capital[i] / seg.capital_usd);
    }
    seg.hhi = hhi(inv_shares);
    std::vector<double> sorted_shares = inv_shares;
    std::sort(sorted_shares.begin(), sorted_shares.end(), std::greater<>());
    for (std::size_t i = 0; i < sorted_shares.size() && i < 4; ++i) seg.cr4 += 100 * sorted_shares[i];
    seg.gini = gini(positive);
    std::sort(positive.begin(), positive.end());
    double cum = 0;
    seg.lorenz.push_back({0, 0});
    for (std::size_t i = 0; i < positive.size(); ++i) {
        cum += positive[i];
        seg.lorenz.push_back({static_cast<double>(i + 1) / static_cast<double>(positive.size()),
                              seg.capital_usd > 0 ? cum / seg.capital_usd : 0});
    }

    // MHHI over the segment's startups.
    {
        std::vector<double> s;  // market shares in percent
        auto basis = [&](const StartupConcentration& sc) -> double {
            if (o.share_by == "capital") return sc.capital_usd;
            if (o.share_by == "equal") return 1.0;
            const auto& m = data.entities[g.node(sc.node).entity].metrics;
            auto it = m.find(o.share_by);
            return it == m.end() ? 0.0 : it->second;
        };
        double total = 0;
        for (const auto& sc : r.startups) total += basis(sc);
        for (const auto& sc : r.startups) s.push_back(total > 0 ? 100 * basis(sc) / total : 0);
        // b[j]: investor -> stake (estimated, else capital share).
        std::vector<std::map<std::uint32_t, double>> b(r.startups.size());
        for (std::size_t j = 0; j < r.startups.size(); ++j) {
            auto& sc = r.startups[j];
            bool any = false;
            for (const auto& is : sc.investors) any = any || is.stake;
            if (!any && sc.capital_usd > 0) sc.stake_basis = "capital share";
            for (const auto& is : sc.investors) {
                double v = any ? is.stake.value_or(0) : is.share;
                if (v > 0) b[j][is.node] = v;
            }
        }
        // cross = sum over j, k != j of s_j s_k (sum_i b_ij b_ik) / (sum_i b_ij^2). With
        // T_i = sum_k s_k b_ik, the inner sum over k is sum_i b_ij (T_i - s_j b_ij): linear in
        // the number of (investor, startup) stakes instead of quadratic in startups.
        std::vector<double> total_of(g.investors(), 0.0);
        for (std::size_t k = 0; k < s.size(); ++k)
            for (auto [i, v] : b[k]) total_of[i] += s[k] * v;
        double h = 0, cross = 0;
        for (std::size_t j = 0; j < s.size(); ++j) {
            h += s[j] * s[j];
            double own = 0;
            for (auto [i, v] : b[j]) own += v * v;
            if (own == 0) continue;
            double common = 0;
            for (auto [i, v] : b[j]) common += v * (total_of[i] - s[j] * v);
            cross += s[j] * common / own;
        }
        seg.mhhi = h + cross;
        seg.mhhi_delta = cross;
    }
    seg.flags.push_back("investor HHI " + hhi_flag(seg.hhi) + " (2023 US Merger Guidelines thresholds: > 1800 "
                        "highly, 1000-1800 moderately); concentration of investment, not of a product market");

    // Centralisation of the bipartite graph and of the investor projection.
    if (o.centralization) {
        auto cent = [](const CsrView& view, std::span<const double> given, double& deg_c, double& bet_c) {
            double nn = view.n;
            if (nn < 3) return;
            std::vector<double> bc(given.begin(), given.end());
            if (bc.size() != view.n) {
                ShortestPathOptions spo;
                spo.closeness = false;
                bc = shortest_path_measures(view, spo).betweenness;
            }
            deg_c = freeman(degree(view), (nn - 1) * (nn - 2));
            bet_c = freeman(bc, (nn - 1) * (nn - 1) * (nn - 2) / 2);
        };
        cent(g.view(), o.bipartite_betweenness, seg.degree_centralization, seg.betweenness_centralization);
        auto p = project(g, {});
        cent(p.view(), o.investor_betweenness, seg.investor_degree_centralization,
             seg.investor_betweenness_centralization);
    }

    // Investors.
    std::vector<std::vector<std::string>> sectors_of(g.investors());
    for (std::uint32_t i = 0; i < g.investors(); ++i) {
        if (!seg_startups[i]) continue;
        InvestorReach ir;
        ir.node = i;
        ir.startups = seg_startups[i];
        ir.capital_usd = seg_capital[i];
        ir.capital_share = seg.capital_usd > 0 ? seg_capital[i] / seg.capital_usd : 0;
        ir.startup_share = seg.startups ? static_cast<double>(seg_startups[i]) / seg.startups : 0;
        ir.dominant_in = dominant_in[i];
        // Competing startups: backed startups that share a sector with another backed one.
        std::map<std::string, std::uint32_t> per_sector;
        std::vector<std::uint32_t> backed;
        for (auto s : g.neighbors(i))
            if (in_segment[s]) {
                backed.push_back(s);
                for (const auto& sec : data.entities[g.node(s).entity].sectors) ++per_sector[sec];
            }
        for (auto s : backed) {
            bool rival = false;
            for (const auto& sec : data.entities[g.node(s).entity].sectors) rival = rival || per_sector[sec] > 1;
            ir.competing += rival;
        }
        r.investors.push_back(ir);
    }
    std::stable_sort(r.investors.begin(), r.investors.end(), [](const InvestorReach& a, const InvestorReach& b) {
        return a.capital_usd != b.capital_usd ? a.capital_usd > b.capital_usd : a.node < b.node;
    });

    // Groups.
    for (std::size_t k = 0; k < o.groups.size(); ++k) {
        GroupReach gr;
        gr.name = o.groups[k].id;
        for (const auto& sc : r.startups) {
            bool reached = false;
            for (const auto& is : sc.investors)
                if (member[k][is.node]) {
                    reached = true;
                    gr.capital_usd += is.capital_usd;
                }
            gr.startups += reached;
        }
        gr.startup_share = seg.startups ? static_cast<double>(gr.startups) / seg.startups : 0;
        gr.capital_share = seg.capital_usd > 0 ? gr.capital_usd / seg.capital_usd : 0;
        r.groups.push_back(gr);
    }
    return r;
}

std::vector<std::string> deals_with_status(const Dataset& data, const GraphOptions& base, StatusSet statuses) {
    std::vector<std::string> out;
    for (const auto& d : data.deals)
        if (statuses.contains(d.status) && !base.statuses.contains(d.status)) out.push_back(d.id);
    return out;
}

WhatIf what_if(const Dataset& data, const GraphOptions& base, const std::vector<std::string>& deal_ids,
               const ConcentrationOptions& o) {
    WhatIf w;
    w.deals = deal_ids;
    auto g0 = BipartiteGraph::build(data, base);
    GraphOptions with = base;
    with.include_deals.insert(with.include_deals.end(), deal_ids.begin(), deal_ids.end());
    auto g1 = BipartiteGraph::build(data, with);
    w.before = concentration(data, g0, o);
    w.after = concentration(data, g1, o);

    auto add = [&](const std::string& scope, const std::string& fig, std::optional<double> b, std::optional<double> a) {
        w.changes.push_back({scope, fig, b, a, {}, {}});
    };
    const auto& sb = w.before.segment;
    const auto& sa = w.after.segment;
    add("segment", "hhi", sb.hhi, sa.hhi);
    add("segment", "cr4", sb.cr4, sa.cr4);
    add("segment", "gini", sb.gini, sa.gini);
    add("segment", "mhhi", sb.mhhi, sa.mhhi);
    add("segment", "mhhi_delta", sb.mhhi_delta, sa.mhhi_delta);
    add("segment", "capital_usd", sb.capital_usd, sa.capital_usd);
    double dh = sa.hhi - sb.hhi;
    char buf[160];
    std::snprintf(buf, sizeof buf, "segment HHI %.0f -> %.0f (%+.0f): %s", sb.hhi, sa.hhi, dh,
                  std::fabs(dh) > 100 ? "a significant change (> 100 under the 2023 US Merger Guidelines)"
                                      : "not a significant change (<= 100)");
    w.flags.push_back(buf);
    if (sa.hhi > 1800 && sb.hhi <= 1800) w.flags.push_back("the segment becomes highly concentrated (HHI > 1800)");

    // Startups the what-if deals touch, and the investors in those deals.
    std::map<std::string, std::vector<std::string>> touched;  // startup id -> investor ids
    for (const auto& id : deal_ids)
        for (const auto& d : data.deals)
            if (d.id == id) {
                auto& inv = touched[d.startup];
                for (const auto& p : d.investors) {
                    // Report under the graph's id (rolled up when asked).
                    std::string shown = base.rollup ? data.ultimate_parent(p.investor) : p.investor;
                    if (std::find(inv.begin(), inv.end(), shown) == inv.end()) inv.push_back(shown);
                }
            }
    auto find_startup = [](const ConcentrationResult& r, const BipartiteGraph& g,
                           const std::string& id) -> const StartupConcentration* {
        for (const auto& sc : r.startups)
            if (g.node(sc.node).id == id) return &sc;
        return nullptr;
    };
    for (const auto& [sid, investors] : touched) {
        const auto* b = find_startup(w.before, g0, sid);
        const auto* a = find_startup(w.after, g1, sid);
        if (!a) continue;  // outside the segment
        add(sid, "capital_usd", b ? std::optional(b->capital_usd) : std::nullopt, a->capital_usd);
        add(sid, "investors", b ? std::optional<double>(b->investors.size()) : std::nullopt,
            static_cast<double>(a->investors.size()));
        add(sid, "hhi", b ? b->hhi : std::nullopt, a->hhi);
        add(sid, "top1_share", b ? std::optional(b->top1_share) : std::nullopt, a->top1_share);
        for (const auto& inv : investors) {
            auto share_of = [&](const StartupConcentration* sc, const BipartiteGraph& g) -> std::optional<double> {
                if (!sc) return std::nullopt;
                for (const auto& is : sc->investors)
                    if (g.node(is.node).id == inv) return is.share;
                return 0.0;
            };
            auto stake_of = [&](const StartupConcentration* sc, const BipartiteGraph& g) -> std::optional<double> {
                if (!sc) return std::nullopt;
                for (const auto& is : sc->investors)
                    if (g.node(is.node).id == inv) return is.stake;
                return std::nullopt;
            };
            add(sid, "share:" + inv, share_of(b, g0), share_of(a, g1));
            add(sid, "stake:" + inv, stake_of(b, g0), stake_of(a, g1));
        }
        FigureChange dom{sid, "dominant_investor", std::nullopt, std::nullopt, "none", "none"};
        if (b && b->dominant_investor) dom.before_text = g0.node(*b->dominant_investor).id;
        if (a->dominant_investor) dom.after_text = g1.node(*a->dominant_investor).id;
        w.changes.push_back(dom);
        if (dom.before_text != dom.after_text && dom.after_text != "none") {
            std::snprintf(buf, sizeof buf, "%s would have a dominant investor: %s with %.1f%% of its capital",
                          g1.node(a->node).name.c_str(), g1.node(*a->dominant_investor).name.c_str(),
                          100 * a->top1_share);
            w.flags.push_back(buf);
        }
    }
    return w;
}

std::vector<YearFigures> by_year(const Dataset& data, const GraphOptions& base, const ConcentrationOptions& o,
                                 int window) {
    std::vector<YearFigures> out;
    auto all = BipartiteGraph::build(data, base);
    const auto& t = all.totals();
    if (!t.date_from || !t.date_to) return out;
    ConcentrationOptions co = o;
    co.centralization = false;
    // Each year is its own graph, independent of the others: the years are shared out
    // over the cores and each result lands in its own slot, so the order never changes.
    const int first = t.date_from->year, years = t.date_to->year - first + 1;
    out.resize(static_cast<std::size_t>(years));
    detail::parallel_jobs(static_cast<std::uint32_t>(years), 0, [&](unsigned, std::uint32_t k) {
        const int y = first + static_cast<int>(k);
        GraphOptions go = base;
        Date end;
        end.year = static_cast<std::int16_t>(y);
        end.month = 12;
        end.day = 31;
        if (!go.to || end.key() < go.to->key()) go.to = end;
        if (window > 0) {
            Date start;
            start.year = static_cast<std::int16_t>(y - window + 1);
            if (!go.from || go.from->key() < start.key()) go.from = start;
        }
        auto g = BipartiteGraph::build(data, go);
        auto r = concentration(data, g, co);
        out[k] = {y, r.segment.startups, r.segment.investors, r.segment.capital_usd, r.segment.hhi, r.segment.cr4,
                  r.segment.gini, r.segment.mhhi};
    });
    return out;
}

}  // namespace dealgraph
