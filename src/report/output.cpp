#include "dealgraph/report/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "dealgraph/model/error.hpp"

namespace dealgraph {

OutputFormat parse_output_format(std::string_view text) {
    if (text == "table") return OutputFormat::table;
    if (text == "json") return OutputFormat::json;
    if (text == "csv") return OutputFormat::csv;
    if (text == "md") return OutputFormat::md;
    throw UsageError("--output " + std::string(text) + ": expected table, json, csv or md");
}

namespace {

// Display width: one column per UTF-8 character (East Asian wide characters count 2).
std::size_t width(std::string_view s) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        // Hangul, CJK and full-width forms (U+1100.., U+2E80.., U+AC00..) take two columns.
        w += (len == 3 && (c >= 0xE1 && c != 0xEF)) ? 2 : 1;
        i += len;
    }
    return w;
}

// One CSV cell: quoted (with "" for a quote) when it holds a comma, quote or line break.
void append_csv_cell(std::string& out, std::string_view v) {
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += v;
        return;
    }
    out += '"';
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

void append_csv_row(std::string& out, std::initializer_list<std::string_view> cells) {
    bool first = true;
    for (std::string_view v : cells) {
        if (!first) out += ',';
        first = false;
        append_csv_cell(out, v);
    }
    out += '\n';
}

void append_csv_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
        if (c) out += ',';
        append_csv_cell(out, cells[c]);
    }
    out += '\n';
}

std::string Table::to_text() const {
    std::vector<std::size_t> w(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c) w[c] = width(header[c]);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size() && c < w.size(); ++c) w[c] = std::max(w[c], width(r[c]));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < header.size(); ++c) {
            const std::string& v = c < cells.size() ? cells[c] : std::string();
            std::string pad(w[c] - width(v), ' ');
            bool right = c < numeric.size() && numeric[c];
            if (c) out += "  ";
            out += right ? pad + v : (c + 1 == header.size() ? v : v + pad);
        }
        return out + '\n';
    };
    std::string out = line(header);
    std::string rule;
    for (std::size_t c = 0; c < header.size(); ++c) rule += (c ? "  " : "") + std::string(w[c], '-');
    out += rule + '\n';
    for (const auto& r : rows) out += line(r);
    return out;
}

std::string Table::to_csv() const {
    std::string out;
    append_csv_row(out, header);
    for (const auto& r : rows) append_csv_row(out, r);
    return out;
}

std::string Table::to_markdown() const {
    auto esc = [](const std::string& v) {
        std::string out;
        for (char c : v) {
            if (c == '|') out += '\\';
            out += c;
        }
        return out;
    };
    std::string out = "|";
    for (const auto& h : header) out += " " + esc(h) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < header.size(); ++c) out += c < numeric.size() && numeric[c] ? "---:|" : "---|";
    out += '\n';
    for (const auto& r : rows) {
        out += "|";
        for (std::size_t c = 0; c < header.size(); ++c) out += " " + esc(c < r.size() ? r[c] : "") + " |";
        out += '\n';
    }
    return out;
}

std::string human_usd(double usd) {
    char buf[32];
    double a = std::fabs(usd);
    if (a >= 1e9) std::snprintf(buf, sizeof buf, "$%.2fB", usd / 1e9);
    else if (a >= 1e6) std::snprintf(buf, sizeof buf, "$%.1fM", usd / 1e6);
    else if (a >= 1e3) std::snprintf(buf, sizeof buf, "$%.0fK", usd / 1e3);
    else std::snprintf(buf, sizeof buf, "$%.0f", usd);
    return buf;
}

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * share);
    return buf;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string exact_number(double v) {
    if (std::floor(v) == v && std::fabs(v) < 9007199254740992.0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc{} ? std::string(buf, end) : std::to_string(v);
}

void write_file_atomic(const std::string& path, std::string_view content) {
    AtomicFile file(path);
    file.write(content);
    file.commit();
}

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
    if (path == "-") return;
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (fs::is_directory(target, ec))
        throw OutputError("cannot write " + path + ": it is a directory; expected a file name");
    if (!fs::is_directory(dir, ec))
        throw OutputError("cannot write " + path + ": folder " + dir.string() + " does not exist");
    tmp_ = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    fd_ = ::mkstemp(tmp_.data());
    if (fd_ < 0) {
        tmp_.clear();
        throw OutputError("cannot write " + path + ": " + std::strerror(errno));
    }
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::fail(const std::string& what, int err) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
    tmp_.clear();
    throw OutputError(what + ": " + std::strerror(err));
}

void AtomicFile::write(std::string_view piece) {
    if (path_ == "-") {
        if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size())
            throw OutputError("cannot write to standard output: " + std::string(std::strerror(errno)));
        return;
    }
    if (tmp_.empty()) throw OutputError("cannot write " + path_ + ": the file is already closed");
    const char* p = piece.data();
    std::size_t left = piece.size();
    while (left > 0) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write " + path_, errno);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (path_ == "-") {
        if (std::fflush(stdout) != 0)
            throw OutputError("cannot write to standard output: " + std::string(std::strerror(errno)));
        return;
    }
    if (tmp_.empty()) throw OutputError("cannot write " + path_ + ": the file is already closed");
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
    const int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0 || std::rename(tmp_.c_str(), path_.c_str()) != 0) fail("cannot write " + path_, errno);
    tmp_.clear();
}

}  // namespace dealgraph
