#pragma once
// JPEG (libjpeg-turbo) for Neuroglancer precomputed "jpeg" chunks: 1 (gray) or 3 (RGB) channels.

#include "core/base/Bytes.h"
#include "core/base/Result.h"

namespace skein::codec {

struct JpegImage {
  int width = 0;
  int height = 0;
  int channels = 0;  // 1 or 3
  QByteArray pixels;  // row-major, channels interleaved
};

// Rejects images whose pixel count exceeds maxPixels before allocating. libjpeg warnings
// (truncated or corrupt entropy data) are errors too; CMYK/YCCK images are Unsupported.
Result<JpegImage> jpegDecode(ByteView in, qint64 maxPixels = qint64(1) << 28);
Result<QByteArray> jpegEncode(const JpegImage& image, int quality = 90);

}  // namespace skein::codec
