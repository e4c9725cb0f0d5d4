#pragma once
// neuroglancer_uint64_sharded_v1 (google/neuroglancer src/datasource/precomputed/sharded.md):
// chunk id → hash → shard file + minishard; shard index → minishard index → chunk bytes, each read
// by a byte range. Decoded minishard indexes are kept in a small bounded LRU cache.

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/base/Vec3.h"
#include "core/format/PrecomputedInfo.h"
#include "core/store/Store.h"

namespace skein {

// Volume chunk id: the compressed Morton code of grid cell `pos` in a grid of `gridSize` cells
// (bit i of x, y, z interleaved, skipping dimensions whose size needs fewer bits).
std::uint64_t compressedMortonCode(const Vec3i& pos, const Vec3i& gridSize);

struct ShardLocation {
  std::uint64_t shard = 0;
  std::uint64_t minishard = 0;
};
ShardLocation locateShardedChunk(const PrecomputedSharding& sharding, std::uint64_t chunkId);
// "<shard in lower-case hex, zero-padded to ceil(shard_bits / 4) digits>.shard".
std::string shardFileName(const PrecomputedSharding& sharding, std::uint64_t shard);

// Reads chunks of one sharded scale. Thread-safe.
class PrecomputedShardReader {
 public:
  PrecomputedShardReader(StorePtr store, std::string scaleKey, PrecomputedSharding sharding,
                         std::size_t cacheBytes = std::size_t(8) << 20);

  // The chunk's bytes (data_encoding undone), or std::nullopt when absent.
  Result<std::optional<QByteArray>> read(std::uint64_t chunkId, const CancelToken& cancel = {}) const;
  std::string shardKey(std::uint64_t chunkId) const;

  struct MinishardEntry {
    std::uint64_t chunkId;
    std::uint64_t offset;  // absolute, in the shard file
    std::uint64_t size;
  };
  using MinishardIndex = std::vector<MinishardEntry>;

 private:
  Result<std::shared_ptr<const MinishardIndex>> minishardIndex(const ShardLocation& location,
                                                               const CancelToken& cancel) const;

  StorePtr store_;
  std::string scaleKey_;
  PrecomputedSharding sharding_;

  // LRU of decoded minishard indexes, keyed by "shard/minishard".
  using CacheEntry = std::pair<std::string, std::shared_ptr<const MinishardIndex>>;
  mutable std::mutex mutex_;
  std::size_t cacheBytes_;
  mutable std::size_t usedBytes_ = 0;
  mutable std::list<CacheEntry> order_;
  mutable std::unordered_map<std::string, std::list<CacheEntry>::iterator> map_;
};

// Encodes a whole shard from chunks that all belong to it (their ids → their unencoded bytes);
// minishards and chunks are written in id order, as tensorstore's encoder does.
Result<QByteArray> encodePrecomputedShard(const PrecomputedSharding& sharding,
                                          const std::map<std::uint64_t, QByteArray>& chunks);

}  // namespace skein
