// Exact betweenness with degree-1 folding and twin merging, and sampled betweenness.
// The conventions and references are in betweenness.hpp.

#include "betweenness.hpp"

#include "dealgraph/analysis/centrality.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <thread>
#include <utility>

namespace dealgraph::detail {
namespace {

// Sources are split into lanes of blocks; each lane sums its sources in order and the
// lanes are added in order, so the result does not depend on the number of threads.
constexpr std::uint32_t lanes = 8;
constexpr std::uint32_t block = 64;

unsigned thread_count(unsigned requested) {
    unsigned t = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
    return std::min<unsigned>(t, lanes);
}

/// Runs `work(scratch, lane, lo, hi)` over the blocks [lo, hi) of `blk` of the `count` items: every
/// block of a lane in order on one thread, lanes spread over `threads` threads, each
/// thread with its own `make()` scratch.
template <class Make, class Work>
void run_lanes(std::uint64_t count, unsigned threads, Make&& make, Work&& work, std::uint64_t blk = block) {
    std::atomic<std::uint32_t> next{0};
    auto worker = [&] {
        auto scratch = make();
        for (std::uint32_t lane; (lane = next.fetch_add(1)) < lanes;)
            for (std::uint64_t b = lane; b * blk < count; b += lanes)
                work(scratch, lane, b * blk, std::min<std::uint64_t>(count, b * blk + blk));
    };
    threads = thread_count(threads);
    if (threads <= 1 || count < 2 * blk) {
        worker();
        return;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
}

/// The graph Brandes runs on: nodes are classes of `mult` members, each of which stands
/// for its own node plus the trees folded into it (`weight` in total for the class).
struct ClassGraph {
    std::uint32_t n = 0;
    std::vector<std::uint32_t> offsets{0};
    std::vector<std::uint32_t> targets;
    std::vector<double> mult;
    std::vector<double> weight;
};

/// The input reduced for the shortest-path measures (betweenness.hpp): the class graph,
/// what each class stands for, and the folded trees.
struct Reduced {
    ClassGraph cg;
    std::vector<std::uint32_t> member_off{0}, members;  // each class's nodes, ascending
    std::vector<double> bc;                // cut-vertex pairs of every node (betweenness)
    std::vector<double> extra;             // pairs inside each class, per neighbour class
    std::vector<char> closed;              // per class: closed twins (members 1 apart), else open (2 apart)
    // Folded trees: the children of each node (nodes folded into it), and each node's
    // depth histogram `tree` (tree[v][k]: nodes of the tree hanging from v at depth k,
    // v itself at depth 0).
    std::vector<std::uint32_t> child_off, children;
    std::vector<std::uint32_t> tree_off, tree;
    std::vector<std::uint32_t> class_tree_off, class_tree;  // per class: sum of its members' trees
    std::vector<std::uint32_t> roots;      // nodes left alone: a tree component's root, isolated nodes
    std::uint32_t max_height = 0;          // deepest folded tree
};

// True when no node lists itself or a neighbour twice.
bool is_simple(const CsrView& g) {
    std::vector<std::uint32_t> tmp;
    for (std::uint32_t v = 0; v < g.n; ++v) {
        auto nb = g.neighbors(v);
        bool ascending = true;
        for (std::size_t i = 0; i < nb.size(); ++i) {
            if (nb[i] == v) return false;
            if (i && nb[i] <= nb[i - 1]) ascending = false;
        }
        if (!ascending) {
            tmp.assign(nb.begin(), nb.end());
            std::sort(tmp.begin(), tmp.end());
            if (std::adjacent_find(tmp.begin(), tmp.end()) != tmp.end()) return false;
        }
    }
    return true;
}

std::vector<std::uint32_t> component_sizes(const CsrView& g) {
    // The size of each node's connected component.
    auto comp = connected_components(g);
    std::vector<std::uint32_t> count(g.n, 0), size_of(g.n, 0);
    for (auto c : comp) ++count[c];
    for (std::uint32_t v = 0; v < g.n; ++v) size_of[v] = count[comp[v]];
    return size_of;
}

// Pairs a cut vertex separates: branches are its child trees (sizes summing to w - 1,
// squares summing to sq) and the rest of its component (n - w); Σ_{i<j} b_i b_j.
double cut_pairs(std::uint64_t n, std::uint64_t w, std::uint64_t sq) {
    std::uint64_t rest = n - w, total = n - 1;
    return static_cast<double>((total * total - sq - rest * rest) / 2);
}

std::uint64_t mix(std::uint64_t h, std::uint64_t x) {
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

// Items 0..count-1 sorted by (hash, list, index), so items with equal lists end up next to
// each other; same[k] says whether the k-th item's list equals the one before it. `list(i)`
// is item i's sorted list and hash[i] a hash of it (equal lists have equal hashes).
template <class List>
std::vector<std::uint32_t> sort_by_list(std::size_t count, const std::vector<std::uint64_t>& hash, List&& list,
                                        std::vector<char>& same) {
    std::vector<std::uint32_t> order(count);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (hash[a] != hash[b]) return hash[a] < hash[b];
        auto la = list(a), lb = list(b);
        if (la.size() != lb.size()) return la.size() < lb.size();
        if (!std::ranges::equal(la, lb)) return std::ranges::lexicographical_compare(la, lb);
        return a < b;
    });
    same.assign(count, 0);
    for (std::size_t k = 1; k < count; ++k)
        same[k] = hash[order[k]] == hash[order[k - 1]] && std::ranges::equal(list(order[k]), list(order[k - 1]));
    return order;
}

// Every node its own class, nothing folded: plain Brandes and plain BFS (multigraphs).
Reduced identity_reduction(const CsrView& g) {
    Reduced r;
    auto& c = r.cg;
    c.n = g.n;
    c.offsets.assign(g.offsets.begin(), g.offsets.end());
    if (c.offsets.empty()) c.offsets.assign(1, 0);
    c.targets.assign(g.targets.begin(), g.targets.end());
    c.mult.assign(g.n, 1.0);
    c.weight.assign(g.n, 1.0);
    r.member_off.resize(g.n + 1);
    std::iota(r.member_off.begin(), r.member_off.end(), 0u);
    r.members.resize(g.n);
    std::iota(r.members.begin(), r.members.end(), 0u);
    r.bc.assign(g.n, 0.0);
    r.extra.assign(g.n, 0.0);
    r.closed.assign(g.n, 0);
    r.child_off.assign(g.n + 1, 0);
    r.tree_off = r.member_off;
    r.tree.assign(g.n, 1);
    r.class_tree_off = r.member_off;
    r.class_tree.assign(g.n, 1);
    return r;
}

Reduced reduce(const CsrView& g) {
    const std::uint32_t n = g.n;
    Reduced r;
    const auto comp_size = component_sizes(g);

    // 1. Fold degree-1 nodes (Baglioni et al. 2012).
    std::vector<std::uint32_t> deg(n), parent(n, UINT32_MAX), height(n, 0);
    std::vector<std::uint64_t> w(n, 1), sq(n, 0);
    std::vector<char> alive(n, 1);
    std::vector<std::uint32_t> queue, peeled;
    for (std::uint32_t v = 0; v < n; ++v) {
        deg[v] = g.degree(v);
        if (deg[v] == 1) queue.push_back(v);
    }
    r.bc.assign(n, 0.0);
    for (std::size_t h = 0; h < queue.size(); ++h) {
        const std::uint32_t v = queue[h];
        if (deg[v] != 1) continue;  // the other end of a last edge
        std::uint32_t u = UINT32_MAX;
        for (auto x : g.neighbors(v))
            if (alive[x]) {
                u = x;
                break;
            }
        alive[v] = 0;
        deg[v] = 0;
        parent[v] = u;
        peeled.push_back(v);
        height[u] = std::max(height[u], height[v] + 1);
        r.max_height = std::max(r.max_height, height[u]);
        r.bc[v] = cut_pairs(comp_size[v], w[v], sq[v]);
        w[u] += w[v];
        sq[u] += w[v] * w[v];
        if (--deg[u] == 1) queue.push_back(u);
    }
    std::vector<std::uint32_t> core;
    for (std::uint32_t v = 0; v < n; ++v) {
        if (!alive[v]) continue;
        r.bc[v] = cut_pairs(comp_size[v], w[v], sq[v]);
        if (deg[v] >= 2)
            core.push_back(v);
        else
            r.roots.push_back(v);
    }
    // Children of each node, and the depth histogram of the tree hanging from it
    // (children are folded before their parent, so `peeled` is a bottom-up order).
    r.child_off.assign(n + 1, 0);
    for (auto v : peeled) ++r.child_off[parent[v] + 1];
    for (std::uint32_t v = 0; v < n; ++v) r.child_off[v + 1] += r.child_off[v];
    r.children.resize(peeled.size());
    {
        std::vector<std::uint32_t> fill(r.child_off.begin(), r.child_off.end() - 1);
        for (std::uint32_t v = 0; v < n; ++v)
            if (parent[v] != UINT32_MAX) r.children[fill[parent[v]]++] = v;
    }
    r.tree_off.assign(n + 1, 0);
    for (std::uint32_t v = 0; v < n; ++v) r.tree_off[v + 1] = r.tree_off[v] + height[v] + 1;
    r.tree.assign(r.tree_off[n], 0);
    for (std::uint32_t v = 0; v < n; ++v) r.tree[r.tree_off[v]] = 1;
    for (auto v : peeled) {
        const std::uint32_t* t = r.tree.data() + r.tree_off[v];
        std::uint32_t* p = r.tree.data() + r.tree_off[parent[v]];
        for (std::uint32_t k = 0; k <= height[v]; ++k) p[k + 1] += t[k];
    }
    if (core.empty()) return r;

    // 2. Twin classes of the 2-core (Puzis et al. 2015): identical neighbour sets.
    std::vector<std::uint32_t> core_off{0}, core_adj;
    std::vector<std::uint32_t> core_index(n, UINT32_MAX);
    std::vector<std::uint64_t> hash(core.size());
    core_off.reserve(core.size() + 1);
    for (std::uint32_t i = 0; i < core.size(); ++i) {
        core_index[core[i]] = i;
        auto start = core_adj.size();
        for (auto u : g.neighbors(core[i]))
            if (alive[u]) core_adj.push_back(u);
        std::sort(core_adj.begin() + static_cast<std::ptrdiff_t>(start), core_adj.end());
        std::uint64_t h = core_adj.size() - start;
        for (auto k = start; k < core_adj.size(); ++k) h = mix(h, core_adj[k]);
        hash[i] = h;
        core_off.push_back(static_cast<std::uint32_t>(core_adj.size()));
    }
    auto list = [&](std::uint32_t i) {
        return std::span<const std::uint32_t>(core_adj.data() + core_off[i], core_off[i + 1] - core_off[i]);
    };
    std::vector<char> same;
    const auto by_list = sort_by_list(core.size(), hash, list, same);
    std::vector<std::uint32_t> cls(core.size());
    std::vector<std::uint32_t> rep;  // first member of each class (in core numbering)
    for (std::size_t k = 0; k < by_list.size(); ++k) {
        if (!same[k]) rep.push_back(by_list[k]);
        cls[by_list[k]] = static_cast<std::uint32_t>(rep.size() - 1);
    }
    // 2b. Closed twins (Puzis, Zilberman & Elovici 2015 merge both kinds): adjacent nodes
    // with the same closed neighbourhood N[v] = N(v) + v, as investors who only ever
    // invested together are in a co-investment projection. A node cannot have twins of both
    // kinds (an open twin of v is not adjacent to v, a closed twin is, and both would have
    // to be adjacent to each other), so closed classes are looked for among the nodes
    // without an open twin. A shortest path never holds two closed twins (either one
    // alone is a shortcut), so a closed class sweeps like an open one; what differs is
    // that its members are 1 apart, not 2, and the pairs inside it have no intermediate.
    // Bipartite graphs have none: two adjacent nodes with the same other neighbours would
    // make a triangle.
    std::vector<char> closed_class(rep.size(), 0);
    {
        std::vector<std::uint32_t> open_size(rep.size(), 0);
        for (auto c : cls) ++open_size[c];
        std::vector<std::uint32_t> single;
        for (std::uint32_t i = 0; i < core.size(); ++i)
            if (open_size[cls[i]] == 1) single.push_back(i);
        std::vector<std::uint32_t> closed_off{0}, closed_adj;
        std::vector<std::uint64_t> chash(single.size());
        for (std::size_t k = 0; k < single.size(); ++k) {
            auto l = list(single[k]);
            auto start = closed_adj.size();
            closed_adj.insert(closed_adj.end(), l.begin(), l.end());
            closed_adj.insert(std::upper_bound(closed_adj.begin() + static_cast<std::ptrdiff_t>(start),
                                               closed_adj.end(), core[single[k]]),
                              core[single[k]]);
            std::uint64_t h = ~std::uint64_t{0} - (closed_adj.size() - start);
            for (auto q = start; q < closed_adj.size(); ++q) h = mix(h, closed_adj[q]);
            chash[k] = h;
            closed_off.push_back(static_cast<std::uint32_t>(closed_adj.size()));
        }
        auto clist = [&](std::size_t k) {
            return std::span<const std::uint32_t>(closed_adj.data() + closed_off[k], closed_off[k + 1] - closed_off[k]);
        };
        std::vector<char> csame;
        const auto order = sort_by_list(single.size(), chash, clist, csame);
        // group[k]: the position in `single` of the first of k's closed class in `order`.
        std::vector<std::uint32_t> group(single.size());
        bool any = false;
        for (std::size_t q = 0; q < order.size(); ++q) {
            group[order[q]] = csame[q] ? group[order[q - 1]] : order[q];
            any = any || csame[q];
        }
        if (any) {
            // Renumber: classes keep the order of `rep`; closed twins join the class of
            // their first member (in core order).
            std::vector<std::uint32_t> first_single(single.size(), UINT32_MAX);
            for (std::size_t k = 0; k < single.size(); ++k) {
                auto& f = first_single[group[k]];
                f = std::min(f, single[k]);
            }
            std::vector<std::uint32_t> lead_of(core.size(), UINT32_MAX);  // core index -> its class's first member
            for (std::size_t k = 0; k < single.size(); ++k) lead_of[single[k]] = first_single[group[k]];
            std::vector<std::uint32_t> new_id(rep.size(), UINT32_MAX), new_rep;
            std::vector<char> new_closed;
            std::vector<std::uint32_t> class_of_lead(core.size(), UINT32_MAX), new_cls(core.size());
            for (std::uint32_t c = 0; c < rep.size(); ++c) {
                const std::uint32_t i = rep[c];
                if (open_size[c] > 1) {
                    new_id[c] = static_cast<std::uint32_t>(new_rep.size());
                    new_rep.push_back(i);
                    new_closed.push_back(0);
                    continue;
                }
                const std::uint32_t lead = lead_of[i];
                if (class_of_lead[lead] == UINT32_MAX) {
                    class_of_lead[lead] = static_cast<std::uint32_t>(new_rep.size());
                    new_rep.push_back(lead);
                    new_closed.push_back(0);
                } else {
                    new_closed[class_of_lead[lead]] = 1;
                }
                new_id[c] = class_of_lead[lead];
            }
            for (std::uint32_t i = 0; i < core.size(); ++i) new_cls[i] = new_id[cls[i]];
            cls.swap(new_cls);
            rep.swap(new_rep);
            closed_class.swap(new_closed);
        }
    }
    const auto nc = static_cast<std::uint32_t>(rep.size());
    std::vector<std::uint64_t> cw(nc, 0), csq(nc, 0), cm(nc, 0);
    for (std::uint32_t i = 0; i < core.size(); ++i) {
        auto c = cls[i];
        std::uint64_t x = w[core[i]];
        cw[c] += x;
        csq[c] += x * x;
        ++cm[c];
    }
    // Class adjacency, then classes renumbered (below).
    std::vector<std::uint32_t> coff{0}, cadj;
    for (std::uint32_t c = 0; c < nc; ++c) {
        auto start = cadj.size();
        for (auto u : list(rep[c]))
            if (cls[core_index[u]] != c) cadj.push_back(cls[core_index[u]]);  // closed twins: no self-loop
        std::sort(cadj.begin() + static_cast<std::ptrdiff_t>(start), cadj.end());
        cadj.erase(std::unique(cadj.begin() + static_cast<std::ptrdiff_t>(start), cadj.end()), cadj.end());
        coff.push_back(static_cast<std::uint32_t>(cadj.size()));
    }
    std::vector<std::uint32_t> by_degree(nc);
    std::iota(by_degree.begin(), by_degree.end(), 0u);
    auto higher = [&](std::uint32_t a, std::uint32_t b) { return coff[a + 1] - coff[a] > coff[b + 1] - coff[b]; };
    std::stable_sort(by_degree.begin(), by_degree.end(), higher);
    // Breadth-first order from the highest-degree class of each component, neighbours by
    // degree: consecutive classes (one batch of sources) are close to each other, so
    // they meet most classes at about the same distance.
    std::vector<std::uint32_t> perm;  // perm[new] = old
    perm.reserve(nc);
    {
        std::vector<char> seen(nc, 0);
        std::vector<std::uint32_t> nb;
        for (auto start : by_degree) {
            if (seen[start]) continue;
            seen[start] = 1;
            std::size_t h = perm.size();
            perm.push_back(start);
            for (; h < perm.size(); ++h) {
                const auto c = perm[h];
                nb.assign(cadj.begin() + coff[c], cadj.begin() + coff[c + 1]);
                std::stable_sort(nb.begin(), nb.end(), higher);
                for (auto u : nb)
                    if (!seen[u]) {
                        seen[u] = 1;
                        perm.push_back(u);
                    }
            }
        }
    }
    std::vector<std::uint32_t> renum(nc);
    for (std::uint32_t k = 0; k < nc; ++k) renum[perm[k]] = k;
    ClassGraph& cg = r.cg;
    cg.n = nc;
    cg.offsets.reserve(nc + 1);
    cg.targets.reserve(cadj.size());
    cg.mult.resize(nc);
    cg.weight.resize(nc);
    for (std::uint32_t k = 0; k < nc; ++k) {
        auto c = perm[k];
        auto start = cg.targets.size();
        for (auto i = coff[c]; i < coff[c + 1]; ++i) cg.targets.push_back(renum[cadj[i]]);
        std::sort(cg.targets.begin() + static_cast<std::ptrdiff_t>(start), cg.targets.end());
        cg.offsets.push_back(static_cast<std::uint32_t>(cg.targets.size()));
        cg.mult[k] = static_cast<double>(cm[c]);
        cg.weight[k] = static_cast<double>(cw[c]);
    }
    r.closed.resize(nc);
    for (std::uint32_t k = 0; k < nc; ++k) r.closed[k] = closed_class[perm[k]];
    // Members of each class, and the sum of their trees' depth histograms.
    r.member_off.assign(nc + 1, 0);
    for (std::uint32_t i = 0; i < core.size(); ++i) ++r.member_off[renum[cls[i]] + 1];
    for (std::uint32_t k = 0; k < nc; ++k) r.member_off[k + 1] += r.member_off[k];
    r.members.resize(core.size());
    {
        std::vector<std::uint32_t> fill(r.member_off.begin(), r.member_off.end() - 1);
        for (std::uint32_t i = 0; i < core.size(); ++i) r.members[fill[renum[cls[i]]]++] = core[i];
    }
    r.class_tree_off.assign(nc + 1, 0);
    for (std::uint32_t k = 0; k < nc; ++k) {
        std::uint32_t h = 0;
        for (auto i = r.member_off[k]; i < r.member_off[k + 1]; ++i) h = std::max(h, height[r.members[i]]);
        r.class_tree_off[k + 1] = r.class_tree_off[k] + h + 1;
    }
    r.class_tree.assign(r.class_tree_off[nc], 0);
    for (std::uint32_t k = 0; k < nc; ++k)
        for (auto i = r.member_off[k]; i < r.member_off[k + 1]; ++i) {
            auto v = r.members[i];
            for (std::uint32_t j = 0; j <= height[v]; ++j)
                r.class_tree[r.class_tree_off[k] + j] += r.tree[r.tree_off[v] + j];
        }

    // Pairs inside a class: distance 2 through each of the common neighbours.
    r.extra.assign(nc, 0.0);
    for (std::uint32_t k = 0; k < nc; ++k) {
        auto c = perm[k];
        if (cm[c] < 2 || closed_class[c]) continue;  // closed twins are adjacent: nothing between them
        double pairs = static_cast<double>((cw[c] * cw[c] - csq[c]) / 2);
        double share = pairs / static_cast<double>(list(rep[c]).size());
        for (auto i = cg.offsets[k]; i < cg.offsets[k + 1]; ++i) r.extra[cg.targets[i]] += share;
    }
    return r;
}

// ---- Brandes and BFS on the class graph, several sources at a time ----
//
// A batch of `width` sources shares one level-synchronous sweep (multi-source BFS, Then,
// Kaufmann, Chirigati, Hoang-Vu, Pham, Kemper, Neumann & Vo 2014, "The More the Merrier:
// Efficient Multi-Source Graph Traversal", PVLDB 8(4)): step d scans the arcs of every
// class that is at distance d from at least one source of the batch, once for all of
// them. Per class the batch keeps `width` distances in a row and `width` doubles
// (σ in the forward sweep, overwritten by (W + m δ)/σ in the backward one: a class's σ
// is last read when its own coefficient is written). Sources that are close in the
// graph (neighbouring class numbers) see most classes at the same or an adjacent
// distance, so each arc is scanned about twice per batch instead of `width` times.
// The lane loops are plain fixed-length loops the compiler vectorises.
constexpr std::uint32_t width = 8;

template <class Dist>
struct BatchScratch {
    std::vector<Dist> dist;    // [class * width + lane]
    std::vector<double> val;   // σ, then the dependency coefficient
    std::vector<std::uint32_t> order;        // the frontiers, step after step
    std::vector<std::size_t> step_start;     // where each step's frontier starts in `order`
    explicit BatchScratch(std::uint32_t n)
        : dist(std::size_t{n} * width, std::numeric_limits<Dist>::max()),
          val(std::size_t{n} * width, 0.0),
          order(std::size_t{n} * width + width) {}
};

#if defined(__GNUC__)
// Vectors wider than the target's registers are passed in memory between functions
// that are not inlined; GCC and clang warn that other builds would pass them
// differently. These helpers never cross a translation unit.
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
#define DEALGRAPH_INLINE [[gnu::always_inline]] inline
// Lane rows as GCC/clang vector types: one row of `width` distances, and the `width`
// doubles of a row as `width / C` chunks of C lanes, C chosen per instruction set so
// that a chunk is one register (2 on the x86-64 baseline, SSE2; 4 with AVX2; 8 with
// AVX-512). Code written on whole 8-lane vectors leaves GCC to split them on AVX2,
// which it does through the stack; chunks keep every value in a register. Each lane's
// arithmetic is the same whatever C is, so every build gives the same bytes.
// One specialisation per width: GCC drops a vector_size that depends on a template
// parameter.
template <unsigned C>
struct Chunk;
template <>
struct Chunk<2> {
    using D = double __attribute__((vector_size(16)));
    using M = std::int64_t __attribute__((vector_size(16)));
};
template <>
struct Chunk<4> {
    using D = double __attribute__((vector_size(32)));
    using M = std::int64_t __attribute__((vector_size(32)));
};
template <>
struct Chunk<8> {
    using D = double __attribute__((vector_size(64)));
    using M = std::int64_t __attribute__((vector_size(64)));
};
// A whole row of 64-bit lanes (the closeness histograms).
using Mask = std::int64_t __attribute__((vector_size(width * sizeof(std::int64_t))));
template <unsigned C>
struct Row {
    typename Chunk<C>::D c[width / C];
};
template <class Dist>
struct DistRow;
template <>
struct DistRow<std::uint8_t> {
    using type = std::uint8_t __attribute__((vector_size(width)));
};
template <>
struct DistRow<std::uint16_t> {
    using type = std::uint16_t __attribute__((vector_size(width * 2)));
};
template <>
struct DistRow<std::uint32_t> {
    using type = std::uint32_t __attribute__((vector_size(width * 4)));
};

template <class V, class T>
DEALGRAPH_INLINE V load(const T* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
template <class T, class V>
DEALGRAPH_INLINE void store(T* p, const V& v) {
    std::memcpy(p, &v, sizeof v);
}
template <class To, class From>
DEALGRAPH_INLINE To bits(const From& f) {
    static_assert(sizeof(To) == sizeof(From));
    To t;
    std::memcpy(&t, &f, sizeof t);
    return t;
}
// True when any lane of a comparison result is set.
template <class V>
DEALGRAPH_INLINE bool any(const V& v) {
    std::uint64_t words[sizeof v / 8];
    std::memcpy(words, &v, sizeof v);
    std::uint64_t x = 0;
    for (auto w : words) x |= w;
    return x != 0;
}

// Lanes [J C, J C + C) of a comparison row of distances, widened to a mask of doubles.
// A whole row widens in one instruction where the target has it (AVX-512). GCC 12
// lowers the widening of part of a row lane by lane, so for rows of bytes a chunk
// instead takes the row's 64-bit word in every lane and tests each lane's own byte of it.
template <unsigned J, unsigned C, class Cmp, std::size_t... I>
DEALGRAPH_INLINE typename Chunk<C>::M chunk_mask(const Cmp& cmp, std::index_sequence<I...>) {
    using M = typename Chunk<C>::M;
    if constexpr (C == width) {
        return __builtin_convertvector(cmp, M);
    } else if constexpr (sizeof cmp == 8) {
        constexpr M byte = {static_cast<std::int64_t>(std::uint64_t{0xFF} << (8 * (J * C + I)))...};
        const M word = M{} + bits<std::int64_t>(cmp);
        return (word & byte) == byte;
    } else {
        return __builtin_convertvector(__builtin_shufflevector(cmp, cmp, (J * C + I)...), M);
    }
}
template <unsigned C, class Cmp, class F, std::size_t... J>
DEALGRAPH_INLINE void for_chunks(const Cmp& cmp, F&& f, std::index_sequence<J...>) {
    (f(J, chunk_mask<J, C>(cmp, std::make_index_sequence<C>{})), ...);
}
// Calls f(j, mask of chunk j) for every chunk of a comparison row.
template <unsigned C, class Cmp, class F>
DEALGRAPH_INLINE void each_chunk(const Cmp& cmp, F&& f) {
    for_chunks<C>(cmp, f, std::make_index_sequence<width / C>{});
}
template <unsigned C>
DEALGRAPH_INLINE typename Chunk<C>::D masked(const typename Chunk<C>::D& x, const typename Chunk<C>::M& m) {
    return bits<typename Chunk<C>::D>(bits<typename Chunk<C>::M>(x) & m);
}

// One batch of sources [first, first + count): fills the frontiers, and with `Paths`
// adds Σ_k W_{s_k} δ_{s_k}(v) to bc[v] for every class v (the source lanes in order).
template <unsigned C, bool Paths, class Dist, class Index>
DEALGRAPH_INLINE void batch_sweep_body(const ClassGraph& g, const Index* tgt, std::uint32_t first, std::uint32_t count,
                                       BatchScratch<Dist>& w, double* bc) {
    using DistV = typename DistRow<Dist>::type;
    using D = typename Chunk<C>::D;
    constexpr Dist unseen = std::numeric_limits<Dist>::max();
    const std::uint32_t* off = g.offsets.data();
    Dist* dist = w.dist.data();
    double* val = w.val.data();
    std::uint32_t* order = w.order.data();
    auto& steps = w.step_start;
    steps.clear();
    std::size_t tail = 0;
    for (std::uint32_t k = 0; k < count; ++k) {
        const std::uint32_t s = first + k;
        dist[std::size_t{s} * width + k] = 0;
        val[std::size_t{s} * width + k] = 1;
        order[tail++] = s;
    }
    steps.push_back(0);
    for (Dist d = 0; steps.back() < tail; ++d) {
        const std::size_t lo = steps.back(), hi = tail;
        steps.push_back(hi);
        const Dist d1 = static_cast<Dist>(d + 1);
        for (std::size_t i = lo; i < hi; ++i) {
            const std::uint32_t v = order[i];
            const auto act = load<DistV>(dist + std::size_t{v} * width) == d;
            // Each member of v is joined to every member of a child class; a source is one node.
            const D m = D{} + (d == 0 ? 1.0 : g.mult[v]);
            Row<C> push;
            each_chunk<C>(act, [&](std::uint32_t j, const auto& mask) {
                push.c[j] = masked<C>(load<D>(val + std::size_t{v} * width + j * C) * m, mask);
            });
            for (std::uint32_t a = off[v], e = off[v + 1]; a < e; ++a) {
                const std::uint32_t u = tgt[a];
                Dist* du = dist + std::size_t{u} * width;
                double* su = val + std::size_t{u} * width;
                const DistV old = load<DistV>(du);
                const auto fresh = act & (old == unseen);
                const auto queued = old == d1;
                // Fresh lanes hold `unseen` (all ones): flipping the bits d1 lacks gives d1.
                const DistV now = old ^ (bits<DistV>(fresh) & static_cast<Dist>(d1 ^ unseen));
                store(du, now);
                if constexpr (Paths) {
                    // Adding 0.0 to a parent's final σ leaves it unchanged.
                    each_chunk<C>(now == d1, [&](std::uint32_t j, const auto& child) {
                        store(su + j * C, load<D>(su + j * C) + masked<C>(push.c[j], child));
                    });
                }
                order[tail] = u;
                tail += static_cast<std::size_t>(any(fresh) && !any(queued));
            }
        }
    }
    if constexpr (Paths) {
        // Frontier d is order[steps[d], steps[d + 1]); the last entry of steps is the end.
        const std::size_t levels = steps.size() - 1;
        for (std::size_t d = levels; d-- > 1;) {
            const Dist dd = static_cast<Dist>(d), d1 = static_cast<Dist>(d + 1);
            const bool deepest = d + 1 == levels;
            for (std::size_t i = steps[d]; i < steps[d + 1]; ++i) {
                const std::uint32_t v = order[i];
                // Two running sums (even and odd arcs) halve the chain of dependent additions.
                Row<C> s0{}, s1{};
                if (!deepest) {
                    auto add = [&](Row<C>& s, std::uint32_t u) {
                        each_chunk<C>(load<DistV>(dist + std::size_t{u} * width) == d1,
                                      [&](std::uint32_t j, const auto& child) {
                                          s.c[j] += masked<C>(load<D>(val + std::size_t{u} * width + j * C), child);
                                      });
                    };
                    std::uint32_t a = off[v];
                    const std::uint32_t e = off[v + 1];
                    for (; a + 1 < e; a += 2) {
                        add(s0, tgt[a]);
                        add(s1, tgt[a + 1]);
                    }
                    if (a < e) add(s0, tgt[a]);
                }
                // Lanes where v is at depth d get δ = σ (s0 + s1) and the coefficient
                // (W + m δ) / σ; the others keep their value (v's σ, or a coefficient
                // of an earlier depth) and add nothing.
                double* sv = val + std::size_t{v} * width;
                const D weight = D{} + g.weight[v], mult = D{} + g.mult[v];
                double delta[width];
                each_chunk<C>(load<DistV>(dist + std::size_t{v} * width) == dd,
                              [&](std::uint32_t j, const auto& here) {
                                  const D sigma = load<D>(sv + j * C);
                                  const D dl = sigma * (s0.c[j] + s1.c[j]);
                                  const D coef = (weight + mult * dl) / sigma;
                                  store(sv + j * C, here ? coef : sigma);
                                  store(delta + j * C, masked<C>(dl, here));
                              });
                // In source order; adding δ = 0.0 of the other lanes leaves the sum as it is.
                double sum = bc[v];
                for (std::uint32_t k = 0; k < count; ++k) sum += g.weight[first + k] * delta[k];
                bc[v] = sum;
            }
        }
    }
}

// The sweep compiled for the baseline (chunks of 2 lanes), and on x86-64 also for AVX2
// (4 lanes) and AVX-512 (8), chosen at run time. All do the same additions in the same
// order: the results are identical.
template <bool Paths, class Dist, class Index>
void batch_sweep_baseline(const ClassGraph& g, const Index* tgt, std::uint32_t first, std::uint32_t count,
                          BatchScratch<Dist>& w, double* bc) {
    batch_sweep_body<2, Paths>(g, tgt, first, count, w, bc);
}
#if defined(__x86_64__)
template <bool Paths, class Dist, class Index>
__attribute__((target("avx2"))) void batch_sweep_avx2(const ClassGraph& g, const Index* tgt, std::uint32_t first,
                                                      std::uint32_t count, BatchScratch<Dist>& w, double* bc) {
    batch_sweep_body<4, Paths>(g, tgt, first, count, w, bc);
}
// AVX-512: a row of eight doubles is one register and a lane mask is a mask register.
template <bool Paths, class Dist, class Index>
__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq"))) void batch_sweep_avx512(
    const ClassGraph& g, const Index* tgt, std::uint32_t first, std::uint32_t count, BatchScratch<Dist>& w,
    double* bc) {
    batch_sweep_body<8, Paths>(g, tgt, first, count, w, bc);
}
bool have_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
}
bool have_avx512() {
    static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    return yes;
}
#endif
std::optional<SweepIsa> forced_isa;
}  // namespace

bool sweep_isa_supported(SweepIsa isa) {
    switch (isa) {
        case SweepIsa::baseline: return true;
#if defined(__x86_64__)
        case SweepIsa::avx2: return have_avx2();
        case SweepIsa::avx512: return have_avx512();
#else
        default: return false;
#endif
    }
    return false;
}
void force_sweep_isa(std::optional<SweepIsa> isa) { forced_isa = isa; }
SweepIsa sweep_isa() {
    // The forced one (or the widest) that the processor has, else the next narrower.
    for (auto isa : {SweepIsa::avx512, SweepIsa::avx2})
        if (isa <= forced_isa.value_or(SweepIsa::avx512) && sweep_isa_supported(isa)) return isa;
    return SweepIsa::baseline;
}

namespace {
template <bool Paths, class Dist, class Index>
void batch_sweep(const ClassGraph& g, const Index* tgt, std::uint32_t first, std::uint32_t count,
                 BatchScratch<Dist>& w, double* bc) {
#if defined(__x86_64__)
    const SweepIsa isa = sweep_isa();
    if (isa == SweepIsa::avx512) return batch_sweep_avx512<Paths>(g, tgt, first, count, w, bc);
    if (isa == SweepIsa::avx2) return batch_sweep_avx2<Paths>(g, tgt, first, count, w, bc);
#endif
    batch_sweep_baseline<Paths>(g, tgt, first, count, w, bc);
}

template <class Dist>
void batch_reset(BatchScratch<Dist>& w) {
    // Whole rows through local pointers: stores of bytes may alias the vectors' own
    // pointers, which the compiler would otherwise reload after every one.
    const std::size_t tail = w.step_start.back();
    const std::uint32_t* order = w.order.data();
    Dist* dist = w.dist.data();
    double* val = w.val.data();
    Dist unseen[width];
    std::fill_n(unseen, width, std::numeric_limits<Dist>::max());
    for (std::size_t i = 0; i < tail; ++i) {
        const std::size_t v = order[i];
        std::memcpy(dist + v * width, unseen, sizeof unseen);
        std::memset(val + v * width, 0, width * sizeof(double));
    }
}

// ---- Closeness and harmonic from the class sweeps ----
//
// Twins have the same distance to every other node, and a node at depth k of a tree
// folded into v is k farther than v from everything outside that tree. So a sweep from
// class S gives every member x of S its distance histogram h (h[j]: nodes at distance j):
// the trees of the classes at distance d shifted by d, the other members' trees shifted
// by 2, and x's own tree. A child t of p in a folded tree (p - t is a bridge) sees its
// subtree at its tree depths and everything else one step farther than p does:
// h_t[j] = h_p[j-1] - tree_t[j-2] + tree_t[j]. Closeness and harmonic follow from h.

struct ClosenessScratch {
    std::vector<std::vector<std::int64_t>> hist;  // one histogram per tree depth on the path
    std::vector<std::uint32_t> stack_node, stack_next;
    std::vector<std::int64_t> counts;
};

void measures_from_histogram(const std::vector<std::int64_t>& h, double* close, double* harm) {
    std::uint64_t reached = 0, total = 0;
    double harmonic = 0;
    for (std::size_t j = 1; j < h.size(); ++j) {
        const auto c = static_cast<std::uint64_t>(h[j]);
        reached += c;
        total += c * j;
        harmonic += static_cast<double>(c) / static_cast<double>(j);
    }
    *close = total ? static_cast<double>(reached) / static_cast<double>(total) : 0.0;
    *harm = harmonic;
}

// Given hist[0] (the histogram of node x), the measures of x and of every node of the
// trees folded into x.
void close_tree(const Reduced& r, std::uint32_t x, ClosenessScratch& cs, double* close, double* harm) {
    auto& hist = cs.hist;
    measures_from_histogram(hist[0], close + x, harm + x);
    if (r.child_off[x] == r.child_off[x + 1]) return;
    cs.stack_node.assign(1, x);
    cs.stack_next.assign(1, r.child_off[x]);
    while (!cs.stack_node.empty()) {
        const std::size_t depth = cs.stack_node.size() - 1;
        const std::uint32_t p = cs.stack_node.back();
        if (cs.stack_next.back() == r.child_off[p + 1]) {
            cs.stack_node.pop_back();
            cs.stack_next.pop_back();
            continue;
        }
        const std::uint32_t t = r.children[cs.stack_next.back()++];
        if (hist.size() <= depth + 1) hist.resize(depth + 2);
        const auto& hp = hist[depth];
        auto& ht = hist[depth + 1];
        ht.assign(hp.size() + 1, 0);
        const std::uint32_t* tr = r.tree.data() + r.tree_off[t];
        const std::size_t tl = r.tree_off[t + 1] - r.tree_off[t];
        for (std::size_t j = 1; j < ht.size(); ++j) ht[j] = hp[j - 1];
        for (std::size_t j = 0; j < tl; ++j) {
            ht[j + 2] -= tr[j];
            ht[j] += tr[j];
        }
        measures_from_histogram(ht, close + t, harm + t);
        cs.stack_node.push_back(t);
        cs.stack_next.push_back(r.child_off[t]);
    }
}

// Closeness and harmonic of every member of the batch's source classes and of their trees.
template <class Dist>
void batch_closeness(const Reduced& r, std::uint32_t first, std::uint32_t count, const BatchScratch<Dist>& w,
                     ClosenessScratch& cs, double* close, double* harm) {
    const auto& steps = w.step_start;
    const std::size_t levels = steps.size() - 1;
    const std::size_t len = levels + 2 + r.max_height + 1;
    if (cs.hist.empty()) cs.hist.resize(1);
    // counts[j * width + k]: nodes at distance j from the members of lane k's source class
    // (before the corrections for the member itself); one vector add per lane row.
    using DistV = typename DistRow<Dist>::type;
    auto& counts = cs.counts;
    counts.assign(len * width, 0);
    for (std::size_t d = 0; d < levels; ++d)
        for (std::size_t i = steps[d]; i < steps[d + 1]; ++i) {
            const std::uint32_t v = w.order[i];
            const std::uint32_t* tr = r.class_tree.data() + r.class_tree_off[v];
            const std::size_t tl = r.class_tree_off[v + 1] - r.class_tree_off[v];
            const Mask at =
                __builtin_convertvector(load<DistV>(w.dist.data() + std::size_t{v} * width) == static_cast<Dist>(d), Mask);
            // The source class's own members are at distance 2 from each other (1: closed twins).
            std::int64_t* row = counts.data() + (d == 0 ? (r.closed[v] ? 1 : 2) : d) * width;
            for (std::size_t j = 0; j < tl; ++j, row += width)
                store(row, load<Mask>(row) + (at & static_cast<std::int64_t>(tr[j])));
        }
    for (std::uint32_t k = 0; k < count; ++k) {
        const std::uint32_t s = first + k;
        for (auto i = r.member_off[s]; i < r.member_off[s + 1]; ++i) {
            const std::uint32_t x = r.members[i];
            auto& h = cs.hist[0];
            h.resize(len);
            for (std::size_t j = 0; j < len; ++j) h[j] = counts[j * width + k];
            const std::uint32_t* tr = r.tree.data() + r.tree_off[x];
            const std::size_t tl = r.tree_off[x + 1] - r.tree_off[x];
            const std::size_t apart = r.closed[s] ? 1 : 2;
            for (std::size_t j = 0; j < tl; ++j) {
                h[j + apart] -= tr[j];
                h[j] += tr[j];
            }
            close_tree(r, x, cs, close, harm);
        }
    }
}

// Upper bound on the class graph's diameter: twice the largest eccentricity of the
// first class of each component.
std::uint64_t diameter_bound(const ClassGraph& g) {
    std::vector<std::uint32_t> dist(g.n, UINT32_MAX), queue;
    std::uint64_t best = 0;
    for (std::uint32_t s = 0; s < g.n; ++s) {
        if (dist[s] != UINT32_MAX) continue;
        dist[s] = 0;
        queue.assign(1, s);
        for (std::size_t h = 0; h < queue.size(); ++h) {
            const auto v = queue[h];
            best = std::max<std::uint64_t>(best, 2ull * dist[v]);
            for (auto i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
                const auto u = g.targets[i];
                if (dist[u] == UINT32_MAX) {
                    dist[u] = dist[v] + 1;
                    queue.push_back(u);
                }
            }
        }
    }
    return best;
}

// Sweeps every class as a source (in batches of `width`): betweenness Σ_s W_s δ_s(v)
// (ordered pairs) when `paths`, and the closeness and harmonic of every node reached
// through a class when `close` is given.
template <class Dist, class Index>
std::vector<double> sweep_all(const Reduced& r, const Index* tgt, bool paths, double* close, double* harm,
                              unsigned threads) {
    const ClassGraph& g = r.cg;
    const std::uint32_t batches = (g.n + width - 1) / width;
    std::vector<std::vector<double>> lane_bc(paths ? lanes : 0, std::vector<double>(g.n, 0.0));
    struct Thread {
        BatchScratch<Dist> batch;
        ClosenessScratch close;
    };
    run_lanes(
        batches, threads, [&] { return Thread{BatchScratch<Dist>(g.n), {}}; },
        [&](Thread& t, std::uint32_t lane, std::uint64_t lo, std::uint64_t hi) {
            for (auto b = lo; b < hi; ++b) {
                const auto first = static_cast<std::uint32_t>(b * width);
                const std::uint32_t count = std::min(width, g.n - first);
                if (paths)
                    batch_sweep<true>(g, tgt, first, count, t.batch, lane_bc[lane].data());
                else
                    batch_sweep<false>(g, tgt, first, count, t.batch, nullptr);
                if (close) batch_closeness(r, first, count, t.batch, t.close, close, harm);
                batch_reset(t.batch);
            }
        },
        block / width);
    std::vector<double> out(paths ? g.n : 0, 0.0);
    for (const auto& l : lane_bc)
        for (std::uint32_t v = 0; v < g.n; ++v) out[v] += l[v];
    return out;
}

std::vector<double> sweep_classes(const Reduced& r, bool paths, double* close, double* harm, unsigned threads) {
    const ClassGraph& g = r.cg;
    const std::uint64_t diameter = diameter_bound(g);
    std::vector<std::uint16_t> narrow;
    const bool small = g.n <= 65536;
    if (small) narrow.assign(g.targets.begin(), g.targets.end());
    auto run = [&](auto dist_tag) {
        using Dist = decltype(dist_tag);
        return small ? sweep_all<Dist>(r, narrow.data(), paths, close, harm, threads)
                     : sweep_all<Dist>(r, g.targets.data(), paths, close, harm, threads);
    };
    if (diameter + 2 < std::numeric_limits<std::uint8_t>::max()) return run(std::uint8_t{});
    if (diameter + 2 < std::numeric_limits<std::uint16_t>::max()) return run(std::uint16_t{});
    return run(std::uint32_t{});
}

// SplitMix64 (Steele, Lea & Flood 2014): the same numbers on every compiler.
std::uint64_t splitmix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
double unit(std::uint64_t& state) { return static_cast<double>(splitmix(state) >> 11) * 0x1.0p-53; }

// Upper bound on the vertex diameter: in each component, twice the eccentricity of its
// first node plus one (Riondato & Kornaropoulos 2016, section 5.1).
std::uint32_t vertex_diameter_bound(const CsrView& g) {
    std::vector<std::int32_t> dist(g.n, -1);
    std::vector<std::uint32_t> queue;
    std::uint32_t best = 1;
    for (std::uint32_t s = 0; s < g.n; ++s) {
        if (dist[s] >= 0) continue;
        dist[s] = 0;
        queue.assign(1, s);
        std::int32_t ecc = 0;
        for (std::size_t h = 0; h < queue.size(); ++h) {
            auto v = queue[h];
            ecc = std::max(ecc, dist[v]);
            for (auto u : g.neighbors(v))
                if (dist[u] < 0) {
                    dist[u] = dist[v] + 1;
                    queue.push_back(u);
                }
        }
        best = std::max(best, static_cast<std::uint32_t>(2 * ecc + 1));
    }
    return best;
}

// The graph renumbered for the sampling: breadth-first from the node of highest degree in
// each component (components in order of their highest degree, ties by id), every list in
// ascending new ids. A hub's neighbours then get consecutive numbers, so scanning its list
// (what most samples spend their time on, see sample_path) reads consecutive slots instead
// of slots all over memory, and the next level's lists sit together too. The same graph:
// the sampling draws its pairs by old number and maps them, and its counts map back.
struct Renumbered {
    std::vector<std::uint32_t> offsets, targets;
    std::vector<std::uint32_t> new_of;  // old number -> new
    std::vector<std::uint32_t> old_of;  // new number -> old
    [[nodiscard]] CsrView view() const {
        return CsrView{static_cast<std::uint32_t>(new_of.size()), offsets, targets, {}};
    }
};

Renumbered renumber_breadth_first(const CsrView& g) {
    const std::uint32_t n = g.n;
    constexpr std::uint32_t unset = UINT32_MAX;
    std::vector<std::uint32_t> by_degree(n);
    std::iota(by_degree.begin(), by_degree.end(), 0u);
    std::stable_sort(by_degree.begin(), by_degree.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return g.degree(a) > g.degree(b); });
    Renumbered r;
    r.new_of.assign(n, unset);
    r.old_of.reserve(n);
    for (auto root : by_degree) {
        if (r.new_of[root] != unset) continue;
        std::size_t head = r.old_of.size();
        r.new_of[root] = static_cast<std::uint32_t>(head);
        r.old_of.push_back(root);
        for (; head < r.old_of.size(); ++head)
            for (auto u : g.neighbors(r.old_of[head]))
                if (r.new_of[u] == unset) {
                    r.new_of[u] = static_cast<std::uint32_t>(r.old_of.size());
                    r.old_of.push_back(u);
                }
    }
    std::vector<std::uint32_t>().swap(by_degree);
    r.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
    for (std::uint32_t i = 0; i < n; ++i) r.offsets[i + 1] = r.offsets[i] + g.degree(r.old_of[i]);
    // Each node i, in ascending order, is appended to its neighbours' lists: every list
    // comes out sorted without a sort.
    r.targets.resize(g.targets.size());
    std::vector<std::uint32_t> fill(r.offsets.begin(), r.offsets.end() - 1);
    for (std::uint32_t i = 0; i < n; ++i)
        for (auto u : g.neighbors(r.old_of[i])) r.targets[fill[r.new_of[u]]++] = i;
    return r;
}

// How many neighbours ahead a scan asks for a slot: a hub's list is hundreds of thousands
// of slots far apart, and asking early keeps many misses in flight. Before the graph was
// renumbered (above), sampling 10M generated rows took 77 s before the slots, 88 s with
// slots and no prefetch, 70 s at 8 ahead, 61 s at 16, 60 s at 32, and 55 s with the
// look-ups of the clean-up after each sample prefetched too (stamps have since replaced
// the clean-up, below). Single runs; the same binary varies by up to 30% from run to run
// on these VMs.
constexpr std::uint32_t prefetch_ahead = 32;

// Both searches' state of one node in one 32-byte slot (with the node's degree, which the
// frontier's work needs): a look at a neighbour is then one cache line, where separate
// arrays cost up to five misses (distance and count of each side, the degree's offsets).
// On market-scale graphs, whose hubs make a sample scan about 1% of all arcs (200k at
// 10M generated rows), those misses are the time.
//
// A slot belongs to the sample whose number is its `stamp`; any other stamp reads as not
// reached by either search. A sample thus starts on a new number instead of clearing the
// slots the one before reached: a second pass over them, with a miss for each. Without it
// the sampling of 10M generated rows took 37.4 s instead of 43.6 s, and of 1M rows 2.7 s
// instead of 3.0 s (single runs; the same paths and values).
struct alignas(32) SampleSlot {
    std::int32_t dist[2] = {-1, -1};
    std::uint32_t degree = 0;
    std::uint32_t stamp = 0;
    double sigma[2] = {0, 0};
};
static_assert(sizeof(SampleSlot) == 32);

struct SampleScratch {
    // Side 0 searches from u, side 1 from v (balanced bidirectional BFS, as in KADABRA:
    // Borassi & Natale 2019).
    std::vector<SampleSlot> slot;
    std::uint32_t stamp = 0;  // the current sample's
    std::vector<std::uint32_t> frontier[2], next, meet;
    explicit SampleScratch(const CsrView& g) : slot(g.n) {
        for (std::uint32_t v = 0; v < g.n; ++v) slot[v].degree = g.degree(v);
    }
    // Starts a sample: every slot then reads as not reached.
    void begin() {
        if (++stamp == 0) {  // after 2^32 - 1 samples: old stamps could come round again
            for (auto& t : slot) t.stamp = 0;
            stamp = 1;
        }
    }
    // The slot of y, made the current sample's (not reached) if it was another's.
    SampleSlot& at(std::uint32_t y) {
        SampleSlot& t = slot[y];
        if (t.stamp != stamp) {
            t.stamp = stamp;
            t.dist[0] = t.dist[1] = -1;
            t.sigma[0] = t.sigma[1] = 0;
        }
        return t;
    }
};

// Walks from x back to side k's root, choosing each predecessor p with probability
// σ_p / σ_x, counting the nodes passed (not x, not the root).
// `stamp`: the sample's (a slot of another sample was not reached).
void walk_back(const CsrView& g, std::uint32_t x, int k, const std::vector<SampleSlot>& slot, std::uint32_t stamp,
               std::uint64_t& rng, std::uint32_t* hits) {
    while (slot[x].dist[k] > 1) {
        const double r = unit(rng) * slot[x].sigma[k];
        const std::int32_t want = slot[x].dist[k] - 1;
        double acc = 0;
        std::uint32_t pick = UINT32_MAX;
        for (auto p : g.neighbors(x))
            if (slot[p].stamp == stamp && slot[p].dist[k] == want) {
                pick = p;  // the last predecessor absorbs rounding
                acc += slot[p].sigma[k];
                if (r < acc) break;
            }
        x = pick;
        ++hits[x];
    }
}

// One sample: a uniformly random shortest u-v path. Both searches grow a level at a
// time, the one with the smaller frontier degree first; the level that first reaches
// the other search's nodes holds every shortest path's crossing point y, each carrying
// σ_u(y) σ_v(y) of the σ_uv paths. Draw y by that weight, then walk back to both ends.
void sample_path(const CsrView& g, std::uint32_t u, std::uint32_t v, std::uint64_t& rng, SampleScratch& s,
                 std::uint32_t* hits) {
    auto& slot = s.slot;
    s.begin();
    const std::uint32_t ends[2] = {u, v};
    for (int k = 0; k < 2; ++k) {
        SampleSlot& t = s.at(ends[k]);
        t.dist[k] = 0;
        t.sigma[k] = 1;
        s.frontier[k].assign(1, ends[k]);
    }
    s.meet.clear();
    std::uint64_t work[2] = {slot[u].degree, slot[v].degree};
    const std::uint32_t* targets = g.targets.data();
    while (s.meet.empty() && !s.frontier[0].empty() && !s.frontier[1].empty()) {
        const int k = work[0] <= work[1] ? 0 : 1;
        s.next.clear();
        std::uint64_t w = 0;
        const auto& front = s.frontier[k];
        const std::size_t nf = front.size();
        for (std::size_t j = 0; j < nf; ++j) {
            // Most frontier nodes have short lists, too short for the prefetch within a
            // list below: the frontier's next nodes are fetched in three stages, each
            // reading what the stage before it asked for (their offsets and own slots
            // 16 nodes ahead, their lists' first line 8 ahead, the slots of up to
            // prefetch_ahead of their neighbours 4 ahead). Sampling 1M generated rows:
            // 2.40 s instead of 2.67 s, best of six alternating runs (medians 2.43 s and
            // 2.79 s); 8 more nodes ahead at each stage measured slower (2.43 and 2.58 s).
            if (j + 16 < nf) {
                __builtin_prefetch(&g.offsets[front[j + 16]]);
                __builtin_prefetch(&slot[front[j + 16]]);
            }
            if (j + 8 < nf) __builtin_prefetch(&targets[g.offsets[front[j + 8]]]);
            if (j + 4 < nf) {
                const std::uint32_t a = front[j + 4];
                const std::uint32_t lo = g.offsets[a], hi = std::min(g.offsets[a + 1], lo + prefetch_ahead);
                for (std::uint32_t i = lo; i < hi; ++i) __builtin_prefetch(&slot[targets[i]], 1);
            }
            const std::uint32_t x = front[j];
            const std::int32_t dy = slot[x].dist[k] + 1;
            const double sx = slot[x].sigma[k];
            const std::uint32_t lo = g.offsets[x], hi = g.offsets[x + 1];
            for (std::uint32_t i = lo; i < hi; ++i) {
                // Hubs' lists are long: ask for the slot prefetch_ahead neighbours ahead.
                if (i + prefetch_ahead < hi) __builtin_prefetch(&slot[targets[i + prefetch_ahead]], 1);
                const std::uint32_t y = targets[i];
                SampleSlot& t = s.at(y);
                if (t.dist[k] < 0) {
                    t.dist[k] = dy;
                    s.next.push_back(y);
                    w += t.degree;
                    if (t.dist[1 - k] >= 0) s.meet.push_back(y);
                }
                if (t.dist[k] == dy) t.sigma[k] += sx;
            }
        }
        std::swap(s.frontier[k], s.next);
        work[k] = w;
    }
    if (!s.meet.empty()) {
        double total = 0;
        for (auto y : s.meet) total += slot[y].sigma[0] * slot[y].sigma[1];
        double r = unit(rng) * total, acc = 0;
        std::uint32_t y = s.meet.back();
        for (auto c : s.meet) {
            acc += slot[c].sigma[0] * slot[c].sigma[1];
            if (r < acc) {
                y = c;
                break;
            }
        }
        if (y != u && y != v) ++hits[y];
        walk_back(g, y, 0, slot, s.stamp, rng, hits);
        walk_back(g, y, 1, slot, s.stamp, rng, hits);
    }
}
}  // namespace

std::vector<double> brandes_betweenness(const CsrView& g) {
    auto bc = sweep_classes(identity_reduction(g), true, nullptr, nullptr, 1);
    for (auto& x : bc) x /= 2;
    return bc;
}

ExactShortestPaths exact_shortest_paths(const CsrView& g, bool betweenness, bool closeness, unsigned threads,
                                        double work_limit) {
    ExactShortestPaths out;
    const std::uint32_t n = g.n;
    if (closeness) {
        out.closeness.assign(n, 0.0);
        out.harmonic.assign(n, 0.0);
    }
    if (n == 0) {
        if (betweenness) out.betweenness.emplace();
        return out;
    }
    // Multigraphs count parallel edges as separate paths: no reductions.
    const Reduced r = is_simple(g) ? reduce(g) : identity_reduction(g);
    const ClassGraph& cg = r.cg;
    const bool paths =
        betweenness && !(work_limit >= 0 && static_cast<double>(cg.n) * (static_cast<double>(cg.n) +
                                                                         static_cast<double>(cg.targets.size())) >
                                                work_limit);
    double* close = closeness ? out.closeness.data() : nullptr;
    double* harm = closeness ? out.harmonic.data() : nullptr;
    if (cg.n > 0 && (paths || closeness)) {
        // 3. Weighted Brandes on the class graph.
        auto bc = sweep_classes(r, paths, close, harm, threads);
        if (paths) {
            out.betweenness = r.bc;
            for (std::uint32_t k = 0; k < cg.n; ++k)
                for (auto i = r.member_off[k]; i < r.member_off[k + 1]; ++i)
                    (*out.betweenness)[r.members[i]] += bc[k] / 2 + r.extra[k];
        }
    } else if (paths) {
        out.betweenness = r.bc;
    }
    if (closeness && !r.roots.empty()) {
        // Tree components: the histogram of the node left at the end is its tree's.
        ClosenessScratch cs;
        cs.hist.resize(1);
        for (auto root : r.roots) {
            cs.hist[0].assign(r.tree.begin() + r.tree_off[root], r.tree.begin() + r.tree_off[root + 1]);
            close_tree(r, root, cs, close, harm);
        }
    }
    return out;
}

std::uint64_t rk_sample_size(double epsilon, double delta, std::uint32_t vd) {
    constexpr double c = 0.5;  // the universal constant, as estimated by Löffler & Phillips (2009)
    double log_term = vd > 3 ? std::floor(std::log2(static_cast<double>(vd - 2))) : 0.0;
    return static_cast<std::uint64_t>(std::ceil(c / (epsilon * epsilon) * (log_term + 1 + std::log(1 / delta))));
}

ApproximateBetweenness approximate_betweenness(const CsrView& g, double epsilon, double delta, std::uint64_t seed,
                                               unsigned threads) {
    ApproximateBetweenness out;
    const std::uint32_t n = g.n;
    out.values.assign(n, 0.0);
    if (n < 3) return out;
    out.vertex_diameter_bound = vertex_diameter_bound(g);
    out.samples = rk_sample_size(epsilon, delta, out.vertex_diameter_bound);
    const Renumbered r = renumber_breadth_first(g);
    const CsrView rg = r.view();
    // Each sample draws from its own stream (seed, index): the same paths whatever the
    // number of threads, and integer counts add up in any order.
    std::vector<std::vector<std::uint32_t>> lane_hits(lanes);
    run_lanes(
        out.samples, threads,
        [&] { return SampleScratch(rg); },
        [&](SampleScratch& s, std::uint32_t lane, std::uint64_t lo, std::uint64_t hi) {
            auto& hits = lane_hits[lane];
            if (hits.empty()) hits.assign(n, 0);
            for (auto i = lo; i < hi; ++i) {
                std::uint64_t rng = seed * 0x2545f4914f6cdd1dULL + i;
                splitmix(rng);
                // Modulo bias is below n / 2^64: negligible.
                auto u = static_cast<std::uint32_t>(splitmix(rng) % n);
                auto v = static_cast<std::uint32_t>(splitmix(rng) % (n - 1));
                if (v >= u) ++v;
                sample_path(rg, r.new_of[u], r.new_of[v], rng, s, hits.data());
            }
        });
    // b(v) / (n(n-1)) is estimated by hits / samples; unordered pairs: times n(n-1)/2.
    const double scale = static_cast<double>(n) * (static_cast<double>(n) - 1) / 2 / static_cast<double>(out.samples);
    std::vector<std::uint64_t> total(n, 0);
    for (const auto& h : lane_hits)
        if (!h.empty())
            for (std::uint32_t v = 0; v < n; ++v) total[v] += h[v];
    for (std::uint32_t v = 0; v < n; ++v) out.values[r.old_of[v]] = static_cast<double>(total[v]) * scale;
    return out;
}

}  // namespace dealgraph::detail
