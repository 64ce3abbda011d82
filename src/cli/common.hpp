#pragma once
// Options and steps shared by every command: input files, filters, output format.

#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <thread>
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

// AddressSanitizer builds (GCC says so with a macro, clang with __has_feature).
#if defined(__SANITIZE_ADDRESS__)
#define DEALGRAPH_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DEALGRAPH_FREE_AT_EXIT 1
#endif
#endif
/// Moves `value` to the heap for the rest of the process and returns it. A command's
/// data set and graph live until the process ends, which then hands their memory back to
/// the operating system at once, instead of freeing millions of strings one by one (on
/// 10M rows that took 25 s, a third of the run; clang's -disable-free does the same).
/// Builds with AddressSanitizer free them at exit, so leak checks still see everything.
template <class T>
T& keep_until_exit(T&& value) {
#if defined(DEALGRAPH_FREE_AT_EXIT)
    static std::vector<std::shared_ptr<void>> kept;
    auto p = std::make_shared<T>(std::move(value));
    kept.push_back(p);
    return *p;
#else
    return *new T(std::move(value));  // NOLINT(cppcoreguidelines-owning-memory): never deleted, on purpose
#endif
}

/// Loads the files, printing warnings (unless quiet) and errors to stderr; throws
/// InputFailed when any error was found.
class Progress;
Dataset load_or_fail(const InputOptions& in, Progress* progress = nullptr);

/// Renders a result: JSON as given, else the table as text, CSV or Markdown; `heading`
/// goes above a text table only.
std::string render(const Table& table, const nlohmann::ordered_json& json, OutputFormat format,
                   const std::string& heading = "");

/// Shows the step under way on standard error once it has taken over a second, with its
/// elapsed time, on one line that is cleared when the step ends; only when enabled (on a
/// terminal, not --quiet). step("") hides it, e.g. while warnings are printed. detail()
/// adds how far the step has got ("finding clusters: 2 of 5 Leiden runs done (34 s)"),
/// from any thread.
class Progress {
public:
    explicit Progress(bool enabled);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void step(const std::string& name);
    void detail(const std::string& text);
    void stop();
    /// Stops the line that is showing, if any: before an error is printed, which would
    /// otherwise go on the end of the line.
    static void stop_live();

private:
    void clear();
    void loop();

    bool enabled_;
    std::thread thread_;
    std::mutex m_;
    std::condition_variable cv_;
    std::string name_, detail_;
    std::chrono::steady_clock::time_point start_;
    bool shown_ = false;
    bool done_ = false;
};

/// Input, filters, output format and `-o FILE`: what the analysis commands share.
struct GraphCommon {
    InputOptions in;
    FilterOptions filters;
    OutputOptions out;
    std::string output_file = "-";
    mutable std::unique_ptr<Progress> progress_;

    void add_to(CLI::App& cmd);
    /// What of the data set a command still reads once its graph is built.
    enum class AfterGraph { keep_data, title_only };
    /// Loads `in` into `data` and builds the graph with the filters, printing warnings.
    /// With `title_only` the deals and ties are released once the graph has them (it
    /// keeps its own copy of what the analyses read): at 10M participations they are
    /// about 1.8 GB, which the centrality, projection and community steps need for
    /// themselves. Entities, groups and the title stay.
    BipartiteGraph graph(Dataset& data, AfterGraph after = AfterGraph::keep_data) const;
    /// The progress line of this run (loading, building the graph, then the command's own
    /// steps): shown on a terminal unless --quiet.
    Progress& progress() const;
    /// Hides the progress line for good, before the result is printed.
    void done() const;
    /// Before the result is formatted: "writing FILE" with -o FILE (a million ties take
    /// seconds to write), else the line is hidden for good, as stdout may be the terminal.
    void writing() const;
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
