#pragma once
// Zarr v3 shard indexes: decoding/encoding the (offset, nbytes) table and a small thread-safe LRU
// cache so that reading every inner chunk of a shard fetches its index once.

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/base/Bytes.h"
#include "core/base/Result.h"
#include "core/format/Zarr3Codecs.h"

namespace skein::zarr {

struct ShardIndex {
  static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);
  std::vector<std::uint64_t> entries;  // offset, nbytes per inner chunk (C order over the inner grid)

  std::size_t chunkCount() const { return entries.size() / 2; }
  bool isEmpty(std::size_t i) const { return entries[2 * i] == kEmpty && entries[2 * i + 1] == kEmpty; }
  std::uint64_t offset(std::size_t i) const { return entries[2 * i]; }
  std::uint64_t nbytes(std::size_t i) const { return entries[2 * i + 1]; }
};

// Decodes exactly shardIndexSize(config, chunks) bytes (checks the crc32c when configured).
// Entries that are half empty are InvalidData errors.
Result<ShardIndex> decodeShardIndex(const QByteArray& bytes, std::int64_t chunks, const ShardingConfig& config);
QByteArray encodeShardIndex(const ShardIndex& index, const ShardingConfig& config);

// LRU of decoded indexes keyed by shard key (+ byte offset for nested shards). A null index means
// "the shard is absent". Concurrent requests for the same key load it once.
class ShardIndexCache {
 public:
  using IndexPtr = std::shared_ptr<const ShardIndex>;
  using Loader = std::function<Result<IndexPtr>()>;

  explicit ShardIndexCache(std::size_t maxEntries = 256, std::size_t maxBytes = std::size_t(64) << 20)
      : maxEntries_(maxEntries), maxBytes_(maxBytes) {}

  // The cached index of `key`, or the one `load` returns (errors are not cached).
  Result<IndexPtr> get(const std::string& key, const Loader& load);

 private:
  struct Slot {  // guarded by its own mutex while loading
    std::mutex mutex;
    bool loaded = false;
    IndexPtr index;
  };
  struct Entry {  // guarded by mutex_
    std::shared_ptr<Slot> slot;
    std::list<std::string>::iterator lruPos;
    std::size_t bytes = 0;
  };
  void evictLocked();

  std::mutex mutex_;
  std::map<std::string, Entry> slots_;
  std::list<std::string> lru_;  // front = most recently used
  std::size_t maxEntries_;
  std::size_t maxBytes_;
  std::size_t bytes_ = 0;
};

}  // namespace skein::zarr
