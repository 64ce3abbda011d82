#pragma once
// Problems found while reading input: errors stop a command, warnings do not.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dealgraph/model/dataset.hpp"

namespace dealgraph {

enum class Severity : std::uint8_t { error, warning };

struct Diagnostic {
    Severity severity = Severity::error;
    std::string file;
    std::uint32_t line = 0;    // 1-based; 0 when the problem is not on one line
    std::uint32_t column = 0;  // 1-based; 0 when unknown
    std::string message;
    std::size_t count = 1;     // occurrences folded into this one (counted warnings)

    /// "FILE:LINE:COLUMN: error: message", leaving out the parts not known.
    [[nodiscard]] std::string format() const;
};

/// Collects diagnostics. Errors past `max_errors` are counted but not kept, and
/// readers stop early once `full()`. Counted warnings fold every occurrence of one
/// kind (say, duplicate rows) into one line with the count and the first place.
class Diagnostics {
public:
    explicit Diagnostics(std::size_t max_errors = 100) : max_errors_(max_errors) {}

    void error(const SourceLocation& at, std::string message);
    void warning(const SourceLocation& at, std::string message);
    /// One line per `kind`, e.g. kind "duplicate-row", message "duplicate rows merged".
    void counted_warning(const std::string& kind, const SourceLocation& at, std::string message);

    [[nodiscard]] bool has_errors() const noexcept { return errors_ > 0; }
    [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }
    [[nodiscard]] std::size_t warning_count() const noexcept;
    [[nodiscard]] bool full() const noexcept { return errors_ >= max_errors_; }
    /// Every diagnostic kept, in the order found; counted warnings at their first place.
    [[nodiscard]] std::vector<Diagnostic> list() const;

private:
    std::size_t max_errors_;
    std::size_t errors_ = 0;
    std::vector<Diagnostic> items_;
    std::map<std::string, std::size_t> counted_;  // kind -> index in items_
};

}  // namespace dealgraph
