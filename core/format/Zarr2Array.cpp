#include "core/format/Zarr2Array.h"

#include "core/format/BoxCopy.h"
#include "core/format/Zarr2Metadata.h"
#include "core/format/ZarrJson.h"
#include "core/format/ZarrLayout.h"

namespace skein {

namespace {

class Zarr2Array final : public ChunkedArray {
 public:
  Zarr2Array(StorePtr store, std::string key, zarr::Zarr2Metadata m, const nlohmann::json& zarray)
      : store_(std::move(store)), key_(std::move(key)), md_(std::move(m)) {
    meta_ = zarr::zarr2ArrayMeta(md_, zarray, store_->describe(key_));
    if (md_.fortranOrder) fortranAxes_ = zarr::reversedAxes(md_.chunks.size());
  }

  const ArrayMeta& meta() const override { return meta_; }

  std::string chunkKey(std::span<const std::int64_t> chunkIndex) const override {
    return md_.keys.key(key_, chunkIndex);
  }

  Result<std::optional<QByteArray>> readChunk(std::span<const std::int64_t> idx,
                                              const CancelToken& cancel) const override {
    SKEIN_TRY(validateChunkIndex(idx));
    const std::string key = chunkKey(idx);
    auto stored = store_->read(key, std::nullopt, cancel);
    if (!stored.ok()) return stored.error().withContext("reading " + store_->describe(key));
    if (!stored->has_value()) return std::optional<QByteArray>{};
    auto decoded = decode(std::move(**stored));
    if (!decoded.ok()) return decoded.error().withContext(store_->describe(key));
    const Shape valid = zarr::validExtentOfChunk(meta_.shape, meta_.chunkShape, idx);
    zarr::fillOutsideExtent(mutableData(*decoded), meta_.chunkShape, valid, meta_.fillValue);
    return std::optional<QByteArray>(std::move(*decoded));
  }

 // Fast path for C-order chunks in native byte order: the file is read into the thread's scratch
  // buffer and decoded into the box (whole chunks contiguous in the box), into scratch, or not at
  // all (uncompressed and memcpyed-blosc chunks are copied straight from the file's bytes).
  Result<bool> readChunkInto(std::span<const std::int64_t> idx, const ChunkTarget& target, ChunkScratch& scratch,
                             const CancelToken& cancel) const override {
    const std::size_t nd = meta_.shape.size(), es = meta_.elementSize();
    if (md_.fortranOrder || (md_.dtype.bigEndian && es > 1) || target.boxOrigin.size() != nd ||
        target.boxShape.size() != nd)
      return ChunkedArray::readChunkInto(idx, target, scratch, cancel);
    SKEIN_TRY(validateChunkIndex(idx));
    Shape origin(nd), lo(nd), hi(nd);
    for (std::size_t d = 0; d < nd; ++d) origin[d] = idx[d] * meta_.chunkShape[d];
    chunkPartInBox(origin, meta_.chunkShape, target.boxOrigin, target.boxShape, meta_.shape, lo, hi);
    const std::string key = chunkKey(idx);
    auto found = store_->readInto(key, scratch.encoded, cancel);
    if (!found.ok()) return found.error().withContext("reading " + store_->describe(key));
    if (!*found) return false;

    const auto rawSize = static_cast<std::size_t>(meta_.chunkElements()) * es;
    bool wholeChunk = true;
    for (std::size_t d = 0; d < nd; ++d)
      wholeChunk = wholeChunk && lo[d] == origin[d] && hi[d] == origin[d] + meta_.chunkShape[d];
    std::uint8_t* direct = nullptr;  // where the chunk's bytes go when it is one run of the box
    if (wholeChunk && isContiguousIn(target.boxOrigin, target.boxShape, lo, hi))
      direct = target.data + byteOffsetIn(target.boxOrigin, target.boxShape, lo, es);
    ByteView raw = view(scratch.encoded);
    if (md_.compressor) {
      std::span<std::uint8_t> out;
      if (direct) {
        out = {direct, rawSize};
      } else {
        if (!scratch.decoded.isDetached()) scratch.decoded = QByteArray();
        scratch.decoded.resize(static_cast<qsizetype>(rawSize));
        out = {mutableData(scratch.decoded), rawSize};
      }
      auto decoded = zarr::decodeBytesCodecInto(*md_.compressor, scratch.encoded, out, scratch.decoded);
      if (!decoded.ok())
        return decoded.error().withContext(zarr::bytesCodecName(md_.compressor->kind)).withContext(store_->describe(key));
      raw = *decoded;
    }
    if (raw.size() != rawSize)
      return makeError(ErrorCode::InvalidData, "chunk is " + std::to_string(raw.size()) + " bytes, expected " +
                                                   std::to_string(rawSize))
          .withContext(store_->describe(key));
    if (direct && raw.data() == direct) return true;  // decoded in place
    copyBlock({raw.data(), origin, meta_.chunkShape}, {target.data, target.boxOrigin, target.boxShape}, lo, hi, es,
              target.streaming ? CopyStores::Streaming : CopyStores::Cached);
    return true;
  }

 private:
  Result<QByteArray> decode(QByteArray data) const {
    const std::size_t es = meta_.elementSize();
    const std::int64_t count = meta_.chunkElements();
    const qsizetype rawSize = static_cast<qsizetype>(count * static_cast<std::int64_t>(es));
    if (md_.compressor) {
      auto r = zarr::decodeBytesCodec(*md_.compressor, std::move(data), rawSize);
      if (!r.ok()) return r.error().withContext(zarr::bytesCodecName(md_.compressor->kind));
      data = std::move(*r);
    }
    if (data.size() != rawSize)
      return makeError(ErrorCode::InvalidData, "chunk is " + std::to_string(data.size()) + " bytes, expected " +
                                                   std::to_string(rawSize));
    if (md_.dtype.bigEndian && es > 1) zarr::byteSwapInPlace(mutableData(data), static_cast<std::size_t>(count), es);
    if (md_.fortranOrder)
      data = zarr::decodePermuted(reinterpret_cast<const std::uint8_t*>(data.constData()), meta_.chunkShape,
                                  fortranAxes_, es);
    return data;
  }

  StorePtr store_;
  std::string key_;
  zarr::Zarr2Metadata md_;
  ArrayMeta meta_;
  std::vector<int> fortranAxes_;
};

}  // namespace

Result<std::shared_ptr<ChunkedArray>> openZarr2Array(StorePtr store, const std::string& key) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openZarr2Array needs a store");
  const std::string node = zarr::normalizeNodeKey(key);
  SKEIN_ASSIGN_OR_RETURN(nlohmann::json zarray, zarr::readZarrJson(*store, zarr::joinKey(node, ".zarray")));
  SKEIN_ASSIGN_OR_RETURN(auto zattrs, zarr::readJsonIfPresent(*store, zarr::joinKey(node, ".zattrs")));
  return openZarr2Array(std::move(store), node, zarray, zattrs ? *zattrs : nlohmann::json());
}

Result<std::shared_ptr<ChunkedArray>> openZarr2Array(StorePtr store, const std::string& key,
                                                     const nlohmann::json& zarray, const nlohmann::json& zattrs) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openZarr2Array needs a store");
  const std::string node = zarr::normalizeNodeKey(key);
  auto md = zarr::parseZarr2ArrayMetadata(zarray, zattrs);
  if (!md.ok()) return md.error().withContext(store->describe(zarr::joinKey(node, ".zarray")));
  return std::shared_ptr<ChunkedArray>(std::make_shared<Zarr2Array>(std::move(store), node, std::move(*md), zarray));
}

Result<std::shared_ptr<ChunkedArray>> openZarr2ArrayConsolidated(StorePtr store, const std::string& key,
                                                                 const nlohmann::json& zmetadata) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openZarr2ArrayConsolidated needs a store");
  const std::string node = zarr::normalizeNodeKey(key);
  const nlohmann::json* md = nullptr;
  if (zmetadata.is_object() && zmetadata.contains("metadata") && zmetadata["metadata"].is_object())
    md = &zmetadata["metadata"];
  if (!md)
    return makeError(ErrorCode::InvalidData, store->describe(".zmetadata") + " has no \"metadata\" object");
  const std::string zarrayKey = zarr::joinKey(node, ".zarray");
  auto it = md->find(zarrayKey);
  if (it == md->end())
    return makeError(ErrorCode::NotFound, store->describe(".zmetadata") + " does not list " + zarrayKey);
  auto attrs = md->find(zarr::joinKey(node, ".zattrs"));
  return openZarr2Array(std::move(store), node, *it, attrs != md->end() ? *attrs : nlohmann::json());
}

}  // namespace skein
