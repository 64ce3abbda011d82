// A tiny program built against the installed dealgraph package.
#include <dealgraph/analysis/summary.hpp>
#include <dealgraph/ingest/load.hpp>
#include <dealgraph/version.hpp>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) return 1;
    dealgraph::Diagnostics diag;
    auto data = dealgraph::load_files({argv[1]}, {}, diag);
    if (diag.has_errors()) return 2;
    auto g = dealgraph::BipartiteGraph::build(data, {});
    auto s = dealgraph::summarize(data, g);
    std::cout << "dealgraph " << dealgraph::version << ": " << s.investors << " investors, " << s.startups
              << " startups, " << s.edges << " edges\n";
    return 0;
}
