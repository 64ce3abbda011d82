// Native JSON reader. nlohmann/json parses through a SAX handler that also records
// where each value starts, so that every message can name line and column.

#include <iterator>
#include <nlohmann/json.hpp>

#include "builder.hpp"
#include "dealgraph/ingest/text.hpp"

namespace dealgraph::detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t max_depth = 64;
constexpr std::size_t max_token = std::size_t{16} << 20;  // one value over 16 MiB is not deal data

// Where the lexer is, shared between the iterator and the handler.
struct Cursor {
    const char* begin = nullptr;
    const char* pos = nullptr;
    const char* last_event = nullptr;
};

struct TooLong {
    std::size_t offset;
};

// A char iterator that tells the handler how far the lexer has read.
class TrackingIterator {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    TrackingIterator() = default;
    TrackingIterator(const char* p, Cursor* c) : p_(p), c_(c) {}
    reference operator*() const { return *p_; }
    TrackingIterator& operator++() {
        ++p_;
        c_->pos = p_;
        if (static_cast<std::size_t>(p_ - c_->last_event) > max_token)
            throw TooLong{static_cast<std::size_t>(c_->last_event - c_->begin)};
        return *this;
    }
    TrackingIterator operator++(int) {
        auto old = *this;
        ++*this;
        return old;
    }
    friend bool operator==(const TrackingIterator& a, const TrackingIterator& b) { return a.p_ == b.p_; }

private:
    const char* p_ = nullptr;
    Cursor* c_ = nullptr;
};

// Start offsets of every value, in a tree parallel to the DOM.
struct PosNode {
    std::size_t offset = 0;
    std::size_t key_offset = 0;  // of the member's key, for an object member
    std::vector<PosNode> kids;
};

class Handler : public nlohmann::json_sax<Json> {
public:
    Handler(Cursor& cursor, std::string_view text) : cur_(cursor), text_(text) {}

    Json root;
    PosNode root_pos;
    std::string failure;        // set when parsing stopped
    std::size_t failure_at = 0;

    bool null() override { return value(nullptr, Kind::literal); }
    bool boolean(bool b) override { return value(b, Kind::literal); }
    bool number_integer(number_integer_t v) override { return value(v, Kind::number); }
    bool number_unsigned(number_unsigned_t v) override { return value(v, Kind::number); }
    bool number_float(number_float_t v, const string_t&) override { return value(v, Kind::number); }
    bool string(string_t& s) override { return value(std::move(s), Kind::string); }
    bool binary(binary_t&) override { return fail("binary values are not JSON", here()); }

    bool start_object(std::size_t) override { return open(Json::object()); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& k) override {
        cur_.last_event = cur_.pos;
        std::size_t at = token_start(Kind::string);
        Json& obj = *stack_.back().value;
        if (obj.contains(k))
            return fail("key " + quote(k) + " appears twice in one object; expected unique keys", at);
        key_ = std::move(k);
        key_at_ = at;
        return true;
    }

    bool parse_error(std::size_t position, const std::string& last_token,
                     const nlohmann::detail::exception& ex) override {
        std::string what = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
        if (auto p = what.find("column "); p != std::string::npos) {
            if (auto c = what.find(": ", p); c != std::string::npos) what = what.substr(c + 2);
        }
        // "; last read: '...'" shows the lexer's buffer, which may hold several tokens; the
        // line and column say where the problem is.
        if (auto p = what.find("; last read: '"); p != std::string::npos) {
            auto e = what.find("'; expected ", p);  // what may follow the quoted buffer
            what.erase(p, e == std::string::npos ? std::string::npos : e + 1 - p);
        }
        // After a member or element either a comma or the closing bracket may follow.
        using Swap = std::pair<std::string_view, std::string_view>;
        for (auto [from, to] :
             {Swap{"; expected '}'", "; expected ',' or '}'"}, Swap{"; expected ']'", "; expected ',' or ']'"}}) {
            if (auto p = what.find(from); p != std::string::npos && p + from.size() == what.size())
                what.replace(p, from.size(), to);
        }
        if (what.find("ill-formed UTF-8") != std::string::npos) what = "invalid UTF-8 in a string";
        std::size_t at = position > 0 ? position - 1 : 0;
        // An unexpected string or number: point at its start (often a missing comma before it).
        // The lexer's buffer holds exactly that token then, unless it shows escaped control characters.
        if ((what.find("unexpected string literal") != std::string::npos ||
             what.find("unexpected number literal") != std::string::npos) &&
            last_token.find("<U+") == std::string::npos && last_token.size() <= position)
            at = position - last_token.size();
        return fail("invalid JSON: " + what, at);
    }

private:
    enum class Kind { number, string, literal, open };

    struct Frame {
        Json* value;
        PosNode* pos;
    };

    std::size_t here() const { return static_cast<std::size_t>(cur_.pos - cur_.begin); }

    // Backs up from the lexer's position to where the current token began.
    std::size_t token_start(Kind kind) const {
        std::size_t i = here();
        auto is_num = [](char c) {
            return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
        };
        if (i == 0) return 0;
        switch (kind) {
            case Kind::open: return i - 1;
            case Kind::literal: {
                while (i > 0 && text_[i - 1] >= 'a' && text_[i - 1] <= 'z') --i;
                return i;
            }
            case Kind::number: {
                while (i > 0 && !is_num(text_[i - 1])) --i;
                while (i > 0 && is_num(text_[i - 1])) --i;
                return i;
            }
            case Kind::string: {
                // text_[i-1] is the closing quote; find the unescaped opening one.
                std::size_t j = i - 1;
                while (j > 0) {
                    --j;
                    if (text_[j] != '"') continue;
                    std::size_t bs = 0;
                    while (j > bs && text_[j - 1 - bs] == '\\') ++bs;
                    if (bs % 2 == 0) return j;
                }
                return 0;
            }
        }
        return i;
    }

    bool fail(std::string msg, std::size_t at) {
        if (failure.empty()) {
            failure = std::move(msg);
            failure_at = at;
        }
        return false;
    }

    // Places a new value in the current container; returns where it went.
    std::pair<Json*, PosNode*> place(Json&& v, std::size_t at) {
        if (stack_.empty()) {
            root = std::move(v);
            root_pos.offset = at;
            return {&root, &root_pos};
        }
        Frame& f = stack_.back();
        f.pos->kids.push_back(PosNode{at, at, {}});
        if (f.value->is_array()) {
            f.value->push_back(std::move(v));
            return {&f.value->back(), &f.pos->kids.back()};
        }
        f.pos->kids.back().key_offset = key_at_;
        Json& slot = (*f.value)[key_];
        slot = std::move(v);
        return {&slot, &f.pos->kids.back()};
    }

    template <class T>
    bool value(T&& v, Kind kind) {
        cur_.last_event = cur_.pos;
        place(Json(std::forward<T>(v)), token_start(kind));
        return true;
    }

    bool open(Json&& container) {
        cur_.last_event = cur_.pos;
        std::size_t at = token_start(Kind::open);
        if (stack_.size() >= max_depth)
            return fail("JSON nested deeper than " + std::to_string(max_depth) +
                            " levels; expected the dealgraph format (a few levels deep)",
                        at);
        auto [v, p] = place(std::move(container), at);
        stack_.push_back({v, p});
        return true;
    }

    bool close() {
        cur_.last_event = cur_.pos;
        stack_.pop_back();
        return true;
    }

    Cursor& cur_;
    std::string_view text_;
    std::vector<Frame> stack_;
    std::string key_;
    std::size_t key_at_ = 0;
};

// ---- mapping the DOM onto the model -------------------------------------------

struct Ctx {
    std::string_view text;
    const std::string& file;
    Diagnostics& diag;
    mutable Locator locator{text, file};  // records are read in file order

    SourceLocation at(const PosNode& p) const { return locator.at(p.offset); }
    void error(const PosNode& p, const std::string& msg) const { diag.error(at(p), msg); }
};

std::string type_name(const Json& v) {
    switch (v.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::string: return "a string";
        case Json::value_t::array: return "an array";
        case Json::value_t::object: return "an object";
        default: return "a number";
    }
}

std::string show(const Json& v) {
    if (v.is_string()) return quote(v.get_ref<const std::string&>());
    if (v.is_object()) return "an object";
    if (v.is_array()) return "an array";
    return v.dump();
}

// Iterates an object's members with their positions, rejecting unknown keys.
class Fields {
public:
    Fields(const Json& obj, const PosNode& pos, const Ctx& ctx, std::string who,
           std::initializer_list<std::string_view> allowed)
        : obj_(obj), pos_(pos), ctx_(ctx), who_(std::move(who)) {
        std::size_t i = 0;
        for (auto it = obj.begin(); it != obj.end(); ++it, ++i) {
            bool ok = false;
            for (auto a : allowed) ok = ok || a == it.key();
            if (!ok) {
                std::string list;
                for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                ctx.diag.error(locate(ctx.text, pos.kids[i].key_offset, ctx.file),
                               who_ + ": unknown field " + quote(it.key()) + "; expected one of " + list);
            }
        }
    }

    const std::string& who() const { return who_; }
    const PosNode& pos() const { return pos_; }

    // The member and its position, or nulls when absent.
    std::pair<const Json*, const PosNode*> get(std::string_view key) const {
        std::size_t i = 0;
        for (auto it = obj_.begin(); it != obj_.end(); ++it, ++i)
            if (it.key() == key) return {&it.value(), &pos_.kids[i]};
        return {nullptr, nullptr};
    }

    bool has(std::string_view key) const { return get(key).first != nullptr; }

    void type_error(std::string_view key, const Json& v, const PosNode& p, const char* expected) const {
        // "is 42 (a number)", "is \"100\" (a string)", but just "is an object".
        std::string what = v.is_object() || v.is_array() ? show(v) : show(v) + " (" + type_name(v) + ")";
        ctx_.error(p, who_ + ": " + std::string(key) + " is " + what + "; expected " + expected);
    }

    std::optional<std::string> string(std::string_view key, bool required = false) const {
        auto [v, p] = get(key);
        if (!v) {
            if (required) ctx_.error(pos_, who_ + ": missing required field \"" + std::string(key) + "\"");
            return std::nullopt;
        }
        if (!v->is_string()) {
            type_error(key, *v, *p, "a string");
            return std::nullopt;
        }
        return v->get<std::string>();
    }

    std::string id(std::string_view key, bool required = true) const {
        auto s = string(key, required);
        if (!s) return {};
        if (!is_slug(*s)) {
            ctx_.error(*get(key).second, who_ + ": " + std::string(key) + " is " + quote(*s) +
                                             "; expected a slug of lower-case letters, digits and '-' (e.g. " +
                                             quote(slugify(*s)) + ")");
        }
        return *s;
    }

    std::optional<double> amount(std::string_view key) const {
        auto [v, p] = get(key);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_number()) {
            type_error(key, *v, *p, "a non-negative number of US dollars (leave the field out when unknown)");
            return std::nullopt;
        }
        double d = v->get<double>();
        if (d < 0) {
            ctx_.error(*p, who_ + ": " + std::string(key) + " is " + v->dump() + "; expected a non-negative number");
            return std::nullopt;
        }
        return d;
    }

    std::optional<Date> date(std::string_view key) const {
        auto s = string(key);
        if (!s) return std::nullopt;
        auto d = Date::parse(*s);
        if (!d)
            ctx_.error(*get(key).second, who_ + ": " + std::string(key) + " is " + quote(*s) +
                                              " which is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD "
                                              "that exists on the calendar");
        return d;
    }

    template <class Enum, std::size_t N>
    std::optional<Enum> word(std::string_view key, const std::array<std::string_view, N>& names,
                             bool required = false) const {
        auto s = string(key, required);
        if (!s) return std::nullopt;
        auto e = enum_from_name<Enum>(names, *s);
        if (!e) {
            std::string list;
            for (auto n : names) list += (list.empty() ? "" : ", ") + std::string(n);
            ctx_.error(*get(key).second, who_ + ": " + std::string(key) + " is " + quote(*s) +
                                              "; expected one of " + list);
        }
        return e;
    }

    std::optional<bool> boolean(std::string_view key) const {
        auto [v, p] = get(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            type_error(key, *v, *p, "true or false");
            return std::nullopt;
        }
        return v->get<bool>();
    }

    std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
        auto [v, p] = get(key);
        if (!v) return std::nullopt;
        if (!v->is_number_integer() || v->get<std::int64_t>() < lo || v->get<std::int64_t>() > hi) {
            ctx_.error(*p, who_ + ": " + std::string(key) + " is " + show(*v) + "; expected a whole number from " +
                               std::to_string(lo) + " to " + std::to_string(hi));
            return std::nullopt;
        }
        return v->get<std::int64_t>();
    }

    std::vector<std::string> strings(std::string_view key) const {
        std::vector<std::string> out;
        auto [v, p] = get(key);
        if (!v) return out;
        if (!v->is_array()) {
            type_error(key, *v, *p, "an array of strings");
            return out;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            if (!(*v)[i].is_string()) {
                type_error(key, (*v)[i], p->kids[i], "an array of strings");
                continue;
            }
            out.push_back((*v)[i].get<std::string>());
        }
        return out;
    }

    // Calls fn(element, position, index) for each object in an array field.
    template <class Fn>
    void objects(std::string_view key, const char* what, Fn fn) const {
        auto [v, p] = get(key);
        if (!v) return;
        if (!v->is_array()) {
            type_error(key, *v, *p, "an array");
            return;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            if (ctx_.diag.full()) return;
            if (!(*v)[i].is_object()) {
                type_error(std::string(key) + "[" + std::to_string(i) + "]", (*v)[i], p->kids[i], what);
                continue;
            }
            fn((*v)[i], p->kids[i], i);
        }
    }

private:
    const Json& obj_;
    const PosNode& pos_;
    const Ctx& ctx_;
    std::string who_;
};

std::vector<Source> read_sources(const Fields& f, const Ctx& ctx) {
    std::vector<Source> out;
    f.objects("sources", "an object with publisher and title or url", [&](const Json& v, const PosNode& p, std::size_t) {
        Fields s(v, p, ctx, f.who() + " source",
                 {"publisher", "date", "title", "url"});
        Source src;
        src.publisher = s.string("publisher", true).value_or("");
        if (auto d = s.string("date")) {
            if (!Date::parse(*d))
                ctx.error(*s.get("date").second, s.who() + ": date is " + quote(*d) +
                                                     " which is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
            src.date = *d;
        }
        src.title = s.string("title").value_or("");
        src.url = s.string("url").value_or("");
        if (src.title.empty() && src.url.empty())
            ctx.error(p, s.who() + ": neither title nor url given; expected at least one");
        out.push_back(std::move(src));
    });
    return out;
}

void read_entity(const Json& v, const PosNode& p, const Ctx& ctx, DatasetBuilder& out) {
    std::string who = "entity";
    if (auto it = v.find("id"); it != v.end() && it->is_string()) who += " \"" + it->get<std::string>() + "\"";
    Fields f(v, p, ctx, who,
             {"id", "name", "aliases", "role", "type", "parent", "country", "sectors", "founded", "metrics", "notes"});
    Entity e;
    e.where = ctx.at(p);
    e.id = f.id("id");
    e.name = f.string("name", true).value_or("");
    e.aliases = f.strings("aliases");
    e.role = f.word<Role>("role", role_names, true).value_or(Role::investor);
    e.type = f.word<EntityType>("type", entity_type_names).value_or(EntityType::other);
    if (f.has("parent")) e.parent = f.id("parent");
    e.country = f.string("country").value_or("");
    e.sectors = f.strings("sectors");
    if (auto y = f.integer("founded", 1600, 2199)) e.founded = static_cast<int>(*y);
    if (auto [m, mp] = f.get("metrics"); m) {
        if (!m->is_object()) {
            f.type_error("metrics", *m, *mp, "an object of numbers, e.g. {\"revenue_usd\": 1000000}");
        } else {
            std::size_t i = 0;
            for (auto it = m->begin(); it != m->end(); ++it, ++i) {
                if (!it.value().is_number() || it.value().get<double>() < 0) {
                    ctx.error(mp->kids[i], who + ": metrics." + it.key() + " is " + show(it.value()) +
                                               "; expected a non-negative number");
                    continue;
                }
                e.metrics[it.key()] = it.value().get<double>();
            }
        }
    }
    e.notes = f.string("notes").value_or("");
    if (!e.id.empty()) out.add_entity(std::move(e));
}

void read_deal(const Json& v, const PosNode& p, const Ctx& ctx, DatasetBuilder& out) {
    std::string who = "deal";
    if (auto it = v.find("id"); it != v.end() && it->is_string()) who += " \"" + it->get<std::string>() + "\"";
    Fields f(v, p, ctx, who,
             {"id", "startup", "date", "round", "amount_usd", "post_money_usd", "status", "investors",
              "unnamed_investors", "sources", "notes"});
    Deal d;
    d.where = ctx.at(p);
    d.id = f.string("id", true).value_or("");
    if (d.id.empty() && f.has("id") && f.get("id").first->is_string())
        ctx.error(*f.get("id").second, who + ": id is empty; expected a unique deal id");
    d.startup = f.id("startup");
    d.date = f.date("date");
    d.round = f.word<RoundType>("round", round_type_names).value_or(RoundType::undisclosed);
    d.amount_usd = f.amount("amount_usd");
    d.post_money_usd = f.amount("post_money_usd");
    d.status = f.word<DealStatus>("status", deal_status_names).value_or(DealStatus::closed);
    f.objects("investors", "an object {\"id\": ..., \"lead\": ..., \"amount_usd\": ...}",
              [&](const Json& iv, const PosNode& ip, std::size_t) {
                  std::string pwho = who + " investor";
                  if (auto it = iv.find("id"); it != iv.end() && it->is_string())
                      pwho += " \"" + it->get<std::string>() + "\"";
                  Fields pf(iv, ip, ctx, pwho, {"id", "lead", "amount_usd"});
                  Participation part;
                  part.investor = pf.id("id");
                  part.lead = pf.boolean("lead").value_or(false);
                  part.amount_usd = pf.amount("amount_usd");
                  if (!part.investor.empty()) d.investors.push_back(std::move(part));
              });
    if (auto n = f.integer("unnamed_investors", 0, 100000)) d.unnamed_investors = static_cast<std::uint32_t>(*n);
    d.sources = read_sources(f, ctx);
    d.notes = f.string("notes").value_or("");
    if (d.amount_usd) {
        double own = 0;
        for (const auto& part : d.investors) own += part.amount_usd.value_or(0);
        if (own > *d.amount_usd * (1 + 1e-9))
            ctx.diag.warning(d.where, who + ": investors' own amounts add up to " + std::to_string(own) +
                                          ", more than the round's amount_usd " +
                                          std::to_string(*d.amount_usd) + "; the own amounts are used");
    }
    if (!d.id.empty()) out.add_deal(std::move(d));
}

void read_tie(const Json& v, const PosNode& p, const Ctx& ctx, DatasetBuilder& out) {
    std::string who = "tie";
    if (auto it = v.find("id"); it != v.end() && it->is_string()) who += " \"" + it->get<std::string>() + "\"";
    Fields f(v, p, ctx, who,
             {"id", "from", "to", "type", "date", "status", "amount_usd", "sources", "notes"});
    Tie t;
    t.where = ctx.at(p);
    if (f.has("id")) t.id = f.id("id");
    t.from = f.id("from");
    t.to = f.id("to");
    t.type = f.word<TieType>("type", tie_type_names, true).value_or(TieType::partnership);
    t.date = f.date("date");
    t.status = f.word<DealStatus>("status", deal_status_names).value_or(DealStatus::closed);
    t.amount_usd = f.amount("amount_usd");
    t.sources = read_sources(f, ctx);
    t.notes = f.string("notes").value_or("");
    if (!t.from.empty() && !t.to.empty()) out.add_tie(std::move(t));
}

}  // namespace

void read_json(std::string_view text, const std::string& file, DatasetBuilder& out, Diagnostics& diag) {
    Cursor cursor{text.data(), text.data(), text.data()};
    Handler handler(cursor, text);
    try {
        TrackingIterator first(text.data(), &cursor), last(text.data() + text.size(), &cursor);
        Json::sax_parse(first, last, &handler);
    } catch (const TooLong& t) {
        // The last complete token ended at t.offset; the long one starts after any ':' ',' or space.
        std::size_t at = t.offset;
        while (at < text.size() && (text[at] == ':' || text[at] == ',' || text[at] == ' ' || text[at] == '\t' ||
                                    text[at] == '\r' || text[at] == '\n'))
            ++at;
        diag.error(locate(text, at, file),
                   "a single JSON value is longer than 16 MiB; expected deal data (is this the right file?)");
        return;
    }
    if (!handler.failure.empty()) {
        diag.error(locate(text, handler.failure_at, file), handler.failure);
        return;
    }
    const Json& root = handler.root;
    Ctx ctx{text, file, diag};
    if (!root.is_object()) {
        ctx.error(handler.root_pos, "the file is " + type_name(root) +
                                        "; expected a JSON object {\"dealgraph\": 1, \"entities\": [...], ...}");
        return;
    }
    Fields top(root, handler.root_pos, ctx, "top level",
               {"dealgraph", "title", "entities", "deals", "ties", "groups"});
    auto [version, vpos] = top.get("dealgraph");
    if (!version) {
        ctx.error(handler.root_pos,
                  "missing \"dealgraph\": 1 at the top; expected a native dealgraph file (see docs/FORMAT.md)");
        return;
    }
    if (!version->is_number_integer() || version->get<std::int64_t>() != 1) {
        ctx.error(*vpos, "\"dealgraph\" is " + show(*version) + "; expected 1 (the only format version)");
        return;
    }
    if (auto title = top.string("title")) out.set_title(*title);
    top.objects("entities", "an entity object", [&](const Json& v, const PosNode& p, std::size_t) {
        read_entity(v, p, ctx, out);
    });
    top.objects("deals", "a deal object", [&](const Json& v, const PosNode& p, std::size_t) {
        read_deal(v, p, ctx, out);
    });
    top.objects("ties", "a tie object", [&](const Json& v, const PosNode& p, std::size_t) {
        read_tie(v, p, ctx, out);
    });
    top.objects("groups", "a group object", [&](const Json& v, const PosNode& p, std::size_t) {
        std::string who = "group";
        if (auto it = v.find("id"); it != v.end() && it->is_string()) who += " \"" + it->get<std::string>() + "\"";
        Fields f(v, p, ctx, who, {"id", "name", "members", "notes"});
        InvestorGroup g;
        g.where = ctx.at(p);
        g.id = f.id("id");
        g.name = f.string("name").value_or(g.id);
        g.members = f.strings("members");
        if (!f.has("members")) ctx.error(p, who + ": missing required field \"members\"");
        if (!g.id.empty()) out.add_group(std::move(g));
    });
}

}  // namespace dealgraph::detail
