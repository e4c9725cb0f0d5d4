#include "core/format/N5Array.h"

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/format/N5Block.h"
#include "core/format/N5Metadata.h"

namespace skein {

namespace {

constexpr const char* kN5Version = "4.0.0";

Shape reversed(const Shape& s) { return Shape(s.rbegin(), s.rend()); }

ArrayMeta makeMeta(const N5DatasetAttributes& a, std::string location) {
  ArrayMeta m;
  m.format = "n5";
  m.shape = reversed(a.dimensions);
  m.chunkShape = reversed(a.blockSize);
  m.dtype = a.dtype;
  m.fillValue = QByteArray(static_cast<qsizetype>(dataTypeSize(a.dtype)), '\0');
  m.dimensionNames.assign(a.axes.rbegin(), a.axes.rend());
  m.codecs = a.compression.toJson();
  m.location = std::move(location);
  return m;
}

// Copies the box [0, extent) between two C-order buffers of different shapes (each >= extent).
void copyBox(const char* src, const Shape& srcShape, char* dst, const Shape& dstShape, const Shape& extent,
             std::size_t es) {
  const std::size_t nd = extent.size();
  for (auto e : extent)
    if (e <= 0) return;
  Shape srcStride(nd, 1), dstStride(nd, 1);
  for (std::size_t d = nd - 1; d > 0; --d) {
    srcStride[d - 1] = srcStride[d] * srcShape[d];
    dstStride[d - 1] = dstStride[d] * dstShape[d];
  }
  const std::size_t rowBytes = static_cast<std::size_t>(extent[nd - 1]) * es;
  Shape pos(nd, 0);
  while (true) {
    std::int64_t s = 0, t = 0;
    for (std::size_t d = 0; d + 1 < nd; ++d) {
      s += pos[d] * srcStride[d];
      t += pos[d] * dstStride[d];
    }
    std::memcpy(dst + t * std::int64_t(es), src + s * std::int64_t(es), rowBytes);
    std::size_t d = nd - 1;
    while (true) {
      if (d == 0) return;
      --d;
      if (++pos[d] < extent[d]) break;
      pos[d] = 0;
    }
  }
}

// Checks a chunk index against the grid; returns the error message or "".
std::string checkChunkIndex(std::span<const std::int64_t> index, const ArrayMeta& meta) {
  if (index.size() != meta.shape.size())
    return "chunk index has " + std::to_string(index.size()) + " dimensions, the array has " +
           std::to_string(meta.shape.size());
  const Shape grid = meta.chunkGridShape();
  for (std::size_t d = 0; d < index.size(); ++d)
    if (index[d] < 0 || index[d] >= grid[d])
      return "chunk index " + std::to_string(index[d]) + " in dimension " + std::to_string(d) +
             " is outside the chunk grid (size " + std::to_string(grid[d]) + ")";
  return {};
}

std::string blockKey(const std::string& datasetKey, std::span<const std::int64_t> logicalIndex) {
  std::string k;
  for (auto it = logicalIndex.rbegin(); it != logicalIndex.rend(); ++it) {
    if (!k.empty()) k += '/';
    k += std::to_string(*it);
  }
  return joinKey(datasetKey, k);
}

class N5ArrayReader final : public ChunkedArray {
 public:
  N5ArrayReader(StorePtr store, std::string key, const N5DatasetAttributes& attrs)
      : store_(std::move(store)), key_(std::move(key)),
        codec_{attrs.dtype, attrs.blockSize, attrs.compression},
        meta_(makeMeta(attrs, store_->describe(key_))) {}

  const ArrayMeta& meta() const override { return meta_; }

  std::string chunkKey(std::span<const std::int64_t> chunkIndex) const override {
    return blockKey(key_, chunkIndex);
  }

  Result<std::optional<QByteArray>> readChunk(std::span<const std::int64_t> chunkIndex,
                                              const CancelToken& cancel) const override {
    if (auto problem = checkChunkIndex(chunkIndex, meta_); !problem.empty())
      return makeError(ErrorCode::InvalidArgument, store_->describe(key_) + ": " + problem);
    const std::string key = chunkKey(chunkIndex);
    SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, store_->read(key, std::nullopt, cancel));
    if (!bytes) return std::optional<QByteArray>();
    SKEIN_ASSIGN_OR_RETURN(N5Block block, decodeN5Block(view(*bytes), codec_, store_->describe(key)));
    const Shape extent = reversed(block.size);
    if (extent == meta_.chunkShape) return std::optional<QByteArray>(std::move(block.data));
    // Truncated edge block: place it at the chunk origin, the rest is fill (0).
    QByteArray chunk(static_cast<qsizetype>(meta_.chunkElements()) * static_cast<qsizetype>(meta_.elementSize()), '\0');
    copyBox(block.data.constData(), extent, chunk.data(), meta_.chunkShape, extent, meta_.elementSize());
    return std::optional<QByteArray>(std::move(chunk));
  }

 private:
  StorePtr store_;
  std::string key_;
  N5BlockCodec codec_;
  ArrayMeta meta_;
};

class N5ArrayWriter final : public ArrayWriter {
 public:
  N5ArrayWriter(StorePtr store, std::string key, const N5DatasetAttributes& attrs)
      : store_(std::move(store)), key_(std::move(key)),
        codec_{attrs.dtype, attrs.blockSize, attrs.compression},
        meta_(makeMeta(attrs, store_->describe(key_))) {}

  const ArrayMeta& meta() const override { return meta_; }
  Shape writeUnitShape() const override { return meta_.chunkShape; }

  Status writeUnit(std::span<const std::int64_t> unitIndex, const QByteArray& data) override {
    if (auto problem = checkChunkIndex(unitIndex, meta_); !problem.empty())
      return makeError(ErrorCode::InvalidArgument, store_->describe(key_) + ": " + problem);
    const qsizetype expected = static_cast<qsizetype>(meta_.chunkElements()) * static_cast<qsizetype>(meta_.elementSize());
    if (data.size() != expected)
      return makeError(ErrorCode::InvalidArgument, store_->describe(key_) + ": block data has " +
                                                       std::to_string(data.size()) + " bytes, expected " +
                                                       std::to_string(expected));
    // Edge blocks are truncated to the part inside the array.
    Shape extent(meta_.shape.size());
    for (std::size_t d = 0; d < extent.size(); ++d)
      extent[d] = std::min(meta_.chunkShape[d], meta_.shape[d] - unitIndex[d] * meta_.chunkShape[d]);
    N5Block block;
    block.size = reversed(extent);
    if (extent == meta_.chunkShape) {
      block.data = data;
    } else {
      std::int64_t n = 1;
      for (auto e : extent) n *= e;
      block.data = QByteArray(static_cast<qsizetype>(n) * static_cast<qsizetype>(meta_.elementSize()), '\0');
      copyBox(data.constData(), meta_.chunkShape, block.data.data(), extent, extent, meta_.elementSize());
    }
    SKEIN_ASSIGN_OR_RETURN(QByteArray bytes, encodeN5Block(block, codec_));
    return store_->write(blockKey(key_, unitIndex), bytes);
  }

 private:
  StorePtr store_;
  std::string key_;
  N5BlockCodec codec_;
  ArrayMeta meta_;
};

Result<nlohmann::json> readAttributes(Store& store, const std::string& key) {
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, store.read(key));
  if (!bytes) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(bytes->constData(), bytes->constData() + bytes->size(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return makeError(ErrorCode::InvalidData, store.describe(key) + ": not a JSON object");
  return j;
}

Status writeJson(Store& store, const std::string& key, const nlohmann::json& j) {
  const std::string text = j.dump(4);
  return store.write(key, QByteArray(text.data(), static_cast<qsizetype>(text.size())));
}

}  // namespace

Result<std::shared_ptr<ChunkedArray>> openN5Array(StorePtr store, const std::string& key) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openN5Array: no store");
  const std::string attributesKey = joinKey(key, "attributes.json");
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, store->read(attributesKey));
  if (!bytes)
    return makeError(ErrorCode::NotFound, store->describe(attributesKey) + " does not exist (not an N5 dataset)");
  SKEIN_ASSIGN_OR_RETURN(N5DatasetAttributes attrs, parseN5DatasetAttributes(*bytes, store->describe(attributesKey)));
  return std::shared_ptr<ChunkedArray>(std::make_shared<N5ArrayReader>(std::move(store), key, attrs));
}

Result<std::unique_ptr<ArrayWriter>> createN5Array(StorePtr store, const std::string& key,
                                                   const N5CreateOptions& options) {
  if (!store || !store->writable())
    return makeError(ErrorCode::InvalidArgument, "createN5Array: the store is not writable");
  const std::string where = store->describe(key);
  const std::size_t nd = options.shape.size();
  if (nd == 0 || options.chunkShape.size() != nd)
    return makeError(ErrorCode::InvalidArgument, where + ": N5 shape and chunk shape need the same, non-zero number of dimensions");
  for (std::size_t d = 0; d < nd; ++d)
    if (options.shape[d] < 0 || options.chunkShape[d] <= 0)
      return makeError(ErrorCode::InvalidArgument, where + ": N5 shape must be >= 0 and chunk shape > 0");
  if (!options.dimensionNames.empty() && options.dimensionNames.size() != nd)
    return makeError(ErrorCode::InvalidArgument, where + ": one dimension name per dimension is needed");
  if (options.dtype == DataType::Bool || options.dtype == DataType::Float16)
    return makeError(ErrorCode::Unsupported, where + ": N5 has no " + std::string(dataTypeName(options.dtype)) + " data type");

  N5DatasetAttributes attrs;
  attrs.dimensions = reversed(options.shape);
  attrs.blockSize = reversed(options.chunkShape);
  attrs.dtype = options.dtype;
  attrs.compression = options.compression;
  attrs.axes.assign(options.dimensionNames.rbegin(), options.dimensionNames.rend());

  const std::string attributesKey = joinKey(key, "attributes.json");
  SKEIN_ASSIGN_OR_RETURN(nlohmann::json attributes, readAttributes(*store, attributesKey));
  writeN5DatasetAttributes(attrs, attributes);
  if (attributesKey == "attributes.json") {
    if (!attributes.contains("n5")) attributes["n5"] = kN5Version;
  } else {
    SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> root, store->read("attributes.json"));
    if (!root) SKEIN_TRY(writeJson(*store, "attributes.json", nlohmann::json{{"n5", kN5Version}}));
  }
  SKEIN_TRY(writeJson(*store, attributesKey, attributes));
  return std::unique_ptr<ArrayWriter>(std::make_unique<N5ArrayWriter>(std::move(store), key, attrs));
}

}  // namespace skein
