#pragma once
// CRC32C (Castagnoli, reflected poly 0x82F63B78, init/xorout 0xFFFFFFFF), as the Zarr v3 crc32c
// codec uses it. Debian 12 packages no crc32c library, hence this small table implementation.

#include <cstdint>

#include "core/base/Bytes.h"

namespace skein::codec {

std::uint32_t crc32c(ByteView data);
// Continues a CRC: crc32c(a+b) == crc32cExtend(crc32c(a), b).
std::uint32_t crc32cExtend(std::uint32_t crc, ByteView data);

}  // namespace skein::codec
