#include "core/format/Zarr3Array.h"

#include "core/format/Zarr3Metadata.h"
#include "core/format/Zarr3ShardIndex.h"
#include "core/format/ZarrJson.h"
#include "core/format/ZarrLayout.h"

namespace skein {

namespace {

using zarr::ShardIndex;
using zarr::ShardingConfig;

std::string rangeText(std::uint64_t begin, std::uint64_t end) {
  return std::to_string(begin) + "-" + std::to_string(end);
}

// One level of sharding: the chunks of `outer` shape are shards of `inner`-shaped chunks.
struct ShardLevel {
  const ShardingConfig* config = nullptr;
  Shape outer;                   // shape of the chunk this level splits (the shard)
  Shape perShard;                // inner chunks per shard, per dimension
  std::int64_t chunksPerShard = 0;
  std::int64_t indexSize = 0;
};

// A byte range of a shard object: the whole object (length unknown) or a nested shard inside it.
struct ShardRegion {
  std::int64_t offset = 0;
  std::int64_t length = -1;  // -1: the whole object, size unknown
};

class Zarr3Array final : public ChunkedArray {
  using ShardIndexCachePtr = zarr::ShardIndexCache::IndexPtr;

 public:
  Zarr3Array(StorePtr store, std::string key, zarr::Zarr3Metadata m)
      : store_(std::move(store)), key_(std::move(key)), md_(std::move(m)) {
    meta_.format = "zarr3";
    meta_.shape = md_.shape;
    meta_.dtype = md_.dtype;
    meta_.fillValue = md_.fillValue;
    meta_.dimensionNames = md_.dimensionNames;
    meta_.codecs = md_.codecs;
    meta_.location = store_->describe(key_);
    Shape current = md_.chunkShape;
    const zarr::Zarr3Chain* chain = &md_.chain;
    while (chain->sharding) {
      ShardLevel level;
      level.config = &*chain->sharding;
      level.outer = current;
      level.perShard.resize(current.size());
      level.chunksPerShard = 1;
      for (std::size_t d = 0; d < current.size(); ++d) {
        level.perShard[d] = current[d] / level.config->innerChunkShape[d];
        level.chunksPerShard *= level.perShard[d];
      }
      level.indexSize = zarr::shardIndexSize(*level.config, level.chunksPerShard);
      levels_.push_back(level);
      current = level.config->innerChunkShape;
      chain = level.config->inner.get();
    }
    innermost_ = chain;
    meta_.chunkShape = current;
    if (!levels_.empty()) meta_.shardShape = md_.chunkShape;
  }

  const ArrayMeta& meta() const override { return meta_; }

  std::string chunkKey(std::span<const std::int64_t> chunkIndex) const override {
    return md_.keys.key(key_, gridIndex(chunkIndex));
  }

  Result<std::optional<QByteArray>> readChunk(std::span<const std::int64_t> chunkIndex,
                                              const CancelToken& cancel) const override {
    SKEIN_TRY(validateChunkIndex(chunkIndex));
    if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "read cancelled");
    const std::string key = chunkKey(chunkIndex);
    std::optional<QByteArray> encoded;
    std::string where = store_->describe(key);
    if (levels_.empty()) {
      auto r = store_->read(key, std::nullopt, cancel);
      if (!r.ok()) return r.error().withContext("reading " + store_->describe(key));
      encoded = std::move(*r);
    } else {
      SKEIN_ASSIGN_OR_RETURN(encoded, readInnerChunkBytes(key, chunkIndex, where, cancel));
    }
    if (!encoded) return std::optional<QByteArray>{};
    auto decoded = zarr::decodeZarr3Chunk(*innermost_, std::move(*encoded), meta_.chunkShape, meta_.dtype);
    if (!decoded.ok()) return decoded.error().withContext(where);
    const Shape valid = zarr::validExtentOfChunk(meta_.shape, meta_.chunkShape, chunkIndex);
    zarr::fillOutsideExtent(mutableData(*decoded), meta_.chunkShape, valid, meta_.fillValue);
    return std::optional<QByteArray>(std::move(*decoded));
  }

 private:
  // Index of the stored object (the top-level shard when sharded) holding decode chunk `idx`.
  Shape gridIndex(std::span<const std::int64_t> idx) const {
    Shape g(idx.begin(), idx.end());
    if (!levels_.empty())
      for (std::size_t d = 0; d < g.size(); ++d) g[d] = g[d] * meta_.chunkShape[d] / md_.chunkShape[d];
    return g;
  }

  // Position (C order) of decode chunk `idx`'s level-l chunk inside its level-l shard.
  std::int64_t localIndex(const ShardLevel& level, std::span<const std::int64_t> idx) const {
    const Shape& inner = level.config->innerChunkShape;
    std::int64_t linear = 0;
    for (std::size_t d = 0; d < idx.size(); ++d) {
      const std::int64_t pos = idx[d] * meta_.chunkShape[d] / inner[d];  // global position at this level
      linear = linear * level.perShard[d] + pos % level.perShard[d];
    }
    return linear;
  }

  Result<std::optional<QByteArray>> readInnerChunkBytes(const std::string& key, std::span<const std::int64_t> idx,
                                                        std::string& where, const CancelToken& cancel) const {
    ShardRegion region;
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      const ShardLevel& level = levels_[l];
      const std::string shardName = l == 0 ? "shard " + store_->describe(key)
                                           : "nested shard at byte " + std::to_string(region.offset) + " of shard " +
                                                 store_->describe(key);
      SKEIN_ASSIGN_OR_RETURN(auto index, shardIndex(key, l, region, level, shardName, cancel));
      if (!index) return std::optional<QByteArray>{};  // shard absent
      const std::int64_t i = localIndex(level, idx);
      if (index->isEmpty(static_cast<std::size_t>(i))) return std::optional<QByteArray>{};
      const std::uint64_t off = index->offset(static_cast<std::size_t>(i)), n = index->nbytes(static_cast<std::size_t>(i));
      where = shardName + ", inner chunk " + std::to_string(i);
      const std::uint64_t limit = std::uint64_t(1) << 40;  // 1 TiB: beyond any real chunk, avoids overflow
      if (off > limit || n > limit || (region.length >= 0 && off + n > static_cast<std::uint64_t>(region.length)))
        return makeError(ErrorCode::InvalidData,
                         shardName + " index entry " + std::to_string(i) + " points to bytes " + rangeText(off, off + n) +
                             " beyond the shard size " +
                             (region.length >= 0 ? std::to_string(region.length) : std::string("(unknown)")));
      region = ShardRegion{region.offset + static_cast<std::int64_t>(off), static_cast<std::int64_t>(n)};
      if (l + 1 < levels_.size()) continue;
      auto bytes = store_->read(key, ByteRange{region.offset, region.length}, cancel);
      if (bytes.ok() && !bytes->has_value()) return std::optional<QByteArray>{};  // removed meanwhile
      if (!bytes.ok() && bytes.error().code != ErrorCode::InvalidData)
        return bytes.error().withContext("reading " + where);
      if (!bytes.ok() || (*bytes)->size() != region.length) {
        auto size = store_->size(key, cancel);
        const std::string sizeText = size.ok() && size->has_value() ? std::to_string(**size) : "unknown";
        return makeError(ErrorCode::InvalidData, shardName + " index entry " + std::to_string(i) + " points to bytes " +
                                                     rangeText(off, off + n) + " beyond the shard size " + sizeText);
      }
      return std::move(*bytes);
    }
    return makeError(ErrorCode::Internal, "no shard level");
  }

  Result<ShardIndexCachePtr> shardIndex(const std::string& key, std::size_t levelNumber, const ShardRegion& region,
                                        const ShardLevel& level, const std::string& shardName,
                                        const CancelToken& cancel) const {
    // A nested shard may start at byte 0 of its parent: the level keeps the keys apart.
    const std::string cacheKey =
        key + "@" + std::to_string(levelNumber) + ":" + std::to_string(region.offset) + "+" + std::to_string(region.length);
    return indexCache_.get(cacheKey, [&]() -> Result<ShardIndexCachePtr> {
      const std::int64_t size = level.indexSize;
      ByteRange range;
      if (region.length < 0) {
        range = level.config->indexAtStart ? ByteRange::prefix(size) : ByteRange::suffix(size);
      } else {
        if (region.length < size)
          return makeError(ErrorCode::InvalidData, shardName + " is " + std::to_string(region.length) +
                                                       " bytes, smaller than its index of " + std::to_string(size) + " bytes");
        range = ByteRange{level.config->indexAtStart ? region.offset : region.offset + region.length - size, size};
      }
      auto bytes = store_->read(key, range, cancel);
      if (!bytes.ok()) return bytes.error().withContext("reading the index of " + shardName);
      if (!bytes->has_value()) return ShardIndexCachePtr{};
      if ((*bytes)->size() != size)
        return makeError(ErrorCode::InvalidData, shardName + " index is truncated: expected " + std::to_string(size) +
                                                     " bytes, the shard has " + std::to_string((*bytes)->size()));
      auto index = zarr::decodeShardIndex(**bytes, level.chunksPerShard, *level.config);
      if (!index.ok()) return index.error().withContext(shardName);
      return std::make_shared<const ShardIndex>(std::move(*index));
    });
  }

  StorePtr store_;
  std::string key_;
  zarr::Zarr3Metadata md_;
  ArrayMeta meta_;
  std::vector<ShardLevel> levels_;
  const zarr::Zarr3Chain* innermost_ = nullptr;
  mutable zarr::ShardIndexCache indexCache_;
};

}  // namespace

Result<std::shared_ptr<ChunkedArray>> openZarr3Array(StorePtr store, const std::string& key) {
  const std::string node = zarr::normalizeNodeKey(key);
  const std::string metaKey = zarr::joinKey(node, "zarr.json");
  SKEIN_ASSIGN_OR_RETURN(nlohmann::json doc, zarr::readZarrJson(*store, metaKey));
  return openZarr3Array(std::move(store), node, doc);
}

Result<std::shared_ptr<ChunkedArray>> openZarr3Array(StorePtr store, const std::string& key,
                                                     const nlohmann::json& zarrJson) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openZarr3Array needs a store");
  const std::string node = zarr::normalizeNodeKey(key);
  auto md = zarr::parseZarr3ArrayMetadata(zarrJson);
  if (!md.ok()) return md.error().withContext(store->describe(zarr::joinKey(node, "zarr.json")));
  return std::shared_ptr<ChunkedArray>(std::make_shared<Zarr3Array>(std::move(store), node, std::move(*md)));
}

std::optional<nlohmann::json> findConsolidatedZarr3(const nlohmann::json& group, const std::string& relativePath) {
  if (!group.is_object()) return std::nullopt;
  auto cm = group.find("consolidated_metadata");
  if (cm == group.end() || !cm->is_object()) return std::nullopt;
  auto md = cm->find("metadata");
  if (md == cm->end() || !md->is_object()) return std::nullopt;
  auto it = md->find(zarr::normalizeNodeKey(relativePath));
  if (it == md->end()) return std::nullopt;
  return *it;
}

}  // namespace skein
