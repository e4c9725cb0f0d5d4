#include "core/format/PrecomputedChunk.h"

#include <algorithm>

#include "core/codec/CompressedSegmentation.h"
#include "core/codec/Jpeg.h"

namespace skein {

namespace {

qsizetype chunkBytes(const PrecomputedChunkFormat& f, const Vec3i& extent) {
  return static_cast<qsizetype>(extent.product() * f.channels * static_cast<std::int64_t>(dataTypeSize(f.dtype)));
}

codec::Extent3 toExtent(const Vec3i& v) { return {v.x, v.y, v.z}; }

}  // namespace

Status checkPrecomputedChunkFormat(const PrecomputedChunkFormat& f, const std::string& where) {
  const std::string type(dataTypeName(f.dtype));
  if (f.encoding == "raw") return {};
  if (f.encoding == "jpeg") {
    if (f.dtype != DataType::UInt8 || (f.channels != 1 && f.channels != 3))
      return makeError(ErrorCode::Unsupported, where + ": jpeg encoding needs uint8 data with 1 or 3 channels, not " +
                                                   type + " with " + std::to_string(f.channels));
    return {};
  }
  if (f.encoding == "compressed_segmentation") {
    if (f.dtype != DataType::UInt32 && f.dtype != DataType::UInt64)
      return makeError(ErrorCode::Unsupported, where + ": compressed_segmentation needs uint32 or uint64 data, not " + type);
    const Vec3i& b = f.compressedSegmentationBlockSize;
    if (b.x <= 0 || b.y <= 0 || b.z <= 0)
      return makeError(ErrorCode::InvalidData, where + ": compressed_segmentation_block_size must be positive");
    return {};
  }
  if (f.encoding == "png" || f.encoding == "compresso" || f.encoding == "jxl")
    return makeError(ErrorCode::Unsupported, where + ": precomputed encoding '" + f.encoding +
                                                 "' is not supported (raw, jpeg and compressed_segmentation are)");
  return makeError(ErrorCode::Unsupported, where + ": unknown precomputed encoding '" + f.encoding + "'");
}

Result<QByteArray> decodePrecomputedChunk(ByteView stored, const PrecomputedChunkFormat& f, const Vec3i& extent,
                                          const std::string& where) {
  const qsizetype expected = chunkBytes(f, extent);
  if (f.encoding == "raw") {
    if (static_cast<qsizetype>(stored.size()) != expected)
      return makeError(ErrorCode::InvalidData, where + ": raw chunk has " + std::to_string(stored.size()) +
                                                   " bytes, expected " + std::to_string(expected) + " for " +
                                                   extent.toString() + " voxels × " + std::to_string(f.channels) +
                                                   " channels");
    return QByteArray(reinterpret_cast<const char*>(stored.data()), expected);
  }
  if (f.encoding == "jpeg") {
    auto image = codec::jpegDecode(stored, std::max<qint64>(extent.product(), 1));
    if (!image.ok()) return image.error().withContext(where);
    const std::int64_t pixels = std::int64_t(image->width) * image->height;
    if (pixels != extent.product() || image->channels != f.channels)
      return makeError(ErrorCode::InvalidData, where + ": jpeg chunk is " + std::to_string(image->width) + "×" +
                                                   std::to_string(image->height) + "×" + std::to_string(image->channels) +
                                                   ", expected " + std::to_string(extent.product()) + " pixels × " +
                                                   std::to_string(f.channels) + " channels");
    if (f.channels == 1) return std::move(image->pixels);
    // Interleaved RGB pixels → planar channels.
    QByteArray out(expected, Qt::Uninitialized);
    const auto* src = reinterpret_cast<const std::uint8_t*>(image->pixels.constData());
    auto* dst = mutableData(out);
    for (std::int64_t i = 0; i < pixels; ++i)
      for (int c = 0; c < f.channels; ++c) dst[c * pixels + i] = src[i * f.channels + c];
    return out;
  }
  if (f.encoding == "compressed_segmentation") {
    auto decoded = codec::compressedSegmentationDecode(stored, toExtent(extent), f.channels,
                                                       toExtent(f.compressedSegmentationBlockSize),
                                                       static_cast<int>(dataTypeSize(f.dtype)));
    if (!decoded.ok()) return decoded.error().withContext(where);
    if (decoded->size() != expected)
      return makeError(ErrorCode::InvalidData, where + ": compressed_segmentation chunk decodes to " +
                                                   std::to_string(decoded->size()) + " bytes, expected " +
                                                   std::to_string(expected));
    return decoded;
  }
  SKEIN_TRY(checkPrecomputedChunkFormat(f, where));
  return makeError(ErrorCode::Unsupported, where + ": unsupported encoding");
}

Result<QByteArray> encodePrecomputedChunk(const QByteArray& data, const PrecomputedChunkFormat& f, const Vec3i& extent) {
  SKEIN_TRY(checkPrecomputedChunkFormat(f, "precomputed chunk"));
  if (data.size() != chunkBytes(f, extent))
    return makeError(ErrorCode::InvalidArgument, "precomputed chunk data has " + std::to_string(data.size()) +
                                                     " bytes, expected " + std::to_string(chunkBytes(f, extent)));
  if (f.encoding == "raw") return data;
  if (f.encoding == "compressed_segmentation")
    return codec::compressedSegmentationEncode(view(data), toExtent(extent), f.channels,
                                               toExtent(f.compressedSegmentationBlockSize),
                                               static_cast<int>(dataTypeSize(f.dtype)));
  // jpeg: one image whose rows, concatenated, are the [x, y, z] Fortran-order voxels.
  codec::JpegImage image;
  image.width = static_cast<int>(extent.x);
  image.height = static_cast<int>(extent.y * extent.z);
  image.channels = f.channels;
  if (f.channels == 1) {
    image.pixels = data;
  } else {
    const std::int64_t pixels = extent.product();
    image.pixels = QByteArray(data.size(), Qt::Uninitialized);
    const auto* src = reinterpret_cast<const std::uint8_t*>(data.constData());
    auto* dst = mutableData(image.pixels);
    for (std::int64_t i = 0; i < pixels; ++i)
      for (int c = 0; c < f.channels; ++c) dst[i * f.channels + c] = src[c * pixels + i];
  }
  return codec::jpegEncode(image, f.jpegQuality);
}

}  // namespace skein
