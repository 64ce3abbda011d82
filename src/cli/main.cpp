// dealgraph command line: argument wiring only; the work is in the library.

#include <sys/stat.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "common.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/render/map.hpp"
#include "dealgraph/version.hpp"

namespace dealgraph::cli {

int main(int argc, char** argv) {
    CLI::App app{"dealgraph: maps who funds whom. Loads venture deals into an investor/startup graph\n"
                 "and reports on it.",
                 "dealgraph"};
    app.set_version_flag("--version", std::string("dealgraph ") + dealgraph::version);
    app.require_subcommand(1);
    app.footer("Run 'dealgraph COMMAND --help' for a command's options and an example.\n"
               "Exit status: 0 success, 1 usage error, 2 invalid input, 3 output not written.\n"
               "Input formats: docs/FORMAT.md.");
    add_summary(app);
    add_validate(app);
    add_convert(app);
    add_centrality(app);
    add_project(app);
    add_ego(app);
    add_clusters(app);
    add_concentration(app);
    add_generate(app);
    add_render(app);
    add_report(app);
    // CLI11 says only "A subcommand is required" for a misspelt command: name it.
    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        std::string names;
        for (const auto* sub : app.get_subcommands({})) {
            known = known || sub->get_name() == argv[1];
            names += (names.empty() ? "" : ", ") + sub->get_name();
        }
        if (!known) {
            std::cerr << "dealgraph: unknown command \"" << argv[1] << "\"; expected one of " << names
                      << " (dealgraph --help lists them)\n";
            return Exit::usage;
        }
    }
    try {
        try {
            app.parse(argc, argv);  // runs the command
        } catch (...) {
            Progress::stop_live();  // the error goes on a line of its own
            throw;
        }
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? Exit::ok : Exit::usage;
    } catch (const InputFailed&) {
        return Exit::invalid_input;
    } catch (const UsageError& e) {
        std::cerr << "dealgraph: " << e.what() << '\n';
        return Exit::usage;
    } catch (const InputError& e) {
        std::cerr << "dealgraph: error: " << e.what() << '\n';
        return Exit::invalid_input;
    } catch (const OutputError& e) {
        std::cerr << "dealgraph: " << e.what() << '\n';
        return Exit::output_failed;
    } catch (const std::bad_alloc&) {
        std::cerr << "dealgraph: out of memory\n";
        return Exit::internal;
    } catch (const std::exception& e) {
        std::cerr << "dealgraph: internal error: " << e.what() << '\n';
        return Exit::internal;
    }
    return Exit::ok;
}

}  // namespace dealgraph::cli

namespace {

// Transparent huge pages for the main heap, without the user setting anything: loading
// touches tens of thousands of fresh 4 KiB pages (a page fault each, a third of the time
// on Crunchbase). The heap is grown once by 1 GiB of address space, which costs nothing
// until touched, and that range is marked MADV_HUGEPAGE ("madvise" mode is the common
// kernel default). The heap is not trimmed, since growing it again would make a new
// range without the mark. Past 1 GiB, or where any step fails, malloc works as usual.
void prefer_huge_pages() {
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
    constexpr std::size_t reserve = std::size_t{1} << 30;
    constexpr std::size_t huge = std::size_t{2} << 20;
    if (::mallopt(M_TRIM_THRESHOLD, static_cast<int>(reserve)) != 1) return;
    ::mallopt(M_MMAP_THRESHOLD, 32 << 20);  // blocks below this come from the heap
    ::mallopt(M_TOP_PAD, static_cast<int>(reserve));
    auto* before = static_cast<char*>(::sbrk(0));
    // More than the heap has left, so it grows; volatile, so the compiler keeps the call.
    void* volatile probe = std::malloc(std::size_t{256} << 10);
    std::free(probe);
    ::mallopt(M_TOP_PAD, 128 << 10);  // glibc's default from here on
    auto* after = static_cast<char*>(::sbrk(0));
    if (before == reinterpret_cast<char*>(-1) || after <= before + huge) return;
    auto from = (reinterpret_cast<std::uintptr_t>(before) + huge - 1) / huge * huge;
    auto to = reinterpret_cast<std::uintptr_t>(after) / huge * huge;
    if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#endif
}

// glibc's malloc can itself ask for transparent huge pages for every part of the heap and
// every large block (the tunable glibc.malloc.hugetlb=1, glibc 2.35 and later), which the
// 1 GiB range above does not reach: on market-scale data (10M rows, 4 GB) most of the
// memory then still comes in 4 KiB pages, and page faults and TLB misses take a third of
// the run. glibc reads tunables only when a program starts, so dealgraph starts itself
// once more with the tunable added, when the kernel gives huge pages on request
// ("madvise" mode) and some argument is an input file of 32 MiB or more (smaller ones,
// about 1M rows, fit in the marked range, and are not worth the extra start). Any failure,
// or DEALGRAPH_NO_RESTART set, runs on as before.
void restart_with_huge_pages(int argc, char** argv) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
    constexpr const char* marker = "DEALGRAPH_NO_RESTART";
    if (std::getenv(marker)) return;
    bool big = false;
    for (int i = 1; i < argc && !big; ++i) {
        struct stat st {};
        big = ::stat(argv[i], &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (off_t{32} << 20);
    }
    if (!big) return;
    std::string mode;
    std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), mode);
    if (mode.find("[madvise]") == std::string::npos) return;
    const char* given = std::getenv("GLIBC_TUNABLES");
    const std::optional<std::string> old = given ? std::optional<std::string>(given) : std::nullopt;
    std::string tunables = old.value_or("");
    if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;
    tunables += (tunables.empty() ? "" : ":") + std::string("glibc.malloc.hugetlb=1");
    if (::setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
    if (::setenv(marker, "1", 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    // Still here: the restart failed. The environment goes back to what it was.
    if (old) ::setenv("GLIBC_TUNABLES", old->c_str(), 1);
    else ::unsetenv("GLIBC_TUNABLES");
    ::unsetenv(marker);
#else
    (void)argc;
    (void)argv;
#endif
}

}  // namespace

int main(int argc, char** argv) {
    // The layout worker: a fresh process per map, so maps come out the same every time.
    // It ends with _exit: Graphviz and fontconfig leave memory to the operating system,
    // which LeakSanitizer builds would otherwise report as this process's leaks.
    if (argc > 1 && std::string_view(argv[1]) == "__layout") ::_exit(dealgraph::run_layout_worker(argc, argv));
    restart_with_huge_pages(argc, argv);
    dealgraph::set_layout_program("/proc/self/exe");
    prefer_huge_pages();
    return dealgraph::cli::main(argc, argv);
}
