#include "dealgraph/model/timing.hpp"
#include "dealgraph/render/map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/analysis/clusters.hpp"
#include "dealgraph/analysis/concentration.hpp"
#include "dealgraph/analysis/ego.hpp"
#include "dealgraph/graph/lookup.hpp"
#include "dealgraph/graph/projection.hpp"
#include "dealgraph/model/error.hpp"
#include "graphviz.hpp"

namespace dealgraph {
namespace {

namespace gv = render::gv;

// The width of a name in DejaVu Sans (the maps' font), in ems: the font's advance widths
// of the printable ASCII characters in 1/2048 em (read from DejaVuSans.ttf with PIL's
// ImageFont.getlength); any other character counts as 1300, about a capital letter.
double text_width_em(std::string_view s) {
    static constexpr std::uint16_t advance[95] = {
        651,  821,  942,  1716, 1303, 1946, 1597, 563,  799,  799,  1024, 1716, 651,  739,  651,  690,
        1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690,  690,  1716, 1716, 1716, 1087,
        2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604,  604,  1343, 1141, 1767, 1532, 1612,
        1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799,  690,  799,  1716, 1024,
        1024, 1255, 1300, 1126, 1300, 1260, 721,  1300, 1298, 569,  569,  1186, 569,  1995, 1298, 1253,
        1300, 1300, 842,  1067, 803,  1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,  1303, 1716};
    std::uint32_t units = 0;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c >= 32 && c < 127)
            units += advance[c - 32];
        else if ((c & 0xC0) != 0x80)  // the first byte of a UTF-8 sequence
            units += 1300;
    }
    return units / 2048.0;
}
using gv::html_escape;

// ---- vocabulary ------------------------------------------------------------------

struct Palette {
    std::string background, text, subtle, edge, tie, rejected, proposed, highlight, cluster, legend_bg;
    std::array<std::string, 10> type_fill;      // by EntityType
    std::vector<std::string> sector_fill;       // by sector rank
    std::string other_sector;
};

// Okabe-Ito colours for investor types (distinguishable with colour-blindness),
// ColorBrewer Set3 for sectors.
Palette palette(MapTheme t) {
    Palette p;
    p.type_fill = {"#0072B2", "#56B4E9", "#CC79A7", "#009E73", "#E69F00",
                   "#F0E442", "#A6A6A6", "#D55E00", "#6F4E37", "#DDDDDD"};
    p.sector_fill = {"#8DD3C7", "#FFFFB3", "#BEBADA", "#FB8072", "#80B1D3", "#FDB462",
                     "#B3DE69", "#FCCDE5", "#BC80BD", "#CCEBC5", "#FFED6F"};
    p.other_sector = "#D9D9D9";
    p.rejected = "#D62728";
    p.proposed = "#E69F00";
    p.highlight = "#D55E00";
    switch (t) {
        case MapTheme::light:
            p.background = "#FFFFFF";
            p.text = "#1A1A1A";
            p.subtle = "#5A5A5A";
            p.edge = "#4D4D4D99";
            p.tie = "#9E9E9EB0";
            p.cluster = "#F2F2F2";
            p.legend_bg = "#FAFAFA";
            break;
        case MapTheme::dark:
            p.background = "#1E1E24";
            p.text = "#F0F0F0";
            p.subtle = "#B8B8B8";
            p.edge = "#D0D0D080";
            p.tie = "#8A8A8AB0";
            p.cluster = "#2A2A33";
            p.legend_bg = "#26262E";
            p.rejected = "#FF6B6B";
            break;
        case MapTheme::print:
            p.background = "#FFFFFF";
            p.text = "#000000";
            p.subtle = "#333333";
            p.edge = "#333333";
            p.tie = "#8C8C8C";
            p.cluster = "#F5F5F5";
            p.legend_bg = "#FFFFFF";
            break;
    }
    return p;
}

constexpr std::array<std::string_view, 10> type_shape{
    "box", "house", "hexagon", "diamond", "octagon", "invtriangle", "triangle", "pentagon", "invhouse", "septagon"};
constexpr std::array<std::string_view, 10> type_shape_word{
    "square", "house", "hexagon", "diamond", "octagon", "inverted triangle", "triangle", "pentagon",
    "inverted house", "heptagon"};
constexpr std::array<std::string_view, 10> type_label{
    "Big Tech", "Corporate", "Corporate VC", "Venture capital", "Sovereign fund", "Asset manager",
    "Angel", "Accelerator", "Government", "Other investor"};

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

// ---- the drawing, before Graphviz ---------------------------------------------------

struct DrawNode {
    std::uint32_t node;  // bipartite node
    double size = 0;     // measure value
    bool marked = false; // e.g. dominant investor
};

// How big a node is drawn for a measure of `size` out of the map's largest, `max_size`:
// the area grows with the measure; the name's font grows with the side.
struct NodeSize {
    double side_in;  // width and height, inches
    double font_pt;  // the name's font size, points
};
NodeSize node_size(double size, double max_size) {
    double rel = max_size > 0 ? std::sqrt(std::max(0.0, size) / max_size) : 0.0;
    return {0.3 + 1.1 * rel, 11 + 9 * rel};
}

struct DrawEdge {
    DrawEdge(std::string t, std::string h, std::string s = "solid", std::string c = {}, double w = 1)
        : tail(std::move(t)), head(std::move(h)), style(std::move(s)), color(std::move(c)), penwidth(w) {}
    std::string tail, head;  // Graphviz node names
    std::string style, color;
    double penwidth = 1;
    std::string label;
    std::string tooltip;
    bool constraint = true;
};

// Where a map's legend goes.
enum class LegendPlace {
    node,     // a node of its own, which the force-directed layouts keep clear of the rest
    cluster,  // an invisible cluster, which dot places above the bipartite ladder
    header,   // beside the title, outside the drawing (the co-investors map: dot routes its
              // long edges between communities through any spot inside)
};

class Drawing {
public:
    Drawing(const Dataset& data, const BipartiteGraph& g, const MapOptions& o)
        : data_(data), g_(g), o_(o), pal_(palette(o.theme)) {
        // Sector colours: the sectors most startups carry get their own colour; a startup
        // takes the colour of its first sector that has one.
        std::map<std::string, int> count;
        for (std::uint32_t v = g.investors(); v < g.nodes(); ++v)
            for (const auto& s : data.entities[g.node(v).entity].sectors) ++count[s];
        std::vector<std::pair<int, std::string>> ranked;
        for (auto& [s, c] : count) ranked.emplace_back(-c, s);
        std::sort(ranked.begin(), ranked.end());
        for (std::size_t i = 0; i < ranked.size() && i < pal_.sector_fill.size(); ++i)
            sector_color_[ranked[i].second] = pal_.sector_fill[i];
    }

    static std::string key(const BipartiteGraph& g, std::uint32_t v) {
        return (g.side(v) == Side::investor ? "i:" : "s:") + g.node(v).id;
    }

    const Palette& pal() const { return pal_; }

    std::string fill(std::uint32_t v) const {
        const Entity& e = data_.entities[g_.node(v).entity];
        if (g_.side(v) == Side::investor) return pal_.type_fill[static_cast<std::size_t>(e.type)];
        auto s = sector_of(v);
        return s.empty() ? pal_.other_sector : sector_color_.at(s);
    }

    // The startup's first sector that has a colour, or "".
    std::string sector_of(std::uint32_t v) const {
        for (const auto& s : data_.entities[g_.node(v).entity].sectors)
            if (sector_color_.contains(s)) return s;
        return {};
    }

    // Adds the nodes to graph `gr` (or a subgraph), sized relative to `max_size`.
    void add_node(gv::Graph& gr, const DrawNode& d, double max_size) {
        const NodeInfo& n = g_.node(d.node);
        const Entity& e = data_.entities[n.entity];
        NodeSize size = node_size(d.size, max_size);
        auto node = gr.node(key(g_, d.node));
        node.set("label", n.name)
            .set("width", fmt("%.3f", size.side_in))
            .set("height", fmt("%.3f", size.side_in))
            .set("fontsize", fmt("%.1f", size.font_pt))
            .set("fillcolor", fill(d.node));
        if (g_.side(d.node) == Side::investor) {
            node.set("shape", type_shape[static_cast<std::size_t>(e.type)]);
            types_present_.insert(static_cast<std::size_t>(e.type));
        } else {
            node.set("shape", "circle");
            sectors_present_.insert(sector_of(d.node));
        }
        node.set("tooltip", n.name + " (" + std::string(to_string(n.side)) + ")");
        if (d.marked) node.set("penwidth", "3").set("color", pal_.highlight);
    }

    // Line style of a bipartite edge from the statuses of its deals.
    void style_edge(DrawEdge& de, const EdgeData& e) const {
        de.penwidth = 0.6 + 1.2 * std::log10(1 + e.capital_usd / 1e7);
        de.color = pal_.edge;
        if (e.statuses.contains(DealStatus::closed)) {
            de.style = "solid";
        } else if (e.statuses.contains(DealStatus::announced) || e.statuses.contains(DealStatus::negotiating)) {
            de.style = "dashed";
        } else if (e.statuses.contains(DealStatus::rejected)) {
            de.style = "dotted";
            de.color = pal_.rejected;
            de.penwidth = std::max(de.penwidth, 2.0);
        } else {
            de.style = "dotted";
            de.color = pal_.proposed;
        }
        styles_present_.insert(de.style + de.color);
        de.tooltip = std::to_string(e.rounds) + " round" + (e.rounds == 1 ? "" : "s") +
                     (e.capital_usd > 0 ? ", " + fmt("$%.0fM", e.capital_usd / 1e6) : std::string());
    }

    void add_edge(gv::Graph& gr, const DrawEdge& de) {
        auto t = gr.node(de.tail);
        auto h = gr.node(de.head);
        auto e = gr.edge(t, h, de.tail + "|" + de.head + "|" + de.style + de.color);
        e.set("style", de.style).set("color", de.color).set("penwidth", fmt("%.2f", de.penwidth));
        if (!de.label.empty()) e.set("label", de.label).set("fontcolor", de.color);
        if (!de.tooltip.empty()) e.set("tooltip", de.tooltip);
        if (!de.constraint) e.set("constraint", "false");
        ++edges_;
    }

    // Uncounted offers and talks between drawn nodes, and non-equity ties.
    void add_overlays(gv::Graph& gr, const std::set<std::uint32_t>& drawn, const GraphOptions& base) {
        if (o_.offers) {
            GraphOptions offers = base;
            offers.statuses = {};
            for (auto s : {DealStatus::negotiating, DealStatus::proposed, DealStatus::rejected})
                if (!base.statuses.contains(s)) offers.statuses.insert(s);
            if (!offers.statuses.empty()) {
                auto og = BipartiteGraph::build(data_, offers);
                for (const auto& e : og.edge_list()) {
                    auto i = g_.find(Side::investor, og.node(e.investor).id);
                    auto s = g_.find(Side::startup, og.node(e.startup).id);
                    if (!i || !s || !drawn.contains(*i) || !drawn.contains(*s)) continue;
                    DrawEdge de{key(g_, *i), key(g_, *s)};
                    style_edge(de, e);
                    de.constraint = false;
                    add_edge(gr, de);
                }
            }
        }
        if (o_.ties) {
            for (const auto& t : data_.ties) {
                if (t.status == DealStatus::withdrawn) continue;
                // A tie's ends may sit on either side of the graph; draw it between drawn nodes.
                auto end = [&](const std::string& id) -> std::optional<std::uint32_t> {
                    for (Side s : {Side::investor, Side::startup})
                        if (auto v = g_.find(s, id); v && drawn.contains(*v)) return v;
                    return std::nullopt;
                };
                auto a = end(t.from), b = end(t.to);
                if (!a || !b || *a == *b) continue;
                DrawEdge de{key(g_, *a), key(g_, *b), "solid", pal_.tie, 1.2};
                de.tooltip = std::string(to_string(t.type));
                de.constraint = false;
                ties_drawn_ = true;
                add_edge(gr, de);
            }
        }
    }

    // The legend: an HTML table listing what colours, shapes, sizes and lines mean, put
    // where `place` says (for the header: kept for title_with_legend).
    void add_legend(gv::Graph& root, LegendPlace place, const std::string& size_word,
                    const std::vector<std::pair<std::string, std::string>>& extra = {}) {
        std::string t = "<TABLE BORDER=\"1\" COLOR=\"" + pal_.subtle + "\" CELLBORDER=\"0\" CELLSPACING=\"3\" "
                        "CELLPADDING=\"2\" BGCOLOR=\"" + pal_.legend_bg + "\">";
        auto row = [&](const std::string& swatch, const std::string& text) {
            t += "<TR><TD WIDTH=\"18\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\"" +
                 (swatch.empty() ? std::string() : " BGCOLOR=\"" + swatch + "\"") + "></TD><TD ALIGN=\"LEFT\">" +
                 html_escape(text) + "</TD></TR>";
            legend_.push_back(text);
        };
        auto line = [&](const std::string& glyph, const std::string& color, const std::string& text) {
            t += "<TR><TD><FONT COLOR=\"" + color + "\">" + glyph + "</FONT></TD><TD ALIGN=\"LEFT\">" +
                 html_escape(text) + "</TD></TR>";
            legend_.push_back(text);
        };
        auto heading = [&](const std::string& text) {
            t += "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>" + html_escape(text) + "</B></TD></TR>";
        };
        if (!types_present_.empty()) {
            heading("Investors (colour and shape by type)");
            for (auto ty : types_present_)
                row(pal_.type_fill[ty], std::string(type_label[ty]) + " (" + std::string(type_shape_word[ty]) + ")");
        }
        if (!sectors_present_.empty()) {
            heading("Startups (circles, colour by sector)");
            bool other = false;
            for (const auto& s : sectors_present_) {
                auto it = sector_color_.find(s);
                if (s.empty() || it == sector_color_.end()) {
                    other = true;
                    continue;
                }
                row(it->second, s);
            }
            if (other) row(pal_.other_sector, "other or no sector");
        }
        heading("Size and lines");
        row("", "node size: " + size_word);
        if (edges_ > 0) {
            row("", "line width: " + edge_width_word_);
            if (styles_present_.contains("solid" + pal_.edge)) line("━━━", pal_.text, "closed deal");
            if (styles_present_.contains("dashed" + pal_.edge)) line("╍╍╍", pal_.text, "announced or negotiating");
            if (styles_present_.contains("dotted" + pal_.proposed)) line("┈┈┈", pal_.proposed, "proposed offer");
            if (styles_present_.contains("dotted" + pal_.rejected)) line("┈┈┈", pal_.rejected, "rejected offer");
            if (ties_drawn_) line("━━━", pal_.tie, "non-equity tie (partnership, compute, board...)");
        }
        for (const auto& [color, text] : extra) line("━━━", color, text);
        t += "</TABLE>";
        if (place == LegendPlace::header) {
            header_legend_ = t;
            return;
        }
        const bool cluster = place == LegendPlace::cluster;
        gv::Graph holder = cluster ? root.subgraph("cluster_legend") : root.subgraph("legend");
        if (cluster) holder.set("label", "").set("style", "invis");
        // A plain HTML node: without fixedsize and fill, which would give Graphviz a
        // zero-size shape to draw (a polygon of NaN points in the SVG).
        holder.node("legend").set("shape", "plain").set("fixedsize", "false").set("style", "").set_html("label", t);
    }

    // The legend table add_legend kept for the header (empty otherwise).
    const std::string& header_legend() const { return header_legend_; }

    void set_edge_width_word(std::string w) { edge_width_word_ = std::move(w); }
    std::size_t edges() const { return edges_; }
    std::vector<std::string> legend() const { return legend_; }

private:
    const Dataset& data_;
    const BipartiteGraph& g_;
    const MapOptions& o_;
    Palette pal_;
    std::map<std::string, std::string> sector_color_;
    std::set<std::size_t> types_present_;
    std::set<std::string> sectors_present_;
    mutable std::set<std::string> styles_present_;
    bool ties_drawn_ = false;
    std::size_t edges_ = 0;
    std::string edge_width_word_ = "capital (log scale)";
    std::vector<std::string> legend_;
    std::string header_legend_;
};

std::vector<double> size_measure(const BipartiteGraph& g, SizeBy by) {
    switch (by) {
        case SizeBy::pagerank: return pagerank(g.view());
        case SizeBy::degree: return degree(g.view());
        case SizeBy::capital: {
            std::vector<double> storage;
            return strength(g.view(EdgeWeight::capital, storage));
        }
    }
    return {};
}

std::string size_word(SizeBy by) {
    switch (by) {
        case SizeBy::pagerank: return "PageRank";
        case SizeBy::degree: return "number of ties";
        case SizeBy::capital: return "capital invested or raised";
    }
    return "";
}

std::string title_html(const Palette& p, const std::string& title, const std::string& subtitle) {
    return "<FONT POINT-SIZE=\"28\"><B>" + html_escape(title) + "</B></FONT><BR ALIGN=\"LEFT\"/>" +
           "<FONT POINT-SIZE=\"14\" COLOR=\"" + p.subtle + "\">" + html_escape(subtitle) +
           "</FONT><BR ALIGN=\"LEFT\"/>";
}

// The title with the legend to its right, as the graph's label (above the drawing).
void title_with_legend(gv::Graph& gr, const Palette& p, const std::string& title, const std::string& subtitle,
                       const std::string& legend) {
    gr.set_html("label", "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD ALIGN=\"LEFT\" "
                         "VALIGN=\"TOP\" BALIGN=\"LEFT\">" + title_html(p, title, subtitle) +
                         "</TD><TD WIDTH=\"40\"></TD><TD VALIGN=\"TOP\">" + legend + "</TD></TR></TABLE>");
}

void common_style(gv::Graph& gr, const Palette& p, const MapOptions&, const std::string& title,
                  const std::string& subtitle) {
    gr.set("bgcolor", p.background)
        .set("fontname", "DejaVu Sans")
        .set("fontcolor", p.text)
        .set("labelloc", "t")
        .set("labeljust", "l")
        .set("pad", "0.4")
        .set("outputorder", "edgesfirst")
        .set("start", "7");  // seeded initial layout for the force-directed engines
    gr.set_html("label", title_html(p, title, subtitle));
    gr.node_default("fontname", "DejaVu Sans")
        .node_default("fontcolor", p.text)
        .node_default("style", "filled")
        .node_default("fixedsize", "shape")
        .node_default("color", p.subtle)
        .node_default("penwidth", "0.8");
    gr.edge_default("fontname", "DejaVu Sans").edge_default("fontsize", "10").edge_default("arrowhead", "none");
}

// Shortest text that reads back as the same weight.
std::string exact_weight(double w) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", w);
    for (int digits = 1; digits <= 17; ++digits) {
        char b[32];
        std::snprintf(b, sizeof b, "%.*g", digits, w);
        if (std::strtod(b, nullptr) == w) return b;
    }
    return buf;
}

std::string date_range(const BipartiteGraph& g) {
    const auto& t = g.totals();
    if (!t.date_from || !t.date_to) return "";
    return t.date_from->to_string() + " to " + t.date_to->to_string();
}

// The `top` nodes to draw. Investors are never linked to investors, so taking the top
// nodes of one ranking would often give investors alone, without a tie between them.
// Instead: the half of `top` investors with the largest measure, then the startups most
// of them backed (ties by measure), then investors without a tie left are dropped.
std::vector<std::uint32_t> top_nodes(const std::vector<double>& measure, std::size_t top,
                                     const BipartiteGraph& g) {
    std::vector<std::uint32_t> all(g.nodes());
    for (std::uint32_t v = 0; v < g.nodes(); ++v) all[v] = v;
    if (!top || g.nodes() <= top) return all;
    auto by_measure = [&](std::uint32_t a, std::uint32_t b) { return measure[a] > measure[b]; };
    std::vector<std::uint32_t> inv(all.begin(), all.begin() + g.investors());
    std::stable_sort(inv.begin(), inv.end(), by_measure);
    std::size_t startups_wanted = std::min<std::size_t>(g.startups(), top / 2);
    inv.resize(std::min<std::size_t>(inv.size(), top - startups_wanted));
    std::vector<char> chosen(g.nodes(), 0);
    for (auto v : inv) chosen[v] = 1;
    std::vector<double> backers(g.nodes(), 0);
    for (auto v : inv)
        for (auto s : g.neighbors(v)) backers[s] += 1;
    std::vector<std::uint32_t> st(all.begin() + g.investors(), all.end());
    std::stable_sort(st.begin(), st.end(), [&](std::uint32_t a, std::uint32_t b) {
        return backers[a] != backers[b] ? backers[a] > backers[b] : measure[a] > measure[b];
    });
    st.resize(startups_wanted);
    for (auto v : st) chosen[v] = 1;
    std::vector<std::uint32_t> out;
    for (std::uint32_t v = 0; v < g.nodes(); ++v) {
        if (!chosen[v]) continue;
        bool tied = false;
        for (auto u : g.neighbors(v)) tied = tied || chosen[u];
        if (tied) out.push_back(v);
    }
    return out;
}

}  // namespace

std::string projection_dot(const BipartiteGraph& g, const WeightedGraph& p, std::string_view name) {
    gv::Graph root(name, false);
    root.node_default("fontname", "DejaVu Sans").edge_default("fontname", "DejaVu Sans");
    double wmax = 0;
    for (const auto& e : p.edge_list()) wmax = std::max(wmax, e.weight);
    for (std::uint32_t i = 0; i < p.nodes(); ++i) {
        std::uint32_t v = p.origin.empty() ? i : p.origin[i];
        root.node(g.node(v).id).set("label", g.node(v).name);
    }
    for (const auto& e : p.edge_list()) {
        auto a = root.node(g.node(p.origin.empty() ? e.a : p.origin[e.a]).id);
        auto b = root.node(g.node(p.origin.empty() ? e.b : p.origin[e.b]).id);
        root.edge(a, b).set("weight", exact_weight(e.weight)).set(
            "penwidth", fmt("%.2f", wmax > 0 ? 0.5 + 4.5 * e.weight / wmax : 1.0));
    }
    return root.to_dot();
}

std::string html_escape(std::string_view text) { return render::gv::html_escape(text); }

void set_layout_program(std::string program) { render::gv::set_layout_worker(std::move(program)); }

int run_layout_worker(int argc, char** argv) { return render::gv::run_layout_worker(argc, argv); }

MapView parse_map_view(std::string_view t) {
    if (t == "bipartite") return MapView::bipartite;
    if (t == "ecosystem") return MapView::ecosystem;
    if (t == "ego") return MapView::ego;
    if (t == "coinvestors") return MapView::coinvestors;
    if (t == "concentration") return MapView::concentration;
    throw UsageError("--view " + std::string(t) + ": expected bipartite, ecosystem, ego, coinvestors or concentration");
}

MapTheme parse_map_theme(std::string_view t) {
    if (t == "light") return MapTheme::light;
    if (t == "dark") return MapTheme::dark;
    if (t == "print") return MapTheme::print;
    throw UsageError("--theme " + std::string(t) + ": expected light, dark or print");
}

SizeBy parse_size_by(std::string_view t) {
    if (t == "pagerank") return SizeBy::pagerank;
    if (t == "capital") return SizeBy::capital;
    if (t == "degree") return SizeBy::degree;
    throw UsageError("--size-by " + std::string(t) + ": expected pagerank, capital or degree");
}

std::string_view to_string(MapView v) noexcept {
    constexpr std::string_view names[] = {"bipartite", "ecosystem", "ego", "coinvestors", "concentration"};
    return names[static_cast<std::size_t>(v)];
}

std::string map_layout_list(std::string_view last) {
    std::string list;
    for (std::size_t i = 0; i < std::size(map_layouts); ++i) {
        if (i > 0) list += i + 1 == std::size(map_layouts) ? last : std::string_view(", ");
        list += map_layouts[i];
    }
    return list;
}

std::vector<MapResult> render_map(const Dataset& data, const GraphOptions& base, const MapOptions& o,
                                  const std::vector<std::string>& formats) {
    for (const auto& format : formats)
        if (format != "dot" && format != "svg" && format != "png" && format != "pdf")
            throw UsageError("--format " + format + ": expected dot, svg, png or pdf");
    if (!o.layout.empty() &&
        std::find(std::begin(map_layouts), std::end(map_layouts), o.layout) == std::end(map_layouts))
        throw UsageError("--layout " + o.layout + ": expected " + map_layout_list(" or "));
    if (!o.aspect.empty()) {
        auto colon = o.aspect.find(':');
        bool ok = colon != std::string::npos && colon > 0 && colon + 1 < o.aspect.size() &&
                  o.aspect.find_first_not_of("0123456789.:") == std::string::npos;
        if (ok) {
            try {
                ok = std::stod(o.aspect.substr(0, colon)) > 0 && std::stod(o.aspect.substr(colon + 1)) > 0;
            } catch (...) {
                ok = false;
            }
        }
        if (!ok) throw UsageError("--aspect " + o.aspect + ": expected W:H such as 16:9 or 4:3");
    }

    std::string format_list;
    for (const auto& f : formats) format_list += (format_list.empty() ? "" : "+") + f;
    PhaseTimer timer("map " + std::string(to_string(o.view)) + " " + format_list);
    auto g = BipartiteGraph::build(data, base);
    Drawing d(data, g, o);
    MapResult r;
    std::string title = o.title;
    std::string data_title = data.title.empty() ? std::string("Deal network") : data.title;
    std::string subtitle = "Source: " + (o.source.empty() ? std::string("deal data") : o.source);
    if (!o.filters.empty()) subtitle += " · " + o.filters;
    if (auto range = date_range(g); !range.empty()) subtitle += " · deals " + range;

    gv::Graph root("dealgraph", false);
    std::set<std::uint32_t> drawn;
    std::vector<double> measure = size_measure(g, o.size_by);
    auto max_of = [&](const std::vector<std::uint32_t>& nodes) {
        double m = 0;
        for (auto v : nodes) m = std::max(m, measure[v]);
        return m;
    };
    std::string engine;

    switch (o.view) {
        case MapView::bipartite:
        case MapView::ecosystem: {
            bool bip = o.view == MapView::bipartite;
            engine = o.layout.empty() ? (bip ? "dot" : "sfdp") : o.layout;
            if (title.empty()) title = data_title + (bip ? ": investors and startups" : ": ecosystem");
            // Defaults: a bipartite drawing stays legible to about 60 nodes, a force layout to 200.
            std::size_t top = o.top ? o.top : (bip ? 60 : 200);
            auto nodes = top_nodes(measure, top, g);
            if (nodes.size() < g.nodes())
                subtitle += " · " + std::to_string(nodes.size()) + " of " + std::to_string(g.nodes()) +
                            " nodes: the investors with the highest " + size_word(o.size_by) +
                            " and the startups most of them backed";
            common_style(root, d.pal(), o, title, subtitle);
            if (bip) {
                root.set("rankdir", "LR").set("ranksep", "3").set("nodesep", "0.12").set("newrank", "true");
            } else {
                root.set("overlap", "prism").set("overlap_scaling", "-4").set("sep", "+6").set("splines", "false");
                root.set("K", "1.2").set("repulsiveforce", "1.5");
            }
            double mx = max_of(nodes);
            auto inv = root.subgraph("investors");
            auto st = root.subgraph("startups");
            if (bip) {
                inv.set("rank", "same");
                st.set("rank", "same");
            }
            for (auto v : nodes) {
                drawn.insert(v);
                d.add_node(g.side(v) == Side::investor ? inv : st, {v, measure[v]}, mx);
            }
            for (const auto& e : g.edge_list()) {
                if (!drawn.contains(e.investor) || !drawn.contains(e.startup)) continue;
                DrawEdge de{Drawing::key(g, e.investor), Drawing::key(g, e.startup)};
                d.style_edge(de, e);
                d.add_edge(root, de);
            }
            d.add_overlays(root, drawn, base);
            d.add_legend(root, bip ? LegendPlace::cluster : LegendPlace::node, size_word(o.size_by));
            if (!bip) root.set("pack", "true").set("packmode", "node");
            break;
        }
        case MapView::ego: {
            engine = o.layout.empty() ? "twopi" : o.layout;
            if (o.around.empty()) throw UsageError("--view ego needs --around ID (a startup or investor)");
            std::uint32_t center = resolve_node(g, o.around, std::nullopt, "--around");
            auto ego = ego_network(g, center, {o.depth});
            if (title.empty()) title = g.node(center).name + ": investors and their other bets";
            subtitle += " · " + std::to_string(o.depth) + " hops from " + g.node(center).name;
            common_style(root, d.pal(), o, title, subtitle);
            // A market-scale neighbourhood has thousands of nodes: keep the centre, then its
            // direct ties, then the farther nodes, each group by the size measure, up to `top`.
            std::vector<std::uint32_t> keep = ego.nodes;
            std::size_t cap = o.top ? o.top : 250;
            if (keep.size() > cap) {
                std::vector<std::uint32_t> hops(g.nodes(), 0);
                for (std::size_t i = 0; i < ego.nodes.size(); ++i) hops[ego.nodes[i]] = ego.distance[i];
                std::stable_sort(keep.begin(), keep.end(), [&](std::uint32_t a, std::uint32_t b) {
                    if (hops[a] != hops[b]) return hops[a] < hops[b];
                    return measure[a] > measure[b];
                });
                keep.resize(cap);
                std::sort(keep.begin(), keep.end());
                subtitle += " · " + std::to_string(cap) + " of its " + std::to_string(ego.nodes.size()) +
                            " nodes: the nearest, then those with the highest " + size_word(o.size_by);
                common_style(root, d.pal(), o, title, subtitle);
            }
            root.set("root", Drawing::key(g, center)).set("ranksep", "2.2").set("overlap", "prism").set("sep", "+4");
            double mx = max_of(keep);
            for (auto v : keep) {
                drawn.insert(v);
                d.add_node(root, {v, measure[v], v == center}, mx);
            }
            for (auto e : ego.edge_of) {
                const auto& ed = g.edge(e);
                if (!drawn.contains(ed.investor) || !drawn.contains(ed.startup)) continue;
                DrawEdge de{Drawing::key(g, ed.investor), Drawing::key(g, ed.startup)};
                d.style_edge(de, ed);
                d.add_edge(root, de);
            }
            d.add_overlays(root, drawn, base);
            d.add_legend(root, LegendPlace::node, size_word(o.size_by));
            root.set("pack", "true").set("packmode", "node");
            break;
        }
        case MapView::coinvestors: {
            engine = o.layout.empty() ? "osage" : o.layout;
            if (title.empty()) title = data_title + ": who invests with whom";
            ClusterOptions co;
            co.projection.min_weight = 0;
            auto full = project(g, co.projection);
            // Automatic threshold: the smallest whole weight that leaves at most 4 ties per node.
            double min_w = o.min_weight;
            if (min_w < 0) {
                min_w = 1;
                while (true) {
                    std::size_t kept = 0;
                    for (const auto& e : full.edge_list()) kept += e.weight >= min_w;
                    if (kept <= 4 * std::max<std::size_t>(1, full.nodes()) || kept == 0) break;
                    ++min_w;
                }
            }
            co.projection.min_weight = min_w;
            auto c = clusters(g, co);
            subtitle += " · ties: startups backed together (at least " + fmt("%.0f", min_w) + ")";
            common_style(root, d.pal(), o, title, subtitle);
            root.set("overlap", "prism").set("sep", "+6").set("splines", "false").set("K", "1.4");
            // osage packs each community's investors in a grid and the communities (and the
            // investors without one) around each other, so the map stays about as tall as wide
            // at any size; dot put the communities side by side in one wide row.
            root.set("packmode", "graph");
            // Draw the `top` investors with ties (default 150) with the largest measure;
            // communities come from the whole projection.
            std::vector<std::uint32_t> members;
            for (std::uint32_t i = 0; i < c.projection.nodes(); ++i)
                if (c.projection.degree(i) > 0) members.push_back(c.projection.origin[i]);
            std::size_t keep = o.top ? o.top : 150;
            if (members.size() > keep) {
                std::stable_sort(members.begin(), members.end(),
                                 [&](std::uint32_t a, std::uint32_t b) { return measure[a] > measure[b]; });
                members.resize(keep);
                std::sort(members.begin(), members.end());
                subtitle += " · the " + std::to_string(keep) + " investors with the highest " + size_word(o.size_by);
                common_style(root, d.pal(), o, title, subtitle);
            }
            std::set<std::uint32_t> kept(members.begin(), members.end());
            // Among the drawn investors, keep at most 4 ties per investor (automatic threshold).
            double draw_w = min_w;
            if (o.min_weight < 0) {
                for (;;) {
                    std::size_t n_kept = 0;
                    for (const auto& e : c.projection.edge_list())
                        n_kept += e.weight >= draw_w && kept.contains(c.projection.origin[e.a]) &&
                                  kept.contains(c.projection.origin[e.b]);
                    if (n_kept <= 4 * std::max<std::size_t>(1, kept.size()) || n_kept == 0) break;
                    ++draw_w;
                }
                if (draw_w > min_w) {
                    subtitle += " · drawn ties: at least " + fmt("%.0f", draw_w);
                    common_style(root, d.pal(), o, title, subtitle);
                }
            }
            double mx = max_of(members);
            std::set<std::uint32_t> in_syndicate;
            if (!c.syndicates.syndicates.empty())
                for (auto v : c.syndicates.syndicates.front().investors) in_syndicate.insert(v);
            std::vector<std::uint32_t> pos(g.nodes(), UINT32_MAX);
            for (std::uint32_t i = 0; i < c.projection.nodes(); ++i) pos[c.projection.origin[i]] = i;
            std::size_t k = 0;
            for (const auto& com : c.communities.communities) {
                std::vector<std::uint32_t> shown;
                for (auto v : com.members)
                    if (kept.contains(v)) shown.push_back(v);
                if (shown.empty()) continue;
                bool cluster = shown.size() > 1;
                auto sub = root.subgraph((cluster ? "cluster_" : "single_") + std::to_string(com.id));
                if (cluster)
                    sub.set("label", "community " + std::to_string(++k) + " (" + std::to_string(shown.size()) + ")")
                        .set("style", "filled,rounded")
                        .set("fillcolor", d.pal().cluster)
                        .set("color", d.pal().cluster)
                        .set("fontcolor", d.pal().subtle)
                        .set("fontsize", "16");
                // In each grid the largest investors come first, row by row. The grid has about
                // 1.5 times as many rows as columns (a cell is wider than tall, for the name),
                // and the cells are spaced by the widest name's overhang beyond its node: node
                // sizes are fixed (they show the measure), names are not part of them.
                std::stable_sort(shown.begin(), shown.end(),
                                 [&](std::uint32_t a, std::uint32_t b) { return measure[a] > measure[b]; });
                double overhang = 0;
                for (std::size_t i = 0; i < shown.size(); ++i) {
                    auto v = shown[i];
                    drawn.insert(v);
                    d.add_node(sub, {v, measure[v], in_syndicate.contains(v)}, mx);
                    sub.node(Drawing::key(g, v)).set("sortv", std::to_string(i));
                    NodeSize size = node_size(measure[v], mx);
                    double name_pt = size.font_pt * text_width_em(g.node(v).name);
                    overhang = std::max(overhang, (name_pt - 72 * size.side_in) / 2);
                }
                if (cluster) {
                    auto columns = static_cast<std::size_t>(std::ceil(std::sqrt(shown.size() / 1.5)));
                    sub.set("packmode", "array_u" + std::to_string(columns))
                        .set("pack", std::to_string(static_cast<int>(std::ceil(std::max(8.0, overhang + 3)))));
                }
            }
            double wmax = 1;
            for (const auto& e : c.projection.edge_list()) wmax = std::max(wmax, e.weight);
            for (const auto& e : c.projection.edge_list()) {
                std::uint32_t a = c.projection.origin[e.a], b = c.projection.origin[e.b];
                if (!kept.contains(a) || !kept.contains(b) || e.weight < draw_w) continue;
                bool synd = in_syndicate.contains(a) && in_syndicate.contains(b);
                DrawEdge de{Drawing::key(g, a), Drawing::key(g, b), "solid",
                            synd ? d.pal().highlight : d.pal().edge, 0.6 + 4.0 * e.weight / wmax};
                de.tooltip = fmt("%.0f startups in common", e.weight);
                d.add_edge(root, de);
            }
            d.set_edge_width_word("startups backed together");
            std::vector<std::pair<std::string, std::string>> extra;
            if (!in_syndicate.empty())
                extra.push_back({d.pal().highlight, "largest syndicate (" + std::to_string(in_syndicate.size()) +
                                                        " investors; outlined)"});
            d.add_legend(root, LegendPlace::header, size_word(o.size_by), extra);
            title_with_legend(root, d.pal(), title, subtitle, d.header_legend());
            break;
        }
        case MapView::concentration: {
            engine = o.layout.empty() ? "sfdp" : o.layout;
            if (title.empty()) title = data_title + ": who depends on whom";
            GraphOptions with = base;
            with.include_deals.insert(with.include_deals.end(), o.what_if.begin(), o.what_if.end());
            for (const auto& id : o.what_if)
                if (std::none_of(data.deals.begin(), data.deals.end(), [&](const Deal& x) { return x.id == id; }))
                    throw UsageError("--what-if " + id + ": no deal with this id");
            auto gw = BipartiteGraph::build(data, with);
            ConcentrationOptions co;
            co.centralization = false;
            auto before = concentration(data, g, co);
            auto after = concentration(data, gw, co);
            if (!o.what_if.empty()) {
                std::string ids;
                for (const auto& id : o.what_if) ids += (ids.empty() ? "" : ", ") + id;
                subtitle += " · dashed: what if " + ids + " had been counted";
            }
            subtitle += " · line width: investor's share of the startup's capital";
            common_style(root, d.pal(), o, title, subtitle);
            root.set("overlap", "prism").set("overlap_scaling", "-4").set("sep", "+6").set("splines", "false");
            // Startups sized by capital raised; investors by capital deployed.
            std::vector<double> cap(g.nodes(), 0);
            std::vector<std::uint32_t> nodes;
            std::set<std::uint32_t> dominant;
            for (const auto& sc : before.startups) {
                cap[sc.node] = sc.capital_usd;
                if (sc.dominant_investor) dominant.insert(*sc.dominant_investor);
            }
            for (const auto& ir : before.investors) cap[ir.node] = ir.capital_usd;
            // Large data: the investors that deployed the most capital and the startups most
            // of them backed (as the ecosystem view picks), plus the what-if deals' nodes.
            std::size_t top = o.top ? o.top : 200;
            nodes = top_nodes(cap, top, g);
            if (nodes.size() < g.nodes()) {
                std::set<std::uint32_t> with_offers(nodes.begin(), nodes.end());
                for (const auto& id : o.what_if)
                    for (const auto& deal : data.deals) {
                        if (deal.id != id) continue;
                        if (auto sv = g.find(Side::startup, deal.startup)) with_offers.insert(*sv);
                        for (const auto& p : deal.investors) {
                            std::string pid = base.rollup ? data.ultimate_parent(p.investor) : p.investor;
                            if (auto iv = g.find(Side::investor, pid)) with_offers.insert(*iv);
                        }
                    }
                nodes.assign(with_offers.begin(), with_offers.end());
                subtitle += " · " + std::to_string(nodes.size()) + " of " + std::to_string(g.nodes()) +
                            " nodes: the investors with the most capital and the startups most of them backed";
                common_style(root, d.pal(), o, title, subtitle);
            }
            double mx = 0;
            for (auto v : nodes) mx = std::max(mx, cap[v]);
            for (auto v : nodes) {
                drawn.insert(v);
                d.add_node(root, {v, cap[v], dominant.contains(v)}, mx);
            }
            for (const auto& sc : before.startups)
                for (const auto& is : sc.investors) {
                    if (!drawn.contains(is.node) || !drawn.contains(sc.node)) continue;
                    bool dom = sc.dominant_investor && *sc.dominant_investor == is.node;
                    DrawEdge de{Drawing::key(g, is.node), Drawing::key(g, sc.node), "solid",
                                dom ? d.pal().highlight : d.pal().edge, 0.6 + 8.0 * is.share};
                    de.tooltip = fmt("%.1f%% of the startup's capital", 100 * is.share);
                    if (dom) de.label = fmt("%.0f%%", 100 * is.share);
                    d.add_edge(root, de);
                }
            // What-if: the pairs the added deals create or change, dashed, with the new share.
            for (const auto& id : o.what_if) {
                for (const auto& deal : data.deals) {
                    if (deal.id != id) continue;
                    for (const auto& sc : after.startups) {
                        if (gw.node(sc.node).id != deal.startup) continue;
                        for (const auto& is : sc.investors) {
                            bool in_deal = false;
                            for (const auto& p : deal.investors) {
                                std::string pid = base.rollup ? data.ultimate_parent(p.investor) : p.investor;
                                in_deal = in_deal || pid == gw.node(is.node).id;
                            }
                            if (!in_deal) continue;
                            auto iv = g.find(Side::investor, gw.node(is.node).id);
                            auto sv = g.find(Side::startup, deal.startup);
                            if (!iv || !sv || !drawn.contains(*iv) || !drawn.contains(*sv)) continue;
                            bool dom = sc.dominant_investor && *sc.dominant_investor == is.node;
                            DrawEdge de{Drawing::key(g, *iv), Drawing::key(g, *sv), "dashed",
                                        dom ? d.pal().rejected : d.pal().proposed, 0.6 + 8.0 * is.share};
                            de.label = fmt("what-if: %.0f%%", 100 * is.share) + (dom ? " (dominant)" : "");
                            de.constraint = false;
                            d.add_edge(root, de);
                        }
                    }
                }
            }
            d.set_edge_width_word("share of the startup's capital");
            std::vector<std::pair<std::string, std::string>> extra{
                {d.pal().highlight, "dominant investor (>= 50% of a startup's capital; outlined)"}};
            if (!o.what_if.empty()) extra.push_back({d.pal().proposed, "what-if deal (dashed; red if it would dominate)"});
            d.add_legend(root, LegendPlace::node, "capital raised or invested", extra);
            root.set("pack", "true").set("packmode", "node");
            break;
        }
    }
    // dot takes minutes on thousands of nodes: without an explicit --layout, large
    // drawings use sfdp instead.
    if (o.layout.empty() && engine == "dot" && drawn.size() > 400) engine = "sfdp";
    r.engine = engine;
    r.nodes = drawn.size();
    r.edges = d.edges();
    r.legend = d.legend();
    root.set("layout", engine);
    std::vector<MapResult> out(formats.size(), r);
    // The description without layout first: the aspect stretch below changes positions.
    bool drawn_formats = false;
    for (std::size_t k = 0; k < formats.size(); ++k) {
        if (formats[k] == "dot")
            out[k].data = root.to_dot();
        else
            drawn_formats = true;
    }
    if (!drawn_formats) return out;
    if (!o.aspect.empty()) {
        // Graphviz's ratio and size attributes do not reshape force-directed layouts, so
        // reshape it here: lay out once, stretch the node positions along one axis (never
        // shrink, so nothing comes to overlap) to the requested aspect, then let the
        // "nop2" engine route the edges between the fixed positions.
        std::string laid = gv::layout_and_render(root, engine, "dot");
        std::map<std::string, std::pair<double, double>> pos;
        std::size_t at = 0;
        while ((at = laid.find("pos=\"", at)) != std::string::npos) {
            std::size_t bracket = laid.rfind('[', at);
            std::size_t stmt = laid.rfind('\n', bracket);
            std::string head = laid.substr(stmt + 1, bracket - stmt - 1);
            at += 5;
            if (head.find("--") != std::string::npos) continue;  // an edge's spline
            std::size_t b = head.find_first_not_of("\t \""), e = head.find_last_not_of("\t \"");
            if (b == std::string::npos) continue;
            double x = 0, y = 0;
            if (std::sscanf(laid.c_str() + at, "%lf,%lf", &x, &y) == 2) pos[head.substr(b, e - b + 1)] = {x, y};
        }
        double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
        for (const auto& [n, p] : pos) {
            x0 = std::min(x0, p.first), x1 = std::max(x1, p.first);
            y0 = std::min(y0, p.second), y1 = std::max(y1, p.second);
        }
        auto colon = o.aspect.find(':');
        double want = std::stod(o.aspect.substr(colon + 1)) / std::stod(o.aspect.substr(0, colon));
        // The community boxes, which stretch with their nodes (nop2 draws a cluster only
        // where its box is given: their offsets from the box's edges grow, their sizes do not).
        struct Box {
            std::string name;
            double b[4];
        };
        std::vector<Box> boxes;
        // The bb="x0,y0,x1,y1" attribute whose name starts at `bb`.
        auto read_bb = [&](std::size_t bb, double (&b)[4]) {
            return std::sscanf(laid.c_str() + bb + 4, "%lf,%lf,%lf,%lf", &b[0], &b[1], &b[2], &b[3]) == 4;
        };
        at = 0;
        while ((at = laid.find("subgraph cluster", at)) != std::string::npos) {
            std::size_t name_end = laid.find_first_of(" {", at + 9);
            Box box{laid.substr(at + 9, name_end - at - 9), {}};
            std::size_t bb = laid.find("bb=\"", name_end);
            at = name_end;
            if (bb != std::string::npos && read_bb(bb, box.b)) boxes.push_back(std::move(box));
        }
        // What stretches: the nodes' centres and the boxes. What does not: the title above
        // (with the co-investors map's legend, a good part of the picture), node sizes and
        // the margins. The whole picture, the graph's bounding box, gets the aspect.
        double rx0 = x0, rx1 = x1, ry0 = y0, ry1 = y1;
        for (const auto& box : boxes) {
            rx0 = std::min(rx0, box.b[0]), ry0 = std::min(ry0, box.b[1]);
            rx1 = std::max(rx1, box.b[2]), ry1 = std::max(ry1, box.b[3]);
        }
        double w = rx1 - rx0, h = ry1 - ry0, extra_w = 0, extra_h = 0;
        if (std::size_t g = laid.find("graph ["); g != std::string::npos) {
            std::size_t end = laid.find(']', g), bb = laid.find("bb=\"", g);
            double b[4] = {};
            if (bb < end && read_bb(bb, b)) {
                extra_w = std::max(0.0, (b[2] - b[0]) - w);
                extra_h = std::max(0.0, (b[3] - b[1]) - h);
            }
        }
        if (!pos.empty() && w > 0 && h > 0) {
            const double tall = (h + extra_h) / (w + extra_w);
            const double fx = tall > want ? std::max(1.0, ((h + extra_h) / want - extra_w) / w) : 1.0;
            const double fy = tall < want ? std::max(1.0, (want * (w + extra_w) - extra_h) / h) : 1.0;
            auto sx = [&](double x) { return fmt("%.2f", (x - x0) * fx); };
            auto sy = [&](double y) { return fmt("%.2f", (y - y0) * fy); };
            for (const auto& [name, p] : pos) root.node(name).set("pos", sx(p.first) + "," + sy(p.second));
            for (const auto& box : boxes)
                root.subgraph(box.name).set("bb", sx(box.b[0]) + "," + sy(box.b[1]) + "," + sx(box.b[2]) + "," +
                                                      sy(box.b[3]));
            engine = "nop2";
            root.set("layout", engine);  // the graph's own layout attribute wins over the engine asked for
            for (auto& m : out) m.engine += " + stretched to " + o.aspect;
        }
    }
    // Vector formats first, laid out together (the png's dpi below changes text metrics).
    std::vector<std::string> vector_formats;
    for (const auto& f : formats)
        if (f == "svg" || f == "pdf") vector_formats.push_back(f == "pdf" ? "pdf:cairo" : "svg");
    std::vector<std::string> vector_data;
    if (!vector_formats.empty()) vector_data = gv::layout_and_render(root, engine, vector_formats);
    double drawing_width_pt = 0;  // from the svg's width="...pt", to aim the png's dpi
    for (std::size_t k = 0, v = 0; k < formats.size(); ++k) {
        if (formats[k] != "svg" && formats[k] != "pdf") continue;
        out[k].data = std::move(vector_data[v++]);
        if (formats[k] == "svg") {
            auto at = out[k].data.find("<svg width=\"");
            if (at != std::string::npos) drawing_width_pt = std::atof(out[k].data.c_str() + at + 12);
        }
    }
    for (std::size_t k = 0; k < formats.size(); ++k) {
        if (formats[k] != "png") continue;
        MapResult& res = out[k];
        root.set("dpi", std::to_string(o.dpi));
        if (o.width_px <= 0) {
            res.data = gv::layout_and_render(root, engine, "png:cairo");
            continue;
        }
        // Graphviz sizes a PNG from its layout at the given dpi, and text metrics
        // shift the layout slightly with dpi: adjust the dpi until the width is exact,
        // starting from the one the vector drawing's width suggests, when there is one.
        auto png_width = [](const std::string& png) -> double {
            if (png.size() < 24) return 0;
            std::uint32_t w = 0;
            for (std::size_t q = 16; q < 20; ++q) w = (w << 8) | static_cast<unsigned char>(png[q]);
            return w;
        };
        double dpi = drawing_width_pt > 0 ? 72.0 * o.width_px / drawing_width_pt : o.dpi;
        for (int attempt = 0; attempt < 6; ++attempt) {
            root.set("dpi", fmt("%.6f", dpi));
            res.data = gv::layout_and_render(root, engine, "png:cairo");
            double w = png_width(res.data);
            if (w == o.width_px || w <= 0) break;
            dpi *= static_cast<double>(o.width_px) / w;
        }
        if (png_width(res.data) != o.width_px)
            throw OutputError("could not make the PNG exactly " + std::to_string(o.width_px) +
                              " pixels wide; use --dpi instead");
    }
    return out;
}

MapResult render_map(const Dataset& data, const GraphOptions& base, const MapOptions& o, std::string_view format) {
    return std::move(render_map(data, base, o, std::vector<std::string>{std::string(format)}).front());
}

}  // namespace dealgraph
