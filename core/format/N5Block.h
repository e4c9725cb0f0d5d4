#pragma once
// One N5 block file: a big-endian header (mode, ndim, this block's size per dimension) and the
// compressed payload of big-endian elements in N5 order (first dimension fastest).

#include <string>

#include "core/base/Bytes.h"
#include "core/base/DataType.h"
#include "core/base/Result.h"
#include "core/format/ChunkedArray.h"
#include "core/format/N5Compression.h"

namespace skein {

struct N5BlockCodec {
  DataType dtype = DataType::UInt8;
  Shape blockSize;  // N5 order
  N5Compression compression;
};

struct N5Block {
  Shape size;       // this block's size in N5 order (smaller than blockSize for truncated edges)
  QByteArray data;  // native little-endian elements, N5 order (first dimension fastest)
};

// Rejects varlength/object modes, a dimension count other than blockSize's and sizes larger than
// blockSize. `where` names the block for errors.
Result<N5Block> decodeN5Block(ByteView bytes, const N5BlockCodec& codec, const std::string& where);
// Writes a default-mode block of `block.size` (native little-endian data in N5 order).
Result<QByteArray> encodeN5Block(const N5Block& block, const N5BlockCodec& codec);

// Reverses the byte order of each element in place (elementSize 1 is a no-op).
void swapElementBytes(QByteArray& data, std::size_t elementSize);

}  // namespace skein
