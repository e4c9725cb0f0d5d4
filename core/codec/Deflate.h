#pragma once
// gzip (RFC 1952) and zlib (RFC 1950) through zlib.

#include "core/base/Bytes.h"
#include "core/base/Result.h"

namespace skein::codec {

// Decodes a gzip member or a zlib stream (auto-detected; concatenated gzip members are accepted;
// other bytes after the end of the stream are an error).
// expectedSize >= 0: the exact decoded size (an error if the data decodes to another size);
// -1: unknown (output grows, capped at maxSize).
Result<QByteArray> inflateAny(ByteView in, qsizetype expectedSize = -1, qsizetype maxSize = qsizetype(1) << 32);
Result<QByteArray> gzipEncode(ByteView in, int level = 6);
Result<QByteArray> zlibEncode(ByteView in, int level = 6);

}  // namespace skein::codec
