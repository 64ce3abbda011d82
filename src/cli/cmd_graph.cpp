// centrality, project, ego: measures on the graph and its projections.

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/analysis/ego.hpp"
#include "dealgraph/analysis/node_measures.hpp"
#include "dealgraph/graph/lookup.hpp"
#include "dealgraph/graph/projection.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/render/map.hpp"
#include "dealgraph/report/measures_view.hpp"

namespace dealgraph::cli {
namespace {

constexpr const char* conventions =
    "Measures (docs/MEASURES.md has the formulas and references):\n"
    "  degree       neighbours; strength: sum of edge weights (bipartite: --strength-by capital|rounds;\n"
    "               projections: the --weight)\n"
    "  betweenness  Brandes, shortest paths by hops, each unordered pair once (a 3-node path's middle\n"
    "               node scores 1); --normalize standard divides by (n-1)(n-2)/2, bipartite by the\n"
    "               Borgatti-Everett maximum for the node's side\n"
    "  closeness    (reachable-1) / sum of distances, within the node's component\n"
    "  harmonic     sum of 1/distance over all other nodes (0 for unreachable ones)\n"
    "  eigenvector  leading eigenvector of the largest component, unit length; 0 elsewhere\n"
    "  pagerank     damping 0.85, dangling mass spread evenly, sums to 1, L1 change < 1e-10\n"
    "  hub, authority  HITS on investor -> startup: hubs are investors, authorities startups\n"
    "Rankings break ties by id. --weighted makes pagerank, eigenvector and HITS use the weights.";

constexpr const char* betweenness_help =
    "Betweenness is exact (leaves folded, twins merged, then Brandes: the same values as plain\n"
    "Brandes) unless the reduced graph would take more than about a minute; then it is sampled\n"
    "(Riondato & Kornaropoulos 2016): with probability 1 - delta, every node's betweenness /\n"
    "(n(n-1)) is within epsilon of the exact value. The output says which (betweenness_method);\n"
    "--exact forces exact, --epsilon / --delta set the guarantee and force sampling.";

constexpr const char* projection_help =
    "Projection weights between two investors a and b (startups likewise), over the startups C\n"
    "both backed:\n"
    "  shared   |C| (default)\n"
    "  deals    number of counted deals both took part in (startups: sum over C of the smaller\n"
    "           round count)\n"
    "  newman   sum over c in C of 1/(investors of c - 1)\n"
    "  jaccard  |C| / number of startups either backed\n"
    "  capital  sum over c in C of the smaller of the two investors' capital in c";

BetweennessNormalization parse_normalization(const std::string& s) {
    if (s == "none") return BetweennessNormalization::none;
    if (s == "standard") return BetweennessNormalization::standard;
    if (s == "bipartite") return BetweennessNormalization::bipartite;
    throw UsageError("--normalize " + s + ": expected none, standard or bipartite");
}

EdgeWeight parse_strength_by(const std::string& s) {
    if (s == "capital") return EdgeWeight::capital;
    if (s == "rounds") return EdgeWeight::rounds;
    throw UsageError("--strength-by " + s + ": expected capital or rounds");
}

struct CentralityCommand {
    GraphCommon common;
    std::string graph_kind = "bipartite";
    std::string measures;
    int top = -1;
    std::string normalize = "none";
    std::string weight = "shared";
    std::string strength_by = "capital";
    double min_weight = 0;
    bool weighted = false;
    bool exact = false;
    double epsilon = 0.01;
    double delta = 0.1;
    CLI::App* cli_ = nullptr;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("centrality", "Who sits at the centre: degree, betweenness, closeness, "
                                                     "eigenvector, PageRank, HITS for every node");
        common.add_to(*cmd);
        cmd->add_option("--graph", graph_kind, "bipartite, investors (co-investment projection) or startups "
                                               "(co-funding projection)")
            ->default_str("bipartite");
        cmd->add_option("--measures", measures, "Comma-separated; the first ranks the list (default: all that apply: "
                                                "degree,strength,betweenness,closeness,harmonic,eigenvector,"
                                                "pagerank,hub,authority)")
            ->type_name("LIST");
        cmd->add_option("--top", top, "Show the N highest-ranked nodes; 0 for all (default: 25 in table and md, all "
                                      "in json and csv)")
            ->type_name("N");
        cmd->add_option("--normalize", normalize, "Betweenness normalisation: none, standard or bipartite")
            ->default_str("none");
        cmd->add_option("--weight", weight, "Projection weight: shared, deals, newman, jaccard or capital")
            ->default_str("shared");
        cmd->add_option("--strength-by", strength_by, "Bipartite edge weight for strength: capital or rounds")
            ->default_str("capital");
        cmd->add_option("--min-weight", min_weight, "Drop projected ties lighter than this")->default_str("0");
        cmd->add_flag("--weighted", weighted, "PageRank, eigenvector and HITS use the edge weights");
        cli_ = cmd;
        auto* ex = cmd->add_flag("--exact", exact, "Exact betweenness however big the graph (default: sampled "
                                                   "above a size threshold)");
        cmd->add_option("--epsilon", epsilon, "Sampled betweenness: largest error on betweenness / (n(n-1)), "
                                              "for every node at once")
            ->default_str("0.01")
            ->check(CLI::Range(1e-6, 1.0))
            ->excludes(ex);
        cmd->add_option("--delta", delta, "Sampled betweenness: probability that some node misses that bound")
            ->default_str("0.1")
            ->check(CLI::Range(1e-12, 0.999))
            ->excludes(ex);
        cmd->footer(std::string(conventions) + "\n" + betweenness_help + "\n\n" + projection_help +
                    "\n\nExample:\n  dealgraph centrality data/ai-deals.json --measures pagerank,betweenness --top 10\n"
                    "  dealgraph centrality data/ai-deals.json --graph investors --rollup --output csv -o inv.csv");
        return cmd;
    }

    void run() {
        NodeMeasureOptions o;
        o.graph = parse_graph_kind(graph_kind);
        if (!measures.empty()) o.measures = parse_measures(measures);
        o.normalization = parse_normalization(normalize);
        o.projection_weight = parse_projection_weight(weight);
        o.bipartite_weight = parse_strength_by(strength_by);
        o.min_weight = min_weight;
        o.weighted = weighted;
        o.epsilon = epsilon;
        o.delta = delta;
        if (exact) o.betweenness_method = BetweennessMethod::exact;
        else if (cli_->count("--epsilon") || cli_->count("--delta")) o.betweenness_method = BetweennessMethod::approximate;
        OutputFormat fmt = common.format();
        Dataset& data = keep_until_exit(Dataset{});
        auto& g = keep_until_exit(common.graph(data, GraphCommon::AfterGraph::title_only));
        common.progress().step("computing centrality");
        auto m = node_measures(g, o);
        std::size_t n = default_top(top, fmt);
        nlohmann::ordered_json j;
        j["graph"] = std::string(to_string(o.graph));
        j["options"] = {{"filters", common.filters.describe()},
                        {"normalize", normalize},
                        {"weighted", weighted},
                        {"strength_by", strength_by}};
        if (o.graph != GraphKind::bipartite) {
            j["options"]["weight"] = weight;
            j["options"]["min_weight"] = min_weight;
        }
        bool has_bc = std::find(m.measures.begin(), m.measures.end(), Measure::betweenness) != m.measures.end();
        std::string method_line;
        if (has_bc) {
            const auto& bi = m.betweenness_info;
            if (bi.approximate) {
                j["betweenness_method"] = {
                    {"approximate", {{"epsilon", bi.epsilon}, {"delta", bi.delta}, {"samples", bi.samples}}}};
                char buf[200];
                std::snprintf(buf, sizeof buf,
                              "betweenness: approximate, %llu sampled paths; with probability %g every value / "
                              "(n(n-1)) is within %g of the exact one (--exact for exact)\n",
                              static_cast<unsigned long long>(bi.samples), 1 - bi.delta, bi.epsilon);
                method_line = buf;
            } else {
                j["betweenness_method"] = "exact";
                method_line = "betweenness: exact\n";
            }
        }
        j["total_nodes"] = m.nodes.size();
        common.writing();
        AtomicFile file(common.output_file);
        if (fmt == OutputFormat::json || fmt == OutputFormat::csv) {
            // Node by node, in pieces of about 1 MiB: every node of a market-wide graph
            // (millions) as one JSON value or table would take gigabytes.
            const std::size_t shown = n ? std::min(n, m.ranking.size()) : m.ranking.size();
            std::string out;
            auto piece = [&] {
                if (out.size() < (std::size_t{1} << 20)) return;
                file.write(out);
                out.clear();
            };
            if (fmt == OutputFormat::csv) {
                append_csv_row(out, measures_header(m));
                for (std::size_t r = 0; r < shown; ++r, piece()) append_csv_row(out, measures_row(m, r, true));
            } else {
                // What dump(2) gives for the whole value, the nodes written one by one.
                j["nodes"] = nlohmann::ordered_json::array();
                out = j.dump(2);  // ends with "nodes": []\n}
                if (shown) {
                    out.resize(out.size() - 4);  // drop "[]\n}"
                    out += "[\n";
                    for (std::size_t r = 0; r < shown; ++r, piece()) {
                        append_measures_json(out, m, r, "    ");
                        out += r + 1 < shown ? ",\n" : "\n";
                    }
                    out += "  ]\n}";
                }
                out += '\n';
            }
            file.write(out);
        } else {
            std::string heading = common.heading(data) + "graph: " + graph_kind + "\n" + method_line;
            if (n && n < m.nodes.size())
                heading += "showing " + std::to_string(n) + " of " + std::to_string(m.nodes.size()) +
                           " nodes, ranked by " + std::string(to_string(m.measures[0])) + " (--top 0 for all)\n";
            file.write(render(measures_table(m, n, false), j, fmt, heading + "\n"));
        }
        file.commit();
        common.done();
    }
};

struct ProjectCommand {
    GraphCommon common;
    std::string side = "investors";
    std::string weight = "shared";
    double min_weight = 0;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("project", "The co-investment (investors) or co-funding (startups) network "
                                                  "as a weighted edge list");
        common.add_to(*cmd);
        cmd->add_option("--side", side, "investors or startups")->default_str("investors");
        cmd->add_option("--weight", weight, "shared, deals, newman, jaccard or capital")->default_str("shared");
        cmd->add_option("--min-weight", min_weight, "Drop ties lighter than this")->default_str("0");
        cmd->footer(std::string(projection_help) +
                    "\nEdges are listed source < target by id, heaviest first (ties by ids). --output dot (or\n"
                    "-o FILE.dot) writes the network as Graphviz DOT, to draw or to load elsewhere.\n"
                    "A startup projection of market-wide data can have billions of ties (every pair of\n"
                    "startups one big investor backed): past as many as a quarter of memory holds (about 40\n"
                    "bytes each), it stops with an error rather than exhaust memory; --min-weight applies\n"
                    "while building and keeps it smaller.\n\n"
                    "Example:\n  dealgraph project data/ai-deals.json --side investors --weight deals --output csv");
        return cmd;
    }

    // What nlohmann's dump(2) gives for {side, weight, min_weight, nodes, edges: [{source,
    // target, weight}...]}, written tie by tie instead of built as one JSON value.
    std::string projection_json(const BipartiteGraph& g, const WeightedGraph& p,
                                const std::vector<WeightedEdge>& edges) const {
        nlohmann::ordered_json j;
        j["side"] = side;
        j["weight"] = weight;
        j["min_weight"] = min_weight;
        j["nodes"] = p.nodes();
        j["edges"] = nlohmann::ordered_json::array();
        std::string out = j.dump(2);  // ends with "edges": []\n}
        if (edges.empty()) return out + '\n';
        out.resize(out.size() - 4);   // drop "[]\n}"
        // Reserve about what the ties take (their ids plus some 80 bytes of keys, indent
        // and weight), so the string does not copy itself as it grows.
        std::size_t size = out.size();
        for (const auto& e : edges) size += g.node(p.origin[e.a]).id.size() + g.node(p.origin[e.b]).id.size() + 80;
        out.reserve(size);
        out += "[\n";
        nlohmann::ordered_json value;
        auto add = [&](const char* key, nlohmann::ordered_json&& v, const char* tail) {
            out += "      \"";
            out += key;
            out += "\": ";
            value = std::move(v);
            out += value.dump();
            out += tail;
        };
        for (std::size_t i = 0; i < edges.size(); ++i) {
            const auto& e = edges[i];
            out += "    {\n";
            add("source", g.node(p.origin[e.a]).id, ",\n");
            add("target", g.node(p.origin[e.b]).id, ",\n");
            add("weight", e.weight, "\n");
            out += i + 1 < edges.size() ? "    },\n" : "    }\n";
        }
        out += "  ]\n}\n";
        return out;
    }

    void run() {
        ProjectionOptions o;
        o.side = parse_side(side, "--side");
        o.weight = parse_projection_weight(weight);
        o.min_weight = min_weight;
        bool dot = common.out.format == "dot" || (common.out.format.empty() && common.output_file.ends_with(".dot"));
        OutputFormat fmt = dot ? OutputFormat::json : common.format();
        Dataset& data = keep_until_exit(Dataset{});
        auto& g = keep_until_exit(common.graph(data, GraphCommon::AfterGraph::title_only));
        common.progress().step("projecting onto the " + side);
        auto p = project(g, o);
        common.writing();
        if (dot) {
            write_file_atomic(common.output_file, projection_dot(g, p, side + "_" + weight));
            common.done();
            return;
        }
        std::vector<WeightedEdge> edges(p.edge_list().begin(), p.edge_list().end());
        std::stable_sort(edges.begin(), edges.end(),
                         [](const WeightedEdge& a, const WeightedEdge& b) { return a.weight > b.weight; });
        // Only the view the format needs: at millions of ties a JSON value per tie and a
        // table row per tie would each take gigabytes.
        if (fmt == OutputFormat::json) {
            write_file_atomic(common.output_file, projection_json(g, p, edges));
            common.done();
            return;
        }
        if (fmt == OutputFormat::csv) {  // the same bytes as the table's CSV, without the table
            std::string csv;
            csv.reserve(64 * (edges.size() + 1));
            append_csv_row(csv, {"source", "target", "weight", "source_name", "target_name"});
            for (const auto& e : edges) {
                const NodeInfo& a = g.node(p.origin[e.a]);
                const NodeInfo& b = g.node(p.origin[e.b]);
                append_csv_row(csv, {a.id, b.id, exact_number(e.weight), a.name, b.name});
            }
            write_file_atomic(common.output_file, csv);
            common.done();
            return;
        }
        Table t;
        t.header = {"source", "target", "weight", "source_name", "target_name"};
        t.numeric = {false, false, true, false, false};
        t.rows.reserve(edges.size());
        for (const auto& e : edges) {
            const NodeInfo& a = g.node(p.origin[e.a]);
            const NodeInfo& b = g.node(p.origin[e.b]);
            t.rows.push_back({a.id, b.id, short_number(e.weight), a.name, b.name});
        }
        nlohmann::ordered_json j;
        std::string heading = side + " projection, weight " + weight + ": " + std::to_string(p.nodes()) + " nodes, " +
                              std::to_string(p.edges()) + " ties; counted: " + common.filters.describe() + "\n\n";
        write_file_atomic(common.output_file, render(t, j, fmt, heading));
        common.done();
    }
};

struct EgoCommand {
    GraphCommon common;
    std::string around;
    std::uint32_t depth = 2;
    int top = -1;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("ego", "The neighbourhood of one startup or investor, with each node's "
                                              "centrality inside it");
        common.add_to(*cmd);
        cmd->add_option("--around", around, "Id or name of the centre (startups first, then investors)")
            ->required()
            ->type_name("ID");
        cmd->add_option("--depth", depth, "Hops from the centre: 1 its investors, 2 also their other startups, "
                                          "3 also those startups' investors")
            ->default_val(2)
            ->check(CLI::Range(1, 6));
        cmd->add_option("--top", top, "Show the N highest-ranked nodes; 0 for all")->type_name("N");
        cmd->footer("Nodes are ranked by degree inside the ego network, then betweenness...; the measures are\n"
                    "computed on the ego network alone (see 'dealgraph centrality --help').\n\n"
                    "Example:\n  dealgraph ego data/ai-deals.json --around hugging-face --depth 2");
        return cmd;
    }

    void run() {
        OutputFormat fmt = common.format();
        Dataset& data = keep_until_exit(Dataset{});
        auto& g = keep_until_exit(common.graph(data, GraphCommon::AfterGraph::title_only));
        std::uint32_t center = resolve_node(g, around, std::nullopt, "--around");
        common.progress().step("measuring the neighbourhood");
        auto ego = ego_network(g, center, {depth});
        NodeMeasureOptions o;
        o.measures = {Measure::degree, Measure::betweenness, Measure::closeness, Measure::harmonic, Measure::pagerank};
        auto m = node_measures(g, ego.subgraph, o);
        common.writing();
        std::size_t n = default_top(top, fmt);
        // Distance column first: ranked by distance, then degree.
        std::vector<double> dist(ego.distance.begin(), ego.distance.end());
        std::stable_sort(m.ranking.begin(), m.ranking.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return dist[a] < dist[b]; });
        m.measures.insert(m.measures.begin(), Measure::degree);  // placeholder, replaced below
        m.values.insert(m.values.begin(), dist);
        Table t = measures_table(m, n, fmt == OutputFormat::csv);
        t.header[4] = "distance";
        auto nodes = measures_json(m, n);
        for (std::size_t r = 0; r < nodes.size(); ++r) {
            nodes[r].erase("degree");
            nodes[r]["distance"] = ego.distance[m.ranking[r]];
            nodes[r]["degree"] = m.values[1][m.ranking[r]];
        }
        nlohmann::ordered_json j;
        j["center"] = {{"id", g.node(center).id}, {"name", g.node(center).name},
                       {"side", std::string(to_string(g.side(center)))}};
        j["depth"] = depth;
        j["total_nodes"] = ego.nodes.size();
        j["nodes"] = std::move(nodes);
        nlohmann::ordered_json edges = nlohmann::ordered_json::array();
        for (auto e : ego.edge_of) {
            const EdgeData& d = g.edge(e);
            edges.push_back({{"investor", g.node(d.investor).id},
                             {"startup", g.node(d.startup).id},
                             {"rounds", d.rounds},
                             {"capital_usd", d.capital_usd}});
        }
        j["edges"] = std::move(edges);
        std::string heading = "ego network of " + g.node(center).name + " (" + std::string(to_string(g.side(center))) +
                              "), depth " + std::to_string(depth) + ": " + std::to_string(ego.nodes.size()) +
                              " nodes, " + std::to_string(ego.edge_of.size()) + " ties\n";
        if (n && n < ego.nodes.size()) heading += "showing " + std::to_string(n) + " (--top 0 for all)\n";
        write_file_atomic(common.output_file, render(t, j, fmt, heading + "\n"));
        common.done();
    }
};

template <class Command>
void add_command(CLI::App& app) {
    auto c = std::make_shared<Command>();
    c->add(app)->callback([c] { c->run(); });
}

}  // namespace

void add_centrality(CLI::App& app) { add_command<CentralityCommand>(app); }
void add_project(CLI::App& app) { add_command<ProjectCommand>(app); }
void add_ego(CLI::App& app) { add_command<EgoCommand>(app); }

}  // namespace dealgraph::cli
