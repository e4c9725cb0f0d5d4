#include "core/format/Zarr3Writer.h"

#include "core/format/Zarr3Metadata.h"
#include "core/format/Zarr3ShardIndex.h"
#include "core/format/ZarrDataType.h"
#include "core/format/ZarrJson.h"
#include "core/format/ZarrLayout.h"

namespace skein {

namespace {

using zarr::BytesCodec;

nlohmann::json chunkCodecsJson(const Zarr3CreateOptions& o) {
  nlohmann::json codecs = nlohmann::json::array();
  nlohmann::json bytes = {{"name", "bytes"}};
  if (dataTypeSize(o.dtype) > 1) bytes["configuration"] = {{"endian", o.bigEndian ? "big" : "little"}};
  codecs.push_back(bytes);
  BytesCodec c;
  switch (o.compression) {
    case Zarr3CreateOptions::Compression::None: break;
    case Zarr3CreateOptions::Compression::Gzip:
      c.kind = BytesCodec::Kind::Gzip;
      c.level = o.level;
      codecs.push_back(zarr::zarr3CodecJson(c));
      break;
    case Zarr3CreateOptions::Compression::Zstd:
      c.kind = BytesCodec::Kind::Zstd;
      c.level = o.level;
      codecs.push_back(zarr::zarr3CodecJson(c));
      break;
    case Zarr3CreateOptions::Compression::Blosc:
      c.kind = BytesCodec::Kind::Blosc;
      c.blosc.cname = o.bloscCname;
      c.blosc.clevel = o.level;
      c.blosc.shuffle = o.bloscShuffle;
      c.blosc.typesize = static_cast<int>(dataTypeSize(o.dtype));
      codecs.push_back(zarr::zarr3CodecJson(c));
      break;
  }
  if (o.chunkCrc32c) codecs.push_back({{"name", "crc32c"}});
  return codecs;
}

nlohmann::json zarrJsonFor(const Zarr3CreateOptions& o, const QByteArray& fill) {
  nlohmann::json codecs = chunkCodecsJson(o);
  const bool sharded = !o.shardShape.empty();
  if (sharded) {
    nlohmann::json index = nlohmann::json::array({{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}}});
    if (o.indexCrc32c) index.push_back({{"name", "crc32c"}});
    codecs = nlohmann::json::array({{{"name", "sharding_indexed"},
                                     {"configuration",
                                      {{"chunk_shape", o.chunkShape},
                                       {"codecs", codecs},
                                       {"index_codecs", index},
                                       {"index_location", o.indexAtStart ? "start" : "end"}}}}});
  }
  nlohmann::json doc = {
      {"zarr_format", 3},
      {"node_type", "array"},
      {"shape", o.shape},
      {"data_type", std::string(dataTypeName(o.dtype))},
      {"chunk_grid", {{"name", "regular"}, {"configuration", {{"chunk_shape", sharded ? o.shardShape : o.chunkShape}}}}},
      {"chunk_key_encoding", {{"name", "default"}, {"configuration", {{"separator", "/"}}}}},
      {"fill_value", zarr::fillValueToJson(fill, o.dtype)},
      {"codecs", codecs},
      {"attributes", o.attributes.is_object() ? o.attributes : nlohmann::json::object()},
  };
  if (!o.dimensionNames.empty()) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& n : o.dimensionNames) names.push_back(n.empty() ? nlohmann::json() : nlohmann::json(n));
    doc["dimension_names"] = names;
  }
  return doc;
}

class Zarr3Writer final : public ArrayWriter {
 public:
  Zarr3Writer(StorePtr store, std::string key, zarr::Zarr3Metadata md)
      : store_(std::move(store)), key_(std::move(key)), md_(std::move(md)) {
    meta_.format = "zarr3";
    meta_.shape = md_.shape;
    meta_.dtype = md_.dtype;
    meta_.fillValue = md_.fillValue;
    meta_.dimensionNames = md_.dimensionNames;
    meta_.codecs = md_.codecs;
    meta_.location = store_->describe(key_);
    if (md_.chain.sharding) {
      meta_.chunkShape = md_.chain.sharding->innerChunkShape;
      meta_.shardShape = md_.chunkShape;
    } else {
      meta_.chunkShape = md_.chunkShape;
    }
  }

  const ArrayMeta& meta() const override { return meta_; }
  Shape writeUnitShape() const override { return md_.chunkShape; }

  Status writeUnit(std::span<const std::int64_t> unitIndex, const QByteArray& data) override {
    const Shape unit = md_.chunkShape;
    const std::size_t es = meta_.elementSize();
    if (unitIndex.size() != unit.size())
      return makeError(ErrorCode::InvalidArgument, "write unit index has " + std::to_string(unitIndex.size()) +
                                                       " dimensions, the array has " + std::to_string(unit.size()));
    const Shape grid = zarr::chunkGrid(md_.shape, unit);
    for (std::size_t d = 0; d < unit.size(); ++d)
      if (unitIndex[d] < 0 || unitIndex[d] >= std::max<std::int64_t>(grid[d], 1))
        return makeError(ErrorCode::InvalidArgument, "write unit index is outside the grid of " + meta_.location);
    if (data.size() != zarr::shapeProduct(unit) * static_cast<std::int64_t>(es))
      return makeError(ErrorCode::InvalidArgument, "write unit data is " + std::to_string(data.size()) +
                                                       " bytes, expected " +
                                                       std::to_string(zarr::shapeProduct(unit) * std::int64_t(es)));
    const std::string key = md_.keys.key(key_, unitIndex);
    SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> encoded,
                           md_.chain.sharding ? encodeShard(unitIndex, data) : encodeChunk(unitIndex, data));
    Status s = encoded ? store_->write(key, *encoded) : store_->remove(key);
    if (!s.ok() && s.error().code != ErrorCode::NotFound) return s.error().withContext("writing " + key);
    return {};
  }

 private:
  // The unsharded chunk, or std::nullopt when it is all fill.
  Result<std::optional<QByteArray>> encodeChunk(std::span<const std::int64_t> idx, const QByteArray& data) const {
    QByteArray chunk = data;
    zarr::fillOutsideExtent(mutableData(chunk), md_.chunkShape, zarr::validExtentOfChunk(md_.shape, md_.chunkShape, idx),
                            md_.fillValue);
    if (zarr::isAllFill(view(chunk), md_.fillValue)) return std::optional<QByteArray>{};
    SKEIN_ASSIGN_OR_RETURN(QByteArray enc, zarr::encodeZarr3Chunk(md_.chain, chunk, md_.chunkShape, md_.dtype));
    return std::optional<QByteArray>(std::move(enc));
  }

  Result<std::optional<QByteArray>> encodeShard(std::span<const std::int64_t> shardIdx, const QByteArray& data) const {
    const zarr::ShardingConfig& cfg = *md_.chain.sharding;
    const Shape& shard = md_.chunkShape;
    const Shape& inner = cfg.innerChunkShape;
    const std::size_t nd = shard.size(), es = meta_.elementSize();
    Shape perShard(nd);
    for (std::size_t d = 0; d < nd; ++d) perShard[d] = shard[d] / inner[d];
    const std::int64_t count = zarr::shapeProduct(perShard);

    zarr::ShardIndex index;
    index.entries.assign(static_cast<std::size_t>(2 * count), zarr::ShardIndex::kEmpty);
    QByteArray body;
    QByteArray chunk(static_cast<qsizetype>(zarr::shapeProduct(inner) * static_cast<std::int64_t>(es)), Qt::Uninitialized);
    Shape local(nd, 0);
    for (std::int64_t i = 0; i < count; ++i) {
      Shape global(nd), start(nd);
      bool inside = true;
      for (std::size_t d = 0; d < nd; ++d) {
        start[d] = local[d] * inner[d];
        global[d] = shardIdx[d] * perShard[d] + local[d];
        inside = inside && global[d] * inner[d] < md_.shape[d];
      }
      if (inside) {
        zarr::copyBox(reinterpret_cast<const std::uint8_t*>(data.constData()), shard, start, mutableData(chunk), inner,
                      Shape(nd, 0), inner, es);
        zarr::fillOutsideExtent(mutableData(chunk), inner, zarr::validExtentOfChunk(md_.shape, inner, global),
                                md_.fillValue);
        if (!zarr::isAllFill(view(chunk), md_.fillValue)) {
          auto enc = zarr::encodeZarr3Chunk(*cfg.inner, chunk, inner, md_.dtype);
          if (!enc.ok()) return enc.error();
          index.entries[2 * i] = static_cast<std::uint64_t>(body.size());
          index.entries[2 * i + 1] = static_cast<std::uint64_t>(enc->size());
          body.append(*enc);
        }
      }
      for (std::size_t d = nd; d-- > 0;) {  // next inner chunk in C order
        if (++local[d] < perShard[d]) break;
        local[d] = 0;
      }
    }
    if (body.isEmpty()) return std::optional<QByteArray>{};
    if (cfg.indexAtStart) {
      const auto shift = static_cast<std::uint64_t>(zarr::shardIndexSize(cfg, count));
      for (std::int64_t i = 0; i < count; ++i)
        if (!index.isEmpty(static_cast<std::size_t>(i))) index.entries[2 * i] += shift;
      return std::optional<QByteArray>(zarr::encodeShardIndex(index, cfg) + body);
    }
    return std::optional<QByteArray>(body + zarr::encodeShardIndex(index, cfg));
  }

  StorePtr store_;
  std::string key_;
  zarr::Zarr3Metadata md_;
  ArrayMeta meta_;
};

Status checkOptions(const Zarr3CreateOptions& o) {
  auto bad = [](const std::string& m) { return makeError(ErrorCode::InvalidArgument, "createZarr3Array: " + m); };
  if (o.chunkShape.size() != o.shape.size()) return bad("chunkShape and shape have different ranks");
  if (!o.shardShape.empty() && o.shardShape.size() != o.shape.size()) return bad("shardShape and shape have different ranks");
  for (auto s : o.shape)
    if (s < 0) return bad("shape must not be negative");
  for (std::size_t d = 0; d < o.chunkShape.size(); ++d) {
    if (o.chunkShape[d] <= 0) return bad("chunkShape must be positive");
    if (!o.shardShape.empty() && (o.shardShape[d] <= 0 || o.shardShape[d] % o.chunkShape[d] != 0))
      return bad("shardShape must be a positive multiple of chunkShape");
  }
  if (!o.fillValue.isEmpty() && o.fillValue.size() != static_cast<qsizetype>(dataTypeSize(o.dtype)))
    return bad("fillValue must be exactly one element");
  if (!o.dimensionNames.empty() && o.dimensionNames.size() != o.shape.size())
    return bad("dimensionNames must have one entry per dimension");
  return {};
}

}  // namespace

Result<std::unique_ptr<ArrayWriter>> createZarr3Array(StorePtr store, const std::string& key,
                                                      const Zarr3CreateOptions& options) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "createZarr3Array needs a store");
  SKEIN_TRY(checkOptions(options));
  const std::string node = zarr::normalizeNodeKey(key);
  const QByteArray fill = options.fillValue.isEmpty() ? zarr::zeroElement(options.dtype) : options.fillValue;
  const nlohmann::json doc = zarrJsonFor(options, fill);
  // Parse what we are about to write: reader and writer then agree on every detail.
  auto md = zarr::parseZarr3ArrayMetadata(doc);
  if (!md.ok()) return md.error().withContext("createZarr3Array");
  const std::string metaKey = zarr::joinKey(node, "zarr.json");
  const std::string text = doc.dump(2);
  SKEIN_TRY(store->write(metaKey, QByteArray(text.data(), static_cast<qsizetype>(text.size()))));
  return std::unique_ptr<ArrayWriter>(std::make_unique<Zarr3Writer>(std::move(store), node, std::move(*md)));
}

}  // namespace skein
