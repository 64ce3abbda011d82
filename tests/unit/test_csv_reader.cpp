#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "dealgraph/ingest/load.hpp"
#include "dealgraph/ingest/text.hpp"

using namespace dealgraph;
using Catch::Matchers::ContainsSubstring;

namespace {
Dataset load_csv(const std::string& text, Diagnostics& diag, LoadOptions opts = {}) {
    Dataset d;
    load_text(text, "t.csv", opts, d, diag);
    return d;
}
std::string all(const Diagnostics& diag) {
    std::string s;
    for (const auto& d : diag.list()) s += d.format() + "\n";
    return s;
}
}  // namespace

TEST_CASE("Crunchbase 2013 layout: one round per (company, date)", "[csv]") {
    Diagnostics diag;
    // Digg: two investors in one round (8.5M); Facebook: one round with two angels and
    // another row at a different date = a second round.
    Dataset d = load_csv("company_name,investor_name,funded_when,amount_usd\n"
                         "Digg,Greylock Partners,2006-12-01,8500000\n"
                         "Digg,Omidyar Network,2006-12-01,8500000\n"
                         "Facebook,Peter Thiel,2004-09-01,500000\n"
                         "Facebook,Reid Hoffman,2004-09-01,500000\n"
                         "Facebook,Accel Partners,2005-05-01,12700000\n",
                         diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    CHECK(diag.list().empty());
    REQUIRE(d.deals.size() == 3);
    CHECK(d.entities.size() == 7);  // 2 startups + 5 investors
    const Deal& digg = d.deals[0];
    CHECK(digg.id == "digg/2006-12-01");
    CHECK(digg.amount_usd == 8500000.0);
    CHECK(digg.investors.size() == 2);
    CHECK(digg.round == RoundType::undisclosed);
    CHECK(d.deals[2].investors.size() == 1);
}

TEST_CASE("names match across spelling variants; first spelling shown", "[csv]") {
    Diagnostics diag;
    Dataset d = load_csv("startup,investor,date\n"
                         "Acme,Self funded,2010\n"
                         "Beta,Self  Funded,2011\n"
                         "Gamma, self funded ,2012\n",
                         diag);
    REQUIRE_FALSE(diag.has_errors());
    std::size_t investors = 0;
    for (const auto& e : d.entities)
        if (e.role == Role::investor) {
            ++investors;
            CHECK(e.name == "Self funded");
            CHECK(e.id == "self-funded");
        }
    CHECK(investors == 1);
    CHECK(d.deals[0].date->to_string() == "2010");  // year-only dates are kept as years
}

TEST_CASE("investors and startups are separate namespaces, one entity with role both", "[csv]") {
    Diagnostics diag;
    Dataset d = load_csv("startup,investor\nIntel,Sequoia\nMobileye,Intel\n", diag);
    REQUIRE_FALSE(diag.has_errors());
    int both = 0;
    for (const auto& e : d.entities) both += e.role == Role::both;
    CHECK(both == 1);
}

TEST_CASE("all aliased columns, leads, own amounts, statuses and vocabularies", "[csv]") {
    Diagnostics diag;
    Dataset d = load_csv(
        "funding_round_uuid,organization,investor_name,announced_on,investment_type,raised_amount_usd,"
        "investor_amount_usd,is_lead_investor,status,post_money_usd,extra\n"
        "r1,Hugging Face,Salesforce Ventures,2023-08-24,d,\"235,000,000\",,true,closed,4500000000,x\n"
        "r1,Hugging Face,Nvidia,2023-08-24,d,\"235,000,000\",\"$10,000,000\",no,closed,4500000000,x\n"
        "r2,Hugging Face,Nvidia,2024-05,private_equity,500000000,,yes,declined,,x\n",
        diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    CHECK_THAT(all(diag), ContainsSubstring("t.csv:1: warning: columns not used by dealgraph: \"extra\""));
    CHECK_THAT(all(diag), ContainsSubstring("t.csv:4: warning: round type \"private_equity\" is not in "
                                            "dealgraph's vocabulary; kept as other"));
    REQUIRE(d.deals.size() == 2);
    const Deal& r1 = d.deals[0];
    CHECK(r1.id == "r1");
    CHECK(r1.round == RoundType::series_d);
    CHECK(r1.amount_usd == 235000000.0);
    CHECK(r1.post_money_usd == 4500000000.0);
    REQUIRE(r1.investors.size() == 2);
    CHECK(r1.investors[0].lead);
    CHECK_FALSE(r1.investors[1].lead);
    CHECK(r1.investors[1].amount_usd == 10000000.0);
    const Deal& r2 = d.deals[1];
    CHECK(r2.round == RoundType::other);
    CHECK(r2.round_label == "private_equity");
    CHECK(r2.status == DealStatus::rejected);
}

TEST_CASE("messy rows: duplicates, blanks, conflicting amounts, placeholders", "[csv]") {
    Diagnostics diag;
    Dataset d = load_csv("company_name,investor_name,funded_when,amount_usd\n"
                         "A,X,2010-01-01,100\n"
                         "A,X,2010-01-01,100\n"          // exact duplicate: merged
                         "A,Y,2010-01-01,300\n"          // same round, larger amount: kept
                         "A,,2010-01-01,100\n"           // blank investor: skipped
                         ",X,2010-01-01,100\n"           // blank startup: skipped
                         "A,Private Investors,2010-01-01,300\n"  // placeholder
                         "A,Undisclosed,2010-01-01,300\n",       // placeholder
                         diag);
    std::string text = all(diag);
    INFO(text);
    REQUIRE_FALSE(diag.has_errors());
    CHECK_THAT(text, ContainsSubstring("t.csv:3: warning: exact duplicate rows merged"));
    CHECK_THAT(text, ContainsSubstring("t.csv:4: warning: rounds whose rows disagree on the round's amount; the "
                                       "largest is kept"));
    CHECK_THAT(text, ContainsSubstring("t.csv:5: warning: rows with a blank investor name skipped"));
    CHECK_THAT(text, ContainsSubstring("t.csv:6: warning: rows with a blank startup name skipped"));
    CHECK_THAT(text, ContainsSubstring("t.csv:7: warning: placeholder investor names (such as \"Private "
                                       "Investors\") kept out of the graph"));
    CHECK_THAT(text, ContainsSubstring("(2 occurrences; the first is shown)"));
    REQUIRE(d.deals.size() == 1);
    const Deal& a = d.deals[0];
    CHECK(a.amount_usd == 300.0);
    CHECK(a.investors.size() == 2);
    CHECK(a.unnamed_investors == 2);

    Diagnostics keep;
    Dataset k = load_csv("startup,investor\nA,Undisclosed\n", keep, LoadOptions{true});
    CHECK(k.deals[0].investors.size() == 1);
    CHECK(k.deals[0].unnamed_investors == 0);
}

TEST_CASE("quoted fields with commas, escaped quotes, newlines and CRLF", "[csv]") {
    Diagnostics diag;
    Dataset d = load_csv("\xEF\xBB\xBFstartup,investor,notes\r\n"
                         "\"Acme, Inc.\",\"The \"\"Best\"\" Fund\",\"two\nlines\"\r\n"
                         "Beta,Gamma,x\r\n",
                         diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    REQUIRE(d.deals.size() == 2);
    CHECK(d.entities[0].name == "Acme, Inc.");
    CHECK(d.entities[1].name == "The \"Best\" Fund");
    CHECK(d.deals[1].where.line == 4);  // the quoted newline moved the second row to line 4
}

TEST_CASE("CSV names resolve against JSON entities and aliases", "[csv]") {
    Diagnostics diag;
    Dataset d;
    load_text(R"({"dealgraph": 1, "entities": [
        {"id": "hf", "name": "Hugging Face", "aliases": ["HuggingFace"], "role": "startup"},
        {"id": "nvidia", "name": "Nvidia", "role": "investor"}]})",
              "a.json", {}, d, diag);
    load_text("startup,investor,date\nhuggingface,NVIDIA,2023\n", "b.csv", {}, d, diag);
    REQUIRE_FALSE(diag.has_errors());
    CHECK(d.entities.size() == 2);
    REQUIRE(d.deals.size() == 1);
    CHECK(d.deals[0].startup == "hf");
    CHECK(d.deals[0].investors[0].investor == "nvidia");
}

TEST_CASE("exact duplicate rows: compared by value, quoted or not, across a growing table", "[csv]") {
    Diagnostics diag;
    // Line 3 repeats line 2 with quotes; the row on lines 4-5 has a quoted field spanning
    // both and is repeated on lines 6-7. Line 8 differs from line 2 in the amount only,
    // so it is a row of its own.
    Dataset d = load_csv("company,investor,funded_when,amount_usd\n"
                         "Acme,Lux,2020-01-01,100\n"
                         "\"Acme\",\"Lux\",2020-01-01,\"100\"\n"
                         "Beta,\"Two\nLines\",2021-01-01,5\n"
                         "Beta,\"Two\nLines\",2021-01-01,5\n"
                         "Acme,Lux,2020-01-01,200\n",
                         diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    std::string msgs = all(diag);
    CHECK_THAT(msgs, ContainsSubstring("t.csv:3: warning: exact duplicate rows merged (each counted once) "
                                       "(2 occurrences; the first is shown)"));
    // Acme's round: the 200 row disagrees on the amount (a row, not a duplicate).
    CHECK_THAT(msgs, ContainsSubstring("t.csv:8: warning: rounds whose rows disagree on the round's amount"));
    REQUIRE(d.deals.size() == 2);
    CHECK(d.deals[0].amount_usd == 200.0);
    CHECK(d.deals[1].investors.size() == 1);
}

TEST_CASE("exact duplicate rows: found among thousands of rows", "[csv]") {
    // 3000 distinct rows (the table starts with room for far fewer and grows, hashing the
    // rows it holds again), every seventh quoted, then the first and the last again, the
    // last unquoted.
    std::string text = "startup,investor,date\n";
    for (int i = 0; i < 3000; ++i) {
        const std::string s = "S" + std::to_string(i % 70), inv = "I" + std::to_string(i);
        text += i % 7 == 3 ? "\"" + s + "\",\"" + inv + "\",\"2020\"\n" : s + "," + inv + ",2020\n";
    }
    text += "S0,I0,2020\nS59,I2999,2020\n";  // row 2999 was quoted (2999 % 7 == 3)
    Diagnostics diag;
    Dataset d = load_csv(text, diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    REQUIRE(diag.list().size() == 1);
    CHECK(diag.list()[0].line == 3002);
    CHECK(diag.list()[0].count == 2);
    CHECK(d.deals.size() == 70);
    std::size_t parts = 0;
    for (const auto& deal : d.deals) parts += deal.investors.size();
    CHECK(parts == 3000);
}

TEST_CASE("file names are interned: records of one file share one name", "[csv][model]") {
    FileName a("dir/a-long-file-name-past-the-small-string-buffer.csv");
    FileName a2(std::string("dir/a-long-file-name-past-the-small-string-buffer.csv"));
    FileName b("b.csv");
    CHECK(a == a2);
    CHECK(&a.str() == &a2.str());
    CHECK_FALSE(a == b);
    CHECK(b.str() == "b.csv");
    CHECK(FileName().empty());
    CHECK(FileName("") == FileName());
    CHECK(sizeof(SourceLocation) <= 16);

    Diagnostics diag;
    Dataset d;
    load_text("startup,investor\nAcme,Fund One\n", "x.csv", {}, d, diag);
    load_text("startup,investor\nBeta,Fund Two\n", "y.csv", {}, d, diag);
    REQUIRE(d.deals.size() == 2);
    REQUIRE(d.entities.size() == 4);
    CHECK(d.deals[0].where.file.str() == "x.csv");
    CHECK(d.deals[1].where.file.str() == "y.csv");
    CHECK(d.deals[0].where.file == d.entities[0].where.file);
    CHECK(&d.deals[1].where.file.str() == &d.entities[3].where.file.str());
    CHECK(d.deals[1].where.line == 2);
}

TEST_CASE("a round's rows may be consecutive or scattered, its words quoted or not", "[csv]") {
    // Rows of one round next to each other (the reader reuses the previous row's deal),
    // scattered among other rounds, and quoted (their values are unescaped into a buffer
    // the next row overwrites): the same deals, ids and round words either way.
    const std::string header = "deal_id,startup,investor,date,round,investor_amount_usd,lead\n";
    const std::string consecutive = header +
                                    "\"r\"\"1\",Acme,X,2020-01-01,\"Growth Equity\",5,no\n"
                                    "\"r\"\"1\",Acme,Y,2020-01-01,\"Growth Equity\",,yes\n"
                                    "\"r\"\"1\",Acme,X,2020-01-01,\"Growth Equity\",7,yes\n"  // X again: merged
                                    ",Acme,Undisclosed,2021,\"a\",,\n"
                                    ",Acme,\"Undisclosed\",2021,a,,\n"  // the same placeholder: once
                                    ",Acme,Private Investors,2021,a,,\n"
                                    ",\"ACME \",Z,2021,A,,\n"           // same name key, same round
                                    "\"r\"\"2\",Beta,X,2020,seed,,\n";
    const std::string scattered = header +
                                  "\"r\"\"1\",Acme,X,2020-01-01,\"Growth Equity\",5,no\n"
                                  ",Acme,Undisclosed,2021,\"a\",,\n"
                                  "\"r\"\"2\",Beta,X,2020,seed,,\n"
                                  "\"r\"\"1\",Acme,Y,2020-01-01,\"Growth Equity\",,yes\n"
                                  ",Acme,Private Investors,2021,a,,\n"
                                  "\"r\"\"1\",Acme,X,2020-01-01,\"Growth Equity\",7,yes\n"
                                  ",\"ACME \",Z,2021,A,,\n"
                                  ",Acme,\"Undisclosed\",2021,a,,\n";
    for (const std::string* text : {&consecutive, &scattered}) {
        Diagnostics diag;
        Dataset d = load_csv(*text, diag);
        INFO(all(diag));
        REQUIRE_FALSE(diag.has_errors());
        CHECK_THAT(all(diag), ContainsSubstring("an investor listed twice in one round with different details"));
        REQUIRE(d.deals.size() == 3);
        const Deal& r1 = d.deals[0];
        CHECK(r1.id == "r\"1");
        CHECK(r1.round == RoundType::other);
        CHECK(r1.round_label == "Growth Equity");
        REQUIRE(r1.investors.size() == 2);
        CHECK(r1.investors[0].investor == "x");
        CHECK(r1.investors[0].lead);                  // either row's lead
        CHECK(r1.investors[0].amount_usd == 7.0);     // the larger own amount
        CHECK(r1.investors[1].investor == "y");
        CHECK(r1.investors[1].lead);
        CHECK_FALSE(r1.investors[1].amount_usd);
        const Deal& a = d.deals[1];
        CHECK(a.id == "acme/2021/a");
        CHECK(a.round == RoundType::series_a);
        CHECK(a.unnamed_investors == 2);  // Undisclosed (twice) and Private Investors
        REQUIRE(a.investors.size() == 1);
        CHECK(a.investors[0].investor == "z");
        CHECK(d.deals[2].id == "r\"2");
        CHECK(d.deals[2].startup == "beta");
    }
}

TEST_CASE("pending investors are freed chunk by chunk only once every deal using them is made", "[csv]") {
    // 70000 rows, past the first chunk of pending investors (65536), one deal each; the
    // first deal gets a second investor on the last row, in the second chunk.
    std::string text = "deal_id,startup,investor\n";
    for (int i = 0; i < 70000; ++i) text += "d" + std::to_string(i) + ",S" + std::to_string(i % 500) + ",I" + std::to_string(i % 900) + "\n";
    text += "d0,S0,Late\n";
    Diagnostics diag;
    Dataset d = load_csv(text, diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    REQUIRE(d.deals.size() == 70000);
    REQUIRE(d.deals[0].investors.size() == 2);
    CHECK(d.deals[0].investors[0].investor == "i0");
    CHECK(d.deals[0].investors[1].investor == "late");
    for (int i : {1, 65535, 65536, 69999}) {
        INFO(i);
        REQUIRE(d.deals[i].investors.size() == 1);
        CHECK(d.deals[i].investors[0].investor == "i" + std::to_string(i % 900));
    }
}

namespace {
// A seeded messy table of about `rows` rows, split over many 2048-row batches: quoted
// fields with commas, escaped quotes and line breaks, amounts with thousands separators,
// blank lines, exact duplicates of rows far back (across batches), and rows of the wrong
// length. Counts what it put in, so the reader can be checked against it.
struct MessyTable {
    std::string text = "startup,investor,date,amount_usd,round\n";
    std::size_t duplicates = 0, wrong_length = 0, lines = 1;  // lines so far, the header's included

    MessyTable(unsigned seed, std::size_t rows) {
        std::mt19937 rng(seed);
        auto pick = [&](std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); };
        const char* rounds[] = {"seed", "a", "b", "series_c", "unattributed", "private_equity"};
        std::vector<std::string> kept;  // the rows of the right length so far, for duplicates
        std::set<std::string> seen;
        while (kept.size() + wrong_length < rows) {
            std::string row;
            std::size_t row_lines = 1;
            if (!kept.empty() && pick(12) == 0) {
                row = kept[pick(static_cast<std::uint32_t>(kept.size()))];
            } else {
                const std::uint32_t s = pick(900), i = pick(2500);
                // A value has one spelling, so rows equal as text are equal by value.
                row = s % 5 == 0 ? "\"S" + std::to_string(s) + ", \"\"Labs\"\"\"" : "S" + std::to_string(s);
                row += i % 11 == 0 ? ",\"Fund\n" + std::to_string(i) + "\"" : ",I" + std::to_string(i);
                row += "," + std::to_string(2000 + s % 20) + "-0" + std::to_string(1 + s % 9) + "-15";
                row += s % 3 == 0 ? ",\"" + std::to_string(1 + s % 7) + ",000,000\"" : "," + std::to_string(s * 1000);
                row += std::string(",") + rounds[s % 6];
            }
            for (char c : row) row_lines += c == '\n';
            if (pick(200) == 0) {
                text += row + ",extra\n";
                ++wrong_length;
            } else {
                if (!seen.insert(row).second) ++duplicates;
                kept.push_back(row);
                text += row + "\n";
            }
            lines += row_lines;
            if (pick(300) == 0) {
                text += "\n";
                ++lines;
            }
        }
    }
};

struct Loaded {
    std::string json, messages;
    std::size_t errors = 0;
};
// Reads with LoadOptions::threads = threads.
Dataset load_on(const std::string& text, unsigned threads, Diagnostics& diag) {
    LoadOptions opts;
    opts.threads = threads;
    return load_csv(text, diag, opts);
}
Loaded load_with(const std::string& text, unsigned threads, std::size_t max_errors = 100) {
    Diagnostics diag(max_errors);
    Dataset d = load_on(text, threads, diag);
    return {to_json(d), all(diag), diag.error_count()};
}
}  // namespace

TEST_CASE("reading on two threads gives the same data and messages as on one", "[csv][threads]") {
    for (unsigned seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        const MessyTable t(seed, 9000);
        REQUIRE(t.duplicates > 100);
        REQUIRE(t.wrong_length > 10);
        const Loaded one = load_with(t.text, 1), two = load_with(t.text, 2);
        CHECK(one.errors == t.wrong_length);
        CHECK(two.errors == t.wrong_length);
        CHECK_THAT(one.messages, ContainsSubstring("exact duplicate rows merged (each counted once) (" +
                                                   std::to_string(t.duplicates) + " occurrences"));
        CHECK_THAT(one.messages, ContainsSubstring("expected 5 as in the header"));
        CHECK(one.json.size() > 100000);
        CHECK(two.json == one.json);
        CHECK(two.messages == one.messages);
    }
}

TEST_CASE("reading on two threads: the error limit and invalid CSV stop at the same row", "[csv][threads]") {
    const MessyTable t(7, 9000);
    SECTION("the error limit is reached in a later batch") {
        const Loaded one = load_with(t.text, 1, 20), two = load_with(t.text, 2, 20);
        CHECK(one.errors == 20);
        CHECK(two.errors == one.errors);
        CHECK(two.json == one.json);
        CHECK(two.messages == one.messages);
    }
    SECTION("an unbalanced quote after thousands of rows") {
        // The row just before the error is read (the splitter holds each row back until
        // the next one is split).
        const std::string text =
            t.text + "Zed Before,Omega Two,2024,1,seed\nS1,\"Never closed,2020,1,seed\nS2,I2,2021,1,seed\n";
        const Loaded one = load_with(text, 1), two = load_with(text, 2);
        CHECK_THAT(one.json, ContainsSubstring("Zed Before"));
        const std::string at = "t.csv:" + std::to_string(t.lines + 2) + ":4: error: invalid CSV: unbalanced quote";
        CHECK_THAT(one.messages, ContainsSubstring(at));
        CHECK(one.errors == t.wrong_length + 1);
        CHECK(two.json == one.json);
        CHECK(two.messages == one.messages);
    }
    SECTION("a last row with no line end") {
        const std::string text = t.text + "Zeta Last,Omega Fund,2024-01-01,5,seed";
        const Loaded one = load_with(text, 1), two = load_with(text, 2);
        CHECK_THAT(one.json, ContainsSubstring("Zeta Last"));
        CHECK_THAT(one.json, ContainsSubstring("Omega Fund"));
        CHECK(two.json == one.json);
        CHECK(two.messages == one.messages);
    }
}

TEST_CASE("a name first seen on a skipped row is named on the next row that counts", "[csv][threads]") {
    // The row splitter names each spelling (key, display name, slug) on the first row it
    // sees it on; when the reader skips that row (blank startup), the reader names it
    // itself on the next one. Either way, on one thread or two, the same entity.
    const std::string text = "startup,investor,date\n"
                             "  ,  Acme   Capital ,2020\n"
                             "Beta,  Acme   Capital ,2021\n"
                             "Gamma,acme capital,2022\n";
    for (unsigned threads : {1u, 2u}) {
        CAPTURE(threads);
        Diagnostics diag;
        Dataset d = load_on(text, threads, diag);
        INFO(all(diag));
        REQUIRE_FALSE(diag.has_errors());
        CHECK_THAT(all(diag), ContainsSubstring("t.csv:2: warning: rows with a blank startup name skipped"));
        std::vector<std::string> investors;
        for (const auto& e : d.entities)
            if (e.role == Role::investor) investors.push_back(e.id + "=" + e.name);
        CHECK(investors == std::vector<std::string>{"acme-capital=Acme Capital"});
        REQUIRE(d.deals.size() == 2);
        CHECK(d.deals[0].investors.size() == 1);
        CHECK(d.deals[1].investors.size() == 1);
    }
}

TEST_CASE("plain rows and the others split alike: line ends, quotes, long lines, the last line", "[csv]") {
    // Plain lines (no quote, no stray "\r", under 64 KiB, ended by "\n" or "\r\n") are
    // split in one go; the rest field by field. Both must give the same fields and count
    // the same lines: each row below names its startup after its own line number, and
    // the blank-investor warnings must name the lines of the rows that have them.
    const std::string long_name(70000, 'z');
    const std::string text = "startup,investor,date\n"   // line 1
                             "L2,Fund A,2020\n"           // 2: plain
                             "L3,Fund B,2020\r\n"         // 3: plain, CRLF
                             "L4,Fund C,2020\r"           // 4: a bare "\r" ends the row
                             "L5,Fund D,2020\n"           // 5: plain, after the bare "\r"
                             "L6,\"Fund\nE\",2020\n"      // 6-7: a quoted line break
                             "L8,,2020\n"                 // 8: blank investor, plain
                             "L9," + long_name + ",2020\n"  // 9: longer than 64 KiB
                             "L10,  ,2020\r\n"            // 10: blank investor, CRLF
                             "L11,\"Fund, F\",2020\n"     // 11: quoted
                             "L12,Fund G,2020";           // 12: no line end
    for (unsigned threads : {1u, 2u}) {
        CAPTURE(threads);
        Diagnostics diag;
        Dataset d = load_on(text, threads, diag);
        INFO(all(diag));
        REQUIRE_FALSE(diag.has_errors());
        CHECK_THAT(all(diag), ContainsSubstring("t.csv:8: warning: rows with a blank investor name skipped (2 "
                                                "occurrences; the first is shown)"));
        std::vector<std::string> names;
        for (const auto& e : d.entities) names.push_back(e.name.size() > 20 ? "long" : e.name);
        CHECK(names == std::vector<std::string>{"L2", "Fund A", "L3", "Fund B", "L4", "Fund C", "L5", "Fund D", "L6",
                                                "Fund E", "L9", "long", "L11", "Fund, F", "L12", "Fund G"});
        for (const auto& deal : d.deals) {
            CAPTURE(deal.id);
            CHECK(deal.where.line == std::stoul(deal.startup.substr(1)));
        }
    }
}

TEST_CASE("round and status and lead words repeated on many rows are each read as on their own", "[csv]") {
    // The reader remembers what the first few distinct words of these columns mean: words
    // of the same length (a and b, t and f, declined and proposed) and more distinct words
    // than it remembers must still each get their own meaning, on every row.
    const std::vector<std::string> rounds{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "seed", "angel",
                                          "grant", "debt_financing", "unattributed", "private_equity",
                                          "series-b", "Series A", "B", "pre_seed", "venture"};
    const std::vector<std::pair<std::string, bool>> leads{{"true", true}, {"t", true},  {"f", false},
                                                          {"1", true},    {"0", false}, {"yes", true},
                                                          {"no", false},  {"n", false}, {"y", true}};
    const std::vector<std::string> statuses{"declined", "proposed", "rumoured", "closed", "funded", "offer"};
    std::string text = "deal_id,startup,investor,round,lead,status\n";
    const int rows = 3 * static_cast<int>(rounds.size());
    for (int i = 0; i < rows; ++i)
        text += "r" + std::to_string(i) + ",S" + std::to_string(i) + ",I," + rounds[i % rounds.size()] + "," +
                leads[i % leads.size()].first + "," + statuses[i % statuses.size()] + "\n";
    Diagnostics diag;
    Dataset d = load_csv(text, diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    REQUIRE(d.deals.size() == static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) {
        const Deal& deal = d.deals[static_cast<std::size_t>(i)];
        CAPTURE(i, rounds[i % rounds.size()], leads[i % leads.size()].first, statuses[i % statuses.size()]);
        const auto round = round_from_export(rounds[i % rounds.size()]);
        CHECK(deal.round == round.value_or(RoundType::other));
        CHECK(deal.round_label == (round ? "" : rounds[i % rounds.size()]));
        CHECK(deal.status == status_from_export(statuses[i % statuses.size()]).value());
        REQUIRE(deal.investors.size() == 1);
        CHECK(deal.investors[0].lead == leads[i % leads.size()].second);
    }
    // Spot checks by hand, so that the comparison above does not rest on the vocabulary alone.
    CHECK(d.deals[0].round == RoundType::series_a);
    CHECK(d.deals[1].round == RoundType::series_b);
    CHECK(d.deals[0].status == DealStatus::rejected);
    CHECK(d.deals[1].status == DealStatus::proposed);
    CHECK(d.deals[2].status == DealStatus::negotiating);
    CHECK(d.deals[5].status == DealStatus::proposed);  // offer
}

TEST_CASE("names with the same slug get ids numbered from 2 and skip ids already taken", "[csv]") {
    // Different name keys, one slug: a-and-b-capital. The second takes -2, so "A and B
    // Capital 2", whose own slug is a-and-b-capital-2, gets a-and-b-capital-2-2; the
    // fourth takes -3.
    Diagnostics diag;
    Dataset d = load_csv(
        "startup,investor\n"
        "A&B Capital,Lux\n"
        "A and B Capital,Lux\n"
        "A and B Capital 2,Lux\n"
        "A & B Capital,Lux\n",
        diag);
    INFO(all(diag));
    REQUIRE_FALSE(diag.has_errors());
    std::vector<std::string> ids;
    for (const auto& e : d.entities)
        if (e.role == Role::startup) ids.push_back(e.id);
    CHECK(ids == std::vector<std::string>{"a-and-b-capital", "a-and-b-capital-2", "a-and-b-capital-2-2",
                                          "a-and-b-capital-3"});
    REQUIRE(d.deals.size() == 4);
    CHECK(d.deals[3].startup == "a-and-b-capital-3");
}
