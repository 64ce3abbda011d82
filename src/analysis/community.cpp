// The Leiden algorithm (Traag, Waltman & van Eck 2019) over compressed sparse rows;
// see the header for the quality function, the phases and the guarantees.
//
// Quality is kept in units of edge weight: moving node v (strength k_v) into
// community C changes H = sum_c (e_c - gamma K_c^2 / 2m) by 2 (w(v, C) - g k_v K_C),
// with g = gamma / 2m, w(v, C) the weight between v and C, and K_C the strength of C
// without v. Q = H / 2m.

#include "dealgraph/analysis/community.hpp"
#include "dealgraph/model/timing.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "dealgraph/model/error.hpp"

namespace dealgraph {
namespace {

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t iteration_guard = 1000;

// Uniform draws defined here, not by <random>'s distributions, whose algorithms are
// left to each standard library: mt19937_64's output is fixed by the standard.
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    // Uniform in [0, n), n > 0, by rejection (no modulo bias): draws from `limit` up,
    // the top max % n + 1 values, are drawn again. limit > max - n, so a draw at most
    // max - n is kept without working out limit, a second division.
    std::uint64_t below(std::uint64_t n) {
        constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t x = engine_();
        if (x > max - n) {
            const std::uint64_t limit = max - max % n;
            while (x >= limit) x = engine_();
        }
        return x % n;
    }
    // Uniform in [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    template <typename T>
    void shuffle(std::vector<T>& v) {  // Fisher-Yates
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

private:
    std::mt19937_64 engine_;
};

// w when `keep`, else +0.0, without a branch: a mask on the bits. GCC turns w * keep back
// into a branch, which the processor mispredicts where keep is close to random.
inline double masked(double w, bool keep) {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(w) & (0 - static_cast<std::uint64_t>(keep)));
}

// One level's graph: CSR without self-loops (they never change a move), and node
// strengths (which do count self-loops and the inside of aggregated nodes).
struct Level {
    std::uint32_t n = 0;
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> targets;
    std::vector<double> weights;
    std::vector<double> strength;
};

Level level_zero(const CsrView& g) {
    Level l;
    l.n = g.n;
    l.offsets.assign(std::size_t{g.n} + 1, 0);
    l.strength.assign(g.n, 0.0);
    l.targets.reserve(g.targets.size());
    l.weights.reserve(g.targets.size());
    for (std::uint32_t v = 0; v < g.n; ++v) {
        for (std::uint32_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
            const double w = g.weighted() ? g.weights[i] : 1.0;
            if (!std::isfinite(w) || w < 0)
                throw std::invalid_argument("leiden: edge weight " + std::to_string(w) +
                                            "; expected a finite number >= 0");
            l.strength[v] += w;
            if (g.targets[i] == v) continue;
            l.targets.push_back(g.targets[i]);
            l.weights.push_back(w);
        }
        l.offsets[v + 1] = static_cast<std::uint32_t>(l.targets.size());
    }
    return l;
}

// Renumbers labels (each < label bound) 0.. in order of first appearance; returns the count.
std::uint32_t renumber(std::vector<std::uint32_t>& label, std::vector<std::uint32_t>& scratch) {
    scratch.assign(label.size(), none);
    std::uint32_t next = 0;
    for (auto& c : label) {
        if (scratch[c] == none) scratch[c] = next++;
        c = scratch[c];
    }
    return next;
}

// Nodes grouped by label (labels 0..count-1), ascending within each group.
struct Groups {
    std::vector<std::uint32_t> start;  // count + 1
    std::vector<std::uint32_t> nodes;
    std::span<const std::uint32_t> of(std::uint32_t c) const {
        return std::span<const std::uint32_t>(nodes).subspan(start[c], start[c + 1] - start[c]);
    }
};

Groups group(const std::vector<std::uint32_t>& label, std::uint32_t count) {
    Groups gr;
    gr.start.assign(std::size_t{count} + 1, 0);
    for (auto c : label) ++gr.start[c + 1];
    for (std::uint32_t c = 0; c < count; ++c) gr.start[c + 1] += gr.start[c];
    gr.nodes.resize(label.size());
    std::vector<std::uint32_t> fill(gr.start.begin(), gr.start.end() - 1);
    for (std::uint32_t v = 0; v < label.size(); ++v) gr.nodes[fill[label[v]]++] = v;
    return gr;
}

// Nodes grouped by label into `gr`, reusing its storage (`fill` is scratch).
void group_into(const std::vector<std::uint32_t>& label, std::uint32_t count, Groups& gr,
                std::vector<std::uint32_t>& fill) {
    gr.start.assign(std::size_t{count} + 1, 0);
    for (auto c : label) ++gr.start[c + 1];
    for (std::uint32_t c = 0; c < count; ++c) gr.start[c + 1] += gr.start[c];
    gr.nodes.resize(label.size());
    fill.assign(gr.start.begin(), gr.start.end() - 1);
    for (std::uint32_t v = 0; v < label.size(); ++v) gr.nodes[fill[label[v]]++] = v;
}

// All per-node scratch lives here, sized once for the level-zero graph (every level
// is at most that large) and reused by every level and iteration: a run allocates
// (and the kernel zero-fills pages) a few times instead of a few times per level.
// Arrays marked "kept clear" are all zero between uses, as each use resets what it
// touched.
class Leiden {
public:
    Leiden(const LeidenOptions& o, double total, std::uint32_t n) : o_(o), g_(o.resolution / total), rng_(o.seed) {
        cw_.resize(n);
        cn_.resize(n);
        queue_.resize(n);
        queued_.resize(n);
        wt_.assign(n, 0.0);
        seen_.assign(n, 0);
        sw_.resize(n);
        ext_.resize(n);
        merged_.resize(n);
        rename_.assign(n, none);
        node_of_.resize(n);
        touched_.resize(n);  // distinct communities or sub-communities seen at once: at most n
    }

    // What one iteration leaves besides the membership.
    struct Outcome {
        // A level was aggregated by community (refinement merged nothing), so a
        // community may be disconnected; otherwise every community is a union of
        // refined sub-communities, each connected, and so connected itself.
        bool maybe_disconnected = false;
        // Q of the membership, from the last level: there every node is a community
        // of its own, so Q = sum over its nodes of (self-loop weight - gamma k^2 / 2m)
        // / 2m, a pass over that small graph instead of over every arc of the first.
        double quality = 0;
    };

    // One iteration from `membership` (labels < n), updated in place. `total` is 2m.
    Outcome iterate(const Level& base, std::vector<std::uint32_t>& membership, double total) {
        Outcome outcome;
        const Level* g = &base;
        comm_ = membership;  // community of each node of *g
        for (std::uint32_t v = 0; v < base.n; ++v) node_of_[v] = v;  // aggregate node of each original node
        int next_level = 0;
        for (;;) {
            const std::uint32_t count = move_nodes(*g, comm_);
            if (count == g->n) break;
            refined_ = comm_;
            std::uint32_t refined_count = refine(*g, comm_, count, refined_);
            if (refined_count == g->n) {  // nothing merged: aggregate by community
                refined_ = comm_;
                refined_count = count;
                outcome.maybe_disconnected = true;
            }
            for (auto& a : node_of_) a = refined_[a];
            // Aggregates alternate between two levels: the one being read is never written.
            Level& next = levels_[next_level];
            next_level ^= 1;
            aggregate(*g, comm_, refined_, refined_count, next, next_comm_);
            g = &next;
            std::swap(comm_, next_comm_);
        }
        for (std::uint32_t v = 0; v < base.n; ++v) membership[v] = comm_[node_of_[v]];
        double internal = 0, expected = 0;
        for (std::uint32_t v = 0; v < g->n; ++v) {
            double row = 0;  // the level's rows hold no self-loops
            for (std::uint32_t i = g->offsets[v]; i < g->offsets[v + 1]; ++i) row += g->weights[i];
            internal += g->strength[v] - row;
            expected += g->strength[v] * g->strength[v];
        }
        outcome.quality = (internal - o_.resolution * expected / total) / total;
        return outcome;
    }

private:
    // Fast local moving; `comm` labels < g.n on entry, renumbered 0..count-1 on exit.
    // The loops read and write through local pointers: the byte flags (seen, queued)
    // may alias anything as far as the compiler knows, which otherwise makes it reload
    // every array's address from its vector after each flag is set.
    std::uint32_t move_nodes(const Level& g, std::vector<std::uint32_t>& comm_vec) {
        const std::uint32_t n = g.n;
        double* const cw = cw_.data();
        std::uint32_t* const cn = cn_.data();
        std::uint32_t* const comm = comm_vec.data();
        const double* const strength = g.strength.data();
        const std::uint32_t* const offsets = g.offsets.data();
        const std::uint32_t* const targets = g.targets.data();
        const double* const weights = g.weights.data();
        std::fill_n(cw, n, 0.0);
        std::fill_n(cn, n, 0u);
        for (std::uint32_t v = 0; v < n; ++v) {
            cw[comm[v]] += strength[v];
            ++cn[comm[v]];
        }
        auto& empty = empty_;
        empty.clear();
        for (std::uint32_t c = n; c-- > 0;)
            if (cn[c] == 0) empty.push_back(c);

        queue_.resize(n);
        for (std::uint32_t v = 0; v < n; ++v) queue_[v] = v;
        rng_.shuffle(queue_);
        std::uint32_t* const queue = queue_.data();
        char* const queued = queued_.data();
        std::fill_n(queued, n, char{1});
        std::size_t head = 0, size = n;  // ring buffer: each node is queued at most once

        double* const wt = wt_.data();      // kept clear
        char* const seen = seen_.data();    // kept clear
        std::uint32_t* const touched = touched_.data();
        const double resolution = o_.resolution, gk = g_;
        while (size > 0) {
            const std::uint32_t v = queue[head];
            head = head + 1 == n ? 0 : head + 1;
            --size;
            queued[v] = 0;
            const double kv = strength[v];
            const std::uint32_t cur = comm[v];
            cw[cur] -= kv;
            if (--cn[cur] == 0) empty.push_back(cur);

            // The lists of distinct communities here, in refine and in aggregate are
            // made without a branch: each label is written past the list's end, and the
            // end moves past it only if the label is new. Whether it is new is close to
            // random, and the branches were mispredicted (a quarter of Leiden's time on
            // Crunchbase). The slot exists: a node has fewer distinct neighbouring labels
            // than n, as there are no self-loops.
            std::uint32_t n_touched = 0;
            for (std::uint32_t i = offsets[v], end = offsets[v + 1]; i < end; ++i) {
                const std::uint32_t c = comm[targets[i]];
                touched[n_touched] = c;
                n_touched += !seen[c];
                seen[c] = 1;
                wt[c] += weights[i];
            }
            // Staying is the baseline; another community must beat it by more than
            // rounding noise. An empty community gains 0.
            const double tol = 1e-12 * kv * (1.0 + resolution);
            std::uint32_t best = cur;
            double bar = wt[cur] - gk * kv * cw[cur] + tol;
            for (std::uint32_t t = 0; t < n_touched; ++t) {
                const std::uint32_t c = touched[t];
                const double gain = wt[c] - gk * kv * cw[c];
                if (gain > bar) {
                    best = c;
                    bar = gain;
                }
                wt[c] = 0;
                seen[c] = 0;
            }
            wt[cur] = 0;
            if (cn[cur] > 0 && 0.0 > bar) best = empty.back();

            cw[best] += kv;
            if (++cn[best] == 1) empty.pop_back();  // an empty community is the top of the stack
            if (best != cur) {
                comm[v] = best;
                for (std::uint32_t i = offsets[v], end = offsets[v + 1]; i < end; ++i) {
                    const std::uint32_t u = targets[i];
                    if (!queued[u] && comm[u] != best) {
                        queued[u] = 1;
                        std::size_t tail = head + size;
                        if (tail >= n) tail -= n;
                        queue[tail] = u;
                        ++size;
                    }
                }
            }
        }
        return renumber(comm_vec, scratch_);
    }

    // Refinement: within each community, singletons merge into well-connected
    // sub-communities. `refined` gets labels 0..result-1, numbered community by
    // community and, within one, in order of first appearance.
    std::uint32_t refine(const Level& g, const std::vector<std::uint32_t>& comm_vec, std::uint32_t count,
                         std::vector<std::uint32_t>& refined_vec) {
        const std::uint32_t n = g.n;
        group_into(comm_vec, count, groups_, fill_);
        const Groups& groups = groups_;
        // Sub-communities are named by a node of theirs: sub-community v starts as {v}.
        // Local pointers, as in move_nodes.
        double* const sw = sw_.data();
        double* const ext = ext_.data();
        double* const wt = wt_.data();                 // kept clear
        char* const seen = seen_.data();               // kept clear
        std::uint32_t* const rename = rename_.data();  // kept at none
        char* const merged = merged_.data();
        std::uint32_t* const touched = touched_.data();
        std::uint32_t* const refined = refined_vec.data();
        const std::uint32_t* const comm = comm_vec.data();
        auto& order = order_;
        auto& candidates = candidates_;
        auto& cum = cum_;
        auto& gains = gains_;
        const double* const strength = g.strength.data();
        const std::uint32_t* const offsets = g.offsets.data();
        const std::uint32_t* const targets = g.targets.data();
        const double* const weights = g.weights.data();
        const double gk = g_, randomness = o_.randomness;
        std::fill_n(merged, n, char{0});
        for (std::uint32_t v = 0; v < n; ++v) {
            refined[v] = v;
            sw[v] = strength[v];
            double e = 0;
            const std::uint32_t cv = comm[v];
            // Without a branch (adding weight times 0 leaves e as it is; weights are
            // finite, see level_zero): whether a neighbour is in the same community is
            // close to random, and the branch was mispredicted.
            for (std::uint32_t i = offsets[v], end = offsets[v + 1]; i < end; ++i)
                e += masked(weights[i], comm[targets[i]] == cv);
            ext[v] = e;
        }
        std::uint32_t next = 0;
        for (std::uint32_t c = 0; c < count; ++c) {
            auto members = groups.of(c);
            double total = 0;
            for (auto v : members) total += strength[v];
            order.assign(members.begin(), members.end());
            rng_.shuffle(order);
            for (auto v : order) {
                const double kv = strength[v];
                // Only singletons that are well connected to their community move.
                if (merged[v] || ext[v] < gk * kv * (total - kv)) continue;
                const double ext_v = ext[v];
                sw[v] = 0;
                std::uint32_t n_touched = 0;
                for (std::uint32_t i = offsets[v], end = offsets[v + 1]; i < end; ++i) {
                    const std::uint32_t u = targets[i];
                    // Neighbours in other communities add 0 and no label.
                    const bool inside = comm[u] == c;
                    const std::uint32_t sc = refined[u];
                    touched[n_touched] = sc;
                    n_touched += inside & !seen[sc];
                    seen[sc] |= static_cast<char>(inside);
                    wt[sc] += masked(weights[i], inside);
                }
                // Candidates: staying alone (gain 0) and every well-connected
                // neighbouring sub-community that does not lower the quality.
                // Each candidate's gain is kept beside it.
                candidates.assign(1, v);
                gains.assign(1, 0.0);
                double max_gain = 0;
                for (std::uint32_t t = 0; t < n_touched; ++t) {
                    const std::uint32_t sc = touched[t];
                    const double gain = wt[sc] - gk * kv * sw[sc];
                    if (gain >= 0 && ext[sc] >= gk * sw[sc] * (total - sw[sc])) {
                        candidates.push_back(sc);
                        gains.push_back(gain);
                        max_gain = std::max(max_gain, gain);
                    }
                }
                std::uint32_t chosen = v;
                if (candidates.size() > 1) {
                    if (randomness > 0) {
                        cum.clear();
                        double sum = 0;
                        for (const double gain : gains) {
                            // No exp call at 0 (the best candidate: exactly 1) nor below
                            // -37, where exp(x) < 2^-53 of the best's weight: finer than
                            // the 53-bit draw below resolves, so such a candidate, once
                            // chosen with a probability under 1.1e-16, now never is.
                            // Most calls fell there (Crunchbase: 1.36 of 1.73 million).
                            const double x = (gain - max_gain) / randomness;
                            sum += x == 0.0 ? 1.0 : x < -37.0 ? 0.0 : std::exp(x);
                            cum.push_back(sum);
                        }
                        const double r = rng_.unit() * sum;
                        auto it = std::upper_bound(cum.begin(), cum.end(), r);
                        chosen = candidates[std::min<std::size_t>(it - cum.begin(), candidates.size() - 1)];
                    } else {
                        double best = 0;
                        for (std::size_t k = 1; k < candidates.size(); ++k) {
                            if (gains[k] > best) {
                                best = gains[k];
                                chosen = candidates[k];
                            }
                        }
                    }
                }
                // v's edges to the chosen sub-community become internal, its others
                // in the community external.
                const double to_chosen = chosen == v ? 0.0 : wt[chosen];
                ext[chosen] = (chosen == v ? 0.0 : ext[chosen]) + ext_v - 2 * to_chosen;
                sw[chosen] += kv;
                if (chosen != v) {
                    refined[v] = chosen;
                    merged[chosen] = 1;
                    merged[v] = 1;
                }
                for (std::uint32_t t = 0; t < n_touched; ++t) {
                    wt[touched[t]] = 0;
                    seen[touched[t]] = 0;
                }
            }
            for (auto v : members) {
                if (rename[refined[v]] == none) rename[refined[v]] = next++;
            }
            for (auto v : members) refined[v] = rename[refined[v]];
            // rename[] is indexed by node; members are this community's nodes only.
            for (auto v : members) rename[v] = none;
        }
        return next;
    }

    // One node per refined sub-community, placed in its community.
    void aggregate(const Level& g, const std::vector<std::uint32_t>& comm, const std::vector<std::uint32_t>& refined,
                   std::uint32_t count, Level& out, std::vector<std::uint32_t>& out_comm) {
        group_into(refined, count, groups_, fill_);
        const Groups& groups = groups_;
        out.n = count;
        out.offsets.assign(std::size_t{count} + 1, 0);
        out.strength.assign(count, 0.0);
        out.targets.clear();
        out.weights.clear();
        out_comm.assign(count, 0);
        double* const acc = wt_.data();  // kept clear; count <= n
        char* const seen = seen_.data();  // kept clear
        std::uint32_t* const touched = touched_.data();
        const double* const strength = g.strength.data();
        const std::uint32_t* const offsets = g.offsets.data();
        const std::uint32_t* const targets = g.targets.data();
        const double* const weights = g.weights.data();
        const std::uint32_t* const sub = refined.data();
        for (std::uint32_t r = 0; r < count; ++r) {
            std::uint32_t n_touched = 0;
            auto members = groups.of(r);
            out_comm[r] = comm[members.front()];
            double k = 0;
            for (auto v : members) {
                k += strength[v];
                for (std::uint32_t i = offsets[v], end = offsets[v + 1]; i < end; ++i) {
                    const std::uint32_t s = sub[targets[i]];
                    const bool other = s != r;  // edges inside r add 0 and no label
                    touched[n_touched] = s;
                    n_touched += other & !seen[s];
                    seen[s] |= static_cast<char>(other);
                    acc[s] += masked(weights[i], other);
                }
            }
            out.strength[r] = k;
            for (std::uint32_t t = 0; t < n_touched; ++t) {
                const std::uint32_t s = touched[t];
                out.targets.push_back(s);
                out.weights.push_back(acc[s]);
                acc[s] = 0;
                seen[s] = 0;
            }
            out.offsets[r + 1] = static_cast<std::uint32_t>(out.targets.size());
        }
    }

    const LeidenOptions& o_;
    double g_;  // gamma / 2m
    Random rng_;
    Level levels_[2];
    Groups groups_;
    std::vector<double> cw_, wt_, sw_, ext_, cum_, gains_;
    std::vector<std::uint32_t> cn_, queue_, empty_, touched_, scratch_, rename_, order_, candidates_, fill_;
    std::vector<std::uint32_t> comm_, next_comm_, refined_, node_of_;
    std::vector<char> queued_, seen_, merged_;
};

// Splits every community into its connected components (labels renumbered in order
// of first appearance). Returns whether anything was split.
bool split_disconnected(const Level& g, std::vector<std::uint32_t>& membership) {
    const std::uint32_t n = g.n;
    std::vector<std::uint32_t> label(n, none), stack;
    std::uint32_t next = 0;
    for (std::uint32_t s = 0; s < n; ++s) {
        if (label[s] != none) continue;
        label[s] = next;
        stack.assign(1, s);
        while (!stack.empty()) {
            const std::uint32_t v = stack.back();
            stack.pop_back();
            for (std::uint32_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
                const std::uint32_t u = g.targets[i];
                if (label[u] == none && membership[u] == membership[v]) {
                    label[u] = next;
                    stack.push_back(u);
                }
            }
        }
        ++next;
    }
    std::vector<std::uint32_t> scratch;
    std::vector<std::uint32_t> before = membership;
    const std::uint32_t communities = renumber(before, scratch);
    membership = std::move(label);
    return next != communities;
}

// Modularity with labels 0..count-1.
double modularity_of(const Level& g, const std::vector<std::uint32_t>& membership, std::uint32_t count,
                     double resolution) {
    double total = 0, internal = 0;
    std::vector<double> cw(count, 0.0);
    for (std::uint32_t v = 0; v < g.n; ++v) {
        total += g.strength[v];
        cw[membership[v]] += g.strength[v];
        // Self-loops are not in the level's rows: their weight is strength minus row.
        double row = 0;
        const std::uint32_t mv = membership[v];
        for (std::uint32_t i = g.offsets[v], end = g.offsets[v + 1]; i < end; ++i) {
            row += g.weights[i];
            internal += membership[g.targets[i]] == mv ? g.weights[i] : 0.0;  // no branch, as in refine
        }
        internal += g.strength[v] - row;
    }
    if (total <= 0) return 0;
    double expected = 0;
    for (double k : cw) expected += k * k;
    return (internal - resolution * expected / total) / total;
}

void check_options(const LeidenOptions& o) {
    if (!std::isfinite(o.resolution) || o.resolution < 0)
        throw UsageError("leiden: resolution is " + std::to_string(o.resolution) +
                         "; expected a finite number >= 0");
    if (!std::isfinite(o.randomness) || o.randomness < 0)
        throw UsageError("leiden: randomness is " + std::to_string(o.randomness) +
                         "; expected a finite number >= 0");
}

}  // namespace

double modularity(const CsrView& graph, std::span<const std::uint32_t> membership, double resolution) {
    if (membership.size() != graph.n)
        throw std::invalid_argument("modularity: " + std::to_string(membership.size()) + " labels for " +
                                    std::to_string(graph.n) + " nodes");
    std::vector<std::uint32_t> labels(membership.begin(), membership.end());
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    std::vector<std::uint32_t> dense(graph.n);
    for (std::uint32_t v = 0; v < graph.n; ++v)
        dense[v] = static_cast<std::uint32_t>(std::lower_bound(labels.begin(), labels.end(), membership[v]) -
                                              labels.begin());
    std::vector<double> cw(labels.size(), 0.0);
    double total = 0, internal = 0;
    for (std::uint32_t v = 0; v < graph.n; ++v) {
        for (std::uint32_t i = graph.offsets[v]; i < graph.offsets[v + 1]; ++i) {
            const double w = graph.weighted() ? graph.weights[i] : 1.0;
            total += w;
            cw[dense[v]] += w;
            if (dense[graph.targets[i]] == dense[v]) internal += w;
        }
    }
    if (total == 0) return 0;
    double expected = 0;
    for (double k : cw) expected += k * k;
    return (internal - resolution * expected / total) / total;
}

CommunityResult leiden(const CsrView& graph, const LeidenOptions& options) {
    PhaseTimer timer("leiden");
    check_options(options);
    const Level base = level_zero(graph);
    const std::uint32_t n = base.n;
    CommunityResult result;
    std::vector<std::uint32_t> membership(n), scratch;
    for (std::uint32_t v = 0; v < n; ++v) membership[v] = v;

    double total = 0;
    for (double k : base.strength) total += k;
    if (total > 0) {
        Leiden algorithm(options, total, n);
        std::vector<std::uint32_t> best = membership;
        double best_q = -std::numeric_limits<double>::infinity();
        const std::uint32_t limit = options.max_iterations == 0 ? iteration_guard : options.max_iterations;
        while (result.iterations < limit) {
            std::vector<std::uint32_t> before = membership;
            const auto outcome = algorithm.iterate(base, membership, total);
            double q = outcome.quality;
            const bool split = outcome.maybe_disconnected && split_disconnected(base, membership);
            ++result.iterations;
            const std::uint32_t count = renumber(membership, scratch);
            if (split) q = modularity_of(base, membership, count, options.resolution);
            if (q > best_q) {
                best_q = q;
                best = membership;
            }
            if (membership == before) break;
        }
        membership = std::move(best);
    }

    // Ids: largest community first, ties by smallest member.
    const std::uint32_t count = renumber(membership, scratch);
    const Groups groups = group(membership, count);
    std::vector<std::uint32_t> order(count);
    for (std::uint32_t c = 0; c < count; ++c) order[c] = c;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto sa = groups.of(a).size(), sb = groups.of(b).size();
        return sa != sb ? sa > sb : groups.of(a).front() < groups.of(b).front();
    });
    result.communities.resize(count);
    result.membership.assign(n, 0);
    for (std::uint32_t id = 0; id < count; ++id) {
        auto members = groups.of(order[id]);
        result.communities[id].id = id;
        result.communities[id].members.assign(members.begin(), members.end());
        for (auto v : members) result.membership[v] = id;
    }
    result.modularity = modularity(graph, result.membership, options.resolution);
    return result;
}

}  // namespace dealgraph
