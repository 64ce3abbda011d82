// generate: synthetic deal data for scale tests (being written).

#include "commands.hpp"

namespace dealgraph::cli {

void add_generate(CLI::App&) {}

}  // namespace dealgraph::cli
