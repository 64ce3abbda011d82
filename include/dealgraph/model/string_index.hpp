#pragma once
// A compact string -> index map for the loaders and the graph build: open addressing
// with linear probing, keys copied once into one arena, no allocation per key.

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace dealgraph {

/// 64-bit hash of bytes: 8 bytes at a time through a multiply-xorshift, finished with
/// MurmurHash3's fmix64. Not cryptographic; good enough to spread ids and names.
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = k ^ (s.size() * 0xC2B2AE3D27D4EB4Full);
    const char* p = s.data();
    std::size_t n = s.size();
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

/// Maps strings to 32-bit values (typically indices into a vector). Keys are copied into
/// the index, so the caller's strings may move. Values cannot be removed.
class StringIndex {
public:
    static constexpr std::uint32_t npos = UINT32_MAX;

    StringIndex() = default;
    explicit StringIndex(std::size_t expected) { reserve(expected); }

    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

    /// Room for `n` keys without rehashing.
    void reserve(std::size_t n) {
        entries_.reserve(n);
        std::size_t want = 16;
        while (want * 3 < n * 4 + 4) want *= 2;  // load factor at most 3/4
        if (want > slots_.size()) rehash(want);
    }

    /// The value of `key`, or npos.
    [[nodiscard]] std::uint32_t find(std::string_view key) const noexcept {
        if (slots_.empty()) return npos;
        std::uint64_t h = hash_bytes(key);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            std::uint64_t slot = slots_[i];
            if (slot == 0) return npos;
            if ((slot >> 32) == (h >> 32) && matches(entries_[(slot & 0xFFFFFFFFu) - 1], h, key))
                return entries_[(slot & 0xFFFFFFFFu) - 1].value;
        }
    }

    /// Inserts key -> value unless the key is there; returns the value stored for the
    /// key and whether it was inserted.
    std::pair<std::uint32_t, bool> insert(std::string_view key, std::uint32_t value) {
        if ((entries_.size() + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 16 : slots_.size() * 2);
        std::uint64_t h = hash_bytes(key);
        std::size_t i = h & mask_;
        for (;; i = (i + 1) & mask_) {
            std::uint64_t slot = slots_[i];
            if (slot == 0) break;
            if ((slot >> 32) == (h >> 32) && matches(entries_[(slot & 0xFFFFFFFFu) - 1], h, key))
                return {entries_[(slot & 0xFFFFFFFFu) - 1].value, false};
        }
        entries_.push_back({h, chars_.size(), static_cast<std::uint32_t>(key.size()), value});
        if (!key.empty()) {
            const std::size_t at = chars_.size();
            chars_.resize(at + key.size());
            std::memcpy(chars_.data() + at, key.data(), key.size());
        }
        slots_[i] = slot_for(h, entries_.size());
        return {value, true};
    }

    [[nodiscard]] bool contains(std::string_view key) const noexcept { return find(key) != npos; }

    void swap(StringIndex& other) noexcept {
        slots_.swap(other.slots_);
        std::swap(mask_, other.mask_);
        entries_.swap(other.entries_);
        chars_.swap(other.chars_);
    }

private:
    struct Entry {
        std::uint64_t hash;
        std::size_t offset;  // into chars_
        std::uint32_t size;
        std::uint32_t value;
    };

    bool matches(const Entry& e, std::uint64_t h, std::string_view key) const noexcept {
        return e.hash == h && e.size == key.size() &&
               (key.empty() || std::memcmp(chars_.data() + e.offset, key.data(), key.size()) == 0);
    }

    void rehash(std::size_t n) {
        slots_.assign(n, 0);
        mask_ = n - 1;
        for (std::size_t k = 0; k < entries_.size(); ++k) {
            std::size_t i = entries_[k].hash & mask_;
            while (slots_[i] != 0) i = (i + 1) & mask_;
            slots_[i] = slot_for(entries_[k].hash, k + 1);
        }
    }

    // The high half of the key's hash, to skip most non-matching entries without reading
    // them, and the entry index + 1 (0 when empty).
    static std::uint64_t slot_for(std::uint64_t hash, std::size_t entry) noexcept {
        return (hash & 0xFFFFFFFF00000000ull) | static_cast<std::uint32_t>(entry);
    }
    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
    std::vector<Entry> entries_;
    std::vector<char> chars_;
};

}  // namespace dealgraph
