#pragma once
#include "core/base/Bytes.h"
#include "core/base/Result.h"

namespace skein::codec {

// Decodes one or more concatenated Zstandard frames. Frames without a content size need
// expectedSize (or grow up to maxSize when it is -1).
Result<QByteArray> zstdDecode(ByteView in, qsizetype expectedSize = -1, qsizetype maxSize = qsizetype(1) << 32);
Result<QByteArray> zstdEncode(ByteView in, int level = 3, bool checksum = false);

}  // namespace skein::codec
