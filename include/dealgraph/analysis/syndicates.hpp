#pragma once
// Syndicates: groups of investors that move as a bloc, i.e. the maximal bicliques of
// the investor/startup graph.

#include <cstdint>
#include <string>
#include <vector>

#include "dealgraph/graph/bipartite.hpp"

namespace dealgraph {

/// Thresholds and bounds of the search. Thresholds below 1 count as 1: a syndicate
/// has at least one investor and one startup.
struct SyndicateOptions {
    std::uint32_t min_investors = 3;
    std::uint32_t min_startups = 2;
    std::uint32_t limit = 100;             // at most this many returned (the top ones); 0 = all
    std::uint64_t max_steps = 2'000'000;  // search budget (nodes of the enumeration tree); 0 = unbounded
};

/// One maximal biclique: every investor backed every startup, no other investor backed
/// all these startups, and no other startup is backed by all these investors.
struct Syndicate {
    std::vector<std::uint32_t> investors;  // bipartite node indices, ascending
    std::vector<std::uint32_t> startups;   // bipartite node indices, ascending
};

struct SyndicateResult {
    /// Ranked: more investors first, then more startups, then the lexicographically
    /// smaller investor list (node indices, i.e. ids, since investors are sorted by id).
    std::vector<Syndicate> syndicates;
    std::uint64_t found = 0;   // maximal bicliques meeting the thresholds found by the search
    std::uint64_t steps = 0;   // nodes of the enumeration tree visited
    bool truncated = false;    // the budget stopped the search or `limit` cut the list
    /// What cut it, for the user, e.g. "search stopped after 2000000 steps; raise
    /// --max-steps" or "showing 100 of 2345; raise --limit"; empty when nothing did.
    std::string truncation;
};

/// The syndicates of `graph`: its maximal bicliques (X investors, Y startups) with
/// |X| >= min_investors and |Y| >= min_startups, ranked as in `SyndicateResult`.
/// Maximal means X is exactly the set of investors that backed every startup of Y, and
/// Y exactly the set of startups backed by every investor of X, in the whole graph.
///
/// Algorithm: closed-itemset enumeration by prefix-preserving closure extension (LCM:
/// Uno, Kiyomi and Arimura, "LCM ver. 2: Efficient mining algorithms for
/// frequent/closed/maximal itemsets", FIMI 2004), with investors as items and startups
/// as transactions: the closed investor sets backed together in at least min_startups
/// startups are exactly the maximal bicliques with |Y| >= min_startups. Each is
/// reached once, from a unique parent, without a list of those already found.
/// Investors are tried in ascending order of degree (ties by id), which makes fewer
/// rejected (non prefix-preserving) candidates. Pruning:
///  - first the (min_startups, min_investors)-core: investors with fewer than
///    min_startups startups and startups with fewer than min_investors investors are
///    removed, repeatedly; every qualifying biclique lies inside it, and maximality in
///    the core is maximality in the graph;
///  - a branch is extended only by investors that backed at least min_startups of its
///    startups (support only shrinks down a branch), and is dropped when its investors
///    plus every investor it could still add are fewer than min_investors.
///
/// Bounds: the search visits at most `max_steps` nodes of the enumeration tree (a node
/// is one candidate closed set, kept or rejected as a duplicate) in a fixed order, so
/// a cut is deterministic; `found` then counts the bicliques found before it. `limit`
/// keeps the top syndicates by the ranking among those found. Either cut sets
/// `truncated` and says so in `truncation`.
///
/// Complexity: O(n + m) for the core (n nodes, m edges), then per node O(m_T + k log k),
/// m_T being the edges at its startups (at most m) and k the investors they touch; a
/// node has at most one child per core investor, so the search takes O(steps * (m + k
/// log k)) time, with steps <= max_steps and steps <= 1 + (B + 1) * I for B maximal
/// bicliques of the core with |Y| >= min_startups and I core investors (polynomial
/// delay). Memory O(n + m * d) for depth d, at most one more than the largest number
/// of startups of a core investor.
///
/// Reads the graph only; throws std::bad_alloc only if memory runs out.
SyndicateResult find_syndicates(const BipartiteGraph& graph, const SyndicateOptions& options = {});

}  // namespace dealgraph
