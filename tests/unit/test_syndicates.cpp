// Syndicates = maximal bicliques: hand-drawn fixtures, known shapes, the bounds, a slow
// obvious implementation on seeded random graphs, and the bundled and Crunchbase data.

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dealgraph/analysis/syndicates.hpp"
#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/ingest/load.hpp"
#include "dealgraph/ingest/text.hpp"
#include "support/run.hpp"

using namespace dealgraph;

namespace {

using Edges = std::vector<std::pair<std::string, std::string>>;  // (investor id, startup id)

// A data set with one closed deal per startup, its investors as listed.
Dataset dataset_of(const Edges& edges) {
    Dataset d;
    std::map<std::string, std::vector<std::string>> backers;
    std::vector<std::string> order;  // startups in the order first seen
    std::set<std::string> investors;
    for (const auto& [i, s] : edges) {
        if (!backers.contains(s)) order.push_back(s);
        backers[s].push_back(i);
        investors.insert(i);
    }
    for (const auto& i : investors) {
        Entity e;
        e.id = e.name = i;
        e.role = Role::investor;
        d.entities.push_back(e);
    }
    for (const auto& s : order) {
        Entity e;
        e.id = e.name = s;
        e.role = Role::startup;
        d.entities.push_back(e);
        Deal deal;
        deal.id = "d-" + s;
        deal.startup = s;
        for (const auto& i : backers[s]) deal.investors.push_back({i, false, std::nullopt});
        d.deals.push_back(deal);
    }
    return d;
}

BipartiteGraph graph_of(const Edges& edges) { return BipartiteGraph::build(dataset_of(edges), {}); }

// A syndicate as ids, for readable comparisons: "a,b,c | s1,s2".
std::string show(const BipartiteGraph& g, const Syndicate& s) {
    std::string out;
    for (auto v : s.investors) out += (out.empty() ? "" : ",") + g.node(v).id;
    out += " |";
    for (std::size_t k = 0; k < s.startups.size(); ++k) out += (k ? "," : " ") + g.node(s.startups[k]).id;
    return out;
}
std::vector<std::string> show(const BipartiteGraph& g, const SyndicateResult& r) {
    std::vector<std::string> out;
    for (const auto& s : r.syndicates) out.push_back(show(g, s));
    return out;
}

SyndicateOptions thresholds(std::uint32_t investors, std::uint32_t startups) {
    SyndicateOptions o;
    o.min_investors = investors;
    o.min_startups = startups;
    return o;
}

// Checks that s is a maximal biclique of g, straight from the definition.
bool is_maximal_biclique(const BipartiteGraph& g, const Syndicate& s) {
    auto adjacent = [&](std::uint32_t i, std::uint32_t st) {
        auto nb = g.neighbors(i);
        return std::binary_search(nb.begin(), nb.end(), st);
    };
    if (s.investors.empty() || s.startups.empty()) return false;
    for (auto i : s.investors)
        for (auto st : s.startups)
            if (!adjacent(i, st)) return false;
    for (std::uint32_t i = 0; i < g.investors(); ++i) {
        if (std::binary_search(s.investors.begin(), s.investors.end(), i)) continue;
        if (std::all_of(s.startups.begin(), s.startups.end(), [&](auto st) { return adjacent(i, st); })) return false;
    }
    for (std::uint32_t st = g.investors(); st < g.nodes(); ++st) {
        if (std::binary_search(s.startups.begin(), s.startups.end(), st)) continue;
        if (std::all_of(s.investors.begin(), s.investors.end(), [&](auto i) { return adjacent(i, st); })) return false;
    }
    return true;
}

// The slow obvious implementation: every investor subset X, its common startups Y,
// kept when X is exactly the set of investors that backed all of Y (maximal) and both
// sides meet the thresholds; ranked as find_syndicates ranks.
std::vector<Syndicate> brute_force(const BipartiteGraph& g, std::uint32_t min_inv, std::uint32_t min_st) {
    const std::uint32_t n_inv = g.investors();
    REQUIRE(n_inv <= 20);
    REQUIRE(g.startups() <= 64);
    std::vector<std::uint64_t> startups_of(n_inv, 0);
    for (std::uint32_t i = 0; i < n_inv; ++i)
        for (auto s : g.neighbors(i)) startups_of[i] |= std::uint64_t{1} << (s - n_inv);
    std::vector<Syndicate> out;
    for (std::uint32_t mask = 1; mask < (1u << n_inv); ++mask) {
        std::uint64_t common = ~std::uint64_t{0};
        for (std::uint32_t i = 0; i < n_inv; ++i)
            if (mask >> i & 1) common &= startups_of[i];
        if (common == 0) continue;
        std::uint32_t backers = 0;  // every investor that backed all of `common`
        for (std::uint32_t i = 0; i < n_inv; ++i)
            if ((startups_of[i] & common) == common) backers |= 1u << i;
        if (backers != mask) continue;
        Syndicate s;
        for (std::uint32_t i = 0; i < n_inv; ++i)
            if (mask >> i & 1) s.investors.push_back(i);
        for (std::uint32_t k = 0; k < 64; ++k)
            if (common >> k & 1) s.startups.push_back(n_inv + k);
        if (s.investors.size() >= std::max(min_inv, 1u) && s.startups.size() >= std::max(min_st, 1u))
            out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const Syndicate& a, const Syndicate& b) {
        if (a.investors.size() != b.investors.size()) return a.investors.size() > b.investors.size();
        if (a.startups.size() != b.startups.size()) return a.startups.size() > b.startups.size();
        return a.investors < b.investors;
    });
    return out;
}

Edges complete(const std::vector<std::string>& investors, const std::vector<std::string>& startups) {
    Edges e;
    for (const auto& i : investors)
        for (const auto& s : startups) e.emplace_back(i, s);
    return e;
}

// Ranking fixture: four complete blocks, no edges between them, each one maximal
// biclique. Deals of the z block come first in the data, to show ties go by id.
//   p1 p2 p3 p4 x q1 q2      4 investors, 2 startups
//   m1 m2 m3    x r1 r2 r3   3 investors, 3 startups
//   z1 z2 z3    x t1 t2      3 investors, 2 startups
//   k1 k2 k3    x u1 u2      3 investors, 2 startups
// Ranked: p (4 investors), m (3, with 3 startups), then k before z by id.
Edges four_blocks() {
    Edges e;
    for (const auto& part : {complete({"z1", "z2", "z3"}, {"t1", "t2"}), complete({"p1", "p2", "p3", "p4"}, {"q1", "q2"}),
                             complete({"m1", "m2", "m3"}, {"r1", "r2", "r3"}), complete({"k1", "k2", "k3"}, {"u1", "u2"})})
        e.insert(e.end(), part.begin(), part.end());
    return e;
}

const std::vector<std::string> four_blocks_ranked = {
    "p1,p2,p3,p4 | q1,q2", "m1,m2,m3 | r1,r2,r3", "k1,k2,k3 | u1,u2", "z1,z2,z3 | t1,t2"};

Edges random_edges(std::mt19937& rng, std::uint32_t n_inv, std::uint32_t n_st, double p) {
    std::bernoulli_distribution coin(p);
    Edges e;
    char id[16];
    for (std::uint32_t i = 0; i < n_inv; ++i)
        for (std::uint32_t s = 0; s < n_st; ++s)
            if (coin(rng)) {
                std::snprintf(id, sizeof id, "s%02u", s);
                std::string st = id;
                std::snprintf(id, sizeof id, "i%02u", i);
                e.emplace_back(id, st);
            }
    return e;
}

BipartiteGraph load_graph(const std::string& path, bool rollup) {
    Diagnostics diag;
    Dataset d = load_files({path}, {}, diag);
    REQUIRE_FALSE(diag.has_errors());
    GraphOptions o;
    o.rollup = rollup;
    return BipartiteGraph::build(d, o);
}

}  // namespace

TEST_CASE("a complete bipartite graph is one syndicate, not its sub-bicliques", "[syndicates]") {
    // K(3,2):  a b c  x  s1 s2   -> exactly {a,b,c | s1,s2}
    auto k32 = graph_of(complete({"a", "b", "c"}, {"s1", "s2"}));
    auto r = find_syndicates(k32);
    CHECK(show(k32, r) == std::vector<std::string>{"a,b,c | s1,s2"});
    CHECK(r.found == 1);
    CHECK_FALSE(r.truncated);
    CHECK(r.truncation.empty());

    // K(4,3):  a b c d  x  s1 s2 s3   -> only the whole, never {a,b,c | s1,s2} and the like,
    // whatever the thresholds below its size.
    auto k43 = graph_of(complete({"a", "b", "c", "d"}, {"s1", "s2", "s3"}));
    for (auto [i, s] : {std::pair{3u, 2u}, std::pair{1u, 1u}, std::pair{4u, 3u}, std::pair{0u, 0u}}) {
        INFO(i << " investors, " << s << " startups");
        auto k = find_syndicates(k43, thresholds(i, s));
        CHECK(show(k43, k) == std::vector<std::string>{"a,b,c,d | s1,s2,s3"});
        CHECK(k.found == 1);
    }
    CHECK(find_syndicates(k43, thresholds(5, 1)).syndicates.empty());
    CHECK(find_syndicates(k43, thresholds(1, 4)).found == 0);
}

TEST_CASE("overlapping bicliques: only the maximal ones, filtered by the thresholds", "[syndicates]") {
    //        s1  s2  s3
    //   a    x   x   .
    //   b    x   x   x
    //   c    x   x   x
    //   d    .   x   x
    // Maximal bicliques (investor sets closed under "who backed all these startups"):
    //   {a,b,c,d | s2}        4 x 1   (everyone backed s2)
    //   {a,b,c | s1,s2}       3 x 2
    //   {b,c,d | s2,s3}       3 x 2
    //   {b,c | s1,s2,s3}      2 x 3
    // Not maximal: {a,b | s1,s2} (c also backed both), {b,c | s1,s2} (both also backed s3).
    auto g = graph_of({{"a", "s1"}, {"a", "s2"}, {"b", "s1"}, {"b", "s2"}, {"b", "s3"},
                       {"c", "s1"}, {"c", "s2"}, {"c", "s3"}, {"d", "s2"}, {"d", "s3"}});

    // Defaults (3 investors, 2 startups): the two 3 x 2, ties by investor ids.
    auto r = find_syndicates(g);
    CHECK(show(g, r) == std::vector<std::string>{"a,b,c | s1,s2", "b,c,d | s2,s3"});
    CHECK(r.found == 2);

    // The 2-investor biclique is not a syndicate at min_investors 3, is at 2.
    CHECK(show(g, find_syndicates(g, thresholds(3, 3))).empty());
    CHECK(show(g, find_syndicates(g, thresholds(2, 3))) == std::vector<std::string>{"b,c | s1,s2,s3"});
    CHECK(show(g, find_syndicates(g, thresholds(2, 2))) ==
          std::vector<std::string>{"a,b,c | s1,s2", "b,c,d | s2,s3", "b,c | s1,s2,s3"});

    // Everything: more investors rank first, whatever the startups.
    auto all = find_syndicates(g, thresholds(1, 1));
    CHECK(show(g, all) == std::vector<std::string>{"a,b,c,d | s2", "a,b,c | s1,s2", "b,c,d | s2,s3",
                                                   "b,c | s1,s2,s3"});
    CHECK(all.found == 4);
    CHECK(show(g, find_syndicates(g, thresholds(4, 1))) == std::vector<std::string>{"a,b,c,d | s2"});
}

TEST_CASE("ranking: investors, then startups, then investor ids; same bytes every run", "[syndicates]") {
    auto g = graph_of(four_blocks());
    auto r = find_syndicates(g);
    CHECK(show(g, r) == four_blocks_ranked);
    CHECK(r.found == 4);
    auto again = find_syndicates(g);
    CHECK(show(g, again) == show(g, r));
    // The same graph built from the deals in another order: the same answer.
    Edges reversed = four_blocks();
    std::reverse(reversed.begin(), reversed.end());
    auto g2 = graph_of(reversed);
    CHECK(show(g2, find_syndicates(g2)) == four_blocks_ranked);
}

TEST_CASE("limit keeps the top syndicates and says what it cut", "[syndicates]") {
    auto g = graph_of(four_blocks());
    SyndicateOptions o;
    o.limit = 2;
    auto r = find_syndicates(g, o);
    CHECK(show(g, r) == std::vector<std::string>(four_blocks_ranked.begin(), four_blocks_ranked.begin() + 2));
    CHECK(r.found == 4);
    CHECK(r.truncated);
    CHECK(r.truncation == "showing 2 of 4; raise --limit");

    o.limit = 4;  // exactly enough: nothing cut
    r = find_syndicates(g, o);
    CHECK(show(g, r) == four_blocks_ranked);
    CHECK_FALSE(r.truncated);
    CHECK(r.truncation.empty());
    o.limit = 0;  // no limit
    CHECK(find_syndicates(g, o).syndicates.size() == 4);
}

TEST_CASE("the step budget cuts deterministically and keeps what it found", "[syndicates]") {
    std::mt19937 rng(20240611);
    auto g = graph_of(random_edges(rng, 14, 12, 0.5));
    auto o = thresholds(2, 2);
    o.limit = 0;
    o.max_steps = 0;
    auto full = find_syndicates(g, o);
    REQUIRE_FALSE(full.truncated);
    REQUIRE(full.found > 20);
    REQUIRE(full.steps > 20);
    auto full_list = show(g, full);
    std::set<std::string> all(full_list.begin(), full_list.end());

    std::uint64_t previous = 0;
    for (std::uint64_t budget = 1; budget <= full.steps + 1; ++budget) {
        INFO("budget " << budget << " of " << full.steps << " steps");
        o.max_steps = budget;
        auto r = find_syndicates(g, o);
        CHECK(r.steps == std::min(budget, full.steps));
        CHECK(r.found >= previous);  // more budget never finds less
        previous = r.found;
        CHECK(r.found == r.syndicates.size());
        for (const auto& s : r.syndicates) {
            CHECK(is_maximal_biclique(g, s));
            CHECK(all.contains(show(g, s)));
        }
        if (budget < full.steps) {
            CHECK(r.truncated);
            CHECK(r.truncation == "search stopped after " + std::to_string(budget) +
                                      (budget == 1 ? " step" : " steps") + "; raise --max-steps");
        } else {
            CHECK_FALSE(r.truncated);
            CHECK(show(g, r) == full_list);
        }
        CHECK(show(g, find_syndicates(g, o)) == show(g, r));  // the same cut every time
    }

    // Both bounds at once: both are named.
    o.max_steps = full.steps / 2;
    o.limit = 1;
    auto both = find_syndicates(g, o);
    REQUIRE(both.found > 1);
    CHECK(both.truncated);
    CHECK(both.truncation == "search stopped after " + std::to_string(o.max_steps) + " steps; raise --max-steps; showing 1 of " +
                                 std::to_string(both.found) + " found so far; raise --limit");
}

TEST_CASE("agrees with the slow obvious implementation on seeded random graphs", "[syndicates]") {
    const auto seed = GENERATE(range(1u, 41u));
    std::mt19937 rng(seed);
    const auto n_inv = std::uniform_int_distribution<std::uint32_t>(10, 14)(rng);
    const auto n_st = std::uniform_int_distribution<std::uint32_t>(6, 16)(rng);
    const double p = std::uniform_real_distribution<double>(0.15, 0.75)(rng);
    auto g = graph_of(random_edges(rng, n_inv, n_st, p));
    for (auto [i, s] : {std::pair{1u, 1u}, std::pair{2u, 2u}, std::pair{3u, 2u}, std::pair{2u, 3u},
                        std::pair{4u, 1u}, std::pair{1u, 4u}, std::pair{5u, 3u}}) {
        INFO("seed " << seed << ": " << g.investors() << " investors, " << g.startups() << " startups, "
                     << g.edges() << " edges; thresholds " << i << ", " << s);
        auto want = brute_force(g, i, s);
        if (i == 1 && s == 1) CHECK_FALSE(want.empty());  // not a vacuous comparison
        std::vector<std::string> want_shown;
        for (const auto& w : want) want_shown.push_back(show(g, w));

        auto o = thresholds(i, s);
        o.limit = 0;
        auto got = find_syndicates(g, o);
        CHECK(got.found == want.size());
        CHECK(show(g, got) == want_shown);
        CHECK_FALSE(got.truncated);

        o.limit = 3;  // the top 3 of the same ranking
        auto top = find_syndicates(g, o);
        CHECK(show(g, top) == std::vector<std::string>(want_shown.begin(),
                                                       want_shown.begin() + std::min<std::size_t>(3, want.size())));
        CHECK(top.truncated == (want.size() > 3));
    }
}

TEST_CASE("a crown graph explodes; the budget stops it and says so", "[syndicates]") {
    // Crown graph S_n: investor i_k backed every startup but s_k.
    //   i00 - s01 s02 ... s(n-1)
    //   i01 - s00 s02 ... s(n-1)   ...
    // Its maximal bicliques are (A, {s_k : k not in A}) for every nonempty proper subset A
    // of the investors: 2^n - 2 of them, sum over k = 3..n-2 of C(n, k) at the defaults.
    auto crown = [](unsigned n) {
        Edges e;
        char a[16], b[16];
        for (unsigned i = 0; i < n; ++i)
            for (unsigned j = 0; j < n; ++j)
                if (i != j) {
                    std::snprintf(a, sizeof a, "i%02u", i);
                    std::snprintf(b, sizeof b, "s%02u", j);
                    e.emplace_back(a, b);
                }
        return graph_of(e);
    };
    // n = 12: 2^12 - 1 - 12 - 66 (fewer than 3 investors) - 1 - 12 (fewer than 2 startups) = 4004.
    auto g12 = crown(12);
    SyndicateOptions o;
    o.max_steps = 0;
    auto r = find_syndicates(g12, o);
    CHECK(r.found == 4004);
    CHECK(r.truncation == "showing 100 of 4004; raise --limit");
    REQUIRE(r.syndicates.size() == 100);
    // The top: 10 investors, and of those the smallest ids; then the other 10-investor sets.
    CHECK(show(g12, r.syndicates[0]) == "i00,i01,i02,i03,i04,i05,i06,i07,i08,i09 | s10,s11");
    CHECK(show(g12, r.syndicates[1]) == "i00,i01,i02,i03,i04,i05,i06,i07,i08,i10 | s09,s11");
    CHECK(r.syndicates[65].investors.size() == 10);  // C(12, 10) = 66 of them
    CHECK(r.syndicates[66].investors.size() == 9);

    // n = 40 has about 10^12: the budget stops it, and what was found is still right.
    auto g40 = crown(40);
    o.max_steps = 100'000;
    auto cut = find_syndicates(g40, o);
    CHECK(cut.steps == 100'000);
    CHECK(cut.truncated);
    CHECK(cut.truncation == "search stopped after 100000 steps; raise --max-steps; showing 100 of " +
                                std::to_string(cut.found) + " found so far; raise --limit");
    CHECK(cut.found > 1000);
    REQUIRE(cut.syndicates.size() == 100);
    for (const auto& s : cut.syndicates) CHECK(is_maximal_biclique(g40, s));
    CHECK(std::is_sorted(cut.syndicates.begin(), cut.syndicates.end(), [](const Syndicate& a, const Syndicate& b) {
        return a.investors.size() > b.investors.size();
    }));
}

namespace {
bool has_syndicate(const BipartiteGraph& g, const SyndicateResult& r, const std::vector<std::string>& investors,
                   const std::vector<std::string>& startups) {
    auto holds = [&](const std::vector<std::uint32_t>& nodes, const std::vector<std::string>& ids) {
        return std::all_of(ids.begin(), ids.end(), [&](const std::string& id) {
            return std::any_of(nodes.begin(), nodes.end(), [&](auto v) { return g.node(v).id == id; });
        });
    };
    return std::any_of(r.syndicates.begin(), r.syndicates.end(),
                       [&](const Syndicate& s) { return holds(s.investors, investors) && holds(s.startups, startups); });
}
}  // namespace

TEST_CASE("bundled AI deals: Amazon, Google and Nvidia move together around Hugging Face", "[syndicates]") {
    const std::string path = std::string(DEALGRAPH_SOURCE_DIR) + "/data/ai-deals.json";
    SyndicateOptions all;
    all.limit = 0;

    // As reported, entity by entity: Google, Amazon and Salesforce Ventures (with Coatue
    // and Sound Ventures) backed both Anthropic and Hugging Face. Google, Amazon and
    // Nvidia share Hugging Face alone, too few startups for a syndicate.
    auto g = load_graph(path, false);
    auto r = find_syndicates(g, all);
    CHECK_FALSE(r.truncated);
    CHECK(r.found == r.syndicates.size());
    CHECK(has_syndicate(g, r, {"amazon", "google", "salesforce-ventures"}, {"anthropic", "hugging-face"}));
    CHECK_FALSE(has_syndicate(g, r, {"amazon", "google", "nvidia"}, {}));

    // Rolled up, CapitalG joins Alphabet and AWS joins Amazon: with Nvidia they are in
    // Databricks as well as Hugging Face, a bloc the per-entity view hides.
    auto rolled = load_graph(path, true);
    auto rr = find_syndicates(rolled, all);
    CHECK_FALSE(rr.truncated);
    CHECK(has_syndicate(rolled, rr, {"alphabet", "amazon", "nvidia"}, {"databricks", "hugging-face"}));
    CHECK(has_syndicate(rolled, rr, {"alphabet", "amazon"}, {"anthropic", "databricks", "hugging-face"}));

    for (const auto* res : {&r, &rr})
        for (const auto& s : res->syndicates) {
            CHECK(s.investors.size() >= 3);
            CHECK(s.startups.size() >= 2);
        }
    for (const auto& s : r.syndicates) CHECK(is_maximal_biclique(g, s));
    for (const auto& s : rr.syndicates) CHECK(is_maximal_biclique(rolled, s));
}

namespace {
const std::string& crunchbase_csv() {
    static const std::string path = std::string(DEALGRAPH_SOURCE_DIR) + "/../shared/data/crunchbase-2013/investments.csv";
    return path;
}
const BipartiteGraph& crunchbase_graph() {
    static const BipartiteGraph g = load_graph(crunchbase_csv(), false);
    return g;
}
}  // namespace

TEST_CASE("Crunchbase 2013: the defaults find the reference's syndicates", "[syndicates][crunchbase]") {
    // Its speed is measured by scripts/bench (the report's syndicates step), not here.
    if (!std::filesystem::exists(crunchbase_csv())) SKIP("no ../shared/data/crunchbase-2013 beside the checkout");
    const auto& g = crunchbase_graph();
    auto r = find_syndicates(g);
    INFO("found " << r.found << " in " << r.steps << " steps");
    // Counts as in tests/reference/syndicates/crunchbase.json.
    CHECK(r.found == 4199);
    CHECK(r.truncation == "showing 100 of 4199; raise --limit");
    REQUIRE(r.syndicates.size() == 100);
    // The largest: 13 investors around AdKeeper and Keep Holdings.
    CHECK(show(g, r.syndicates[0]) ==
          "betaworks,david-cowan,dcm,dixon-doll,first-round-capital,jon-callaghan,lerer-ventures,new-york-times,"
          "oak-investment-partners,scott-kurnit,spark-capital,stan-shuman,true-ventures | adkeeper,keep-holdings");
    for (std::size_t k = 0; k < 10; ++k) CHECK(is_maximal_biclique(g, r.syndicates[k]));
}

TEST_CASE("Crunchbase 2013: agrees with the independent Python reference", "[syndicates][crunchbase]") {
    if (!std::filesystem::exists(crunchbase_csv())) SKIP("no ../shared/data/crunchbase-2013 beside the checkout");
    const auto& g = crunchbase_graph();
    auto want = nlohmann::json::parse(
        test::read_file(std::string(DEALGRAPH_SOURCE_DIR) + "/tests/reference/syndicates/crunchbase.json"));
    const auto large = want["large"].get<std::size_t>();
    for (const auto& run : want["runs"]) {
        SyndicateOptions o;
        o.min_investors = run["min_investors"].get<std::uint32_t>();
        o.min_startups = run["min_startups"].get<std::uint32_t>();
        o.limit = 0;
        INFO("thresholds " << o.min_investors << ", " << o.min_startups);
        auto r = find_syndicates(g, o);
        CHECK_FALSE(r.truncated);
        CHECK(r.found == run["found"].get<std::uint64_t>());

        std::map<std::string, std::uint64_t> by_size;
        std::set<std::pair<std::vector<std::string>, std::vector<std::string>>> got_large, want_large;
        for (const auto& s : r.syndicates) {
            ++by_size[std::to_string(s.investors.size()) + "x" + std::to_string(s.startups.size())];
            if (s.investors.size() < large) continue;
            std::vector<std::string> inv, st;
            for (auto v : s.investors) inv.push_back(name_key(g.node(v).name));
            for (auto v : s.startups) st.push_back(name_key(g.node(v).name));
            std::sort(inv.begin(), inv.end());
            std::sort(st.begin(), st.end());
            got_large.emplace(inv, st);
        }
        CHECK(by_size == run["by_size"].get<std::map<std::string, std::uint64_t>>());
        for (const auto& s : run["syndicates_with_large_investor_count"])
            want_large.emplace(s["investors"].get<std::vector<std::string>>(), s["startups"].get<std::vector<std::string>>());
        CHECK(got_large == want_large);
    }
}
