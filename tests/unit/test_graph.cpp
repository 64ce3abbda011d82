// The bipartite graph of tests/fixtures/tiny.json; expected values are worked out in
// tests/fixtures/README.md and repeated where they are checked.

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <algorithm>

#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/ingest/load.hpp"
#include "dealgraph/model/error.hpp"
#include "support/run.hpp"

using namespace dealgraph;

namespace {
Dataset tiny() {
    Diagnostics diag;
    Dataset d = load_files({test::fixture("tiny.json")}, {}, diag);
    REQUIRE_FALSE(diag.has_errors());
    return d;
}
const EdgeData& edge(const BipartiteGraph& g, const char* inv, const char* st) {
    auto i = g.find(Side::investor, inv);
    auto s = g.find(Side::startup, st);
    REQUIRE(i);
    REQUIRE(s);
    for (auto e : g.incident_edges(*i))
        if (g.edge(e).startup == *s) return g.edge(e);
    FAIL("no edge " << inv << "-" << st);
    throw 0;
}
}  // namespace

TEST_CASE("tiny fixture: nodes sorted by side then id, edges with rounds and capital", "[graph]") {
    Dataset d = tiny();
    auto g = BipartiteGraph::build(d, {});
    // Investors lux, nventures, nvidia; startups adept, cohere, hf.
    REQUIRE(g.investors() == 3);
    REQUIRE(g.startups() == 3);
    CHECK(g.node(0).id == "lux");
    CHECK(g.node(1).id == "nventures");
    CHECK(g.node(2).id == "nvidia");
    CHECK(g.node(3).id == "adept");
    CHECK(g.node(5).id == "hf");
    CHECK(g.node(5).name == "Hugging Face");
    CHECK(g.edges() == 6);

    // lux-hf: d1 (100M alone, lead) + d2 (235M - 35M own to nventures = 200M, halved) = 200M.
    CHECK(edge(g, "lux", "hf").rounds == 2);
    CHECK(edge(g, "lux", "hf").lead_rounds == 1);
    CHECK(edge(g, "lux", "hf").capital_usd == 200e6);
    CHECK(edge(g, "lux", "hf").first->to_string() == "2022-05");
    CHECK(edge(g, "lux", "hf").last->to_string() == "2023-08-24");
    CHECK(edge(g, "nvidia", "hf").capital_usd == 100e6);
    CHECK(edge(g, "nventures", "hf").capital_usd == 35e6);
    // d3: 350M split equally between nvidia (lead) and lux.
    CHECK(edge(g, "nvidia", "adept").capital_usd == 175e6);
    CHECK(edge(g, "nvidia", "adept").lead_rounds == 1);
    CHECK(edge(g, "lux", "adept").capital_usd == 175e6);
    // d4 has no amount: a round but no capital.
    CHECK(edge(g, "nventures", "cohere").rounds == 1);
    CHECK(edge(g, "nventures", "cohere").capital_usd == 0);
    CHECK(edge(g, "nventures", "cohere").statuses.contains(DealStatus::announced));

    const auto& t = g.totals();
    CHECK(t.deals == 4);
    CHECK(t.participations == 7);
    CHECK(t.capital_usd == 685e6);
    CHECK(t.unattributed_usd == 0);
    CHECK(t.date_from->to_string() == "2022-05");
    CHECK(t.date_to->to_string() == "2023-08-24");

    // CSR: hf's neighbours are the three investors, ascending.
    auto hf = *g.find(Side::startup, "hf");
    auto nb = g.neighbors(hf);
    CHECK(std::vector<std::uint32_t>(nb.begin(), nb.end()) == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(g.degree(*g.find(Side::investor, "lux")) == 2);
    auto comp = g.components();
    CHECK(std::all_of(comp.begin(), comp.end(), [](auto c) { return c == 0; }));
}

TEST_CASE("roll-up merges NVentures into Nvidia and counts a shared round once", "[graph]") {
    Dataset d = tiny();
    GraphOptions o;
    o.rollup = true;
    auto g = BipartiteGraph::build(d, o);
    CHECK(g.investors() == 2);
    CHECK_FALSE(g.find(Side::investor, "nventures"));
    CHECK(g.edges() == 5);
    // d2: nvidia 100M + nventures 35M, one round.
    CHECK(edge(g, "nvidia", "hf").rounds == 1);
    CHECK(edge(g, "nvidia", "hf").capital_usd == 135e6);
    CHECK(edge(g, "nvidia", "cohere").rounds == 1);
    CHECK(g.totals().participations == 6);
    CHECK(g.totals().capital_usd == 685e6);
}

TEST_CASE("status filter: the rejected offer counts only when asked", "[graph]") {
    Dataset d = tiny();
    GraphOptions o;
    o.statuses = {DealStatus::closed, DealStatus::announced, DealStatus::rejected};
    auto g = BipartiteGraph::build(d, o);
    // d5 adds 500M to nvidia-hf: 100M + 500M.
    CHECK(edge(g, "nvidia", "hf").capital_usd == 600e6);
    CHECK(edge(g, "nvidia", "hf").rounds == 2);
    CHECK(edge(g, "nvidia", "hf").statuses.contains(DealStatus::rejected));
    CHECK(g.totals().deals == 5);

    GraphOptions closed_only;
    closed_only.statuses = {DealStatus::closed};
    auto c = BipartiteGraph::build(d, closed_only);
    CHECK_FALSE(c.find(Side::startup, "cohere"));  // d4 was only announced
    CHECK(c.edges() == 5);

    GraphOptions what_if;
    what_if.include_deals = {"d5"};
    CHECK(BipartiteGraph::build(d, what_if).totals().deals == 5);
}

TEST_CASE("date window: partial dates as their first day", "[graph]") {
    Dataset d = tiny();
    GraphOptions o;
    o.from = Date::parse("2023-03");
    o.to = Date::parse("2023-06");
    auto g = BipartiteGraph::build(d, o);
    // d3 (2023-03) and d4 (2023-06) are in; d2 (2023-08-24) and d1 (2022-05) are out.
    CHECK(g.totals().deals == 2);
    CHECK(g.edges() == 3);
    CHECK(g.totals().capital_usd == 350e6);
}

TEST_CASE("lead attribution gives leads their share of the remainder", "[graph]") {
    Dataset d = tiny();
    GraphOptions o;
    o.attribution = Attribution::parse("lead=0.8");
    auto g = BipartiteGraph::build(d, o);
    // d3: nvidia leads: 0.8 * 350M = 280M; lux 70M.
    CHECK(edge(g, "nvidia", "adept").capital_usd == Catch::Approx(280e6).epsilon(1e-12));
    CHECK(edge(g, "lux", "adept").capital_usd == Catch::Approx(70e6).epsilon(1e-12));
    // d2 has no lead: equal split of the 200M remainder, as before.
    CHECK(edge(g, "nvidia", "hf").capital_usd == 100e6);
    // d1: only a lead: all of it.
    CHECK(edge(g, "lux", "hf").capital_usd == 200e6);
    CHECK(g.totals().capital_usd == Catch::Approx(685e6).epsilon(1e-12));

    CHECK(Attribution::parse("equal").mode == Attribution::Mode::equal);
    CHECK_THROWS_AS(Attribution::parse("lead=1.5"), UsageError);
    CHECK_THROWS_AS(Attribution::parse("lead"), UsageError);
    CHECK_THROWS_AS(Attribution::parse("proportional"), UsageError);
}

TEST_CASE("unnamed investors take a part that stays unattributed", "[graph]") {
    Diagnostics diag;
    Dataset d;
    // One round of 300: X named, two placeholders: X gets 100, 200 unattributed.
    load_text("startup,investor,amount_usd\nA,X,300\nA,Undisclosed,300\nA,Private Investors,300\n", "t.csv", {}, d,
              diag);
    auto g = BipartiteGraph::build(d, {});
    CHECK(g.edges() == 1);
    CHECK(g.totals().capital_usd == 100.0);
    CHECK(g.totals().unattributed_usd == 200.0);
}

TEST_CASE("own amounts above the round's amount leave nothing to split", "[graph]") {
    Diagnostics diag;
    Dataset d;
    load_text(R"({"dealgraph": 1, "entities": [
        {"id": "a", "name": "A", "role": "investor"}, {"id": "b", "name": "B", "role": "investor"},
        {"id": "s", "name": "S", "role": "startup"}],
      "deals": [{"id": "d", "startup": "s", "amount_usd": 100,
                 "investors": [{"id": "a", "amount_usd": 150}, {"id": "b"}]}]})",
              "t.json", {}, d, diag);
    REQUIRE_FALSE(diag.has_errors());
    CHECK(diag.warning_count() == 1);
    auto g = BipartiteGraph::build(d, {});
    CHECK(g.totals().capital_usd == 150.0);
    CHECK(edge(g, "b", "s").capital_usd == 0);
}

TEST_CASE("graph build: ids sharing their first 8 bytes sort as strings, rounds merge per pair", "[graph]") {
    // Investors "abcdefgh-b", "abcdefgh-a" and "abcdefg" (a prefix of both) back startup s
    // in two rounds; "abcdefgh-a" is in both, so its edge has 2 rounds and 10 + 20 capital.
    //   r1 (20): abcdefgh-b, abcdefgh-a    r2 (40): abcdefgh-a, abcdefg
    Diagnostics diag;
    Dataset d;
    load_text("startup,investor,date,amount_usd\n"
              "s,abcdefgh b,2020,20\n"
              "s,abcdefgh a,2020,20\n"
              "s,abcdefgh a,2021,40\n"
              "s,abcdefg,2021,40\n",
              "t.csv", {}, d, diag);
    REQUIRE_FALSE(diag.has_errors());
    auto g = BipartiteGraph::build(d, {});
    REQUIRE(g.investors() == 3);
    CHECK(g.node(0).id == "abcdefg");
    CHECK(g.node(1).id == "abcdefgh-a");
    CHECK(g.node(2).id == "abcdefgh-b");
    CHECK(g.node(3).id == "s");
    REQUIRE(g.edges() == 3);
    CHECK(g.edge(0).investor == 0);
    CHECK(g.edge(1).investor == 1);
    CHECK(g.edge(1).rounds == 2);
    CHECK(g.edge(1).capital_usd == 30.0);
    CHECK(g.edge(1).first->to_string() == "2020");
    CHECK(g.edge(1).last->to_string() == "2021");
    CHECK(g.edge(0).capital_usd == 20.0);
    CHECK(g.edge(2).capital_usd == 10.0);
    // Both directions in the CSR: the startup's neighbours ascending, with their edges.
    auto nb = g.neighbors(3);
    REQUIRE(nb.size() == 3);
    CHECK(std::vector<std::uint32_t>(nb.begin(), nb.end()) == std::vector<std::uint32_t>{0, 1, 2});
    auto inc = g.incident_edges(3);
    CHECK(std::vector<std::uint32_t>(inc.begin(), inc.end()) == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(g.neighbors(1).size() == 1);
    CHECK(g.neighbors(1)[0] == 3);
    CHECK(g.totals().participations == 4);
    CHECK(g.totals().capital_usd == 60.0);
}

TEST_CASE("graph build: ids with a long shared prefix sort as strings on both sides", "[graph]") {
    // Every id starts "fund-zz" (investors) or "co-zz" (startups), then up to 40 letters
    // from {a, b}: the sort's 16 key bytes after the shared prefix tie often, and some ids
    // are prefixes of others. Rows in a scrambled order.
    std::uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>(state >> 33);
    };
    auto tail = [&] {
        std::string t;
        for (std::uint32_t k = next() % 41; k > 0; --k) t += next() % 4 == 0 ? 'b' : 'a';
        return t;
    };
    std::string csv = "startup,investor\n";
    for (int i = 0; i < 300; ++i) csv += "co zz" + tail() + ",fund zz" + tail() + "\n";
    Diagnostics diag;
    Dataset d;
    load_text(csv, "t.csv", {}, d, diag);
    REQUIRE_FALSE(diag.has_errors());
    auto g = BipartiteGraph::build(d, {});
    std::vector<std::string> inv, st;
    for (std::uint32_t v = 0; v < g.nodes(); ++v) (g.side(v) == Side::investor ? inv : st).push_back(g.node(v).id);
    REQUIRE(inv.size() > 100);
    REQUIRE(st.size() > 100);
    CHECK(std::is_sorted(inv.begin(), inv.end()));
    CHECK(std::adjacent_find(inv.begin(), inv.end()) == inv.end());
    CHECK(std::is_sorted(st.begin(), st.end()));
    for (const auto& id : inv) CHECK(g.find(Side::investor, id).has_value());
}
