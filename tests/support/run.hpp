#pragma once
// Runs the built dealgraph binary as a user would, capturing exit code and output.

#include <string>
#include <vector>

namespace dealgraph::test {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    long long max_rss_bytes = 0;  // the run's largest resident set (its own, from wait4)
};

/// Runs DEALGRAPH_BIN with these arguments; `stdin_text` is fed to standard input.
RunResult run_dealgraph(const std::vector<std::string>& args, const std::string& stdin_text = "");

/// Runs DEALGRAPH_BIN with standard error on a pseudo-terminal (as on a user's
/// terminal, where progress lines show) and `env` ("NAME=VALUE") added to the
/// environment; `err` is what the terminal received.
RunResult run_dealgraph_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& env);

/// A fresh empty folder for one test, under the build tree.
std::string temp_dir(const std::string& name);
/// Writes a file and returns its path.
std::string write_file(const std::string& dir, const std::string& name, const std::string& content);
std::string read_file(const std::string& path);

/// Path of a fixture under tests/fixtures.
std::string fixture(const std::string& name);

}  // namespace dealgraph::test
