#include "dealgraph/graph/lookup.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>

#include "dealgraph/model/error.hpp"

namespace dealgraph {
namespace {

std::string fold(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

std::vector<std::string> closest_ids(const BipartiteGraph& g, std::string_view text, std::size_t k) {
    std::string q = fold(text);
    std::map<std::string, std::size_t> best;  // id -> score (lower is closer)
    auto squeeze = [](const std::string& s) {
        std::string out;
        for (char c : s)
            if (std::isalnum(static_cast<unsigned char>(c))) out += c;
        return out;
    };
    std::string qs = squeeze(q);
    for (std::uint32_t v = 0; v < g.nodes(); ++v) {
        const NodeInfo& n = g.node(v);
        std::string name = fold(n.name);
        std::string flat = squeeze(name);
        // Close when the edit distance to the id, the name, or the name without spaces
        // and punctuation is at most 40% of the longer word (and at least 2).
        std::size_t d = SIZE_MAX;
        bool close = false;
        for (const std::string& cand : {n.id, name, flat}) {
            std::size_t e = edit_distance(cand == flat ? qs : q, cand);
            d = std::min(d, e);
            close = close || e <= std::max<std::size_t>(2, 4 * std::max(q.size(), cand.size()) / 10);
        }
        if (!close) {
            bool contains = q.size() >= 3 && (n.id.find(q) != std::string::npos || name.find(q) != std::string::npos);
            if (!contains) continue;
            d = std::max<std::size_t>(d, 100);  // substring matches after the close ones
        }
        auto [it, fresh] = best.emplace(n.id, d);
        if (!fresh) it->second = std::min(it->second, d);
    }
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (auto& [id, d] : best) ranked.emplace_back(d, id);
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ranked.size() && i < k; ++i) out.push_back(ranked[i].second);
    return out;
}

std::uint32_t resolve_node(const BipartiteGraph& g, std::string_view text, std::optional<Side> side,
                           std::string_view flag) {
    std::vector<Side> sides = side ? std::vector<Side>{*side} : std::vector<Side>{Side::startup, Side::investor};
    for (Side s : sides)
        if (auto v = g.find(s, text)) return *v;
    std::string q = fold(text);
    for (Side s : sides)
        for (std::uint32_t v = 0; v < g.nodes(); ++v)
            if (g.side(v) == s && fold(g.node(v).name) == q) return v;
    std::string msg = std::string(flag) + " " + std::string(text) + ": no " +
                      (side ? std::string(to_string(*side)) : std::string("startup or investor")) +
                      " with this id or name in the counted deals";
    auto close = closest_ids(g, text);
    if (!close.empty()) {
        msg += "; did you mean ";
        for (std::size_t i = 0; i < close.size(); ++i)
            msg += (i ? (i + 1 == close.size() ? " or " : ", ") : "") + close[i];
        msg += "?";
    }
    throw UsageError(msg);
}

}  // namespace dealgraph
