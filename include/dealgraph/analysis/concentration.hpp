#pragma once
// Concentration of influence: how dependent each startup is on its backers, how far
// each investor reaches, and how concentrated investment is in a market segment.
//
// These are measures of concentration of INVESTMENT (who put money into which
// startups), not of a product market: an HHI above 1800 here says that a few
// investors supplied most of a segment's capital, not that the startups' market is
// concentrated. Thresholds follow the 2023 US Merger Guidelines (HHI > 1800: highly
// concentrated; 1000-1800: moderately concentrated; a change > 100: significant).
//
// Definitions (shares are fractions 0..1 in the structs; HHI uses percentages):
//  - A startup's investors' shares: attributed capital of each / the startup's total
//    attributed capital (see Attribution). HHI = sum of (100 * share)^2, 0..10000.
//    top1/top3: the largest share / the sum of the three largest. dominant_investor:
//    the one whose share is at least `dominant` (default 0.5), if any.
//  - Estimated stake of an investor in a startup: sum over counted rounds with a known
//    post-money valuation of (its capital in the round / post-money). An estimate: it
//    ignores dilution by later rounds unless `dilute`, which multiplies each round's
//    stake by (1 - amount / post-money) of every later round with both known; it
//    ignores secondary sales, option pools and liquidation terms.
//  - Segment: the startups with a sector tag, a named list, or all. Investors' shares
//    of the segment's attributed capital give the segment HHI, CR4 (sum of the four
//    largest shares, in percent), the Gini coefficient over investors with capital > 0
//    (G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)), and the Lorenz curve.
//  - MHHI (O'Brien & Salop 2000; Azar, Schmalz & Tecu 2018): with startups' market
//    shares s_j (percent) and investors' stakes b_ij, control g = b:
//      MHHI = sum_j s_j^2 + sum_j sum_{k != j} s_j s_k (sum_i b_ij b_ik) / (sum_i b_ij^2)
//    and MHHI delta = MHHI - sum_j s_j^2. Stakes are the estimated stakes; a startup
//    with no known post-money uses its investors' capital shares instead (said in
//    `stake_basis`).
//  - Freeman centralisation: sum over nodes of (max - C_v) divided by the largest
//    value that sum can take on a graph of n nodes (a star): (n-1)(n-2) for degree,
//    (n-1)^2 (n-2) / 2 for raw betweenness.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dealgraph/graph/bipartite.hpp"

namespace dealgraph {


struct ConcentrationOptions {
    double dominant = 0.5;
    bool dilute = false;
    std::vector<InvestorGroup> groups;      // members are rolled up like the graph's investors
    std::string sector;                     // segment: startups with this sector tag
    std::vector<std::string> startups;      // segment: these startup ids
    /// Startups' market shares for MHHI: "capital" (capital raised, a proxy), "equal",
    /// or the name of an entity metric such as "revenue_usd" (startups without it: 0).
    std::string share_by = "capital";
    /// Freeman centralisation needs all-pairs shortest paths: O(n m). Off for trends.
    bool centralization = true;
    /// Unnormalised betweenness of this same graph and of its investor projection (shared
    /// weight, every tie), computed with the default ShortestPathOptions, when the caller
    /// has them already (the report does); empty: computed here. Must outlive the call.
    std::span<const double> bipartite_betweenness;
    std::span<const double> investor_betweenness;
};

struct InvestorStake {
    std::uint32_t node = 0;  // bipartite investor node
    double capital_usd = 0;
    double share = 0;                // of the startup's attributed capital
    std::optional<double> stake;     // estimated ownership, when a post-money is known
};

struct StartupConcentration {
    std::uint32_t node = 0;
    double capital_usd = 0;          // attributed capital raised from named investors
    std::vector<InvestorStake> investors;  // largest share first, ties by id
    std::optional<double> hhi;       // none when no capital is attributed
    double top1_share = 0;
    double top3_share = 0;
    std::optional<std::uint32_t> dominant_investor;  // node
    std::vector<double> group_share;  // per options.groups
    std::string stake_basis;          // "post-money", "capital share" or "none"
};

struct InvestorReach {
    std::uint32_t node = 0;
    std::uint32_t startups = 0;       // startups of the segment it backed
    double capital_usd = 0;           // capital it put into them
    double capital_share = 0;         // of all the segment's attributed capital
    double startup_share = 0;         // of the segment's startups
    std::uint32_t dominant_in = 0;    // startups where it is the dominant investor
    std::uint32_t competing = 0;      // backed startups sharing a sector with another it backed
};

struct GroupReach {
    std::string name;
    std::uint32_t startups = 0;       // segment startups with at least one member investor
    double startup_share = 0;
    double capital_usd = 0;
    double capital_share = 0;
};

struct LorenzPoint {
    double population = 0;  // cumulative share of investors, ascending by capital
    double capital = 0;     // cumulative share of capital
};

struct SegmentConcentration {
    std::string name;                 // "all startups", "sector foundation-models", ...
    std::uint32_t startups = 0;
    std::uint32_t investors = 0;
    double capital_usd = 0;
    double hhi = 0;
    double cr4 = 0;                   // percent
    double gini = 0;
    double mhhi = 0;
    double mhhi_delta = 0;
    std::vector<LorenzPoint> lorenz;
    std::vector<std::string> flags;
    double degree_centralization = 0;       // bipartite graph
    double betweenness_centralization = 0;  // bipartite graph
    double investor_degree_centralization = 0;       // investor projection (shared)
    double investor_betweenness_centralization = 0;
};

struct ConcentrationResult {
    SegmentConcentration segment;
    std::vector<StartupConcentration> startups;  // the segment's, most concentrated (HHI) first
    std::vector<InvestorReach> investors;        // most capital first
    std::vector<GroupReach> groups;
};

ConcentrationResult concentration(const Dataset& data, const BipartiteGraph& graph, const ConcentrationOptions& options);

/// One figure before and after a what-if. Numbers in `before`/`after`; figures that
/// are names (the dominant investor) in `before_text`/`after_text`.
struct FigureChange {
    std::string scope;   // "segment" or a startup id
    std::string figure;  // "hhi", "cr4", "share:nvidia", "dominant_investor", ...
    std::optional<double> before, after;
    std::string before_text, after_text;
};

struct WhatIf {
    std::vector<std::string> deals;  // the deals added, by id
    ConcentrationResult before, after;
    std::vector<FigureChange> changes;
    std::vector<std::string> flags;  // e.g. "segment HHI change +312: significant (> 100)"
};

/// Recomputes everything with `deal_ids` counted whatever their status, and lists each
/// segment figure, and each figure of the startups those deals touch, before and after.
WhatIf what_if(const Dataset& data, const GraphOptions& base, const std::vector<std::string>& deal_ids,
               const ConcentrationOptions& options);

/// The deals whose status is in `statuses` but not counted by `base`: the offers and
/// talks a what-if over `--include-status proposed,rejected` adds.
std::vector<std::string> deals_with_status(const Dataset& data, const GraphOptions& base, StatusSet statuses);

struct YearFigures {
    int year = 0;
    std::uint32_t startups = 0, investors = 0;
    double capital_usd = 0, hhi = 0, cr4 = 0, gini = 0, mhhi = 0;
};

/// The segment figures for each year from the first to the last counted deal: deals up
/// to the end of that year, or with `window` > 0, deals in the `window` years ending
/// with it.
std::vector<YearFigures> by_year(const Dataset& data, const GraphOptions& base, const ConcentrationOptions& options,
                                 int window = 0);

/// HHI of shares (fractions summing to 1): sum of (100 s)^2.
double hhi(const std::vector<double>& shares);
/// Gini coefficient of non-negative values (0 for equal values or fewer than 2).
double gini(std::vector<double> values);
/// Freeman centralisation of scores with the given largest possible sum of differences.
double freeman(const std::vector<double>& scores, double max_sum);
/// Concentration flags for an HHI under the 2023 US Merger Guidelines.
std::string hhi_flag(double hhi);

}  // namespace dealgraph
