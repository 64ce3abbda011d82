#pragma once
// Plain data: entities, deals and ties as read from files, before any graph is built.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/model/date.hpp"
#include "dealgraph/model/vocabulary.hpp"

namespace dealgraph {

/// A file name, interned: every record read from one file shares one copy of its name
/// (a pointer, where a std::string each took 32 bytes and often a heap block). Interned
/// names live until the process ends; a process reads a handful of files.
class FileName {
public:
    FileName() noexcept = default;
    FileName(std::string_view name);  // NOLINT: implicit, like the std::string it replaces
    FileName(const std::string& name) : FileName(std::string_view(name)) {}
    FileName(const char* name) : FileName(std::string_view(name)) {}

    [[nodiscard]] const std::string& str() const noexcept { return *name_; }
    operator const std::string&() const noexcept { return *name_; }  // NOLINT: implicit
    [[nodiscard]] bool empty() const noexcept { return name_->empty(); }
    friend bool operator==(const FileName& a, const FileName& b) noexcept { return a.name_ == b.name_; }

private:
    static const std::string empty_;
    const std::string* name_ = &empty_;
};

/// Where a record came from, for messages: file and 1-based line (0 = unknown).
struct SourceLocation {
    FileName file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// An organisation or person: an investor, a startup, or both.
struct Entity {
    std::string id;     // slug, unique in a data set
    std::string name;   // display name
    std::vector<std::string> aliases;
    Role role = Role::investor;
    EntityType type = EntityType::other;
    std::string parent;   // id of the owner, or empty
    std::string country;  // ISO 3166-1 alpha-2, or empty
    std::vector<std::string> sectors;
    std::optional<int> founded;
    /// Numbers the user supplies per entity, such as "revenue_usd", for `--share-by`.
    std::map<std::string, double> metrics;
    std::string notes;
    SourceLocation where;

    [[nodiscard]] bool can_invest() const noexcept { return role != Role::startup; }
    [[nodiscard]] bool can_raise() const noexcept { return role != Role::investor; }
};

/// Where a fact was reported.
struct Source {
    std::string publisher;
    std::string date;
    std::string title;
    std::string url;
    friend bool operator==(const Source&, const Source&) = default;
};

/// One investor's part in a deal.
struct Participation {
    std::string investor;  // entity id
    bool lead = false;
    std::optional<double> amount_usd;  // the investor's own amount, when reported
    friend bool operator==(const Participation&, const Participation&) = default;
};

/// A funding round, an offer or a negotiation.
struct Deal {
    std::string id;
    std::string startup;  // entity id
    std::optional<Date> date;
    RoundType round = RoundType::undisclosed;
    std::string round_label;  // the source's own word when round is `other`
    std::optional<double> amount_usd;      // the round's total
    std::optional<double> post_money_usd;  // post-money valuation
    DealStatus status = DealStatus::closed;
    std::vector<Participation> investors;
    /// Participants not named (placeholders such as "Undisclosed"): they take their
    /// share of the amount, which stays unattributed, but are not graph nodes.
    std::uint32_t unnamed_investors = 0;
    std::vector<Source> sources;
    std::string notes;
    SourceLocation where;

    /// Same content, ignoring where it was read.
    [[nodiscard]] bool same_content(const Deal& o) const;
};

/// A non-equity relation: partnership, compute commitment, board seat...
struct Tie {
    std::string id;
    std::string from;  // entity id
    std::string to;    // entity id
    TieType type = TieType::partnership;
    std::optional<Date> date;
    DealStatus status = DealStatus::closed;
    std::optional<double> amount_usd;
    std::vector<Source> sources;
    std::string notes;
    SourceLocation where;
};

/// A named set of investors, e.g. "bigtech": Nvidia, Microsoft, Alphabet, Amazon, Meta, Apple.
struct InvestorGroup {
    std::string id;
    std::string name;
    std::vector<std::string> members;  // entity ids
    SourceLocation where;
};

/// Everything loaded from one or more files.
struct Dataset {
    std::string title;
    std::vector<Entity> entities;
    std::vector<Deal> deals;
    std::vector<Tie> ties;
    std::vector<InvestorGroup> groups;
    std::vector<std::string> files;  // the files it was read from, in order

    /// Index of the entity with this id, or -1. Linear: for a few look-ups.
    [[nodiscard]] std::ptrdiff_t find_entity(std::string_view id) const;
    /// The id an investor has after roll-up: its ultimate parent's, or its own when it
    /// has none (a cycle stops after as many steps as there are entities).
    [[nodiscard]] std::string ultimate_parent(std::string id) const;
};

}  // namespace dealgraph
