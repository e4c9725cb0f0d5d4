#pragma once
// MurmurHash3_x86_128 as Neuroglancer precomputed sharding uses it (seed 0, result = low 64 bits
// h1 | h2 << 32 of the 8-byte little-endian chunk id).

#include <array>
#include <cstdint>

#include "core/base/Bytes.h"

namespace skein::codec {

std::array<std::uint32_t, 4> murmurHash3X86_128(ByteView data, std::uint32_t seed);
std::uint64_t murmurHash3X86_128Low64(std::uint64_t value);

}  // namespace skein::codec
