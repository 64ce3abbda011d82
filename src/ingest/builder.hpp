#pragma once
// Internal to ingest: accumulates entities, deals and ties from several files into
// one Dataset, keeps the indexes that merging needs, and checks references at the end.

#include <string>
#include <string_view>

#include "dealgraph/ingest/load.hpp"
#include "dealgraph/model/string_index.hpp"

#include "dealgraph/model/diagnostics.hpp"
#include "dealgraph/model/dataset.hpp"

namespace dealgraph::detail {

class DatasetBuilder {
public:
    DatasetBuilder(Dataset& data, Diagnostics& diag);

    /// Adds a fully described entity (native JSON). Merges with an earlier one of the
    /// same id: fields it left empty are filled, conflicting values are errors.
    void add_entity(Entity e);
    /// The entity a flat file names on one side, created on first sight (CSV).
    /// Returns its id; upgrades the role to `both` when it appears on the other side.
    const std::string& entity_for_name(std::string_view name, Role side, const SourceLocation& at);
    /// The same, as an index into the entities (stable, unlike a reference to the id).
    std::size_t entity_index_for_name(std::string_view name, Role side, const SourceLocation& at);
    /// The same, for a caller that has name_key(name) at hand.
    std::size_t entity_index_for_key(std::string_view name, std::string_view key, Role side,
                                     const SourceLocation& at);
    /// The same, given clean_name(name) and slugify(clean_name(name)) too.
    std::size_t entity_index_for_key(std::string_view key, Role side, const SourceLocation& at,
                                     std::string_view clean, std::string_view slug);
    [[nodiscard]] const std::string& entity_id(std::size_t index) const { return data_.entities[index].id; }
    /// Adds a deal; an identical duplicate is merged with a warning, the same id with
    /// other content is an error.
    /// `checked`: the reader made its startup and investors with entity_for_name, so they
    /// exist, have a role that fits and appear once; finish() skips those checks.
    void add_deal(Deal d, bool checked = false);
    /// The same in two steps, for a reader that makes many deals: fill the deal that
    /// new_deal() returns in place, then keep_new_deal() checks it as add_deal would (and
    /// drops it if its id is taken). Saves moving each deal twice.
    Deal& new_deal() { return data_.deals.emplace_back(); }
    void keep_new_deal(bool checked = false);
    /// Room for about `n` more entities (a guess: only memory used is touched).
    void reserve_entities(std::size_t n) {
        n += data_.entities.size();
        data_.entities.reserve(n);
        entity_by_id_.reserve(n);
        entity_by_key_.reserve(n);
    }
    /// Room for `n` more deals, so that adding many does not reallocate.
    void reserve_deals(std::size_t n) {
        data_.deals.reserve(data_.deals.size() + n);
        deal_by_id_.reserve(data_.deals.size() + n);
        checked_.reserve(data_.deals.size() + n);
    }
    void add_tie(Tie t);
    void add_group(InvestorGroup g);
    /// The first title given wins.
    void set_title(const std::string& title) {
        if (data_.title.empty()) data_.title = title;
    }

    /// Checks every reference (startups, investors, tie ends, parents, cycles).
    void finish();

private:
    // Gives the entity the id `base`, or else the first of base-2, base-3... not taken,
    // and indexes it.
    void claim_unique_id(std::string_view base, std::uint32_t entity);
    // The entity of a name key (its role upgraded to `both` when `side` is new to it), or
    // StringIndex::npos. `key_hash`: hash_bytes(key).
    std::uint32_t known_entity(std::string_view key, std::uint64_t key_hash, Role side);
    // A new entity: the name key is not taken.
    std::size_t make_entity(std::string_view key, std::uint64_t key_hash, Role side, const SourceLocation& at,
                            std::string_view clean, std::string_view slug);
    void index_names(std::size_t entity);

    Dataset& data_;
    Diagnostics& diag_;
    StringIndex entity_by_id_;
    StringIndex entity_by_key_;  // name and alias keys
    StringIndex deal_by_id_;
    StringIndex tie_by_id_;
    // Per deal: references known to be good (see add_deal). Bytes, not std::vector<bool>,
    // whose resize and push_back per deal cost about 3% of making a CSV file's deals.
    std::vector<std::uint8_t> checked_;
    std::string key_;  // scratch for name keys
};

/// Line and column (1-based) of a byte offset in text.
SourceLocation locate(std::string_view text, std::size_t offset, FileName file);

/// locate() for many offsets, mostly ascending (one record after another): it carries on
/// from the previous offset instead of counting lines from the start each time.
class Locator {
public:
    Locator(std::string_view text, FileName file) : text_(text), file_(file) {}
    /// Line and column (in characters) of a byte offset, as locate() gives them.
    SourceLocation at(std::size_t offset);

private:
    std::string_view text_;
    FileName file_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 1;
    std::uint32_t column_ = 1;
};

/// Byte offset of the first byte that does not start a valid UTF-8 sequence, or npos.
std::size_t first_invalid_utf8(std::string_view text) noexcept;

/// Checks for NUL bytes and invalid UTF-8; reports the first at its line and column.
bool check_text(std::string_view text, const std::string& file, Diagnostics& diag);

/// Which parser reads native JSON. `automatic`: simdjson, and nlohmann/json whenever
/// simdjson meets anything to report (the same data set and messages, faster). `full`:
/// nlohmann/json alone, for the tests that compare the two.
enum class JsonParser { automatic, full };
/// Bytes past the end of a file's text that the reader may read (load.cpp keeps them).
inline constexpr std::size_t text_padding = 64;
/// `padded`: text_padding bytes past the end of `text` can be read (their values do not
/// matter); otherwise simdjson reads a copy. Returns true when simdjson read the text.
bool read_json(std::string_view text, const std::string& file, DatasetBuilder& out,
               Diagnostics& diag, JsonParser parser = JsonParser::automatic, bool padded = false);
/// `mapped`: the text is a read-only private file mapping, whose pages the reader may
/// hand back to the kernel once it is past them (they read back from the file if needed).
void read_csv(std::string_view text, const std::string& file, const LoadOptions& options,
              DatasetBuilder& out, Diagnostics& diag, bool mapped = false);

/// Appends name_key(name) to `out` (no allocation once `out` has room).
void append_name_key(std::string& out, std::string_view name);
/// True when name_key(name) would be empty: nothing but white space.
bool blank_name(std::string_view name) noexcept;

/// Shortens a value for quoting in a message ("abc…" past 60 bytes, on a UTF-8 boundary).
std::string quote(std::string_view value);

}  // namespace dealgraph::detail
