#pragma once
// Ecosystem maps: the graph drawn with Graphviz, laid out and rendered in-process.
//
// Encoding, the same on every view and shown in each map's legend:
//  - investors: colour and shape by entity type (big tech: blue square, corporate VC:
//    pink hexagon, VC: green diamond, sovereign fund: orange octagon, ...);
//  - startups: circles coloured by sector (the 11 most common sectors have colours;
//    a startup takes the colour of its first sector that has one);
//  - node area by a measure (`size_by`: PageRank, capital, degree), from the smallest
//    to the largest drawn: side = 0.3 + 1.1 * sqrt(value / max) inches;
//  - edge width by capital: 0.6 + 1.2 * log10(1 + capital / $10M) points;
//  - line style by status: closed solid; announced and negotiating dashed; proposed
//    dotted; rejected offers dotted red; non-equity ties grey.
// A title and a subtitle say the data source, the filters and the data's date range
// (never today's date, so the same input draws the same bytes).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/graph/weighted_graph.hpp"

namespace dealgraph {

enum class MapView : std::uint8_t { bipartite, ecosystem, ego, coinvestors, concentration };
enum class MapTheme : std::uint8_t { light, dark, print };
enum class SizeBy : std::uint8_t { pagerank, capital, degree };

MapView parse_map_view(std::string_view text);    // throws UsageError
MapTheme parse_map_theme(std::string_view text);  // throws UsageError
SizeBy parse_size_by(std::string_view text);      // throws UsageError
std::string_view to_string(MapView v) noexcept;

/// Layout engines: the view's default unless `layout` names one of these.
inline constexpr std::string_view map_layouts[] = {"dot", "sfdp", "fdp", "neato", "twopi", "circo", "osage"};
/// The layouts as a list for messages: "dot, sfdp, ..., circo" and `last` before the final one.
std::string map_layout_list(std::string_view last);

struct MapOptions {
    MapView view = MapView::ecosystem;
    std::string layout;  // empty: dot (bipartite, coinvestors), sfdp (ecosystem, concentration), twopi (ego)
    MapTheme theme = MapTheme::light;
    SizeBy size_by = SizeBy::pagerank;
    std::string aspect;       // "16:9", "4:3"...; empty: the layout's own shape
    /// Keep about N nodes; 0: the view's default. Ecosystem and bipartite: the investors with
    /// the largest size measure and the startups most of them backed (60 bipartite, 200
    /// ecosystem); coinvestors: the investors with the largest measure (150); ego: the
    /// centre, then the nearest nodes by measure (250); concentration: as ecosystem, by
    /// capital, plus the what-if deals' nodes (200).
    std::size_t top = 0;
    std::string around;       // ego: the centre (id or name)
    std::uint32_t depth = 2;  // ego: hops
    std::vector<std::string> what_if;  // concentration: deals drawn dashed as if counted
    double min_weight = -1;   // coinvestors: drop lighter ties; < 0: automatic (edges <= 4 x nodes)
    bool offers = true;       // draw uncounted offers and talks (negotiating, proposed, rejected)
    bool ties = true;         // draw non-equity ties
    std::string title;        // empty: the data's title and the view
    std::string source;       // shown in the subtitle, e.g. the input file names
    std::string filters;      // shown in the subtitle: what was counted
    int dpi = 96;             // png: pixels per inch
    int width_px = 0;         // png: exact width in pixels (sets dpi from the drawing's width)
};

struct MapResult {
    std::string data;    // the rendered bytes (text for dot and svg)
    std::string engine;  // layout engine used
    std::size_t nodes = 0, edges = 0;
    std::vector<std::string> legend;  // legend entries, in order (for checks)
};

/// Builds the view of the counted deals (`base` filters) and renders it to `format`:
/// dot (the graph description without layout, deterministic), svg, png or pdf.
/// Throws UsageError for a bad option (unknown layout, `around` not found, with
/// suggestions) and OutputError when Graphviz fails.
MapResult render_map(const Dataset& data, const GraphOptions& base, const MapOptions& options,
                     std::string_view format);

/// The same map in several formats at once, in the order asked: the graph and the drawing
/// are built once, the vector formats share one layout, and the png's resolution for
/// `width_px` starts from the svg's width when both are asked. Each result is the same as
/// render_map with that one format, except that a png's bytes may differ slightly (the
/// dpi search starts elsewhere; the width is the same).
std::vector<MapResult> render_map(const Dataset& data, const GraphOptions& base, const MapOptions& options,
                                  const std::vector<std::string>& formats);

/// Escapes &, <, > and " for HTML (and Graphviz's HTML-like labels).
std::string html_escape(std::string_view text);

/// A projection (or any weighted graph whose `origin` maps to bipartite nodes) as DOT
/// text without layout: one node per node with its name as label, one edge per tie with
/// its weight as `weight` and `penwidth`. Deterministic.
std::string projection_dot(const BipartiteGraph& graph, const WeightedGraph& projection, std::string_view name);

/// Lay graphs out in a fresh child process running `program __layout` (the dealgraph
/// binary): some Graphviz layouts depend on the order of heap addresses and on state
/// left by earlier layouts, so the same map drawn twice in one process could differ.
/// A fresh process makes the bytes the same every time. Without it (library use),
/// layouts run in-process: identical across runs, not always within one process.
void set_layout_program(std::string program);

/// The worker side: `dealgraph __layout ENGINE FORMAT...` reads DOT on standard input
/// and writes each rendering as an 8-byte length and its bytes. Returns an exit code.
int run_layout_worker(int argc, char** argv);

}  // namespace dealgraph
