#pragma once
// `dealgraph report`: the whole briefing pack in one folder: report.html (one
// self-contained page), report.md, report.json, tables/*.csv and maps/*.{svg,png,dot}.

#include <functional>
#include <string>
#include <vector>

#include "dealgraph/graph/bipartite.hpp"

namespace dealgraph {

struct ReportOptions {
    std::string out;                 // the report folder
    bool force = false;              // replace a non-empty folder that is not a report
    GraphOptions graph;              // what counts (status, dates, roll-up, attribution)
    bool concentration_rollup = true;  // concentration with investors rolled up (as the command)
    std::string filters;             // what was counted, in words
    std::vector<std::string> inputs; // the files read, for checksums and the subtitle
    std::size_t top = 10;            // rows per ranking
    int map_width = 1600;            // PNG width in pixels
    std::size_t map_top = 0;         // nodes per map (MapOptions::top); 0: each view's default
    /// Called with each step's name as it starts ("" when all are done).
    std::function<void(const std::string&)> progress;
    /// Called with how far a long step has got ("2 of 5 Leiden runs done"), from any
    /// thread but never two calls at once.
    std::function<void(const std::string&)> progress_detail;
};

/// What the terminal summary prints.
struct ReportSummary {
    std::string path;                                 // report.html
    std::vector<std::pair<std::string, double>> top_investors;  // by PageRank
    std::string largest_syndicate;
    std::vector<std::string> dependent_startups;      // "Scale AI: Meta 90.6%"
    std::vector<std::string> flags;
};

/// Computes everything and writes the folder: built in a temporary folder beside
/// `out` and renamed into place, so a half-written report never exists. Refuses
/// (OutputError) to replace a non-empty folder that holds no previous report unless
/// `force`.
ReportSummary write_report(const Dataset& data, const ReportOptions& options);

}  // namespace dealgraph
