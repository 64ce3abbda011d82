// dealgraph command line: argument wiring only; the work is in the library.

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif

#include <CLI/CLI.hpp>
#include <iostream>

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
        app.parse(argc, argv);
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

}  // namespace

int main(int argc, char** argv) {
    // The layout worker: a fresh process per map, so maps come out the same every time.
    // It ends with _exit: Graphviz and fontconfig leave memory to the operating system,
    // which LeakSanitizer builds would otherwise report as this process's leaks.
    if (argc > 1 && std::string_view(argv[1]) == "__layout") ::_exit(dealgraph::run_layout_worker(argc, argv));
    dealgraph::set_layout_program("/proc/self/exe");
    prefer_huge_pages();
    return dealgraph::cli::main(argc, argv);
}
