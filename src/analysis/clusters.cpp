#include "dealgraph/analysis/clusters.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/model/timing.hpp"
#include "parallel.hpp"

namespace dealgraph {
namespace {

// Groups nodes by component id; `origin` maps to bipartite nodes (identity if empty).
std::vector<Component> group(const std::vector<std::uint32_t>& comp, const std::vector<std::uint32_t>& origin) {
    std::vector<Component> out;
    for (std::uint32_t v = 0; v < comp.size(); ++v) {
        if (comp[v] >= out.size()) out.resize(comp[v] + 1);
        out[comp[v]].members.push_back(origin.empty() ? v : origin[v]);
    }
    // Components are numbered by smallest member, so a stable sort by size keeps that order for ties.
    std::stable_sort(out.begin(), out.end(),
                     [](const Component& a, const Component& b) { return a.members.size() > b.members.size(); });
    for (std::uint32_t i = 0; i < out.size(); ++i) out[i].id = i;
    return out;
}

// The best run so far: highest modularity, ties to the lowest run index.
struct Best {
    std::optional<CommunityResult> result;
    std::uint32_t run = 0;
    void offer(CommunityResult&& r, std::uint32_t index) {
        if (!result || r.modularity > result->modularity ||
            (r.modularity == result->modularity && index < run)) {
            result = std::move(r);
            run = index;
        }
    }
};

}  // namespace

CommunityResult best_leiden(const CsrView& graph, const LeidenOptions& options, std::uint32_t runs,
                            unsigned threads, std::uint64_t* best_seed,
                            const std::function<void(std::uint32_t, std::uint32_t)>& on_run) {
    runs = std::max(1u, runs);
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min<unsigned>(threads, runs);
    std::vector<Best> bests(threads);
    std::mutex done_mutex;  // one on_run call at a time, with the count in order
    std::uint32_t done = 0;
    detail::parallel_jobs(runs, threads, [&](unsigned t, std::uint32_t r) {
        LeidenOptions lo = options;
        lo.seed = options.seed + r;
        bests[t].offer(leiden(graph, lo), r);
        if (on_run) {
            std::lock_guard lock(done_mutex);
            on_run(++done, runs);
        }
    });
    Best best;
    for (auto& b : bests)
        if (b.result) best.offer(std::move(*b.result), b.run);
    if (best_seed) *best_seed = options.seed + best.run;
    return std::move(*best.result);
}

std::string leiden_runs_done(std::uint32_t done, std::uint32_t runs) {
    return std::to_string(done) + " of " + std::to_string(runs) + " Leiden runs done";
}

Clusters clusters(const BipartiteGraph& g, const ClusterOptions& o) {
    Clusters c;
    const ClusterParts& p = o.parts;
    if (p.components) c.bipartite_components = group(g.components(), {});
    if (p.components || p.communities || p.kcore) {
        c.projection = project(g, o.projection);
        CsrView view = c.projection.view();
        if (p.components) {
            PhaseTimer timer("projection components");
            c.projection_components = group(connected_components(view), c.projection.origin);
        }
        if (p.communities) {
            PhaseTimer timer("leiden runs");
            c.communities = best_leiden(view, o.leiden, o.runs, o.threads, &c.best_seed, o.on_leiden_run);
            for (auto& com : c.communities.communities)
                for (auto& m : com.members) m = c.projection.origin[m];
        }
        if (p.kcore) {
            CsrView topo = view;
            topo.weights = {};
            c.core = core_numbers(topo);
        }
    }
    if (p.syndicates) c.syndicates = find_syndicates(g, o.syndicates);
    return c;
}

}  // namespace dealgraph
