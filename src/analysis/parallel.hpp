#pragma once
// Independent jobs over the cores: an internal helper of the analysis module.

#include <algorithm>
#include <atomic>
#include <chrono>
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

/// A second thread kept for a loop of short rounds (an iteration of PageRank, say),
/// where starting a thread per round would cost more than the round saves (0.2-0.3 ms
/// with its join on the benchmark VM, against a few microseconds here). `run()` has the
/// helper call `work` once and returns at once; `wait()` returns when that call is
/// done, its writes visible. The helper spins a little before it sleeps, as rounds
/// follow one another closely. `work` must not throw.
template <class Work>
class RoundHelper {
public:
    explicit RoundHelper(Work& work) : work_(work), thread_([this] { loop(); }) {}
    ~RoundHelper() {
        stop_.store(true, std::memory_order_relaxed);
        go_.fetch_add(1, std::memory_order_release);
        go_.notify_one();
        thread_.join();
    }
    RoundHelper(const RoundHelper&) = delete;
    RoundHelper& operator=(const RoundHelper&) = delete;

    void run() {
        go_.fetch_add(1, std::memory_order_release);
        go_.notify_one();
    }
    void wait() { await(done_, go_.load(std::memory_order_relaxed)); }

private:
    // Until `a` reaches `want` (both count rounds, and only go up): spinning for up to
    // `spin_for`, then asleep.
    static void await(std::atomic<std::uint64_t>& a, std::uint64_t want) {
        const auto until = std::chrono::steady_clock::now() + spin_for;
        for (unsigned k = 1;; ++k) {
            if (a.load(std::memory_order_acquire) >= want) return;
            if (k % 64 == 0 && std::chrono::steady_clock::now() > until) break;
        }
        for (std::uint64_t now; (now = a.load(std::memory_order_acquire)) < want;) a.wait(now, std::memory_order_acquire);
    }
    void loop() {
        for (std::uint64_t round = 1;; ++round) {
            await(go_, round);
            if (stop_.load(std::memory_order_relaxed)) return;
            work_();
            done_.store(round, std::memory_order_release);
            done_.notify_one();
        }
    }

    // Longer than the caller's work between two rounds on the graphs that use this (a
    // PageRank iteration's sums: about 0.1 ms at 200k arcs), so that neither side sleeps
    // between rounds: waking a thread costs tens of microseconds on a VM.
    static constexpr std::chrono::microseconds spin_for{300};
    Work& work_;
    std::atomic<std::uint64_t> go_{0}, done_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;  // last: started once the rest is ready
};

}  // namespace dealgraph::detail
