// render: ecosystem maps through Graphviz, in-process.

#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/render/map.hpp"

namespace dealgraph::cli {
namespace {

struct RenderCommand {
    InputOptions in;
    FilterOptions filters;
    std::string output, format, view = "ecosystem", layout, theme = "light", aspect, size_by = "pagerank";
    std::string around, title;
    std::vector<std::string> what_if;
    std::size_t top = 0;
    std::uint32_t depth = 2;
    double min_weight = -1;
    int dpi = 96;
    int width = 0;
    bool no_offers = false, no_ties = false;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("render", "Draw a map: the ecosystem, the bipartite graph, one startup's "
                                                 "neighbourhood, co-investors, or concentration");
        in.add_to(*cmd);
        filters.add_to(*cmd);
        cmd->add_option("-o,--out", output, "Output file; its extension (.svg, .png, .pdf, .dot) picks the format; "
                                           "- for standard output")
            ->required()
            ->type_name("PATH");
        cmd->add_option("--format", format, "svg, png, pdf or dot (the graph description, without layout)");
        cmd->add_option("--view", view, "bipartite, ecosystem, ego, coinvestors or concentration")
            ->default_str("ecosystem");
        cmd->add_option("--layout", layout, "Override the view's layout engine: " + map_layout_list(", "));
        cmd->add_option("--theme", theme, "light, dark or print")->default_str("light");
        cmd->add_option("--aspect", aspect, "Aspect ratio W:H of the drawing, e.g. 16:9 for slides");
        cmd->add_option("--size-by", size_by, "Node size: pagerank, capital or degree")->default_str("pagerank");
        cmd->add_option("--top", top, "Keep about N nodes: those with the largest size measure (ecosystem, bipartite, "
                                      "coinvestors), the nearest (ego), the most capital (concentration); default: "
                                      "bipartite 60, coinvestors 150, ecosystem and concentration 200, ego 250")
            ->type_name("N")
            ->check(CLI::Range(0, 10000000));
        cmd->add_option("--around", around, "Ego view: the centre (startup or investor id or name)")->type_name("ID");
        cmd->add_option("--depth", depth, "Ego view: hops from the centre")->default_val(2)->check(CLI::Range(1, 4));
        cmd->add_option("--what-if", what_if, "Concentration view: deals drawn dashed as if counted")
            ->type_name("DEAL_ID...");
        cmd->add_option("--min-weight", min_weight, "Co-investors view: hide ties with fewer startups in common "
                                                    "(default: automatic, at most 4 ties per investor)");
        cmd->add_flag("--no-offers", no_offers, "Do not draw uncounted offers and talks");
        cmd->add_flag("--no-ties", no_ties, "Do not draw non-equity ties");
        cmd->add_option("--title", title, "Title (default: the data's title and the view)");
        cmd->add_option("--dpi", dpi, "PNG resolution")->default_val(96)->check(CLI::Range(24, 600));
        cmd->add_option("--width", width, "PNG width in pixels (sets the resolution; e.g. 1920 for a slide)")
            ->type_name("PX")
            ->check(CLI::Range(100, 20000));
        cmd->footer(
            "Views and their default layouts:\n"
            "  bipartite      investors left, startups right (dot), for small data\n"
            "  ecosystem      the whole graph, force-directed (sfdp with overlap removal); --top N\n"
            "  ego            one startup or investor at the centre (twopi); --around ID\n"
            "  coinvestors    the investor projection with Leiden communities as clusters, each a grid\n"
            "                 with its largest investors first (osage); the largest syndicate\n"
            "                 highlighted\n"
            "  concentration  startups sized by capital raised, line width by each investor's share;\n"
            "                 dominant investors outlined; --what-if deals dashed\n"
            "Encoding (shown in each map's legend): investor type by colour and shape, startup sector by\n"
            "colour, node size by --size-by, line width by capital (log scale), closed deals solid,\n"
            "announced/negotiating dashed, rejected offers dotted red, non-equity ties grey.\n"
            "The same input and options draw the same bytes every time, except with --layout fdp\n"
            "(Graphviz 2.42's fdp places clusters differently from run to run).\n\n"
            "Example:\n"
            "  dealgraph render data/ai-deals.json --view ego --around hugging-face -o hf.svg\n"
            "  dealgraph render data/ai-deals.json --view concentration --what-if hugging-face-2026-nvidia-offer "
            "-o c.png\n"
            "  dealgraph render investments.csv --view ecosystem --top 300 --aspect 16:9 -o market.svg");
        return cmd;
    }

    void run() {
        std::string fmt = format;
        if (fmt.empty()) {
            for (const char* ext : {"svg", "png", "pdf", "dot"})
                if (output.ends_with(std::string(".") + ext)) fmt = ext;
            if (fmt.empty())
                throw UsageError("-o " + output + ": cannot tell the format from the name; expected .svg, .png, .pdf "
                                 "or .dot, or --format");
        }
        if (fmt != "svg" && fmt != "png" && fmt != "pdf" && fmt != "dot")
            throw UsageError("--format " + fmt + ": expected svg, png, pdf or dot");
        MapOptions o;
        o.view = parse_map_view(view);
        o.layout = layout;
        o.theme = parse_map_theme(theme);
        o.aspect = aspect;
        o.size_by = parse_size_by(size_by);
        o.top = top;
        o.around = around;
        o.depth = depth;
        o.what_if = what_if;
        o.min_weight = min_weight;
        o.offers = !no_offers;
        o.ties = !no_ties;
        o.title = title;
        o.dpi = dpi;
        o.width_px = width;
        if (width && fmt != "png") throw UsageError("--width applies to PNG output; for " + fmt + " the drawing scales");
        std::string source;
        for (const auto& f : in.files) source += (source.empty() ? "" : ", ") + f.substr(f.find_last_of('/') + 1);
        o.source = source;
        GraphOptions go = filters.graph_options();
        o.filters = "deals " + filters.status + (filters.rollup ? ", rolled up" : "");
        Dataset& data = keep_until_exit(load_or_fail(in));
        auto r = render_map(data, go, o, fmt);
        write_file_atomic(output, r.data);
        if (output != "-" && !in.quiet)
            std::cerr << "dealgraph: wrote " << output << " (" << view << " view, " << r.nodes << " nodes, " << r.edges
                      << " lines, " << r.engine << " layout)\n";
    }
};

}  // namespace

void add_render(CLI::App& app) {
    auto c = std::make_shared<RenderCommand>();
    c->add(app)->callback([c] { c->run(); });
}

}  // namespace dealgraph::cli
