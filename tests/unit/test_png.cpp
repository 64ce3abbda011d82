// dealgraph's PNG device (src/render/png_device.hpp): the bytes it encodes, and the same
// pixels as Graphviz's own cairo PNG writer on a real drawing.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_exception.hpp>
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdint>
#include <string>
#include <vector>

#include "dealgraph/model/error.hpp"
#include "dealgraph/render/map.hpp"
#include "render/graphviz.hpp"
#include "render/png_device.hpp"

namespace {

struct Decoded {
    std::uint32_t width = 0, height = 0;
    int color_type = -1;
    bool white_background = false;  // a bKGD chunk of white
    std::vector<unsigned char> pixels;  // as stored: RGB or RGBA rows
};

struct Reader {
    const std::string* data;
    std::size_t at = 0;
};

void read_bytes(png_structp png, png_bytep out, png_size_t n) {
    auto* r = static_cast<Reader*>(png_get_io_ptr(png));
    if (r->at + n > r->data->size()) png_error(png, "truncated");
    std::copy_n(r->data->data() + r->at, n, out);
    r->at += n;
}

// Decodes a PNG without any transformation. REQUIREs that libpng accepts it.
Decoded decode(const std::string& bytes) {
    Decoded d;
    Reader r{&bytes};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    volatile bool ok = false;
    if (!setjmp(png_jmpbuf(png))) {
        png_set_read_fn(png, &r, read_bytes);
        png_read_info(png, info);
        d.width = png_get_image_width(png, info);
        d.height = png_get_image_height(png, info);
        d.color_type = png_get_color_type(png, info);
        png_color_16p bg = nullptr;
        if (png_get_bKGD(png, info, &bg) && bg) d.white_background = bg->red == 255 && bg->green == 255 && bg->blue == 255;
        std::size_t row = png_get_rowbytes(png, info);
        d.pixels.resize(row * d.height);
        for (std::uint32_t y = 0; y < d.height; ++y) png_read_row(png, d.pixels.data() + y * row, nullptr);
        png_read_end(png, nullptr);
        ok = true;
    }
    png_destroy_read_struct(&png, &info, nullptr);
    REQUIRE(ok);
    return d;
}

}  // namespace

using dealgraph::render::gv::encode_png;

TEST_CASE("the PNG device writes an opaque image as RGB, the colours unchanged", "[png]") {
    // cairo ARGB32: 0xAARRGGBB, alpha premultiplied (a no-op at alpha 255).
    std::vector<std::uint32_t> argb{0xffff0000, 0xff00ff00, 0xff123456,   // row 1: red, green, #123456
                                    0xff000000, 0xffffffff, 0xff0000ff};  // row 2: black, white, blue
    auto d = decode(encode_png(argb.data(), 3, 2));
    CHECK(d.width == 3);
    CHECK(d.height == 2);
    CHECK(d.color_type == PNG_COLOR_TYPE_RGB);
    CHECK(d.white_background);
    CHECK(d.pixels == std::vector<unsigned char>{255, 0, 0, 0, 255, 0, 0x12, 0x34, 0x56,  //
                                                 0, 0, 0, 255, 255, 255, 0, 0, 255});
}

TEST_CASE("the PNG device unpremultiplies alpha with cairo's rounding", "[png]") {
    // One pixel that is not opaque makes the whole image RGBA. Channel c of a pixel of
    // alpha a (0 < a < 255) is stored as (c * 255 + a / 2) / a, in integers:
    //   a=128, r=64:  (64*255 + 64) / 128 = 16384 / 128 = 128
    //   a=3, r=1:     (255 + 1) / 3 = 85 (85.33 rounded down)
    //   a=3, g=2:     (510 + 1) / 3 = 170 (170.33)
    //   a=1, b=1:     (255 + 0) / 1 = 255
    //   a=0:          every channel 0
    std::vector<std::uint32_t> argb{0x80400000, 0x03010200, 0x01000001, 0x00000000, 0xff0000ff};
    auto d = decode(encode_png(argb.data(), 5, 1));
    CHECK(d.color_type == PNG_COLOR_TYPE_RGB_ALPHA);
    CHECK(d.white_background);
    CHECK(d.pixels == std::vector<unsigned char>{128, 0, 0, 128,  85, 170, 0, 3,  0, 0, 255, 1,  0, 0, 0, 0,
                                                 0, 0, 255, 255});
}

TEST_CASE("a map drawn through the PNG device has Graphviz's own pixels, in a smaller file", "[png]") {
    // Lays out in the worker process, as the command line does (Graphviz keeps state).
    dealgraph::set_layout_program(DEALGRAPH_BIN);
    namespace gv = dealgraph::render::gv;
    for (const char* bg : {"white", "transparent"}) {
        CAPTURE(bg);
        gv::Graph g("map", false);
        g.set("bgcolor", bg).set("dpi", "96");
        auto a = g.node("a"), b = g.node("b"), c = g.node("Twelve Labs");
        a.set("style", "filled").set("fillcolor", "#76b900").set("shape", "septagon");
        b.set("style", "filled").set("fillcolor", "#ff9900cc");
        c.set("fontsize", "20");
        g.edge(a, b).set("penwidth", "3").set("style", "dashed");
        g.edge(a, c).set("color", "#1f77b480");
        // "png:cairo:cairo" is Graphviz's cairo device; "png:cairo" goes to dealgraph's.
        auto out = gv::layout_and_render(g, "dot", std::vector<std::string>{"png:cairo:cairo", "png:cairo"});
        auto theirs = decode(out[0]), ours = decode(out[1]);
        CHECK(ours.width == theirs.width);
        CHECK(ours.height == theirs.height);
        CHECK(ours.width > 100);
        CHECK(ours.color_type == theirs.color_type);
        CHECK(ours.color_type == (std::string(bg) == "white" ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA));
        CHECK(ours.white_background == theirs.white_background);
        CHECK(ours.pixels == theirs.pixels);
        // Without row filters a tiny transparent drawing can come out a few percent
        // larger; an opaque one, like the maps (30-35% smaller there), does not.
        if (std::string(bg) == "white") CHECK(out[1].size() < out[0].size());
    }
}

TEST_CASE("the PNG device reports what libpng refused", "[png]") {
    // An image without pixels is not a valid PNG: libpng refuses its header.
    CHECK_THROWS_MATCHES(encode_png(nullptr, 0, 0), dealgraph::OutputError,
                         Catch::Matchers::Message("could not write the PNG (0x0 pixels): libpng: Invalid IHDR data"));
}
