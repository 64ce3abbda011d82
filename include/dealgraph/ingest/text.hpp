#pragma once
// Text helpers shared by the readers: name keys, slugs, amounts, UTF-8.

#include <optional>
#include <string>
#include <string_view>

#include "dealgraph/model/vocabulary.hpp"

namespace dealgraph {

/// Trims, collapses inner white space and folds ASCII case: the key names match on.
std::string name_key(std::string_view name);
/// Trims and collapses inner white space, keeping case: the spelling displayed.
std::string clean_name(std::string_view name);
/// Lower-case ASCII letters and digits joined by single '-' ("Andreessen Horowitz"
/// -> "andreessen-horowitz"); non-ASCII bytes are dropped; empty input gives "x".
std::string slugify(std::string_view name);
/// True for a slug: [a-z0-9]+(-[a-z0-9]+)*.
bool is_slug(std::string_view id) noexcept;
/// True when the bytes are well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view text) noexcept;

/// Parses a money amount: digits with optional ',' thousands separators, optional
/// decimals or exponent, optional leading '$' and trailing "USD". Sets `negative` for
/// a well-formed negative number (which is still rejected). nullopt when malformed.
std::optional<double> parse_amount(std::string_view text, bool* negative = nullptr);

/// Maps export vocabularies (Crunchbase codes, "Series A", "a") to a round type.
/// nullopt for words it does not know (the caller keeps them as `other`).
std::optional<RoundType> round_from_export(std::string_view word);
/// Maps export status words ("completed", "rumored") to a status; nullopt if unknown.
std::optional<DealStatus> status_from_export(std::string_view word);
/// Placeholder investor names such as "Undisclosed" or "Private Investors".
bool is_placeholder_investor(std::string_view key);

}  // namespace dealgraph
