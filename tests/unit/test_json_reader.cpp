#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "dealgraph/ingest/load.hpp"
#include "support/run.hpp"

using namespace dealgraph;
using Catch::Matchers::ContainsSubstring;

namespace {
Dataset load_one(const std::string& text, Diagnostics& diag, const std::string& name = "t.json") {
    Dataset d;
    load_text(text, name, {}, d, diag);
    return d;
}
std::string all(const Diagnostics& diag) {
    std::string s;
    for (const auto& d : diag.list()) s += d.format() + "\n";
    return s;
}
}  // namespace

TEST_CASE("the tiny fixture loads with every field", "[json]") {
    Diagnostics diag;
    Dataset d = load_files({test::fixture("tiny.json")}, {}, diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    CHECK(diag.list().empty());
    CHECK(d.title == "tiny fixture");
    REQUIRE(d.entities.size() == 6);
    REQUIRE(d.deals.size() == 5);
    REQUIRE(d.ties.size() == 1);
    const Entity& hf = d.entities[3];
    CHECK(hf.id == "hf");
    CHECK(hf.name == "Hugging Face");
    CHECK(hf.aliases == std::vector<std::string>{"HuggingFace"});
    CHECK(hf.role == Role::startup);
    CHECK(hf.sectors == std::vector<std::string>{"ai-platform"});
    CHECK(hf.founded == 2016);
    CHECK(d.entities[2].parent == "nvidia");
    CHECK(d.entities[2].type == EntityType::corporate_vc);
    const Deal& d2 = d.deals[1];
    CHECK(d2.id == "d2");
    CHECK(d2.date->to_string() == "2023-08-24");
    CHECK(d2.round == RoundType::series_d);
    CHECK(d2.amount_usd == 235000000.0);
    CHECK(d2.post_money_usd == 4500000000.0);
    REQUIRE(d2.investors.size() == 3);
    CHECK(d2.investors[2].investor == "nventures");
    CHECK(d2.investors[2].amount_usd == 35000000.0);
    CHECK(d.deals[0].investors[0].lead);
    CHECK(d.deals[4].status == DealStatus::rejected);
    CHECK(d.deals[3].status == DealStatus::announced);
    CHECK_FALSE(d.deals[3].amount_usd);
    CHECK(d.ties[0].type == TieType::partnership);
    CHECK(d.ties[0].from == "nvidia");
    CHECK(d.deals[0].sources[0].publisher == "Test");
}

TEST_CASE("errors name line and column of the bad value", "[json]") {
    Diagnostics diag;
    load_one("{\"dealgraph\": 1,\n"
             " \"entities\": [{\"id\": \"s\", \"name\": \"S\", \"role\": \"startup\"}],\n"
             " \"deals\": [{\"id\": \"x\", \"startup\": \"s\",\n"
             "   \"amount_usd\": -5}]}\n",
             diag);
    CHECK_THAT(all(diag), ContainsSubstring("t.json:4:18: error: deal \"x\": amount_usd is -5; expected a "
                                            "non-negative number"));
}

TEST_CASE("string positions survive escapes", "[json]") {
    Diagnostics diag;
    load_one("{\"dealgraph\": 1, \"title\": \"a \\\"quoted\\\" title\",\n"
             "  \"entities\": [{\"id\": \"Bad Id\", \"name\": \"x\\\\\", \"role\": \"investor\"}]}",
             diag);
    CHECK_THAT(all(diag), ContainsSubstring("t.json:2:23: error: entity \"Bad Id\": id is \"Bad Id\"; expected a slug"));
}

TEST_CASE("two files merge: entities by id, deals by id", "[json]") {
    auto dir = test::temp_dir("json-merge");
    auto a = test::write_file(dir, "a.json",
                              R"({"dealgraph": 1, "entities": [
        {"id": "v", "name": "V", "role": "investor"},
        {"id": "s", "name": "S", "role": "startup"}],
      "deals": [{"id": "d", "startup": "s", "investors": [{"id": "v"}]}]})");
    auto b = test::write_file(dir, "b.json",
                              R"({"dealgraph": 1, "entities": [
        {"id": "v", "name": "V", "role": "investor", "type": "vc", "country": "US"}],
      "deals": [{"id": "d", "startup": "s", "investors": [{"id": "v"}]}]})");
    Diagnostics diag;
    Dataset d = load_files({a, b}, {}, diag);
    INFO(all(diag));
    CHECK_FALSE(diag.has_errors());
    REQUIRE(d.entities.size() == 2);
    CHECK(d.entities[0].type == EntityType::vc);  // filled in by the second file
    CHECK(d.entities[0].country == "US");
    CHECK(d.deals.size() == 1);
    CHECK_THAT(all(diag), ContainsSubstring("warning: deal \"d\" appears again with the same content; merged"));
}

TEST_CASE("parent cycles are errors", "[json]") {
    Diagnostics diag;
    load_one(R"({"dealgraph": 1, "entities": [
        {"id": "a", "name": "A", "role": "investor", "parent": "b"},
        {"id": "b", "name": "B", "role": "investor", "parent": "a"}]})",
             diag);
    CHECK_THAT(all(diag), ContainsSubstring("parent chain loops back"));
}
