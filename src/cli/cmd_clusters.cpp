// clusters: components, Leiden communities, k-cores and syndicates.

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/analysis/clusters.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/report/measures_view.hpp"

namespace dealgraph::cli {
namespace {

std::string names(const BipartiteGraph& g, const std::vector<std::uint32_t>& nodes, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < nodes.size() && i < max; ++i) out += (i ? ", " : "") + g.node(nodes[i]).name;
    if (nodes.size() > max) out += ", ... (" + std::to_string(nodes.size() - max) + " more)";
    return out;
}

nlohmann::ordered_json ids(const BipartiteGraph& g, const std::vector<std::uint32_t>& nodes) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (auto v : nodes) out.push_back(g.node(v).id);
    return out;
}

struct ClustersCommand {
    GraphCommon common;
    std::string side = "investors";
    std::string weight = "shared";
    double min_weight = 0;
    double resolution = 1.0;
    std::uint64_t seed = 42;
    std::uint32_t runs = 5;
    std::uint32_t iterations = 0;
    std::uint32_t min_investors = 3, min_startups = 2, limit = 100;
    std::uint64_t max_steps = 2'000'000;
    std::string only = "all";
    int top = -1;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("clusters", "Which investors move as a bloc: components, communities, "
                                                   "k-cores and syndicates");
        common.add_to(*cmd);
        cmd->add_option("--graph", side, "Projection for communities and k-cores: investors or startups")
            ->default_str("investors");
        cmd->add_option("--weight", weight, "Projection weight: shared, deals, newman, jaccard or capital")
            ->default_str("shared");
        cmd->add_option("--min-weight", min_weight, "Drop projected ties lighter than this")->default_str("0");
        cmd->add_option("--resolution", resolution, "Leiden resolution: higher gives more, smaller communities")
            ->default_str("1");
        cmd->add_option("--seed", seed, "First Leiden seed")->default_str("42");
        cmd->add_option("--runs", runs, "Leiden runs (seeds seed, seed+1, ...); the highest modularity is kept")
            ->default_str("5")
            ->check(CLI::Range(1, 1000));
        cmd->add_option("--iterations", iterations,
                        "Leiden iterations per run, each refining the last one's partition; 0 (the default) "
                        "iterates until one changes nothing, a local optimum; 2 is igraph's and leidenalg's "
                        "default and faster on big data")
            ->default_str("0")
            ->check(CLI::Range(0, 1000));
        cmd->add_option("--min-investors", min_investors, "Syndicates: at least this many investors")
            ->default_str("3");
        cmd->add_option("--min-startups", min_startups, "Syndicates: ... that all backed at least this many startups")
            ->default_str("2");
        cmd->add_option("--limit", limit, "Syndicates: list at most this many (0: all)")->default_str("100");
        cmd->add_option("--max-steps", max_steps, "Syndicates: search budget (0: none)")->default_str("2000000");
        cmd->add_option("--only", only, "Compute and show only this part: all, components, communities, kcore or "
                                        "syndicates (CSV shows one at a time: default communities)")
            ->default_str("all");
        cmd->add_option("--top", top, "Rows per table: communities, syndicates (default 25 in table and md)")
            ->type_name("N");
        cmd->footer(
            "Communities: Leiden (Traag, Waltman & van Eck 2019) maximising modularity\n"
            "  Q = 1/(2m) sum_ij (A_ij - resolution k_i k_j / 2m) [c_i = c_j] on the weighted projection;\n"
            "  seeded and deterministic; every community is connected.\n"
            "k-core: the largest k such that the node is in a subgraph where all have >= k neighbours\n"
            "  (projection, weights ignored).\n"
            "Syndicates: maximal groups of >= --min-investors investors that all backed the same\n"
            "  >= --min-startups startups (maximal bicliques), most investors first, then most startups,\n"
            "  ties by ids. The search is bounded; the output says when a bound cut the list.\n"
            "Components: connected components of the bipartite graph and of the projection.\n\n"
            "Example:\n  dealgraph clusters data/ai-deals.json --rollup\n"
            "  dealgraph clusters investments.csv --only syndicates --min-investors 4 --output csv");
        return cmd;
    }

    void run() {
        ClusterOptions o;
        o.projection.side = parse_side(side, "--graph");
        o.projection.weight = parse_projection_weight(weight);
        o.projection.min_weight = min_weight;
        o.leiden.resolution = resolution;
        o.leiden.seed = seed;
        o.leiden.max_iterations = iterations;
        o.runs = runs;
        o.syndicates = {min_investors, min_startups, limit, max_steps};
        if (only != "all" && only != "components" && only != "communities" && only != "kcore" && only != "syndicates")
            throw UsageError("--only " + only + ": expected all, components, communities, kcore or syndicates");
        OutputFormat fmt = common.format();
        auto want = [&](const char* part) { return only == "all" || only == part; };
        // Compute only what the output shows. CSV holds one table: syndicates, communities
        // (also for all), or for components and kcore the core table, whose columns are
        // core, community and component.
        const bool core_table = fmt == OutputFormat::csv && (only == "components" || only == "kcore");
        if (fmt == OutputFormat::csv) {
            o.parts.components = core_table;
            o.parts.communities = core_table || only == "communities" || only == "all";
            o.parts.kcore = core_table;
            o.parts.syndicates = only == "syndicates";
        } else {
            o.parts.components = want("components");
            o.parts.communities = want("communities");
            o.parts.kcore = want("kcore");
            o.parts.syndicates = want("syndicates");
        }
        Dataset& data = keep_until_exit(Dataset{});
        auto& g = keep_until_exit(common.graph(data, GraphCommon::AfterGraph::title_only));
        common.progress().step("finding clusters");
        o.on_leiden_run = [&](std::uint32_t done, std::uint32_t all) {
            common.progress().detail(leiden_runs_done(done, all));
        };
        auto c = clusters(g, o);
        common.writing();
        std::size_t n = default_top(top, fmt);

        auto json_view = [&] {
            nlohmann::ordered_json j;
            j["graph"] = side;
            j["options"] = {{"filters", common.filters.describe()}, {"weight", weight}, {"min_weight", min_weight},
                            {"resolution", resolution},            {"seed", seed},     {"runs", runs},
                            {"iterations", iterations}};
            // The kept seed exists only when the communities were computed.
            if (o.parts.communities) j["options"]["best_seed"] = c.best_seed;
            j["options"]["min_investors"] = min_investors;
            j["options"]["min_startups"] = min_startups;
            auto components_json = [&](const std::vector<Component>& comps) {
                nlohmann::ordered_json a = nlohmann::ordered_json::array();
                for (const auto& k : comps)
                    a.push_back({{"id", k.id}, {"size", k.members.size()}, {"members", ids(g, k.members)}});
                return a;
            };
            if (want("components"))
                j["components"] = {{"bipartite", components_json(c.bipartite_components)},
                                   {side, components_json(c.projection_components)}};
            if (want("communities")) {
                nlohmann::ordered_json a = nlohmann::ordered_json::array();
                for (const auto& k : c.communities.communities)
                    a.push_back({{"id", k.id}, {"size", k.members.size()}, {"members", ids(g, k.members)}});
                j["communities"] = std::move(a);
                j["modularity"] = c.communities.modularity;
            }
            if (want("kcore")) {
                nlohmann::ordered_json k = nlohmann::ordered_json::object();
                // An ordered_json object finds a key by linear search (quadratic at 100k+
                // investors): append directly. The graph has one node per id on a side, so
                // no key repeats.
                auto& members = k.get_ref<nlohmann::ordered_json::object_t&>();
                auto& list = static_cast<nlohmann::ordered_json::object_t::Container&>(members);
                for (std::uint32_t i = 0; i < c.projection.nodes(); ++i)
                    list.emplace_back(g.node(c.projection.origin[i]).id, c.core[i]);
                j["kcore"] = std::move(k);
            }
            if (want("syndicates")) {
                nlohmann::ordered_json a = nlohmann::ordered_json::array();
                for (const auto& s : c.syndicates.syndicates)
                    a.push_back({{"investors", ids(g, s.investors)}, {"startups", ids(g, s.startups)}});
                j["syndicates"] = std::move(a);
                j["syndicates_found"] = c.syndicates.found;
                j["syndicates_truncated"] = c.syndicates.truncated;
                if (c.syndicates.truncated) j["syndicates_truncation"] = c.syndicates.truncation;
            }
            return j;
        };

        // Tables: one per part for people; CSV holds one part (communities unless --only).
        auto community_table = [&] {
            Table comm;
            comm.header = {"community", "size", "members (most connected first)"};
            comm.numeric = {true, true, false};
            // People read a community by its best-connected members: order by projected degree.
            std::vector<double> deg(g.nodes(), 0);
            for (std::uint32_t i = 0; i < c.projection.nodes(); ++i) deg[c.projection.origin[i]] = c.projection.degree(i);
            for (std::size_t i = 0; i < c.communities.communities.size() && (!n || i < n); ++i) {
                const auto& k = c.communities.communities[i];
                std::vector<std::uint32_t> m = k.members;
                std::stable_sort(m.begin(), m.end(), [&](auto a, auto b) { return deg[a] > deg[b]; });
                comm.rows.push_back({std::to_string(k.id), std::to_string(k.members.size()), names(g, m, 8)});
            }
            return comm;
        };
        Table synd;
        synd.header = {"rank", "investors", "startups", "investor names", "startup names"};
        synd.numeric = {true, true, true, false, false};
        for (std::size_t i = 0; i < c.syndicates.syndicates.size() && (!n || i < n); ++i) {
            const auto& s = c.syndicates.syndicates[i];
            synd.rows.push_back({std::to_string(i + 1), std::to_string(s.investors.size()),
                                 std::to_string(s.startups.size()), names(g, s.investors, 12),
                                 names(g, s.startups, 6)});
        }
        auto kcore_table = [&] {
            Table core;
            core.header = {"id", "name", "core", "community", "component"};
            core.numeric = {false, false, true, true, true};
            std::vector<std::uint32_t> comp_of(c.projection.nodes());
            std::vector<std::uint32_t> pos(g.nodes(), 0);
            for (std::uint32_t i = 0; i < c.projection.nodes(); ++i) pos[c.projection.origin[i]] = i;
            for (const auto& k : c.projection_components)
                for (auto v : k.members) comp_of[pos[v]] = k.id;
            std::vector<std::uint32_t> order(c.projection.nodes());
            for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return c.core[a] > c.core[b]; });
            for (auto i : order)
                core.rows.push_back({g.node(c.projection.origin[i]).id, g.node(c.projection.origin[i]).name,
                                     std::to_string(c.core[i]), std::to_string(c.communities.membership[i]),
                                     std::to_string(comp_of[i])});
            return core;
        };
        std::string text;
        if (fmt == OutputFormat::json) {
            text = json_view().dump(2) + '\n';
        } else if (fmt == OutputFormat::csv) {
            if (only == "syndicates") {
                Table t;
                t.header = {"rank", "investors", "startups"};
                for (std::size_t i = 0; i < c.syndicates.syndicates.size(); ++i) {
                    const auto& s = c.syndicates.syndicates[i];
                    std::string a, b;
                    for (auto v : s.investors) a += (a.empty() ? "" : ";") + g.node(v).id;
                    for (auto v : s.startups) b += (b.empty() ? "" : ";") + g.node(v).id;
                    t.rows.push_back({std::to_string(i + 1), a, b});
                }
                text = t.to_csv();
            } else if (only == "communities" || only == "all") {
                Table t;
                t.header = {"community", "id", "name"};
                for (const auto& k : c.communities.communities)
                    for (auto v : k.members) t.rows.push_back({std::to_string(k.id), g.node(v).id, g.node(v).name});
                text = t.to_csv();
            } else {
                text = kcore_table().to_csv();
            }
        } else {
            auto render_part = [&](const Table& t) { return fmt == OutputFormat::md ? t.to_markdown() : t.to_text(); };
            std::string h = fmt == OutputFormat::md ? "### " : "";
            if (fmt == OutputFormat::table) text += common.heading(data) + "\n";
            if (want("components"))
                text += h + "components: bipartite graph " + std::to_string(c.bipartite_components.size()) +
                        " (largest " + std::to_string(c.bipartite_components.empty() ? 0 : c.bipartite_components[0].members.size()) +
                        " nodes); " + side + " projection " + std::to_string(c.projection_components.size()) +
                        " (largest " + std::to_string(c.projection_components.empty() ? 0 : c.projection_components[0].members.size()) +
                        ")\n\n";
            if (want("communities"))
                text += h + "communities of the " + side + " projection (" + weight + " weights): " +
                        std::to_string(c.communities.communities.size()) + ", modularity " +
                        short_number(c.communities.modularity) + " (Leiden, resolution " + short_number(resolution) +
                        ", best of " + std::to_string(runs) + " seeds)\n\n" + render_part(community_table()) + "\n";
            if (want("syndicates")) {
                text += h + "syndicates: " + std::to_string(c.syndicates.found) + " found (>= " +
                        std::to_string(min_investors) + " investors sharing >= " + std::to_string(min_startups) +
                        " startups)";
                if (c.syndicates.truncated) text += "; " + c.syndicates.truncation;
                text += "\n\n" + render_part(synd) + "\n";
            }
            if (want("kcore")) {
                std::uint32_t kmax = c.core.empty() ? 0 : *std::max_element(c.core.begin(), c.core.end());
                std::vector<std::uint32_t> top_core;
                for (std::uint32_t i = 0; i < c.core.size(); ++i)
                    if (c.core[i] == kmax) top_core.push_back(c.projection.origin[i]);
                text += h + "k-core: the innermost core is the " + std::to_string(kmax) + "-core, " +
                        std::to_string(top_core.size()) + " nodes: " + names(g, top_core, 20) + "\n";
            }
        }
        write_file_atomic(common.output_file, text);
        common.done();
    }
};

}  // namespace

void add_clusters(CLI::App& app) {
    auto c = std::make_shared<ClustersCommand>();
    c->add(app)->callback([c] { c->run(); });
}

}  // namespace dealgraph::cli
