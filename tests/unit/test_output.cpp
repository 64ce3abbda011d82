#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <stdexcept>

#include "dealgraph/model/error.hpp"
#include "dealgraph/report/output.hpp"
#include "support/run.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace dealgraph;

TEST_CASE("tables render as aligned text, CSV and Markdown", "[output]") {
    Table t;
    t.header = {"name", "value"};
    t.numeric = {false, true};
    t.rows = {{"a", "1"}, {"longer, name", "250"}};
    CHECK(t.to_text() ==
          "name          value\n"
          "------------  -----\n"
          "a                 1\n"
          "longer, name    250\n");
    CHECK(t.to_csv() == "name,value\na,1\n\"longer, name\",250\n");
    CHECK(t.to_markdown() == "| name | value |\n|---|---:|\n| a | 1 |\n| longer, name | 250 |\n");
}

TEST_CASE("CSV rows quote only cells that need it, as tables do", "[output]") {
    std::string out;
    append_csv_row(out, {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""});
    CHECK(out == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\n");
    Table t;
    t.header = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""};
    CHECK(t.to_csv() == out);
    append_csv_row(out, {"x"});
    CHECK(out.ends_with("\nx\n"));
}

TEST_CASE("money for people and exact numbers", "[output]") {
    CHECK(human_usd(235e6) == "$235.0M");
    CHECK(human_usd(4.5e9) == "$4.50B");
    CHECK(human_usd(750e3) == "$750K");
    CHECK(human_usd(0) == "$0");
    CHECK(percent(0.5914) == "59.1%");
    CHECK(percent(1) == "100.0%");
    CHECK(fixed(3.14159, 2) == "3.14");
    CHECK(fixed(5702.2, 0) == "5702");
    CHECK(exact_number(235000000) == "235000000");
    CHECK(exact_number(0.25) == "0.25");
    CHECK(exact_number(1.0 / 3) == "0.3333333333333333");
}

TEST_CASE("files are written whole or not at all", "[output]") {
    auto dir = test::temp_dir("atomic");
    auto path = dir + "/out.txt";
    write_file_atomic(path, "first");
    CHECK(test::read_file(path) == "first");
    write_file_atomic(path, "second");
    CHECK(test::read_file(path) == "second");
    CHECK_THROWS_AS(write_file_atomic(dir + "/missing/out.txt", "x"), OutputError);
    CHECK_THROWS_AS(write_file_atomic(dir, "x"), OutputError);
    CHECK(test::read_file(path) == "second");
    CHECK(parse_output_format("md") == OutputFormat::md);
    CHECK_THROWS_AS(parse_output_format("xml"), UsageError);
}

namespace {
// The names in `dir`, hidden temporary files included.
std::vector<std::string> names_in(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}
}  // namespace

TEST_CASE("a file written in pieces appears whole at commit, and not at all without it", "[output]") {
    auto dir = test::temp_dir("atomic-pieces");
    auto path = dir + "/out.json";
    write_file_atomic(path, "old");
    {
        AtomicFile f(path);
        f.write("{\"a\": ");
        f.write("1}\n");
        // Before commit: the old file as it was, and the pieces in a hidden file beside it.
        CHECK(test::read_file(path) == "old");
        CHECK(names_in(dir).size() == 2);
        f.commit();
        CHECK_THROWS_AS(f.write("more"), OutputError);  // committed: closed
    }
    CHECK(test::read_file(path) == "{\"a\": 1}\n");
    CHECK(names_in(dir) == std::vector<std::string>{"out.json"});
    // An exception between the pieces (the destructor runs without commit).
    try {
        AtomicFile f(path);
        f.write("half of a ");
        throw std::runtime_error("stopped");
    } catch (const std::runtime_error&) {
    }
    CHECK(test::read_file(path) == "{\"a\": 1}\n");
    CHECK(names_in(dir) == std::vector<std::string>{"out.json"});
    CHECK_THROWS_AS(AtomicFile(dir + "/missing/out.txt"), OutputError);
}
