#pragma once
// Blosc 1.x frames (Zarr v2/v3, N5 blosc) through libblosc (handles every internal codec and
// shuffle mode; the frame header carries typesize, shuffle and codec).

#include <string>

#include "core/base/Bytes.h"
#include "core/base/Result.h"

namespace skein::codec {

enum class BloscShuffle { None = 0, Byte = 1, Bit = 2 };

struct BloscParams {
  std::string cname = "lz4";  // blosclz, lz4, lz4hc, snappy (if built in), zlib, zstd
  int clevel = 5;
  BloscShuffle shuffle = BloscShuffle::Byte;
  int typesize = 1;
  int blocksize = 0;  // 0 = automatic
};

// Validates the 16-byte header against the input length before decoding (bytes after the frame's
// cbytes are ignored, as numcodecs does). expectedSize >= 0: the decoded size must match it.
Result<QByteArray> bloscDecode(ByteView in, qsizetype expectedSize = -1);
Result<QByteArray> bloscEncode(ByteView in, const BloscParams& params);

}  // namespace skein::codec
