// Exact betweenness with degree-1 folding and twin merging, and sampled betweenness.
// The conventions and references are in betweenness.hpp.

#include "betweenness.hpp"

#include "dealgraph/analysis/centrality.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <thread>

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

/// Runs `work(scratch, lane, lo, hi)` over the blocks [lo, hi) of `count` items: every
/// block of a lane in order on one thread, lanes spread over `threads` threads, each
/// thread with its own `make()` scratch.
template <class Make, class Work>
void run_lanes(std::uint64_t count, unsigned threads, Make&& make, Work&& work) {
    std::atomic<std::uint32_t> next{0};
    auto worker = [&] {
        auto scratch = make();
        for (std::uint32_t lane; (lane = next.fetch_add(1)) < lanes;)
            for (std::uint64_t b = lane; b * block < count; b += lanes)
                work(scratch, lane, b * block, std::min<std::uint64_t>(count, b * block + block));
    };
    threads = thread_count(threads);
    if (threads <= 1 || count < 2 * block) {
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

// Per-thread scratch for one source. Levels are kept modulo 3 in one byte (neighbours'
// BFS levels differ by at most one, so that tells parent, peer and child apart) so the
// level array stays in L1 cache; σ and the dependency coefficients sit in their own arrays.
constexpr std::uint8_t unseen = 255;
constexpr std::uint8_t next_level[3] = {1, 2, 0};

struct Scratch {
    std::vector<std::uint8_t> level;
    std::vector<double> sigma;  // shortest paths from the source to one member
    std::vector<double> coeff;  // (W + m δ) / σ once the node's dependency is known
    std::vector<std::uint32_t> order;
    explicit Scratch(std::uint32_t n) : level(n, unseen), sigma(n, 0.0), coeff(n, 0.0), order(n + 1) {}
};

// Weighted Brandes from one source class: adds W_s δ_v to bc[v] for every other class.
// `tgt` is the class graph's targets, 16-bit when the classes fit (a smaller cache footprint).
template <class Index>
void class_source(const ClassGraph& g, const Index* tgt, std::uint32_t s, Scratch& w, double* bc) {
    const std::uint32_t* off = g.offsets.data();
    std::uint8_t* level = w.level.data();
    double* sigma = w.sigma.data();
    double* coeff = w.coeff.data();
    std::uint32_t* order = w.order.data();
    std::size_t tail = 0;
    level[s] = 0;
    sigma[s] = 1;
    order[tail++] = s;
    // Branch-free inner loops: whether a neighbour is new, a child or neither is not
    // predictable, and mispredictions cost more than the arithmetic.
    for (std::size_t head = 0; head < tail; ++head) {
        const std::uint32_t v = order[head];
        const std::uint8_t nx = next_level[level[v]];
        // Each member of v is joined to every member of a child class; the source is one node.
        const double sv = v == s ? 1.0 : sigma[v] * g.mult[v];
        for (std::uint32_t i = off[v], e = off[v + 1]; i < e; ++i) {
            const std::uint32_t u = tgt[i];
            const std::uint8_t lu = level[u];
            const bool fresh = lu == unseen;
            const std::uint8_t l2 = fresh ? nx : lu;
            level[u] = l2;
            order[tail] = u;
            tail += fresh;
            // Adding 0.0 to a parent's final σ leaves it unchanged.
            sigma[u] += sv * static_cast<double>(l2 == nx);
        }
    }
    std::size_t last_level = tail;  // where the deepest level starts in `order`
    while (last_level > 1 && level[order[last_level - 1]] == level[order[tail - 1]]) --last_level;
    const double ws = g.weight[s];
    // The deepest level has no children: δ = 0.
    for (std::size_t i = std::max<std::size_t>(last_level, 1); i < tail; ++i) {
        const std::uint32_t v = order[i];
        coeff[v] = g.weight[v] / sigma[v];
    }
    for (std::size_t i = std::min(last_level, tail); i-- > 1;) {
        const std::uint32_t v = order[i];
        const std::uint8_t nx = next_level[level[v]];
        // Two running sums halve the chain of dependent additions.
        double acc0 = 0, acc1 = 0;
        std::uint32_t k = off[v];
        const std::uint32_t e = off[v + 1];
        for (; k + 1 < e; k += 2) {
            const std::uint32_t u0 = tgt[k], u1 = tgt[k + 1];
            acc0 += coeff[u0] * static_cast<double>(level[u0] == nx);
            acc1 += coeff[u1] * static_cast<double>(level[u1] == nx);
        }
        if (k < e) acc0 += coeff[tgt[k]] * static_cast<double>(level[tgt[k]] == nx);
        const double delta = sigma[v] * (acc0 + acc1);
        coeff[v] = (g.weight[v] + g.mult[v] * delta) / sigma[v];
        bc[v] += ws * delta;
    }
    for (std::size_t i = 0; i < tail; ++i) {
        const std::uint32_t v = order[i];
        level[v] = unseen;
        sigma[v] = 0;
        coeff[v] = 0;
    }
}

// Brandes over every class as a source; returns Σ_s W_s δ_s(v) (ordered pairs).
// (Multi-source batching, several BFS sharing one sweep over the arcs, cut the arcs
// scanned five-fold with 8 sources but not the time on this machine: the per-source
// state it touches per arc outgrows the L2 cache. See docs/PERFORMANCE.md.)
std::vector<double> class_brandes(const ClassGraph& g, unsigned threads) {
    std::vector<std::vector<double>> lane_bc(lanes, std::vector<double>(g.n, 0.0));
    std::vector<std::uint16_t> narrow;
    if (g.n <= 65536) narrow.assign(g.targets.begin(), g.targets.end());
    run_lanes(
        g.n, threads, [&] { return Scratch(g.n); },
        [&](Scratch& s, std::uint32_t lane, std::uint64_t lo, std::uint64_t hi) {
            for (auto v = lo; v < hi; ++v) {
                if (g.n <= 65536)
                    class_source(g, narrow.data(), static_cast<std::uint32_t>(v), s, lane_bc[lane].data());
                else
                    class_source(g, g.targets.data(), static_cast<std::uint32_t>(v), s, lane_bc[lane].data());
            }
        });
    std::vector<double> out(g.n, 0.0);
    for (const auto& l : lane_bc)
        for (std::uint32_t v = 0; v < g.n; ++v) out[v] += l[v];
    return out;
}

// The input as a class graph of single nodes of weight 1: plain Brandes.
ClassGraph identity_classes(const CsrView& g) {
    ClassGraph c;
    c.n = g.n;
    c.offsets.assign(g.offsets.begin(), g.offsets.end());
    if (c.offsets.empty()) c.offsets.assign(1, 0);
    c.targets.assign(g.targets.begin(), g.targets.end());
    c.mult.assign(g.n, 1.0);
    c.weight.assign(g.n, 1.0);
    return c;
}

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

struct SampleScratch {
    // Side 0 searches from u, side 1 from v (balanced bidirectional BFS, as in KADABRA:
    // Borassi & Natale 2019).
    std::vector<std::int32_t> dist[2];
    std::vector<double> sigma[2];
    std::vector<std::uint32_t> touched[2];
    std::vector<std::uint32_t> frontier[2], next, meet;
    explicit SampleScratch(std::uint32_t n) {
        for (int k = 0; k < 2; ++k) {
            dist[k].assign(n, -1);
            sigma[k].assign(n, 0.0);
        }
    }
};

// Walks from x back to the search's root, choosing each predecessor p with probability
// σ_p / σ_x, counting the nodes passed (not x, not the root).
void walk_back(const CsrView& g, std::uint32_t x, const std::vector<std::int32_t>& dist,
               const std::vector<double>& sigma, std::uint64_t& rng, std::uint32_t* hits) {
    while (dist[x] > 1) {
        double r = unit(rng) * sigma[x], acc = 0;
        std::uint32_t pick = UINT32_MAX;
        for (auto p : g.neighbors(x))
            if (dist[p] == dist[x] - 1) {
                pick = p;  // the last predecessor absorbs rounding
                acc += sigma[p];
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
    const std::uint32_t ends[2] = {u, v};
    for (int k = 0; k < 2; ++k) {
        s.dist[k][ends[k]] = 0;
        s.sigma[k][ends[k]] = 1;
        s.touched[k].assign(1, ends[k]);
        s.frontier[k].assign(1, ends[k]);
    }
    s.meet.clear();
    std::uint64_t work[2] = {g.degree(u), g.degree(v)};
    while (s.meet.empty() && !s.frontier[0].empty() && !s.frontier[1].empty()) {
        const int k = work[0] <= work[1] ? 0 : 1;
        auto& dist = s.dist[k];
        auto& sigma = s.sigma[k];
        const auto& other = s.dist[1 - k];
        s.next.clear();
        std::uint64_t w = 0;
        for (auto x : s.frontier[k]) {
            const std::int32_t dx = dist[x];
            for (auto y : g.neighbors(x)) {
                if (dist[y] < 0) {
                    dist[y] = dx + 1;
                    s.next.push_back(y);
                    s.touched[k].push_back(y);
                    w += g.degree(y);
                    if (other[y] >= 0) s.meet.push_back(y);
                }
                if (dist[y] == dx + 1) sigma[y] += sigma[x];
            }
        }
        std::swap(s.frontier[k], s.next);
        work[k] = w;
    }
    if (!s.meet.empty()) {
        double total = 0;
        for (auto y : s.meet) total += s.sigma[0][y] * s.sigma[1][y];
        double r = unit(rng) * total, acc = 0;
        std::uint32_t y = s.meet.back();
        for (auto c : s.meet) {
            acc += s.sigma[0][c] * s.sigma[1][c];
            if (r < acc) {
                y = c;
                break;
            }
        }
        if (y != u && y != v) ++hits[y];
        walk_back(g, y, s.dist[0], s.sigma[0], rng, hits);
        walk_back(g, y, s.dist[1], s.sigma[1], rng, hits);
    }
    for (int k = 0; k < 2; ++k)
        for (auto x : s.touched[k]) {
            s.dist[k][x] = -1;
            s.sigma[k][x] = 0;
        }
}
}  // namespace

std::vector<double> brandes_betweenness(const CsrView& g) {
    auto bc = class_brandes(identity_classes(g), 1);
    for (auto& x : bc) x /= 2;
    return bc;
}

std::optional<std::vector<double>> fast_betweenness(const CsrView& g, unsigned threads, double work_limit) {
    const std::uint32_t n = g.n;
    if (n == 0) return std::vector<double>{};
    if (!is_simple(g)) {
        // Multigraphs count parallel edges as separate paths: no reductions.
        if (work_limit >= 0 && static_cast<double>(n) * (static_cast<double>(n) + static_cast<double>(g.targets.size())) >
                                   work_limit)
            return std::nullopt;
        auto bc = class_brandes(identity_classes(g), threads);
        for (auto& x : bc) x /= 2;
        return bc;
    }
    const auto comp_size = component_sizes(g);

    // 1. Fold degree-1 nodes (Baglioni et al. 2012).
    std::vector<std::uint32_t> deg(n);
    std::vector<std::uint64_t> w(n, 1), sq(n, 0);
    std::vector<char> alive(n, 1);
    std::vector<std::uint32_t> queue;
    for (std::uint32_t v = 0; v < n; ++v) {
        deg[v] = g.degree(v);
        if (deg[v] == 1) queue.push_back(v);
    }
    std::vector<double> out(n, 0.0);
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
        out[v] = cut_pairs(comp_size[v], w[v], sq[v]);
        w[u] += w[v];
        sq[u] += w[v] * w[v];
        if (--deg[u] == 1) queue.push_back(u);
    }
    std::vector<std::uint32_t> core;
    for (std::uint32_t v = 0; v < n; ++v) {
        if (!alive[v]) continue;
        out[v] = cut_pairs(comp_size[v], w[v], sq[v]);
        if (deg[v] >= 2) core.push_back(v);
    }
    if (core.empty()) return out;

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
    std::vector<std::uint32_t> by_list(core.size());
    std::iota(by_list.begin(), by_list.end(), 0u);
    std::sort(by_list.begin(), by_list.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (hash[a] != hash[b]) return hash[a] < hash[b];
        auto la = list(a), lb = list(b);
        if (la.size() != lb.size()) return la.size() < lb.size();
        int c = std::lexicographical_compare(la.begin(), la.end(), lb.begin(), lb.end())   ? -1
                : std::lexicographical_compare(lb.begin(), lb.end(), la.begin(), la.end()) ? 1
                                                                                          : 0;
        if (c) return c < 0;
        return a < b;
    });
    std::vector<std::uint32_t> cls(core.size());
    std::vector<std::uint32_t> rep;  // first member of each class (in core numbering)
    for (std::size_t k = 0; k < by_list.size(); ++k) {
        auto i = by_list[k];
        bool same = k > 0 && hash[i] == hash[by_list[k - 1]] &&
                    std::ranges::equal(list(i), list(by_list[k - 1]));
        if (!same) rep.push_back(i);
        cls[i] = static_cast<std::uint32_t>(rep.size() - 1);
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
    // Class adjacency, then classes renumbered by degree (highest first) for locality.
    std::vector<std::uint32_t> coff{0}, cadj;
    for (std::uint32_t c = 0; c < nc; ++c) {
        auto start = cadj.size();
        for (auto u : list(rep[c])) cadj.push_back(cls[core_index[u]]);
        std::sort(cadj.begin() + static_cast<std::ptrdiff_t>(start), cadj.end());
        cadj.erase(std::unique(cadj.begin() + static_cast<std::ptrdiff_t>(start), cadj.end()), cadj.end());
        coff.push_back(static_cast<std::uint32_t>(cadj.size()));
    }
    std::vector<std::uint32_t> perm(nc);  // perm[new] = old
    std::iota(perm.begin(), perm.end(), 0u);
    std::stable_sort(perm.begin(), perm.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return coff[a + 1] - coff[a] > coff[b + 1] - coff[b]; });
    std::vector<std::uint32_t> renum(nc);
    for (std::uint32_t k = 0; k < nc; ++k) renum[perm[k]] = k;
    ClassGraph cg;
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

    // Pairs inside a class: distance 2 through each of the common neighbours.
    std::vector<double> extra(nc, 0.0);
    for (std::uint32_t k = 0; k < nc; ++k) {
        auto c = perm[k];
        if (cm[c] < 2) continue;
        double pairs = static_cast<double>((cw[c] * cw[c] - csq[c]) / 2);
        double share = pairs / static_cast<double>(list(rep[c]).size());
        for (auto i = cg.offsets[k]; i < cg.offsets[k + 1]; ++i) extra[cg.targets[i]] += share;
    }

    // 3. Weighted Brandes on the class graph.
    if (work_limit >= 0 &&
        static_cast<double>(nc) * (static_cast<double>(nc) + static_cast<double>(cg.targets.size())) > work_limit)
        return std::nullopt;
    auto bc = class_brandes(cg, threads);
    for (std::uint32_t i = 0; i < core.size(); ++i) {
        auto k = renum[cls[i]];
        out[core[i]] += bc[k] / 2 + extra[k];
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
    // Each sample draws from its own stream (seed, index): the same paths whatever the
    // number of threads, and integer counts add up in any order.
    std::vector<std::vector<std::uint32_t>> lane_hits(lanes);
    run_lanes(
        out.samples, threads,
        [&] { return SampleScratch(n); },
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
                sample_path(g, u, v, rng, s, hits.data());
            }
        });
    // b(v) / (n(n-1)) is estimated by hits / samples; unordered pairs: times n(n-1)/2.
    const double scale = static_cast<double>(n) * (static_cast<double>(n) - 1) / 2 / static_cast<double>(out.samples);
    std::vector<std::uint64_t> total(n, 0);
    for (const auto& h : lane_hits)
        if (!h.empty())
            for (std::uint32_t v = 0; v < n; ++v) total[v] += h[v];
    for (std::uint32_t v = 0; v < n; ++v) out.values[v] = static_cast<double>(total[v]) * scale;
    return out;
}

}  // namespace dealgraph::detail
