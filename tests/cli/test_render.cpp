// Maps: golden DOT files, SVG that parses, PNG of the requested size, legends that
// match the data, identical bytes on every run, and errors a user can act on.

#include <expat.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_exception.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "dealgraph/analysis/centrality.hpp"
#include "dealgraph/graph/bipartite.hpp"
#include "dealgraph/ingest/generate.hpp"
#include "dealgraph/ingest/load.hpp"
#include "dealgraph/model/error.hpp"
#include "dealgraph/render/map.hpp"
#include "support/run.hpp"

using namespace dealgraph;
using dealgraph::test::fixture;
using dealgraph::test::read_file;
using dealgraph::test::run_dealgraph;
using dealgraph::test::temp_dir;
using dealgraph::test::write_file;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = DEALGRAPH_SOURCE_DIR;

// Parses XML with expat; returns "" when well-formed, else expat's message and line.
std::string xml_error(const std::string& text, std::vector<std::string>* titles = nullptr) {
    XML_Parser p = XML_ParserCreate("UTF-8");
    struct State {
        std::vector<std::string>* titles;
        bool in_title = false;
        std::string text;
    } st{titles, false, {}};
    XML_SetUserData(p, &st);
    XML_SetElementHandler(
        p,
        [](void* u, const XML_Char* name, const XML_Char**) {
            auto* s = static_cast<State*>(u);
            s->in_title = std::string(name) == "title";
            s->text.clear();
        },
        [](void* u, const XML_Char* name) {
            auto* s = static_cast<State*>(u);
            if (std::string(name) == "title" && s->titles) s->titles->push_back(s->text);
            s->in_title = false;
        });
    XML_SetCharacterDataHandler(p, [](void* u, const XML_Char* t, int len) {
        auto* s = static_cast<State*>(u);
        if (s->in_title) s->text.append(t, static_cast<std::size_t>(len));
    });
    std::string err;
    if (XML_Parse(p, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_ERROR)
        err = std::string(XML_ErrorString(XML_GetErrorCode(p))) + " at line " +
              std::to_string(XML_GetCurrentLineNumber(p));
    XML_ParserFree(p);
    return err;
}

Dataset load(const std::string& path) {
    Diagnostics diag;
    auto d = load_files({path}, {}, diag);
    REQUIRE_FALSE(diag.has_errors());
    return d;
}

}  // namespace

TEST_CASE("graphs/*.dot are what scripts/maps makes from data/ai-deals.json", "[render][golden]") {
    std::ifstream manifest(source_dir + "/graphs/maps.txt");
    REQUIRE(manifest);
    std::string line;
    int checked = 0;
    auto dir = temp_dir("golden");
    while (std::getline(manifest, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::string name, w;
        words >> name;
        std::vector<std::string> args{"render", source_dir + "/data/ai-deals.json"};
        while (words >> w) args.push_back(w);
        // The golden files were made with the relative path data/ai-deals.json: the
        // subtitle names the file, not its folder, so the bytes agree.
        args.insert(args.end(), {"-q", "-o", dir + "/" + name + ".dot"});
        auto r = run_dealgraph(args);
        INFO(name << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        auto want = read_file(source_dir + "/graphs/" + name + ".dot");
        REQUIRE_FALSE(want.empty());
        CHECK(read_file(dir + "/" + name + ".dot") == want);  // run scripts/maps after an intended change
        ++checked;
    }
    CHECK(checked == 5);
}

TEST_CASE("SVG parses as XML and holds every node", "[render]") {
    auto dir = temp_dir("svg");
    auto r = run_dealgraph({"render", fixture("tiny.json"), "-o", dir + "/t.svg"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, ContainsSubstring("wrote " + dir + "/t.svg (ecosystem view, 6 nodes"));
    std::vector<std::string> titles;
    CHECK(xml_error(read_file(dir + "/t.svg"), &titles).empty());
    for (const char* n : {"i:lux", "i:nvidia", "i:nventures", "s:hf", "s:adept", "s:cohere"}) {
        INFO(n);
        CHECK(std::find(titles.begin(), titles.end(), n) != titles.end());
    }
    // The committed maps parse too, with no NaN coordinates (browsers reject them).
    for (const char* name : {"ecosystem", "bipartite", "ego-hugging-face", "coinvestors",
                             "concentration-nvidia-what-if"}) {
        INFO(name);
        auto svg = read_file(source_dir + "/graphs/" + name + ".svg");
        CHECK(xml_error(svg).empty());
        CHECK(svg.find("-nan") == std::string::npos);
        CHECK(svg.find("nan,") == std::string::npos);
    }
}

TEST_CASE("a PNG has the requested width", "[render]") {
    auto dir = temp_dir("png");
    for (int width : {640, 1920}) {
        auto path = dir + "/w" + std::to_string(width) + ".png";
        auto r = run_dealgraph({"render", fixture("tiny.json"), "--width", std::to_string(width), "-o", path});
        REQUIRE(r.exit_code == 0);
        auto png = read_file(path);
        REQUIRE(png.size() > 24);
        CHECK(png.substr(1, 3) == "PNG");
        auto be32 = [&](std::size_t at) {
            std::uint32_t v = 0;
            for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(png[at + k]);
            return v;
        };
        CHECK(be32(16) == static_cast<unsigned>(width));  // IHDR width
        CHECK(be32(20) > 100u);
    }
    // PDF too.
    auto pdf = run_dealgraph({"render", fixture("tiny.json"), "-o", dir + "/t.pdf"});
    REQUIRE(pdf.exit_code == 0);
    CHECK(read_file(dir + "/t.pdf").substr(0, 5) == "%PDF-");
}

TEST_CASE("the legend lists exactly the types and sectors drawn", "[render]") {
    auto data = load(fixture("tiny.json"));
    MapOptions o;
    auto r = render_map(data, {}, o, "dot");
    // tiny.json: lux (vc), nvidia (big_tech), nventures (corporate_vc); hf (ai-platform),
    // adept and cohere (foundation-models); closed and announced deals; a partnership tie.
    std::vector<std::string> want{"Big Tech (square)",
                                  "Corporate VC (hexagon)",
                                  "Venture capital (diamond)",
                                  "ai-platform",
                                  "foundation-models",
                                  "node size: PageRank",
                                  "line width: capital (log scale)",
                                  "closed deal",
                                  "announced or negotiating",
                                  "rejected offer",
                                  "non-equity tie (partnership, compute, board...)"};
    CHECK(r.legend == want);
    CHECK(r.nodes == 6);
    // Without the rejected offer and the tie, their entries go.
    o.offers = false;
    o.ties = false;
    auto plain = render_map(data, {}, o, "dot");
    CHECK(std::find(plain.legend.begin(), plain.legend.end(), "rejected offer") == plain.legend.end());
    CHECK(plain.legend.back() == "announced or negotiating");
}

TEST_CASE("the same input gives the same bytes", "[render]") {
    // As the dealgraph binary does: lay out in a fresh worker process each time.
    set_layout_program(DEALGRAPH_BIN);
    auto data = load(source_dir + "/data/ai-deals.json");
    for (auto view : {MapView::ecosystem, MapView::coinvestors, MapView::concentration}) {
        MapOptions o;
        o.view = view;
        for (const char* f : {"dot", "svg"}) {
            INFO(to_string(view) << " " << f);
            CHECK(render_map(data, {}, o, f).data == render_map(data, {}, o, f).data);
        }
    }
    // And across processes, through the command line.
    auto dir = temp_dir("same");
    for (int i : {1, 2})
        REQUIRE(run_dealgraph({"render", fixture("tiny.json"), "--view", "ego", "--around", "hf", "-o",
                               dir + "/" + std::to_string(i) + ".svg"})
                    .exit_code == 0);
    CHECK(read_file(dir + "/1.svg") == read_file(dir + "/2.svg"));
}

TEST_CASE("themes, aspect and views through the command line", "[render]") {
    auto dir = temp_dir("views");
    for (const char* view : {"bipartite", "ecosystem", "coinvestors", "concentration"})
        for (const char* theme : {"light", "dark", "print"}) {
            INFO(view << " " << theme);
            auto r = run_dealgraph({"render", fixture("tiny.json"), "--view", view, "--theme", theme, "--aspect",
                                    "16:9", "-o", dir + "/" + view + "-" + theme + ".svg"});
            CHECK(r.exit_code == 0);
            CHECK(xml_error(read_file(dir + "/" + view + "-" + theme + ".svg")).empty());
        }
    auto dark = read_file(dir + "/ecosystem-dark.svg");
    CHECK_THAT(dark, ContainsSubstring("fill=\"#1e1e24\""));
    auto dot = run_dealgraph({"render", fixture("tiny.json"), "--format", "dot", "-o", "-"});
    CHECK_THAT(dot.out, Catch::Matchers::StartsWith("graph dealgraph {"));
    CHECK_THAT(dot.out, ContainsSubstring("layout=sfdp"));
}

TEST_CASE("render errors say what to fix", "[render]") {
    auto dir = temp_dir("render-errors");
    auto view = run_dealgraph({"render", fixture("tiny.json"), "--view", "galaxy", "-o", dir + "/x.svg"});
    CHECK(view.exit_code == 1);
    CHECK_THAT(view.err, ContainsSubstring("--view galaxy: expected bipartite, ecosystem, ego, coinvestors or "
                                           "concentration"));
    auto layout = run_dealgraph({"render", fixture("tiny.json"), "--layout", "spring", "-o", dir + "/x.svg"});
    CHECK(layout.exit_code == 1);
    CHECK_THAT(layout.err, ContainsSubstring("--layout spring: expected dot, sfdp, fdp, neato, twopi, circo or osage"));
    auto out = run_dealgraph({"render", fixture("tiny.json"), "-o", dir + "/missing/x.svg"});
    CHECK(out.exit_code == 3);
    CHECK_THAT(out.err, ContainsSubstring("cannot write " + dir + "/missing/x.svg: folder " + dir +
                                          "/missing does not exist"));
    auto around = run_dealgraph({"render", fixture("tiny.json"), "--view", "ego", "--around", "hugface", "-o",
                                 dir + "/x.svg"});
    CHECK(around.exit_code == 1);
    CHECK_THAT(around.err, ContainsSubstring("--around hugface: no startup or investor with this id or name in the "
                                             "counted deals; did you mean"));
    auto ext = run_dealgraph({"render", fixture("tiny.json"), "-o", dir + "/x.gif"});
    CHECK(ext.exit_code == 1);
    CHECK_THAT(ext.err, ContainsSubstring("cannot tell the format from the name"));
    auto aspect = run_dealgraph({"render", fixture("tiny.json"), "--aspect", "wide", "-o", dir + "/x.svg"});
    CHECK(aspect.exit_code == 1);
    CHECK_THAT(aspect.err, ContainsSubstring("--aspect wide: expected W:H such as 16:9"));
}

TEST_CASE("render --top caps the ego and concentration views too, keeping the nearest and the what-if", "[render]") {
    set_layout_program(DEALGRAPH_BIN);  // layouts in a fresh process, as the command line does
    auto data = load(source_dir + "/data/ai-deals.json");
    MapOptions o;
    o.view = MapView::ego;
    o.around = "hugging-face";
    auto full = render_map(data, {}, o, "dot");
    REQUIRE(full.nodes > 20);
    o.top = 20;
    auto capped = render_map(data, {}, o, "dot");
    CHECK(capped.nodes == 20);
    CHECK_THAT(capped.data, ContainsSubstring("20 of its " + std::to_string(full.nodes) + " nodes"));
    // The centre and all its direct investors come first.
    auto ego = render_map(data, {}, [&] {
        MapOptions one = o;
        one.depth = 1;
        one.top = 0;
        return one;
    }(), "dot");
    REQUIRE(ego.nodes < 20);
    for (const char* id : {"s:hugging-face", "i:nvidia", "i:google", "i:amazon", "i:amd", "i:intel"}) {
        INFO(id);
        CHECK_THAT(capped.data, ContainsSubstring(std::string("\"") + id + "\""));
    }

    MapOptions c;
    c.view = MapView::concentration;
    c.top = 10;
    c.what_if = {"hugging-face-2026-nvidia-offer"};
    GraphOptions rolled;
    rolled.rollup = true;
    auto conc = render_map(data, rolled, c, "dot");
    CHECK(conc.nodes <= 12);  // about 10, plus the what-if deal's startup and investor
    CHECK_THAT(conc.data, ContainsSubstring("the investors with the most capital"));
    CHECK_THAT(conc.data, ContainsSubstring("\"s:hugging-face\""));
    CHECK_THAT(conc.data, ContainsSubstring("what-if: 59%"));
}

TEST_CASE("one render of several formats gives what one render per format gives", "[render]") {
    set_layout_program(DEALGRAPH_BIN);  // in-process layouts are not repeatable within one process
    auto data = load(source_dir + "/data/ai-deals.json");
    MapOptions o;
    o.view = MapView::ecosystem;
    o.aspect = "16:9";
    o.width_px = 800;
    auto all = render_map(data, {}, o, std::vector<std::string>{"svg", "dot", "png"});
    REQUIRE(all.size() == 3);
    CHECK(all[0].data == render_map(data, {}, o, "svg").data);
    CHECK(all[1].data == render_map(data, {}, o, "dot").data);
    auto png = all[2].data;
    REQUIRE(png.size() > 24);
    std::uint32_t w = 0;
    for (std::size_t k = 16; k < 20; ++k) w = (w << 8) | static_cast<unsigned char>(png[k]);
    CHECK(w == 800u);
    CHECK(all[0].engine == "sfdp + stretched to 16:9");
}

namespace {
// The drawing's size in points from an SVG's root element.
std::pair<double, double> svg_size(const std::string& svg) {
    auto w = svg.find("<svg width=\"");
    auto h = svg.find("height=\"", w);
    REQUIRE(w != std::string::npos);
    REQUIRE(h != std::string::npos);
    return {std::atof(svg.c_str() + w + 12), std::atof(svg.c_str() + h + 8)};
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("the co-investors map of market-size data is about as tall as wide", "[render]") {
    // 300 investors in several communities: dot put the communities side by side, 8 times
    // as wide as tall on this file (24563 x 3041 pt), so the PNG of a report was a strip
    // whose names nobody could read. osage packs them.
    auto dir = temp_dir("coinvestors-shape");
    auto csv = write_file(dir, "deals.csv", generate_deals_csv({20000, 3}));
    auto r = run_dealgraph({"render", csv, "--view", "coinvestors", "--top", "300", "-o", dir + "/c.svg"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, ContainsSubstring("osage layout"));
    auto svg = read_file(dir + "/c.svg");
    auto [w, h] = svg_size(svg);
    INFO(w << " x " << h << " pt");
    CHECK(count_of(svg, "class=\"cluster\"") >= 3);  // communities (the legend is in the header)
    CHECK(w / h < 2.0);
    CHECK(h / w < 2.0);
}

TEST_CASE("in each community the investors with the largest measure come first", "[render]") {
    auto data = load(source_dir + "/data/ai-deals.json");
    GraphOptions rollup;
    rollup.rollup = true;
    MapOptions o;
    o.view = MapView::coinvestors;
    auto dot = render_map(data, rollup, o, "dot").data;
    auto g = BipartiteGraph::build(data, rollup);
    auto pr = pagerank(g.view());
    // Each community's nodes in the DOT, with their grid order (sortv).
    std::size_t clusters = 0, nodes = 0;
    for (auto at = dot.find("subgraph cluster_"); at != std::string::npos; at = dot.find("subgraph cluster_", at + 1)) {
        auto end = dot.find("\n\t}", at);
        std::string block = dot.substr(at, end - at);
        if (block.starts_with("subgraph cluster_legend")) continue;
        std::map<int, double> by_order;
        // Node lines look like: \n\t\t"i:NAME"\t[attrs];
        const std::string head = "\n\t\t\"i:";
        for (auto n = block.find(head); n != std::string::npos; n = block.find(head, n + 1)) {
            auto name_end = block.find("\"\t[", n + head.size());
            REQUIRE(name_end != std::string::npos);
            auto attrs_end = block.find("];", name_end);
            REQUIRE(attrs_end != std::string::npos);
            std::string name = block.substr(n + head.size(), name_end - n - head.size());
            std::string attrs = block.substr(name_end, attrs_end - name_end);
            auto sv = attrs.find("sortv=");
            REQUIRE(sv != std::string::npos);
            auto v = g.find(Side::investor, name);
            REQUIRE(v);
            by_order[std::stoi(attrs.substr(sv + 6))] = pr[*v];
        }
        REQUIRE(by_order.size() > 1);
        CHECK(by_order.begin()->first == 0);
        CHECK(by_order.rbegin()->first == static_cast<int>(by_order.size()) - 1);
        for (auto it = by_order.begin(); std::next(it) != by_order.end(); ++it) CHECK(it->second >= std::next(it)->second);
        ++clusters;
        nodes += by_order.size();
    }
    CHECK(clusters == 4);
    CHECK(nodes >= 40);
}

TEST_CASE("the co-investors map keeps its community boxes under --aspect", "[render]") {
    set_layout_program(DEALGRAPH_BIN);  // as the command line does; in-process Graphviz leaks under ASan
    auto data = load(source_dir + "/data/ai-deals.json");
    MapOptions o;
    o.view = MapView::coinvestors;
    GraphOptions rollup;
    rollup.rollup = true;
    auto plain = render_map(data, rollup, o, "svg");
    o.aspect = "16:9";
    auto wide = render_map(data, rollup, o, "svg");
    CHECK(wide.engine == "osage + stretched to 16:9");
    auto boxes = count_of(plain.data, "class=\"cluster\"");
    CHECK(boxes == 4);  // four communities; the legend is in the header
    CHECK(count_of(wide.data, "class=\"cluster\"") == boxes);
    for (int k = 1; k <= 4; ++k) CHECK_THAT(wide.data, ContainsSubstring(">community " + std::to_string(k) + " ("));
    auto [w, h] = svg_size(wide.data);
    CHECK(std::abs(w / h - 16.0 / 9.0) < 0.1);
}

TEST_CASE("the co-investors map's legend is above the drawing where no edge passes", "[render]") {
    // dot routes the long ties between communities through any free spot, and the legend
    // used to be a box in the middle of them. It is now in the header, beside the title:
    // every line of it is above every node's name, at any aspect.
    set_layout_program(DEALGRAPH_BIN);
    auto data = load(source_dir + "/data/ai-deals.json");
    GraphOptions rollup;
    rollup.rollup = true;
    MapOptions o;
    o.view = MapView::coinvestors;
    for (const char* aspect : {"", "16:9"}) {
        o.aspect = aspect;
        auto svg = render_map(data, rollup, o, "svg").data;
        INFO("aspect " << aspect);
        // SVG y grows downwards: the legend's lowest line has a smaller y than any node's name.
        auto y_of = [&](std::size_t text_at) { return std::atof(svg.c_str() + svg.find(" y=\"", text_at) + 4); };
        std::size_t last_line = svg.find(">largest syndicate (");
        REQUIRE(last_line != std::string::npos);
        const double legend_bottom = y_of(svg.rfind("<text", last_line));
        std::size_t nodes = 0;
        for (std::size_t at = svg.find("class=\"node\""); at != std::string::npos;
             at = svg.find("class=\"node\"", at + 1), ++nodes)
            CHECK(y_of(svg.find("<text", at)) > legend_bottom);
        CHECK(nodes > 40);
    }
}

TEST_CASE("a layout worker's long error output reaches the caller without a deadlock", "[render]") {
    // A worker that writes more to standard error than a pipe holds (64 KiB), without
    // reading its input, and fails: the caller must drain both pipes at once, or it waits
    // on the worker's standard output while the worker waits on a full standard error.
    auto dir = temp_dir("flooding-worker");
    const std::string worker = write_file(dir, "worker.sh", "#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' x >&2\necho >&2\nexit 1\n");
    fs::permissions(worker, fs::perms::owner_all);
    set_layout_program(worker);
    auto data = load(source_dir + "/data/ai-deals.json");
    MapOptions o;
    o.view = MapView::ecosystem;
    std::string message;
    try {
        render_map(data, {}, o, "svg");
    } catch (const OutputError& e) {
        message = e.what();
    }
    set_layout_program(DEALGRAPH_BIN);
    CHECK(message == std::string(300000, 'x'));  // all of it, its last newline dropped
    // A worker that fails without a word gets the layout's name and a hint.
    write_file(dir, "worker.sh", "#!/bin/sh\nexit 3\n");
    set_layout_program(worker);
    CHECK_THROWS_MATCHES(render_map(data, {}, o, "svg"), OutputError,
                         Catch::Matchers::Message("Graphviz layout 'sfdp' failed; try another --layout"));
    set_layout_program(DEALGRAPH_BIN);
}

TEST_CASE("a worker that exits without reading leaves the caller's SIGPIPE handling alone", "[render]") {
    // Writing the map to a worker that has gone fails with EPIPE and raises SIGPIPE, which by
    // default ends the process. The library blocks it for that write only: the caller's
    // disposition stays as it was (here the default) and no SIGPIPE is left pending.
    struct sigaction dfl {}, before {}, after {};
    dfl.sa_handler = SIG_DFL;
    REQUIRE(::sigaction(SIGPIPE, &dfl, &before) == 0);
    auto dir = temp_dir("gone-worker");
    auto data = load(write_file(dir, "deals.csv", generate_deals_csv({20000, 5})));
    MapOptions o;
    o.view = MapView::ecosystem;
    o.top = 3000;
    // More than a pipe holds (64 KiB), so some of it is written after the worker has gone.
    CHECK(render_map(data, {}, o, "dot").data.size() > (std::size_t{1} << 18));
    const std::string worker = write_file(dir, "worker.sh", "#!/bin/sh\nexit 1\n");
    fs::permissions(worker, fs::perms::owner_all);
    set_layout_program(worker);
    CHECK_THROWS_AS(render_map(data, {}, o, "svg"), OutputError);
    set_layout_program(DEALGRAPH_BIN);
    REQUIRE(::sigaction(SIGPIPE, &before, &after) == 0);
    CHECK(after.sa_handler == SIG_DFL);
    sigset_t pending;
    ::sigpending(&pending);
    CHECK(::sigismember(&pending, SIGPIPE) == 0);
}

TEST_CASE("maps are drawn when the caller's standard input is closed", "[render]") {
    // The worker's input pipe then gets descriptor 0, which it must keep through exec.
    set_layout_program(DEALGRAPH_BIN);
    auto data = load(fixture("tiny.json"));
    MapOptions o;
    o.view = MapView::ego;
    o.around = "hf";
    const auto want = render_map(data, {}, o, "svg").data;
    const int saved = ::dup(0);
    REQUIRE(saved >= 0);
    ::close(0);
    std::string got, error;
    try {
        got = render_map(data, {}, o, "svg").data;
    } catch (const std::exception& e) {
        error = e.what();
    }
    ::dup2(saved, 0);
    ::close(saved);
    CHECK(error.empty());
    CHECK(got == want);
}
