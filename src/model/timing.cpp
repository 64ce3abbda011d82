#include "dealgraph/model/timing.hpp"

#include <cstdio>
#include <cstdlib>

namespace dealgraph {

bool PhaseTimer::enabled() noexcept {
    static const bool on = std::getenv("DEALGRAPH_TIMINGS") != nullptr;
    return on;
}

PhaseTimer::PhaseTimer(std::string name) {
    if (!enabled()) return;
    name_ = std::move(name);
    start_ = std::chrono::steady_clock::now();
}

PhaseTimer::~PhaseTimer() {
    if (!enabled()) return;
    std::chrono::duration<double> s = std::chrono::steady_clock::now() - start_;
    std::fprintf(stderr, "dealgraph: timing: %s %.6f s\n", name_.c_str(), s.count());
}

}  // namespace dealgraph
