#include "dealgraph/report/briefing.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dealgraph/analysis/clusters.hpp"
#include "dealgraph/analysis/concentration.hpp"
#include "dealgraph/analysis/node_measures.hpp"
#include "dealgraph/analysis/summary.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/model/timing.hpp"
#include "dealgraph/render/map.hpp"
#include "dealgraph/report/measures_view.hpp"
#include "dealgraph/report/output.hpp"
#include "dealgraph/report/sha256.hpp"
#include "dealgraph/report/summary_view.hpp"
#include "dealgraph/version.hpp"

namespace dealgraph {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr const char* marker = ".dealgraph-report";

std::string esc(std::string_view s) { return html_escape(s); }

// Shares as percent with one decimal; numbers with a fixed number of decimals.
std::string pct(double share) { return percent(share); }
std::string num(double v, int decimals = 0) { return fixed(v, decimals); }

// One table, rendered to HTML (sortable, with raw numbers in data-value), Markdown and
// CSV from the same cells.
struct Cell {
    std::string text;
    std::optional<double> value;  // the raw number behind the text, for sorting and CSV
};

struct ReportTable {
    std::string id;       // t-NAME and tables/NAME.csv
    std::string caption;
    std::vector<std::string> header;
    std::vector<std::vector<Cell>> rows;

    std::string html() const {
        std::string h = "<table class=\"sortable\" id=\"t-" + id + "\">";
        if (!caption.empty()) h += "<caption>" + esc(caption) + "</caption>";
        h += "<thead><tr>";
        for (const auto& c : header) h += "<th scope=\"col\">" + esc(c) + "</th>";
        h += "</tr></thead><tbody>";
        for (const auto& r : rows) {
            h += "<tr>";
            for (const auto& c : r) {
                if (c.value)
                    h += "<td class=\"num\" data-value=\"" + exact_number(*c.value) + "\">" + esc(c.text) + "</td>";
                else
                    h += "<td>" + esc(c.text) + "</td>";
            }
            h += "</tr>";
        }
        return h + "</tbody></table>\n";
    }

    std::string markdown() const {
        Table t;
        t.header = header;
        for (const auto& r : rows) {
            std::vector<std::string> row;
            for (const auto& c : r) row.push_back(c.text);
            t.rows.push_back(std::move(row));
        }
        for (std::size_t i = 0; i < header.size(); ++i) t.numeric.push_back(!rows.empty() && rows[0][i].value);
        return (caption.empty() ? "" : "*" + caption + "*\n\n") + t.to_markdown();
    }

    std::string csv() const {
        Table t;
        t.header = header;
        for (const auto& r : rows) {
            std::vector<std::string> row;
            for (const auto& c : r) row.push_back(c.value ? exact_number(*c.value) : c.text);
            t.rows.push_back(std::move(row));
        }
        return t.to_csv();
    }
};

Cell text(std::string s) { return {std::move(s), std::nullopt}; }
Cell number(double v, std::string shown) { return {std::move(shown), v}; }
Cell number(double v) { return {short_number(v), v}; }
Cell money(double v) { return {human_usd(v), v}; }
Cell share(double v) { return {pct(v), v}; }

void write(const fs::path& p, std::string_view content) {
    std::ofstream f(p, std::ios::binary);
    f << content;
    if (!f) throw OutputError("cannot write " + p.string());
}

std::string read_all(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Strips the XML prologue and doctype so the SVG can sit inline in HTML.
std::string inline_svg(const std::string& svg) {
    auto at = svg.find("<svg");
    return at == std::string::npos ? svg : svg.substr(at);
}

constexpr const char* css = R"css(
:root { --ink:#1a1a1a; --muted:#5a5a5a; --rule:#d9d9d9; --accent:#0072b2; --bg:#ffffff; --band:#f5f7fa; }
* { box-sizing: border-box; }
body { margin:0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color:var(--ink); background:var(--bg); line-height:1.45; }
header { padding:28px 40px 18px; border-bottom:4px solid var(--accent); background:var(--band); }
header h1 { margin:0 0 6px; font-size:28px; }
header p { margin:2px 0; color:var(--muted); font-size:14px; }
nav { padding:8px 40px; border-bottom:1px solid var(--rule); font-size:14px; position:sticky; top:0; background:var(--bg); z-index:2; }
nav a { color:var(--accent); text-decoration:none; margin-right:18px; }
main { padding:0 40px 40px; max-width:1400px; }
section { margin-top:34px; }
h2 { font-size:22px; border-bottom:1px solid var(--rule); padding-bottom:6px; }
h3 { font-size:17px; margin-top:24px; }
.cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(180px,1fr)); gap:12px; margin:16px 0; }
.card { background:var(--band); border-radius:8px; padding:12px 14px; }
.card .v { font-size:24px; font-weight:bold; }
.card .k { font-size:13px; color:var(--muted); }
.flag { padding:10px 14px; border-left:4px solid #d55e00; background:#fff4ec; margin:8px 0; font-size:14px; }
.note { color:var(--muted); font-size:13px; }
table { border-collapse:collapse; margin:10px 0 18px; font-size:13px; }
caption { text-align:left; font-weight:bold; padding:4px 0; }
th, td { padding:4px 10px; border-bottom:1px solid var(--rule); text-align:left; vertical-align:top; }
th { background:var(--band); cursor:pointer; user-select:none; white-space:nowrap; }
th[aria-sort="ascending"]::after { content:" \25B2"; }
th[aria-sort="descending"]::after { content:" \25BC"; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit,minmax(520px,1fr)); gap:18px; }
figure.map { margin:18px 0; border:1px solid var(--rule); border-radius:8px; padding:8px; overflow:auto; }
figure.map svg { width:100%; height:auto; max-height:1100px; }
figcaption { font-size:13px; color:var(--muted); padding:6px 4px 0; }
@media print {
  nav, .no-print { display:none; }
  header { background:none; }
  section { break-inside:avoid-page; }
  figure.map { break-inside:avoid; border:none; }
  figure.map svg { max-height:none; }
  th { cursor:auto; }
  a { color:inherit; text-decoration:none; }
}
)css";

constexpr const char* sort_script = R"js(
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('thead th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col];
        var xv = x.getAttribute('data-value'), yv = y.getAttribute('data-value');
        var r = (xv !== null && yv !== null) ? parseFloat(xv) - parseFloat(yv)
                                             : x.textContent.localeCompare(y.textContent);
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
)js";

class Html {
public:
    std::string body;
    void section(const std::string& id, const std::string& title) {
        if (open_) body += "</section>\n";
        body += "<section id=\"" + id + "\"><h2>" + esc(title) + "</h2>\n";
        open_ = true;
    }
    void h3(const std::string& t) { body += "<h3>" + esc(t) + "</h3>\n"; }
    void p(const std::string& t, const char* cls = nullptr) {
        body += cls ? "<p class=\"" + std::string(cls) + "\">" + esc(t) + "</p>\n" : "<p>" + esc(t) + "</p>\n";
    }
    void raw(const std::string& h) { body += h; }
    void close() {
        if (open_) body += "</section>\n";
        open_ = false;
    }

private:
    bool open_ = false;
};

}  // namespace

ReportSummary write_report(const Dataset& data, const ReportOptions& o) {
    std::optional<PhaseTimer> timer;  // DEALGRAPH_TIMINGS: the time of each step
    auto step = [&](const std::string& s) {
        timer.reset();
        timer.emplace("report: " + s);
        if (o.progress) o.progress(s);
    };
    fs::path out(o.out);
    if (out.empty()) throw UsageError("--out: expected a folder for the report");
    std::error_code ec;
    if (fs::exists(out, ec)) {
        if (!fs::is_directory(out, ec))
            throw OutputError("cannot write the report to " + out.string() + ": it is a file; expected a folder");
        bool empty = fs::is_empty(out, ec);
        if (!empty && !fs::exists(out / marker) && !o.force)
            throw OutputError("refusing to replace " + out.string() +
                              ": it is not empty and holds no previous report (use --force to replace it)");
    }
    fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    if (!fs::is_directory(parent, ec))
        throw OutputError("cannot write the report: folder " + parent.string() + " does not exist");
    std::string tmpl = (parent / ("." + out.filename().string() + ".tmp-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) throw OutputError("cannot create a temporary folder beside " + out.string());
    fs::path tmp(tmpl);
    struct Cleanup {
        fs::path p;
        bool keep = false;
        ~Cleanup() {
            std::error_code e;
            if (!keep) fs::remove_all(p, e);
        }
    } cleanup{tmp};
    fs::create_directories(tmp / "tables");
    fs::create_directories(tmp / "maps");

    // ---- compute -------------------------------------------------------------------
    step("building the graph");
    auto g = BipartiteGraph::build(data, o.graph);
    GraphOptions rolled = o.graph;
    rolled.rollup = o.graph.rollup || o.concentration_rollup;
    auto gr = BipartiteGraph::build(data, rolled);
    Summary sum = summarize(data, g);
    std::vector<std::string> offers = deals_with_status(
        data, rolled, {DealStatus::proposed, DealStatus::rejected, DealStatus::negotiating});

    // ---- maps ----------------------------------------------------------------------
    struct MapSpec {
        std::string name, caption;
        MapOptions options;
        GraphOptions graph;
    };
    std::vector<MapSpec> maps;
    std::string source;
    for (const auto& f : o.inputs) source += (source.empty() ? "" : ", ") + fs::path(f).filename().string();
    auto base_map = [&](MapView v) {
        MapOptions m;
        m.view = v;
        m.source = source;
        m.filters = o.filters;
        m.top = o.map_top;
        return m;
    };
    {
        auto m = base_map(MapView::ecosystem);
        m.aspect = "16:9";
        maps.push_back({"ecosystem", "The whole network: node size by PageRank, line width by capital.", m, o.graph});
    }
    maps.push_back({"bipartite", "The most central investors (left) and the startups they backed (right).",
                    base_map(MapView::bipartite), o.graph});
    // Ego: the startup an uncounted offer concerns, else the startup with the most investors
    // (ties by id), the first startup of the centrality ranking.
    std::string ego_id;
    if (!offers.empty()) {
        for (const auto& d : data.deals)
            if (d.id == offers.front()) ego_id = d.startup;
    }
    if (ego_id.empty() || !g.find(Side::startup, ego_id)) {
        ego_id.clear();
        std::uint32_t best = 0;
        for (std::uint32_t v = g.investors(); v < g.nodes(); ++v)
            if (g.degree(v) > best || (ego_id.empty() && g.degree(v) == best)) {
                best = g.degree(v);
                ego_id = g.node(v).id;
            }
    }
    if (!ego_id.empty()) {
        auto m = base_map(MapView::ego);
        m.around = ego_id;
        maps.push_back({"ego", "The neighbourhood of " + g.node(*g.find(Side::startup, ego_id)).name +
                                   ": its investors and their other startups.",
                        m, o.graph});
    }
    maps.push_back({"coinvestors", "Who invests with whom: Leiden communities as boxes, the largest syndicate "
                                   "highlighted (investors rolled up to their parents).",
                    base_map(MapView::coinvestors), rolled});
    {
        auto m = base_map(MapView::concentration);
        m.what_if = offers;
        maps.push_back({"concentration", "Each investor's share of each startup's capital; dominant investors "
                                         "outlined; uncounted offers dashed as what-ifs.",
                        m, rolled});
    }
    // The maps need none of the figures above, and most of their time is Graphviz in a
    // worker process: they are drawn on a second thread while the analyses run (the
    // cgraph calls all stay on that one thread). Their bytes do not depend on the timing.
    auto draw_maps = [&, maps] {
        std::vector<std::string> svgs;
        for (const auto& m : maps) {
            MapOptions mo = m.options;
            mo.width_px = o.map_width;  // the png's; the svg and dot do not depend on it
            auto drawn = render_map(data, m.graph, mo, std::vector<std::string>{"svg", "dot", "png"});
            write(tmp / "maps" / (m.name + ".svg"), drawn[0].data);
            write(tmp / "maps" / (m.name + ".dot"), drawn[1].data);
            write(tmp / "maps" / (m.name + ".png"), drawn[2].data);
            svgs.push_back(std::move(drawn[0].data));
        }
        return svgs;
    };
    auto drawing = std::async(std::launch::async, draw_maps);

    step("computing centrality (betweenness, closeness, PageRank, HITS)");
    NodeMeasureOptions mo;
    auto cent = node_measures(g, mo);
    NodeMeasureOptions io;
    io.graph = GraphKind::investors;
    io.measures = {Measure::pagerank, Measure::degree, Measure::betweenness};
    io.weighted = true;
    auto inv_cent = node_measures(gr, io);

    step("finding communities and syndicates");
    ClusterOptions co;
    co.on_leiden_run = [&](std::uint32_t done, std::uint32_t runs) {
        if (o.progress_detail) o.progress_detail(leiden_runs_done(done, runs));
    };
    auto cl = clusters(gr, co);

    step("measuring concentration");
    ConcentrationOptions cc;
    cc.groups = data.groups;
    // Freeman centralisation needs the betweenness computed above: reuse it where the
    // graphs are the same (the co-investment one always is; the bipartite one when roll-up
    // changes nothing), instead of running all-pairs shortest paths twice more.
    auto betweenness_of = [](const NodeMeasures& m) -> std::span<const double> {
        for (std::size_t k = 0; k < m.measures.size(); ++k)
            if (m.measures[k] == Measure::betweenness) return m.values[k];
        return {};
    };
    bool rollup_changes = rolled.rollup != o.graph.rollup &&
                          std::any_of(data.entities.begin(), data.entities.end(),
                                      [](const Entity& e) { return !e.parent.empty(); });
    if (!rollup_changes) cc.bipartite_betweenness = betweenness_of(cent);
    cc.investor_betweenness = betweenness_of(inv_cent);
    auto conc = concentration(data, gr, cc);
    cc.bipartite_betweenness = {};
    cc.investor_betweenness = {};
    std::vector<WhatIf> what_ifs;
    for (const auto& id : offers) {
        step("what if " + id + " had been counted");
        ConcentrationOptions wc = cc;
        wc.centralization = false;
        what_ifs.push_back(what_if(data, rolled, {id}, wc));
    }
    step("the trend by year");
    auto years = by_year(data, rolled, cc, 0);

    step("drawing the maps");
    std::vector<std::string> svgs = drawing.get();

    // ---- tables --------------------------------------------------------------------
    step("writing the report");
    std::vector<ReportTable> tables;
    auto name_of = [&](const BipartiteGraph& gg, std::uint32_t v) { return gg.node(v).name; };

    ReportTable headline{"headline", "Headline figures", {"figure", "value"}, {}};
    headline.rows = {
        {text("investors"), number(static_cast<double>(sum.investors))},
        {text("startups"), number(static_cast<double>(sum.startups))},
        {text("deals counted"), number(static_cast<double>(sum.deals))},
        {text("participations"), number(static_cast<double>(sum.participations))},
        {text("investor-startup ties"), number(static_cast<double>(sum.edges))},
        {text("capital attributed"), money(sum.capital_usd)},
        {text("connected components"), number(static_cast<double>(sum.components))},
        {text("largest component (nodes)"), number(static_cast<double>(sum.giant_component))},
        {text("non-equity ties"), number(static_cast<double>(sum.ties))},
        {text("segment HHI (investors' capital shares)"), number(conc.segment.hhi, num(conc.segment.hhi))},
    };
    tables.push_back(headline);

    // Centrality: for each measure, the top investors and startups side by side.
    std::vector<ReportTable> cent_tables;
    for (std::size_t k = 0; k < cent.measures.size(); ++k) {
        Measure m = cent.measures[k];
        // Closeness within a component puts the nodes of tiny separate components first
        // (a pair alone scores 1): in rankings for readers, harmonic closeness stands in.
        if (m == Measure::closeness) continue;
        std::vector<std::uint32_t> order(cent.nodes.size());
        for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
            if (cent.values[k][a] != cent.values[k][b]) return cent.values[k][a] > cent.values[k][b];
            return cent.nodes[a].id < cent.nodes[b].id;
        });
        std::vector<std::uint32_t> inv, st;
        for (auto i : order) (cent.nodes[i].side == Side::investor ? inv : st).push_back(i);
        // Investors and startups ranked separately, one row per node, so sorting keeps rows whole.
        ReportTable t{"centrality-" + std::string(to_string(m)), "Top by " + std::string(to_string(m)),
                      {"side", "rank", "name", std::string(to_string(m))},
                      {}};
        auto add = [&](const std::vector<std::uint32_t>& list, const char* side) {
            for (std::size_t r = 0; r < o.top && r < list.size(); ++r)
                t.rows.push_back({text(side), number(static_cast<double>(r + 1)), text(std::string(cent.nodes[list[r]].name)),
                                  number(cent.values[k][list[r]])});
        };
        if (m != Measure::authority) add(inv, "investor");
        if (m != Measure::hub) add(st, "startup");
        cent_tables.push_back(std::move(t));
    }
    ReportTable inv_pr{"investor-projection", "Investors in the co-investment network (rolled up), by weighted PageRank",
                       {"rank", "investor", "pagerank", "co-investors", "betweenness"}, {}};
    for (std::size_t r = 0; r < o.top && r < inv_cent.ranking.size(); ++r) {
        auto i = inv_cent.ranking[r];
        inv_pr.rows.push_back({number(static_cast<double>(r + 1)), text(std::string(inv_cent.nodes[i].name)),
                               number(inv_cent.values[0][i]), number(inv_cent.values[1][i]),
                               number(inv_cent.values[2][i])});
    }

    ReportTable synd{"syndicates", "Syndicates: investors who all backed the same startups (maximal bicliques)",
                     {"rank", "investors", "startups", "investor names", "startup names"}, {}};
    for (std::size_t r = 0; r < cl.syndicates.syndicates.size() && r < 2 * o.top; ++r) {
        const auto& s = cl.syndicates.syndicates[r];
        std::string a, b;
        for (auto v : s.investors) a += (a.empty() ? "" : ", ") + name_of(gr, v);
        for (auto v : s.startups) b += (b.empty() ? "" : ", ") + name_of(gr, v);
        synd.rows.push_back({number(static_cast<double>(r + 1)), number(static_cast<double>(s.investors.size())),
                             number(static_cast<double>(s.startups.size())), text(a), text(b)});
    }
    ReportTable comm{"communities", "Communities of the co-investment network (Leiden)",
                     {"community", "size", "best-connected members"}, {}};
    {
        std::vector<double> deg(gr.nodes(), 0);
        for (std::uint32_t i = 0; i < cl.projection.nodes(); ++i) deg[cl.projection.origin[i]] = cl.projection.degree(i);
        for (const auto& c : cl.communities.communities) {
            if (c.members.size() < 2) continue;
            auto m = c.members;
            std::stable_sort(m.begin(), m.end(), [&](auto a, auto b) { return deg[a] > deg[b]; });
            std::string names;
            for (std::size_t i = 0; i < m.size() && i < 8; ++i) names += (i ? ", " : "") + name_of(gr, m[i]);
            if (m.size() > 8) names += ", ...";
            comm.rows.push_back({number(static_cast<double>(c.id + 1)), number(static_cast<double>(c.members.size())),
                                 text(names)});
        }
    }

    ReportTable cst{"concentration-startups", "Startups: dependence on their backers (investors rolled up)",
                    {"startup", "capital", "investors", "HHI", "largest share", "dominant investor", "largest investor"},
                    {}};
    for (const auto& gp : data.groups) cst.header.push_back(gp.name + " share");
    for (const auto& sc : conc.startups) {
        if (!sc.hhi) continue;
        std::vector<Cell> row{text(name_of(gr, sc.node)), money(sc.capital_usd),
                              number(static_cast<double>(sc.investors.size())), number(*sc.hhi, num(*sc.hhi)),
                              share(sc.top1_share),
                              text(sc.dominant_investor ? name_of(gr, *sc.dominant_investor) : ""),
                              text(name_of(gr, sc.investors[0].node))};
        for (double gs : sc.group_share) row.push_back(share(gs));
        cst.rows.push_back(std::move(row));
    }
    ReportTable cinv{"concentration-investors", "Investors: reach across the startups",
                     {"investor", "startups", "capital", "share of capital", "share of startups", "dominant in",
                      "competing startups backed"},
                     {}};
    for (std::size_t r = 0; r < conc.investors.size() && r < 2 * o.top; ++r) {
        const auto& ir = conc.investors[r];
        cinv.rows.push_back({text(name_of(gr, ir.node)), number(ir.startups), money(ir.capital_usd),
                             share(ir.capital_share), share(ir.startup_share), number(ir.dominant_in),
                             number(ir.competing)});
    }
    ReportTable seg{"concentration-segment", "All startups: concentration of investment",
                    {"figure", "value"},
                    {{text("HHI of investors' capital shares (0-10000)"), number(conc.segment.hhi, num(conc.segment.hhi))},
                     {text("CR4 (four largest investors' share)"), number(conc.segment.cr4, num(conc.segment.cr4, 1) + "%")},
                     {text("Gini of investors' capital"), number(conc.segment.gini, num(conc.segment.gini, 3))},
                     {text("MHHI (common ownership)"), number(conc.segment.mhhi, num(conc.segment.mhhi))},
                     {text("MHHI delta"), number(conc.segment.mhhi_delta, num(conc.segment.mhhi_delta))},
                     {text("degree centralisation, bipartite"), number(conc.segment.degree_centralization)},
                     {text("betweenness centralisation, bipartite"), number(conc.segment.betweenness_centralization)}}};
    ReportTable groups{"groups", "Investor groups", {"group", "startups reached", "share of startups", "capital",
                                                     "share of capital"}, {}};
    for (const auto& gp : conc.groups)
        groups.rows.push_back({text(gp.name), number(gp.startups), share(gp.startup_share), money(gp.capital_usd),
                               share(gp.capital_share)});
    std::vector<ReportTable> wi_tables;
    for (const auto& w : what_ifs) {
        ReportTable t{"what-if-" + w.deals.front(), "What if " + w.deals.front() + " had been counted",
                      {"scope", "figure", "before", "after", "change"}, {}};
        for (const auto& c : w.changes) {
            auto scope = c.scope == "segment" ? std::string("segment")
                                              : (gr.find(Side::startup, c.scope) ? name_of(gr, *gr.find(Side::startup, c.scope)) : c.scope);
            if (c.figure == "dominant_investor") {
                t.rows.push_back({text(scope), text("dominant investor"), text(c.before_text), text(c.after_text),
                                  text(c.before_text == c.after_text ? "same" : "changed")});
                continue;
            }
            bool is_share = c.figure.starts_with("share:") || c.figure.starts_with("stake:") || c.figure == "top1_share";
            auto show = [&](std::optional<double> v) -> Cell {
                if (!v) return text("-");
                if (is_share) return share(*v);
                if (c.figure == "capital_usd") return money(*v);
                return number(*v, c.figure == "gini" ? num(*v, 3) : num(*v, c.figure == "cr4" ? 1 : 0));
            };
            double d = c.after.value_or(0) - c.before.value_or(0);
            Cell change = is_share ? Cell{(d >= 0 ? "+" : "") + num(100 * d, 1) + " pts", d}
                          : c.figure == "capital_usd" ? Cell{(d >= 0 ? "+" : "-") + human_usd(std::fabs(d)), d}
                                                      : Cell{(d >= 0 ? "+" : "") + num(d, c.figure == "gini" ? 3 : 0), d};
            t.rows.push_back({text(scope), text(c.figure), show(c.before), show(c.after), change});
        }
        wi_tables.push_back(std::move(t));
    }
    ReportTable trend{"trend", "Concentration by year (deals up to the end of each year)",
                      {"year", "startups", "investors", "capital", "HHI", "CR4", "Gini", "MHHI"}, {}};
    for (const auto& y : years)
        trend.rows.push_back({number(y.year, std::to_string(y.year)), number(y.startups), number(y.investors),
                              money(y.capital_usd), number(y.hhi, num(y.hhi)), number(y.cr4, num(y.cr4, 1) + "%"),
                              number(y.gini, num(y.gini, 3)), number(y.mhhi, num(y.mhhi))});

    // ---- CSV -----------------------------------------------------------------------
    {
        write(tmp / "tables" / "summary.csv", summary_table(sum, true).to_csv());
        write(tmp / "tables" / "centrality.csv", measures_table(cent, 0, true).to_csv());
        for (const auto* t : {&inv_pr, &synd, &comm, &cst, &cinv, &seg, &groups, &trend})
            write(tmp / "tables" / (t->id + ".csv"), t->csv());
        std::string all_wi;
        for (const auto& t : wi_tables) write(tmp / "tables" / (t.id + ".csv"), t.csv());
    }

    // ---- JSON ----------------------------------------------------------------------
    Json j;
    j["tool"] = "dealgraph";
    j["version"] = version;
    Json inputs = Json::array();
    for (const auto& f : o.inputs) {
        std::string bytes = f == "-" ? std::string() : read_all(f);
        inputs.push_back({{"file", f}, {"bytes", bytes.size()}, {"sha256", sha256_hex(bytes)}});
    }
    j["inputs"] = inputs;
    j["options"] = {{"counted", o.filters},
                    {"statuses", [&] {
                         Json a = Json::array();
                         for (auto s : deal_status_names)
                             if (o.graph.statuses.contains(*enum_from_name<DealStatus>(deal_status_names, s)))
                                 a.push_back(std::string(s));
                         return a;
                     }()},
                    {"rollup", o.graph.rollup},
                    {"concentration_rollup", rolled.rollup},
                    {"attribution", o.graph.attribution.to_string()},
                    {"leiden_seed", co.leiden.seed},
                    {"leiden_runs", co.runs},
                    {"leiden_iterations", co.leiden.max_iterations}};
    j["summary"] = summary_json(sum);
    j["centrality"] = measures_json(cent, 0);
    j["investor_projection"] = measures_json(inv_cent, 0);
    {
        Json a = Json::array();
        for (const auto& c : cl.communities.communities) {
            Json m = Json::array();
            for (auto v : c.members) m.push_back(gr.node(v).id);
            a.push_back({{"id", c.id}, {"size", c.members.size()}, {"members", m}});
        }
        j["communities"] = {{"modularity", cl.communities.modularity}, {"communities", a}};
        Json s = Json::array();
        for (const auto& sy : cl.syndicates.syndicates) {
            Json iv = Json::array(), stt = Json::array();
            for (auto v : sy.investors) iv.push_back(gr.node(v).id);
            for (auto v : sy.startups) stt.push_back(gr.node(v).id);
            s.push_back({{"investors", iv}, {"startups", stt}});
        }
        j["syndicates"] = {{"found", cl.syndicates.found}, {"truncated", cl.syndicates.truncated},
                           {"list", s}};
    }
    {
        Json c;
        const auto& s = conc.segment;
        c["segment"] = {{"hhi", s.hhi}, {"cr4", s.cr4}, {"gini", s.gini}, {"mhhi", s.mhhi},
                        {"mhhi_delta", s.mhhi_delta}, {"flags", s.flags},
                        {"degree_centralization", s.degree_centralization},
                        {"betweenness_centralization", s.betweenness_centralization}};
        Json st = Json::array();
        for (const auto& sc : conc.startups) {
            Json inv = Json::array();
            for (const auto& is : sc.investors)
                inv.push_back({{"id", gr.node(is.node).id}, {"capital_usd", is.capital_usd}, {"share", is.share},
                               {"stake", is.stake ? Json(*is.stake) : Json()}});
            st.push_back({{"id", gr.node(sc.node).id}, {"hhi", sc.hhi ? Json(*sc.hhi) : Json()},
                          {"top1_share", sc.top1_share},
                          {"dominant_investor", sc.dominant_investor ? Json(gr.node(*sc.dominant_investor).id) : Json()},
                          {"investors", inv}});
        }
        c["startups"] = st;
        j["concentration"] = c;
    }
    {
        Json a = Json::array();
        for (const auto& w : what_ifs) {
            Json ch = Json::array();
            for (const auto& c : w.changes)
                ch.push_back({{"scope", c.scope}, {"figure", c.figure},
                              {"before", c.figure == "dominant_investor" ? Json(c.before_text) : (c.before ? Json(*c.before) : Json())},
                              {"after", c.figure == "dominant_investor" ? Json(c.after_text) : (c.after ? Json(*c.after) : Json())}});
            a.push_back({{"deals", w.deals}, {"changes", ch}, {"flags", w.flags}});
        }
        j["what_if"] = a;
        Json y = Json::array();
        for (const auto& yf : years)
            y.push_back({{"year", yf.year}, {"hhi", yf.hhi}, {"cr4", yf.cr4}, {"gini", yf.gini}, {"mhhi", yf.mhhi},
                         {"capital_usd", yf.capital_usd}});
        j["by_year"] = y;
        Json ms = Json::array();
        for (const auto& m : maps) ms.push_back(m.name);
        j["maps"] = ms;
    }
    write(tmp / "report.json", j.dump(2) + "\n");

    // ---- HTML and Markdown ---------------------------------------------------------
    std::string title = (data.title.empty() ? std::string("Deal network") : data.title);
    std::string range = sum.date_from && sum.date_to ? sum.date_from->to_string() + " to " + sum.date_to->to_string() : "";
    Html h;
    std::string md = "# " + title + "\n\n*dealgraph " + std::string(version) + " briefing. Source: " + source +
                     ". Counted: " + o.filters + (range.empty() ? "" : ". Deals " + range) + ".*\n\n";
    auto both = [&](const ReportTable& t) {
        h.raw(t.html());
        md += t.markdown() + "\n";
    };

    h.section("headline", "Headline figures");
    md += "## Headline figures\n\n";
    {
        std::string cards = "<div class=\"cards\">";
        auto card = [&](const std::string& v, const std::string& k) {
            cards += "<div class=\"card\"><div class=\"v\">" + esc(v) + "</div><div class=\"k\">" + esc(k) + "</div></div>";
        };
        card(std::to_string(sum.investors), "investors");
        card(std::to_string(sum.startups), "startups");
        card(std::to_string(sum.deals), "deals counted");
        card(human_usd(sum.capital_usd), "capital attributed");
        if (!cent.ranking.empty()) card(std::string(cent.nodes[cent.ranking[0]].name), "most ties (degree)");
        if (!cl.syndicates.syndicates.empty())
            card(std::to_string(cl.syndicates.syndicates[0].investors.size()) + " investors", "largest syndicate");
        h.raw(cards + "</div>\n");
    }
    both(headline);
    for (const auto& f : conc.segment.flags) {
        h.raw("<p class=\"flag\">" + esc(f) + "</p>\n");
        md += "> " + f + "\n\n";
    }
    for (const auto& w : what_ifs)
        for (const auto& f : w.flags) {
            h.raw("<p class=\"flag\">What if " + esc(w.deals.front()) + ": " + esc(f) + "</p>\n");
            md += "> What if " + w.deals.front() + ": " + f + "\n\n";
        }

    h.section("maps", "Maps");
    md += "## Maps\n\n";
    for (std::size_t i = 0; i < maps.size(); ++i) {
        h.raw("<figure class=\"map\" id=\"map-" + maps[i].name + "\">" + inline_svg(svgs[i]) + "<figcaption>" +
              esc(maps[i].caption) + " <a class=\"no-print\" href=\"maps/" + maps[i].name +
              ".png\">PNG</a></figcaption></figure>\n");
        md += "![" + maps[i].caption + "](maps/" + maps[i].name + ".png)\n\n*" + maps[i].caption + "*\n\n";
    }

    h.section("centrality", "Who sits at the centre");
    md += "## Who sits at the centre\n\n";
    h.p("Each measure on the bipartite investor/startup graph; investors and startups ranked separately. "
        "Closeness within a component is not ranked here (a pair alone in its own component would score 1); "
        "harmonic closeness, which works across components, is. Every node's values are in "
        "tables/centrality.csv; definitions in the methods section.", "note");
    h.raw("<div class=\"grid2\">");
    for (const auto& t : cent_tables) {
        h.raw("<div>");
        both(t);
        h.raw("</div>");
    }
    h.raw("</div>");
    both(inv_pr);

    h.section("clusters", "Who moves as a bloc");
    md += "## Who moves as a bloc\n\n";
    std::string q = "Modularity of the partition: " + num(cl.communities.modularity, 3) + " (Leiden, best of " +
                    std::to_string(co.runs) + " seeds).";
    h.p(q, "note");
    md += q + "\n\n";
    both(synd);
    if (cl.syndicates.truncated) {
        h.p("Syndicate list cut: " + cl.syndicates.truncation, "note");
        md += "Syndicate list cut: " + cl.syndicates.truncation + "\n\n";
    }
    both(comm);

    h.section("concentration", "Concentration of influence");
    md += "## Concentration of influence\n\n";
    std::string caveat = "These figures measure concentration of investment (who supplied the capital), not of a "
                         "product market. Investors are rolled up to their parents (NVentures counts as Nvidia).";
    h.p(caveat, "note");
    md += "*" + caveat + "*\n\n";
    both(seg);
    both(cst);
    both(cinv);
    if (!groups.rows.empty()) both(groups);

    h.section("what-if", "What the offers would have changed");
    md += "## What the offers would have changed\n\n";
    if (wi_tables.empty()) {
        h.p("The data holds no proposed, rejected or negotiating deals.", "note");
        md += "The data holds no proposed, rejected or negotiating deals.\n\n";
    }
    for (std::size_t i = 0; i < wi_tables.size(); ++i) {
        both(wi_tables[i]);
        for (const auto& f : what_ifs[i].flags) {
            h.raw("<p class=\"flag\">" + esc(f) + "</p>\n");
            md += "> " + f + "\n\n";
        }
    }

    h.section("trend", "The trend by year");
    md += "## The trend by year\n\n";
    both(trend);

    h.section("methods", "Methods");
    md += "## Methods\n\n";
    const std::vector<std::string> methods{
        "Counted deals: " + o.filters + ". Offers (proposed, rejected) and talks (negotiating) are not "
        "counted; each appears in the what-if section, recomputed as if it had closed.",
        "Capital attribution: an investor's own amount when reported; otherwise the round's amount minus the own "
        "amounts, split " + o.graph.attribution.to_string() + " among the other investors. Rounds without an amount "
        "add ties but no capital. Placeholder investors take their part, which stays unattributed.",
        "Centrality (bipartite graph, hop distances): degree; strength = capital; betweenness (Brandes 2001), each "
        "pair once, unnormalised; closeness = (reachable - 1) / sum of distances, within a component; harmonic = "
        "sum of 1/distance; eigenvector on the largest component, unit norm; PageRank, damping 0.85, dangling mass "
        "spread evenly, sums to 1; HITS hubs (investors) and authorities (startups), each summing to 1.",
        "Co-investment network: investors linked by the startups they backed together (weight = number of "
        "startups), investors rolled up to their parents. Communities: Leiden (Traag, Waltman & van Eck 2019), "
        "modularity with resolution 1, best of several seeded runs. Syndicates: maximal groups of at least 3 "
        "investors that all backed the same at least 2 startups (maximal bicliques).",
        "Concentration: per startup, each investor's share of its attributed capital and the HHI of those shares "
        "(0-10000); a dominant investor holds at least 50%. Stakes are estimates: own amount / post-money, summed, "
        "ignoring dilution. Segment: HHI and CR4 of investors' shares of all capital; Gini; MHHI (O'Brien & Salop "
        "2000) with market shares by capital raised. Flags: 2023 US Merger Guidelines thresholds (HHI above 1800 "
        "highly concentrated; a change above 100 significant), applied to investment, not to a product market.",
        "Maps: Graphviz (sfdp, dot, twopi) laid out in-process; investor type by colour and shape, sector by "
        "colour, node size by PageRank (concentration map: capital), line width by capital or share.",
        "Reproducibility: the same input and options give the same report, byte for byte. Input checksums "
        "(SHA-256), the tool version and every option are in report.json. Full definitions: docs/MEASURES.md."};
    h.raw("<ul>");
    for (const auto& m : methods) {
        h.raw("<li>" + esc(m) + "</li>");
        md += "- " + m + "\n";
    }
    h.raw("</ul>");
    h.close();

    std::string nav = "<nav class=\"no-print\">";
    for (auto [id, label] : {std::pair{"headline", "Headline"}, {"maps", "Maps"}, {"centrality", "Centrality"},
                             {"clusters", "Blocs"}, {"concentration", "Concentration"}, {"what-if", "What-if"},
                             {"trend", "Trend"}, {"methods", "Methods"}})
        nav += std::string("<a href=\"#") + id + "\">" + label + "</a>";
    nav += "</nav>";
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>" + esc(title) + " - dealgraph report</title>\n<style>" + css + "</style>\n</head>\n<body>\n"
                       "<header><h1>" + esc(title) + "</h1><p>Source: " + esc(source) + " · counted: " + esc(o.filters) +
                       (range.empty() ? "" : " · deals " + esc(range)) + "</p><p>dealgraph " + version +
                       " briefing · every figure is defined in the methods section</p></header>\n" + nav +
                       "\n<main>\n" + h.body + "</main>\n<script>" + sort_script + "</script>\n</body>\n</html>\n";
    write(tmp / "report.html", html);
    write(tmp / "report.md", md);
    write(tmp / marker, "dealgraph report\n");

    // ---- into place ----------------------------------------------------------------
    fs::path old;
    if (fs::exists(out, ec)) {
        old = parent / ("." + out.filename().string() + ".old-" + std::to_string(::getpid()));
        fs::rename(out, old, ec);
        if (ec) throw OutputError("cannot replace " + out.string() + ": " + ec.message());
    }
    fs::rename(tmp, out, ec);
    if (ec) {
        if (!old.empty()) fs::rename(old, out);
        throw OutputError("cannot move the report into " + out.string() + ": " + ec.message());
    }
    cleanup.keep = true;
    if (!old.empty()) fs::remove_all(old, ec);
    step("");
    timer.reset();

    ReportSummary rs;
    rs.path = (out / "report.html").string();
    for (std::size_t r = 0, n = 0; r < inv_cent.ranking.size() && n < 5; ++r, ++n) {
        auto i = inv_cent.ranking[r];
        rs.top_investors.push_back({std::string(inv_cent.nodes[i].name), inv_cent.values[0][i]});
    }
    if (!cl.syndicates.syndicates.empty()) {
        const auto& s = cl.syndicates.syndicates[0];
        std::string a, b;
        for (auto v : s.investors) a += (a.empty() ? "" : ", ") + name_of(gr, v);
        for (auto v : s.startups) b += (b.empty() ? "" : ", ") + name_of(gr, v);
        rs.largest_syndicate = a + " (together in " + b + ")";
    }
    std::vector<const StartupConcentration*> dep;
    for (const auto& sc : conc.startups)
        if (sc.dominant_investor && sc.investors.size() > 1) dep.push_back(&sc);
    std::stable_sort(dep.begin(), dep.end(), [](auto a, auto b) { return a->top1_share > b->top1_share; });
    for (std::size_t i = 0; i < dep.size() && i < 5; ++i)
        rs.dependent_startups.push_back(name_of(gr, dep[i]->node) + ": " + name_of(gr, *dep[i]->dominant_investor) +
                                        " " + pct(dep[i]->top1_share) + " of its capital");
    rs.flags = conc.segment.flags;
    for (const auto& w : what_ifs)
        for (const auto& f : w.flags) rs.flags.push_back("what if " + w.deals.front() + ": " + f);
    return rs;
}

}  // namespace dealgraph
