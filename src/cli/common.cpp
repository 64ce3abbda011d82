#include "common.hpp"

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "dealgraph/model/error.hpp"
#include "dealgraph/model/timing.hpp"

namespace dealgraph::cli {

void InputOptions::add_to(CLI::App& cmd) {
    cmd.add_option("FILE", files, "Deal files: native JSON or flat CSV (several are merged)")
        ->required()
        ->type_name("PATH");
    cmd.add_flag("--keep-placeholders", keep_placeholders,
                 "Keep placeholder investors (\"Undisclosed\", \"Private Investors\") as graph nodes");
    cmd.add_flag("-q,--quiet", quiet, "Do not print warnings");
}

void FilterOptions::add_to(CLI::App& cmd) {
    cmd.add_option("--status", status,
                   "Deal statuses counted, comma-separated, from closed, announced, negotiating, proposed, "
                   "rejected, withdrawn")
        ->default_str("closed,announced")
        ->type_name("LIST");
    cmd.add_option("--from", from, "Count deals dated on or after this date (YYYY[-MM[-DD]]; partial dates are "
                                   "their first day); undated deals are then left out")
        ->type_name("DATE");
    cmd.add_option("--to", to, "Count deals dated on or before this date")->type_name("DATE");
    cmd.add_option("--as-of", as_of,
                   "The network as it stood on this date: every deal dated on or before it (cannot be combined "
                   "with --from or --to)")
        ->type_name("DATE");
    cmd.add_flag("--rollup", rollup,
                 "Merge each investor into its ultimate parent (NVentures into Nvidia, GV into Alphabet)");
    cmd.add_option("--attribution", attribution,
                   "How a round's amount is split among investors without an own amount: equal, or lead=F "
                   "(leads share F of it)")
        ->default_str("equal")
        ->type_name("RULE");
}

namespace {

Date parse_date_option(const char* flag, const std::string& text) {
    auto d = Date::parse(text);
    if (!d)
        throw UsageError(std::string(flag) + ": \"" + text +
                         "\" is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar");
    return *d;
}

}  // namespace

GraphOptions FilterOptions::graph_options() const {
    GraphOptions g;
    g.statuses = StatusSet{};
    std::size_t start = 0;
    while (start <= status.size()) {
        std::size_t end = status.find(',', start);
        if (end == std::string::npos) end = status.size();
        std::string word = status.substr(start, end - start);
        auto s = enum_from_name<DealStatus>(deal_status_names, word);
        if (!s)
            throw UsageError("--status " + status + ": " + (word.empty() ? "an empty name" : "\"" + word + "\"") +
                             " is not a status; expected a comma-separated list of closed, announced, negotiating, "
                             "proposed, rejected, withdrawn");
        g.statuses.insert(*s);
        start = end + 1;
    }
    if (!as_of.empty() && (!from.empty() || !to.empty()))
        throw UsageError("--as-of cannot be combined with --from or --to; use --from/--to for a window");
    if (!from.empty()) g.from = parse_date_option("--from", from);
    if (!to.empty()) g.to = parse_date_option("--to", to);
    if (!as_of.empty()) g.to = parse_date_option("--as-of", as_of);
    if (g.from && g.to && g.to->key() < g.from->key())
        throw UsageError("--from " + from + " is after --to " + to + "; expected a window that is not empty");
    g.rollup = rollup;
    g.attribution = Attribution::parse(attribution);
    return g;
}

std::string FilterOptions::describe() const {
    std::string d = "statuses " + status;
    if (!from.empty()) d += ", from " + from;
    if (!to.empty()) d += ", to " + to;
    if (!as_of.empty()) d += ", as of " + as_of;
    d += rollup ? ", rolled up to parents" : ", no roll-up";
    d += ", attribution " + attribution;
    return d;
}

void OutputOptions::add_to(CLI::App& cmd) {
    cmd.add_option("--output", format, "Output format: table, json, csv or md (default: table on a terminal, "
                                       "json otherwise)")
        ->type_name("FORMAT");
}

OutputFormat OutputOptions::resolve() const {
    if (!format.empty()) return parse_output_format(format);
    return ::isatty(STDOUT_FILENO) ? OutputFormat::table : OutputFormat::json;
}

std::string render(const Table& t, const nlohmann::ordered_json& j, OutputFormat f, const std::string& heading) {
    switch (f) {
        case OutputFormat::json: return j.dump(2) + '\n';
        case OutputFormat::csv: return t.to_csv();
        case OutputFormat::md: return t.to_markdown();
        case OutputFormat::table: break;
    }
    return heading + t.to_text();
}

void GraphCommon::add_to(CLI::App& cmd) {
    in.add_to(cmd);
    filters.add_to(cmd);
    out.add_to(cmd);
    cmd.add_option("-o,--out", output_file, "Write to this file instead of standard output (written whole or not "
                                            "at all)")
        ->type_name("PATH");
}

namespace {
Progress* live_progress = nullptr;  // the one enabled, if any (used from the main thread only)
}

Progress::Progress(bool enabled) : enabled_(enabled) {
    if (!enabled_) return;
    thread_ = std::thread([this] { loop(); });
    live_progress = this;
}

void Progress::stop_live() {
    if (live_progress) live_progress->stop();
}

Progress::~Progress() { stop(); }

void Progress::step(const std::string& name) {
    if (!enabled_) return;
    std::lock_guard lock(m_);
    clear();
    name_ = name;
    detail_.clear();
    start_ = std::chrono::steady_clock::now();
}

void Progress::detail(const std::string& text) {
    if (!enabled_) return;
    {
        std::lock_guard lock(m_);
        detail_ = text;
    }
    cv_.notify_all();  // shown at once, not at the next tick
}

void Progress::stop() {
    if (!enabled_) return;
    {
        std::lock_guard lock(m_);
        done_ = true;
        clear();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    enabled_ = false;
    if (live_progress == this) live_progress = nullptr;
}

void Progress::clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
}

void Progress::loop() {
    // A step shows once it has taken a second; DEALGRAPH_PROGRESS_AFTER=SECONDS changes
    // that (the tests show every step at once).
    double after = 1.0;
    if (const char* e = std::getenv("DEALGRAPH_PROGRESS_AFTER")) after = std::strtod(e, nullptr);
    std::unique_lock lock(m_);
    while (!done_) {
        cv_.wait_for(lock, std::chrono::milliseconds(200));
        if (done_ || name_.empty()) continue;
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        if (s < after) continue;
        std::fprintf(stderr, "\r\033[K%s%s%s (%.0f s)", name_.c_str(), detail_.empty() ? "" : ": ",
                     detail_.c_str(), s);
        std::fflush(stderr);
        shown_ = true;
    }
}

Progress& GraphCommon::progress() const {
    if (!progress_) progress_ = std::make_unique<Progress>(!in.quiet && ::isatty(STDERR_FILENO));
    return *progress_;
}

void GraphCommon::done() const {
    if (progress_) progress_->stop();
}

namespace {

// Frees the deals and ties; on big inputs the freed heap pages go back to the system too
// (malloc_trim also gives back the top of the heap, which small runs keep for its huge
// pages: see prefer_huge_pages in main.cpp).
void release_deals(Dataset& data) {
    PhaseTimer timer("releasing the deals");
    std::size_t deals = data.deals.size();
    std::vector<Deal>().swap(data.deals);
    std::vector<Tie>().swap(data.ties);
#if defined(__GLIBC__)
    if (deals >= 250'000) ::malloc_trim(0);
#else
    (void)deals;
#endif
}

}  // namespace

void GraphCommon::writing() const {
    if (output_file == "-")
        done();
    else
        progress().step("writing " + output_file);
}

BipartiteGraph GraphCommon::graph(Dataset& data, AfterGraph after) const {
    GraphOptions go = filters.graph_options();
    progress().step("loading " + (in.files.size() == 1 ? in.files.front() : std::to_string(in.files.size()) + " files"));
    try {
        data = load_or_fail(in, &progress());
    } catch (...) {
        done();
        throw;
    }
    progress().step("building the graph");
    Diagnostics warn;
    auto g = BipartiteGraph::build(data, go, &warn);
    if (after == AfterGraph::title_only) release_deals(data);
    progress().step("");
    if (!in.quiet) print_diagnostics(warn, 20);
    return g;
}

OutputFormat GraphCommon::format() const {
    if (out.format.empty() && output_file != "-") {
        if (output_file.ends_with(".json")) return OutputFormat::json;
        if (output_file.ends_with(".csv")) return OutputFormat::csv;
        if (output_file.ends_with(".md")) return OutputFormat::md;
    }
    return out.resolve();
}

std::string GraphCommon::heading(const Dataset& data) const {
    return (data.title.empty() ? std::string() : data.title + "\n") + "counted: " + filters.describe() + "\n";
}

Side parse_side(const std::string& text, const char* flag) {
    if (text == "investors") return Side::investor;
    if (text == "startups") return Side::startup;
    throw UsageError(std::string(flag) + " " + text + ": expected investors or startups");
}

std::size_t default_top(int top, OutputFormat f) {
    if (top >= 0) return static_cast<std::size_t>(top);
    return f == OutputFormat::table || f == OutputFormat::md ? 25 : 0;
}

void print_diagnostics(const Diagnostics& diag, std::size_t max_warnings) {
    std::size_t warnings = 0, hidden = 0;
    for (const auto& d : diag.list()) {
        if (d.severity == Severity::warning && warnings++ >= max_warnings) {
            ++hidden;
            continue;
        }
        std::cerr << "dealgraph: " << d.format() << '\n';
    }
    if (diag.error_count() > diag.list().size())
        std::cerr << "dealgraph: ... and more errors (" << diag.error_count() << " in all; stopped reading)\n";
    if (hidden) std::cerr << "dealgraph: ... and " << hidden << " more warnings (dealgraph validate lists them)\n";
}

Dataset load_or_fail(const InputOptions& in, Progress* progress) {
    Diagnostics diag(20);
    LoadOptions opts;
    opts.keep_placeholders = in.keep_placeholders;
    Dataset data = load_files(in.files, opts, diag);
    if (progress) progress->step("");  // hide the line while messages are printed
    if (diag.has_errors()) {
        print_diagnostics(diag, 0);
        std::cerr << "dealgraph: invalid input; nothing computed (" << diag.error_count() << " error"
                  << (diag.error_count() == 1 ? "" : "s") << ")\n";
        throw InputFailed{};
    }
    if (!in.quiet) print_diagnostics(diag, 20);
    return data;
}

}  // namespace dealgraph::cli
