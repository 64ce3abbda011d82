#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>

#include "dealgraph/analysis/summary.hpp"
#include "dealgraph/ingest/load.hpp"
#include "dealgraph/report/summary_view.hpp"
#include "support/run.hpp"

using namespace dealgraph;

TEST_CASE("summary of the tiny fixture", "[summary]") {
    Diagnostics diag;
    Dataset d = load_files({test::fixture("tiny.json")}, {}, diag);
    auto g = BipartiteGraph::build(d, {});
    Summary s = summarize(d, g);
    CHECK(s.investors == 3);
    CHECK(s.startups == 3);
    CHECK(s.deals == 4);
    CHECK(s.participations == 7);
    CHECK(s.edges == 6);
    CHECK(s.components == 1);
    CHECK(s.giant_component == 6);
    CHECK(s.capital_usd == 685e6);
    CHECK(s.date_from->to_string() == "2022-05");
    CHECK(s.date_to->to_string() == "2023-08-24");
    CHECK(s.ties == 1);
    CHECK(s.by_status.at("closed") == 3);
    CHECK(s.by_status.at("announced") == 1);
    CHECK(s.by_status.at("rejected") == 1);
    CHECK(s.by_status.at("proposed") == 0);
    CHECK(s.by_type == std::map<std::string, std::size_t>{{"big_tech", 1}, {"corporate_vc", 1}, {"vc", 1}});
    CHECK(s.by_sector == std::map<std::string, std::size_t>{{"ai-platform", 1}, {"foundation-models", 2}});

    auto j = summary_json(s);
    CHECK(j["giant_component"] == 6);
    CHECK(j["date_to"] == "2023-08-24");
    CHECK(j["capital_usd"] == 685e6);
}

TEST_CASE("components and the giant component on two separate stars", "[summary]") {
    // Star 1: A backs s1, s2, s3 (4 nodes). Star 2: B backs t1 (2 nodes).
    Diagnostics diag;
    Dataset d;
    load_text("startup,investor\ns1,A\ns2,A\ns3,A\nt1,B\n", "t.csv", {}, d, diag);
    auto s = summarize(d, BipartiteGraph::build(d, {}));
    CHECK(s.components == 2);
    CHECK(s.giant_component == 4);
    CHECK(s.by_sector.at("unspecified") == 4);
    CHECK(s.by_type.at("other") == 2);
    CHECK_FALSE(s.date_from);
}
