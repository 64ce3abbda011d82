#pragma once
// Phase timings for benchmarks and profiling, off unless asked for.

#include <chrono>
#include <string>

namespace dealgraph {

/// Times one phase of a run. When the environment variable DEALGRAPH_TIMINGS is set (to
/// anything), the destructor prints `dealgraph: timing: NAME 0.123456 s` to standard error;
/// otherwise it does nothing. `scripts/bench` reads these lines to time a step without the
/// loading around it. Not for tests: wall time is never asserted.
class PhaseTimer {
public:
    explicit PhaseTimer(std::string name);
    ~PhaseTimer();
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

    /// Whether DEALGRAPH_TIMINGS is set (read once).
    [[nodiscard]] static bool enabled() noexcept;

private:
    std::string name_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace dealgraph
