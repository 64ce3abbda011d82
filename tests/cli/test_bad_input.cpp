// Bad input as a user meets it: the built binary run on broken, messy and hostile files.
//
// Every test checks the exit code and the message: file, line and column where they
// apply, the bad value quoted, and what was expected. `validate` prints diagnostics on
// stdout and ends with a "valid:"/"invalid:" line; other commands print them on stderr
// after "dealgraph: " and stop. Exit codes: 0 valid, 1 usage error, 2 invalid input,
// 3 output not written.
//
// Small files live in tests/fixtures/bad/ (see its README); bytes that editors would
// mangle (invalid UTF-8, NUL) and big or generated inputs are written into a temp_dir.
// The two 1 GiB tests are tagged [slow]: each writes a 1 GiB file, runs, and deletes it.

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "support/run.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using dealgraph::test::fixture;
using dealgraph::test::read_file;
using dealgraph::test::run_dealgraph;
using dealgraph::test::RunResult;
using dealgraph::test::temp_dir;
using dealgraph::test::write_file;

namespace {

std::string bad(const std::string& name) { return fixture("bad/" + name); }

RunResult validate(const std::string& path) { return run_dealgraph({"validate", path}); }

RunResult summary(const std::string& path) { return run_dealgraph({"summary", path, "--output", "json"}); }

// `summary` stops on invalid input: exit 2, nothing on stdout, and the diagnostic on
// stderr after "dealgraph: ", followed by the closing line.
void check_summary_rejects(const std::string& path, const std::string& diagnostic) {
    RunResult r = summary(path);
    INFO("dealgraph summary " << path << "\nstderr:\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, ContainsSubstring("dealgraph: " + diagnostic + "\n"));
    CHECK_THAT(r.err, ContainsSubstring("dealgraph: invalid input; nothing computed ("));
}

// `summary --output json` of a file that loads, parsed.
nlohmann::json summary_json(const std::string& path) {
    RunResult r = summary(path);
    INFO("dealgraph summary " << path << "\nstderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

// Deletes a file when the test ends, passed or not: the 1 GiB inputs must not linger.
struct RemoveOnExit {
    std::string path;
    ~RemoveOnExit() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

// Writes head, then `fill` repeated to `size` bytes, in 16 MiB chunks (never the whole in memory).
void write_big(const std::string& path, const std::string& head, char fill, std::size_t size) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    REQUIRE(std::fwrite(head.data(), 1, head.size(), f) == head.size());
    const std::string chunk(std::size_t{16} << 20, fill);
    bool written = true;
    for (std::size_t left = size; left > 0 && written;) {
        std::size_t n = std::min(left, chunk.size());
        written = std::fwrite(chunk.data(), 1, n, f) == n;
        left -= n;
    }
    written = std::fclose(f) == 0 && written;
    REQUIRE(written);
}

const std::string tiny = fixture("tiny.json");

}  // namespace

// ---- files that cannot be read ----------------------------------------------------

TEST_CASE("bad input: a missing file is invalid input naming the file", "[bad][file]") {
    std::string path = temp_dir("bad-missing") + "/no-such-file.json";
    RunResult r = validate(path);
    CHECK(r.exit_code == 2);
    CHECK(r.out == path + ": error: cannot read the file: No such file or directory\n"
                          "invalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
    check_summary_rejects(path, path + ": error: cannot read the file: No such file or directory");
}

TEST_CASE("bad input: a directory given as a file is invalid input", "[bad][file]") {
    std::string dir = temp_dir("bad-directory");
    RunResult r = validate(dir);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, StartsWith(dir + ": error: cannot read the file: is a directory\n"));
    CHECK_THAT(r.out, EndsWith("; 1 errors, 0 warnings\n"));
    check_summary_rejects(dir, dir + ": error: cannot read the file: is a directory");
}

TEST_CASE("bad input: an unreadable file (chmod 000) is invalid input", "[bad][file]") {
    if (::geteuid() == 0) SKIP("running as root: chmod 000 does not stop root from reading");
    std::string dir = temp_dir("bad-unreadable");
    std::string path = write_file(dir, "locked.json", "{\"dealgraph\": 1}\n");
    REQUIRE(::chmod(path.c_str(), 0) == 0);
    RunResult r = validate(path);
    ::chmod(path.c_str(), 0644);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, StartsWith(path + ": error: cannot read the file: Permission denied\n"));
}

TEST_CASE("bad input: an empty file and a white-space-only file are invalid", "[bad][file]") {
    std::string dir = temp_dir("bad-empty");
    const std::string expected =
        "; expected native JSON ({\"dealgraph\": 1, ...}) or CSV with a header row";
    SECTION("empty") {
        std::string path = write_file(dir, "empty.json", "");
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(path + ": error: the file is empty" + expected + "\n"));
        check_summary_rejects(path, path + ": error: the file is empty" + expected);
    }
    SECTION("white space only") {
        std::string path = write_file(dir, "blank.csv", "  \n\t\r\n   \n");
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(path + ": error: the file holds only white space" + expected + "\n"));
        check_summary_rejects(path, path + ": error: the file holds only white space" + expected);
    }
}

// ---- syntax -----------------------------------------------------------------------

TEST_CASE("bad input: invalid JSON is reported at the unexpected token", "[bad][json]") {
    // Line 4: `    {"id": "lux", "name": "Lux Capital" "role": "investor"}`: the comma before
    // "role" (column 41) is missing.
    std::string path = bad("missing-comma.json");
    const std::string diag = path +
                             ":4:41: error: invalid JSON: syntax error while parsing object - unexpected string "
                             "literal; expected ',' or '}'";
    RunResult r = validate(path);
    CHECK(r.exit_code == 2);
    CHECK(r.out == diag + "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
    check_summary_rejects(path, diag);

    SECTION("a trailing comma, and the end of input") {
        std::string dir = temp_dir("bad-json-syntax");
        std::string trailing = write_file(dir, "trailing.json", "{\"dealgraph\": 1,\n \"entities\": [1, 2,]\n}\n");
        RunResult t = validate(trailing);
        CHECK(t.exit_code == 2);
        CHECK_THAT(t.out, ContainsSubstring(trailing + ":2:20: error: invalid JSON: syntax error while parsing "
                                                       "value - unexpected ']'; expected '[', '{', or a literal"));
        std::string cut = write_file(dir, "cut.json", "{\"dealgraph\": 1,\n \"entities\": [\n");
        RunResult c = validate(cut);
        CHECK(c.exit_code == 2);
        CHECK_THAT(c.out, ContainsSubstring(cut + ":3:1: error: invalid JSON: syntax error while parsing value - "
                                                  "unexpected end of input"));
    }
}

TEST_CASE("bad input: an unbalanced CSV quote is reported where the quote opened", "[bad][csv]") {
    // Line 3: `Beta,"Lux Capital,200`: the quote at column 6 never closes.
    std::string path = bad("unbalanced-quote.csv");
    const std::string diag = path +
                             ":3:6: error: invalid CSV: unbalanced quote: the quoted field starting here never "
                             "closes; expected a closing \"";
    RunResult r = validate(path);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, StartsWith(diag + "\n"));
    CHECK_THAT(r.out, EndsWith("; 1 errors, 0 warnings\n"));
    check_summary_rejects(path, diag);

    SECTION("even when a later quote closes it") {
        // The quote opened on line 3 swallows line 4 and closes at the quote on line 5.
        std::string p = write_file(temp_dir("bad-csv-quote"), "later.csv",
                                   "startup,investor,amount_usd\n"
                                   "Acme,Lux,100\n"
                                   "Beta,\"Lux Capital,200\n"
                                   "Gamma,Nvidia,300\n"
                                   "Delta,\"Sequoia\",400\n");
        RunResult l = validate(p);
        CHECK(l.exit_code == 2);
        CHECK_THAT(l.out, StartsWith(p + ":3:6: error: invalid CSV: unbalanced quote: the quoted field starting "
                                         "here runs on to line 5, where \"S\" follows the next quote; expected a "
                                         "closing \" before the end of this line\n"));
    }
}

TEST_CASE("bad input: a CSV row with the wrong number of fields is an error naming its line", "[bad][csv]") {
    std::string p = write_file(temp_dir("bad-csv-fields"), "fields.csv",
                               "startup,investor\nAcme,Lux\nBeta,Lux,extra\n");
    RunResult r = validate(p);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, StartsWith(p + ":3: error: row has 3 fields; expected 2 as in the header\n"));
}

// ---- values -----------------------------------------------------------------------

TEST_CASE("bad input: JSON values of the wrong type quote the value and the type expected", "[bad][json]") {
    std::string path = bad("wrong-types.json");
    const std::string name = path + ":5:26: error: entity \"hf\": name is 42 (a number); expected a string";
    const std::string amount = path +
                               ":8:49: error: deal \"d1\": amount_usd is \"100000000\" (a string); expected a "
                               "non-negative number of US dollars (leave the field out when unknown)";
    RunResult r = validate(path);
    CHECK(r.exit_code == 2);
    CHECK(r.out == name + "\n" + amount +
                       "\ninvalid: 2 entities, 1 deals, 1 participations, 0 ties; 2 errors, 0 warnings\n");
    check_summary_rejects(path, name);
    check_summary_rejects(path, amount);

    SECTION("a deal id that is not a string gives one error, not two") {
        std::string p = write_file(temp_dir("bad-json-types"), "id.json",
                                   "{\"dealgraph\": 1, \"deals\": [{\"id\": 7, \"startup\": \"s\"}]}\n");
        RunResult i = validate(p);
        CHECK(i.exit_code == 2);
        CHECK_THAT(i.out, StartsWith(p + ":1:35: error: deal: id is 7 (a number); expected a string\n"));
        CHECK_THAT(i.out, EndsWith("; 1 errors, 0 warnings\n"));
    }
    SECTION("an object where an array belongs") {
        std::string p = write_file(temp_dir("bad-json-types"), "obj.json",
                                   "{\"dealgraph\": 1, \"entities\": {}}\n");
        RunResult o = validate(p);
        CHECK(o.exit_code == 2);
        CHECK_THAT(o.out, StartsWith(p + ":1:30: error: top level: entities is an object; expected an array\n"));
    }
}

TEST_CASE("bad input: negative amounts are errors in JSON and CSV", "[bad][json][csv]") {
    SECTION("JSON: the round's amount and an investor's own amount") {
        std::string path = bad("negative.json");
        const std::string round =
            path + ":8:49: error: deal \"d1\": amount_usd is -5; expected a non-negative number";
        const std::string own =
            path + ":9:48: error: deal \"d1\" investor \"lux\": amount_usd is -1.5; expected a non-negative number";
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == round + "\n" + own +
                           "\ninvalid: 2 entities, 1 deals, 1 participations, 0 ties; 2 errors, 0 warnings\n");
        check_summary_rejects(path, round);
    }
    SECTION("CSV") {
        std::string path = bad("amounts.csv");
        const std::string diag =
            path + ":2:29: error: column \"amount_usd\": \"-5\" is negative; expected a non-negative number";
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(diag + "\n"));
        check_summary_rejects(path, diag);
    }
}

TEST_CASE("bad input: a non-numeric CSV amount is an error quoting it", "[bad][csv]") {
    std::string path = bad("amounts.csv");
    const std::string diag = path +
                             ":3:23: error: column \"amount_usd\": \"12abc\" is not a number; expected an amount in "
                             "US dollars such as 1500000 or 1,500,000";
    RunResult r = validate(path);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, ContainsSubstring("\n" + diag + "\n"));
    CHECK_THAT(r.out, EndsWith("; 2 errors, 0 warnings\n"));
    check_summary_rejects(path, diag);
}

TEST_CASE("bad input: impossible dates are errors in JSON and CSV; 2024-02-29 is fine", "[bad][json][csv]") {
    const std::string expected = " is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar";
    SECTION("JSON") {
        std::string path = bad("dates.json");
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == path + ":7:43: error: deal \"d1\": date is \"2023-13-45\" which" + expected + "\n" + path +
                           ":8:43: error: deal \"d2\": date is \"2023-02-30\" which" + expected +
                           "\ninvalid: 1 entities, 3 deals, 0 participations, 0 ties; 2 errors, 0 warnings\n");
        check_summary_rejects(path, path + ":8:43: error: deal \"d2\": date is \"2023-02-30\" which" + expected);
    }
    SECTION("CSV, named by the file's own header (funded_at)") {
        std::string path = bad("dates.csv");
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == path + ":2:18: error: column \"funded_at\": \"2023-13-45\"" + expected + "\n" + path +
                           ":3:18: error: column \"funded_at\": \"2023-02-30\"" + expected +
                           "\ninvalid: 2 entities, 1 deals, 1 participations, 0 ties; 2 errors, 0 warnings\n");
        check_summary_rejects(path, path + ":2:18: error: column \"funded_at\": \"2023-13-45\"" + expected);
    }
}

TEST_CASE("bad input: a deal naming an unknown entity is an error", "[bad][json]") {
    std::string path = bad("unknown-entity.json");
    const std::string investor = path +
                                 ":8:5: error: deal \"d1\": investor \"sequioa\" is not an entity; expected the id "
                                 "of one of the file's entities";
    const std::string startup = path +
                                ":9:5: error: deal \"d2\": startup \"hugging-face\" is not an entity; expected the "
                                "id of one of the file's entities";
    RunResult r = validate(path);
    CHECK(r.exit_code == 2);
    CHECK(r.out == investor + "\n" + startup +
                       "\ninvalid: 2 entities, 2 deals, 3 participations, 0 ties; 2 errors, 0 warnings\n");
    check_summary_rejects(path, investor);
    check_summary_rejects(path, startup);
}

TEST_CASE("bad input: a deal id reused with other content is an error; identical copies merge with a warning",
          "[bad][json]") {
    SECTION("different content") {
        std::string path = bad("duplicate-deal.json");
        const std::string diag = path + ":9:5: error: deal id \"d1\" is used again with different content (first at " +
                                 path + ":8); expected unique deal ids";
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == diag + "\ninvalid: 2 entities, 1 deals, 1 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, diag);
    }
    SECTION("identical content: merged, counted, valid") {
        std::string path = bad("duplicate-deal-same.json");
        const std::string warning = path +
                                    ":9:5: warning: deal \"d1\" appears again with the same content; merged "
                                    "(2 occurrences; the first is shown)";
        RunResult r = validate(path);
        CHECK(r.exit_code == 0);
        CHECK(r.out == warning + "\nvalid: 2 entities, 1 deals, 1 participations, 0 ties; 0 errors, 2 warnings\n");
        RunResult s = summary(path);
        CHECK(s.exit_code == 0);
        CHECK_THAT(s.err, ContainsSubstring("dealgraph: " + warning + "\n"));
        CHECK(nlohmann::json::parse(s.out)["deals"] == 1);
    }
}

TEST_CASE("bad input: a CSV header without an investor column is an error listing what it found", "[bad][csv]") {
    std::string path = bad("no-investor-column.csv");
    const std::string diag = path +
                             ":1: error: header lacks the required column investor; found \"company\", "
                             "\"raised_amount_usd\", \"funded_at\"; expected startup (or company, company_name, "
                             "organization) and investor (or investor_name)";
    RunResult r = validate(path);
    CHECK(r.exit_code == 2);
    CHECK(r.out == diag + "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
    check_summary_rejects(path, diag);
}

TEST_CASE("bad input: invalid UTF-8 is reported at the bad byte, in JSON and CSV", "[bad][utf8]") {
    std::string dir = temp_dir("bad-utf8");
    const std::string expected = "; expected UTF-8 text: re-save the file as UTF-8";
    SECTION("JSON: the Latin-1 e-acute after a valid UTF-8 one") {
        // Line 3 `  "title": "café été"` with é as C3 A9 at column 16 (valid) and then
        // as Latin-1 E9 at column 18.
        std::string path =
            write_file(dir, "latin1.json", "{\n  \"dealgraph\": 1,\n  \"title\": \"caf\xC3\xA9 \xE9t\xE9\"\n}\n");
        const std::string diag = path + ":3:18: error: invalid UTF-8 (byte 0xE9)" + expected;
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == diag + "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, diag);
    }
    SECTION("CSV") {
        // Line 3 `Beta,Soci\xE9t\xE9 G\xE9n\xE9rale`: the first E9 is at column 10.
        std::string path = write_file(dir, "latin1.csv",
                                      "startup,investor\nCaf\xC3\xA9 AI,Lux\nBeta,Soci\xE9t\xE9 G\xE9n\xE9rale\n");
        const std::string diag = path + ":3:10: error: invalid UTF-8 (byte 0xE9)" + expected;
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(diag + "\n"));
        check_summary_rejects(path, diag);
    }
    SECTION("a sequence cut short by the end of the file") {
        std::string path = write_file(dir, "cut.csv", "startup,investor\nAcme,Lux\xC3");
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(path + ":2:9: error: invalid UTF-8 (byte 0xC3)" + expected + "\n"));
    }
}

TEST_CASE("bad input: unknown top-level fields, repeated keys and other format versions are errors", "[bad][json]") {
    SECTION("a misspelt top-level field is named at its key") {
        std::string path = bad("unknown-field.json");
        const std::string diag = path +
                                 ":3:3: error: top level: unknown field \"deal\"; expected one of dealgraph, title, "
                                 "entities, deals, ties, groups";
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == diag + "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, diag);
    }
    SECTION("a key twice in one object") {
        std::string path = bad("duplicate-key.json");
        const std::string diag =
            path + ":4:3: error: key \"title\" appears twice in one object; expected unique keys";
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == diag + "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, diag);
    }
    SECTION("\"dealgraph\": 2") {
        std::string path = bad("version-2.json");
        const std::string diag = path + ":1:15: error: \"dealgraph\" is 2; expected 1 (the only format version)";
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == diag + "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, diag);
    }
}

// ---- messy but valid: warnings with counts ----------------------------------------

TEST_CASE("bad input: messy CSV rows are warnings with counts, and the largest amount is kept",
          "[bad][csv][warnings]") {
    // messy.csv: the Acme row on line 2 three times, Acme's round listed as 1,500,000
    // and as 2,000,000, two rows with a blank startup and one with a blank investor.
    std::string path = bad("messy.csv");
    const std::vector<std::string> warnings{
        path + ":3: warning: exact duplicate rows merged (each counted once) (2 occurrences; the first is shown)",
        path + ":5: warning: rounds whose rows disagree on the round's amount; the largest is kept",
        path + ":6: warning: rows with a blank startup name skipped (2 occurrences; the first is shown)",
        path + ":7: warning: rows with a blank investor name skipped",
    };
    RunResult r = validate(path);
    CHECK(r.exit_code == 0);
    std::string expected;
    for (const auto& w : warnings) expected += w + "\n";
    CHECK(r.out == expected + "valid: 5 entities, 2 deals, 3 participations, 0 ties; 0 errors, 6 warnings\n");

    RunResult s = summary(path);
    CHECK(s.exit_code == 0);
    for (const auto& w : warnings) CHECK_THAT(s.err, ContainsSubstring("dealgraph: " + w + "\n"));
    auto j = nlohmann::json::parse(s.out);
    // Acme's round at its largest listed amount (2,000,000, not 1,500,000) + Beta's 1,500,000.
    CHECK(j["capital_usd"] == 3500000.0);
    CHECK(j["participations"] == 3);
    CHECK(j["investors"] == 3);
    CHECK(j["startups"] == 2);
}

TEST_CASE("bad input: placeholder investors are warned about and kept out of the graph", "[bad][csv][warnings]") {
    // Beta's 400 round: Undisclosed, Private Investors, Business Angels and Sequoia.
    std::string path = bad("placeholders.csv");
    const std::string warning = path +
                                ":2: warning: placeholder investor names (such as \"Undisclosed\") kept out of the "
                                "graph; their part of a round stays unattributed (--keep-placeholders keeps them) "
                                "(3 occurrences; the first is shown)";
    RunResult r = validate(path);
    CHECK(r.exit_code == 0);
    CHECK(r.out == warning + "\nvalid: 2 entities, 1 deals, 1 participations, 0 ties; 0 errors, 3 warnings\n");
    auto j = summary_json(path);
    CHECK(j["investors"] == 1);
    CHECK(j["capital_usd"] == 100.0);  // Sequoia's quarter
    CHECK(j["unattributed_usd"] == 300.0);

    RunResult kept = run_dealgraph({"validate", "--keep-placeholders", path});
    CHECK(kept.exit_code == 0);
    CHECK(kept.out == "valid: 5 entities, 1 deals, 4 participations, 0 ties; 0 errors, 0 warnings\n");
}

TEST_CASE("bad input: unknown Crunchbase round codes are a warning and kept as other, not an error",
          "[bad][csv][warnings]") {
    std::string path = bad("round-codes.csv");
    RunResult r = validate(path);
    CHECK(r.exit_code == 0);
    CHECK(r.out == path + ":2: warning: round type \"private_equity\" is not in dealgraph's vocabulary; kept as "
                          "other (2 occurrences; the first is shown)\n" +
                       path + ":4: warning: round type \"post_ipo_equity\" is not in dealgraph's vocabulary; kept "
                              "as other\nvalid: 5 entities, 4 deals, 4 participations, 0 ties; 0 errors, 3 warnings\n");
    CHECK(summary_json(path)["capital_usd"] == 10000.0);
    // Converted, the round is "other" and its original label survives in the notes.
    RunResult c = run_dealgraph({"convert", path, "-o", "-", "--format", "json", "-q"});
    REQUIRE(c.exit_code == 0);
    auto deals = nlohmann::json::parse(c.out)["deals"];
    REQUIRE(deals.size() == 4);
    CHECK(deals[0]["round"] == "other");
    CHECK(deals[0]["notes"] == "round: private_equity");
    CHECK(deals[3]["round"] == "series_b");
}

TEST_CASE("bad input: thousands separators and year-only dates are accepted", "[bad][csv][warnings]") {
    std::string path = write_file(temp_dir("bad-thousands"), "thousands.csv",
                                  "startup,investor,date,amount_usd\n"
                                  "Acme,Lux Capital,2023,\"1,500,000\"\n"
                                  "Beta,Lux Capital,2021-06,\"$2,000,000 USD\"\n");
    RunResult r = validate(path);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "valid: 3 entities, 2 deals, 2 participations, 0 ties; 0 errors, 0 warnings\n");
    auto j = summary_json(path);
    CHECK(j["capital_usd"] == 3500000.0);
    CHECK(j["date_from"] == "2021-06");
    CHECK(j["date_to"] == "2023");
    SECTION("but a misplaced separator is not a number") {
        std::string p = write_file(temp_dir("bad-thousands"), "groups.csv",
                                   "startup,investor,amount_usd\nAcme,Lux,\"15,00,000\"\n");
        RunResult g = validate(p);
        CHECK(g.exit_code == 2);
        CHECK_THAT(g.out, StartsWith(p + ":2:10: error: column \"amount_usd\": \"15,00,000\" is not a number; "
                                         "expected an amount in US dollars such as 1500000 or 1,500,000\n"));
    }
}

// ---- hostile input: no crash, no hang, bounded memory -----------------------------

TEST_CASE("bad input: a 1 GiB CSV field is refused quickly", "[bad][robust][slow]") {
    std::string path = temp_dir("bad-huge-csv") + "/huge.csv";
    RemoveOnExit cleanup{path};
    write_big(path, "startup,investor\n", 'a', std::size_t{1} << 30);
    auto start = std::chrono::steady_clock::now();
    RunResult r = validate(path);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(r.exit_code == 2);
    CHECK(r.out == path + ":2:1: error: invalid CSV: a field longer than 1 MiB; expected a deal table (is this the "
                          "right file?)\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 "
                          "warnings\n");
    CHECK(seconds < 60);
    // The file is mapped, so reading it counts its pages once; a copy of it would pass 2 GiB
    // (1.75 GiB: the sanitizer builds add their own shadow memory).
    CHECK(r.max_rss_bytes < (7LL << 28));
    check_summary_rejects(path, path + ":2:1: error: invalid CSV: a field longer than 1 MiB; expected a deal "
                                       "table (is this the right file?)");
}

TEST_CASE("bad input: a 1 GiB JSON string is refused quickly", "[bad][robust][slow]") {
    std::string path = temp_dir("bad-huge-json") + "/huge.json";
    RemoveOnExit cleanup{path};
    write_big(path, "{\"dealgraph\":1,\"title\":\"", 'a', std::size_t{1} << 30);
    auto start = std::chrono::steady_clock::now();
    RunResult r = validate(path);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(r.exit_code == 2);
    // The title's opening quote is at column 24.
    CHECK(r.out == path + ":1:24: error: a single JSON value is longer than 16 MiB; expected deal data (is this "
                          "the right file?)\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 "
                          "warnings\n");
    CHECK(seconds < 60);
    CHECK(r.max_rss_bytes < (3LL << 29));
}

TEST_CASE("bad input: a bad byte at the end of a 4 MiB line is found without rescanning the line", "[bad][robust]") {
    std::string path = temp_dir("bad-long-line") + "/long.csv";
    write_big(path, "startup,investor\n", 'a', std::size_t{4} << 20);
    {
        std::FILE* f = std::fopen(path.c_str(), "ab");
        REQUIRE(f);
        std::fputs("\xE9\n", f);
        std::fclose(f);
    }
    auto start = std::chrono::steady_clock::now();
    RunResult r = validate(path);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, StartsWith(path + ":2:4194305: error: invalid UTF-8 (byte 0xE9); expected UTF-8 text: "
                                        "re-save the file as UTF-8\n"));
    CHECK(seconds < 10);
}

TEST_CASE("bad input: binary junk is refused, not parsed", "[bad][robust]") {
    std::string dir = temp_dir("bad-junk");
    std::mt19937 gen(20240601);  // fixed seed: the same bytes on every run and platform
    SECTION("random bytes, NUL among them") {
        std::string junk(std::size_t{1} << 16, '\0');
        for (char& c : junk) c = static_cast<char>(gen() & 0xFF);
        REQUIRE(junk.find('\0') != std::string::npos);
        std::string path = write_file(dir, "junk.bin", junk);
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(path + ":"));
        CHECK_THAT(r.out, ContainsSubstring(": error: NUL byte: this looks like a binary file; expected native "
                                            "JSON or CSV text\n"));
        CHECK_THAT(r.out, EndsWith("; 1 errors, 0 warnings\n"));
        RunResult s = summary(path);
        CHECK(s.exit_code == 2);
        CHECK(s.out.empty());
        CHECK_THAT(s.err, StartsWith("dealgraph: " + path + ":"));
        CHECK_THAT(s.err, ContainsSubstring(": error: NUL byte: this looks like a binary file"));
    }
    SECTION("random bytes without NUL") {
        std::string junk(std::size_t{1} << 16, '\0');
        for (char& c : junk) c = static_cast<char>(1 + gen() % 255);
        std::string path = write_file(dir, "junk.txt", junk);
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(path + ":"));
        CHECK_THAT(r.out, ContainsSubstring(": error: invalid UTF-8 (byte 0x"));
        CHECK_THAT(r.out, EndsWith("; 1 errors, 0 warnings\n"));
    }
    SECTION("a NUL at a known place") {
        std::string path =
            write_file(dir, "nul.json", std::string("{\"dealgraph\": 1,\n \"title\": \"a") + '\0' + "b\"}\n");
        const std::string diag = path + ":2:13: error: NUL byte: this looks like a binary file; expected native JSON "
                                        "or CSV text";
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(diag + "\n"));
        check_summary_rejects(path, diag);
    }
}

TEST_CASE("bad input: random text reaches the parsers and fails cleanly", "[bad][robust]") {
    // Printable junk rich in the characters the parsers care about: valid UTF-8 without
    // NUL, so it gets past the byte checks into the JSON and CSV readers.
    const std::string alphabet = "{}[]\":,\"\"\n\n  ,,ab1-.e\\tru";
    std::string dir = temp_dir("bad-random-text");
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        std::mt19937 gen(seed);
        std::string body(4096, ' ');
        for (char& c : body) c = alphabet[gen() % alphabet.size()];
        for (const auto& [name, head] : {std::pair<std::string, std::string>{"r.json", "{\"dealgraph\": 1, "},
                                         {"r.csv", "startup,investor\n"}}) {
            std::string path = write_file(dir, std::to_string(seed) + name, head + body);
            RunResult r = validate(path);
            INFO("seed " << seed << " " << name << "\n" << r.out);
            CHECK(r.exit_code == 2);
            CHECK_THAT(r.out, StartsWith(path + ":"));
            CHECK_THAT(r.out, ContainsSubstring(": error: "));
            CHECK_THAT(r.out, ContainsSubstring("\ninvalid: "));
        }
    }
}

TEST_CASE("bad input: deeply nested JSON is refused with a message about nesting", "[bad][robust][json]") {
    std::string dir = temp_dir("bad-nesting");
    const std::string expected =
        ": error: JSON nested deeper than 64 levels; expected the dealgraph format (a few levels deep)";
    SECTION("a million [") {
        std::string path = write_file(dir, "arrays.json", std::string(1000000, '['));
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == path + ":1:65" + expected +
                           "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, path + ":1:65" + expected);
    }
    SECTION("100,000 {\"a\":") {
        std::string text;
        for (int i = 0; i < 100000; ++i) text += "{\"a\":";
        std::string path = write_file(dir, "objects.json", text);
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        // The 65th '{' starts at byte 64 * 5.
        CHECK(r.out == path + ":1:321" + expected +
                           "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, path + ":1:321" + expected);
    }
}

TEST_CASE("bad input: a CSV line of 100,000 commas is refused", "[bad][robust][csv]") {
    std::string dir = temp_dir("bad-commas");
    const std::string expected =
        ": error: invalid CSV: more than 1024 fields on one row; expected a deal table";
    SECTION("in a row") {
        std::string path = write_file(dir, "row.csv", "startup,investor\n" + std::string(100000, ',') + "\n");
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == path + ":2:1025" + expected +
                           "\ninvalid: 0 entities, 0 deals, 0 participations, 0 ties; 1 errors, 0 warnings\n");
        check_summary_rejects(path, path + ":2:1025" + expected);
    }
    SECTION("as the header") {
        std::string path = write_file(dir, "header.csv", std::string(100000, ',') + "\nAcme,Lux\n");
        RunResult r = validate(path);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, StartsWith(path + ":1:1025" + expected + "\n"));
    }
}

// ---- usage errors (exit 1) --------------------------------------------------------

TEST_CASE("bad input: command-line mistakes are usage errors", "[bad][usage]") {
    SECTION("an unknown subcommand") {
        RunResult r = run_dealgraph({"frobnicate", tiny});
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK_THAT(r.err, ContainsSubstring("unknown command \"frobnicate\"; expected one of summary, validate, "
                                            "convert"));
        CHECK_THAT(r.err, ContainsSubstring("(dealgraph --help lists them)"));
    }
    SECTION("a negative node or row count") {
        for (std::vector<std::string> args : {std::vector<std::string>{"render", tiny, "--top", "-3", "-o", "x.dot"},
                                              {"report", tiny, "--out", "r", "--map-top", "-3"},
                                              {"report", tiny, "--out", "r", "--top", "-1"}}) {
            RunResult r = run_dealgraph(args);
            INFO(args[0] << " " << args[args.size() - 2]);
            CHECK(r.exit_code == 1);
            CHECK_THAT(r.err, ContainsSubstring("not in range 0 to 10000000"));
        }
    }
    SECTION("--status bogus") {
        RunResult r = run_dealgraph({"summary", tiny, "--status", "closed,bogus", "--output", "json"});
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(r.err == "dealgraph: --status closed,bogus: \"bogus\" is not a status; expected a comma-separated "
                       "list of closed, announced, negotiating, proposed, rejected, withdrawn\n");
    }
    SECTION("--from 2023-13") {
        RunResult r = run_dealgraph({"summary", tiny, "--from", "2023-13", "--output", "json"});
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(r.err == "dealgraph: --from: \"2023-13\" is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD that "
                       "exists on the calendar\n");
    }
    SECTION("--attribution lead=2") {
        RunResult r = run_dealgraph({"summary", tiny, "--attribution", "lead=2", "--output", "json"});
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(r.err == "dealgraph: --attribution lead=2: expected \"equal\" or \"lead=F\" with F between 0 and 1 "
                       "(e.g. lead=0.5)\n");
    }
    SECTION("convert to a name without .json or .csv") {
        std::string out = temp_dir("bad-usage") + "/deals.txt";
        RunResult r = run_dealgraph({"convert", tiny, "-o", out});
        CHECK(r.exit_code == 1);
        CHECK(r.err == "dealgraph: --out " + out +
                           ": cannot tell the format from the name; expected a .json or .csv name, or --format "
                           "json|csv\n");
        CHECK_FALSE(std::filesystem::exists(out));
    }
}

// ---- output -----------------------------------------------------------------------

TEST_CASE("bad input: convert into a missing folder exits 3 naming the path", "[bad][output]") {
    std::string dir = temp_dir("bad-output");
    std::string out = dir + "/no/such/folder/deals.json";
    RunResult r = run_dealgraph({"convert", tiny, "-o", out});
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(r.err == "dealgraph: cannot write " + out + ": folder " + dir + "/no/such/folder does not exist\n");
}

TEST_CASE("bad input: a failed convert leaves an existing output untouched", "[bad][output]") {
    std::string dir = temp_dir("bad-output-kept");
    std::string out = write_file(dir, "deals.json", "the previous contents\n");
    RunResult r = run_dealgraph({"convert", bad("wrong-types.json"), "-o", out});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, ContainsSubstring("dealgraph: " + bad("wrong-types.json") +
                                        ":5:26: error: entity \"hf\": name is 42 (a number); expected a string\n"));
    CHECK_THAT(r.err, ContainsSubstring("dealgraph: invalid input; nothing computed (2 errors)\n"));
    CHECK(read_file(out) == "the previous contents\n");
    // And no temporary file left beside it.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
    CHECK(files == 1);
}

// ---- round trip -------------------------------------------------------------------

TEST_CASE("bad input: JSON -> CSV -> JSON keeps the graph's counts and capital", "[bad][convert]") {
    std::string dir = temp_dir("bad-roundtrip");
    RunResult a = run_dealgraph({"convert", tiny, "-o", dir + "/x.csv"});
    INFO(a.err);
    REQUIRE(a.exit_code == 0);
    RunResult b = run_dealgraph({"convert", dir + "/x.csv", "-o", dir + "/y.json"});
    INFO(b.err);
    REQUIRE(b.exit_code == 0);
    auto original = summary_json(tiny);
    auto csv = summary_json(dir + "/x.csv");
    auto back = summary_json(dir + "/y.json");
    for (const char* key : {"investors", "startups", "edges", "participations", "capital_usd"}) {
        INFO(key);
        CHECK(csv[key] == original[key]);
        CHECK(back[key] == original[key]);
    }
    CHECK(original["capital_usd"] == 685000000.0);  // tests/fixtures/README.md
}
