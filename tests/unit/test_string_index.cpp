// StringIndex: the open-addressing string -> index map the loaders and the graph build use.

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "dealgraph/model/string_index.hpp"

using namespace dealgraph;

TEST_CASE("StringIndex: insert keeps the first value, find tells absent keys", "[string_index]") {
    StringIndex idx;
    CHECK(idx.find("a") == StringIndex::npos);  // empty index
    CHECK(idx.insert("a", 7) == std::pair<std::uint32_t, bool>{7, true});
    CHECK(idx.insert("a", 9) == std::pair<std::uint32_t, bool>{7, false});  // not overwritten
    CHECK(idx.insert("", 3) == std::pair<std::uint32_t, bool>{3, true});    // the empty key is a key
    CHECK(idx.find("a") == 7);
    CHECK(idx.find("") == 3);
    CHECK(idx.find("b") == StringIndex::npos);
    CHECK(idx.find(std::string_view("a\0", 2)) == StringIndex::npos);
    CHECK(idx.size() == 2);
}

TEST_CASE("StringIndex: keys are copied, and survive growth", "[string_index]") {
    StringIndex idx;
    std::vector<std::string> keys;
    // Keys of 1..40 bytes sharing long prefixes, so lengths and 8-byte blocks both matter.
    for (std::uint32_t i = 0; i < 5000; ++i) keys.push_back(std::string(i % 40, 'x') + std::to_string(i));
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
        std::string temp = keys[i];  // dies right after: the index must own its copy
        REQUIRE(idx.insert(temp, i).second);
    }
    CHECK(idx.size() == keys.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i) REQUIRE(idx.find(keys[i]) == i);
    CHECK(idx.find("x") == StringIndex::npos);
    CHECK(idx.find(keys[0] + "y") == StringIndex::npos);
}

TEST_CASE("hash_bytes: every byte and the length count", "[string_index]") {
    CHECK(hash_bytes("abcdefghi") != hash_bytes("abcdefghj"));  // the tail past 8 bytes
    CHECK(hash_bytes("abcdefgh") != hash_bytes("bbcdefgh"));    // the first byte
    CHECK(hash_bytes(std::string_view("a\0", 2)) != hash_bytes("a"));  // same bytes, padded
    CHECK(hash_bytes("") != hash_bytes(std::string_view("\0", 1)));
    CHECK(hash_bytes("dealgraph") == hash_bytes(std::string("dealgraph")));
}
