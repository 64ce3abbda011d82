// Flat CSV reader: one row per investor taking part in a round (RFC 4180 quoting).

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "builder.hpp"
#include "dealgraph/ingest/text.hpp"

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
    CsvParser(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {}

    bool at_end() const { return pos_ >= text_.size(); }
    std::uint32_t line() const { return line_; }

    // Reads one record; returns its first line number. Throws CsvError.
    std::uint32_t next(std::vector<Field>& row) {
        row.clear();
        std::uint32_t start_line = line_;
        std::size_t n = 0;
        while (true) {
            if (n >= max_fields)
                throw CsvError{pos_, "more than " + std::to_string(max_fields) +
                                         " fields on one row; expected a deal table"};
            if (scratch_.size() <= n) scratch_.emplace_back();
            bool end_of_row = read_field(row, scratch_[n]);
            ++n;
            if (end_of_row) break;
        }
        return start_line;
    }

private:
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
            while (end < limit && text_[end] != delim_ && text_[end] != '\n' && text_[end] != '\r') ++end;
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
    std::vector<std::string> scratch_;
};

enum Column : std::size_t {
    c_startup, c_investor, c_deal_id, c_date, c_round, c_amount, c_investor_amount, c_lead, c_status,
    c_post_money, c_count
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

struct PendingDeal {
    Deal deal;
    std::string given_id;  // from the deal_id column, or empty
    std::string round_word;
    bool amount_conflict = false;
    // A round has a handful of investors: linear search beats a hash table per deal.
    std::vector<std::string> placeholders;
};

class CsvReader {
public:
    CsvReader(std::string_view text, const std::string& file, bool keep_placeholders, DatasetBuilder& out,
              Diagnostics& diag)
        : text_(text), file_(file), keep_placeholders_(keep_placeholders), out_(out), diag_(diag) {}

    void run() {
        char delim = detect_delimiter();
        CsvParser parser(text_, delim);
        std::vector<Field> row;
        try {
            parser.next(row);
            if (!read_header(row)) return;
            // Rows seen so far, as views into chunks that never move (one allocation per
            // megabyte, not per row).
            std::unordered_set<std::string_view> seen_rows;
            seen_rows.reserve(text_.size() / 48);
            deal_index_.reserve(text_.size() / 96);
            std::vector<std::unique_ptr<char[]>> arena;
            std::size_t arena_used = 0, arena_size = 0;
            std::string row_key;
            while (!parser.at_end() && !diag_.full()) {
                std::uint32_t line = parser.next(row);
                if (row.size() == 1 && row[0].value.empty()) continue;  // blank line
                if (row.size() != header_size_) {
                    diag_.error({file_, line, 0},
                                "row has " + std::to_string(row.size()) + " fields; expected " +
                                    std::to_string(header_size_) + " as in the header");
                    continue;
                }
                row_key.clear();
                for (const auto& f : row) {
                    row_key += f.value;
                    row_key += '\x1f';
                }
                if (seen_rows.count(row_key)) {
                    diag_.counted_warning("duplicate-row", {file_, line, 0},
                                          "exact duplicate rows merged (each counted once)");
                    continue;
                }
                if (arena_used + row_key.size() > arena_size) {
                    arena_size = std::max<std::size_t>(row_key.size(), std::size_t{1} << 20);
                    arena.push_back(std::make_unique<char[]>(arena_size));
                    arena_used = 0;
                }
                char* at = arena.back().get() + arena_used;
                std::copy(row_key.begin(), row_key.end(), at);
                arena_used += row_key.size();
                seen_rows.emplace(at, row_key.size());
                read_row(row, line);
            }
        } catch (const CsvError& e) {
            diag_.error(locate(text_, e.offset, file_), "invalid CSV: " + e.message);
            return;
        }
        for (auto& p : pending_) finish_deal(p);
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

    std::string_view get(const std::vector<Field>& row, Column c) const {
        return cols_[c] == npos ? std::string_view{} : trim_view(row[cols_[c]].value);
    }

    static std::string_view trim_view(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    }

    // `column "raised_amount_usd"`: the header as the file spells it.
    std::string column_label(Column c) const { return "column " + quote(headers_[cols_[c]]); }

    SourceLocation where(const std::vector<Field>& row, Column c) const {
        return locate(text_, row[cols_[c]].offset, file_);
    }

    std::optional<double> amount(const std::vector<Field>& row, Column c, bool& bad) {
        std::string_view s = get(row, c);
        if (s.empty()) return std::nullopt;
        bool negative = false;
        auto v = parse_amount(s, &negative);
        if (!v) {
            bad = true;
            diag_.error(where(row, c), column_label(c) + ": " + quote(s) +
                                           (negative ? " is negative; expected a non-negative number"
                                                     : " is not a number; expected an amount in US dollars "
                                                       "such as 1500000 or 1,500,000"));
        }
        return v;
    }

    void read_row(const std::vector<Field>& row, std::uint32_t line) {
        std::string_view startup = get(row, c_startup);
        std::string_view investor = get(row, c_investor);
        SourceLocation at{file_, line, 0};
        if (name_key(startup).empty()) {
            diag_.counted_warning("blank-startup", at, "rows with a blank startup name skipped");
            return;
        }
        if (name_key(investor).empty()) {
            diag_.counted_warning("blank-investor", at, "rows with a blank investor name skipped");
            return;
        }
        bool bad = false;
        std::optional<Date> date;
        std::string_view date_text = get(row, c_date);
        if (!date_text.empty()) {
            // Timestamps such as 2013-05-01T00:00:00Z keep their date part.
            std::string_view d = date_text.substr(0, date_text.find_first_of("T "));
            date = Date::parse(d);
            if (!date) {
                bad = true;
                diag_.error(where(row, c_date), column_label(c_date) + ": " + quote(date_text) +
                                                    " is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD "
                                                    "that exists on the calendar");
            }
        }
        auto round_amount = amount(row, c_amount, bad);
        auto own_amount = amount(row, c_investor_amount, bad);
        auto post_money = amount(row, c_post_money, bad);
        bool lead = false;
        if (std::string_view l = get(row, c_lead); !l.empty()) {
            auto b = parse_bool(l);
            if (!b) {
                diag_.counted_warning("lead:" + std::string(l), at,
                                      column_label(c_lead) + ": " + quote(l) + " is not true/false; read as false");
            }
            lead = b.value_or(false);
        }
        DealStatus status = DealStatus::closed;
        if (std::string_view s = get(row, c_status); !s.empty()) {
            auto st = status_from_export(s);
            if (!st)
                diag_.counted_warning("status:" + name_key(s), at,
                                      column_label(c_status) + ": " + quote(s) +
                                          " is not a known status; read as closed");
            status = st.value_or(DealStatus::closed);
        }
        std::string_view round_text = get(row, c_round);
        if (bad) return;

        std::string_view given_id = get(row, c_deal_id);
        std::string key = given_id.empty()
                              ? name_key(startup) + '\x1f' + std::string(date_text) + '\x1f' + name_key(round_text)
                              : "id\x1f" + std::string(given_id);
        auto [it, fresh] = deal_index_.try_emplace(key, pending_.size());
        if (fresh) {
            PendingDeal p;
            p.given_id = given_id;
            p.round_word = round_text;
            Deal& d = p.deal;
            d.where = at;
            d.startup = entity(startup, Role::startup, at);
            d.date = date;
            d.status = status;
            d.amount_usd = round_amount;
            d.post_money_usd = post_money;
            if (!round_text.empty()) {
                if (auto r = round_from_export(round_text)) {
                    d.round = *r;
                } else {
                    d.round = RoundType::other;
                    d.round_label = round_text;
                    diag_.counted_warning("round:" + name_key(round_text), at,
                                          "round type " + quote(round_text) +
                                              " is not in dealgraph's vocabulary; kept as other");
                }
            }
            pending_.push_back(std::move(p));
        } else {
            PendingDeal& p = pending_[it->second];
            Deal& d = p.deal;
            const std::string& sid = entity(startup, Role::startup, at);
            if (sid != d.startup) {
                diag_.error(where(row, c_startup), "deal " + quote(given_id) + ": startup " + quote(startup) +
                                                       " differs from the one on line " +
                                                       std::to_string(d.where.line) +
                                                       "; expected every row of a round to name its startup");
                return;
            }
            if (round_amount) {
                if (d.amount_usd && *d.amount_usd != *round_amount) {
                    if (!p.amount_conflict)
                        diag_.counted_warning("amount-conflict", at,
                                              "rounds whose rows disagree on the round's amount; the largest "
                                              "is kept");
                    p.amount_conflict = true;
                }
                d.amount_usd = std::max(d.amount_usd.value_or(0), *round_amount);
            }
            if (post_money) d.post_money_usd = std::max(d.post_money_usd.value_or(0), *post_money);
            if (date && d.date != date)
                diag_.counted_warning("date-conflict", at,
                                      "rows of one deal id give different dates; the first is kept");
            if (status != d.status)
                diag_.counted_warning("status-conflict", at,
                                      "rows of one deal id give different statuses; the first is kept");
        }
        add_investor(pending_[it->second], investor, lead, own_amount, at);
    }

    void add_investor(PendingDeal& p, std::string_view investor, bool lead, std::optional<double> own,
                      const SourceLocation& at) {
        std::string key = name_key(investor);
        if (!keep_placeholders_ && is_placeholder_investor(key)) {
            diag_.counted_warning("placeholder", at,
                                  "placeholder investor names (such as " + quote(investor) +
                                      ") kept out of the graph; their part of a round stays unattributed "
                                      "(--keep-placeholders keeps them)");
            if (std::find(p.placeholders.begin(), p.placeholders.end(), key) == p.placeholders.end()) {
                p.placeholders.push_back(key);
                ++p.deal.unnamed_investors;
            }
            return;
        }
        const std::string& id = entity(investor, Role::investor, at);
        auto it = std::find_if(p.deal.investors.begin(), p.deal.investors.end(),
                               [&](const Participation& x) { return x.investor == id; });
        if (it == p.deal.investors.end()) {
            p.deal.investors.push_back({id, lead, own});
            return;
        }
        Participation& part = *it;
        diag_.counted_warning("investor-twice", at,
                              "an investor listed twice in one round with different details; merged");
        part.lead = part.lead || lead;
        if (own) part.amount_usd = std::max(part.amount_usd.value_or(0), *own);
    }

    // The entity a raw spelling names on one side. Exports repeat the same spellings on
    // thousands of rows: remember them (views into the file, so no copies) and ask the
    // builder, which normalises the name, once per spelling and side.
    const std::string& entity(std::string_view raw, Role side, const SourceLocation& at) {
        auto& cache = side == Role::startup ? startup_cache_ : investor_cache_;
        // std::less gives a total order on pointers, even ones into other buffers.
        std::less<const char*> before;
        bool in_text = !before(raw.data(), text_.data()) && !before(text_.data() + text_.size(), raw.data());
        if (in_text) {
            if (auto it = cache.find(raw); it != cache.end()) return out_.entity_id(it->second);
        }
        std::size_t index = out_.entity_index_for_name(raw, side, at);
        if (in_text) cache.emplace(raw, index);
        return out_.entity_id(index);
    }

    void finish_deal(PendingDeal& p) {
        Deal& d = p.deal;
        if (!p.given_id.empty()) {
            d.id = p.given_id;
        } else {
            d.id = d.startup + '/' + (d.date ? d.date->to_string() : std::string("undated"));
            if (!p.round_word.empty()) d.id += '/' + slugify(p.round_word);
        }
        out_.add_deal(std::move(d));
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    std::string_view text_;
    const std::string& file_;
    bool keep_placeholders_;
    DatasetBuilder& out_;
    Diagnostics& diag_;
    std::size_t header_size_ = 0;
    std::array<std::size_t, c_count> cols_{};
    std::vector<std::string> headers_;
    std::unordered_map<std::string, std::size_t> deal_index_;
    std::vector<PendingDeal> pending_;
    std::unordered_map<std::string_view, std::size_t> startup_cache_, investor_cache_;
};

}  // namespace

void read_csv(std::string_view text, const std::string& file, bool keep_placeholders, DatasetBuilder& out,
              Diagnostics& diag) {
    CsvReader(text, file, keep_placeholders, out, diag).run();
}

}  // namespace dealgraph::detail
