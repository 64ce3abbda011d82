// summary, validate, convert: loading and checking data.

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/analysis/summary.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/report/summary_view.hpp"

namespace dealgraph::cli {
namespace {

struct SummaryCommand {
    InputOptions in;
    FilterOptions filters;
    OutputOptions out;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("summary", "Headline counts: investors, startups, deals, capital, components");
        in.add_to(*cmd);
        filters.add_to(*cmd);
        out.add_to(*cmd);
        cmd->footer(
            "Counts follow the filters: deals counted are those with a counted status (default closed,announced)\n"
            "and in the date window; participations are (deal, investor) pairs; edges are distinct\n"
            "(investor, startup) pairs; capital_usd is the capital attributed to named investors.\n"
            "by_status counts every deal loaded, counted or not.\n\n"
            "Example:\n  dealgraph summary data/ai-deals.json --rollup\n"
            "  dealgraph summary investments.csv --from 2010 --output json");
        return cmd;
    }

    void run() {
        GraphOptions go = filters.graph_options();
        OutputFormat fmt = out.resolve();
        Dataset& data = keep_until_exit(load_or_fail(in));
        Diagnostics warn;
        auto& g = keep_until_exit(BipartiteGraph::build(data, go, &warn));
        if (!in.quiet) print_diagnostics(warn, 20);
        Summary s = summarize(data, g);
        auto j = summary_json(s);
        std::string text = render(summary_table(s, fmt == OutputFormat::csv), j, fmt);
        if (fmt == OutputFormat::table) {
            std::string head = data.title.empty() ? std::string() : data.title + "\n";
            text = head + "counted: " + filters.describe() + "\n\n" + text;
        }
        write_file_atomic("-", text);
    }
};

struct ValidateCommand {
    std::vector<std::string> files;
    std::size_t max_errors = 100;
    bool keep_placeholders = false;
    bool quiet = false;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("validate", "Check deal files and list every problem found");
        cmd->add_option("FILE", files, "Deal files: native JSON or flat CSV")->required()->type_name("PATH");
        cmd->add_option("--max-errors", max_errors, "Stop after this many errors")->default_val(100)->check(
            CLI::PositiveNumber);
        cmd->add_flag("--keep-placeholders", keep_placeholders, "Treat placeholder investors as real");
        cmd->add_flag("-q,--quiet", quiet, "List errors only, not warnings");
        cmd->footer(
            "Each problem is printed as FILE:LINE[:COLUMN]: error|warning: message.\n"
            "Exit status: 0 valid (warnings allowed), 2 invalid, 1 usage error.\n\n"
            "Example:\n  dealgraph validate data/ai-deals.json my-deals.csv");
        return cmd;
    }

    void run() {
        Diagnostics diag(max_errors);
        LoadOptions opts;
        opts.keep_placeholders = keep_placeholders;
        Dataset& data = keep_until_exit(load_files(files, opts, diag));
        for (const auto& d : diag.list())
            if (d.severity == Severity::error || !quiet) std::cout << d.format() << '\n';
        if (diag.error_count() > max_errors)
            std::cout << "... stopped after " << max_errors << " errors\n";
        std::size_t participations = 0;
        for (const auto& d : data.deals) participations += d.investors.size();
        std::cout << (diag.has_errors() ? "invalid: " : "valid: ") << data.entities.size() << " entities, "
                  << data.deals.size() << " deals, " << participations << " participations, " << data.ties.size()
                  << " ties; " << diag.error_count() << " errors, " << diag.warning_count() << " warnings\n";
        if (diag.has_errors()) throw InputFailed{};
    }
};

struct ConvertCommand {
    std::vector<std::string> files;
    std::string output;
    std::string format;
    bool keep_placeholders = false;
    bool quiet = false;

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("convert", "Convert deal files between native JSON and flat CSV");
        cmd->add_option("FILE", files, "Input files (merged)")->required()->type_name("PATH");
        cmd->add_option("-o,--out", output, "Output file; its extension (.json or .csv) picks the format; - for "
                                           "standard output")
            ->required();
        cmd->add_option("--format", format, "json or csv, when the output name does not tell");
        cmd->add_flag("--keep-placeholders", keep_placeholders, "Keep placeholder investors as entities");
        cmd->add_flag("-q,--quiet", quiet, "Do not print warnings");
        cmd->footer(
            "CSV holds one row per participation; entity details (type, parent, sectors), sources and ties\n"
            "do not fit it and are dropped with a warning. The output is written to a temporary file and\n"
            "renamed into place, so an existing file is replaced only by a complete one.\n\n"
            "Example:\n  dealgraph convert data/ai-deals.json -o ai-deals.csv\n"
            "  dealgraph convert investments.csv -o investments.json");
        return cmd;
    }

    void run() {
        std::string fmt = format;
        if (fmt.empty()) {
            if (output.ends_with(".json")) fmt = "json";
            else if (output.ends_with(".csv")) fmt = "csv";
            else throw UsageError("--out " + output + ": cannot tell the format from the name; expected a .json "
                                  "or .csv name, or --format json|csv");
        }
        if (fmt != "json" && fmt != "csv") throw UsageError("--format " + fmt + ": expected json or csv");
        Dataset& data = keep_until_exit(load_or_fail({files, keep_placeholders, quiet}));
        // Written as it is made: at market scale the text is gigabytes.
        AtomicFile file(output);
        auto write = [&file](std::string_view piece) { file.write(piece); };
        if (fmt == "json") {
            write_json(data, write);
            file.commit();
            return;
        }
        std::vector<std::string> dropped;
        write_csv(data, write, &dropped);
        file.commit();
        if (!quiet)
            for (const auto& d : dropped) std::cerr << "dealgraph: warning: CSV cannot hold " << d << "; dropped\n";
    }
};

template <class Command>
void add_command(CLI::App& app) {
    auto c = std::make_shared<Command>();
    c->add(app)->callback([c] { c->run(); });
}

}  // namespace

void add_summary(CLI::App& app) { add_command<SummaryCommand>(app); }
void add_validate(CLI::App& app) { add_command<ValidateCommand>(app); }
void add_convert(CLI::App& app) { add_command<ConvertCommand>(app); }

}  // namespace dealgraph::cli
