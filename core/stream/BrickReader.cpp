#include "core/stream/BrickReader.h"

#include <algorithm>
#include <cstring>

#include "core/format/ArrayRegion.h"

namespace skein {

namespace {

constexpr std::int64_t kMaxBrickBytes = std::int64_t{1} << 30;  // refuse absurd chunk shapes

template <std::size_t N>
void copyStrided(const std::uint8_t* src, std::int64_t srcStrideBytes, std::uint8_t* dst, std::int64_t count) {
  for (std::int64_t i = 0; i < count; ++i) {
    std::memcpy(dst, src, N);
    src += srcStrideBytes;
    dst += N;
  }
}

// Copies `count` elements from a source with stride `srcStride` (elements) to a contiguous run.
void copyRun(const std::uint8_t* src, std::int64_t srcStride, std::uint8_t* dst, std::int64_t count,
             std::size_t es) {
  if (srcStride == 1) {
    std::memcpy(dst, src, static_cast<std::size_t>(count) * es);
    return;
  }
  const std::int64_t strideBytes = srcStride * static_cast<std::int64_t>(es);
  switch (es) {
    case 1: copyStrided<1>(src, strideBytes, dst, count); return;
    case 2: copyStrided<2>(src, strideBytes, dst, count); return;
    case 4: copyStrided<4>(src, strideBytes, dst, count); return;
    case 8: copyStrided<8>(src, strideBytes, dst, count); return;
    default:
      for (std::int64_t i = 0; i < count; ++i) std::memcpy(dst + i * es, src + i * strideBytes, es);
  }
}

Shape cOrderStrides(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (std::size_t d = shape.size(); d > 1; --d) strides[d - 2] = strides[d - 1] * shape[d - 1];
  return strides;
}

}  // namespace

Status validateAxes(const AxisMap& axes, std::size_t ndim, const std::string& where) {
  const int n = static_cast<int>(ndim);
  const int dims[] = {axes.x, axes.y, axes.z, axes.c};
  for (int i = 0; i < 4; ++i) {
    const int d = dims[i];
    if (i == 3 && d == -1) continue;
    if (d < 0 || d >= n)
      return makeError(ErrorCode::InvalidArgument,
                       where + ": axis map (x=" + std::to_string(axes.x) + ", y=" + std::to_string(axes.y) +
                           ", z=" + std::to_string(axes.z) + ", c=" + std::to_string(axes.c) +
                           ") does not fit an array of " + std::to_string(ndim) + " dimensions");
    for (int j = 0; j < i; ++j)
      if (dims[j] == d)
        return makeError(ErrorCode::InvalidArgument,
                         where + ": axis map names dimension " + std::to_string(d) + " twice");
  }
  return {};
}

Vec3i brickExtent(const ArrayMeta& meta, const AxisMap& axes) {
  if (!validateAxes(axes, meta.chunkShape.size(), "").ok()) return {};
  return {meta.chunkShape[axes.x], meta.chunkShape[axes.y], meta.chunkShape[axes.z]};
}

int brickChannels(const ArrayMeta& meta, const AxisMap& axes) {
  if (axes.c < 0 || axes.c >= static_cast<int>(meta.shape.size())) return 1;
  return static_cast<int>(std::clamp<std::int64_t>(meta.shape[axes.c], 0, 1 << 16));
}

std::int64_t brickPayloadBytes(const ArrayMeta& meta, const AxisMap& axes) {
  const Vec3i e = brickExtent(meta, axes);
  if (e.x <= 0 || e.y <= 0 || e.z <= 0) return 0;
  const double bytes = static_cast<double>(e.x) * static_cast<double>(e.y) * static_cast<double>(e.z) *
                       brickChannels(meta, axes) * static_cast<double>(meta.elementSize());
  return bytes > static_cast<double>(kMaxBrickBytes) * 4 ? kMaxBrickBytes * 4 : static_cast<std::int64_t>(bytes);
}

Status copyChunkIntoBrick(const QByteArray& chunk, const Shape& chunkShape, std::size_t elementSize,
                          const AxisMap& axes, int channelBegin, int channels, Vec3i extent,
                          std::span<std::uint8_t> brick) {
  SKEIN_TRY(validateAxes(axes, chunkShape.size(), "brick conversion"));
  if (elementSize == 0 || channels <= 0 || extent.x <= 0 || extent.y <= 0 || extent.z <= 0)
    return makeError(ErrorCode::InvalidArgument, "brick conversion: empty element size, channel count or extent");
  std::int64_t chunkElements = 1;
  for (auto s : chunkShape) {
    if (s <= 0) return makeError(ErrorCode::InvalidArgument, "brick conversion: chunk shape has a dimension <= 0");
    chunkElements *= s;
  }
  const auto es = static_cast<std::int64_t>(elementSize);
  if (static_cast<std::int64_t>(chunk.size()) != chunkElements * es)
    return makeError(ErrorCode::InvalidData, "brick conversion: decoded chunk has " + std::to_string(chunk.size()) +
                                                 " bytes, expected " + std::to_string(chunkElements * es));
  const std::int64_t channelVoxels = extent.product();
  if (static_cast<std::int64_t>(brick.size()) != channelVoxels * channels * es)
    return makeError(ErrorCode::InvalidArgument, "brick conversion: brick buffer has the wrong size");

  const Shape strides = cOrderStrides(chunkShape);
  const std::int64_t nx = std::min(chunkShape[axes.x], extent.x);
  const std::int64_t ny = std::min(chunkShape[axes.y], extent.y);
  const std::int64_t nz = std::min(chunkShape[axes.z], extent.z);
  const std::int64_t chunkChannels = axes.c >= 0 ? chunkShape[axes.c] : 1;
  const std::int64_t sc = axes.c >= 0 ? strides[axes.c] : 0;
  const auto* src = reinterpret_cast<const std::uint8_t*>(chunk.constData());
  auto* dst = brick.data();
  for (std::int64_t cc = 0; cc < chunkChannels; ++cc) {
    const std::int64_t channel = channelBegin + cc;
    if (channel < 0 || channel >= channels) continue;
    for (std::int64_t z = 0; z < nz; ++z) {
      for (std::int64_t y = 0; y < ny; ++y) {
        const std::int64_t s = cc * sc + z * strides[axes.z] + y * strides[axes.y];
        const std::int64_t d = ((channel * extent.z + z) * extent.y + y) * extent.x;
        copyRun(src + s * es, strides[axes.x], dst + d * es, nx, elementSize);
      }
    }
  }
  return {};
}

Result<BrickPtr> readBrick(const ChunkedArray& array, const AxisMap& axes, const BrickKey& key,
                           const CancelToken& cancel) {
  const ArrayMeta& meta = array.meta();
  const std::string where = "brick " + key.toString() + " of " + meta.location;
  if (meta.chunkShape.size() != meta.shape.size())
    return makeError(ErrorCode::InvalidData, where + ": chunk shape and shape differ in rank");
  SKEIN_TRY(validateAxes(axes, meta.shape.size(), where));
  for (auto c : meta.chunkShape)
    if (c <= 0) return makeError(ErrorCode::InvalidData, where + ": the chunk shape has a dimension <= 0");
  const std::size_t es = meta.elementSize();
  const Vec3i extent = brickExtent(meta, axes);
  const int channels = brickChannels(meta, axes);
  const std::int64_t payload = brickPayloadBytes(meta, axes);
  if (es == 0 || channels <= 0 || payload <= 0)
    return makeError(ErrorCode::InvalidData, where + ": the array has an empty chunk shape or no channels");
  if (payload > kMaxBrickBytes)
    return makeError(ErrorCode::Unsupported, where + ": a brick would need " + std::to_string(payload) +
                                                 " bytes; chunks above 1 GiB are not streamed");
  const Shape grid = meta.chunkGridShape();
  const Vec3i gridXyz{grid[axes.x], grid[axes.y], grid[axes.z]};
  for (int i = 0; i < 3; ++i)
    if (key.grid[i] < 0 || key.grid[i] >= gridXyz[i])
      return makeError(ErrorCode::InvalidArgument, where + ": outside the chunk grid " + gridXyz.toString());

  auto brick = std::make_shared<Brick>();
  brick->key = key;
  brick->dtype = meta.dtype;
  brick->channels = channels;
  brick->extent = extent;
  brick->origin = Vec3i{key.grid.x * extent.x, key.grid.y * extent.y, key.grid.z * extent.z};
  const Vec3i shapeXyz{meta.shape[axes.x], meta.shape[axes.y], meta.shape[axes.z]};
  for (int i = 0; i < 3; ++i)
    brick->validExtent[i] = std::clamp<std::int64_t>(shapeXyz[i] - brick->origin[i], 0, extent[i]);
  brick->fillValue = meta.fillValue.size() == static_cast<qsizetype>(es) ? meta.fillValue
                                                                          : QByteArray(static_cast<qsizetype>(es), '\0');

  const std::int64_t chunkChannels = axes.c >= 0 ? meta.chunkShape[axes.c] : 1;
  const std::int64_t channelChunks = axes.c >= 0 ? ceilDiv(channels, chunkChannels) : 1;
  std::vector<std::int64_t> index(meta.shape.size(), 0);
  index[axes.x] = key.grid.x;
  index[axes.y] = key.grid.y;
  index[axes.z] = key.grid.z;

  std::optional<PageBuffer> allocated = PageBuffer::allocate(static_cast<std::size_t>(payload));
  if (!allocated)
    return makeError(ErrorCode::Io, where + ": cannot allocate " + std::to_string(payload) + " bytes for the brick");
  PageBuffer data = std::move(*allocated);
  bool anyPresent = false;
  const std::int64_t channelBytes = extent.product() * static_cast<std::int64_t>(es);
  for (std::int64_t k = 0; k < channelChunks; ++k) {
    if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, where + ": cancelled");
    if (axes.c >= 0) index[axes.c] = k;
    auto chunk = array.readChunk(index, cancel);
    if (!chunk.ok()) return chunk.error();
    const auto channelBegin = static_cast<int>(k * chunkChannels);
    if (!chunk->has_value()) {
      const std::int64_t first = channelBegin;
      const std::int64_t last = std::min<std::int64_t>(channels, channelBegin + chunkChannels);
      fillElements(data.data() + first * channelBytes, (last - first) * extent.product(), brick->fillValue);
      continue;
    }
    anyPresent = true;
    Status copied = copyChunkIntoBrick(**chunk, meta.chunkShape, es, axes, channelBegin, channels, extent, data.span());
    if (!copied.ok()) return copied.error().withContext(where);
  }
  if (anyPresent) {
    brick->data = std::move(data);
  } else {
    brick->absent = true;
  }
  return BrickPtr(std::move(brick));
}

}  // namespace skein
