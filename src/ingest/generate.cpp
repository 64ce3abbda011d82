#include "dealgraph/ingest/generate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

namespace dealgraph {
namespace {

// SplitMix64 (Steele, Lea & Flood 2014).
struct Rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    std::uint64_t below(std::uint64_t n) { return next() % n; }            // bias < n / 2^64
};

constexpr std::array<std::string_view, 24> syllables{"ka", "lo", "mi", "ra", "ve", "no", "ta", "si",
                                                     "du", "be", "xo", "pe", "qu", "zi", "fa", "go",
                                                     "hu", "je", "wy", "ce", "bri", "sto", "lin", "mar"};
constexpr std::array<std::string_view, 6> investor_kinds{"Ventures", "Capital", "Partners",
                                                         "Fund", "Angels", "Investments"};
constexpr std::array<std::string_view, 5> startup_kinds{"Labs", "AI", "Systems", "Health", "Networks"};
constexpr std::array<std::string_view, 10> round_names{"seed", "angel", "series-a", "series-b", "series-c",
                                                       "series-d", "series-e", "series-f", "series-g",
                                                       "series-h"};

// A pronounceable name that is unique for each index (base-24 syllables).
std::string name_for(std::uint64_t index, std::string_view kind) {
    std::string s;
    std::uint64_t x = index;
    do {
        s += syllables[x % syllables.size()];
        x /= syllables.size();
    } while (x);
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
    s += ' ';
    s += kind;
    return s;
}

}  // namespace

std::string generate_deals_csv(const GenerateOptions& o) {
    Rng r{o.seed * 0x2545f4914f6cdd1dULL + 0x1234567ULL};
    const std::uint64_t n_startups = std::max<std::uint64_t>(1, o.rows / 6);
    const std::uint64_t n_investors = std::max<std::uint64_t>(2, o.rows / 8);
    // Heavy-tailed activity (Zipf-like, exponent 1): inverse-CDF sampling of the density
    // ∝ 1/(x+1) on [0, n): x = (n+1)^u - 1.
    const double span = std::log(static_cast<double>(n_investors) + 1);
    auto draw_investor = [&] {
        double x = std::exp(span * r.unit()) - 1;
        return std::min<std::uint64_t>(n_investors - 1, static_cast<std::uint64_t>(x));
    };
    std::string out = "deal_id,startup,investor,date,round,amount_usd,lead\n";
    out.reserve(static_cast<std::size_t>(o.rows) * 64 + 64);
    std::uint64_t rows = 0, deal = 0;
    std::vector<std::uint64_t> chosen;
    char buf[160];
    for (std::uint64_t s = 0; rows < o.rows; s = (s + 1) % n_startups) {
        const std::string startup = name_for(s, startup_kinds[s % startup_kinds.size()]);
        std::uint32_t rounds = 1;
        while (rounds < 10 && r.unit() < 0.6) ++rounds;
        int year = 2000 + static_cast<int>(r.below(22));
        int month = 1 + static_cast<int>(r.below(12));
        // Rounds stop at the end of 2024.
        for (std::uint32_t k = 0; k < rounds && rows < o.rows && year <= 2024; ++k) {
            std::uint64_t want = static_cast<std::uint64_t>(std::pow(1 - r.unit(), -1 / 1.5));
            want = std::clamp<std::uint64_t>(want, 1, 40);
            want = std::min(want, o.rows - rows);
            chosen.clear();
            for (std::uint32_t tries = 0; chosen.size() < want && tries < 400; ++tries) {
                auto i = draw_investor();
                if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) chosen.push_back(i);
            }
            bool has_amount = r.unit() >= 0.25;
            // Log-uniform in [10^(4.5+k/2), 10^(6+k/2)): a few hundred thousand for a
            // seed round, hundreds of millions late on; rounded to thousands.
            double amount = std::pow(10.0, 4.5 + 0.5 * k + 1.5 * r.unit());
            auto amount_k = static_cast<std::uint64_t>(amount / 1000) * 1000;
            int day = 1 + static_cast<int>(r.below(28));
            for (std::size_t j = 0; j < chosen.size(); ++j) {
                std::string investor = name_for(chosen[j], investor_kinds[chosen[j] % investor_kinds.size()]);
                int len = std::snprintf(buf, sizeof buf, "d%llu,", static_cast<unsigned long long>(deal));
                out.append(buf, static_cast<std::size_t>(len));
                out += startup;
                out += ',';
                out += investor;
                len = std::snprintf(buf, sizeof buf, ",%04d-%02d-%02d,%s,", year, month, day,
                                    round_names[std::min<std::uint32_t>(k, 9)].data());
                out.append(buf, static_cast<std::size_t>(len));
                if (has_amount) out += std::to_string(amount_k);
                out += j == 0 ? ",true\n" : ",false\n";
            }
            rows += chosen.size();
            ++deal;
            month += 4 + static_cast<int>(r.below(17));
            year += (month - 1) / 12;
            month = (month - 1) % 12 + 1;
        }
    }
    return out;
}

}  // namespace dealgraph
