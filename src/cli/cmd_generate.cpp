// generate: synthetic deal data for scale tests and benchmarks.

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/ingest/generate.hpp"

namespace dealgraph::cli {
namespace {

struct GenerateCommand {
    GenerateOptions options;
    std::string output = "-";

    CLI::App* add(CLI::App& app) {
        auto* cmd = app.add_subcommand("generate", "Synthetic deals for scale tests: a flat CSV with heavy-tailed "
                                                   "investor activity");
        cmd->add_option("--rows", options.rows, "Participations (CSV rows) to write")
            ->default_val(100000)
            ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
        cmd->add_option("--seed", options.seed, "Seed: the same seed gives the same bytes")->default_val(1);
        cmd->add_option("-o,--out", output, "Output file (written whole or not at all); - for standard output")
            ->default_str("-");
        cmd->footer(
            "Rows are (deal, investor) participations: deal_id,startup,investor,date,round,amount_usd,lead.\n"
            "About rows/6 startups with 1-10 rounds each, 1-40 investors per round (most 1-3), investors\n"
            "drawn with heavy-tailed activity from rows/8, 25% of rounds without an amount, dates from\n"
            "2000 on. Deterministic for a seed on every compiler (see include/dealgraph/ingest/generate.hpp).\n\n"
            "Example:\n  dealgraph generate --rows 1000000 --seed 7 -o deals-1m.csv\n"
            "  dealgraph summary deals-1m.csv");
        return cmd;
    }

    void run() { write_file_atomic(output, generate_deals_csv(options)); }
};

}  // namespace

void add_generate(CLI::App& app) {
    auto c = std::make_shared<GenerateCommand>();
    c->add(app)->callback([c] { c->run(); });
}

}  // namespace dealgraph::cli
