// Maximal biclique enumeration by prefix-preserving closure extension (LCM); see the
// header for the definition, the bounds and the reference.
//
// In itemset words: investors are the items, startups the transactions (a startup
// "holds" the investors that backed it). A node of the search is a closed investor set
// X with its support T = the startups backed by all of X; X is then exactly the
// investors that backed all of T, so (X, T) is a maximal biclique.

#include "dealgraph/analysis/syndicates.hpp"
#include "dealgraph/model/timing.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <span>
#include <utility>

namespace dealgraph {
namespace {

// Ranking: more investors, then more startups, then the smaller investor list.
bool ranks_before(const Syndicate& a, const Syndicate& b) {
    if (a.investors.size() != b.investors.size()) return a.investors.size() > b.investors.size();
    if (a.startups.size() != b.startups.size()) return a.startups.size() > b.startups.size();
    return a.investors < b.investors;
}

std::string plural(std::uint64_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

class Search {
public:
    Search(const BipartiteGraph& g, const SyndicateOptions& o)
        : graph_(g),
          min_investors_(std::max<std::uint32_t>(o.min_investors, 1)),
          min_startups_(std::max<std::uint32_t>(o.min_startups, 1)),
          limit_(o.limit),
          max_steps_(o.max_steps) {
        build_core();
    }

    void run() {
        if (startups_ == 0) return;
        std::vector<std::uint32_t> all(startups_);
        for (std::uint32_t t = 0; t < startups_; ++t) all[t] = t;
        visit(0, all, kRoot, {});
    }

    SyndicateResult result() && {
        SyndicateResult res;
        std::sort(top_.begin(), top_.end(), ranks_before);
        res.syndicates = std::move(top_);
        res.found = found_;
        res.steps = steps_;
        if (stopped_) {
            res.truncated = true;
            res.truncation = "search stopped after " + plural(max_steps_, "step") + "; raise --max-steps";
        }
        if (limit_ != 0 && found_ > limit_) {
            res.truncated = true;
            if (!res.truncation.empty()) res.truncation += "; ";
            res.truncation += "showing " + std::to_string(limit_) + " of " + std::to_string(found_) +
                              (stopped_ ? " found so far" : "") + "; raise --limit";
        }
        return res;
    }

private:
    static constexpr std::uint32_t kRoot = UINT32_MAX;

    // Scratch of one depth, reused by siblings so the search allocates little.
    struct Level {
        std::vector<std::uint32_t> closure;    // the node's investors (compact), ascending
        std::vector<std::uint32_t> cand;       // investors it may be extended by, ascending
        std::vector<std::uint32_t> occ_begin;  // cand[k]'s startups: occ[occ_begin[k] .. occ_begin[k+1])
        std::vector<std::uint32_t> occ;
    };

    // The (min_startups, min_investors)-core by repeated peeling, renumbered compactly.
    // Startups keep node order; investors go by ascending core degree (ties by node),
    // an order that makes far fewer duplicate (non prefix-preserving) candidates.
    void build_core() {
        const std::uint32_t n = graph_.nodes();
        const std::uint32_t n_inv = graph_.investors();
        auto need = [&](std::uint32_t v) { return v < n_inv ? min_startups_ : min_investors_; };
        std::vector<std::uint32_t> deg(n);
        std::vector<char> alive(n, 1);
        std::vector<std::uint32_t> queue;
        for (std::uint32_t v = 0; v < n; ++v) {
            deg[v] = graph_.degree(v);
            if (deg[v] < need(v)) {
                alive[v] = 0;
                queue.push_back(v);
            }
        }
        while (!queue.empty()) {
            std::uint32_t v = queue.back();
            queue.pop_back();
            for (std::uint32_t w : graph_.neighbors(v)) {
                if (alive[w] && --deg[w] < need(w)) {
                    alive[w] = 0;
                    queue.push_back(w);
                }
            }
        }
        for (std::uint32_t v = 0; v < n; ++v) {
            if (!alive[v]) continue;
            (v < n_inv ? investor_node_ : startup_node_).push_back(v);
        }
        std::stable_sort(investor_node_.begin(), investor_node_.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return deg[a] < deg[b]; });
        std::vector<std::uint32_t> compact(n_inv, UINT32_MAX);
        for (std::uint32_t k = 0; k < investor_node_.size(); ++k) compact[investor_node_[k]] = k;
        investors_ = static_cast<std::uint32_t>(investor_node_.size());
        startups_ = static_cast<std::uint32_t>(startup_node_.size());
        backers_begin_.assign(1, 0);
        for (std::uint32_t v : startup_node_) {
            const auto from = static_cast<std::ptrdiff_t>(backers_.size());
            for (std::uint32_t w : graph_.neighbors(v))
                if (alive[w]) backers_.push_back(compact[w]);
            std::sort(backers_.begin() + from, backers_.end());
            backers_begin_.push_back(static_cast<std::uint32_t>(backers_.size()));
        }
        count_.assign(investors_, 0);
        slot_.assign(investors_, UINT32_MAX);
    }

    std::span<const std::uint32_t> backers(std::uint32_t t) const {
        return std::span<const std::uint32_t>(backers_).subspan(backers_begin_[t],
                                                                backers_begin_[t + 1] - backers_begin_[t]);
    }

    // One node of the enumeration tree: the startups `tx` (ascending), reached from the
    // parent whose investors are `parent` by adding investor `core` (kRoot at the root).
    void visit(std::size_t depth, std::span<const std::uint32_t> tx, std::uint32_t core,
               std::span<const std::uint32_t> parent) {
        if (max_steps_ != 0 && steps_ >= max_steps_) {
            stopped_ = true;
            return;
        }
        ++steps_;
        if (levels_.size() <= depth) levels_.resize(depth + 1);
        Level& L = levels_[depth];
        const auto size = static_cast<std::uint32_t>(tx.size());

        // Occurrence deliver: how many of these startups each investor backed.
        touched_.clear();
        for (std::uint32_t t : tx)
            for (std::uint32_t i : backers(t))
                if (count_[i]++ == 0) touched_.push_back(i);

        // Closure: the investors that backed all of them. Extensions: later investors
        // that backed at least min_startups of them (support only shrinks below).
        L.closure.clear();
        L.cand.clear();
        const std::uint32_t lo = core == kRoot ? 0 : core + 1;
        for (std::uint32_t i : touched_) {
            if (count_[i] == size)
                L.closure.push_back(i);
            else if (i >= lo && count_[i] >= min_startups_)
                L.cand.push_back(i);
        }
        std::sort(L.closure.begin(), L.closure.end());
        // Prefix preservation: below `core` the closure adds nothing to the parent's;
        // otherwise this closed set is another node's child and is skipped here.
        if (core != kRoot) {
            auto below = [core](std::span<const std::uint32_t> c) {
                return std::lower_bound(c.begin(), c.end(), core) - c.begin();
            };
            if (below(L.closure) != below(parent)) {
                reset_counts();
                return;
            }
        }
        if (!L.closure.empty() && L.closure.size() >= min_investors_) report(tx, L.closure);

        // Every descendant's investors are these plus some candidates: stop when even
        // all of them stay below min_investors.
        if (L.cand.empty() || L.closure.size() + L.cand.size() < min_investors_) {
            reset_counts();
            return;
        }
        std::sort(L.cand.begin(), L.cand.end());
        L.occ_begin.assign(L.cand.size() + 1, 0);
        for (std::size_t k = 0; k < L.cand.size(); ++k) {
            slot_[L.cand[k]] = static_cast<std::uint32_t>(k);
            L.occ_begin[k + 1] = L.occ_begin[k] + count_[L.cand[k]];
        }
        L.occ.resize(L.occ_begin.back());
        fill_.assign(L.occ_begin.begin(), L.occ_begin.end() - 1);
        for (std::uint32_t t : tx)  // each candidate's startups, ascending as tx is
            for (std::uint32_t i : backers(t))
                if (slot_[i] != UINT32_MAX) L.occ[fill_[slot_[i]]++] = t;
        for (std::uint32_t i : L.cand) slot_[i] = UINT32_MAX;
        reset_counts();

        // Children in ascending candidate order: a fixed order, so a budget cut is too.
        // `L` stays valid while children add levels: levels_ is a deque.
        for (std::size_t k = 0; k < L.cand.size() && !stopped_; ++k) {
            std::span<const std::uint32_t> sub(L.occ.data() + L.occ_begin[k], L.occ_begin[k + 1] - L.occ_begin[k]);
            visit(depth + 1, sub, L.cand[k], L.closure);
        }
    }

    void reset_counts() {
        for (std::uint32_t i : touched_) count_[i] = 0;
    }

    void report(std::span<const std::uint32_t> tx, std::span<const std::uint32_t> closure) {
        ++found_;
        scratch_.investors.clear();
        scratch_.startups.clear();
        for (std::uint32_t i : closure) scratch_.investors.push_back(investor_node_[i]);
        std::sort(scratch_.investors.begin(), scratch_.investors.end());
        for (std::uint32_t t : tx) scratch_.startups.push_back(startup_node_[t]);  // ascending already
        if (limit_ == 0 || top_.size() < limit_) {
            top_.push_back(scratch_);
            std::push_heap(top_.begin(), top_.end(), ranks_before);
        } else if (ranks_before(scratch_, top_.front())) {
            std::pop_heap(top_.begin(), top_.end(), ranks_before);
            top_.back() = scratch_;
            std::push_heap(top_.begin(), top_.end(), ranks_before);
        }
    }

    const BipartiteGraph& graph_;
    const std::uint32_t min_investors_, min_startups_, limit_;
    const std::uint64_t max_steps_;

    std::uint32_t investors_ = 0, startups_ = 0;
    std::vector<std::uint32_t> investor_node_, startup_node_;  // compact index -> node index
    std::vector<std::uint32_t> backers_begin_, backers_;       // each core startup's investors, ascending

    std::vector<std::uint32_t> count_, slot_, touched_, fill_;  // count_ and slot_ per investor, kept clear
    std::deque<Level> levels_;

    std::uint64_t steps_ = 0, found_ = 0;
    bool stopped_ = false;
    Syndicate scratch_;
    std::vector<Syndicate> top_;  // a heap under ranks_before: the worst kept syndicate on top
};

}  // namespace

SyndicateResult find_syndicates(const BipartiteGraph& graph, const SyndicateOptions& options) {
    PhaseTimer timer("syndicates");
    Search search(graph, options);
    search.run();
    return std::move(search).result();
}

}  // namespace dealgraph
