#pragma once
// Each command registers itself on the application: options, help, and the call to
// the library that does the work.

#include <CLI/CLI.hpp>

namespace dealgraph::cli {

void add_summary(CLI::App& app);
void add_validate(CLI::App& app);
void add_convert(CLI::App& app);
void add_centrality(CLI::App& app);
void add_project(CLI::App& app);
void add_ego(CLI::App& app);
void add_clusters(CLI::App& app);
void add_concentration(CLI::App& app);
void add_generate(CLI::App& app);
void add_render(CLI::App& app);
void add_report(CLI::App& app);

}  // namespace dealgraph::cli
