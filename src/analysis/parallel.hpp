#pragma once
// Independent jobs over the cores: an internal helper of the analysis module.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace dealgraph::detail {

/// Runs `job(thread, index)` for every index in [0, count) on up to `threads` threads
/// (0: one per core), each thread taking the next index when it is free; `thread` in
/// [0, threads) names the thread, for per-thread state. Callers that keep each job's
/// result in its own slot get the same results whatever the number of threads. An
/// exception stops the handing out of further jobs; after all threads are done, the
/// one of the lowest index is rethrown.
template <class Job>
void parallel_jobs(std::uint32_t count, unsigned threads, Job&& job) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::max(1u, std::min<unsigned>(threads, count));
    std::atomic<std::uint32_t> next{0};
    std::vector<std::exception_ptr> errors(count);
    auto worker = [&](unsigned t) {
        for (std::uint32_t i; (i = next.fetch_add(1)) < count;) {
            try {
                job(t, i);
            } catch (...) {
                errors[i] = std::current_exception();
                next = count;  // no point in starting more
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace dealgraph::detail
