#include "dealgraph/ingest/load.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "builder.hpp"
#include "dealgraph/model/timing.hpp"

namespace dealgraph {
namespace {

// A read-only view of a whole file: mapped when it is a regular file, read otherwise.
class FileText {
public:
    explicit FileText(const std::string& path, std::string& error) {
        int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error = std::strerror(errno);
            return;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            error = std::strerror(errno);
        } else if (S_ISDIR(st.st_mode)) {
            error = "is a directory";
        } else if (S_ISREG(st.st_mode) && st.st_size > 0) {
            // A file that fits comfortably is mapped in one call (MAP_POPULATE) rather than a
            // page fault for every 4 KiB read: 1-3 ms of the 3.9 MB Crunchbase file's 50.
            // A bigger one is faulted in as it is read, and given back as it is passed.
            const int populate = st.st_size <= (off_t{256} << 20) ? MAP_POPULATE : 0;
            // The file goes over zero pages that reach detail::text_padding bytes past its
            // end, so that the JSON reader can read a little past the text (simdjson does)
            // without copying it. Past the end of the file's last page it would fault.
            const auto size = static_cast<std::size_t>(st.st_size);
            const std::size_t span = size + detail::text_padding;
            void* p = ::mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED ||
                ::mmap(p, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | populate, fd, 0) == MAP_FAILED) {
                error = std::strerror(errno);
                if (p != MAP_FAILED) ::munmap(p, span);
            } else {
                map_ = p;
                size_ = size;
                ::madvise(p, size_, MADV_SEQUENTIAL);
            }
        } else if (!S_ISREG(st.st_mode)) {
            char buf[1 << 16];
            ssize_t n;
            while ((n = ::read(fd, buf, sizeof buf)) > 0) owned_.append(buf, static_cast<std::size_t>(n));
            if (n < 0) error = std::strerror(errno);
            owned_.reserve(owned_.size() + detail::text_padding);  // readable past the end, as a mapping
        }
        if (fd != 0) ::close(fd);
    }
    ~FileText() {
        if (map_) ::munmap(map_, size_ + detail::text_padding);
    }
    FileText(const FileText&) = delete;
    FileText& operator=(const FileText&) = delete;

    bool mapped() const { return map_ != nullptr; }
    std::string_view text() const {
        return map_ ? std::string_view(static_cast<const char*>(map_), size_) : std::string_view(owned_);
    }

private:
    void* map_ = nullptr;
    std::size_t size_ = 0;
    std::string owned_;
};

// `padded`: detail::text_padding bytes past the text can be read (FileText's text).
void load_one(std::string_view text, const std::string& name, const LoadOptions& options,
              detail::DatasetBuilder& builder, Diagnostics& diag, bool mapped = false, bool padded = false) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        const char* what = text.empty() ? "the file is empty" : "the file holds only white space";
        diag.error({name, 0, 0},
                   std::string(what) + "; expected native JSON ({\"dealgraph\": 1, ...}) or CSV with a header row");
        return;
    }
    if (!detail::check_text(text, name, diag)) return;
    if (text[first] == '{' || text[first] == '[')
        detail::read_json(text, name, builder, diag, detail::JsonParser::automatic, padded);
    else
        detail::read_csv(text, name, options, builder, diag, mapped);
}

}  // namespace

void load_text(std::string_view text, const std::string& name, const LoadOptions& options, Dataset& into,
               Diagnostics& diag) {
    detail::DatasetBuilder builder(into, diag);
    load_one(text, name, options, builder, diag);
    into.files.push_back(name);
    builder.finish();
}

Dataset load_files(const std::vector<std::string>& paths, const LoadOptions& options, Diagnostics& diag) {
    PhaseTimer timer("load");
    Dataset data;
    std::size_t bytes = 0;
    {
        detail::DatasetBuilder builder(data, diag);
        for (const auto& path : paths) {
            std::string error;
            FileText file(path, error);
            if (!error.empty()) {
                diag.error({path, 0, 0}, "cannot read the file: " + error);
                continue;
            }
            bytes += file.text().size();
            load_one(file.text(), path, options, builder, diag, file.mapped(), true);
            data.files.push_back(path);
            if (diag.full()) break;
        }
        builder.finish();
    }
#if defined(__GLIBC__)
    // The builder's look-up tables are gone: hand their memory back before the caller
    // builds a graph next to the data (worth it only for big inputs).
    if (bytes >= (std::size_t{256} << 20)) ::malloc_trim(0);
#endif
    return data;
}

}  // namespace dealgraph
