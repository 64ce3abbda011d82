#include "dealgraph/analysis/centrality.hpp"

#include "betweenness.hpp"
#include "parallel.hpp"
#include "dealgraph/model/timing.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <optional>
#include <thread>

namespace dealgraph {
namespace {

double bipartite_max(double n, double m) {
    // Largest betweenness of a node on a side of n nodes facing m (Borgatti & Everett 1997).
    double s = std::floor((n - 1) / m), t = std::fmod(n - 1, m);
    return (m * m * (s + 1) * (s + 1) + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0;
}

}  // namespace

ShortestPathMeasures shortest_path_measures(const CsrView& g, const ShortestPathOptions& o) {
    PhaseTimer timer("shortest paths (betweenness, closeness, harmonic)");
    const std::uint32_t n = g.n;
    ShortestPathMeasures out;
    unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = std::min<unsigned>(threads, 8);
    // Exact betweenness, closeness and harmonic come from one set of sweeps over the
    // reduced graph (betweenness.hpp); sampled betweenness, when asked or when the exact
    // one would take too long, is a separate pass.
    const bool exact_wanted = o.betweenness && o.method != BetweennessMethod::approximate;
    auto exact = detail::exact_shortest_paths(g, exact_wanted, o.closeness, threads,
                                              o.method == BetweennessMethod::exact ? -1.0 : o.exact_work_limit);
    out.closeness = std::move(exact.closeness);
    out.harmonic = std::move(exact.harmonic);
    if (o.betweenness) {
        if (exact.betweenness) {
            out.betweenness = std::move(*exact.betweenness);
        } else {
            auto a = detail::approximate_betweenness(g, o.epsilon, o.delta, o.seed, threads);
            out.betweenness = std::move(a.values);
            out.betweenness_info = {true, o.epsilon, o.delta, a.samples};
        }
        if (o.normalization == BetweennessNormalization::standard && n > 2) {
            double scale = 2.0 / ((static_cast<double>(n) - 1) * (static_cast<double>(n) - 2));
            for (auto& x : out.betweenness) x *= scale;
        } else if (o.normalization == BetweennessNormalization::bipartite) {
            double top = o.bipartite_split, bottom = n - static_cast<double>(o.bipartite_split);
            double max_top = top > 0 && bottom > 0 ? bipartite_max(top, bottom) : 0;
            double max_bottom = top > 0 && bottom > 0 ? bipartite_max(bottom, top) : 0;
            for (std::uint32_t v = 0; v < n; ++v) {
                double m = v < o.bipartite_split ? max_top : max_bottom;
                out.betweenness[v] = m > 0 ? out.betweenness[v] / m : 0;
            }
        }
    }
    return out;
}

std::vector<double> degree(const CsrView& g) {
    std::vector<double> d(g.n);
    for (std::uint32_t v = 0; v < g.n; ++v) d[v] = g.degree(v);
    return d;
}

std::vector<double> strength(const CsrView& g) {
    if (!g.weighted()) return degree(g);
    std::vector<double> s(g.n, 0);
    for (std::uint32_t v = 0; v < g.n; ++v)
        for (double w : g.neighbor_weights(v)) s[v] += w;
    return s;
}

std::vector<std::uint32_t> connected_components(const CsrView& g) {
    std::vector<std::uint32_t> comp(g.n, UINT32_MAX);
    std::vector<std::uint32_t> queue;
    std::uint32_t next = 0;
    for (std::uint32_t s = 0; s < g.n; ++s) {
        if (comp[s] != UINT32_MAX) continue;
        comp[s] = next;
        queue.assign(1, s);
        for (std::size_t h = 0; h < queue.size(); ++h)
            for (auto u : g.neighbors(queue[h]))
                if (comp[u] == UINT32_MAX) {
                    comp[u] = next;
                    queue.push_back(u);
                }
        ++next;
    }
    return comp;
}

std::vector<double> eigenvector(const CsrView& g, const EigenvectorOptions& o) {
    std::vector<double> x(g.n, 0);
    if (g.n == 0) return x;
    auto comp = connected_components(g);
    std::vector<std::uint32_t> size;
    for (auto c : comp) {
        if (c >= size.size()) size.resize(c + 1, 0);
        ++size[c];
    }
    // Components are numbered by smallest node, so the first maximum wins ties.
    auto giant = static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
    std::vector<std::uint32_t> nodes;
    for (std::uint32_t v = 0; v < g.n; ++v)
        if (comp[v] == giant) nodes.push_back(v);
    if (nodes.size() == 1) {
        x[nodes[0]] = 1;
        return x;
    }
    for (auto v : nodes) x[v] = 1.0 / static_cast<double>(nodes.size());
    std::vector<double> y(g.n, 0);
    for (std::uint32_t it = 0; it < o.max_iterations; ++it) {
        double norm = 0;
        for (auto v : nodes) {
            double s = x[v];  // the + I shift
            auto nb = g.neighbors(v);
            if (g.weighted()) {
                auto w = g.neighbor_weights(v);
                for (std::size_t i = 0; i < nb.size(); ++i) s += w[i] * x[nb[i]];
            } else {
                for (auto u : nb) s += x[u];
            }
            y[v] = s;
            norm += s * s;
        }
        norm = std::sqrt(norm);
        double change = 0;
        for (auto v : nodes) {
            y[v] /= norm;
            change += std::fabs(y[v] - x[v]);
        }
        std::swap(x, y);
        if (change < o.tolerance * static_cast<double>(nodes.size())) break;
    }
    return x;
}

// PageRank's passes run on two threads from this many arcs, the second thread kept for the
// whole run (detail::RoundHelper: a round trip costs 2-3 us, where a thread started for
// each iteration cost 0.2-0.3 ms with its join on the benchmark VM). Below it the shares
// each thread writes and the other reads cost more than the halved work saves: Crunchbase
// 2013 (128k arcs) took 19 ms on two threads against 16.6 on one, 100k generated rows (195k
// arcs) 18.5 against 19.7, 300k rows 57 against 62, 1M rows 0.22 s against 0.30.
constexpr std::size_t parallel_arcs = 150000;

namespace {
// Σ x[v] over [0, n) in four interleaved partial sums (v mod 4) added as (s0 + s1) +
// (s2 + s3): the same bytes every run, and four chains of additions instead of one.
template <class F>
double sum4(std::uint32_t n, F&& f) {
    double acc[4] = {0, 0, 0, 0};
    std::uint32_t v = 0;
    for (; v + 4 <= n; v += 4)
        for (std::uint32_t k = 0; k < 4; ++k) acc[k] += f(v + k);
    for (std::uint32_t k = 0; v < n; ++v, ++k) acc[k] += f(v);
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

// Weighted: y[v] = base + d Σ_u x[u] w(u, v) / out_w(u), with dangling mass spread evenly.
std::vector<double> pagerank_weighted(const CsrView& g, const PageRankOptions& o, const std::vector<double>& out_w) {
    const std::uint32_t n = g.n;
    std::vector<double> x(n, 1.0 / n), y(n);
    const double d = o.damping;
    for (std::uint32_t it = 0; it < o.max_iterations; ++it) {
        const double dangling = sum4(n, [&](std::uint32_t v) { return out_w[v] == 0 ? x[v] : 0.0; });
        const double base = (1 - d) / n + d * dangling / n;
        for (std::uint32_t v = 0; v < n; ++v) {
            double s = 0;
            auto nb = g.neighbors(v);
            auto w = g.neighbor_weights(v);
            // A node whose edges all weigh 0 is dangling (its out_w is 0, and so is w).
            for (std::size_t i = 0; i < nb.size(); ++i)
                if (w[i] > 0) s += x[nb[i]] * w[i] / out_w[nb[i]];
            y[v] = base + d * s;
        }
        const double total = sum4(n, [&](std::uint32_t v) { return y[v]; });
        const double change = sum4(n, [&](std::uint32_t v) {
            y[v] /= total;
            return std::fabs(y[v] - x[v]);
        });
        std::swap(x, y);
        if (change < o.tolerance) break;
    }
    return x;
}
}  // namespace

std::vector<double> pagerank(const CsrView& g, const PageRankOptions& o) {
    PhaseTimer timer("pagerank");
    const std::uint32_t n = g.n;
    if (n == 0) return {};
    std::vector<double> out_w = strength(g);
    if (g.weighted()) return pagerank_weighted(g, o, out_w);
    // Unweighted, each neighbour u sends x[u] / deg(u): computed once per node and
    // iteration instead of once per edge, as x[u] times 1 / deg(u) (a division costs as
    // much as the rest of a node's work). The normalisation, the change, the dangling
    // mass and the next shares are one pass.
    std::vector<double> x(n, 1.0 / n), y(n), share(n), inverse(n);
    const double d = o.damping;
    // A neighbour has degree >= 1; an isolated node's share is never read.
    for (std::uint32_t v = 0; v < n; ++v) inverse[v] = out_w[v] > 0 ? 1.0 / out_w[v] : 0.0;
    double dangling = 0;
    for (std::uint32_t v = 0; v < n; ++v) {
        share[v] = x[v] * inverse[v];
        if (out_w[v] == 0) dangling += x[v];
    }
    // The gather visits the nodes grouped by degree within blocks of consecutive nodes
    // (ascending degree, node order within a degree; degrees from 16 up as one group), so
    // that the length of most nodes' loops is what the branch predictor saw last, while
    // the nodes it reads and writes stay close together. Each y[v] is still its own sum
    // in the order of v's neighbours.
    constexpr std::uint32_t group_block = 512, groups = 16;
    std::vector<std::uint32_t> by_degree(n);
    for (std::uint32_t lo = 0; lo < n; lo += group_block) {
        const std::uint32_t hi = std::min(n, lo + group_block);
        std::uint32_t at[groups + 1] = {};
        auto group = [&](std::uint32_t v) { return std::min(groups - 1, g.offsets[v + 1] - g.offsets[v]); };
        for (std::uint32_t v = lo; v < hi; ++v) ++at[group(v) + 1];
        at[0] = lo;
        for (std::uint32_t k = 1; k <= groups; ++k) at[k] += at[k - 1];
        for (std::uint32_t v = lo; v < hi; ++v) by_degree[at[group(v)]++] = v;
    }
    // Each pass is done in two parts, whatever the number of threads: the gather split
    // where half the arcs are, the pass over the nodes at n / 2, and each part's sums
    // added part 0 first. On a big graph a second thread, kept for the whole run, does
    // part 1 of each pass; on one thread the parts follow each other, with the same bits.
    std::size_t gather_split = 0;
    for (std::size_t arcs = 0; gather_split < n && arcs < g.targets.size() / 2; ++gather_split)
        arcs += g.offsets[by_degree[gather_split] + 1] - g.offsets[by_degree[gather_split]];
    const std::uint32_t node_split = n / 2;
    const std::uint32_t* off = g.offsets.data();
    const std::uint32_t* tgt = g.targets.data();
    double base = 0, scale = 0;
    struct Sums {
        double total = 0, change = 0, dangling = 0;
    } sums[2];
    auto gather = [&](int part) {
        const std::size_t lo = part == 0 ? 0 : gather_split, hi = part == 0 ? gather_split : n;
        double total = 0;
        for (std::size_t i = lo; i < hi; ++i) {
            const std::uint32_t v = by_degree[i];
            double s = 0;
            for (std::uint32_t a = off[v], e = off[v + 1]; a < e; ++a) s += share[tgt[a]];
            y[v] = base + d * s;
            total += y[v];
        }
        sums[part].total = total;
    };
    // x: the new ranks, unscaled, y: the old.
    auto finish = [&](int part) {
        const std::uint32_t lo = part == 0 ? 0 : node_split, hi = part == 0 ? node_split : n;
        double change = 0, lost = 0;
        for (std::uint32_t v = lo; v < hi; ++v) {
            const double r = x[v] * scale;
            x[v] = r;
            change += std::fabs(r - y[v]);
            share[v] = r * inverse[v];
            lost += out_w[v] == 0 ? r : 0.0;
        }
        sums[part].change = change;
        sums[part].dangling = lost;
    };
    bool gathering = true;
    auto part_one = [&] { gathering ? gather(1) : finish(1); };
    std::optional<detail::RoundHelper<decltype(part_one)>> helper;
    if (g.targets.size() >= parallel_arcs && std::thread::hardware_concurrency() > 1) helper.emplace(part_one);
    auto both = [&](auto&& pass) {
        if (helper) {
            helper->run();
            pass(0);
            helper->wait();
        } else {
            pass(0);
            pass(1);
        }
    };
    for (std::uint32_t it = 0; it < o.max_iterations; ++it) {
        base = (1 - d) / n + d * dangling / n;
        gathering = true;
        both(gather);
        scale = 1.0 / (sums[0].total + sums[1].total);
        std::swap(x, y);
        gathering = false;
        both(finish);
        dangling = sums[0].dangling + sums[1].dangling;
        if (sums[0].change + sums[1].change < o.tolerance) break;
    }
    return x;
}

HitsResult hits(const CsrView& g, std::uint32_t split, double tolerance) {
    HitsResult r;
    r.hub.assign(g.n, 0);
    r.authority.assign(g.n, 0);
    if (split == 0 || split >= g.n) return r;
    auto& h = r.hub;
    auto& a = r.authority;
    for (std::uint32_t v = 0; v < split; ++v) h[v] = 1.0 / split;
    std::vector<double> prev(split);
    auto weight = [&](std::uint32_t v, std::size_t i) { return g.weighted() ? g.neighbor_weights(v)[i] : 1.0; };
    for (int it = 0; it < 100000; ++it) {
        // a = A^T h (startups), h = A a (investors), each scaled to sum 1.
        double sa = 0;
        for (std::uint32_t s = split; s < g.n; ++s) {
            auto nb = g.neighbors(s);
            double v = 0;
            for (std::size_t i = 0; i < nb.size(); ++i) v += weight(s, i) * h[nb[i]];
            a[s] = v;
            sa += v;
        }
        if (sa == 0) break;
        for (std::uint32_t s = split; s < g.n; ++s) a[s] /= sa;
        std::copy(h.begin(), h.begin() + split, prev.begin());
        double sh = 0;
        for (std::uint32_t v = 0; v < split; ++v) {
            auto nb = g.neighbors(v);
            double x = 0;
            for (std::size_t i = 0; i < nb.size(); ++i) x += weight(v, i) * a[nb[i]];
            h[v] = x;
            sh += x;
        }
        double change = 0;
        for (std::uint32_t v = 0; v < split; ++v) {
            h[v] /= sh;
            change += std::fabs(h[v] - prev[v]);
        }
        if (change < tolerance) break;
    }
    return r;
}

std::vector<std::uint32_t> core_numbers(const CsrView& g) {
    PhaseTimer timer("k-core");
    // Batagelj & Zaversnik: bucket nodes by degree, peel in order of current degree.
    const std::uint32_t n = g.n;
    std::vector<std::uint32_t> deg(n), pos(n), vert(n);
    std::uint32_t max_deg = 0;
    for (std::uint32_t v = 0; v < n; ++v) max_deg = std::max(max_deg, deg[v] = g.degree(v));
    std::vector<std::uint32_t> bin(max_deg + 1, 0);
    for (auto d : deg) ++bin[d];
    std::uint32_t start = 0;
    for (auto& b : bin) {
        std::uint32_t c = b;
        b = start;
        start += c;
    }
    for (std::uint32_t v = 0; v < n; ++v) {
        pos[v] = bin[deg[v]]++;
        vert[pos[v]] = v;
    }
    for (std::uint32_t d = max_deg; d > 0; --d) bin[d] = bin[d - 1];
    if (!bin.empty()) bin[0] = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        std::uint32_t v = vert[i];
        for (auto u : g.neighbors(v)) {
            if (deg[u] > deg[v]) {
                std::uint32_t du = deg[u], pu = pos[u], pw = bin[du], w = vert[pw];
                if (u != w) {
                    pos[u] = pw;
                    vert[pu] = w;
                    pos[w] = pu;
                    vert[pw] = u;
                }
                ++bin[du];
                --deg[u];
            }
        }
    }
    return deg;
}

}  // namespace dealgraph
