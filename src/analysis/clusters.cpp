#include "dealgraph/analysis/clusters.hpp"

#include <algorithm>

#include "dealgraph/analysis/centrality.hpp"

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

}  // namespace

Clusters clusters(const BipartiteGraph& g, const ClusterOptions& o) {
    Clusters c;
    c.bipartite_components = group(g.components(), {});
    c.projection = project(g, o.projection);
    CsrView view = c.projection.view();
    c.projection_components = group(connected_components(view), c.projection.origin);
    for (std::uint32_t r = 0; r < std::max(1u, o.runs); ++r) {
        LeidenOptions lo = o.leiden;
        lo.seed = o.leiden.seed + r;
        auto result = leiden(view, lo);
        if (r == 0 || result.modularity > c.communities.modularity) {
            c.communities = std::move(result);
            c.best_seed = lo.seed;
        }
    }
    for (auto& com : c.communities.communities)
        for (auto& m : com.members) m = c.projection.origin[m];
    CsrView topo = view;
    topo.weights = {};
    c.core = core_numbers(topo);
    c.syndicates = find_syndicates(g, o.syndicates);
    return c;
}

}  // namespace dealgraph
