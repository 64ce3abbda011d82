#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/ingest/generate.hpp"
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

// ---- the two parsers -------------------------------------------------------------
// simdjson reads a file first and hands anything it would have to report to nlohmann/json
// (src/ingest/json_reader.cpp). Whichever built the tree, the data set and every message
// must be the same.

#include <random>

#include "ingest/builder.hpp"

namespace {

struct Read {
    bool fast = false;  // simdjson built the tree
    std::string messages;
    std::string data;  // the data set as native JSON, with where each record was read
};

Read read_with(const std::string& text, detail::JsonParser parser) {
    Dataset d;
    Diagnostics diag;
    Read r;
    {
        detail::DatasetBuilder builder(d, diag);
        if (detail::check_text(text, "t.json", diag))
            r.fast = detail::read_json(text, "t.json", builder, diag, parser);
        builder.finish();
    }
    r.messages = all(diag);
    r.data = to_json(d);
    auto where = [&](const SourceLocation& at) {
        r.data += std::to_string(at.line) + ":" + std::to_string(at.column) + " ";
    };
    for (const auto& e : d.entities) where(e.where);
    for (const auto& x : d.deals) where(x.where);
    for (const auto& t : d.ties) where(t.where);
    for (const auto& g : d.groups) where(g.where);
    return r;
}

// Reads the text with both parsers, checks they agree, and returns whether simdjson read it.
bool same_either_way(const std::string& text) {
    Read fast = read_with(text, detail::JsonParser::automatic);
    Read full = read_with(text, detail::JsonParser::full);
    INFO("text: " << text);
    CHECK(fast.messages == full.messages);
    CHECK(fast.data == full.data);
    return fast.fast;
}

}  // namespace

TEST_CASE("simdjson and nlohmann/json read the same values", "[json]") {
    // Numbers as nlohmann/json types them (a non-negative integer is unsigned; -0 and an
    // integer past 64 bits are not what simdjson makes of them), escapes, non-ASCII text,
    // a minified line, a key that repeats in another object, nesting.
    const std::string head = R"({"dealgraph": 1, "title": "caf\u00e9 \"q\" \\ \/ \ud83d\ude00 ü 한국",)";
    const std::string entities = R"( "entities": [{"id": "v", "name": "V\tV", "role": "investor", "founded": )";
    for (std::string founded : {"2016", "2016.0", "2e3", "-0", "0", "18446744073709551615", "-9223372036854775808",
                                "100000000000000000000000000000", "1e400", "20160", "-1", "\"2016\"", "null", "true"}) {
        std::string text = head + entities + founded +
                           R"(, "metrics": {"a": 1.5e3, "b": 0.1, "c": 12345678901234567890, "d": -0.0}}],)"
                           R"( "deals": [{"id": "d", "startup": "s", "amount_usd": 1e2, "investors": [{"id": "v",)"
                           R"( "amount_usd": 1.7976931348623157e308}, {"id": "w", "lead": false}]}]})";
        same_either_way(text);
        same_either_way("\n\n   " + text + "   \n");
    }
    // What simdjson reads itself: a valid file, pretty or minified.
    CHECK(same_either_way(test::read_file(test::fixture("tiny.json"))));
    CHECK(same_either_way(R"({"dealgraph":1,"entities":[{"id":"v","name":"V","role":"investor"}]})"));
    // What it leaves to nlohmann/json: syntax errors, a repeated key, a root that is not an
    // object or array, trailing text.
    CHECK_FALSE(same_either_way(R"({"dealgraph": 1, "title": "a" "b"})"));
    CHECK_FALSE(same_either_way(R"({"dealgraph": 1, "dealgraph": 1})"));
    CHECK_FALSE(same_either_way(R"({"dealgraph": 1} {})"));
    CHECK_FALSE(same_either_way(R"({"dealgraph": 1, "title": "a\qb"})"));
    CHECK_FALSE(same_either_way("{\"dealgraph\": 1, \"title\": \"a\tb\"}"));
    CHECK_FALSE(same_either_way(R"({"dealgraph": 1, "title": "\ud800"})"));
    CHECK_FALSE(same_either_way("42"));
    CHECK_FALSE(same_either_way(R"("text")"));
    CHECK_FALSE(same_either_way(std::string(70, '[') + std::string(70, ']')));
    // Below the depth limit simdjson reads it (and the mapping reports the array).
    CHECK(same_either_way(std::string(60, '[') + std::string(60, ']')));
    // An object of more keys than KeySet keeps in its array (16), with and without a repeat.
    std::string metrics;
    for (int k = 0; k < 20; ++k) metrics += (k ? ", \"m" : "\"m") + std::to_string(k) + "\": " + std::to_string(k);
    const std::string many = R"({"dealgraph": 1, "entities": [{"id": "v", "name": "V", "role": "investor", "metrics": {)";
    CHECK(same_either_way(many + metrics + "}}]}"));
    CHECK_FALSE(same_either_way(many + metrics + ", \"m17\": 1}}]}"));
    // Long strings: nlohmann/json reads one of 9 MiB and refuses one over 16 MiB; simdjson
    // leaves both to it (the second without indexing the file: no quote for 12 MiB).
    for (std::size_t mib : {9, 17}) {
        std::string title(mib << 20, 'a');
        CHECK_FALSE(same_either_way(R"({"dealgraph": 1, "title": ")" + title + "\"}"));
    }
}

TEST_CASE("simdjson and nlohmann/json agree on thousands of broken files", "[json][robust]") {
    // Each case: a fixture with one to three random edits (a byte deleted, inserted or
    // replaced by a JSON-ish character, or a slice repeated). Seeded: the same cases on
    // every run.
    std::vector<std::string> seeds{test::read_file(test::fixture("tiny.json")),
                                   test::read_file(test::fixture("hf-whatif.json"))};
    for (const char* bad : {"bad/wrong-types.json", "bad/duplicate-deal.json", "bad/unknown-field.json",
                            "bad/negative.json", "bad/dates.json"})
        seeds.push_back(test::read_file(test::fixture(bad)));
    const std::string alphabet = "{}[]\",:0123456789-+.eE \n\\tnulfas\x01\xC3\xA9";
    std::mt19937 gen(20261206);
    int fast = 0, cases = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string text = seeds[gen() % seeds.size()];
        int edits = 1 + static_cast<int>(gen() % 3);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            std::size_t at = gen() % text.size();
            switch (gen() % 4) {
                case 0: text.erase(at, 1 + gen() % 3); break;
                case 1: text.insert(at, 1, alphabet[gen() % alphabet.size()]); break;
                case 2: text[at] = alphabet[gen() % alphabet.size()]; break;
                default: {
                    std::size_t from = gen() % text.size();
                    text.insert(at, text.substr(from, 1 + gen() % 40));
                }
            }
        }
        ++cases;
        fast += same_either_way(text) ? 1 : 0;
    }
    // Both paths were taken often: an edit inside a string or a value keeps most files valid.
    INFO(fast << " of " << cases << " read by simdjson");
    CHECK(fast > cases / 10);
    CHECK(fast < cases - cases / 10);
}

TEST_CASE("Locator and locate give line and column for offsets in any order", "[json]") {
    // The reference: every byte counted from the start; the column in UTF-8 characters.
    auto naive = [](std::string_view text, std::size_t offset) {
        offset = std::min(offset, text.size());
        std::uint32_t line = 1, column = 1;
        for (std::size_t i = 0; i < offset; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        return std::pair{line, column};
    };
    CHECK(naive("ab\nc\xC3\xA9" "d", 6) == std::pair{2u, 3u});  // the reference itself: "d" after "c\xC3\xA9"
    std::mt19937 gen(7);
    const std::vector<std::string> pieces{"a", "\n", "\xC3\xA9", "\xED\x95\x9C", "  ", "\r\n", "\xF0\x9F\x98\x80"};
    std::string text;
    for (int i = 0; i < 4000; ++i) text += pieces[gen() % pieces.size()];
    detail::Locator locator(text, "t.json");
    std::size_t offset = 0;
    for (int i = 0; i < 3000; ++i) {
        // Mostly forward, sometimes back, sometimes past the end.
        std::uint32_t r = gen() % 20;
        offset = r == 0 ? gen() % text.size() : r == 1 ? text.size() + 5 : std::min(text.size(), offset + gen() % 40);
        const auto [line, column] = naive(text, offset);
        SourceLocation got = locator.at(offset);
        SourceLocation once = detail::locate(text, offset, "t.json");
        INFO("offset " << offset);
        REQUIRE(got.line == line);
        REQUIRE(got.column == column);
        REQUIRE(once.line == line);
        REQUIRE(once.column == column);
    }
}

TEST_CASE("convert's writers hand out the text in pieces, as nlohmann's dump(2) prints it", "[json][csv]") {
    // The JSON is made record by record, not as one value tree: it must be byte for
    // byte the dump(2) of the value it parses to, with every kind of field (the bundled
    // AI deals have a title, aliases, parents, metrics, sources, notes, ties and groups).
    for (const std::string& file :
         {test::fixture("tiny.json"), std::string(DEALGRAPH_SOURCE_DIR) + "/data/ai-deals.json"}) {
        CAPTURE(file);
        Diagnostics diag;
        Dataset d = load_files({file}, {}, diag);
        REQUIRE_FALSE(diag.has_errors());
        const std::string text = to_json(d);
        CHECK(text == nlohmann::ordered_json::parse(text).dump(2) + "\n");
    }
    Diagnostics none;
    Dataset empty = load_one("{\"dealgraph\": 1, \"entities\": [], \"deals\": []}", none);
    CHECK(to_json(empty) == "{\n  \"dealgraph\": 1,\n  \"entities\": [],\n  \"deals\": [],\n  \"ties\": []\n}\n");

    // A data set of a few MB arrives in pieces of about 1 MiB (each at least 1 MiB but
    // the last), which together are the whole text.
    GenerateOptions g;
    g.rows = 40000;
    g.seed = 3;
    Diagnostics diag;
    Dataset d;
    load_text(generate_deals_csv(g), "g.csv", {}, d, diag);
    REQUIRE_FALSE(diag.has_errors());
    for (bool json : {true, false}) {
        CAPTURE(json);
        std::vector<std::string> pieces;
        auto keep = [&pieces](std::string_view piece) { pieces.emplace_back(piece); };
        if (json) write_json(d, keep);
        else write_csv(d, keep);
        REQUIRE(pieces.size() >= 2);
        std::string whole;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            if (i + 1 < pieces.size()) CHECK(pieces[i].size() >= (std::size_t{1} << 20));
            whole += pieces[i];
        }
        if (json) {
            CHECK(whole == nlohmann::ordered_json::parse(whole).dump(2) + "\n");
        } else {
            std::size_t participations = 0;
            // A row per named investor, and one "Undisclosed" row for the unnamed ones.
            for (const auto& deal : d.deals)
                participations += deal.investors.size() + (deal.unnamed_investors || deal.investors.empty() ? 1 : 0);
            CHECK(static_cast<std::size_t>(std::count(whole.begin(), whole.end(), '\n')) == participations + 1);
        }
        CHECK(whole == (json ? to_json(d) : to_csv(d)));
    }
}
