// `dealgraph generate`: synthetic deals with the shape the scale runs need, the same
// bytes for a seed, and a file dealgraph itself loads without complaint.

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <map>
#include <set>
#include <sstream>

#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/ingest/generate.hpp"
#include "dealgraph/ingest/load.hpp"
#include "support/run.hpp"

using namespace dealgraph;

namespace {
std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ls(line);
        std::string x;
        while (std::getline(ls, x, ',')) f.push_back(x);
        if (!line.empty() && line.back() == ',') f.emplace_back();
        rows.push_back(f);
    }
    return rows;
}
}  // namespace

TEST_CASE("generate: a seed gives the same bytes, another seed others", "[generate]") {
    auto a = generate_deals_csv({2000, 5});
    CHECK(a == generate_deals_csv({2000, 5}));
    CHECK(a != generate_deals_csv({2000, 6}));
    // A smaller file is not a prefix of a bigger one's shape, but it is exact in size.
    CHECK(rows_of(generate_deals_csv({1, 1})).size() == 2);
}

TEST_CASE("generate: exact row count and the promised shape", "[generate]") {
    auto csv = generate_deals_csv({20000, 11});
    auto rows = rows_of(csv);
    REQUIRE(rows.size() == 20001);
    CHECK(rows[0] == std::vector<std::string>{"deal_id", "startup", "investor", "date", "round", "amount_usd",
                                              "lead"});
    std::map<std::string, std::set<std::string>> investors_of_deal;
    std::map<std::string, std::string> amount_of_deal;
    std::map<std::string, std::size_t> rounds_of_investor;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == 7);
        CHECK(investors_of_deal[rows[i][0]].insert(rows[i][2]).second);  // no investor twice in a round
        amount_of_deal[rows[i][0]] = rows[i][5];
        ++rounds_of_investor[rows[i][2]];
        CHECK(rows[i][3] >= "2000-01-01");
        CHECK(rows[i][3] <= "2024-12-31");
    }
    std::size_t biggest = 0, missing = 0;
    for (const auto& [d, inv] : investors_of_deal) biggest = std::max(biggest, inv.size());
    for (const auto& [d, amt] : amount_of_deal) missing += amt.empty();
    CHECK(biggest >= 10);
    CHECK(biggest <= 40);
    double missing_share = static_cast<double>(missing) / static_cast<double>(amount_of_deal.size());
    CHECK(missing_share > 0.15);
    CHECK(missing_share < 0.35);
    // Heavy-tailed activity: the busiest investor is in hundreds of rounds, the median in a few.
    std::vector<std::size_t> activity;
    for (const auto& [i, n] : rounds_of_investor) activity.push_back(n);
    std::sort(activity.begin(), activity.end());
    CHECK(activity.back() >= 200);
    CHECK(activity[activity.size() / 2] <= 3);
}

TEST_CASE("generate: dealgraph loads its own output cleanly", "[generate]") {
    auto csv = generate_deals_csv({5000, 3});
    Dataset data;
    Diagnostics diag;
    load_text(csv, "gen.csv", {}, data, diag);
    CHECK_FALSE(diag.has_errors());
    auto g = BipartiteGraph::build(data, {});
    CHECK(g.totals().participations == 5000);
    CHECK(g.totals().deals == data.deals.size());
}

TEST_CASE("generate: the command writes the library's bytes", "[generate][cli]") {
    auto dir = test::temp_dir("generate");
    auto path = dir + "/g.csv";
    auto r = test::run_dealgraph({"generate", "--rows", "700", "--seed", "9", "-o", path});
    REQUIRE(r.exit_code == 0);
    CHECK(test::read_file(path) == generate_deals_csv({700, 9}));
    auto bad = test::run_dealgraph({"generate", "--rows", "0"});
    CHECK(bad.exit_code == 1);
}
