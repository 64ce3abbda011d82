#pragma once
// A thin RAII wrapper over libcgraph and libgvc, so that no other code sees Graphviz's
// char* API. Internal to the render module.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct Agraph_s;
struct Agnode_s;
struct Agedge_s;
struct GVC_s;

namespace dealgraph::render::gv {

class Graph;

class Node {
public:
    Node& set(std::string_view attr, std::string_view value);
    /// An HTML-like label (`<TABLE>...</TABLE>`), passed to Graphviz as HTML.
    Node& set_html(std::string_view attr, std::string_view html);
    [[nodiscard]] Agnode_s* raw() const noexcept { return n_; }

private:
    friend class Graph;
    Node(Agnode_s* n, Agraph_s* g) : n_(n), g_(g) {}
    Agnode_s* n_;
    Agraph_s* g_;
};

class Edge {
public:
    Edge& set(std::string_view attr, std::string_view value);

private:
    friend class Graph;
    explicit Edge(Agedge_s* e) : e_(e) {}
    Agedge_s* e_;
};

/// A graph or a subgraph. The root owns the cgraph object; subgraphs are views.
class Graph {
public:
    /// A new root graph; directed or not; strict graphs merge parallel edges.
    Graph(std::string_view name, bool directed);
    ~Graph();
    Graph(Graph&&) noexcept;
    Graph& operator=(Graph&&) = delete;
    Graph(const Graph&) = delete;

    Graph& set(std::string_view attr, std::string_view value);
    Graph& set_html(std::string_view attr, std::string_view html);
    /// Default attributes for all nodes / edges created afterwards.
    Graph& node_default(std::string_view attr, std::string_view value);
    Graph& edge_default(std::string_view attr, std::string_view value);

    /// The node with this name, created on first use (in the root and this subgraph).
    Node node(std::string_view name);
    Edge edge(const Node& tail, const Node& head, std::string_view key = "");
    /// A subgraph; names starting with "cluster" are drawn as boxes by dot and fdp.
    Graph subgraph(std::string_view name);

    /// The graph as DOT text, without layout: nodes and edges in creation order.
    [[nodiscard]] std::string to_dot() const;
    [[nodiscard]] Agraph_s* raw() const noexcept { return g_; }

    /// Takes ownership of a graph cgraph read (the layout worker).
    Graph(Agraph_s* g, bool owner) : g_(g), owner_(owner) {}

private:
    Agraph_s* g_;
    bool owner_;
};

/// Lays out with `engine` (dot, sfdp, twopi, fdp, neato, circo, osage) and renders to `format`
/// (svg, png, pdf, dot with positions...). Throws dealgraph::OutputError on failure.
std::string layout_and_render(Graph& graph, std::string_view engine, std::string_view format);
/// One layout, several formats (svg and png of the same drawing).
std::vector<std::string> layout_and_render(Graph& graph, std::string_view engine,
                                           const std::vector<std::string>& formats);

/// Run layouts in `program __layout` (see dealgraph::set_layout_program).
void set_layout_worker(std::string program);
int run_layout_worker(int argc, char** argv);

/// Escapes text for an HTML-like label.
std::string html_escape(std::string_view text);

}  // namespace dealgraph::render::gv
