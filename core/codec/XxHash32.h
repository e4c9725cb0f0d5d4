#pragma once
// XXH32 (Yann Collet's xxHash, 32-bit variant). lz4-java checksums its blocks with it; Debian's
// liblz4 keeps its copy private and libxxhash-dev is not a project dependency, hence this copy.

#include <cstdint>

#include "core/base/Bytes.h"

namespace skein::codec {

std::uint32_t xxHash32(ByteView data, std::uint32_t seed);

}  // namespace skein::codec
