// StringIndex: the open-addressing string -> index map the loaders and the graph build use.

#include <catch2/catch_test_macros.hpp>

#include <stdexcept>
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

TEST_CASE("hash_bytes: a change in any byte of a text of 1 to 24 bytes changes the hash", "[string_index]") {
    // The last 1-7 bytes are read in three ways (under 4 bytes, 4 to 7, a tail after 8
    // bytes or more): a byte dropped or read twice by one of them would show here.
    for (std::size_t size = 1; size <= 24; ++size) {
        std::string text(size, 'a');
        for (std::size_t k = 0; k < size; ++k) text[k] = static_cast<char>('a' + k);
        const std::uint64_t h = hash_bytes(text);
        for (std::size_t k = 0; k < size; ++k) {
            std::string other = text;
            other[k] = '#';
            CAPTURE(size, k);
            CHECK(hash_bytes(other) != h);
        }
        // A view into a longer buffer hashes as its own bytes, whatever follows them.
        const std::string longer = text + "zzzzzzzz";
        CHECK(hash_bytes(std::string_view(longer).substr(0, size)) == h);
    }
}

TEST_CASE("StringIndex: reserve, swap and the key size limit", "[string_index]") {
    StringIndex idx(100);
    for (std::uint32_t i = 0; i < 1000; ++i) REQUIRE(idx.insert("k" + std::to_string(i), i * 3).second);
    StringIndex other;
    other.insert("only", 1);
    idx.swap(other);
    CHECK(idx.size() == 1);
    CHECK(idx.find("only") == 1);
    CHECK(idx.find("k5") == StringIndex::npos);
    CHECK(other.size() == 1000);
    for (std::uint32_t i = 0; i < 1000; ++i) REQUIRE(other.find("k" + std::to_string(i)) == i * 3);
    other.reserve(100000);  // a rehash into a much bigger table keeps every key
    for (std::uint32_t i = 0; i < 1000; ++i) REQUIRE(other.find("k" + std::to_string(i)) == i * 3);
    // Keys up to 16 MiB - 1 bytes; a longer one is refused, not truncated.
    const std::string big((std::size_t{1} << 24) - 1, 'b');
    CHECK(other.insert(big, 5).second);
    CHECK(other.find(big) == 5);
    CHECK_THROWS_AS(other.insert(big + "b", 6), std::length_error);
    CHECK(other.find(big + "b") == StringIndex::npos);
    CHECK(other.size() == 1001);
}

TEST_CASE("StringIndex: find_many gives what find gives for each key", "[string_index]") {
    StringIndex empty;
    const std::vector<std::string_view> two{"a", ""};
    std::vector<std::uint32_t> out(2, 0);
    empty.find_many(two, out.data());
    CHECK(out == std::vector<std::uint32_t>{StringIndex::npos, StringIndex::npos});

    StringIndex idx;
    std::vector<std::string> stored;
    for (std::uint32_t i = 0; i < 3000; ++i) stored.push_back("id-" + std::to_string(i * 7));
    for (std::uint32_t i = 0; i < stored.size(); ++i) idx.insert(stored[i], i + 100);
    // 1000 keys (31 full groups of 32 and a part), a third of them absent, repeats and the
    // empty key among them, in an order unlike the insertion's.
    std::vector<std::string> asked;
    for (std::uint32_t k = 0; k < 1000; ++k)
        asked.push_back(k % 3 == 0     ? "absent-" + std::to_string(k)
                        : k % 100 == 1 ? ""
                                       : stored[(k * 977) % stored.size()]);
    asked.push_back(stored[5]);
    asked.push_back(stored[5]);
    std::vector<std::string_view> views(asked.begin(), asked.end());
    out.assign(views.size(), 0);
    idx.find_many(views, out.data());
    std::size_t found = 0;
    for (std::size_t k = 0; k < views.size(); ++k) {
        CAPTURE(k, asked[k]);
        REQUIRE(out[k] == idx.find(views[k]));
        found += out[k] != StringIndex::npos;
    }
    CHECK(out.back() == 105);
    CHECK(found > 600);  // most keys are there: the comparison above is not all npos
    idx.find_many({}, out.data());  // no keys: nothing written, nothing read
}
