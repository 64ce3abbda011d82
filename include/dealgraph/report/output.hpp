#pragma once
// Plain output helpers: tables in several formats, money for people, safe file writes.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dealgraph {

enum class OutputFormat { table, json, csv, md };

/// Parses "table", "json", "csv" or "md"; throws UsageError otherwise.
OutputFormat parse_output_format(std::string_view text);

/// Rows and columns for a person (aligned text), a spreadsheet (CSV) or a document
/// (Markdown). Numeric columns are right-aligned.
struct Table {
    std::vector<std::string> header;
    std::vector<bool> numeric;  // per column; missing entries mean text
    std::vector<std::vector<std::string>> rows;

    [[nodiscard]] std::string to_text() const;
    [[nodiscard]] std::string to_csv() const;
    [[nodiscard]] std::string to_markdown() const;
};

/// Appends one CSV line: the cells separated by commas, each quoted (with "" for a quote)
/// when it holds a comma, quote or line break, as Table::to_csv writes them.
void append_csv_row(std::string& out, std::initializer_list<std::string_view> cells);
void append_csv_row(std::string& out, const std::vector<std::string>& cells);

/// "$235.0M", "$4.50B", "$750K", "$0": US dollars rounded for reading.
std::string human_usd(double usd);
/// A share (0..1) as a percentage with one decimal: 0.591 -> "59.1%".
std::string percent(double share);
/// A number with a fixed count of decimals: fixed(3.14159, 2) -> "3.14".
std::string fixed(double v, int decimals);
/// Shortest decimal text that reads back to the same double ("235000000", "0.25").
std::string exact_number(double v);

/// Writes `content` to `path` through a temporary file in the same folder renamed
/// into place, so a reader never sees half a file and a failed write leaves the old
/// file untouched. "-" writes to standard output. Throws OutputError.
void write_file_atomic(const std::string& path, std::string_view content);

/// The same, written piece by piece, for output too big to build in memory first (every
/// node of a market-wide graph): write() the pieces, then commit() renames the file into
/// place. Destroyed without commit() (an exception on the way), it removes the temporary
/// file and the old file stays. "-" writes to standard output as it goes. Throws
/// OutputError.
class AtomicFile {
public:
    explicit AtomicFile(const std::string& path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view piece);
    void commit();

private:
    [[noreturn]] void fail(const std::string& what, int err);

    std::string path_, tmp_;
    int fd_ = -1;  // the temporary file; -1 for standard output or once closed
};

}  // namespace dealgraph
