#pragma once
// dealgraph's own Graphviz output device for PNG. Internal to the render module.
//
// Graphviz's cairo renderer draws the map into an ARGB image; its "png:cairo" device then
// writes the PNG with cairo's writer, which lets libpng try all five row filters at
// zlib level 6: on the bipartite map of `report --map-top 300` (2138x9793 pixels at
// 96 dpi), 1.8 s of a 3.4 s render. This device receives the same pixels and writes
// them without a row filter at zlib level 3: 0.5 s, and the file is 27% smaller (the
// report's other maps: 30-35%). The image decodes to the same pixels, byte for byte
// (tests/unit/test_png.cpp compares them).

#include <cstdint>
#include <string>

struct GVC_s;

namespace dealgraph::render::gv {

/// The format name to ask Graphviz for: the cairo renderer, this device.
inline constexpr const char* png_device_format = "png:cairo:dealgraph";

/// Makes `png_device_format` available in this Graphviz context (once per context).
void add_png_device(GVC_s* gvc);

/// Why the device's last PNG on this thread was not written ("" if it was), and clears
/// it: gvRenderData cannot report a device's failure.
std::string take_png_device_error();

/// Encodes a cairo ARGB32 image (premultiplied alpha, native-endian 32-bit pixels,
/// rows of exactly `width` pixels) as cairo's own PNG writer does: RGB when every
/// pixel is opaque, otherwise RGBA with the alpha unpremultiplied, rounding as cairo
/// does; a white bKGD chunk. Throws dealgraph::OutputError if libpng fails.
std::string encode_png(const std::uint32_t* argb, std::uint32_t width, std::uint32_t height);

}  // namespace dealgraph::render::gv
