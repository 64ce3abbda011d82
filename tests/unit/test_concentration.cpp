// Concentration measures on hand-computed examples.

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <map>

#include "dealgraph/analysis/concentration.hpp"
#include "dealgraph/ingest/load.hpp"
#include "support/run.hpp"

using namespace dealgraph;
using Catch::Approx;

namespace {
Dataset load(const std::string& text) {
    Diagnostics diag;
    Dataset d;
    load_text(text, "t.json", {}, d, diag);
    REQUIRE_FALSE(diag.has_errors());
    return d;
}
Dataset load_fixture(const char* name) {
    Diagnostics diag;
    Dataset d = load_files({test::fixture(name)}, {}, diag);
    REQUIRE_FALSE(diag.has_errors());
    return d;
}
const StartupConcentration& startup(const ConcentrationResult& r, const BipartiteGraph& g, const char* id) {
    for (const auto& s : r.startups)
        if (g.node(s.node).id == id) return s;
    FAIL("no startup " << id);
    throw 0;
}
double share_of(const StartupConcentration& s, const BipartiteGraph& g, const char* id) {
    for (const auto& i : s.investors)
        if (g.node(i.node).id == id) return i.share;
    return 0;
}
}  // namespace

TEST_CASE("HHI, Gini and Freeman on known values", "[concentration]") {
    // n equal shares: n * (100/n)^2 = 10000 / n. One investor: 10000.
    for (int n : {1, 2, 3, 4, 7}) CHECK(hhi(std::vector<double>(n, 1.0 / n)) == Approx(10000.0 / n));
    CHECK(hhi({0.5, 0.3, 0.2}) == Approx(2500 + 900 + 400));
    // Gini of equal values is 0; of (1, 3): |1-3| * 2 / (2 * 2^2 * 2) = 4 / 16 = 0.25.
    CHECK(gini({5, 5, 5, 5}) == 0);
    CHECK(gini({1, 3}) == Approx(0.25));
    // All in one of four: (|0-4|*3*2) / (2 * 16 * 1) = 24 / 32 = 0.75 = (n-1)/n.
    CHECK(gini({0, 0, 0, 4}) == Approx(0.75));
    CHECK(gini({7}) == 0);
    // Freeman: a star of 4 nodes has degree centralisation 1: (3-1)*3 / ((n-1)(n-2)) = 6/6.
    CHECK(freeman({3, 1, 1, 1}, 3.0 * 2.0) == Approx(1));
    CHECK(freeman({2, 2, 2}, 2.0) == 0);
    CHECK(hhi_flag(1801) == "highly concentrated");
    CHECK(hhi_flag(1800) == "moderately concentrated");
    CHECK(hhi_flag(999) == "unconcentrated");
}

TEST_CASE("one investor in every deal gives HHI 10000; CR4 with fewer than four investors", "[concentration]") {
    auto d = load(R"({"dealgraph": 1, "entities": [
        {"id": "v", "name": "V", "role": "investor"}, {"id": "w", "name": "W", "role": "investor"},
        {"id": "a", "name": "A", "role": "startup"}, {"id": "b", "name": "B", "role": "startup"}],
      "deals": [
        {"id": "d1", "startup": "a", "amount_usd": 100, "investors": [{"id": "v"}]},
        {"id": "d2", "startup": "b", "amount_usd": 300, "investors": [{"id": "v"}, {"id": "w"}]}]})");
    auto g = BipartiteGraph::build(d, {});
    auto r = concentration(d, g, {});
    // a: v alone: 10000. b: v 150, w 150: 5000.
    CHECK(*startup(r, g, "a").hhi == Approx(10000));
    CHECK(*startup(r, g, "b").hhi == Approx(5000));
    CHECK(g.node(*startup(r, g, "a").dominant_investor).id == "v");
    // b's top share is exactly 0.5 = --dominant: v (first by id) is dominant.
    CHECK(startup(r, g, "b").dominant_investor);
    // Segment: v 250 of 400, w 150: HHI 62.5^2 + 37.5^2 = 3906.25 + 1406.25 = 5312.5; CR4 = 100%.
    CHECK(r.segment.hhi == Approx(5312.5));
    CHECK(r.segment.cr4 == Approx(100));
    // Gini of (150, 250): 100 * 2 / (2 * 4 * 200) = 0.125.
    CHECK(r.segment.gini == Approx(0.125));
    REQUIRE(r.segment.lorenz.size() == 3);
    CHECK(r.segment.lorenz[1].population == Approx(0.5));
    CHECK(r.segment.lorenz[1].capital == Approx(150.0 / 400));
    CHECK(r.segment.lorenz[2].capital == Approx(1));
    CHECK(r.segment.flags[0].find("highly concentrated") != std::string::npos);
    // v backs both startups; no sectors, so no competing ones.
    CHECK(r.investors[0].startups == 2);
    CHECK(r.investors[0].capital_share == Approx(0.625));
    CHECK(r.investors[0].dominant_in == 2);
}

TEST_CASE("MHHI: two firms, two common owners, worked by hand", "[concentration]") {
    // Firms s1 (revenue 60) and s2 (revenue 40): market shares 60% and 40%.
    // Stakes from own amount / post-money 100: A 20% and B 10% of s1; A 10% and B 30% of s2.
    // HHI = 60^2 + 40^2 = 5200.
    // s1 -> s2 term: 60*40 * (0.2*0.1 + 0.1*0.3) / (0.2^2 + 0.1^2) = 2400 * 0.05 / 0.05 = 2400.
    // s2 -> s1 term: 40*60 * (0.1*0.2 + 0.3*0.1) / (0.1^2 + 0.3^2) = 2400 * 0.05 / 0.10 = 1200.
    // MHHI = 5200 + 3600 = 8800; delta 3600.
    auto d = load(R"({"dealgraph": 1, "entities": [
        {"id": "a", "name": "A", "role": "investor"}, {"id": "b", "name": "B", "role": "investor"},
        {"id": "s1", "name": "S1", "role": "startup", "sectors": ["x"], "metrics": {"revenue_usd": 60}},
        {"id": "s2", "name": "S2", "role": "startup", "sectors": ["x"], "metrics": {"revenue_usd": 40}}],
      "deals": [
        {"id": "r1", "startup": "s1", "amount_usd": 30, "post_money_usd": 100,
         "investors": [{"id": "a", "amount_usd": 20}, {"id": "b", "amount_usd": 10}]},
        {"id": "r2", "startup": "s2", "amount_usd": 40, "post_money_usd": 100,
         "investors": [{"id": "a", "amount_usd": 10}, {"id": "b", "amount_usd": 30}]}]})");
    auto g = BipartiteGraph::build(d, {});
    ConcentrationOptions o;
    o.share_by = "revenue_usd";
    auto r = concentration(d, g, o);
    CHECK(r.segment.mhhi == Approx(8800));
    CHECK(r.segment.mhhi_delta == Approx(3600));
    CHECK(*startup(r, g, "s1").investors[0].stake == Approx(0.2));
    CHECK(startup(r, g, "s1").stake_basis == "post-money");
    // Each investor backs both startups, which share sector x: both are competing.
    for (const auto& i : r.investors) CHECK(i.competing == 2);
    // Equal market shares: 50/50: HHI 5000; terms 2500 * 1 + 2500 * 0.5 = 3750.
    o.share_by = "equal";
    auto e = concentration(d, g, o);
    CHECK(e.segment.mhhi == Approx(5000 + 3750));
}

TEST_CASE("roll-up: NVentures money counts as Nvidia's", "[concentration]") {
    auto d = load_fixture("tiny.json");
    GraphOptions rolled;
    rolled.rollup = true;
    auto g = BipartiteGraph::build(d, rolled);
    auto r = concentration(d, g, {});
    // hf: lux 200M, nvidia 100M + nventures 35M = 135M; total 335M.
    const auto& hf = startup(r, g, "hf");
    CHECK(hf.capital_usd == 335e6);
    CHECK(share_of(hf, g, "nvidia") == Approx(135.0 / 335));
    CHECK(share_of(hf, g, "nventures") == 0);
    auto g2 = BipartiteGraph::build(d, {});
    auto r2 = concentration(d, g2, {});
    CHECK(share_of(startup(r2, g2, "hf"), g2, "nvidia") == Approx(100.0 / 335));
    CHECK(share_of(startup(r2, g2, "hf"), g2, "nventures") == Approx(35.0 / 335));
}

TEST_CASE("the Hugging Face what-if: Nvidia's rejected offer", "[concentration]") {
    // Series D: 235M at 4.5B post-money, five investors: 47M each (20%), HHI 5 * 400 = 2000.
    // The offer: 500M at 7B from Nvidia alone. After: Nvidia 547M of 735M = 74.42%, the others
    // 47/735 = 6.39% each; HHI = 74.4218^2 + 4 * 6.3946^2 = 5538.6 + 163.6 = 5702.2.
    // Nvidia's stake: 47M/4.5B = 1.0444%, plus 500M/7B = 7.1429%: 8.1873%.
    auto d = load_fixture("hf-whatif.json");
    GraphOptions base;
    base.rollup = true;
    ConcentrationOptions o;
    o.groups = d.groups;
    auto w = what_if(d, base, {"nvidia-offer"}, o);
    auto find = [&](const std::string& scope, const std::string& fig) -> const FigureChange& {
        for (const auto& c : w.changes)
            if (c.scope == scope && c.figure == fig) return c;
        FAIL("no figure " << scope << " " << fig);
        throw 0;
    };
    CHECK(*find("hugging-face", "share:nvidia").before == Approx(0.2));
    CHECK(*find("hugging-face", "share:nvidia").after == Approx(547.0 / 735));
    CHECK(*find("hugging-face", "hhi").before == Approx(2000));
    double other = 47.0 / 735 * 100, nv = 547.0 / 735 * 100;
    CHECK(*find("hugging-face", "hhi").after == Approx(nv * nv + 4 * other * other));
    CHECK(*find("hugging-face", "stake:nvidia").before == Approx(47e6 / 4.5e9));
    CHECK(*find("hugging-face", "stake:nvidia").after == Approx(47e6 / 4.5e9 + 500e6 / 7e9));
    CHECK(find("hugging-face", "dominant_investor").before_text == "none");
    CHECK(find("hugging-face", "dominant_investor").after_text == "nvidia");
    // The segment is this one startup: the same figures.
    CHECK(*find("segment", "hhi").after == Approx(nv * nv + 4 * other * other));
    CHECK(w.flags[0].find("a significant change") != std::string::npos);
    // Big Tech (nvidia, alphabet via google, amazon): 3 * 20% = 60% before, (547 + 94) / 735 after.
    auto g1 = BipartiteGraph::build(d, [&] {
        GraphOptions x = base;
        x.include_deals = {"nvidia-offer"};
        return x;
    }());
    CHECK(startup(w.before, BipartiteGraph::build(d, base), "hugging-face").group_share[0] == Approx(0.6));
    CHECK(startup(w.after, g1, "hugging-face").group_share[0] == Approx(641.0 / 735));
    CHECK(deals_with_status(d, base, {DealStatus::rejected}) == std::vector<std::string>{"nvidia-offer"});
}

TEST_CASE("dilution shrinks earlier stakes by later rounds", "[concentration]") {
    // Round 1: v puts 10 at post-money 100 (10%). Round 2: w puts 50 at post-money 200:
    // dilution 1 - 50/200 = 0.75, so v's 10% becomes 7.5% with --dilute.
    auto d = load(R"({"dealgraph": 1, "entities": [
        {"id": "v", "name": "V", "role": "investor"}, {"id": "w", "name": "W", "role": "investor"},
        {"id": "s", "name": "S", "role": "startup"}],
      "deals": [
        {"id": "r1", "startup": "s", "date": "2020", "amount_usd": 10, "post_money_usd": 100, "investors": [{"id": "v"}]},
        {"id": "r2", "startup": "s", "date": "2021", "amount_usd": 50, "post_money_usd": 200, "investors": [{"id": "w"}]}]})");
    auto g = BipartiteGraph::build(d, {});
    ConcentrationOptions o;
    auto plain = concentration(d, g, o);
    o.dilute = true;
    auto diluted = concentration(d, g, o);
    auto stake = [&](const ConcentrationResult& r, const char* id) {
        for (const auto& i : r.startups[0].investors)
            if (g.node(i.node).id == id) return *i.stake;
        return -1.0;
    };
    CHECK(stake(plain, "v") == Approx(0.10));
    CHECK(stake(diluted, "v") == Approx(0.075));
    CHECK(stake(diluted, "w") == Approx(0.25));
}

TEST_CASE("segments by sector and the trend by year", "[concentration]") {
    auto d = load_fixture("tiny.json");
    auto g = BipartiteGraph::build(d, {});
    ConcentrationOptions o;
    o.sector = "foundation-models";
    auto r = concentration(d, g, o);
    // adept (lux 175M, nvidia 175M) and cohere (nventures, no capital).
    CHECK(r.segment.startups == 2);
    CHECK(r.segment.capital_usd == 350e6);
    CHECK(r.segment.hhi == Approx(5000));
    // Years 2022 and 2023: 2022: only d1 (lux 100M at hf): HHI 10000.
    auto years = by_year(d, {}, {}, 0);
    REQUIRE(years.size() == 2);
    CHECK(years[0].year == 2022);
    CHECK(years[0].hhi == Approx(10000));
    // 2023, cumulative: lux 375M, nvidia 275M, nventures 35M of 685M.
    double l = 375.0 / 685 * 100, n = 275.0 / 685 * 100, v = 35.0 / 685 * 100;
    CHECK(years[1].hhi == Approx(l * l + n * n + v * v));
    // Window of one year: 2023 alone: lux 275M (d2 100M + d3 175M), nvidia 275M, nventures 35M.
    auto w = by_year(d, {}, {}, 1);
    double a = 275.0 / 585 * 100, c = 35.0 / 585 * 100;
    CHECK(w[1].hhi == Approx(2 * a * a + c * c));
}

TEST_CASE("MHHI equals the pairwise O'Brien-Salop sum on seeded random deals", "[concentration]") {
    // The implementation sums the cross term in linear time; this recomputes it pair by
    // pair, straight from the definition, from the per-startup stakes and shares.
    std::uint64_t state = 7;
    auto next = [&](std::uint64_t mod) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 33) % mod;
    };
    for (int round = 0; round < 20; ++round) {
        const int investors = 2 + static_cast<int>(next(6)), startups = 2 + static_cast<int>(next(8));
        std::string json = R"({"dealgraph": 1, "entities": [)";
        for (int i = 0; i < investors; ++i)
            json += R"({"id": "i)" + std::to_string(i) + R"(", "name": "I)" + std::to_string(i) +
                    R"(", "role": "investor"},)";
        for (int s = 0; s < startups; ++s)
            json += R"({"id": "s)" + std::to_string(s) + R"(", "name": "S)" + std::to_string(s) +
                    R"(", "role": "startup"})" + (s + 1 < startups ? "," : "");
        json += R"(], "deals": [)";
        int deals = 0;
        for (int s = 0; s < startups; ++s)
            for (int k = 0, n = 1 + static_cast<int>(next(3)); k < n; ++k) {
                double amount = 10 + static_cast<double>(next(90));
                // Some startups have no post-money valuation: their basis is the capital share.
                bool post = s % 3 != 0;
                json += std::string(deals ? "," : "") + R"({"id": "d)" + std::to_string(deals + 1) +
                        R"(", "startup": "s)" + std::to_string(s) + R"(", "amount_usd": )" +
                        std::to_string(amount) +
                        (post ? R"(, "post_money_usd": )" + std::to_string(amount * (2 + static_cast<double>(next(8))))
                              : std::string()) +
                        R"(, "investors": [)";
                int first = static_cast<int>(next(investors)), count = 1 + static_cast<int>(next(3));
                for (int j = 0; j < count && j < investors; ++j)
                    json += std::string(j ? "," : "") + R"({"id": "i)" + std::to_string((first + j) % investors) + R"("})";
                json += "]}";
                ++deals;
            }
        json += "]}";
        auto d = load(json);
        auto g = BipartiteGraph::build(d, {});
        auto r = concentration(d, g, {});
        const auto& st = r.startups;
        double total = 0;
        for (const auto& sc : st) total += sc.capital_usd;
        std::vector<double> share;
        std::vector<std::map<std::uint32_t, double>> b(st.size());
        for (std::size_t j = 0; j < st.size(); ++j) {
            share.push_back(100 * st[j].capital_usd / total);
            bool any = false;
            for (const auto& is : st[j].investors) any = any || is.stake;
            for (const auto& is : st[j].investors) {
                double v = any ? is.stake.value_or(0) : is.share;
                if (v > 0) b[j][is.node] = v;
            }
        }
        double h = 0, cross = 0;
        for (std::size_t j = 0; j < st.size(); ++j) {
            h += share[j] * share[j];
            double own = 0;
            for (auto [i, v] : b[j]) own += v * v;
            if (own == 0) continue;
            for (std::size_t k = 0; k < st.size(); ++k) {
                if (k == j) continue;
                double common = 0;
                for (auto [i, v] : b[j])
                    if (auto it = b[k].find(i); it != b[k].end()) common += v * it->second;
                cross += share[j] * share[k] * common / own;
            }
        }
        INFO("round " << round << ": " << json);
        CHECK(r.segment.mhhi_delta == Approx(cross).epsilon(1e-12).margin(1e-9));
        CHECK(r.segment.mhhi == Approx(h + cross).epsilon(1e-12));
    }
}
