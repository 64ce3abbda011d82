#include "support/run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace dealgraph::test {

namespace {
std::string slurp_fd(int fd) {
    std::string out;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
}
}  // namespace

namespace {
// Waits for the child; its exit code and its own peak memory go into r.
void wait_for(pid_t pid, RunResult& r) {
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.max_rss_bytes = static_cast<long long>(ru.ru_maxrss) * 1024;  // Linux reports KiB
}
}  // namespace

RunResult run_dealgraph(const std::vector<std::string>& args, const std::string& stdin_text) {
    ::signal(SIGPIPE, SIG_IGN);  // the child may exit without reading its input
    int in[2], out[2], err[2];
    if (::pipe(in) || ::pipe(out) || ::pipe(err)) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) posix_spawn_file_actions_addclose(&fa, fd);
    std::vector<std::string> argv_s{DEALGRAPH_BIN};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid;
    if (posix_spawn(&pid, DEALGRAPH_BIN, &fa, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start " DEALGRAPH_BIN);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    std::thread feeder([&] {
        const char* p = stdin_text.data();
        std::size_t left = stdin_text.size();
        while (left > 0) {
            ssize_t n = ::write(in[1], p, left);
            if (n <= 0) break;
            p += n;
            left -= static_cast<std::size_t>(n);
        }
        ::close(in[1]);
    });
    RunResult r;
    std::thread err_reader([&] { r.err = slurp_fd(err[0]); });
    r.out = slurp_fd(out[0]);
    err_reader.join();
    feeder.join();
    ::close(out[0]);
    ::close(err[0]);
    wait_for(pid, r);
    return r;
}

RunResult run_dealgraph_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || ::grantpt(master) || ::unlockpt(master)) throw std::runtime_error("no pseudo-terminal");
    const char* slave_name = ::ptsname(master);
    if (!slave_name) throw std::runtime_error("no pseudo-terminal");
    int slave = ::open(slave_name, O_RDWR | O_NOCTTY);
    int out[2];
    if (slave < 0 || ::pipe(out)) throw std::runtime_error("cannot open the pseudo-terminal");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, slave, 2);
    for (int fd : {master, slave, out[0], out[1]}) posix_spawn_file_actions_addclose(&fa, fd);
    std::vector<std::string> argv_s{DEALGRAPH_BIN};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_s(env);
    for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid;
    if (posix_spawn(&pid, DEALGRAPH_BIN, &fa, nullptr, argv.data(), envp.data()) != 0)
        throw std::runtime_error("cannot start " DEALGRAPH_BIN);
    posix_spawn_file_actions_destroy(&fa);
    ::close(slave);
    ::close(out[1]);
    RunResult r;
    // The terminal reads EIO once the child, its only other holder, has exited.
    std::thread err_reader([&] { r.err = slurp_fd(master); });
    r.out = slurp_fd(out[0]);
    err_reader.join();
    ::close(out[0]);
    ::close(master);
    wait_for(pid, r);
    return r;
}

std::string temp_dir(const std::string& name) {
    const char* base = std::getenv("DEALGRAPH_TEST_TMP");
    std::filesystem::path p = std::filesystem::path(base ? base : "/tmp/dealgraph-tests") / name;
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p.string();
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& content) {
    std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream f(path, std::ios::binary);
    f << content;
    return path;
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string fixture(const std::string& name) { return std::string(DEALGRAPH_FIXTURES) + "/" + name; }

}  // namespace dealgraph::test
