// concentration: dependence of startups on backers, investors' reach, segment
// concentration, what-ifs and trends.

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/analysis/concentration.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/report/measures_view.hpp"

namespace dealgraph::cli {
namespace {

constexpr const char* caveat =
    "These figures measure concentration of investment (who supplied a segment's capital), not of a product "
    "market.";

// Shares as percent with one decimal; numbers with a fixed number of decimals.
std::string pct(double share) { return percent(share); }
std::string num(double v, int decimals = 0) { return fixed(v, decimals); }

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find(sep, start);
        if (end == std::string::npos) end = s.size();
        if (end > start) out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// How a figure reads in a table: shares as percent, money in dollars, HHI whole.
std::string show_figure(const std::string& figure, std::optional<double> v) {
    if (!v) return "-";
    if (figure.starts_with("share:") || figure.starts_with("stake:") || figure == "top1_share") return pct(*v);
    if (figure == "capital_usd") return human_usd(*v);
    if (figure == "gini") return num(*v, 3);
    if (figure == "investors") return num(*v);
    return num(*v, figure == "cr4" ? 1 : 0);
}

std::string show_change(const std::string& figure, std::optional<double> b, std::optional<double> a) {
    if (!a) return "-";
    double d = *a - b.value_or(0);
    if (figure.starts_with("share:") || figure.starts_with("stake:") || figure == "top1_share") {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%+.1f pts", 100 * d);
        return buf;
    }
    if (figure == "capital_usd") return (d >= 0 ? "+" : "-") + human_usd(std::fabs(d));
    if (figure == "gini") {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%+.3f", d);
        return buf;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, figure == "cr4" ? "%+.1f" : "%+.0f", d);
    return buf;
}

// A figure's name as a policy memo would put it.
std::string label(const std::string& figure, const BipartiteGraph& g, double dominant) {
    auto name_of = [&](const std::string& id) {
        auto v = g.find(Side::investor, id);
        return v ? g.node(*v).name : id;
    };
    if (figure.starts_with("share:")) return "share of capital: " + name_of(figure.substr(6));
    if (figure.starts_with("stake:")) return "estimated stake: " + name_of(figure.substr(6));
    if (figure == "hhi") return "HHI (0-10000)";
    if (figure == "cr4") return "CR4 (%)";
    if (figure == "gini") return "Gini";
    if (figure == "mhhi") return "MHHI";
    if (figure == "mhhi_delta") return "MHHI delta";
    if (figure == "capital_usd") return "capital";
    if (figure == "top1_share") return "largest investor's share";
    if (figure == "dominant_investor") return "dominant investor (>= " + std::to_string(static_cast<int>(100 * dominant)) + "%)";
    return figure;
}

nlohmann::ordered_json opt(std::optional<double> v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(); }

struct ConcentrationCommand {
    GraphCommon common;
    std::string sector, startups, share_by = "capital", only;
    std::vector<std::string> groups, what_if_ids;
    std::string include_status;
    double dominant = 0.5;
    bool no_rollup = false, dilute = false, trend = false, no_centralization = false;
    int window = 0, top = -1;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("concentration", "How dependent each startup is on one backer, how "
                                                        "concentrated a segment's investment is, and what-ifs");
        common.add_to(*cmd);
        cmd->add_option("--sector", sector, "Segment: startups with this sector tag (default: all startups)");
        cmd->add_option("--startups", startups, "Segment: these startup ids, comma-separated")->type_name("LIST");
        cmd->add_option("--group", groups, "An investor group NAME=id,id,... (repeatable); groups in the data file "
                                           "are included too")
            ->type_name("NAME=IDS");
        cmd->add_option("--dominant", dominant, "A share of a startup's capital at least this makes its investor "
                                                "dominant")
            ->default_str("0.5")
            ->check(CLI::Range(0.0, 1.0));
        cmd->add_flag("--no-rollup", no_rollup, "Keep corporate arms (NVentures, GV) apart from their parents; "
                                                "roll-up is on by default here");
        cmd->add_flag("--dilute", dilute, "Estimated stakes shrink with each later round's dilution");
        cmd->add_option("--share-by", share_by, "Startups' market shares for MHHI: capital (raised, a proxy), "
                                                "equal, or an entity metric such as revenue_usd")
            ->default_str("capital");
        cmd->add_option("--what-if", what_if_ids, "Count these deals whatever their status and show every figure "
                                                  "before and after")
            ->type_name("DEAL_ID...");
        cmd->add_option("--include-status", include_status, "What-if: add every deal with these statuses (e.g. "
                                                            "proposed,rejected)")
            ->type_name("LIST");
        cmd->add_flag("--by-year", trend, "The segment figures for each year (deals up to the end of that year)");
        cmd->add_option("--window", window, "With --by-year: only deals in the N years ending with each year")
            ->type_name("N")
            ->check(CLI::Range(1, 100));
        cmd->add_flag("--no-centralization", no_centralization, "Skip Freeman centralisation (O(n m) on big data)");
        cmd->add_option("--only", only,
                        "One part: segment, startups, investors, groups, what-if or by-year (CSV, which holds one "
                        "table, defaults to startups; the other formats show every part without it)")
            ->type_name("PART");
        cmd->add_option("--top", top, "Rows per table for people (default 25; 0 for all)")->type_name("N");
        cmd->footer(
            std::string(caveat) +
            "\nPer startup: each investor's share of its attributed capital, HHI of those shares in percent\n"
            "  (0-10000), top-1 and top-3 shares, a dominant investor (share >= --dominant), estimated stakes\n"
            "  (own amount / post-money, summed over rounds; ignores dilution unless --dilute).\n"
            "Segment: investors' shares of the segment's capital: HHI, CR4 (percent), Gini, Lorenz curve;\n"
            "  MHHI and its delta (O'Brien-Salop) from market shares (--share-by) and stakes; Freeman\n"
            "  centralisation. Flags use the 2023 US Merger Guidelines: HHI > 1800 highly concentrated; a\n"
            "  change > 100 significant. docs/MEASURES.md has every formula.\n\n"
            "Example:\n"
            "  dealgraph concentration data/ai-deals.json --sector foundation-models\n"
            "  dealgraph concentration data/ai-deals.json --what-if hugging-face-2026-nvidia-offer\n"
            "  dealgraph concentration data/ai-deals.json --group bigtech=nvidia,microsoft,alphabet,amazon,meta,apple");
        return cmd;
    }

    ConcentrationOptions options(const Dataset& data) const {
        ConcentrationOptions o;
        o.dominant = dominant;
        o.dilute = dilute;
        o.sector = sector;
        o.startups = split(startups, ',');
        o.share_by = share_by;
        o.centralization = !no_centralization;
        o.groups = data.groups;
        for (const auto& spec : groups) {
            auto eq = spec.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
                throw UsageError("--group " + spec + ": expected NAME=id,id,... (e.g. bigtech=nvidia,microsoft)");
            InvestorGroup g;
            g.id = spec.substr(0, eq);
            g.name = g.id;
            g.members = split(spec.substr(eq + 1), ',');
            for (const auto& m : g.members)
                if (data.find_entity(m) < 0 && !common.in.quiet)
                    std::cerr << "dealgraph: warning: --group " << g.id << ": \"" << m
                              << "\" is not an entity id in the data; it adds nothing\n";
            o.groups.push_back(std::move(g));
        }
        return o;
    }

    // Checked before loading: a wrong --only fails at once, not after minutes on big data.
    void check_only() const {
        if (only.empty()) return;
        constexpr std::array<std::string_view, 6> parts{"segment", "startups", "investors",
                                                        "groups",  "what-if",  "by-year"};
        if (std::find(parts.begin(), parts.end(), only) == parts.end())
            throw UsageError("--only " + only + ": expected segment, startups, investors, groups, what-if or by-year");
        if (only == "what-if" && what_if_ids.empty() && include_status.empty())
            throw UsageError("--only what-if needs --what-if or --include-status");
        if (only == "by-year" && !trend) throw UsageError("--only by-year needs --by-year");
    }

    void run() {
        if (!no_rollup) common.filters.rollup = true;
        if (window && !trend) throw UsageError("--window applies to --by-year; add --by-year");
        OutputFormat fmt = common.format();
        check_only();
        GraphOptions go = common.filters.graph_options();
        Dataset& data = keep_until_exit(Dataset{});
        auto& g = keep_until_exit(common.graph(data));
        auto o = options(data);
        if (!sector.empty()) {
            bool known = false;
            for (const auto& e : data.entities)
                for (const auto& s : e.sectors) known = known || s == sector;
            if (!known) throw UsageError("--sector " + sector + ": no startup in the data has this sector tag");
        }
        if (share_by != "capital" && share_by != "equal") {
            bool known = false;
            for (const auto& e : data.entities) known = known || e.metrics.contains(share_by);
            if (!known)
                throw UsageError("--share-by " + share_by + ": expected capital, equal, or a metric that entities "
                                 "in the data have (\"metrics\": {\"" + share_by + "\": ...})");
        }
        std::vector<std::string> extra = what_if_ids;
        if (!include_status.empty()) {
            StatusSet st;
            for (const auto& w : split(include_status, ',')) {
                auto s = enum_from_name<DealStatus>(deal_status_names, w);
                if (!s) throw UsageError("--include-status: \"" + w + "\" is not a status");
                st.insert(*s);
            }
            for (const auto& id : deals_with_status(data, go, st))
                if (std::find(extra.begin(), extra.end(), id) == extra.end()) extra.push_back(id);
        }
        for (const auto& id : what_if_ids) {
            bool found = false;
            for (const auto& d : data.deals) found = found || d.id == id;
            if (!found) {
                std::string close;
                for (const auto& d : data.deals)
                    if (d.id.find(id) != std::string::npos || id.find(d.startup) != std::string::npos)
                        close += (close.empty() ? "" : ", ") + d.id;
                throw UsageError("--what-if " + id + ": no deal with this id" +
                                 (close.empty() ? std::string() : "; deals that look close: " + close));
            }
        }
        // Measured once every option is known good: a misspelt --what-if fails at once.
        common.progress().step("measuring concentration");
        auto r = concentration(data, g, o);
        std::optional<WhatIf> w;
        if (!extra.empty()) {
            common.progress().step("measuring the what-if");
            w = what_if(data, go, extra, o);
        }
        std::vector<YearFigures> years;
        if (trend) {
            common.progress().step("measuring the trend by year");
            years = by_year(data, go, o, window);
        }
        common.writing();

        auto id = [&](std::uint32_t v) { return g.node(v).id; };
        std::size_t n = default_top(top, fmt);

        // ---- JSON ----
        nlohmann::ordered_json j;
        const auto& s = r.segment;
        nlohmann::ordered_json lorenz = nlohmann::ordered_json::array();
        for (const auto& p : s.lorenz) lorenz.push_back({p.population, p.capital});
        j["note"] = caveat;
        j["options"] = {{"filters", common.filters.describe()}, {"dominant", dominant}, {"dilute", dilute},
                        {"share_by", share_by}};
        j["segment"] = {{"name", s.name},     {"startups", s.startups}, {"investors", s.investors},
                        {"capital_usd", s.capital_usd}, {"hhi", s.hhi}, {"cr4", s.cr4}, {"gini", s.gini},
                        {"mhhi", s.mhhi},     {"mhhi_delta", s.mhhi_delta}, {"lorenz", lorenz}, {"flags", s.flags}};
        if (o.centralization)
            j["segment"]["centralization"] = {{"bipartite_degree", s.degree_centralization},
                                              {"bipartite_betweenness", s.betweenness_centralization},
                                              {"investor_degree", s.investor_degree_centralization},
                                              {"investor_betweenness", s.investor_betweenness_centralization}};
        nlohmann::ordered_json st = nlohmann::ordered_json::array();
        for (const auto& sc : r.startups) {
            nlohmann::ordered_json x;
            x["id"] = id(sc.node);
            x["name"] = g.node(sc.node).name;
            x["capital_usd"] = sc.capital_usd;
            x["hhi"] = opt(sc.hhi);
            x["top1_share"] = sc.top1_share;
            x["top3_share"] = sc.top3_share;
            x["dominant_investor"] = sc.dominant_investor ? nlohmann::ordered_json(id(*sc.dominant_investor))
                                                          : nlohmann::ordered_json();
            x["stake_basis"] = sc.stake_basis;
            nlohmann::ordered_json gs = nlohmann::ordered_json::object();
            for (std::size_t k = 0; k < o.groups.size(); ++k) gs[o.groups[k].id] = sc.group_share[k];
            x["group_share"] = gs;
            nlohmann::ordered_json inv = nlohmann::ordered_json::array();
            for (const auto& is : sc.investors)
                inv.push_back({{"id", id(is.node)}, {"capital_usd", is.capital_usd}, {"share", is.share},
                               {"stake", opt(is.stake)}});
            x["investors"] = inv;
            st.push_back(std::move(x));
        }
        j["startups"] = std::move(st);
        nlohmann::ordered_json iv = nlohmann::ordered_json::array();
        for (const auto& ir : r.investors)
            iv.push_back({{"id", id(ir.node)},
                          {"name", g.node(ir.node).name},
                          {"startups", ir.startups},
                          {"capital_usd", ir.capital_usd},
                          {"capital_share", ir.capital_share},
                          {"startup_share", ir.startup_share},
                          {"dominant_in", ir.dominant_in},
                          {"competing_startups", ir.competing}});
        j["investors"] = std::move(iv);
        nlohmann::ordered_json gj = nlohmann::ordered_json::array();
        for (const auto& gr : r.groups)
            gj.push_back({{"id", gr.name},
                          {"startups", gr.startups},
                          {"startup_share", gr.startup_share},
                          {"capital_usd", gr.capital_usd},
                          {"capital_share", gr.capital_share}});
        j["groups"] = std::move(gj);
        if (w) {
            nlohmann::ordered_json ch = nlohmann::ordered_json::array();
            for (const auto& c : w->changes) {
                nlohmann::ordered_json x{{"scope", c.scope}, {"figure", c.figure}};
                if (c.figure == "dominant_investor") {
                    x["before"] = c.before_text == "none" ? nlohmann::ordered_json() : nlohmann::ordered_json(c.before_text);
                    x["after"] = c.after_text == "none" ? nlohmann::ordered_json() : nlohmann::ordered_json(c.after_text);
                } else {
                    x["before"] = opt(c.before);
                    x["after"] = opt(c.after);
                    x["change"] = c.after ? nlohmann::ordered_json(*c.after - c.before.value_or(0))
                                          : nlohmann::ordered_json();
                }
                ch.push_back(std::move(x));
            }
            j["what_if"] = {{"deals", w->deals}, {"changes", ch}, {"flags", w->flags}};
        }
        if (trend) {
            nlohmann::ordered_json y = nlohmann::ordered_json::array();
            for (const auto& yf : years)
                y.push_back({{"year", yf.year}, {"startups", yf.startups}, {"investors", yf.investors},
                             {"capital_usd", yf.capital_usd}, {"hhi", yf.hhi}, {"cr4", yf.cr4}, {"gini", yf.gini},
                             {"mhhi", yf.mhhi}});
            j["by_year"] = std::move(y);
        }

        // ---- tables ----
        Table seg;
        seg.header = {"figure", "value"};
        seg.numeric = {false, true};
        seg.rows = {{"startups", std::to_string(s.startups)},
                    {"investors", std::to_string(s.investors)},
                    {"capital_usd", human_usd(s.capital_usd)},
                    {"hhi (0-10000)", num(s.hhi)},
                    {"cr4", num(s.cr4, 1) + "%"},
                    {"gini", num(s.gini, 3)},
                    {"mhhi", num(s.mhhi)},
                    {"mhhi_delta", num(s.mhhi_delta)}};
        if (o.centralization) {
            seg.rows.push_back({"degree centralisation (bipartite)", num(s.degree_centralization, 3)});
            seg.rows.push_back({"betweenness centralisation (bipartite)", num(s.betweenness_centralization, 3)});
            seg.rows.push_back({"degree centralisation (investors)", num(s.investor_degree_centralization, 3)});
            seg.rows.push_back(
                {"betweenness centralisation (investors)", num(s.investor_betweenness_centralization, 3)});
        }
        Table stt;
        stt.header = {"startup", "capital", "investors", "hhi", "top1", "top3", "dominant", "largest investor"};
        stt.numeric = {false, true, true, true, true, true, false, false};
        for (const auto& gr : o.groups) {
            stt.header.push_back(gr.id);
            stt.numeric.push_back(true);
        }
        for (std::size_t i = 0; i < r.startups.size() && (!n || i < n); ++i) {
            const auto& sc = r.startups[i];
            std::vector<std::string> row{
                g.node(sc.node).name, human_usd(sc.capital_usd), std::to_string(sc.investors.size()),
                sc.hhi ? num(*sc.hhi) : "-", sc.hhi ? pct(sc.top1_share) : "-", sc.hhi ? pct(sc.top3_share) : "-",
                sc.dominant_investor ? g.node(*sc.dominant_investor).name : "",
                sc.investors.empty() || !sc.hhi ? "" : g.node(sc.investors[0].node).name};
            for (double gs : sc.group_share) row.push_back(sc.hhi ? pct(gs) : "-");
            stt.rows.push_back(std::move(row));
        }
        Table ivt;
        ivt.header = {"investor", "startups", "capital", "capital share", "startup share", "dominant in", "competing"};
        ivt.numeric = {false, true, true, true, true, true, true};
        for (std::size_t i = 0; i < r.investors.size() && (!n || i < n); ++i) {
            const auto& ir = r.investors[i];
            ivt.rows.push_back({g.node(ir.node).name, std::to_string(ir.startups), human_usd(ir.capital_usd),
                                pct(ir.capital_share), pct(ir.startup_share), std::to_string(ir.dominant_in),
                                std::to_string(ir.competing)});
        }
        Table grt;
        grt.header = {"group", "startups reached", "share of startups", "capital", "share of capital"};
        grt.numeric = {false, true, true, true, true};
        for (const auto& gr : r.groups)
            grt.rows.push_back({gr.name, std::to_string(gr.startups), pct(gr.startup_share), human_usd(gr.capital_usd),
                                pct(gr.capital_share)});
        Table wit;
        wit.header = {"scope", "figure", "before", "after", "change"};
        wit.numeric = {false, false, true, true, true};
        if (w) {
            auto scope_name = [&](const std::string& scope) {
                if (scope == "segment") return std::string("segment");
                auto v = g.find(Side::startup, scope);
                return v ? g.node(*v).name : scope;
            };
            auto investor_name = [&](const std::string& who) {
                if (who == "none") return who;
                auto v = g.find(Side::investor, who);
                return v ? g.node(*v).name : who;
            };
            for (const auto& c : w->changes) {
                if (c.figure == "dominant_investor")
                    wit.rows.push_back({scope_name(c.scope), label(c.figure, g, dominant), investor_name(c.before_text),
                                        investor_name(c.after_text),
                                        c.before_text == c.after_text ? "same" : "changed"});
                else
                    wit.rows.push_back({scope_name(c.scope), label(c.figure, g, dominant),
                                        show_figure(c.figure, c.before), show_figure(c.figure, c.after),
                                        show_change(c.figure, c.before, c.after)});
            }
        }
        Table yt;
        yt.header = {"year", "startups", "investors", "capital", "hhi", "cr4", "gini", "mhhi"};
        yt.numeric = {true, true, true, true, true, true, true, true};
        for (const auto& yf : years)
            yt.rows.push_back({std::to_string(yf.year), std::to_string(yf.startups), std::to_string(yf.investors),
                               human_usd(yf.capital_usd), num(yf.hhi), num(yf.cr4, 1) + "%", num(yf.gini, 3),
                               num(yf.mhhi)});

        // --include-status may match no deal, leaving no what-if to show.
        if (only == "what-if" && !w) throw UsageError("--only what-if needs --what-if or --include-status");
        std::string text;
        if (fmt == OutputFormat::json) {
            if (!only.empty()) {  // the note, the options and that part
                std::string key = only == "what-if" ? "what_if" : only == "by-year" ? "by_year" : only;
                nlohmann::ordered_json part;
                for (auto& [k, v] : j.items())
                    if (k == "note" || k == "options" || k == key) part[k] = v;
                j = std::move(part);
            }
            text = j.dump(2) + '\n';
        } else if (fmt == OutputFormat::csv) {
            // Full precision for spreadsheets: rebuild the chosen part with exact numbers.
            std::string part = only.empty() ? "startups" : only;
            Table t;
            if (part == "segment") {
                t.header = {"figure", "value"};
                t.rows = {{"startups", std::to_string(s.startups)}, {"investors", std::to_string(s.investors)},
                          {"capital_usd", exact_number(s.capital_usd)}, {"hhi", exact_number(s.hhi)},
                          {"cr4", exact_number(s.cr4)}, {"gini", exact_number(s.gini)},
                          {"mhhi", exact_number(s.mhhi)}, {"mhhi_delta", exact_number(s.mhhi_delta)}};
            } else if (part == "startups") {
                t.header = {"startup", "investor", "capital_usd", "share", "stake", "startup_hhi", "dominant"};
                for (const auto& sc : r.startups)
                    for (const auto& is : sc.investors)
                        t.rows.push_back({id(sc.node), id(is.node), exact_number(is.capital_usd),
                                          exact_number(is.share), is.stake ? exact_number(*is.stake) : "",
                                          sc.hhi ? exact_number(*sc.hhi) : "",
                                          sc.dominant_investor && *sc.dominant_investor == is.node ? "true" : "false"});
            } else if (part == "investors") {
                t.header = {"investor", "startups", "capital_usd", "capital_share", "startup_share", "dominant_in",
                            "competing_startups"};
                for (const auto& ir : r.investors)
                    t.rows.push_back({id(ir.node), std::to_string(ir.startups), exact_number(ir.capital_usd),
                                      exact_number(ir.capital_share), exact_number(ir.startup_share),
                                      std::to_string(ir.dominant_in), std::to_string(ir.competing)});
            } else if (part == "groups") {
                t.header = {"group", "startups", "startup_share", "capital_usd", "capital_share"};
                for (const auto& gr : r.groups)
                    t.rows.push_back({gr.name, std::to_string(gr.startups), exact_number(gr.startup_share),
                                      exact_number(gr.capital_usd), exact_number(gr.capital_share)});
            } else if (part == "what-if") {
                t.header = {"scope", "figure", "before", "after", "change"};
                for (const auto& c : w->changes) {
                    if (c.figure == "dominant_investor") {
                        t.rows.push_back({c.scope, c.figure, c.before_text, c.after_text, ""});
                        continue;
                    }
                    t.rows.push_back({c.scope, c.figure, c.before ? exact_number(*c.before) : "",
                                      c.after ? exact_number(*c.after) : "",
                                      c.after ? exact_number(*c.after - c.before.value_or(0)) : ""});
                }
            } else {  // by-year: check_only let no other part through
                t.header = {"year", "startups", "investors", "capital_usd", "hhi", "cr4", "gini", "mhhi"};
                for (const auto& yf : years)
                    t.rows.push_back({std::to_string(yf.year), std::to_string(yf.startups),
                                      std::to_string(yf.investors), exact_number(yf.capital_usd),
                                      exact_number(yf.hhi), exact_number(yf.cr4), exact_number(yf.gini),
                                      exact_number(yf.mhhi)});
            }
            text = t.to_csv();
        } else {
            bool md = fmt == OutputFormat::md;
            // With --only, that part alone (the heading and the caveat stay).
            auto shown = [&](std::string_view key) { return only.empty() || only == key; };
            auto part = [&](const std::string& title, const Table& t) {
                text += (md ? "### " : "") + title + "\n\n" + (md ? t.to_markdown() : t.to_text()) + "\n";
            };
            if (!md) text += common.heading(data) + "\n";
            text += std::string(md ? "> " : "") + caveat + "\n\n";
            if (w && shown("what-if")) {
                std::string ids;
                for (const auto& d : w->deals) ids += (ids.empty() ? "" : ", ") + d;
                part("what if " + ids + " had been counted", wit);
                for (const auto& f : w->flags) text += (md ? "- " : "  * ") + f + "\n";
                text += "\n";
            }
            if (shown("segment")) {
                part("segment: " + s.name, seg);
                for (const auto& f : s.flags) text += (md ? "- " : "  * ") + f + "\n";
                text += "\n";
            }
            auto top_of = [&](std::size_t total) {
                return n && n < total ? " (top " + std::to_string(n) + " of " + std::to_string(total) + ")"
                                      : std::string();
            };
            if (shown("startups")) part("startups, most concentrated first" + top_of(r.startups.size()), stt);
            if (shown("investors")) part("investors, most capital first" + top_of(r.investors.size()), ivt);
            if (!r.groups.empty() && shown("groups")) part("investor groups", grt);
            if (only == "groups" && r.groups.empty())
                text += "no investor groups (define them with --group NAME=id,id,... or in the data's groups)\n";
            if (trend && shown("by-year"))
                part(window ? "by year (deals in the " + std::to_string(window) + " years to each)"
                            : "by year (deals up to each year)",
                     yt);
        }
        write_file_atomic(common.output_file, text);
        common.done();
    }
};

}  // namespace

void add_concentration(CLI::App& app) {
    auto c = std::make_shared<ConcentrationCommand>();
    c->add(app)->callback([c] { c->run(); });
}

}  // namespace dealgraph::cli
