#include "dealgraph/model/timing.hpp"
#include "graphviz.hpp"
#include "png_device.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "dealgraph/model/error.hpp"

namespace dealgraph::render::gv {
namespace {

// cgraph takes char* for strings it only reads; keep the copies alive for the call.
struct CStr {
    explicit CStr(std::string_view s) : buf(s.begin(), s.end()) { buf.push_back('\0'); }
    char* get() { return buf.data(); }
    std::vector<char> buf;
};

void set_attr(void* obj, std::string_view attr, std::string_view value) {
    CStr a(attr), v(value), empty("");
    agsafeset(obj, a.get(), v.get(), empty.get());
}

// One Graphviz context for the process: creating it loads the plugin configuration.
GVC_t* context() {
    static GVC_t* gvc = [] {
        GVC_t* c = gvContext();
        add_png_device(c);
        return c;
    }();
    return gvc;
}

// Object ids in creation order. cgraph's default discipline uses the address of a
// name's interned string as its id, and orders subgraphs (and some layout work) by id:
// the output then changes with memory layout from run to run. Named objects here get
// even ids 2, 4, 6... in the order they are first named; anonymous ones odd ids.
// Names are kept as cgraph reference strings: agwrite asks whether a name is an
// HTML string by looking at the reference-string header, so it must have one.
struct IdState {
    Agraph_t* root = nullptr;
    std::unordered_map<std::string, IDTYPE> ids;
    std::unordered_map<IDTYPE, char*> names;
    IDTYPE next_named = 2;
    IDTYPE next_anonymous = 1;
};

void* id_open(Agraph_t* g, Agdisc_t*) {
    auto* s = new IdState;
    s->root = g;
    return s;
}

long id_map(void* state, int, char* str, IDTYPE* id, int create) {
    auto* s = static_cast<IdState*>(state);
    if (!str) {
        *id = s->next_anonymous;
        s->next_anonymous += 2;
        return 1;
    }
    if (auto it = s->ids.find(str); it != s->ids.end()) {
        *id = it->second;
        return 1;
    }
    if (!create) return 0;
    *id = s->next_named;
    s->next_named += 2;
    s->ids.emplace(str, *id);
    s->names.emplace(*id, agstrdup(s->root, str));
    return 1;
}

long id_alloc(void*, int, IDTYPE) { return 0; }
void id_free(void*, int, IDTYPE) {}

char* id_print(void* state, int, IDTYPE id) {
    auto* s = static_cast<IdState*>(state);
    auto it = s->names.find(id);
    return it == s->names.end() ? nullptr : it->second;
}

void id_close(void* state) { delete static_cast<IdState*>(state); }
void id_register(void*, int, void*) {}

Agiddisc_t ordered_ids{id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};
Agdisc_t discipline{&AgMemDisc, &ordered_ids, &AgIoDisc};

std::mutex& gv_mutex() {
    static std::mutex m;  // Graphviz keeps global state: one layout at a time
    return m;
}

}  // namespace

Node& Node::set(std::string_view attr, std::string_view value) {
    set_attr(n_, attr, value);
    return *this;
}

Node& Node::set_html(std::string_view attr, std::string_view html) {
    CStr h(html);
    char* s = agstrdup_html(g_, h.get());
    CStr a(attr), empty("");
    agsafeset(n_, a.get(), s, empty.get());
    agstrfree(g_, s);
    return *this;
}

Edge& Edge::set(std::string_view attr, std::string_view value) {
    set_attr(e_, attr, value);
    return *this;
}

Graph::Graph(std::string_view name, bool directed) : owner_(true) {
    CStr n(name);
    g_ = agopen(n.get(), directed ? Agdirected : Agundirected, &discipline);
    if (!g_) throw OutputError("Graphviz could not create a graph");
}

Graph::~Graph() {
    if (owner_ && g_) agclose(g_);
}

Graph::Graph(Graph&& o) noexcept : g_(o.g_), owner_(o.owner_) { o.g_ = nullptr; }

Graph& Graph::set(std::string_view attr, std::string_view value) {
    set_attr(g_, attr, value);
    return *this;
}

Graph& Graph::set_html(std::string_view attr, std::string_view html) {
    CStr h(html);
    char* s = agstrdup_html(agroot(g_), h.get());
    CStr a(attr), empty("");
    agsafeset(g_, a.get(), s, empty.get());
    agstrfree(agroot(g_), s);
    return *this;
}

Graph& Graph::node_default(std::string_view attr, std::string_view value) {
    CStr a(attr), v(value);
    agattr(g_, AGNODE, a.get(), v.get());
    return *this;
}

Graph& Graph::edge_default(std::string_view attr, std::string_view value) {
    CStr a(attr), v(value);
    agattr(g_, AGEDGE, a.get(), v.get());
    return *this;
}

Node Graph::node(std::string_view name) {
    CStr n(name);
    return Node(agnode(g_, n.get(), 1), agroot(g_));
}

Edge Graph::edge(const Node& tail, const Node& head, std::string_view key) {
    CStr k(key);
    return Edge(agedge(g_, tail.raw(), head.raw(), key.empty() ? nullptr : k.get(), 1));
}

Graph Graph::subgraph(std::string_view name) {
    CStr n(name);
    return Graph(agsubg(g_, n.get(), 1), false);
}

std::string Graph::to_dot() const {
    char* buf = nullptr;
    std::size_t len = 0;
    FILE* f = open_memstream(&buf, &len);
    if (!f) throw OutputError("cannot write DOT: out of memory");
    agwrite(g_, f);
    std::fclose(f);
    std::string out(buf, len);
    std::free(buf);
    return out;
}

namespace {

// Lays out and renders in this process. Graphviz layouts keep static state between
// calls (fdp's parameters, the C library's generators), so callers run this in a
// fresh child process: see layout_and_render.
std::vector<std::string> render_here(Graph& graph, const std::string& engine, const std::vector<std::string>& formats) {
    GVC_t* gvc = context();
    std::srand(1);
    srand48(1);
    if (gvLayout(gvc, graph.raw(), engine.c_str()) != 0)
        throw OutputError("Graphviz layout '" + engine + "' failed (is the engine installed?)");
    std::vector<std::string> out;
    for (const auto& f : formats) {
        char* data = nullptr;
        unsigned int len = 0;
        // PNG through dealgraph's device (png_device.hpp): the same pixels, written faster.
        const bool ours = f == "png:cairo" || f == "png";
        const char* device = ours ? png_device_format : f.c_str();
        int rc = gvRenderData(gvc, graph.raw(), device, &data, &len);
        std::string bytes = rc == 0 && data ? std::string(data, len) : std::string();
        if (data) gvFreeRenderData(data);
        std::string device_error = ours ? take_png_device_error() : std::string();
        if (rc != 0 || !device_error.empty()) {
            gvFreeLayout(gvc, graph.raw());
            throw OutputError("Graphviz could not render format '" + f + "'" +
                              (device_error.empty() ? std::string() : ": " + device_error));
        }
        out.push_back(std::move(bytes));
    }
    gvFreeLayout(gvc, graph.raw());
    return out;
}

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

std::string& worker_path() {
    static std::string path;
    return path;
}

}  // namespace

void set_layout_worker(std::string program) { worker_path() = std::move(program); }

namespace {

std::vector<std::string> decode(const std::string& buf, std::size_t count) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::uint64_t n = 0;
        if (pos + sizeof n > buf.size()) throw OutputError("Graphviz output was cut short");
        std::memcpy(&n, buf.data() + pos, sizeof n);
        pos += sizeof n;
        if (pos + n > buf.size()) throw OutputError("Graphviz output was cut short");
        out.push_back(buf.substr(pos, n));
        pos += n;
    }
    return out;
}

std::string encode(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        std::uint64_t n = p.size();
        out.append(reinterpret_cast<const char*>(&n), sizeof n);
        out += p;
    }
    return out;
}

// A pipe's end, closed when it goes out of scope (or earlier, by reset()).
class Fd {
public:
    Fd() = default;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const { return fd_; }
    void reset(int fd = -1) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_ = -1;
};

// A pipe whose two ends are closed on exec, so no other child inherits them (the
// worker's child clears that for the ends it moves onto 0, 1 and 2).
void open_pipe(Fd& read_end, Fd& write_end) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw OutputError(std::string("cannot start the layout worker: pipe failed: ") + std::strerror(errno));
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
}

// Blocks SIGPIPE in this thread while it lives, so that writing to a worker that has gone
// fails with EPIPE instead of ending the process, without touching the process's own
// handling of SIGPIPE (a library must not): a SIGPIPE that such a write raised, and only
// that one, is taken off before the signal is unblocked.
class SigpipeBlock {
public:
    SigpipeBlock() {
        ::sigemptyset(&pipe_);
        ::sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        ::sigpending(&pending);
        was_pending_ = ::sigismember(&pending, SIGPIPE) == 1;
        ::pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;
    ~SigpipeBlock() {
        if (raised_ && !was_pending_) {
            const timespec now{0, 0};
            while (::sigtimedwait(&pipe_, nullptr, &now) < 0 && errno == EINTR) {
            }
        }
        ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    // A write failed with EPIPE, which raised SIGPIPE for this thread.
    void raised() { raised_ = true; }

private:
    sigset_t pipe_{}, old_{};
    bool was_pending_ = false;
    bool raised_ = false;
};

// Feeds `input` to `in` while reading `out` and `err` to their ends, all at once with
// poll(): the worker may write before it has read everything (Graphviz's warnings, a
// sanitizer's report), and a full pipe on either side must not stop the other.
void exchange(Fd& in, std::string_view input, Fd& out, std::string& out_text, Fd& err, std::string& err_text) {
    std::size_t written = 0;
    if (input.empty()) in.reset();
    // Without O_NONBLOCK a write larger than the pipe's free space would wait for all of it.
    else if (::fcntl(in.get(), F_SETFL, ::fcntl(in.get(), F_GETFL) | O_NONBLOCK) != 0)
        throw OutputError(std::string("cannot talk to the layout worker: fcntl failed: ") + std::strerror(errno));
    char chunk[1 << 16];
    SigpipeBlock sigpipe;  // a worker that fails early closes its input
    while (in.get() >= 0 || out.get() >= 0 || err.get() >= 0) {
        pollfd fds[3] = {{in.get(), POLLOUT, 0}, {out.get(), POLLIN, 0}, {err.get(), POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            throw OutputError(std::string("cannot talk to the layout worker: poll failed: ") + std::strerror(errno));
        }
        if (fds[0].revents != 0) {
            ssize_t w = ::write(in.get(), input.data() + written, input.size() - written);
            if (w < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (w < 0 && errno == EPIPE) sigpipe.raised();
            // A worker that stopped reading has failed; its exit status and message say why.
            if (w <= 0) in.reset();
            else if ((written += static_cast<std::size_t>(w)) == input.size()) in.reset();
        }
        for (int i : {1, 2}) {
            if (fds[i].revents == 0) continue;
            Fd& fd = i == 1 ? out : err;
            ssize_t r = ::read(fd.get(), chunk, sizeof chunk);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) fd.reset();
            else (i == 1 ? out_text : err_text).append(chunk, static_cast<std::size_t>(r));
        }
    }
}

// Runs the layout worker (dealgraph __layout) on the graph's DOT text: a fresh process
// whose memory is laid out the same on every run, so Graphviz's layouts, some of which
// depend on the order of heap addresses, come out the same too.
std::vector<std::string> render_in_worker(Graph& graph, const std::string& engine,
                                          const std::vector<std::string>& formats) {
    const std::string dot = graph.to_dot();
    Fd in_read, in_write, out_read, out_write, err_read, err_write;
    open_pipe(in_read, in_write);
    open_pipe(out_read, out_write);
    open_pipe(err_read, err_write);
    // Everything the child needs is made before fork: other threads may hold locks
    // (the allocator's among them) at the moment of fork, so the child calls only
    // async-signal-safe functions. A malloc here hung the report under AddressSanitizer.
    std::vector<std::string> args{worker_path(), "__layout", engine};
    args.insert(args.end(), formats.begin(), formats.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw OutputError(std::string("cannot start the layout worker: fork failed: ") + std::strerror(errno));
    if (pid == 0) {
        // A pipe end that already is 0, 1 or 2 (that standard stream was closed) keeps it,
        // and only loses close-on-exec, which dup2 onto itself would leave set.
        auto onto = [](int fd, int target) { return fd == target ? ::fcntl(fd, F_SETFD, 0) : ::dup2(fd, target); };
        if (onto(in_read.get(), 0) < 0 || onto(out_write.get(), 1) < 0 || onto(err_write.get(), 2) < 0)
            ::_exit(127);
        // Without address randomisation the worker's heap is the same on every run, and
        // so are the layouts (fdp orders some work by heap address).
        ::personality(static_cast<unsigned long>(::personality(0xffffffff)) | ADDR_NO_RANDOMIZE);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    in_read.reset();
    out_write.reset();
    err_write.reset();
    std::string buf, msg;
    exchange(in_write, dot, out_read, buf, err_read, msg);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        throw OutputError(msg.empty() ? "Graphviz layout '" + engine + "' failed; try another --layout" : msg);
    }
    return decode(buf, formats.size());
}

}  // namespace

std::vector<std::string> layout_and_render(Graph& graph, std::string_view engine,
                                           const std::vector<std::string>& formats) {
    std::string what = "layout " + std::string(engine);
    for (const auto& f : formats) what += " " + f;
    PhaseTimer timer(what);
    std::lock_guard lock(gv_mutex());
    std::string e(engine);
    if (!worker_path().empty()) return render_in_worker(graph, e, formats);
    return render_here(graph, e, formats);
}

int run_layout_worker(int argc, char** argv) {
    // dealgraph __layout ENGINE FORMAT...: DOT on standard input, the renderings on
    // standard output, each as an 8-byte length and the bytes.
    if (argc < 4) return 2;
    std::string dot;
    char chunk[1 << 16];
    for (;;) {
        ssize_t r = ::read(0, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        dot.append(chunk, static_cast<std::size_t>(r));
    }
    try {
        Agraph_t* g = agmemread(dot.c_str());
        if (!g) throw OutputError("the layout worker could not read the graph");
        Graph graph(g, true);
        std::vector<std::string> formats(argv + 3, argv + argc);
        std::string out = encode(render_here(graph, argv[2], formats));
        return write_all(1, out.data(), out.size()) ? 0 : 1;
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "%s\n", ex.what());
        return 1;
    }
}

std::string layout_and_render(Graph& graph, std::string_view engine, std::string_view format) {
    return layout_and_render(graph, engine, std::vector<std::string>{std::string(format)}).front();
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace dealgraph::render::gv
