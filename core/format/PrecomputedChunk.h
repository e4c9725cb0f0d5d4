#pragma once
// Encoding and decoding of one precomputed chunk (raw, jpeg, compressed_segmentation). Chunks are
// 4-D [x, y, z, c] in Fortran order, which is C order over [c, z, y, x]: decoded data uses that
// layout over the chunk's stored extent (edge chunks are stored truncated).

#include <string>

#include "core/base/Bytes.h"
#include "core/base/DataType.h"
#include "core/base/Result.h"
#include "core/base/Vec3.h"

namespace skein {

struct PrecomputedChunkFormat {
  std::string encoding;  // raw | jpeg | compressed_segmentation (png, compresso, jxl: Unsupported)
  DataType dtype = DataType::UInt8;
  int channels = 1;
  Vec3i compressedSegmentationBlockSize;
  int jpegQuality = 75;
};

// Unsupported for encodings and data types this reader cannot decode (named in the message).
Status checkPrecomputedChunkFormat(const PrecomputedChunkFormat& format, const std::string& where);

// Output: C order [c][z][y][x] over `extent` (x, y, z), native little-endian.
Result<QByteArray> decodePrecomputedChunk(ByteView stored, const PrecomputedChunkFormat& format, const Vec3i& extent,
                                          const std::string& where);
Result<QByteArray> encodePrecomputedChunk(const QByteArray& data, const PrecomputedChunkFormat& format,
                                          const Vec3i& extent);

}  // namespace skein
