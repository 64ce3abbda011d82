#pragma once
// The closed vocabularies of the data model and their text names.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dealgraph {

enum class Role : std::uint8_t { investor, startup, both };

enum class EntityType : std::uint8_t {
    big_tech, corporate, corporate_vc, vc, sovereign_fund, asset_manager,
    angel, accelerator, government, other
};

enum class RoundType : std::uint8_t {
    seed, series_a, series_b, series_c, series_d, series_e, series_f, series_g,
    series_h, series_i, series_j, strategic, venture, angel, debt, grant,
    secondary, undisclosed, other
};

/// What happened to a deal or tie. Commands count closed and announced by default.
enum class DealStatus : std::uint8_t { closed, announced, negotiating, proposed, rejected, withdrawn };

enum class TieType : std::uint8_t {
    partnership, cloud_compute, license, acquisition, board_seat, board_observer,
    advisor, revenue_share
};

inline constexpr std::array<std::string_view, 3> role_names{"investor", "startup", "both"};
inline constexpr std::array<std::string_view, 10> entity_type_names{
    "big_tech", "corporate", "corporate_vc", "vc", "sovereign_fund", "asset_manager",
    "angel", "accelerator", "government", "other"};
inline constexpr std::array<std::string_view, 19> round_type_names{
    "seed", "series_a", "series_b", "series_c", "series_d", "series_e", "series_f",
    "series_g", "series_h", "series_i", "series_j", "strategic", "venture", "angel",
    "debt", "grant", "secondary", "undisclosed", "other"};
inline constexpr std::array<std::string_view, 6> deal_status_names{
    "closed", "announced", "negotiating", "proposed", "rejected", "withdrawn"};
inline constexpr std::array<std::string_view, 8> tie_type_names{
    "partnership", "cloud_compute", "license", "acquisition", "board_seat",
    "board_observer", "advisor", "revenue_share"};

inline constexpr std::string_view to_string(Role v) noexcept { return role_names[static_cast<std::size_t>(v)]; }
inline constexpr std::string_view to_string(EntityType v) noexcept { return entity_type_names[static_cast<std::size_t>(v)]; }
inline constexpr std::string_view to_string(RoundType v) noexcept { return round_type_names[static_cast<std::size_t>(v)]; }
inline constexpr std::string_view to_string(DealStatus v) noexcept { return deal_status_names[static_cast<std::size_t>(v)]; }
inline constexpr std::string_view to_string(TieType v) noexcept { return tie_type_names[static_cast<std::size_t>(v)]; }

/// Exact (case-sensitive) lookup of a vocabulary word; nullopt when unknown.
template <class Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names,
                                             std::string_view word) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == word) return static_cast<Enum>(i);
    return std::nullopt;
}

/// A set of deal statuses, as a bit mask.
class StatusSet {
public:
    constexpr StatusSet() = default;
    constexpr StatusSet(std::initializer_list<DealStatus> list) {
        for (auto s : list) insert(s);
    }
    constexpr void insert(DealStatus s) noexcept { bits_ |= bit(s); }
    [[nodiscard]] constexpr bool contains(DealStatus s) const noexcept { return bits_ & bit(s); }
    [[nodiscard]] constexpr std::uint8_t bits() const noexcept { return bits_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    static constexpr StatusSet from_bits(std::uint8_t b) noexcept { StatusSet s; s.bits_ = b; return s; }
    friend constexpr bool operator==(StatusSet, StatusSet) = default;

private:
    static constexpr std::uint8_t bit(DealStatus s) noexcept {
        return static_cast<std::uint8_t>(1u << static_cast<unsigned>(s));
    }
    std::uint8_t bits_ = 0;
};

/// The statuses counted unless a command is told otherwise.
inline constexpr StatusSet default_statuses{DealStatus::closed, DealStatus::announced};

}  // namespace dealgraph
