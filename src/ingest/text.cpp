#include "dealgraph/ingest/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "builder.hpp"

namespace dealgraph {
namespace {

constexpr bool is_space(unsigned char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Per byte: lower-case (for folding) and whether it is white space, looked up once.
struct ByteTable {
    std::array<char, 256> lower{};
    std::array<bool, 256> space{};
    constexpr ByteTable() {
        for (int c = 0; c < 256; ++c) {
            lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            space[c] = is_space(static_cast<unsigned char>(c));
        }
    }
};
constexpr ByteTable bytes;

void collapse_into(std::string& out, std::string_view name, bool fold) {
    name = trim(name);
    // The result is never longer than the trimmed name (a run of white space becomes one
    // space), so it is written in place: loaders call this for every row's names.
    const std::size_t base = out.size();
    out.resize(base + name.size());
    char* w = out.data() + base;
    bool space = false;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (bytes.space[c]) {
            space = true;
            continue;
        }
        if (space) *w++ = ' ';
        space = false;
        *w++ = fold ? bytes.lower[c] : ch;
    }
    out.resize(static_cast<std::size_t>(w - out.data()));
}

std::string collapse(std::string_view name, bool fold) {
    std::string out;
    out.reserve(name.size());
    collapse_into(out, name, fold);
    return out;
}

// Lower-cases and turns '-' and ' ' into '_', for vocabulary matching.
std::string vocab_key(std::string_view word) {
    std::string k = collapse(word, true);
    for (char& c : k)
        if (c == '-' || c == ' ') c = '_';
    return k;
}

}  // namespace

std::string name_key(std::string_view name) { return collapse(name, true); }
std::string clean_name(std::string_view name) { return collapse(name, false); }

std::string slugify(std::string_view name) {
    // Written into room for the longest result ("&" becomes "-and"), on the stack for
    // names of up to 256 bytes, then copied out at its length: one allocation at most,
    // where appending byte by byte grew the string.
    std::array<char, 1024> stack;
    std::string heap;
    char* const begin = name.size() * 4 <= stack.size() ? stack.data() : (heap.resize(name.size() * 4), heap.data());
    char* w = begin;
    bool dash = false;
    for (char ch : name) {
        const char c = bytes.lower[static_cast<unsigned char>(ch)];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && w != begin) *w++ = '-';
            dash = false;
            *w++ = c;
        } else if (c == '&') {
            // "Johnson & Johnson" -> johnson-and-johnson
            if (w != begin) {
                std::memcpy(w, "-and", 4);
                w += 4;
            }
            dash = true;
        } else {
            dash = true;
        }
    }
    if (w == begin) return "x";
    return std::string(begin, static_cast<std::size_t>(w - begin));
}

bool is_slug(std::string_view id) noexcept {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    char prev = 0;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && prev == '-')) return false;
        prev = c;
    }
    return true;
}

namespace detail {

void append_name_key(std::string& out, std::string_view name) { collapse_into(out, name, true); }

bool blank_name(std::string_view name) noexcept { return trim(name).empty(); }

std::size_t first_invalid_utf8(std::string_view text) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t n = text.size(), i = 0;
    while (i < n) {
        // Fast path over ASCII, 8 bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t w;
            __builtin_memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = s[i];
        if (c < 0x80) { ++i; continue; }
        std::size_t len;
        std::uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return i;
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += len;
    }
    return std::string_view::npos;
}

}  // namespace detail

bool valid_utf8(std::string_view text) noexcept {
    return detail::first_invalid_utf8(text) == std::string_view::npos;
}

std::optional<double> parse_amount(std::string_view text, bool* negative) {
    if (negative) *negative = false;
    std::string_view s = trim(text);
    bool neg = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        neg = s.front() == '-';
        s.remove_prefix(1);
    }
    if (!s.empty() && s.front() == '$') s.remove_prefix(1);
    if (s.size() >= 3) {
        auto tail = s.substr(s.size() - 3);
        if (lower(tail[0]) == 'u' && lower(tail[1]) == 's' && lower(tail[2]) == 'd')
            s = trim(s.substr(0, s.size() - 3));
    }
    if (s.empty()) return std::nullopt;
    // Plain digits, as most exports write amounts: an integer below 10^15 is exact as a
    // double, the same value from_chars gives, without its cost on every row.
    if (s.size() <= 15) {
        std::uint64_t whole = 0;
        bool digits_only = true;
        for (char c : s) {
            if (c < '0' || c > '9') {
                digits_only = false;
                break;
            }
            whole = whole * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (digits_only) {
            if (neg && whole != 0) {
                if (negative) *negative = true;
                return std::nullopt;
            }
            return static_cast<double>(whole);
        }
    }
    // Thousands separators: groups of exactly three digits after the first group. Only
    // then is the number copied without them.
    std::string digits_copy;
    std::string_view digits = s;
    std::size_t int_end = s.find_first_of(".eE");
    std::string_view int_part = s.substr(0, int_end);
    if (int_part.find(',') != std::string_view::npos) {
        digits_copy.reserve(s.size());
        std::size_t group = 0;
        bool first = true;
        for (char c : int_part) {
            if (c == ',') {
                if ((first && (group == 0 || group > 3)) || (!first && group != 3)) return std::nullopt;
                first = false;
                group = 0;
            } else {
                ++group;
                digits_copy += c;
            }
        }
        if (group != 3) return std::nullopt;
        if (int_end != std::string_view::npos) digits_copy += s.substr(int_end);
    }
    if (!digits_copy.empty()) digits = digits_copy;
    if (digits.empty() || !(std::isdigit(static_cast<unsigned char>(digits[0])) || digits[0] == '.'))
        return std::nullopt;
    double v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc{} || end != digits.data() + digits.size() || !std::isfinite(v))
        return std::nullopt;
    if (neg && v != 0) {
        if (negative) *negative = true;
        return std::nullopt;
    }
    return v;
}

std::optional<RoundType> round_from_export(std::string_view word) {
    std::string k = vocab_key(word);
    if (auto exact = enum_from_name<RoundType>(round_type_names, k)) {
        if (*exact != RoundType::other) return exact;
    }
    if (k.size() == 1 && k[0] >= 'a' && k[0] <= 'j')
        return static_cast<RoundType>(static_cast<int>(RoundType::series_a) + (k[0] - 'a'));
    if (k.size() == 8 && k.starts_with("series_") && k[7] >= 'a' && k[7] <= 'j')
        return static_cast<RoundType>(static_cast<int>(RoundType::series_a) + (k[7] - 'a'));
    if (k == "seriesa" || k == "series_a_round") return RoundType::series_a;
    static constexpr std::array<std::pair<std::string_view, RoundType>, 14> known{{
        {"unattributed", RoundType::venture},
        {"series_unknown", RoundType::venture},
        {"venture_round", RoundType::venture},
        {"venture_series_unknown", RoundType::venture},
        {"corporate_round", RoundType::strategic},
        {"strategic_investment", RoundType::strategic},
        {"debt_financing", RoundType::debt},
        {"convertible_note", RoundType::debt},
        {"secondary_market", RoundType::secondary},
        {"pre_seed", RoundType::seed},
        {"seed_round", RoundType::seed},
        {"angel_round", RoundType::angel},
        {"undisclosed", RoundType::undisclosed},
        {"grant", RoundType::grant},
    }};
    for (auto [name, type] : known)
        if (k == name) return type;
    return std::nullopt;
}

std::optional<DealStatus> status_from_export(std::string_view word) {
    std::string k = vocab_key(word);
    if (auto exact = enum_from_name<DealStatus>(deal_status_names, k)) return exact;
    static constexpr std::array<std::pair<std::string_view, DealStatus>, 9> known{{
        {"completed", DealStatus::closed},
        {"funded", DealStatus::closed},
        {"rumored", DealStatus::negotiating},
        {"rumoured", DealStatus::negotiating},
        {"in_talks", DealStatus::negotiating},
        {"offer", DealStatus::proposed},
        {"declined", DealStatus::rejected},
        {"cancelled", DealStatus::withdrawn},
        {"canceled", DealStatus::withdrawn},
    }};
    for (auto [name, status] : known)
        if (k == name) return status;
    return std::nullopt;
}

bool is_placeholder_investor(std::string_view key) {
    static constexpr std::array<std::string_view, 22> names{
        "undisclosed", "undisclosed investor", "undisclosed investors", "unknown",
        "unknown investor", "unknown investors", "private investor", "private investors",
        "business angel", "business angels", "angel investor", "angel investors",
        "angels", "others", "other", "other investors", "n/a", "na", "none", "various",
        "individual investors", "anonymous"};
    return std::find(names.begin(), names.end(), key) != names.end();
}

}  // namespace dealgraph
