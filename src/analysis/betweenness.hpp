#pragma once
// Internal: exact and approximate betweenness behind shortest_path_measures().
//
// Exact (fast_betweenness): Brandes (2001) on a reduced graph, giving the same
// values as plain Brandes on the input (each unordered pair once, unnormalised):
//  1. Degree-1 folding (Baglioni, Geraci, Pellegrini & Lastres 2012, "Fast exact
//     computation of betweenness centrality in social networks", ASONAM; also Puzis,
//     Elovici, Zilberman, Dolev & Brandes 2015, "Topology manipulations for speeding
//     betweenness centrality computation", J. Complex Networks 3(1)). Leaves are peeled
//     repeatedly; each peeled node v stands for the w(v) nodes of the tree hanging from
//     it. Every node that ends in a tree, or roots one, is a cut vertex between its
//     branches (the child trees and the rest of its component), so its share of those
//     pairs is Σ_{i<j} b_i b_j exactly, computed in integers.
//  2. Structural equivalence (Puzis et al. 2015): nodes of the remaining 2-core with
//     identical neighbour sets (non-adjacent twins) are merged into one class of
//     multiplicity m and weight W (the sum of their w). An edge between two classes
//     stands for all m_a m_b edges between their members. Pairs inside a class are at
//     distance 2 through each of the |N| common neighbours: each neighbour gets
//     (W² - Σ w²)/2 / |N|.
//  3. Weighted Brandes on the class graph: σ counts paths through a class per member
//     (a child w of p gets m_p σ_p; the source counts once), and the dependency of a
//     member of p on source class S is δ_p = Σ_{w child} σ_p/σ_w (W_w + m_w δ_w);
//     a member's score gets W_S δ_p, summed over sources and halved.
//  All of this holds for any simple undirected graph. Cost: O(n' m') for n' classes and
//  m' class edges of the 2-core, plus O(n + m log) for the reductions.
//
// Work is split into fixed lanes of source blocks summed in order, so the bytes do not
// depend on the number of threads.

#include <cstdint>
#include <optional>
#include <vector>

#include "dealgraph/analysis/centrality.hpp"

namespace dealgraph::detail {

/// Exact unnormalised betweenness (unordered pairs once) with the reductions above, and
/// closeness and harmonic closeness (centrality.hpp) from the same class sweeps.
struct ExactShortestPaths {
    /// Empty when not asked, or when `work_limit` >= 0 and the reduced graph's
    /// n' (n' + 2m') exceeds it.
    std::optional<std::vector<double>> betweenness;
    std::vector<double> closeness;  // empty unless asked
    std::vector<double> harmonic;
};
ExactShortestPaths exact_shortest_paths(const CsrView& graph, bool betweenness, bool closeness, unsigned threads,
                                        double work_limit = -1);

/// The instruction set the exact sweeps are compiled for, picked at run time from what the
/// processor has (x86-64: AVX-512, AVX2, else the baseline). Every choice does the same
/// additions in the same order, so the values are identical; tests force each in turn.
enum class SweepIsa { baseline, avx2, avx512 };
SweepIsa sweep_isa();
/// Forces `isa` (for tests; one the processor lacks falls back to the widest narrower one
/// it has); std::nullopt returns to the automatic choice.
void force_sweep_isa(std::optional<SweepIsa> isa);
bool sweep_isa_supported(SweepIsa isa);

/// Plain Brandes (no reductions), the reference the reductions are checked against.
std::vector<double> brandes_betweenness(const CsrView& graph);

/// Riondato & Kornaropoulos (2016) sampling: `samples` uniformly random ordered pairs
/// (u, v), u != v, one uniformly random shortest u-v path each (found by a balanced
/// bidirectional BFS, as in KADABRA, Borassi & Natale 2019); each interior node gets
/// 1/samples. The estimate of b(v)/(n(n-1)) is within epsilon of it for every node with
/// probability at least 1 - delta when samples >= (c/ε²)(⌊log2(VD-2)⌋ + 1 + ln(1/δ)),
/// c = 0.5, VD the vertex diameter (bounded above by twice the BFS eccentricity of a
/// node in each component, plus one). Returned unnormalised (scaled by n(n-1)/2).
struct ApproximateBetweenness {
    std::vector<double> values;
    std::uint64_t samples = 0;
    std::uint32_t vertex_diameter_bound = 0;
};
ApproximateBetweenness approximate_betweenness(const CsrView& graph, double epsilon, double delta,
                                               std::uint64_t seed, unsigned threads);

/// Number of samples the Riondato-Kornaropoulos bound asks for.
std::uint64_t rk_sample_size(double epsilon, double delta, std::uint32_t vertex_diameter);

}  // namespace dealgraph::detail
