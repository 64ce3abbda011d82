// Flat CSV reader: one row per investor taking part in a round (RFC 4180 quoting).

#include <sys/mman.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "builder.hpp"
#include "dealgraph/ingest/text.hpp"
#include "dealgraph/model/string_index.hpp"
#include "dealgraph/model/timing.hpp"

namespace dealgraph::detail {
namespace {

constexpr std::size_t max_field = std::size_t{1} << 20;  // 1 MiB
constexpr std::size_t max_fields = 1024;

struct Field {
    std::string_view value;
    std::size_t offset;  // byte offset of the field's first character
};

struct CsvError {
    std::size_t offset;
    std::string message;
};

class CsvParser {
public:
    CsvParser(std::string_view text, char delimiter, std::size_t pos = 0, std::uint32_t line = 1)
        : text_(text), delim_(delimiter), pos_(pos), line_(line) {
        stop_.fill(false);
        stop_[static_cast<unsigned char>(delim_)] = stop_['\n'] = stop_['\r'] = true;
    }

    bool at_end() const { return pos_ >= text_.size(); }
    std::size_t pos() const { return pos_; }
    std::uint32_t line() const { return line_; }

    // Reads one record; returns its first line number. Throws CsvError.
    std::uint32_t next(std::vector<Field>& row) {
        row.clear();
        std::uint32_t start_line = line_;
        if (plain_row(row)) return start_line;
        std::size_t n = 0;
        while (true) {
            if (n >= max_fields)
                throw CsvError{pos_, "more than " + std::to_string(max_fields) +
                                         " fields on one row; expected a deal table"};
            if (scratch_.size() <= n) scratch_.push_back(std::make_unique<std::string>());
            bool end_of_row = read_field(row, *scratch_[n]);
            ++n;
            if (end_of_row) break;
        }
        return start_line;
    }

private:
    // Most rows of an export are plain: a line of under 64 KiB, ended by "\n" or "\r\n",
    // without a quote or another "\r". Such a row is split at its delimiters with memchr,
    // in a few calls for the whole row, giving the fields read_field would give. Anything
    // else, the file's last line included, is left to read_field (false, nothing read).
    bool plain_row(std::vector<Field>& row) {
        const char* b = text_.data() + pos_;
        const std::size_t look = std::min<std::size_t>(text_.size() - pos_, plain_window);
        const void* nl = std::memchr(b, '\n', look);
        if (!nl) return false;
        const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - b);
        const std::size_t body = len > 0 && b[len - 1] == '\r' ? len - 1 : len;
        if (std::memchr(b, '"', body) || std::memchr(b, '\r', body)) return false;
        std::size_t start = 0;
        for (std::size_t n = 1;; ++n) {
            if (n > max_fields) {  // read_field reports it
                row.clear();
                return false;
            }
            const void* d = std::memchr(b + start, delim_, body - start);
            const std::size_t end = d ? static_cast<std::size_t>(static_cast<const char*>(d) - b) : body;
            row.push_back({text_.substr(pos_ + start, end - start), pos_ + start});
            if (!d) break;
            start = end + 1;
        }
        pos_ += len + 1;
        ++line_;
        return true;
    }

    static constexpr std::size_t plain_window = std::size_t{64} << 10;

    // Reads a field into row; returns true when it ended the record.
    bool read_field(std::vector<Field>& row, std::string& scratch) {
        const std::size_t start = pos_;
        const std::uint32_t start_line = line_;
        const std::size_t size = text_.size();
        if (pos_ < size && text_[pos_] == '"') {
            scratch.clear();
            std::size_t open = pos_++;
            while (true) {
                std::size_t q = text_.find('"', pos_);
                if (q == std::string_view::npos) {
                    throw CsvError{open, "unbalanced quote: the quoted field starting here never closes; "
                                         "expected a closing \""};
                }
                // Checked before copying, so a runaway quote cannot copy the rest of a huge file.
                if (scratch.size() + (q - pos_) > max_field)
                    throw CsvError{open, "a quoted field longer than 1 MiB (an unbalanced quote?); expected a "
                                         "closing \" within the field"};
                for (std::size_t i = pos_; i < q; ++i)
                    if (text_[i] == '\n') ++line_;
                scratch.append(text_.substr(pos_, q - pos_));
                pos_ = q + 1;
                if (pos_ < size && text_[pos_] == '"') {  // "" is an escaped quote
                    scratch += '"';
                    ++pos_;
                    continue;
                }
                break;
            }
            row.push_back({scratch, start});
        } else {
            // Look no further than max_field, so a 1 GiB line fails fast.
            const std::size_t limit = std::min(size, pos_ + max_field + 1);
            std::size_t end = pos_;
            // Eight bytes at a time while they hold no delimiter or line end (a byte equal
            // to one is a zero byte of the word xor'ed with it, found by the borrow trick,
            // whose lowest hit is exact), then byte by byte.
            constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            const std::uint64_t d = ones * static_cast<unsigned char>(delim_), lf = ones * '\n', cr = ones * '\r';
            auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
            while (end + 8 <= limit) {
                std::uint64_t w;
                std::memcpy(&w, text_.data() + end, 8);
                const std::uint64_t hit = zero_byte(w ^ d) | zero_byte(w ^ lf) | zero_byte(w ^ cr);
                if (hit) {
                    const int bit = std::endian::native == std::endian::little ? std::countr_zero(hit)
                                                                                : std::countl_zero(hit);
                    end += static_cast<std::size_t>(bit) / 8;
                    break;
                }
                end += 8;
            }
            while (end < limit && !stop_[static_cast<unsigned char>(text_[end])]) ++end;
            if (end - pos_ > max_field)
                throw CsvError{start, "a field longer than 1 MiB; expected a deal table (is this the right file?)"};
            row.push_back({text_.substr(pos_, end - pos_), start});
            pos_ = end;
        }
        if (pos_ >= size) return true;
        char c = text_[pos_];
        if (c == delim_) {
            ++pos_;
            return false;
        }
        if (c == '\r') {
            ++pos_;
            if (pos_ < size && text_[pos_] == '\n') ++pos_;
            ++line_;
            return true;
        }
        if (c == '\n') {
            ++pos_;
            ++line_;
            return true;
        }
        // Only a quoted field gets here. When it spans lines, the quote that opened it is the
        // likely culprit: report there, not where the next quote happened to be.
        if (line_ != start_line)
            throw CsvError{start, "unbalanced quote: the quoted field starting here runs on to line " +
                                      std::to_string(line_) + ", where " + quote(text_.substr(pos_, 1)) +
                                      " follows the next quote; expected a closing \" before the end of "
                                      "this line"};
        throw CsvError{pos_, std::string("unexpected ") + quote(text_.substr(pos_, 1)) +
                                 " after a closing quote; expected a delimiter or the end of the line"};
    }

    std::string_view text_;
    char delim_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 1;
    // One buffer per field position for unquoted copies of quoted fields, each on its own,
    // so that adding one for a longer row never moves the others (the row's views point
    // into them). Not a deque: its indexing cost more than the rest of a short field.
    std::vector<std::unique_ptr<std::string>> scratch_;
    std::array<bool, 256> stop_{};  // the bytes that end an unquoted field
};

// Hands the free parts of the heap back to the kernel. Memory freed in the middle of the
// heap (the pending deals below, once moved) otherwise stays resident while the deals
// it was freed for are filled in elsewhere.
void return_free_memory() {
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}

// A row's hash from its fields' hash_bytes.
std::uint64_t row_hash(const std::vector<std::uint64_t>& field_hashes) noexcept {
    std::uint64_t h = field_hashes.size();
    for (std::uint64_t f : field_hashes) h = (h ^ f) * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    return h;
}

void hash_fields(const std::vector<Field>& row, std::vector<std::uint64_t>& out) {
    out.resize(row.size());
    for (std::size_t k = 0; k < row.size(); ++k) out[k] = hash_bytes(row[k].value);
}

// The rows seen so far, for exact-duplicate detection: open addressing over 8-byte slots
// of 24 bits of the row's hash and where the row starts (40 bits: files up to 1 TiB). A
// match is confirmed by parsing the earlier row again, so the table holds no copy of the
// text, and a false match on the 24 bits costs only that re-parse.
class RowSet {
public:
    static constexpr std::size_t max_text = (std::size_t{1} << 40) - 2;

    RowSet(std::string_view text, char delim, std::size_t expected) : text_(text), delim_(delim) {
        std::size_t n = 1024;
        while (n * 3 < expected * 4) n *= 2;
        slots_.assign(n, 0);
    }

    // True when an equal row was seen; otherwise remembers this one (starting at `offset`).
    // `h`: row_hash of the fields' hash_bytes.
    bool seen_or_add(const std::vector<Field>& row, std::uint64_t h, std::size_t offset) {
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        const std::uint64_t tag = h >> 40 << 40;
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = h & mask;
        for (; slots_[i] != 0; i = (i + 1) & mask)
            if ((slots_[i] & ~where_mask) == tag && same(row, (slots_[i] & where_mask) - 1)) return true;
        slots_[i] = tag | (offset + 1);
        ++size_;
        return false;
    }

    // A hint: fetch the first slot seen_or_add will read for a row of hash h.
    void prefetch(std::uint64_t h) const noexcept { __builtin_prefetch(&slots_[h & (slots_.size() - 1)]); }

private:
    static constexpr std::uint64_t where_mask = (std::uint64_t{1} << 40) - 1;

    bool same(const std::vector<Field>& row, std::size_t offset) {
        CsvParser again(text_, delim_, offset);
        again.next(other_);
        if (other_.size() != row.size()) return false;
        for (std::size_t k = 0; k < row.size(); ++k)
            if (other_[k].value != row[k].value) return false;
        return true;
    }

    // The slot index needs the hash's low bits: each remembered row is parsed and hashed
    // again (growth doubles, so about once per row in all; the guess in run() avoids it).
    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint64_t s : old) {
            if (s == 0) continue;
            CsvParser again(text_, delim_, (s & where_mask) - 1);
            again.next(other_);
            hash_fields(other_, other_hashes_);
            std::size_t i = row_hash(other_hashes_) & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }

    std::string_view text_;
    char delim_;
    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
    std::vector<Field> other_;
    std::vector<std::uint64_t> other_hashes_;
};

enum Column : std::size_t {
    c_startup, c_investor, c_deal_id, c_date, c_round, c_amount, c_investor_amount, c_lead, c_status,
    c_post_money, c_count
};

// The column of each of dealgraph's fields in a file (no_column: not in the file).
using Columns = std::array<std::size_t, c_count>;
constexpr std::size_t no_column = static_cast<std::size_t>(-1);

std::string_view trim_view(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Whether a field's value is the text's own bytes (an empty one counts), not a copy the
// parser made of a quoted field, which lives only until its next row.
bool in_text(std::string_view text, std::string_view v) {
    return v.empty() || (v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size());
}

// An amount cell as read.
enum class Amount : std::uint8_t { none, value, not_a_number, negative };

// Where the splitter put a spelling's name key, displayed name and slug in its batch's
// `names`, the first time it saw the spelling (`at` is `none` on every other row).
struct FreshName {
    static constexpr std::uint32_t none = UINT32_MAX;
    std::uint32_t at = none;
    std::uint32_t key = 0, clean = 0, slug = 0;  // sizes, one after the other from `at`
};

// The key of a deal with an id in the reader's table of deals: "\1" and the id. (A deal
// without one is "\0", its startup's and round word's key numbers and its date.)
void id_deal_key(std::string& out, std::string_view id) { out.assign(1, '\1').append(id); }

// What can be read off a row without the reader's tables, done where the row is split:
// the hashes of its startup and investor cells (for the reader's spelling caches, which
// prefetch them a few rows ahead), its date and its amounts, and for a spelling not seen
// before, its names. Kept small: the reader's thread reads every byte of it.
struct PreparedRow {
    std::uint64_t name_hash[2] = {0, 0};  // startup, investor
    std::uint64_t deal_key_hash = 0;      // hash_bytes of id_deal_key, when the row has a deal id
    double amount[3] = {0, 0, 0};          // round, investor's own, post-money
    std::optional<Date> date;
    bool date_bad = false;
    Amount amount_state[3] = {Amount::none, Amount::none, Amount::none};
    FreshName fresh[2];  // startup, investor
};

// The hashes of the spellings seen so far on one side: a set of 64-bit hashes (open
// addressing), without the keys. Two spellings of one hash count as one: the second is
// then named by the reader itself, as any spelling the splitter did not name.
class HashSet {
public:
    explicit HashSet(std::size_t expected) {
        std::size_t n = 16;
        while (n * 3 < expected * 4) n *= 2;
        slots_.assign(n, 0);
    }
    // A hint: fetch the first slot add(h) will read.
    void prefetch(std::uint64_t h) const noexcept { __builtin_prefetch(&slots_[((h | 1) >> 7) & (slots_.size() - 1)]); }

    // Adds h; returns whether it was new.
    bool add(std::uint64_t h) {
        h |= 1;  // 0 marks an empty slot
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = (h >> 7) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == h) return false;
            if (slots_[i] == 0) {
                slots_[i] = h;
                ++size_;
                return true;
            }
        }
    }

private:
    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint64_t h : old) {
            if (h == 0) continue;
            std::size_t i = (h >> 7) & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = h;
        }
    }
    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
};

constexpr Column amount_columns[3] = {c_amount, c_investor_amount, c_post_money};

// The hashes of a row's startup and investor cells, trimmed (hash_bytes); `field_hashes`
// (hash_bytes of each field) serves a cell with nothing to trim.
void name_hashes(const std::vector<Field>& row, const std::vector<std::uint64_t>& field_hashes, const Columns& cols,
                 std::uint64_t (&out)[2]) {
    for (int side = 0; side < 2; ++side) {
        const std::size_t col = cols[side == 0 ? c_startup : c_investor];  // required columns
        const std::string_view name = trim_view(row[col].value);
        out[side] = name.size() == row[col].value.size() ? field_hashes[col] : hash_bytes(name);
    }
}

// `row`: the row's fields by Column, trimmed; `name_hash`: from name_hashes().
void prepare(const Field* row, const std::uint64_t (&name_hash)[2], PreparedRow& p) {
    auto get = [&](Column c) { return row[c].value; };
    p.name_hash[0] = name_hash[0];
    p.name_hash[1] = name_hash[1];
    if (std::string_view date_text = get(c_date); !date_text.empty()) {
        // Timestamps such as 2013-05-01T00:00:00Z keep their date part.
        // (A loop: find_first_of calls memchr once per byte of the text.)
        std::size_t cut = 0;
        while (cut < date_text.size() && date_text[cut] != 'T' && date_text[cut] != ' ') ++cut;
        p.date = Date::parse(date_text.substr(0, cut));
        p.date_bad = !p.date;
    }
    for (int k = 0; k < 3; ++k) {
        std::string_view s = get(amount_columns[k]);
        if (s.empty()) continue;
        bool negative = false;
        const auto v = parse_amount(s, &negative);
        p.amount[k] = v.value_or(0);
        p.amount_state[k] = v ? Amount::value : negative ? Amount::negative : Amount::not_a_number;
    }
}

// Rows split from the text, a batch at a time, ready for CsvReader: for each row, its
// field count, where it ends, its first line, whether it repeats an earlier row, and,
// for a row to read, its fields in dealgraph's columns and what RowSplitter prepared.
// Fields point into the text, or into the batch's own copies of quoted fields (whose
// unescaped values the parser keeps only until its next row).
struct RowBatch {
    struct Row {
        std::uint32_t first_field = 0;  // of its c_count fields by Column (none if wrong length or duplicate)
        std::uint32_t fields = 0;       // fields the row has in the file
        std::size_t end = 0;            // byte offset just past the row
        std::uint32_t line = 0;
        bool duplicate = false;
        PreparedRow prepared;  // rows of the header's length that are not duplicates
    };
    std::vector<Row> rows;
    std::vector<Field> fields;
    std::string copies;
    std::vector<std::pair<std::uint32_t, std::size_t>> copied;  // field index, offset in copies
    std::string names;  // the fresh names' bytes (see FreshName)
    std::optional<CsvError> error;  // invalid CSV after the last row: reading stops there
    std::exception_ptr failure;     // anything else thrown while splitting (out of memory)
    bool last = false;              // the text ends with this batch (or its error)

    void clear() {
        rows.clear();
        fields.clear();
        copies.clear();
        copied.clear();
        names.clear();
        error.reset();
        failure = nullptr;
        last = false;
    }
};

// Splits the rows after the header and checks each for an exact duplicate of an earlier
// row. It reads only the text, never the reader's state, so it may run on its own thread.
class RowSplitter {
public:
    static constexpr std::size_t batch_rows = 2048;

    RowSplitter(std::string_view text, char delim, std::size_t pos, std::uint32_t line,
                std::size_t header_size, const Columns& cols, std::size_t rows_guess)
        : text_(text), parser_(text, delim, pos, line), header_size_(header_size), cols_(cols),
          seen_rows_(text, delim, rows_guess), name_fresh_(text.size() < fresh_names_max),
          seen_names_{HashSet(1024), HashSet(1024)} {}

    static constexpr std::size_t fresh_names_max = std::size_t{256} << 20;

    // Fills `b` with the next rows; never throws (what is thrown ends up in `b`).
    //
    // Each row's duplicate check waits for the next row to be split: the slot it reads in
    // the table of rows (a cache miss on a big file) is prefetched meanwhile. A row with
    // a quoted field goes at once, as its unescaped values live only until the next row.
    void fill(RowBatch& b) {
        b.clear();
        try {
            while (b.rows.size() < batch_rows) {
                if (parser_.at_end()) {
                    flush(b);
                    break;
                }
                Split& row = split_[current_];
                row.start = parser_.pos();
                row.line = parser_.next(row.fields);
                if (row.fields.size() == 1 && row.fields[0].value.empty()) continue;  // blank line
                row.end = parser_.pos();
                row.waiting = true;
                if (row.fields.size() == header_size_) {
                    hash_fields(row.fields, row.hashes);
                    row.hash = row_hash(row.hashes);
                    seen_rows_.prefetch(row.hash);
                    name_hashes(row.fields, row.hashes, cols_, row.name_hash);
                    if (name_fresh_) {
                        seen_names_[0].prefetch(row.name_hash[0]);
                        seen_names_[1].prefetch(row.name_hash[1]);
                    }
                }
                Split& before = split_[current_ ^ 1];
                if (before.waiting) add(b, before);
                if (in_text(row.fields)) current_ ^= 1;
                else add(b, row);
            }
            b.last = parser_.at_end() && !split_[0].waiting && !split_[1].waiting;
        } catch (const CsvError& e) {
            b.error = e;
            b.last = true;
            try {
                flush(b);  // the rows before the error
            } catch (...) {
                b.failure = std::current_exception();
            }
        } catch (...) {
            b.failure = std::current_exception();
            b.last = true;
        }
        for (auto [k, at] : b.copied) b.fields[k].value = std::string_view(b.copies).substr(at, b.fields[k].value.size());
    }

private:
    // A row split from the text, waiting for its duplicate check.
    struct Split {
        std::vector<Field> fields;
        std::vector<std::uint64_t> hashes;  // hash_bytes of each field (rows of the header's length)
        std::uint64_t hash = 0;             // row_hash(hashes)
        std::uint64_t name_hash[2] = {0, 0};  // name_hashes()
        std::size_t start = 0, end = 0;
        std::uint32_t line = 0;
        bool waiting = false;
    };

    bool in_text(const std::vector<Field>& fields) const {
        return std::all_of(fields.begin(), fields.end(),
                           [&](const Field& f) { return dealgraph::detail::in_text(text_, f.value); });
    }

    void flush(RowBatch& b) {
        if (split_[current_ ^ 1].waiting) add(b, split_[current_ ^ 1]);
        if (split_[current_].waiting) add(b, split_[current_]);
    }

    // Checks a split row and puts it in the batch.
    void add(RowBatch& b, Split& split) {
        split.waiting = false;
        const std::vector<Field>& row = split.fields;
        RowBatch::Row& r = b.rows.emplace_back();
        r.first_field = static_cast<std::uint32_t>(b.fields.size());
        r.fields = static_cast<std::uint32_t>(row.size());
        r.end = split.end;
        r.line = split.line;
        // A row of the wrong length is an error in the reader, not a duplicate.
        if (row.size() != header_size_) return;
        r.duplicate = seen_rows_.seen_or_add(row, split.hash, split.start);
        if (r.duplicate) return;
        // The reader needs only dealgraph's columns: c_count fields, by Column, their
        // values trimmed of spaces and tabs (offsets still where the fields start).
        for (std::size_t c = 0; c < c_count; ++c) {
            const Field f = cols_[c] == no_column ? Field{{}, 0} : Field{trim_view(row[cols_[c]].value), row[cols_[c]].offset};
            if (!dealgraph::detail::in_text(text_, f.value)) {
                b.copied.emplace_back(static_cast<std::uint32_t>(b.fields.size()), b.copies.size());
                b.copies.append(f.value);
            }
            b.fields.push_back(f);
        }
        // Still the parser's views (the copies are pointed to once the batch is full).
        const Field* fields = b.fields.data() + r.first_field;
        prepare(fields, split.name_hash, r.prepared);
        if (const std::string_view id = fields[c_deal_id].value; !id.empty()) {
            id_deal_key(name_, id);
            r.prepared.deal_key_hash = hash_bytes(name_);
        }
        for (int side = 0; side < 2; ++side) {
            if (!name_fresh_ || !seen_names_[side].add(r.prepared.name_hash[side])) continue;
            const std::string_view raw = fields[side == 0 ? c_startup : c_investor].value;
            if (blank_name(raw)) continue;
            name_.clear();
            append_name_key(name_, raw);
            const std::string clean = clean_name(raw), slug = slugify(clean);
            r.prepared.fresh[side] = {static_cast<std::uint32_t>(b.names.size()),
                                      static_cast<std::uint32_t>(name_.size()),
                                      static_cast<std::uint32_t>(clean.size()),
                                      static_cast<std::uint32_t>(slug.size())};
            b.names.append(name_).append(clean).append(slug);
        }
    }

private:
    std::string_view text_;
    CsvParser parser_;
    std::size_t header_size_;
    Columns cols_;
    RowSet seen_rows_;
    // Whether the splitter names new spellings: on files under 256 MiB. On bigger ones the
    // sets of their hashes (about 50 MB at 10M rows, missed in the cache on every row)
    // would raise the peak memory and make the splitter the slower thread.
    bool name_fresh_;
    HashSet seen_names_[2];  // startup and investor spellings
    std::string name_;       // scratch for name keys
    Split split_[2];         // the row being split, and the one before it
    int current_ = 0;
};

// Hands batches of split rows to the reader in order: split on a second thread while the
// reader works through the previous batch, or, with one thread, split when asked.
class RowFeed {
public:
    RowFeed(RowSplitter& splitter, bool threaded) : splitter_(splitter), threaded_(threaded) {
        // Full size at once: a batch that grew would copy its rows and fields as it went.
        for (std::size_t k = 0; k < (threaded_ ? pool_.size() : 1); ++k) {
            pool_[k].rows.reserve(RowSplitter::batch_rows);
            pool_[k].fields.reserve(RowSplitter::batch_rows * c_count);
        }
        if (!threaded_) return;
        for (auto& b : pool_) free_.push_back(&b);
        worker_ = std::thread([this] { work(); });
    }
    ~RowFeed() {
        if (!threaded_) return;
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        worker_.join();
    }
    RowFeed(const RowFeed&) = delete;
    RowFeed& operator=(const RowFeed&) = delete;

    // The next batch, valid until the next call; after one marked `last`, do not call again.
    const RowBatch& next() {
        if (!threaded_) {
            splitter_.fill(pool_[0]);
            return pool_[0];
        }
        std::unique_lock lock(mutex_);
        if (current_) free_.push_back(current_);
        current_ = nullptr;
        changed_.notify_all();
        changed_.wait(lock, [this] { return !ready_.empty(); });
        current_ = ready_.front();
        ready_.pop_front();
        return *current_;
    }

private:
    void work() {
        while (true) {
            RowBatch* b = nullptr;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [this] { return stop_ || !free_.empty(); });
                if (stop_) return;
                b = free_.back();
                free_.pop_back();
            }
            splitter_.fill(*b);
            {
                std::lock_guard lock(mutex_);
                ready_.push_back(b);
            }
            changed_.notify_all();
            if (b->last) return;
        }
    }

    RowSplitter& splitter_;
    bool threaded_;
    std::array<RowBatch, 3> pool_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<RowBatch*> free_;
    std::deque<RowBatch*> ready_;
    RowBatch* current_ = nullptr;
    bool stop_ = false;
    std::thread worker_;
};

constexpr std::array<std::string_view, c_count> column_names{
    "startup", "investor", "deal_id", "date", "round", "amount_usd", "investor_amount_usd", "lead",
    "status", "post_money_usd"};

std::optional<Column> column_for(std::string_view header) {
    static const std::unordered_map<std::string_view, Column> aliases{
        {"startup", c_startup}, {"company", c_startup}, {"company_name", c_startup},
        {"organization", c_startup}, {"investor", c_investor}, {"investor_name", c_investor},
        {"deal_id", c_deal_id}, {"round_id", c_deal_id}, {"funding_round_permalink", c_deal_id},
        {"funding_round_uuid", c_deal_id}, {"date", c_date}, {"funded_at", c_date},
        {"funded_when", c_date}, {"announced_on", c_date}, {"round", c_round},
        {"funding_round_type", c_round}, {"round_code", c_round}, {"investment_type", c_round},
        {"amount_usd", c_amount}, {"raised_amount_usd", c_amount},
        {"investor_amount_usd", c_investor_amount}, {"lead", c_lead}, {"is_lead_investor", c_lead},
        {"status", c_status}, {"post_money_usd", c_post_money}};
    auto it = aliases.find(header);
    if (it == aliases.end()) return std::nullopt;
    return it->second;
}

std::string header_key(std::string_view h) {
    std::string k = name_key(h);
    for (char& c : k)
        if (c == '-' || c == ' ') c = '_';
    return k;
}

std::optional<bool> parse_bool(std::string_view s) {
    std::string k = name_key(s);
    if (k.empty() || k == "false" || k == "no" || k == "0" || k == "n" || k == "f") return false;
    if (k == "true" || k == "yes" || k == "1" || k == "y" || k == "t" || k == "lead") return true;
    return std::nullopt;
}

// The value of a pure function of a cell's text, remembered for the first `capacity`
// distinct texts: exports repeat a handful of words (true and false, seed, a, b...) on
// every row, and folding one for its vocabulary look-up (an allocation and a few string
// comparisons) cost a fifth of the reader's time on generated rows.
template <class T>
class WordMemo {
public:
    template <class F>
    T get(std::string_view word, F&& compute) {
        for (const auto& [w, v] : seen_)
            if (w == word) return v;
        T v = compute(word);
        if (seen_.size() < capacity) seen_.emplace_back(std::string(word), v);
        return v;
    }

private:
    static constexpr std::size_t capacity = 16;
    std::vector<std::pair<std::string, T>> seen_;
};

// A vector in fixed chunks: it grows without moving what it holds (and without holding
// it twice while it moves), for the lists of pending investors at market scale.
template <class T>
class Chunked {
public:
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    T& operator[](std::size_t i) { return chunks_[i >> bits][i & (per - 1)]; }
    void push_back(const T& v) {
        if ((size_ & (per - 1)) == 0) chunks_.emplace_back().reserve(per);
        chunks_.back().push_back(v);
        ++size_;
    }
    void swap(Chunked& o) noexcept {
        chunks_.swap(o.chunks_);
        std::swap(size_, o.size_);
    }
    /// Frees chunk c (the elements i with i >> bits == c), which must not be used again.
    void release(std::size_t c) { std::vector<T>().swap(chunks_[c]); }
    static constexpr unsigned bits = 16;

private:
    static constexpr std::size_t per = std::size_t{1} << bits;
    std::vector<std::vector<T>> chunks_;
    std::size_t size_ = 0;
};

// A deal as its rows arrive: about 100 bytes, with names as entity indices and words as
// views of the text (or of copies, for quoted fields); the Deal is made when reading ends.
struct PendingDeal {
    std::string_view given_id;    // from the deal_id column, or empty
    std::string_view round_word;  // the round column as written
    std::optional<double> amount;
    std::optional<double> post_money;
    std::optional<Date> date;
    RoundType round = RoundType::undisclosed;
    DealStatus status = DealStatus::closed;
    bool amount_conflict = false;
    std::uint32_t line = 0;
    std::uint32_t startup_entity = 0;
    std::uint32_t unnamed = 0;
    // Its investors and placeholders, in order of appearance: a list through
    // CsvReader::investors_ (a round has a handful, so a linear search finds repeats).
    std::uint32_t first = none, last = none;
    std::uint32_t named = 0;
    static constexpr std::uint32_t none = UINT32_MAX;
};

// One investor's row in a pending deal, or a placeholder (then `who` is its name key).
struct PendingInvestor {
    std::uint32_t who;
    std::uint32_t next = PendingDeal::none;
    std::optional<double> amount;
    bool lead = false;
    bool placeholder = false;
};

class CsvReader {
public:
    CsvReader(std::string_view text, const std::string& file, const LoadOptions& options, DatasetBuilder& out,
              Diagnostics& diag, bool mapped)
        : text_(text), file_(file), keep_placeholders_(options.keep_placeholders), threads_(options.threads),
          mapped_(mapped), out_(out), diag_(diag) {}

    void run() {
        char delim = detect_delimiter();
        CsvParser parser(text_, delim);
        std::vector<Field> row;
        try {
            parser.next(row);
            if (!read_header(row)) return;
            // Sized for the rows a file of this size usually has (tables grow if it has
            // more), but not past 4M rows: a huge file may be one runaway field.
            const std::size_t rows_guess = std::min<std::size_t>(text_.size() / 64, std::size_t{1} << 22);
            if (text_.size() > RowSet::max_text)
                throw CsvError{0, "the file is larger than 1 TiB; expected a smaller deal table"};
            // Market exports have about two rows per deal and four per entity (Crunchbase
            // 2013: 2.5 and 2.1; generated data: 2.3 and 3.8). Tables sized for more would
            // be paid for in fresh pages the kernel must clear; these grow when needed.
            deal_index_.reserve(rows_guess / 2);
            startup_cache_.reserve(rows_guess / 8);
            investor_cache_.reserve(rows_guess / 8);
            name_keys_.reserve(rows_guess / 4);
            out_.reserve_entities(rows_guess / 4);
        } catch (const CsvError& e) {
            diag_.error(locate(text_, e.offset, file_), "invalid CSV: " + e.message);
            return;
        }
        {
            PhaseTimer timer("csv rows");
            // The duplicate check holds every row (8 bytes a slot): sized up front for the
            // file's rows up to 16M, as growing it parses every row again.
            RowSplitter splitter(text_, delim, parser.pos(), parser.line(), header_size_, cols_,
                                 std::min<std::size_t>(text_.size() / 64, std::size_t{1} << 24));
            const bool threaded = threads_ >= 2 || (threads_ == 0 && text_.size() >= threaded_text &&
                                                    std::thread::hardware_concurrency() > 1);
            RowFeed feed(splitter, threaded);
            bool more = true;
            while (more && !diag_.full()) {
                const RowBatch& b = feed.next();
                more = !b.last;
                batch_names_ = b.names;
                for (std::size_t j = 0; j < b.rows.size(); ++j) {
                    const RowBatch::Row& r = b.rows[j];
                    if (j + prefetch_rows < b.rows.size()) {
                        const PreparedRow& ahead = b.rows[j + prefetch_rows].prepared;
                        startup_cache_.prefetch(ahead.name_hash[0]);
                        investor_cache_.prefetch(ahead.name_hash[1]);
                        if (ahead.deal_key_hash) deal_index_.prefetch(ahead.deal_key_hash);
                    }
                    if (diag_.full()) break;
                    if (r.fields != header_size_) {
                        diag_.error({file_, r.line, 0},
                                    "row has " + std::to_string(r.fields) + " fields; expected " +
                                        std::to_string(header_size_) + " as in the header");
                        continue;
                    }
                    if (r.duplicate) {
                        diag_.counted_warning("duplicate-row", {file_, r.line, 0},
                                              "exact duplicate rows merged (each counted once)");
                        continue;
                    }
                    read_row(b.fields.data() + r.first_field, r.line, r.prepared);
                    if (mapped_ && r.end - released_ > release_step) release(r.end);
                }
                if (diag_.full()) break;
                if (b.failure) std::rethrow_exception(b.failure);
                if (b.error) {
                    diag_.error(locate(text_, b.error->offset, file_), "invalid CSV: " + b.error->message);
                    return;
                }
            }
        }
        PhaseTimer timer("csv deals");
        // The look-up tables are done with: free them before the deals move.
        StringIndex().swap(deal_index_);
        StringIndex().swap(startup_cache_);
        StringIndex().swap(investor_cache_);
        StringIndex().swap(round_cache_);
        StringIndex().swap(name_keys_);
        std::vector<Spelling>().swap(spellings_);
        // Into the data set chunk by chunk, so the deals are not held twice.
        out_.reserve_deals(pending_count_);
        std::size_t moved = 0;
        for (auto& chunk : pending_) {
            for (auto& p : chunk) {
                finish_deal(p);
                // Pending investors whose deals are all made are freed as the deals go,
                // not at the end: on market-scale data they are a tenth of the peak.
                while (released_investors_ < last_user_.size() && last_user_[released_investors_] <= finished_) {
                    investors_.release(released_investors_);
                    ++released_investors_;
                }
                ++finished_;
            }
            std::vector<PendingDeal>().swap(chunk);
            if (++moved % trim_chunks == 0) return_free_memory();
        }
        Chunked<PendingInvestor>().swap(investors_);
        std::deque<std::string>().swap(copies_);
        if (moved >= trim_chunks) return_free_memory();
    }

private:
    char detect_delimiter() const {
        std::string_view first = text_.substr(0, text_.find('\n'));
        if (first.find(',') != std::string_view::npos) return ',';
        if (first.find('\t') != std::string_view::npos) return '\t';
        if (first.find(';') != std::string_view::npos) return ';';
        return ',';
    }

    bool read_header(const std::vector<Field>& row) {
        header_size_ = row.size();
        cols_.fill(npos);
        headers_.clear();
        for (const auto& f : row) headers_.emplace_back(trim_view(f.value));
        std::vector<std::string> ignored;
        for (std::size_t i = 0; i < row.size(); ++i) {
            std::string k = header_key(row[i].value);
            auto c = column_for(k);
            if (!c) {
                if (!k.empty()) ignored.push_back(std::string(row[i].value));
                continue;
            }
            if (cols_[*c] != npos) {
                diag_.error(locate(text_, row[i].offset, file_),
                            "header: column " + quote(row[i].value) + " means the same as column " +
                                quote(row[cols_[*c]].value) + " (" + std::string(column_names[*c]) +
                                "); expected it once");
                continue;
            }
            cols_[*c] = i;
        }
        std::string missing;
        for (Column c : {c_startup, c_investor})
            if (cols_[c] == npos) missing += (missing.empty() ? "" : " and ") + std::string(column_names[c]);
        if (!missing.empty()) {
            std::string found;
            for (const auto& f : row) found += (found.empty() ? "" : ", ") + quote(f.value);
            diag_.error({file_, 1, 0},
                        "header lacks the required column " + missing + "; found " + found +
                            "; expected startup (or company, company_name, organization) and investor "
                            "(or investor_name)");
            return false;
        }
        if (!ignored.empty()) {
            std::string list;
            for (const auto& s : ignored) list += (list.empty() ? "" : ", ") + quote(s);
            diag_.warning({file_, 1, 0}, "columns not used by dealgraph: " + list);
        }
        return true;
    }

    // A row's fields by Column, trimmed (RowSplitter puts them so); a column not in the
    // file is an empty field.
    using ColumnFields = const Field*;

    static std::string_view get(ColumnFields row, Column c) { return row[c].value; }

    // `column "raised_amount_usd"`: the header as the file spells it.
    std::string column_label(Column c) const { return "column " + quote(headers_[cols_[c]]); }

    SourceLocation where(ColumnFields row, Column c) const { return locate(text_, row[c].offset, file_); }

    // Amount k of the row (see amount_columns).
    std::optional<double> amount(ColumnFields row, const PreparedRow& p, int k, bool& bad) {
        const Column c = amount_columns[k];
        switch (p.amount_state[k]) {
            case Amount::none: return std::nullopt;
            case Amount::value: return p.amount[k];
            case Amount::not_a_number:
            case Amount::negative: break;
        }
        bad = true;
        diag_.error(where(row, c), column_label(c) + ": " + quote(get(row, c)) +
                                       (p.amount_state[k] == Amount::negative
                                            ? " is negative; expected a non-negative number"
                                            : " is not a number; expected an amount in US dollars "
                                              "such as 1500000 or 1,500,000"));
        return std::nullopt;
    }

    SourceLocation at(std::uint32_t line) const { return {file_, line, 0}; }

    // Hands the mapped pages before `pos` back to the kernel: a big file then does not
    // stay resident next to the data read from it. Rows are re-read from the file only to
    // confirm a duplicate, and positions only for a message.
    void release(std::size_t pos) {
        const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        const auto base = reinterpret_cast<std::uintptr_t>(text_.data());
        std::uintptr_t from = (base + released_ + page - 1) / page * page;
        std::uintptr_t to = (base + pos) / page * page;
        if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
        released_ = pos;
    }

    PendingDeal& pending(std::uint32_t i) { return pending_[i >> chunk_bits][i & (chunk_size - 1)]; }

    void read_row(ColumnFields row, std::uint32_t line, const PreparedRow& prepared) {
        std::string_view startup = get(row, c_startup);
        std::string_view investor = get(row, c_investor);
        if (blank_name(startup)) {
            diag_.counted_warning("blank-startup", at(line), "rows with a blank startup name skipped");
            return;
        }
        if (blank_name(investor)) {
            diag_.counted_warning("blank-investor", at(line), "rows with a blank investor name skipped");
            return;
        }
        bool bad = false;
        const std::optional<Date> date = prepared.date;
        std::string_view date_text = get(row, c_date);
        if (prepared.date_bad) {
            bad = true;
            diag_.error(where(row, c_date), column_label(c_date) + ": " + quote(date_text) +
                                                " is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD "
                                                "that exists on the calendar");
        }
        auto round_amount = amount(row, prepared, 0, bad);
        auto own_amount = amount(row, prepared, 1, bad);
        auto post_money = amount(row, prepared, 2, bad);
        bool lead = false;
        if (std::string_view l = get(row, c_lead); !l.empty()) {
            auto b = lead_words_.get(l, parse_bool);
            if (!b) {
                diag_.counted_warning("lead:" + std::string(l), at(line),
                                      column_label(c_lead) + ": " + quote(l) + " is not true/false; read as false");
            }
            lead = b.value_or(false);
        }
        DealStatus status = DealStatus::closed;
        if (std::string_view s = get(row, c_status); !s.empty()) {
            auto st = status_words_.get(s, status_from_export);
            if (!st)
                diag_.counted_warning("status:" + name_key(s), at(line),
                                      column_label(c_status) + ": " + quote(s) +
                                          " is not a known status; read as closed");
            status = st.value_or(DealStatus::closed);
        }
        std::string_view round_text = get(row, c_round);
        if (bad) return;

        std::string_view given_id = get(row, c_deal_id);
        // A round is its deal id, or else its startup, date and round word, names compared
        // by their keys (case and spacing folded). Keys are numbered once per spelling, so
        // a row folds no names: the computed key is the two key numbers and the date text.
        // Exports list a round's investors on consecutive rows: a row with the previous
        // row's startup, deal id, date and round words is the previous row's deal.
        Spelling who{};
        std::uint32_t index = 0;
        bool fresh = false;
        if (previous_.same(startup, given_id, date_text, round_text)) {
            who = previous_.who;
            index = previous_.deal;
        } else {
            who = spelling(startup, prepared.name_hash[0], prepared.fresh[0], Role::startup, line);
            if (given_id.empty()) {
                const std::uint32_t parts[2] = {who.key, round_key(round_text)};
                key_.resize(9 + date_text.size());
                key_[0] = '\0';
                std::memcpy(key_.data() + 1, parts, 8);
                if (!date_text.empty()) std::memcpy(key_.data() + 9, date_text.data(), date_text.size());
                std::tie(index, fresh) = deal_index_.insert(key_, pending_count_);
            } else {
                id_deal_key(key_, given_id);
                std::tie(index, fresh) = deal_index_.insert(key_, prepared.deal_key_hash, pending_count_);
            }
            previous_.remember(startup, given_id, date_text, round_text, who, index);
        }
        if (fresh) {
            if ((pending_count_ & (chunk_size - 1)) == 0) {
                pending_.emplace_back();
                pending_.back().reserve(chunk_size);
            }
            ++pending_count_;
            PendingDeal& p = pending_.back().emplace_back();
            p.given_id = keep(given_id);
            p.round_word = keep(round_text);
            p.line = line;
            p.startup_entity = who.entity;
            p.date = date;
            p.status = status;
            p.amount = round_amount;
            p.post_money = post_money;
            if (!round_text.empty()) {
                if (auto r = round_words_.get(round_text, round_from_export)) {
                    p.round = *r;
                } else {
                    p.round = RoundType::other;
                    diag_.counted_warning("round:" + name_key(round_text), at(line),
                                          "round type " + quote(round_text) +
                                              " is not in dealgraph's vocabulary; kept as other");
                }
            }
        } else {
            PendingDeal& p = pending(index);
            if (who.entity != p.startup_entity) {
                diag_.error(where(row, c_startup), "deal " + quote(given_id) + ": startup " + quote(startup) +
                                                       " differs from the one on line " + std::to_string(p.line) +
                                                       "; expected every row of a round to name its startup");
                return;
            }
            if (round_amount) {
                if (p.amount && *p.amount != *round_amount) {
                    if (!p.amount_conflict)
                        diag_.counted_warning("amount-conflict", at(line),
                                              "rounds whose rows disagree on the round's amount; the largest "
                                              "is kept");
                    p.amount_conflict = true;
                }
                p.amount = std::max(p.amount.value_or(0), *round_amount);
            }
            if (post_money) p.post_money = std::max(p.post_money.value_or(0), *post_money);
            if (date && p.date != date)
                diag_.counted_warning("date-conflict", at(line),
                                      "rows of one deal id give different dates; the first is kept");
            if (status != p.status)
                diag_.counted_warning("status-conflict", at(line),
                                      "rows of one deal id give different statuses; the first is kept");
        }
        add_investor(pending(index), index, investor, prepared.name_hash[1], prepared.fresh[1], lead, own_amount,
                     line);
    }

    // A view that outlives the row: the text's own bytes, or a copy of a quoted field
    // (whose unescaped value is in the parser's scratch, overwritten by the next row).
    std::string_view keep(std::string_view v) {
        if (in_text(text_, v)) return v;
        return copies_.emplace_back(v);
    }

    void add_investor(PendingDeal& p, std::uint32_t deal, std::string_view investor, std::uint64_t hash,
                      const FreshName& fresh, bool lead, std::optional<double> own, std::uint32_t line) {
        const Spelling who = spelling(investor, hash, fresh, Role::investor, line);
        const bool placeholder = who.entity == placeholder_entity;
        const std::uint32_t id = placeholder ? who.key : who.entity;
        if (placeholder)
            diag_.counted_warning("placeholder", at(line),
                                  "placeholder investor names (such as " + quote(investor) +
                                      ") kept out of the graph; their part of a round stays unattributed "
                                      "(--keep-placeholders keeps them)");
        for (std::uint32_t k = p.first; k != PendingDeal::none; k = investors_[k].next) {
            PendingInvestor& seen = investors_[k];
            if (seen.who != id || seen.placeholder != placeholder) continue;
            if (placeholder) return;  // counted once
            diag_.counted_warning("investor-twice", at(line),
                                  "an investor listed twice in one round with different details; merged");
            seen.lead = seen.lead || lead;
            if (own) seen.amount = std::max(seen.amount.value_or(0), *own);
            return;
        }
        const auto k = static_cast<std::uint32_t>(investors_.size());
        investors_.push_back({id, PendingDeal::none, placeholder ? std::nullopt : own, lead && !placeholder,
                              placeholder});
        const std::size_t chunk = k >> Chunked<PendingInvestor>::bits;
        if (chunk == last_user_.size()) last_user_.push_back(deal);
        last_user_[chunk] = std::max(last_user_[chunk], deal);
        if (p.last == PendingDeal::none) p.first = k;
        else investors_[p.last].next = k;
        p.last = k;
        if (placeholder) ++p.unnamed;
        else ++p.named;
    }

    // What a raw spelling names on one side: its name key's number and its entity (or
    // `placeholder`). Exports repeat the same spellings on thousands of rows: each is
    // folded, checked and looked up in the builder (which creates or upgrades the entity)
    // once per side.
    struct Spelling {
        std::uint32_t key;
        std::uint32_t entity;
    };
    static constexpr std::uint32_t placeholder_entity = StringIndex::npos;

    // The words that found the previous row's deal, copied (a quoted field's view does
    // not outlive its row), and what they found.
    struct PreviousRow {
        std::string words;  // startup, deal id, date, round, each followed by '\x1f'
        std::array<std::size_t, 4> sizes{};
        bool valid = false;
        Spelling who{};
        std::uint32_t deal = 0;

        bool same(std::string_view a, std::string_view b, std::string_view c, std::string_view d) const {
            if (!valid || a.size() != sizes[0] || b.size() != sizes[1] || c.size() != sizes[2] || d.size() != sizes[3])
                return false;
            const char* w = words.data();
            for (std::string_view v : {a, b, c, d}) {
                if (!v.empty() && std::memcmp(w, v.data(), v.size()) != 0) return false;
                w += v.size() + 1;
            }
            return true;
        }
        void remember(std::string_view a, std::string_view b, std::string_view c, std::string_view d,
                      Spelling found, std::uint32_t index) {
            words.clear();
            for (std::string_view v : {a, b, c, d}) words.append(v).push_back('\x1f');
            sizes = {a.size(), b.size(), c.size(), d.size()};
            valid = true;
            who = found;
            deal = index;
        }
    };

    // `hash`: hash_bytes(raw); `fresh`: where raw's names are in the batch's names, when
    // the splitter made them.
    Spelling spelling(std::string_view raw, std::uint64_t hash, const FreshName& fresh, Role side,
                      std::uint32_t line) {
        auto& cache = side == Role::startup ? startup_cache_ : investor_cache_;
        if (std::uint32_t known = cache.find(raw, hash); known != StringIndex::npos) return spellings_[known];
        const bool made = fresh.at != FreshName::none;
        if (made) {
            name_.assign(batch_names_.substr(fresh.at, fresh.key));
        } else {
            name_.clear();
            append_name_key(name_, raw);
        }
        Spelling sp{key_id(name_), placeholder_entity};
        if (side == Role::startup || keep_placeholders_ || !is_placeholder_investor(name_))
            sp.entity = static_cast<std::uint32_t>(
                made ? out_.entity_index_for_key(name_, side, at(line),
                                                 batch_names_.substr(fresh.at + fresh.key, fresh.clean),
                                                 batch_names_.substr(fresh.at + fresh.key + fresh.clean, fresh.slug))
                     : out_.entity_index_for_key(raw, name_, side, at(line)));
        cache.insert(raw, hash, static_cast<std::uint32_t>(spellings_.size()));
        spellings_.push_back(sp);
        return spellings_.back();
    }

    // A number for each distinct name key (of startups, investors and round words alike).
    std::uint32_t key_id(std::string_view key) {
        return name_keys_.insert(key, static_cast<std::uint32_t>(name_keys_.size())).first;
    }

    std::uint32_t round_key(std::string_view raw) {
        if (std::uint32_t known = round_cache_.find(raw); known != StringIndex::npos) return known;
        name_.clear();
        append_name_key(name_, raw);
        std::uint32_t id = key_id(name_);
        round_cache_.insert(raw, id);
        return id;
    }

    void finish_deal(const PendingDeal& p) {
        Deal& d = out_.new_deal();
        // Strings made at their exact sizes: assigned to an empty string, a 16-29 byte
        // value would get room for 30 (std::string doubles its capacity).
        d.startup = std::string(out_.entity_id(p.startup_entity));
        if (!p.given_id.empty()) {
            d.id = std::string(p.given_id);
        } else {
            // startup/date[/round], in one allocation.
            const std::string date = p.date ? p.date->to_string() : std::string("undated");
            const std::string round = p.round_word.empty() ? std::string() : slugify(p.round_word);
            d.id.reserve(d.startup.size() + 1 + date.size() + (round.empty() ? 0 : 1 + round.size()));
            d.id.append(d.startup).append(1, '/').append(date);
            if (!round.empty()) d.id.append(1, '/').append(round);
        }
        d.date = p.date;
        d.round = p.round;
        if (p.round == RoundType::other) d.round_label = std::string(p.round_word);
        d.amount_usd = p.amount;
        d.post_money_usd = p.post_money;
        d.status = p.status;
        d.investors.reserve(p.named);
        for (std::uint32_t k = p.first; k != PendingDeal::none; k = investors_[k].next) {
            const PendingInvestor& i = investors_[k];
            if (!i.placeholder) d.investors.push_back({out_.entity_id(i.who), i.lead, i.amount});
        }
        d.unnamed_investors = p.unnamed;
        d.where = at(p.line);
        out_.keep_new_deal(true);
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    static constexpr unsigned chunk_bits = 14;
    static constexpr std::uint32_t chunk_size = 1u << chunk_bits;
    // Pending chunks moved between two returns of free memory (about 360 MB of deals):
    // small files never trim.
    static constexpr std::size_t trim_chunks = 64;

    std::string_view text_;
    FileName file_;  // interned once: every deal and entity of the file shares it
    bool keep_placeholders_;
    unsigned threads_;
    // From this size on, rows are split on a second thread (see LoadOptions::threads):
    // below it, starting the thread costs about as much as it saves.
    static constexpr std::size_t threaded_text = std::size_t{1} << 20;
    // Rows ahead whose spelling-cache slots are prefetched: a slot is a cache miss on a
    // market-scale table, and a row takes a few hundred nanoseconds.
    static constexpr std::size_t prefetch_rows = 4;
    bool mapped_;
    std::size_t released_ = 0;  // bytes of a mapped text given back to the kernel
    static constexpr std::size_t release_step = std::size_t{64} << 20;
    DatasetBuilder& out_;
    Diagnostics& diag_;
    std::size_t header_size_ = 0;
    std::array<std::size_t, c_count> cols_{};
    std::vector<std::string> headers_;
    StringIndex deal_index_;  // deal key -> pending deal
    // Deals in the order first seen, in chunks that never move (and can be freed one by one).
    std::vector<std::vector<PendingDeal>> pending_;
    std::uint32_t pending_count_ = 0;
    Chunked<PendingInvestor> investors_;  // the pending deals' lists
    std::vector<std::uint32_t> last_user_;  // per chunk of investors_: the last deal with one there
    std::size_t released_investors_ = 0;    // chunks of investors_ freed so far
    std::uint32_t finished_ = 0;            // pending deals made into Deals so far
    std::deque<std::string> copies_;      // quoted words a pending deal keeps (see keep)
    StringIndex startup_cache_, investor_cache_;  // raw spelling -> index into spellings_
    std::vector<Spelling> spellings_;
    StringIndex round_cache_;  // raw round word -> key_id of its name key
    WordMemo<std::optional<bool>> lead_words_;  // parse_bool of the lead column
    WordMemo<std::optional<DealStatus>> status_words_;
    WordMemo<std::optional<RoundType>> round_words_;
    StringIndex name_keys_;    // name key -> key_id
    PreviousRow previous_;
    std::string key_;   // scratch for deal keys
    std::string name_;  // scratch for name keys
    std::string_view batch_names_;  // the names of the batch being read (see FreshName)
};

}  // namespace

void read_csv(std::string_view text, const std::string& file, const LoadOptions& options, DatasetBuilder& out,
              Diagnostics& diag, bool mapped) {
    CsvReader(text, file, options, out, diag, mapped).run();
}

}  // namespace dealgraph::detail
