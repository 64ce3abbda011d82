#pragma once
// Options and steps shared by every command: input files, filters, output format.

#include <CLI/CLI.hpp>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/ingest/load.hpp"
#include "dealgraph/report/output.hpp"

namespace dealgraph::cli {

/// Exit codes, in one place.
enum Exit : int { ok = 0, usage = 1, invalid_input = 2, output_failed = 3, internal = 4 };

/// Input failed to load; the diagnostics were already printed.
struct InputFailed {};

struct InputOptions {
    std::vector<std::string> files;
    bool keep_placeholders = false;
    bool quiet = false;
    void add_to(CLI::App& cmd);
};

struct FilterOptions {
    std::string status = "closed,announced";
    std::string from, to, as_of;
    bool rollup = false;
    std::string attribution = "equal";
    void add_to(CLI::App& cmd);
    /// Throws UsageError for a bad value.
    [[nodiscard]] GraphOptions graph_options() const;
    /// One line saying what counts, for output headers.
    [[nodiscard]] std::string describe() const;
};

struct OutputOptions {
    std::string format;  // empty: table on a terminal, json otherwise
    void add_to(CLI::App& cmd);
    [[nodiscard]] OutputFormat resolve() const;
};

/// Loads the files, printing warnings (unless quiet) and errors to stderr; throws
/// InputFailed when any error was found.
Dataset load_or_fail(const InputOptions& in);

/// Renders a result: JSON as given, else the table as text, CSV or Markdown; `heading`
/// goes above a text table only.
std::string render(const Table& table, const nlohmann::ordered_json& json, OutputFormat format,
                   const std::string& heading = "");

/// Input, filters, output format and `-o FILE`: what the analysis commands share.
struct GraphCommon {
    InputOptions in;
    FilterOptions filters;
    OutputOptions out;
    std::string output_file = "-";

    void add_to(CLI::App& cmd);
    /// Loads `in` into `data` and builds the graph with the filters, printing warnings.
    BipartiteGraph graph(Dataset& data) const;
    /// --output, else the extension of -o (.json, .csv, .md), else table on a terminal.
    [[nodiscard]] OutputFormat format() const;
    /// Title of the data and what was counted, for the top of a text table.
    [[nodiscard]] std::string heading(const Dataset& data) const;
};

/// "investors" or "startups" for `flag`; throws UsageError otherwise.
Side parse_side(const std::string& text, const char* flag);

/// A default --top: 25 rows for people (table, md), everything for machines.
std::size_t default_top(int top, OutputFormat format);

/// Prints diagnostics to stderr: errors all, warnings up to `max_warnings`.
void print_diagnostics(const Diagnostics& diag, std::size_t max_warnings);

}  // namespace dealgraph::cli
