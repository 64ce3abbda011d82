// Native JSON reader. The text becomes a tree of values that knows where each value and
// each key starts, so that every message can name line and column; the tree is then
// mapped onto the model.
//
// Two parsers can build the tree. simdjson (On Demand) goes first: it is several times
// faster, and builds the records of the top-level arrays one at a time (FastParser).
// Whenever it meets anything it would have to report (a syntax error, a repeated key,
// nesting too deep, a number out of range or typed differently, a token over 8 MiB), the
// text goes to nlohmann/json's SAX parser instead, which builds the whole tree or says
// exactly what is wrong and where. So every message comes from one place, and a file gives
// the same data set and the same messages whichever parser read it (a randomised test
// compares the two on broken files).

#include <cstring>
#include <deque>
#include <iterator>
#include <limits>
#include <memory>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "builder.hpp"
#include "dealgraph/ingest/text.hpp"
#include "dealgraph/model/error.hpp"

namespace dealgraph::detail {
namespace {

constexpr std::size_t max_depth = 64;
constexpr std::size_t max_token = std::size_t{16} << 20;  // one value over 16 MiB is not deal data
constexpr const char* too_many_values = "more than 4 billion JSON values; expected deal data";

// ---- the tree ----------------------------------------------------------------

// One JSON value, in a flat vector in document order: a container's first element or
// member is the node after it, and each of them says how far away its next sibling is.
struct Node {
    enum class Type : std::uint8_t { null, boolean, integer, unsigned_integer, real, string, array, object };

    std::uint64_t offset = 0;      // first byte of the value
    std::uint64_t key_offset = 0;  // opening quote of its key, for an object member
    const char* key_data = nullptr;
    union {
        const char* str;
        std::int64_t i;
        std::uint64_t u;
        double d;
        bool b;
    } v{};
    std::uint32_t key_size = 0;
    std::uint32_t str_size = 0;
    std::uint32_t next = 0;  // nodes to the next sibling; 0 for the last one
    std::uint32_t size = 0;  // elements or members of a container
    Type type = Type::null;
    // An array of records at the top level, whose elements are not in the tree: the fast
    // parser builds them one at a time (FastParser::each_element; v.u is the member's
    // index). Its size is 0.
    bool streamed = false;

    bool is_null() const { return type == Type::null; }
    bool is_boolean() const { return type == Type::boolean; }
    bool is_number() const { return type == Type::integer || type == Type::unsigned_integer || type == Type::real; }
    bool is_number_integer() const { return type == Type::integer || type == Type::unsigned_integer; }
    bool is_string() const { return type == Type::string; }
    bool is_array() const { return type == Type::array; }
    bool is_object() const { return type == Type::object; }

    std::string_view key() const { return {key_data, key_size}; }
    std::string_view str() const { return {v.str, str_size}; }
    // As nlohmann/json converts numbers.
    double as_double() const {
        return type == Type::real ? v.d : type == Type::integer ? static_cast<double>(v.i) : static_cast<double>(v.u);
    }
    std::int64_t as_int64() const { return type == Type::integer ? v.i : static_cast<std::int64_t>(v.u); }

    // The elements or members, in order.
    const Node* first() const { return size ? this + 1 : nullptr; }
    const Node* following() const { return next ? this + next : nullptr; }
    // The member of that key, or null.
    const Node* member(std::string_view k) const {
        for (const Node* m = first(); m; m = m->following())
            if (m->key() == k) return m;
        return nullptr;
    }
};

struct Tree {
    std::vector<Node> nodes;
    std::deque<std::string> strings;  // strings and keys that must outlive the parser's buffer
};

// The keys of one object so far, to refuse a repeated key. Cheap to make: one is made
// for every object of the file.
class KeySet {
public:
    // False when the key is there already.
    bool insert(std::string_view key) {
        if (many_) return many_->insert(key).second;
        for (std::size_t i = 0; i < count_; ++i)
            if (std::string_view(few_[i].data, few_[i].size) == key) return false;
        if (count_ < std::size(few_)) {
            few_[count_++] = {key.data(), key.size()};
            return true;
        }
        many_ = std::make_unique<std::unordered_set<std::string_view>>();
        for (const Key& k : few_) many_->emplace(k.data, k.size);
        return many_->insert(key).second;
    }

private:
    struct Key {  // no initialisers: only the first count_ are ever read
        const char* data;
        std::size_t size;
    };
    Key few_[16];
    std::size_t count_ = 0;
    std::unique_ptr<std::unordered_set<std::string_view>> many_;  // past 16 keys
};

// Adds nodes to a tree, linking each to its previous sibling.
class TreeBuilder {
public:
    // `outer`: containers around the tree's root in the document.
    explicit TreeBuilder(Tree& tree, std::size_t outer = 0) : nodes_(tree.nodes), outer_(outer) {}

    // Dry: checks depth and keys but keeps no node (node() is a scratch one).
    void set_dry(bool dry) { dry_ = dry; }

    std::size_t depth() const { return outer_ + stack_.size(); }
    std::size_t node_count() const { return nodes_.size(); }
    bool in_object() const { return !stack_.empty() && nodes_[stack_.back().index].is_object(); }
    bool full() const { return nodes_.size() >= std::numeric_limits<std::uint32_t>::max(); }

    // A new node in the open container (or the root); returns its index.
    std::size_t add(Node::Type type, std::size_t offset) {
        if (dry_) return 0;
        std::size_t index = nodes_.size();
        nodes_.emplace_back();
        nodes_.back().type = type;
        nodes_.back().offset = offset;
        if (!stack_.empty()) {
            Frame& f = stack_.back();
            if (f.last != none) nodes_[f.last].next = static_cast<std::uint32_t>(index - f.last);
            f.last = index;
            ++nodes_[f.index].size;
        }
        return index;
    }
    Node& node(std::size_t index) { return dry_ ? scratch_ : nodes_[index]; }

    void open(std::size_t index) { stack_.emplace_back(index); }
    void close() { stack_.pop_back(); }
    // False when the open object has that key already.
    bool new_key(std::string_view key) { return stack_.back().keys.insert(key); }

private:
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    struct Frame {
        explicit Frame(std::size_t i) : index(i) {}
        std::size_t index;
        std::size_t last = none;
        KeySet keys;
    };
    std::vector<Node>& nodes_;
    std::size_t outer_;
    std::vector<Frame> stack_;
    bool dry_ = false;
    Node scratch_;
};

void set_key(Node& n, std::string_view key, std::size_t at) {
    n.key_data = key.data();
    n.key_size = static_cast<std::uint32_t>(key.size());
    n.key_offset = at;
}

void set_string(Node& n, std::string_view s) {
    n.v.str = s.data();
    n.str_size = static_cast<std::uint32_t>(s.size());
}

// ---- the fast parser: simdjson ------------------------------------------------

namespace od = simdjson::ondemand;
static_assert(simdjson::SIMDJSON_PADDING <= text_padding);

// Reads the text with simdjson in two passes. The first reads all of it and gives up
// (returns false) on anything that would need a message; it keeps only the top level: the
// root and its members, where a member that is an array of records holds none of them.
// The second builds those records again one at a time, for the mapping to read
// (each_element), so that the tree of a big file is never all in memory.
class FastParser {
public:
    // `padded`: the text can be read text_padding bytes past its end; otherwise it is copied.
    bool parse(std::string_view text, bool padded, Tree& top) {
        if (text.size() >= 0xFFFFFFFFu) return false;  // simdjson's limit: 4 GiB
        if (long_stretch(text)) return false;
        simdjson::padded_string_view view;
        if (padded) {
            view = simdjson::padded_string_view(text.data(), text.size(), text.size() + text_padding);
            base_ = text.data();
        } else {
            copy_ = simdjson::padded_string(text);
            view = copy_;
            base_ = copy_.data();
        }
        size_ = text.size();
        if (parser_.iterate(view).get(doc_)) return false;
        od::json_type type;
        if (doc_.type().get(type)) return false;
        if (type != od::json_type::object && type != od::json_type::array) return false;  // left to nlohmann
        od::value root;
        if (doc_.get_value().get(root)) return false;
        TreeBuilder b(top);
        if (type == od::json_type::array) {
            if (!add(root, b)) return false;  // not a dealgraph file: the mapping says so
        } else {
            std::string_view raw;
            od::object object;
            if (!first_token(root, raw) || !start(root, offset(raw), b, object) || !members(object, b, true))
                return false;
        }
        const char* rest = nullptr;
        if (doc_.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) return false;  // more after the root
        if (size_ - last_token_ > max_token) return false;
        // The second pass reuses simdjson's string buffer: the top level keeps copies.
        for (Node& n : top.nodes) {
            if (n.key_data) n.key_data = top.strings.emplace_back(n.key()).data();
            if (n.is_string()) n.v.str = top.strings.emplace_back(n.str()).data();
        }
        return true;
    }

    // Calls fn(element, index) for each element of a streamed array, built on its own,
    // until fn returns false. The first pass read the same text, so this cannot fail.
    template <class Fn>
    void each_element(const Node& array, Fn fn) {
        checking_ = false;
        doc_.rewind();
        od::object root;
        if (doc_.get_object().get(root)) throw_changed();
        std::size_t i = 0;
        for (auto member : root) {
            od::field field;
            if (std::move(member).get(field)) throw_changed();
            if (i++ != array.v.u) continue;
            od::array elements;
            if (field.value().get_array().get(elements)) throw_changed();
            std::size_t index = 0;
            for (auto element : elements) {
                od::value e;
                if (std::move(element).get(e)) throw_changed();
                if (!add(e, record_builder(true))) throw_changed();
                if (!fn(record_.nodes.front(), index++)) return;
            }
            return;
        }
        throw_changed();
    }

private:
    // Each token, in order; false when the gap since the last one is more than nlohmann
    // allows.
    bool token(const char* p) {
        if (!checking_) return true;  // the second pass
        auto at = static_cast<std::size_t>(p - base_);
        bool ok = at - last_token_ <= max_token / 2;  // a margin: nlohmann counts from a token's end
        last_token_ = at;
        return ok;
    }

    // The builder of one record of a streamed array; `keep`: the record's tree is wanted.
    TreeBuilder& record_builder(bool keep) {
        record_.nodes.clear();
        record_builder_.set_dry(!keep);
        return record_builder_;
    }

    // True when the text has a stretch of over 12 MiB without a quote: a string, number or
    // white space nlohmann/json refuses as too long (or, rarely, a long run of numbers,
    // which it reads), before simdjson indexes the whole file (its index can take 5 bytes
    // of address space a byte of text) for nothing. Any stretch of 12 MiB holds one of the
    // 8 MiB windows that start every 4 MiB.
    static bool long_stretch(std::string_view text) {
        constexpr std::size_t step = std::size_t{4} << 20, window = std::size_t{8} << 20;
        for (std::size_t at = 0; at + window <= text.size(); at += step)
            if (!std::memchr(text.data() + at, '"', window)) return true;
        return false;
    }

    [[noreturn]] static void throw_changed() {
        throw Error("internal error: simdjson read a JSON file differently the second time");
    }

    std::size_t offset(std::string_view raw) const { return static_cast<std::size_t>(raw.data() - base_); }

    // The value's token and the space after it; false when nlohmann would refuse the gap.
    bool first_token(od::value& value, std::string_view& raw) {
        raw = value.raw_json_token();
        return token(raw.data()) && raw.size() <= max_token / 2;
    }

    // Opens an object node for `value`, whose token (first_token) starts at `at`.
    bool start(od::value& value, std::size_t at, TreeBuilder& b, od::object& object) {
        if (b.depth() >= max_depth || value.get_object().get(object)) return false;
        b.open(b.add(Node::Type::object, at));
        return true;
    }

    // The members of the object start() opened, then closes it. `top`: the root's members,
    // where an array's elements are read and checked but not kept.
    bool members(od::object& object, TreeBuilder& b, bool top) {
        std::size_t count = 0;
        for (auto member : object) {
            od::field field;
            if (std::move(member).get(field)) return false;
            const char* quote = field.key().raw() - 1;  // before unescaped_key(), which consumes it
            auto key_span = static_cast<std::size_t>(field.value().raw_json_token().data() - quote);
            if (!token(quote) || key_span > max_token / 2) return false;
            std::string_view key;
            if (field.unescaped_key().get(key) || !b.new_key(key)) return false;
            std::size_t index = b.node_count();
            od::json_type type{};
            if (top && field.value().type().get(type)) return false;
            bool ok = top && type == od::json_type::array ? skim(field.value(), b, count) : add(field.value(), b);
            if (!ok) return false;
            set_key(b.node(index), key, static_cast<std::size_t>(quote - base_));
            ++count;
        }
        b.close();
        return true;
    }

    // A streamed array, the root's member number `member`: each element is built on its
    // own, to check it, and dropped.
    bool skim(od::value& value, TreeBuilder& b, std::size_t member) {
        std::string_view raw;
        if (b.full() || !first_token(value, raw)) return false;
        od::array elements;
        if (value.get_array().get(elements)) return false;
        Node& n = b.node(b.add(Node::Type::array, offset(raw)));
        n.streamed = true;
        n.v.u = member;
        for (auto element : elements) {
            od::value e;
            if (std::move(element).get(e)) return false;
            if (!add(e, record_builder(false))) return false;
        }
        return true;
    }

    bool add(od::value value, TreeBuilder& b) {
        std::string_view raw;
        if (b.full() || !first_token(value, raw)) return false;
        const std::size_t at = offset(raw);
        od::json_type type;
        if (value.type().get(type)) return false;
        switch (type) {
            case od::json_type::object: {
                od::object object;
                return start(value, at, b, object) && members(object, b, false);
            }
            case od::json_type::array: {
                if (b.depth() >= max_depth) return false;
                od::array array;
                if (value.get_array().get(array)) return false;
                b.open(b.add(Node::Type::array, at));
                for (auto element : array) {
                    od::value e;
                    if (std::move(element).get(e) || !add(e, b)) return false;
                }
                b.close();
                return true;
            }
            case od::json_type::string: {
                std::string_view s;
                if (value.get_string().get(s)) return false;
                set_string(b.node(b.add(Node::Type::string, at)), s);
                return true;
            }
            case od::json_type::number: {
                od::number n;
                if (value.get_number().get(n)) return false;
                switch (n.get_number_type()) {
                    case od::number_type::signed_integer: {
                        std::int64_t i = n.get_int64();
                        // nlohmann/json keeps a non-negative integer as unsigned.
                        if (i >= 0) {
                            b.node(b.add(Node::Type::unsigned_integer, at)).v.u = static_cast<std::uint64_t>(i);
                        } else {
                            b.node(b.add(Node::Type::integer, at)).v.i = i;
                        }
                        return true;
                    }
                    case od::number_type::unsigned_integer:
                        b.node(b.add(Node::Type::unsigned_integer, at)).v.u = n.get_uint64();
                        return true;
                    case od::number_type::floating_point_number: {
                        // A number without a fraction or exponent is an integer to nlohmann/json
                        // ("-0", or one past 64 bits).
                        std::string_view digits = raw.substr(0, raw.find_first_of(" \t\r\n,]}"));
                        if (digits.find_first_of(".eE") == std::string_view::npos) return false;
                        b.node(b.add(Node::Type::real, at)).v.d = n.get_double();
                        return true;
                    }
                }
                return false;
            }
            case od::json_type::boolean: {
                bool v;
                if (value.get_bool().get(v)) return false;
                b.node(b.add(Node::Type::boolean, at)).v.b = v;
                return true;
            }
            case od::json_type::null: {
                bool is_null;
                if (value.is_null().get(is_null) || !is_null) return false;
                b.add(Node::Type::null, at);
                return true;
            }
        }
        return false;
    }

    simdjson::padded_string copy_;
    const char* base_ = nullptr;
    std::size_t size_ = 0;
    std::size_t last_token_ = 0;
    bool checking_ = true;  // the first pass: every token is checked
    Tree record_;           // one record of a streamed array
    TreeBuilder record_builder_{record_, 2};  // inside the root and the array
    od::parser parser_;
    od::document doc_;
};

// ---- the full parser: nlohmann/json --------------------------------------------

using Json = nlohmann::json;

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

class Handler : public nlohmann::json_sax<Json> {
public:
    Handler(Cursor& cursor, std::string_view text, Tree& tree) : cur_(cursor), text_(text), tree_(tree), b_(tree) {}

    std::string failure;  // set when parsing stopped
    std::size_t failure_at = 0;

    bool null() override { return value(Node::Type::null, Kind::literal); }
    bool boolean(bool v) override { return value(Node::Type::boolean, Kind::literal, [&](Node& n) { n.v.b = v; }); }
    bool number_integer(number_integer_t v) override {
        return value(Node::Type::integer, Kind::number, [&](Node& n) { n.v.i = v; });
    }
    bool number_unsigned(number_unsigned_t v) override {
        return value(Node::Type::unsigned_integer, Kind::number, [&](Node& n) { n.v.u = v; });
    }
    bool number_float(number_float_t v, const string_t&) override {
        return value(Node::Type::real, Kind::number, [&](Node& n) { n.v.d = v; });
    }
    bool string(string_t& s) override {
        std::string_view kept = keep(s);
        return value(Node::Type::string, Kind::string, [&](Node& n) { set_string(n, kept); });
    }
    bool binary(binary_t&) override { return fail("binary values are not JSON", here()); }

    bool start_object(std::size_t) override { return open(Node::Type::object); }
    bool start_array(std::size_t) override { return open(Node::Type::array); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& k) override {
        cur_.last_event = cur_.pos;
        std::size_t at = token_start(Kind::string);
        std::string_view kept = keep(k);
        if (!b_.new_key(kept))
            return fail("key " + quote(kept) + " appears twice in one object; expected unique keys", at);
        key_ = kept;
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

    std::size_t here() const { return static_cast<std::size_t>(cur_.pos - cur_.begin); }

    std::string_view keep(std::string& s) {
        tree_.strings.push_back(std::move(s));
        return tree_.strings.back();
    }

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

    // A new node where the parser is: an element, a member (under the last key) or the root.
    std::size_t place(Node::Type type, std::size_t at) {
        bool member = b_.in_object();
        std::size_t index = b_.add(type, at);
        if (member) set_key(b_.node(index), key_, key_at_);
        return index;
    }

    template <class Set = void (*)(Node&)>
    bool value(Node::Type type, Kind kind, Set set = [](Node&) {}) {
        cur_.last_event = cur_.pos;
        if (b_.full()) return fail(too_many_values, here());
        set(b_.node(place(type, token_start(kind))));
        return true;
    }

    bool open(Node::Type type) {
        cur_.last_event = cur_.pos;
        std::size_t at = token_start(Kind::open);
        if (b_.depth() >= max_depth)
            return fail("JSON nested deeper than " + std::to_string(max_depth) +
                            " levels; expected the dealgraph format (a few levels deep)",
                        at);
        if (b_.full()) return fail(too_many_values, at);
        b_.open(place(type, at));
        return true;
    }

    bool close() {
        cur_.last_event = cur_.pos;
        b_.close();
        return true;
    }

    Cursor& cur_;
    std::string_view text_;
    Tree& tree_;
    TreeBuilder b_;
    std::string_view key_;
    std::size_t key_at_ = 0;
};

// ---- mapping the tree onto the model ------------------------------------------

struct Ctx {
    std::string_view text;
    const std::string& file;
    Diagnostics& diag;
    mutable Locator locator{text, file};  // records are read in file order
    FastParser* fast = nullptr;           // reads the streamed arrays, when it read the file

    SourceLocation at(const Node& n) const { return locator.at(n.offset); }
    void error(const Node& n, const std::string& msg) const { diag.error(at(n), msg); }
};

std::string type_name(const Node& v) {
    switch (v.type) {
        case Node::Type::null: return "null";
        case Node::Type::boolean: return "a boolean";
        case Node::Type::string: return "a string";
        case Node::Type::array: return "an array";
        case Node::Type::object: return "an object";
        default: return "a number";
    }
}

// A scalar as JSON would write it (numbers as nlohmann/json writes them).
std::string dump(const Node& v) {
    switch (v.type) {
        case Node::Type::null: return "null";
        case Node::Type::boolean: return v.v.b ? "true" : "false";
        case Node::Type::integer: return Json(v.v.i).dump();
        case Node::Type::unsigned_integer: return Json(v.v.u).dump();
        case Node::Type::real: return Json(v.v.d).dump();
        case Node::Type::string: return Json(std::string(v.str())).dump();
        case Node::Type::array: return "[...]";
        case Node::Type::object: return "{...}";
    }
    return {};
}

std::string show(const Node& v) {
    if (v.is_string()) return quote(v.str());
    if (v.is_object()) return "an object";
    if (v.is_array()) return "an array";
    return dump(v);
}

// Names a record in messages: "deal \"x\"", "deal \"x\" investor \"y\"", built only when
// a message needs it.
class Who {
public:
    // `record`: its string member "id" names it; `outer`: the record it is part of.
    explicit Who(const char* kind, const Node* record = nullptr, const Who* outer = nullptr)
        : kind_(kind), record_(record), outer_(outer) {}

    std::string str() const {
        std::string s = outer_ ? outer_->str() + " " : std::string();
        s += kind_;
        if (const Node* id = record_ ? record_->member("id") : nullptr; id && id->is_string())
            s += " \"" + std::string(id->str()) + "\"";
        return s;
    }

private:
    const char* kind_;
    const Node* record_;
    const Who* outer_;
};

// Reads an object's members, rejecting unknown keys.
class Fields {
public:
    Fields(const Node& obj, const Ctx& ctx, const Who& who, std::initializer_list<std::string_view> allowed)
        : obj_(obj), ctx_(ctx), who_(who) {
        for (const Node* m = obj.first(); m; m = m->following()) {
            bool ok = false;
            for (auto a : allowed) ok = ok || a == m->key();
            if (!ok) {
                std::string list;
                for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                ctx.diag.error(locate(ctx.text, m->key_offset, ctx.file),
                               who_.str() + ": unknown field " + quote(m->key()) + "; expected one of " + list);
            }
        }
    }

    const Who& who() const { return who_; }

    // The member, or null when absent.
    const Node* get(std::string_view key) const { return obj_.member(key); }

    bool has(std::string_view key) const { return get(key) != nullptr; }

    void type_error(std::string_view key, const Node& v, const char* expected) const {
        // "is 42 (a number)", "is \"100\" (a string)", but just "is an object".
        std::string what = v.is_object() || v.is_array() ? show(v) : show(v) + " (" + type_name(v) + ")";
        ctx_.error(v, who_.str() + ": " + std::string(key) + " is " + what + "; expected " + expected);
    }

    std::optional<std::string> string(std::string_view key, bool required = false) const {
        const Node* v = get(key);
        if (!v) {
            if (required) ctx_.error(obj_, who_.str() + ": missing required field \"" + std::string(key) + "\"");
            return std::nullopt;
        }
        if (!v->is_string()) {
            type_error(key, *v, "a string");
            return std::nullopt;
        }
        return std::string(v->str());
    }

    std::string id(std::string_view key, bool required = true) const {
        auto s = string(key, required);
        if (!s) return {};
        if (!is_slug(*s)) {
            ctx_.error(*get(key), who_.str() + ": " + std::string(key) + " is " + quote(*s) +
                                      "; expected a slug of lower-case letters, digits and '-' (e.g. " +
                                      quote(slugify(*s)) + ")");
        }
        return *s;
    }

    std::optional<double> amount(std::string_view key) const {
        const Node* v = get(key);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_number()) {
            type_error(key, *v, "a non-negative number of US dollars (leave the field out when unknown)");
            return std::nullopt;
        }
        double d = v->as_double();
        if (d < 0) {
            ctx_.error(*v,
                       who_.str() + ": " + std::string(key) + " is " + dump(*v) + "; expected a non-negative number");
            return std::nullopt;
        }
        return d;
    }

    std::optional<Date> date(std::string_view key) const {
        auto s = string(key);
        if (!s) return std::nullopt;
        auto d = Date::parse(*s);
        if (!d)
            ctx_.error(*get(key), who_.str() + ": " + std::string(key) + " is " + quote(*s) +
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
            ctx_.error(*get(key),
                       who_.str() + ": " + std::string(key) + " is " + quote(*s) + "; expected one of " + list);
        }
        return e;
    }

    std::optional<bool> boolean(std::string_view key) const {
        const Node* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            type_error(key, *v, "true or false");
            return std::nullopt;
        }
        return v->v.b;
    }

    std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
        const Node* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_number_integer() || v->as_int64() < lo || v->as_int64() > hi) {
            ctx_.error(*v, who_.str() + ": " + std::string(key) + " is " + show(*v) +
                               "; expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
            return std::nullopt;
        }
        return v->as_int64();
    }

    std::vector<std::string> strings(std::string_view key) const {
        std::vector<std::string> out;
        const Node* v = get(key);
        if (!v) return out;
        if (!v->is_array()) {
            type_error(key, *v, "an array of strings");
            return out;
        }
        for (const Node* e = v->first(); e; e = e->following()) {
            if (!e->is_string()) {
                type_error(key, *e, "an array of strings");
                continue;
            }
            out.emplace_back(e->str());
        }
        return out;
    }

    // Calls fn(element) for each object in an array field.
    template <class Fn>
    void objects(std::string_view key, const char* what, Fn fn) const {
        const Node* v = get(key);
        if (!v) return;
        if (!v->is_array()) {
            type_error(key, *v, "an array");
            return;
        }
        auto each = [&](const Node& e, std::size_t i) {
            if (ctx_.diag.full()) return false;
            if (e.is_object())
                fn(e);
            else
                type_error(std::string(key) + "[" + std::to_string(i) + "]", e, what);
            return true;
        };
        if (v->streamed) {
            ctx_.fast->each_element(*v, each);
            return;
        }
        std::size_t i = 0;
        for (const Node* e = v->first(); e; e = e->following())
            if (!each(*e, i++)) return;
    }

private:
    const Node& obj_;
    const Ctx& ctx_;
    Who who_;
};

std::vector<Source> read_sources(const Fields& f, const Ctx& ctx) {
    std::vector<Source> out;
    f.objects("sources", "an object with publisher and title or url", [&](const Node& v) {
        Fields s(v, ctx, Who("source", nullptr, &f.who()), {"publisher", "date", "title", "url"});
        Source src;
        src.publisher = s.string("publisher", true).value_or("");
        if (auto d = s.string("date")) {
            if (!Date::parse(*d))
                ctx.error(*s.get("date"), s.who().str() + ": date is " + quote(*d) +
                                              " which is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
            src.date = *d;
        }
        src.title = s.string("title").value_or("");
        src.url = s.string("url").value_or("");
        if (src.title.empty() && src.url.empty())
            ctx.error(v, s.who().str() + ": neither title nor url given; expected at least one");
        out.push_back(std::move(src));
    });
    return out;
}

void read_entity(const Node& v, const Ctx& ctx, DatasetBuilder& out) {
    Who who("entity", &v);
    Fields f(v, ctx, who,
             {"id", "name", "aliases", "role", "type", "parent", "country", "sectors", "founded", "metrics", "notes"});
    Entity e;
    e.where = ctx.at(v);
    e.id = f.id("id");
    e.name = f.string("name", true).value_or("");
    e.aliases = f.strings("aliases");
    e.role = f.word<Role>("role", role_names, true).value_or(Role::investor);
    e.type = f.word<EntityType>("type", entity_type_names).value_or(EntityType::other);
    if (f.has("parent")) e.parent = f.id("parent");
    e.country = f.string("country").value_or("");
    e.sectors = f.strings("sectors");
    if (auto y = f.integer("founded", 1600, 2199)) e.founded = static_cast<int>(*y);
    if (const Node* m = f.get("metrics")) {
        if (!m->is_object()) {
            f.type_error("metrics", *m, "an object of numbers, e.g. {\"revenue_usd\": 1000000}");
        } else {
            for (const Node* x = m->first(); x; x = x->following()) {
                if (!x->is_number() || x->as_double() < 0) {
                    ctx.error(*x, who.str() + ": metrics." + std::string(x->key()) + " is " + show(*x) +
                                      "; expected a non-negative number");
                    continue;
                }
                e.metrics[std::string(x->key())] = x->as_double();
            }
        }
    }
    e.notes = f.string("notes").value_or("");
    if (!e.id.empty()) out.add_entity(std::move(e));
}

void read_deal(const Node& v, const Ctx& ctx, DatasetBuilder& out) {
    Who who("deal", &v);
    Fields f(v, ctx, who,
             {"id", "startup", "date", "round", "amount_usd", "post_money_usd", "status", "investors",
              "unnamed_investors", "sources", "notes"});
    Deal d;
    d.where = ctx.at(v);
    d.id = f.string("id", true).value_or("");
    if (d.id.empty() && f.has("id") && f.get("id")->is_string())
        ctx.error(*f.get("id"), who.str() + ": id is empty; expected a unique deal id");
    d.startup = f.id("startup");
    d.date = f.date("date");
    d.round = f.word<RoundType>("round", round_type_names).value_or(RoundType::undisclosed);
    d.amount_usd = f.amount("amount_usd");
    d.post_money_usd = f.amount("post_money_usd");
    d.status = f.word<DealStatus>("status", deal_status_names).value_or(DealStatus::closed);
    f.objects("investors", "an object {\"id\": ..., \"lead\": ..., \"amount_usd\": ...}", [&](const Node& iv) {
        Fields pf(iv, ctx, Who("investor", &iv, &who), {"id", "lead", "amount_usd"});
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
            ctx.diag.warning(d.where, who.str() + ": investors' own amounts add up to " + std::to_string(own) +
                                          ", more than the round's amount_usd " +
                                          std::to_string(*d.amount_usd) + "; the own amounts are used");
    }
    if (!d.id.empty()) out.add_deal(std::move(d));
}

void read_tie(const Node& v, const Ctx& ctx, DatasetBuilder& out) {
    Who who("tie", &v);
    Fields f(v, ctx, who, {"id", "from", "to", "type", "date", "status", "amount_usd", "sources", "notes"});
    Tie t;
    t.where = ctx.at(v);
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

void read_group(const Node& v, const Ctx& ctx, DatasetBuilder& out) {
    Who who("group", &v);
    Fields f(v, ctx, who, {"id", "name", "members", "notes"});
    InvestorGroup g;
    g.where = ctx.at(v);
    g.id = f.id("id");
    g.name = f.string("name").value_or(g.id);
    g.members = f.strings("members");
    if (!f.has("members")) ctx.error(v, who.str() + ": missing required field \"members\"");
    if (!g.id.empty()) out.add_group(std::move(g));
}

// Builds the tree with nlohmann/json; false after reporting why it cannot.
bool full_parse(std::string_view text, const std::string& file, Tree& tree, Diagnostics& diag) {
    Cursor cursor{text.data(), text.data(), text.data()};
    Handler handler(cursor, text, tree);
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
        return false;
    }
    if (!handler.failure.empty()) {
        diag.error(locate(text, handler.failure_at, file), handler.failure);
        return false;
    }
    return true;
}

}  // namespace

bool read_json(std::string_view text, const std::string& file, DatasetBuilder& out, Diagnostics& diag,
               JsonParser parser, bool padded) {
    Tree tree;
    FastParser fast;  // owns the strings of a tree it built
    bool fast_read = parser == JsonParser::automatic && fast.parse(text, padded, tree);
    if (!fast_read) {
        tree = Tree{};
        if (!full_parse(text, file, tree, diag)) return false;
    }
    const Node& root = tree.nodes.front();
    Ctx ctx{text, file, diag};
    if (fast_read) ctx.fast = &fast;
    if (!root.is_object()) {
        ctx.error(root, "the file is " + type_name(root) +
                            "; expected a JSON object {\"dealgraph\": 1, \"entities\": [...], ...}");
        return fast_read;
    }
    Fields top(root, ctx, Who("top level"), {"dealgraph", "title", "entities", "deals", "ties", "groups"});
    const Node* version = top.get("dealgraph");
    if (!version) {
        ctx.error(root, "missing \"dealgraph\": 1 at the top; expected a native dealgraph file (see docs/FORMAT.md)");
        return fast_read;
    }
    if (!version->is_number_integer() || version->as_int64() != 1) {
        ctx.error(*version, "\"dealgraph\" is " + show(*version) + "; expected 1 (the only format version)");
        return fast_read;
    }
    if (auto title = top.string("title")) out.set_title(*title);
    top.objects("entities", "an entity object", [&](const Node& v) { read_entity(v, ctx, out); });
    top.objects("deals", "a deal object", [&](const Node& v) { read_deal(v, ctx, out); });
    top.objects("ties", "a tie object", [&](const Node& v) { read_tie(v, ctx, out); });
    top.objects("groups", "a group object", [&](const Node& v) { read_group(v, ctx, out); });
    return fast_read;
}

}  // namespace dealgraph::detail
