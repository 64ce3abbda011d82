#include "builder.hpp"

#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_set>

#include "dealgraph/ingest/text.hpp"

namespace dealgraph::detail {

std::string quote(std::string_view value) {
    constexpr std::size_t max = 60;
    std::string out = "\"";
    if (value.size() <= max) {
        out += value;
    } else {
        std::size_t cut = max;
        while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
        out += value.substr(0, cut);
        out += "...";
    }
    // Control characters would garble a terminal line.
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return out + "\"";
}

SourceLocation locate(std::string_view text, std::size_t offset, FileName file) {
    return Locator(text, file).at(offset);
}

SourceLocation Locator::at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < pos_) {
        pos_ = 0;
        line_ = 1;
        column_ = 1;
    }
    // Whole lines by memchr; the column only over the last line's bytes.
    const char* base = text_.data();
    const char* p = base + pos_;
    const char* end = base + offset;
    while (const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
        p = static_cast<const char*>(nl) + 1;
        ++line_;
        column_ = 1;
    }
    std::uint32_t lead = 0;  // characters, not bytes: count UTF-8 lead bytes
    for (; p < end; ++p) lead += (static_cast<unsigned char>(*p) & 0xC0) != 0x80;
    column_ += lead;
    pos_ = offset;
    return {file_, line_, column_};
}

bool check_text(std::string_view text, const std::string& file, Diagnostics& diag) {
    if (auto nul = text.find('\0'); nul != std::string_view::npos) {
        diag.error(locate(text, nul, file),
                   "NUL byte: this looks like a binary file; expected native JSON or CSV text");
        return false;
    }
    std::size_t bad = first_invalid_utf8(text);
    if (bad == std::string_view::npos) return true;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    diag.error(locate(text, bad, file), std::string("invalid UTF-8 (byte ") + hex +
                                            "); expected UTF-8 text: re-save the file as UTF-8");
    return false;
}

DatasetBuilder::DatasetBuilder(Dataset& data, Diagnostics& diag) : data_(data), diag_(diag) {
    for (std::size_t i = 0; i < data_.entities.size(); ++i) {
        entity_by_id_.insert(data_.entities[i].id, static_cast<std::uint32_t>(i));
        index_names(i);
    }
    for (std::size_t i = 0; i < data_.deals.size(); ++i)
        deal_by_id_.insert(data_.deals[i].id, static_cast<std::uint32_t>(i));
}

void DatasetBuilder::index_names(std::size_t i) {
    const Entity& e = data_.entities[i];
    entity_by_key_.insert(name_key(e.name), static_cast<std::uint32_t>(i));
    for (const auto& a : e.aliases) entity_by_key_.insert(name_key(a), static_cast<std::uint32_t>(i));
}

void DatasetBuilder::claim_unique_id(std::string_view base, std::uint32_t entity) {
    Entity& e = data_.entities[entity];
    if (entity_by_id_.insert(base, entity).second) {
        e.id = std::string(base);  // exact capacity (assigning a view to an empty string doubles it)
        return;
    }
    for (int n = 2;; ++n) {
        std::string id = std::string(base) + '-' + std::to_string(n);
        if (entity_by_id_.insert(id, entity).second) {
            e.id = std::move(id);
            return;
        }
    }
}

namespace {

template <class T>
void merge_field(T& into, const T& from, bool empty, const char* field, const Entity& e,
                 Diagnostics& diag, const Entity& first) {
    if (empty) {
        into = from;
    } else if (!(into == from)) {
        diag.error(e.where, "entity \"" + e.id + "\": " + field +
                                " differs from its earlier definition at " + first.where.file.str() + ':' +
                                std::to_string(first.where.line) + "; expected the same value");
    }
}

}  // namespace

void DatasetBuilder::add_entity(Entity e) {
    if (std::uint32_t found = entity_by_id_.find(e.id); found != StringIndex::npos) {
        Entity& old = data_.entities[found];
        if (old.where.file == e.where.file) {
            diag_.error(e.where, "entity id \"" + e.id + "\" is used twice (first at line " +
                                     std::to_string(old.where.line) + "); expected unique ids");
            return;
        }
        merge_field(old.name, e.name, old.name.empty(), "name", e, diag_, old);
        if (old.role != e.role) old.role = Role::both;
        merge_field(old.type, e.type, old.type == EntityType::other, "type", e, diag_, old);
        merge_field(old.parent, e.parent, old.parent.empty(), "parent", e, diag_, old);
        merge_field(old.country, e.country, old.country.empty(), "country", e, diag_, old);
        merge_field(old.founded, e.founded, !old.founded, "founded", e, diag_, old);
        for (auto& s : e.sectors)
            if (std::find(old.sectors.begin(), old.sectors.end(), s) == old.sectors.end())
                old.sectors.push_back(s);
        for (auto& a : e.aliases)
            if (std::find(old.aliases.begin(), old.aliases.end(), a) == old.aliases.end()) {
                old.aliases.push_back(a);
                entity_by_key_.insert(name_key(a), found);
            }
        return;
    }
    std::size_t i = data_.entities.size();
    entity_by_id_.insert(e.id, static_cast<std::uint32_t>(i));
    data_.entities.push_back(std::move(e));
    index_names(i);
}

const std::string& DatasetBuilder::entity_for_name(std::string_view name, Role side,
                                                   const SourceLocation& at) {
    return data_.entities[entity_index_for_name(name, side, at)].id;
}

std::size_t DatasetBuilder::entity_index_for_name(std::string_view name, Role side, const SourceLocation& at) {
    key_.clear();
    append_name_key(key_, name);
    return entity_index_for_key(name, key_, side, at);
}

std::uint32_t DatasetBuilder::known_entity(std::string_view key, std::uint64_t key_hash, Role side) {
    const std::uint32_t found = entity_by_key_.find(key, key_hash);
    if (found != StringIndex::npos) {
        Entity& e = data_.entities[found];
        if (e.role != side && e.role != Role::both) e.role = Role::both;
    }
    return found;
}

std::size_t DatasetBuilder::entity_index_for_key(std::string_view name, std::string_view key, Role side,
                                                 const SourceLocation& at) {
    const std::uint64_t h = hash_bytes(key);
    if (std::uint32_t found = known_entity(key, h, side); found != StringIndex::npos) return found;
    const std::string clean = clean_name(name);
    return make_entity(key, h, side, at, clean, slugify(clean));
}

std::size_t DatasetBuilder::entity_index_for_key(std::string_view key, Role side, const SourceLocation& at,
                                                 std::string_view clean, std::string_view slug) {
    const std::uint64_t h = hash_bytes(key);
    if (std::uint32_t found = known_entity(key, h, side); found != StringIndex::npos) return found;
    return make_entity(key, h, side, at, clean, slug);
}

std::size_t DatasetBuilder::make_entity(std::string_view key, std::uint64_t key_hash, Role side,
                                        const SourceLocation& at, std::string_view clean, std::string_view slug) {
    // Made in place: a CSV file creates an entity for every new name. Each table is
    // looked up once (on market-scale data every look-up is a cache miss or two).
    const std::size_t i = data_.entities.size();
    Entity& e = data_.entities.emplace_back();
    // Made at their exact sizes: assigned to an empty string, a 16-29 byte value would get
    // room for 30 (std::string doubles its capacity), 40 MB at 10M generated rows.
    e.name = std::string(clean);
    e.role = side;
    e.where = at;
    claim_unique_id(slug, static_cast<std::uint32_t>(i));
    entity_by_key_.insert(key, key_hash, static_cast<std::uint32_t>(i));
    return i;
}

void DatasetBuilder::add_deal(Deal d, bool checked) {
    new_deal() = std::move(d);
    keep_new_deal(checked);
}

void DatasetBuilder::keep_new_deal(bool checked) {
    const std::size_t at = data_.deals.size() - 1;
    const Deal& d = data_.deals[at];
    auto [index, fresh] = deal_by_id_.insert(d.id, static_cast<std::uint32_t>(at));
    if (!fresh) {
        const Deal& old = data_.deals[index];
        if (old.same_content(d)) {
            diag_.counted_warning("duplicate-deal", d.where,
                                  "deal \"" + d.id + "\" appears again with the same content; merged");
        } else {
            diag_.error(d.where, "deal id \"" + d.id + "\" is used again with different content (first at " +
                                     old.where.file.str() + ':' + std::to_string(old.where.line) +
                                     "); expected unique deal ids");
        }
        data_.deals.pop_back();
        return;
    }
    if (checked_.size() != at) checked_.resize(at, 0);
    checked_.push_back(checked ? 1 : 0);
}

void DatasetBuilder::add_tie(Tie t) {
    if (!t.id.empty()) {
        auto [index, fresh] = tie_by_id_.insert(t.id, static_cast<std::uint32_t>(data_.ties.size()));
        if (!fresh) {
            diag_.error(t.where, "tie id \"" + t.id + "\" is used twice (first at " +
                                     data_.ties[index].where.file.str() + ':' +
                                     std::to_string(data_.ties[index].where.line) +
                                     "); expected unique ids");
            return;
        }
    }
    data_.ties.push_back(std::move(t));
}

void DatasetBuilder::add_group(InvestorGroup g) {
    for (const auto& old : data_.groups)
        if (old.id == g.id) {
            diag_.error(g.where, "group id \"" + g.id + "\" is used twice (first at " + old.where.file.str() + ':' +
                                     std::to_string(old.where.line) + "); expected unique group ids");
            return;
        }
    data_.groups.push_back(std::move(g));
}

void DatasetBuilder::finish() {
    auto find = [&](const std::string& id) -> const Entity* {
        std::uint32_t found = entity_by_id_.find(id);
        return found == StringIndex::npos ? nullptr : &data_.entities[found];
    };
    auto unknown = [&](const SourceLocation& at, const std::string& who, const char* field,
                       const std::string& id) {
        diag_.error(at, who + ": " + field + " \"" + id +
                            "\" is not an entity; expected the id of one of the file's entities");
    };
    for (const Entity& e : data_.entities) {
        if (e.parent.empty()) continue;
        if (!find(e.parent)) {
            unknown(e.where, "entity \"" + e.id + "\"", "parent", e.parent);
            continue;
        }
        // Walk up; a chain longer than the entity count is a cycle.
        std::set<std::string> seen{e.id};
        const Entity* p = find(e.parent);
        while (p && !p->parent.empty()) {
            if (!seen.insert(p->id).second) {
                diag_.error(e.where, "entity \"" + e.id + "\": parent chain loops back to \"" + p->id +
                                         "\"; expected a chain that ends at an owner with no parent");
                break;
            }
            p = find(p->parent);
        }
    }
    // Investors of one deal so far: a handful, so a linear search, unless the deal is big.
    std::vector<std::string_view> seen;
    std::unordered_set<std::string_view> seen_big;
    for (std::size_t k = 0; k < data_.deals.size(); ++k) {
        const Deal& d = data_.deals[k];
        // Role upgrades only widen (to both), so a check made while reading still holds.
        if (k < checked_.size() && checked_[k]) continue;
        // Built only for a message: most deals have none.
        auto who = [&d] { return "deal \"" + d.id + "\""; };
        if (const Entity* s = find(d.startup); !s) {
            unknown(d.where, who(), "startup", d.startup);
        } else if (!s->can_raise()) {
            diag_.error(d.where, who() + ": startup \"" + d.startup +
                                     "\" has role investor; expected an entity with role startup or both");
        }
        const bool big = d.investors.size() > 32;
        seen.clear();
        if (big) seen_big.clear();
        for (const auto& p : d.investors) {
            if (const Entity* i = find(p.investor); !i) {
                unknown(d.where, who(), "investor", p.investor);
            } else if (!i->can_invest()) {
                diag_.error(d.where, who() + ": investor \"" + p.investor +
                                         "\" has role startup; expected an entity with role investor or both");
            }
            bool twice = big ? !seen_big.insert(p.investor).second
                             : std::find(seen.begin(), seen.end(), p.investor) != seen.end();
            if (twice)
                diag_.error(d.where, who() + ": investor \"" + p.investor +
                                         "\" is listed twice; expected each investor once per deal");
            else if (!big)
                seen.push_back(p.investor);
        }
    }
    for (const InvestorGroup& gr : data_.groups)
        for (const auto& m : gr.members)
            if (!find(m)) unknown(gr.where, "group \"" + gr.id + "\"", "member", m);
    for (const Tie& t : data_.ties) {
        std::string who = t.id.empty() ? "tie" : "tie \"" + t.id + "\"";
        if (!find(t.from)) unknown(t.where, who, "from", t.from);
        if (!find(t.to)) unknown(t.where, who, "to", t.to);
    }
}

}  // namespace dealgraph::detail
