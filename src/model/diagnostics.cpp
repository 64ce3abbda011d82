#include "dealgraph/model/diagnostics.hpp"

namespace dealgraph {

std::string Diagnostic::format() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line) {
            out += ':' + std::to_string(line);
            if (column) out += ':' + std::to_string(column);
        }
        out += ": ";
    }
    out += severity == Severity::error ? "error: " : "warning: ";
    out += message;
    if (count > 1) out += " (" + std::to_string(count) + " occurrences; the first is shown)";
    return out;
}

void Diagnostics::error(const SourceLocation& at, std::string message) {
    ++errors_;
    if (errors_ > max_errors_) return;
    items_.push_back({Severity::error, at.file, at.line, at.column, std::move(message), 1});
}

void Diagnostics::warning(const SourceLocation& at, std::string message) {
    items_.push_back({Severity::warning, at.file, at.line, at.column, std::move(message), 1});
}

void Diagnostics::counted_warning(const std::string& kind, const SourceLocation& at,
                                  std::string message) {
    auto key = at.file.str() + '\n' + kind;
    if (auto it = counted_.find(key); it != counted_.end()) {
        ++items_[it->second].count;
        return;
    }
    counted_.emplace(key, items_.size());
    items_.push_back({Severity::warning, at.file, at.line, at.column, std::move(message), 1});
}

std::size_t Diagnostics::warning_count() const noexcept {
    std::size_t n = 0;
    for (const auto& d : items_)
        if (d.severity == Severity::warning) n += d.count;
    return n;
}

std::vector<Diagnostic> Diagnostics::list() const { return items_; }

}  // namespace dealgraph
