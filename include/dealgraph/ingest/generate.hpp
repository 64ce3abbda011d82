#pragma once
// Synthetic deal data for scale tests and benchmarks: `dealgraph generate`.

#include <cstdint>
#include <string>

namespace dealgraph {

/// What the generator draws (every draw from dealgraph's own SplitMix64 code, so a
/// seed gives the same bytes with GCC and clang; no std::*_distribution):
///  - startups: rows / 6 of them, each with 1-10 rounds (P(k) ∝ 0.6^k), dated from a
///    founding year in 2000-2021 onwards, 4-20 months apart, none after 2024; rounds named seed, angel,
///    series-a, series-b, ... by their rank;
///  - investors per round: 1-40, Pareto-tailed (P(k >= x) ≈ x^-1.5, so most rounds
///    have 1-3 and a few dozens), the first one the lead;
///  - investor activity: heavy-tailed (Zipf-like), investor i of rows / 8 drawn with
///    probability ∝ about 1/(i+1), so a few take part in thousands of rounds and the
///    median one in two or three;
///  - amounts: log-uniform within a band per round rank; 25% of rounds have none.
/// Rows are participations (one per investor per round), exactly `rows` of them, in
/// the flat CSV format (docs/FORMAT.md): deal_id,startup,investor,date,round,amount_usd,lead.
struct GenerateOptions {
    std::uint64_t rows = 100000;
    std::uint64_t seed = 1;
};

/// The whole CSV file (header and `rows` rows).
std::string generate_deals_csv(const GenerateOptions& options);

}  // namespace dealgraph
