#pragma once
// The bipartite investor/startup graph, stored as compressed sparse rows.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/graph/csr.hpp"
#include "dealgraph/model/diagnostics.hpp"
#include "dealgraph/model/dataset.hpp"

namespace dealgraph {

enum class Side : std::uint8_t { investor, startup };
inline constexpr std::string_view to_string(Side s) noexcept { return s == Side::investor ? "investor" : "startup"; }

/// How a round's amount is split among its investors.
///  - An investor's own amount, when given, is theirs.
///  - The rest (round amount minus the own amounts, never below 0) is split among the
///    investors without an own amount, unnamed investors included:
///      equal:    in equal parts;
///      lead=F:   leads share the fraction F equally, the others share 1-F equally
///                (equal split when the round has no lead or only leads).
///  - Rounds without an amount add rounds but no capital. Unnamed investors' parts
///    stay unattributed.
struct Attribution {
    enum class Mode : std::uint8_t { equal, lead };
    Mode mode = Mode::equal;
    double lead_share = 0.5;

    /// Parses "equal" or "lead=F" with 0 <= F <= 1; throws UsageError otherwise.
    static Attribution parse(std::string_view text);
    [[nodiscard]] std::string to_string() const;
};

/// Which deals count and how. Defaults: closed and announced deals, all dates, no roll-up.
struct GraphOptions {
    StatusSet statuses = default_statuses;
    std::optional<Date> from;   // deals dated on or after (partial dates as their first day)
    std::optional<Date> to;     // deals dated on or before
    bool rollup = false;        // investors merged into their ultimate parent
    Attribution attribution;
    std::vector<std::string> include_deals;  // counted whatever their status (what-if)
};

/// One investor-startup pair: every counted deal in which the investor took part.
struct EdgeData {
    std::uint32_t investor = 0;  // node index
    std::uint32_t startup = 0;   // node index
    std::uint32_t rounds = 0;      // distinct deals
    std::uint32_t lead_rounds = 0;
    double capital_usd = 0;        // attributed capital, summed over rounds
    std::optional<Date> first;     // earliest and latest dated deal
    std::optional<Date> last;
    StatusSet statuses;            // statuses of the deals behind the edge
};

/// Weights an analysis may put on the bipartite edges.
enum class EdgeWeight : std::uint8_t { none, rounds, capital };

/// A counted deal as the graph sees it: its investor nodes (after roll-up, each once)
/// and the capital attributed to each.
struct CountedDeal {
    std::uint32_t deal = 0;     // index into Dataset::deals
    std::uint32_t startup = 0;  // node index; UINT32_MAX when no named investor took part
    std::uint32_t first = 0;    // its investors are deal_investors()[first, first + count)
    std::uint32_t count = 0;
};

struct NodeInfo {
    std::string id;    // entity id (after roll-up, the parent's)
    std::string name;  // display name
    Side side = Side::investor;
    std::uint32_t entity = 0;  // index into Dataset::entities
};

/// Totals over the counted deals.
struct GraphTotals {
    std::size_t deals = 0;           // deals that passed the filters
    std::size_t participations = 0;  // (deal, investor node) pairs = sum of edge rounds
    double capital_usd = 0;          // attributed capital = sum of edge capital
    double unattributed_usd = 0;     // parts of counted amounts no named investor took
    std::optional<Date> date_from;   // earliest and latest counted deal date
    std::optional<Date> date_to;
    std::size_t undated_skipped = 0; // undated deals left out by a date filter
};

/// Nodes 0..investors()-1 are investors sorted by id; the rest are startups sorted by
/// id. Edges are sorted by (investor, startup). Built once, then read-only.
class BipartiteGraph {
public:
    /// Builds the graph of the counted deals. Warnings (undated deals left out by a
    /// filter, own amounts above the round's) go to `diag` when given.
    static BipartiteGraph build(const Dataset& data, const GraphOptions& options, Diagnostics* diag = nullptr);

    BipartiteGraph(BipartiteGraph&&) noexcept;
    BipartiteGraph& operator=(BipartiteGraph&&) noexcept;
    ~BipartiteGraph();

    [[nodiscard]] std::uint32_t nodes() const noexcept;
    [[nodiscard]] std::uint32_t investors() const noexcept { return investors_; }
    [[nodiscard]] std::uint32_t startups() const noexcept { return nodes() - investors_; }
    [[nodiscard]] std::uint32_t edges() const noexcept { return static_cast<std::uint32_t>(edges_.size()); }

    [[nodiscard]] Side side(std::uint32_t v) const noexcept { return v < investors_ ? Side::investor : Side::startup; }
    [[nodiscard]] const NodeInfo& node(std::uint32_t v) const { return nodes_[v]; }
    [[nodiscard]] const EdgeData& edge(std::uint32_t e) const { return edges_[e]; }
    [[nodiscard]] std::span<const EdgeData> edge_list() const noexcept { return edges_; }

    /// Neighbours of v, ascending, and the edge index of each (same order).
    [[nodiscard]] std::span<const std::uint32_t> neighbors(std::uint32_t v) const noexcept;
    [[nodiscard]] std::span<const std::uint32_t> incident_edges(std::uint32_t v) const noexcept;
    [[nodiscard]] std::uint32_t degree(std::uint32_t v) const noexcept {
        return static_cast<std::uint32_t>(neighbors(v).size());
    }

    /// The adjacency as a CSR view, unweighted or weighted by rounds or capital.
    /// A weighted view points into `storage`, which must outlive it.
    [[nodiscard]] CsrView view() const noexcept;
    [[nodiscard]] CsrView view(EdgeWeight weight, std::vector<double>& storage) const;

    /// The counted deals in data order, with their investor nodes and capital.
    [[nodiscard]] std::span<const CountedDeal> counted_deals() const noexcept { return deals_; }
    [[nodiscard]] std::span<const std::uint32_t> deal_investors(const CountedDeal& d) const noexcept {
        return std::span<const std::uint32_t>(deal_investor_).subspan(d.first, d.count);
    }
    [[nodiscard]] std::span<const double> deal_capital(const CountedDeal& d) const noexcept {
        return std::span<const double>(deal_capital_).subspan(d.first, d.count);
    }

    /// The node of an entity id on one side, if it is in the graph.
    [[nodiscard]] std::optional<std::uint32_t> find(Side side, std::string_view id) const;

    [[nodiscard]] const GraphTotals& totals() const noexcept { return totals_; }

    /// Connected component of each node (numbered by smallest member), via Boost.Graph.
    [[nodiscard]] std::vector<std::uint32_t> components() const;

    struct Impl;

private:
    BipartiteGraph();

    std::unique_ptr<Impl> impl_;
    std::uint32_t investors_ = 0;
    std::vector<NodeInfo> nodes_;
    std::vector<EdgeData> edges_;
    std::vector<std::uint32_t> arc_edge_;  // edge index of each CSR arc
    std::vector<CountedDeal> deals_;
    std::vector<std::uint32_t> deal_investor_;
    std::vector<double> deal_capital_;
    GraphTotals totals_;
};

}  // namespace dealgraph
