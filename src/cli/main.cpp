// dealgraph command line: argument wiring only; the work is in the library.

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "dealgraph/analysis/summary.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/report/summary_view.hpp"
#include "dealgraph/version.hpp"

namespace dealgraph::cli {
namespace {

std::string render(const Table& t, const nlohmann::ordered_json& j, OutputFormat f) {
    switch (f) {
        case OutputFormat::json: return j.dump(2) + '\n';
        case OutputFormat::csv: return t.to_csv();
        case OutputFormat::md: return t.to_markdown();
        case OutputFormat::table: break;
    }
    return t.to_text();
}

struct SummaryCommand {
    InputOptions in;
    FilterOptions filters;
    OutputOptions out;

    void add(CLI::App& app) {
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
        cmd->callback([this] { run(); });
    }

    void run() {
        GraphOptions go = filters.graph_options();
        OutputFormat fmt = out.resolve();
        Dataset data = load_or_fail(in);
        Diagnostics warn;
        auto g = BipartiteGraph::build(data, go, &warn);
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

    void add(CLI::App& app) {
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
        cmd->callback([this] { run(); });
    }

    void run() {
        Diagnostics diag(max_errors);
        LoadOptions opts;
        opts.keep_placeholders = keep_placeholders;
        Dataset data = load_files(files, opts, diag);
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

    void add(CLI::App& app) {
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
        cmd->callback([this] { run(); });
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
        Dataset data = load_or_fail({files, keep_placeholders, quiet});
        if (fmt == "json") {
            write_file_atomic(output, to_json(data));
            return;
        }
        std::vector<std::string> dropped;
        std::string csv = to_csv(data, &dropped);
        write_file_atomic(output, csv);
        if (!quiet)
            for (const auto& d : dropped) std::cerr << "dealgraph: warning: CSV cannot hold " << d << "; dropped\n";
    }
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dealgraph: maps who funds whom. Loads venture deals into an investor/startup graph\n"
                 "and reports on it.",
                 "dealgraph"};
    app.set_version_flag("--version", std::string("dealgraph ") + dealgraph::version);
    app.require_subcommand(1);
    app.footer("Run 'dealgraph COMMAND --help' for a command's options and an example.\n"
               "Exit status: 0 success, 1 usage error, 2 invalid input, 3 output not written.\n"
               "Input formats: docs/FORMAT.md.");
    SummaryCommand summary;
    ValidateCommand validate;
    ConvertCommand convert;
    summary.add(app);
    validate.add(app);
    convert.add(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? Exit::ok : Exit::usage;
    } catch (const InputFailed&) {
        return Exit::invalid_input;
    } catch (const UsageError& e) {
        std::cerr << "dealgraph: " << e.what() << '\n';
        return Exit::usage;
    } catch (const InputError& e) {
        std::cerr << "dealgraph: error: " << e.what() << '\n';
        return Exit::invalid_input;
    } catch (const OutputError& e) {
        std::cerr << "dealgraph: " << e.what() << '\n';
        return Exit::output_failed;
    } catch (const std::bad_alloc&) {
        std::cerr << "dealgraph: out of memory\n";
        return Exit::internal;
    } catch (const std::exception& e) {
        std::cerr << "dealgraph: internal error: " << e.what() << '\n';
        return Exit::internal;
    }
    return Exit::ok;
}

}  // namespace dealgraph::cli

int main(int argc, char** argv) { return dealgraph::cli::main(argc, argv); }
