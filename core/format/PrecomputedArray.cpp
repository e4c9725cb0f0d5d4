#include "core/format/PrecomputedArray.h"

#include <algorithm>
#include <cstring>

#include "core/format/PrecomputedChunk.h"
#include "core/format/PrecomputedSharded.h"

namespace skein {

namespace {

// Everything both the reader and the writer need to know about one scale.
struct ScaleLayout {
  PrecomputedScale scale;
  PrecomputedChunkFormat format;
  std::string scaleKey;  // datasetKey/scale.key
  ArrayMeta meta;
  Vec3i grid;  // chunks along x, y, z
};

ScaleLayout makeLayout(const Store& store, const std::string& datasetKey, const PrecomputedInfo& info,
                       const PrecomputedScale& scale) {
  ScaleLayout l;
  l.scale = scale;
  l.format = {scale.encoding, info.dtype, info.numChannels, scale.compressedSegmentationBlockSize, scale.jpegQuality};
  l.scaleKey = joinKey(datasetKey, scale.key);
  const Vec3i chunk = scale.chunkSize();
  for (int d = 0; d < 3; ++d) l.grid[d] = ceilDiv(scale.size[d], chunk[d]);
  ArrayMeta& m = l.meta;
  m.format = "precomputed";
  m.shape = {info.numChannels, scale.size.z, scale.size.y, scale.size.x};
  m.chunkShape = {info.numChannels, chunk.z, chunk.y, chunk.x};
  m.dtype = info.dtype;
  m.fillValue = QByteArray(static_cast<qsizetype>(dataTypeSize(info.dtype)), '\0');
  m.dimensionNames = {"c", "z", "y", "x"};
  m.codecs = nlohmann::json{{"encoding", scale.encoding}};
  if (scale.encoding == "compressed_segmentation") {
    const Vec3i& b = scale.compressedSegmentationBlockSize;
    m.codecs["compressed_segmentation_block_size"] = {b.x, b.y, b.z};
  }
  if (scale.sharding) m.codecs["sharding"] = precomputedShardingToJson(*scale.sharding);
  m.location = store.describe(l.scaleKey);
  return l;
}

// Grid cell (x, y, z) of a logical chunk index [0, z, y, x]; "" or the problem.
std::string gridCell(std::span<const std::int64_t> i, const ScaleLayout& l, Vec3i& cell) {
  if (i.size() != 4) return "precomputed chunk index needs 4 dimensions [c, z, y, x], got " + std::to_string(i.size());
  if (i[0] != 0) return "precomputed chunks hold every channel, so the channel chunk index must be 0";
  cell = {i[3], i[2], i[1]};
  for (int d = 0; d < 3; ++d)
    if (cell[d] < 0 || cell[d] >= l.grid[d])
      return "chunk index " + std::to_string(cell[d]) + " along " + "xyz"[d] + " is outside the grid (size " +
             std::to_string(l.grid[d]) + ")";
  return {};
}

// The stored (truncated at the volume edge) extent of a chunk, x/y/z.
Vec3i chunkExtent(const ScaleLayout& l, const Vec3i& cell) {
  const Vec3i chunk = l.scale.chunkSize();
  Vec3i e;
  for (int d = 0; d < 3; ++d) e[d] = std::min(chunk[d], l.scale.size[d] - cell[d] * chunk[d]);
  return e;
}

std::string unshardedKey(const ScaleLayout& l, const Vec3i& cell) {
  const Vec3i chunk = l.scale.chunkSize();
  const Vec3i e = chunkExtent(l, cell);
  std::string name;
  for (int d = 0; d < 3; ++d) {
    const std::int64_t begin = l.scale.voxelOffset[d] + cell[d] * chunk[d];
    if (d > 0) name += '_';
    name += std::to_string(begin) + "-" + std::to_string(begin + e[d]);
  }
  return joinKey(l.scaleKey, name);
}

// Copies between a chunk of extent `small` and one of extent `big` (both C order [c][z][y][x]),
// at the origin. toBig: small → big (padding), else big → small (cropping).
void copyChunk(const char* src, char* dst, const Vec3i& small, const Vec3i& big, int channels, std::size_t es,
               bool toBig) {
  const std::size_t row = static_cast<std::size_t>(small.x) * es;
  for (std::int64_t c = 0; c < channels; ++c)
    for (std::int64_t z = 0; z < small.z; ++z)
      for (std::int64_t y = 0; y < small.y; ++y) {
        const std::int64_t s = ((c * small.z + z) * small.y + y) * small.x;
        const std::int64_t b = ((c * big.z + z) * big.y + y) * big.x;
        if (toBig) std::memcpy(dst + b * std::int64_t(es), src + s * std::int64_t(es), row);
        else std::memcpy(dst + s * std::int64_t(es), src + b * std::int64_t(es), row);
      }
}

class PrecomputedArrayReader final : public ChunkedArray {
 public:
  PrecomputedArrayReader(StorePtr store, ScaleLayout layout)
      : store_(std::move(store)), l_(std::move(layout)) {
    if (l_.scale.sharding) shards_.emplace(store_, l_.scaleKey, *l_.scale.sharding);
  }

  const ArrayMeta& meta() const override { return l_.meta; }

  std::string chunkKey(std::span<const std::int64_t> i) const override {
    Vec3i cell;
    if (!gridCell(i, l_, cell).empty()) return l_.meta.location;
    if (shards_) return shards_->shardKey(compressedMortonCode(cell, l_.grid));
    return unshardedKey(l_, cell);
  }

  Result<std::optional<QByteArray>> readChunk(std::span<const std::int64_t> i, const CancelToken& cancel) const override {
    Vec3i cell;
    if (auto problem = gridCell(i, l_, cell); !problem.empty())
      return makeError(ErrorCode::InvalidArgument, l_.meta.location + ": " + problem);
    std::optional<QByteArray> stored;
    std::string where;
    if (shards_) {
      const std::uint64_t id = compressedMortonCode(cell, l_.grid);
      where = store_->describe(shards_->shardKey(id)) + " chunk " + std::to_string(id);
      SKEIN_ASSIGN_OR_RETURN(stored, shards_->read(id, cancel));
    } else {
      const std::string key = unshardedKey(l_, cell);
      where = store_->describe(key);
      SKEIN_ASSIGN_OR_RETURN(stored, store_->read(key, std::nullopt, cancel));
    }
    if (!stored) return std::optional<QByteArray>();
    const Vec3i extent = chunkExtent(l_, cell);
    SKEIN_ASSIGN_OR_RETURN(QByteArray data, decodePrecomputedChunk(view(*stored), l_.format, extent, where));
    const Vec3i full = l_.scale.chunkSize();
    if (extent == full) return std::optional<QByteArray>(std::move(data));
    const std::size_t es = l_.meta.elementSize();
    QByteArray chunk(static_cast<qsizetype>(l_.meta.chunkElements()) * static_cast<qsizetype>(es), '\0');
    copyChunk(data.constData(), chunk.data(), extent, full, l_.format.channels, es, true);
    return std::optional<QByteArray>(std::move(chunk));
  }

 private:
  StorePtr store_;
  ScaleLayout l_;
  std::optional<PrecomputedShardReader> shards_;
};

class PrecomputedArrayWriter final : public ArrayWriter {
 public:
  PrecomputedArrayWriter(StorePtr store, ScaleLayout layout) : store_(std::move(store)), l_(std::move(layout)) {}

  const ArrayMeta& meta() const override { return l_.meta; }
  Shape writeUnitShape() const override { return l_.meta.chunkShape; }

  Status writeUnit(std::span<const std::int64_t> i, const QByteArray& data) override {
    Vec3i cell;
    if (auto problem = gridCell(i, l_, cell); !problem.empty())
      return makeError(ErrorCode::InvalidArgument, l_.meta.location + ": " + problem);
    const std::size_t es = l_.meta.elementSize();
    const qsizetype expected = static_cast<qsizetype>(l_.meta.chunkElements()) * static_cast<qsizetype>(es);
    if (data.size() != expected)
      return makeError(ErrorCode::InvalidArgument, l_.meta.location + ": chunk data has " + std::to_string(data.size()) +
                                                       " bytes, expected " + std::to_string(expected));
    const Vec3i extent = chunkExtent(l_, cell);
    const Vec3i full = l_.scale.chunkSize();
    QByteArray stored = data;
    if (!(extent == full)) {
      stored = QByteArray(static_cast<qsizetype>(extent.product() * l_.format.channels) * static_cast<qsizetype>(es),
                          Qt::Uninitialized);
      copyChunk(data.constData(), stored.data(), extent, full, l_.format.channels, es, false);
    }
    SKEIN_ASSIGN_OR_RETURN(QByteArray encoded, encodePrecomputedChunk(stored, l_.format, extent));
    return store_->write(unshardedKey(l_, cell), encoded);
  }

 private:
  StorePtr store_;
  ScaleLayout l_;
};

Result<ScaleLayout> layoutFor(const Store& store, const std::string& datasetKey, const PrecomputedInfo& info,
                              int scaleIndex) {
  if (scaleIndex < 0 || scaleIndex >= static_cast<int>(info.scales.size()))
    return makeError(ErrorCode::NotFound, store.describe(joinKey(datasetKey, "info")) + " has no scale " +
                                              std::to_string(scaleIndex) + " (it has " +
                                              std::to_string(info.scales.size()) + ")");
  const PrecomputedScale& scale = info.scales[static_cast<std::size_t>(scaleIndex)];
  ScaleLayout layout = makeLayout(store, datasetKey, info, scale);
  SKEIN_TRY(checkPrecomputedChunkFormat(layout.format, layout.meta.location));
  return layout;
}

}  // namespace

Result<PrecomputedInfo> readPrecomputedInfo(Store& store, const std::string& datasetKey) {
  const std::string key = joinKey(datasetKey, "info");
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, store.read(key));
  if (!bytes) return makeError(ErrorCode::NotFound, store.describe(key) + " does not exist (not a precomputed volume)");
  return parsePrecomputedInfo(*bytes, store.describe(key));
}

Status writePrecomputedInfo(Store& store, const std::string& datasetKey, const PrecomputedInfo& info) {
  const std::string text = precomputedInfoToJson(info).dump();
  return store.write(joinKey(datasetKey, "info"), QByteArray(text.data(), static_cast<qsizetype>(text.size())));
}

Result<std::shared_ptr<ChunkedArray>> openPrecomputedArray(StorePtr store, const std::string& datasetKey,
                                                           int scaleIndex) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openPrecomputedArray: no store");
  SKEIN_ASSIGN_OR_RETURN(PrecomputedInfo info, readPrecomputedInfo(*store, datasetKey));
  return openPrecomputedArray(std::move(store), datasetKey, info, scaleIndex);
}

Result<std::shared_ptr<ChunkedArray>> openPrecomputedArray(StorePtr store, const std::string& datasetKey,
                                                           const PrecomputedInfo& info, int scaleIndex) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openPrecomputedArray: no store");
  SKEIN_ASSIGN_OR_RETURN(ScaleLayout layout, layoutFor(*store, datasetKey, info, scaleIndex));
  return std::shared_ptr<ChunkedArray>(std::make_shared<PrecomputedArrayReader>(std::move(store), std::move(layout)));
}

Result<std::unique_ptr<ArrayWriter>> createPrecomputedArray(StorePtr store, const std::string& datasetKey,
                                                            const PrecomputedInfo& info, int scaleIndex) {
  if (!store || !store->writable())
    return makeError(ErrorCode::InvalidArgument, "createPrecomputedArray: the store is not writable");
  SKEIN_ASSIGN_OR_RETURN(ScaleLayout layout, layoutFor(*store, datasetKey, info, scaleIndex));
  if (layout.scale.sharding)
    return makeError(ErrorCode::Unsupported, layout.meta.location + ": writing sharded precomputed scales is not supported");
  SKEIN_TRY(writePrecomputedInfo(*store, datasetKey, info));
  return std::unique_ptr<ArrayWriter>(std::make_unique<PrecomputedArrayWriter>(std::move(store), std::move(layout)));
}

}  // namespace skein
