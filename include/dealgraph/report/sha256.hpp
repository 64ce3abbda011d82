#pragma once
// SHA-256 (FIPS 180-4), for the input checksums a report records.

#include <string>
#include <string_view>

namespace dealgraph {

/// Lower-case hex digest of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace dealgraph
