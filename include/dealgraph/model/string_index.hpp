#pragma once
// A compact string -> index map for the loaders and the graph build: open addressing
// with linear probing, keys copied once into one arena, no allocation per key.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
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
        // The last 1-7 bytes, read without a byte loop (whose stores the 8-byte load of w
        // would wait for): the 8 bytes ending the text shifted down when it has them,
        // else overlapping 4-byte, or single-byte, reads (the size is in h already).
        std::uint64_t w = 0;
        if (s.size() >= 8 && std::endian::native == std::endian::little) {
            std::memcpy(&w, p + n - 8, 8);
            w >>= (8 - n) * 8;
        } else if (n >= 4) {
            std::uint32_t a, b;
            std::memcpy(&a, p, 4);
            std::memcpy(&b, p + n - 4, 4);
            w = a | (static_cast<std::uint64_t>(b) << 32);
        } else {
            const auto* q = reinterpret_cast<const unsigned char*>(p);
            w = q[0] | (std::uint64_t{q[n / 2]} << 8) | (std::uint64_t{q[n - 1]} << 16);
        }
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
/// the index, so the caller's strings may move. Values cannot be removed. Keys must be
/// shorter than 16 MiB (std::length_error otherwise).
///
/// Each slot holds all a look-up needs (32 bits of the hash, the value, and where the key
/// is): a look-up reads one slot and one key, two cache misses on a big table, where a
/// slot pointing to an entry pointing to the key took three.
class StringIndex {
public:
    static constexpr std::uint32_t npos = UINT32_MAX;

    StringIndex() = default;
    explicit StringIndex(std::size_t expected) { reserve(expected); }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }

    /// Room for `n` keys without rehashing.
    void reserve(std::size_t n) {
        std::size_t want = 16;
        while (want * 3 < n * 4 + 4) want *= 2;  // load factor at most 3/4
        if (want > slots_.size()) rehash(want);
    }

    /// The value of `key`, or npos.
    [[nodiscard]] std::uint32_t find(std::string_view key) const noexcept { return find(key, hash_bytes(key)); }
    /// The same, given h = hash_bytes(key) (computed ahead, on another thread, say).
    [[nodiscard]] std::uint32_t find(std::string_view key, std::uint64_t h) const noexcept {
        if (slots_.empty()) return npos;
        const std::uint32_t t = tag(h);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.tag == 0) return npos;
            if (s.tag == t && matches(s, key)) return s.value;
        }
    }

    /// Inserts key -> value unless the key is there; returns the value stored for the
    /// key and whether it was inserted.
    std::pair<std::uint32_t, bool> insert(std::string_view key, std::uint32_t value) {
        return insert(key, hash_bytes(key), value);
    }
    /// The same, given h = hash_bytes(key).
    std::pair<std::uint32_t, bool> insert(std::string_view key, std::uint64_t h, std::uint32_t value) {
        if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 16 : slots_.size() * 2);
        const std::uint32_t t = tag(h);
        std::size_t i = h & mask_;
        for (;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.tag == 0) break;
            if (s.tag == t && matches(s, key)) return {s.value, false};
        }
        if (key.size() > max_key) throw std::length_error("StringIndex: a key of 16 MiB or more");
        const std::size_t at = chars_.size();
        chars_.insert(chars_.end(), key.begin(), key.end());  // one pass: resize would zero first
        slots_[i] = Slot{t, value, (static_cast<std::uint64_t>(at) << size_bits) | key.size()};
        ++size_;
        return {value, true};
    }

    /// find() of many keys: out[i] = find(keys[i]). On a table bigger than the caches,
    /// faster than one find() after another, each of which waits for two cache misses (its
    /// slot, then the stored key): the keys go in groups of 32, and a group's slots, then
    /// its stored keys, are fetched before any is compared.
    void find_many(std::span<const std::string_view> keys, std::uint32_t* out) const noexcept {
        if (slots_.empty()) {
            std::fill(out, out + keys.size(), npos);
            return;
        }
        constexpr std::size_t group = 32;
        std::uint64_t h[group];
        for (std::size_t at = 0; at < keys.size(); at += group) {
            const std::size_t n = std::min(group, keys.size() - at);
            for (std::size_t i = 0; i < n; ++i) {
                h[i] = hash_bytes(keys[at + i]);
                prefetch(h[i]);
            }
            for (std::size_t i = 0; i < n; ++i) {
                const Slot& s = slots_[h[i] & mask_];
                if (s.tag == tag(h[i])) __builtin_prefetch(chars_.data() + (s.where >> size_bits));
            }
            for (std::size_t i = 0; i < n; ++i) out[at + i] = find(keys[at + i], h[i]);
        }
    }

    [[nodiscard]] bool contains(std::string_view key) const noexcept { return find(key) != npos; }

    /// Asks the processor to fetch the first slot a look-up of a key with hash h reads
    /// (a hint: nothing changes, whatever h is).
    void prefetch(std::uint64_t h) const noexcept {
        if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
    }

    void swap(StringIndex& other) noexcept {
        slots_.swap(other.slots_);
        std::swap(mask_, other.mask_);
        std::swap(size_, other.size_);
        chars_.swap(other.chars_);
    }

private:
    static constexpr unsigned size_bits = 24;
    static constexpr std::size_t max_key = (std::size_t{1} << size_bits) - 1;

    struct Slot {
        std::uint32_t tag = 0;  // the high half of the key's hash, never 0; 0 when empty
        std::uint32_t value = 0;
        std::uint64_t where = 0;  // offset of the key in chars_ << 24 | its size
    };

    static std::uint32_t tag(std::uint64_t h) noexcept { return static_cast<std::uint32_t>(h >> 32) | 1u; }

    [[nodiscard]] std::string_view key_of(const Slot& s) const noexcept {
        return {chars_.data() + (s.where >> size_bits), static_cast<std::size_t>(s.where & max_key)};
    }

    bool matches(const Slot& s, std::string_view key) const noexcept {
        return (s.where & max_key) == key.size() &&
               (key.empty() || std::memcmp(chars_.data() + (s.where >> size_bits), key.data(), key.size()) == 0);
    }

    // The slot index needs the hash's low bits, which the slots do not keep: the keys are
    // hashed again (growth doubles, so each key is rehashed about once in all).
    void rehash(std::size_t n) {
        std::vector<Slot> old(n);
        old.swap(slots_);
        mask_ = n - 1;
        for (const Slot& s : old) {
            if (s.tag == 0) continue;
            std::size_t i = hash_bytes(key_of(s)) & mask_;
            while (slots_[i].tag != 0) i = (i + 1) & mask_;
            slots_[i] = s;
        }
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
    std::vector<char> chars_;
};

}  // namespace dealgraph
