// report: the whole briefing pack, and a summary on the terminal.

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/report/briefing.hpp"

namespace dealgraph::cli {
namespace {

struct ReportCommand {
    InputOptions in;
    FilterOptions filters;
    std::string out;
    bool force = false, no_rollup = false;
    std::size_t top = 10;
    std::size_t map_top = 0;
    int width = 1600;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("report", "The briefing pack: an HTML page, Markdown, JSON, CSV tables and "
                                                 "maps in one folder");
        in.add_to(*cmd);
        filters.add_to(*cmd);
        cmd->add_option("-o,--out", out, "The report folder (built beside it and renamed into place)")
            ->required()
            ->type_name("DIR");
        cmd->add_flag("--force", force, "Replace the folder even if it holds something other than a report");
        cmd->add_flag("--no-rollup", no_rollup, "Concentration and co-investment without rolling corporate arms "
                                                "up to their parents");
        cmd->add_option("--top", top, "Rows per ranking")->default_str("10")->check(CLI::Range(0, 10000000));
        cmd->add_option("--map-top", map_top, "Nodes per map (as render --top; default: each view's own, "
                                              "e.g. ecosystem 200)")
            ->type_name("N")
            ->check(CLI::Range(0, 10000000));
        cmd->add_option("--width", width, "Width of the PNG maps in pixels")->default_str("1600");
        cmd->footer(
            "Writes DIR/report.html (one self-contained page: maps inline, tables sortable by clicking a\n"
            "header, prints cleanly), DIR/report.md, DIR/report.json (every figure, the tool version,\n"
            "input checksums and options), DIR/tables/*.csv and DIR/maps/*.{svg,png,dot}; then prints a\n"
            "summary. A folder that is not empty and holds no earlier report is not replaced without\n"
            "--force. Offers and talks in the data (proposed, rejected, negotiating) each get a what-if.\n\n"
            "Example:\n  dealgraph report data/ai-deals.json --out out/ai-ecosystem");
        return cmd;
    }

    void run() {
        ReportOptions o;
        o.out = out;
        o.force = force;
        o.graph = filters.graph_options();
        o.concentration_rollup = !no_rollup;
        o.filters = filters.describe();
        o.inputs = in.files;
        o.top = top;
        o.map_width = width;
        o.map_top = map_top;
        Dataset& data = keep_until_exit(load_or_fail(in));
        Progress progress(!in.quiet && ::isatty(STDERR_FILENO));  // a line for each step, on a terminal
        o.progress = [&](const std::string& s) { progress.step(s); };
        o.progress_detail = [&](const std::string& s) { progress.detail(s); };
        auto r = write_report(data, o);
        progress.stop();
        if (in.quiet) {
            std::cout << r.path << '\n';
            return;
        }
        std::cout << "Most central investors (co-investment PageRank):\n";
        for (const auto& [name, v] : r.top_investors) std::printf("  %-40s %.4f\n", name.c_str(), v);
        if (!r.largest_syndicate.empty()) std::cout << "Largest syndicate:\n  " << r.largest_syndicate << '\n';
        if (!r.dependent_startups.empty()) {
            std::cout << "Most dependent startups (one investor holds half or more of the capital):\n";
            for (const auto& s : r.dependent_startups) std::cout << "  " << s << '\n';
        }
        std::cout << "Concentration:\n";
        for (const auto& f : r.flags) std::cout << "  " << f << '\n';
        std::cout << "Report: " << r.path << '\n';
    }
};

}  // namespace

void add_report(CLI::App& app) {
    auto c = std::make_shared<ReportCommand>();
    c->add(app)->callback([c] { c->run(); });
}

}  // namespace dealgraph::cli
