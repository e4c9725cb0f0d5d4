#include "core/format/Zarr3ShardIndex.h"

#include <algorithm>
#include <cstring>

#include "core/format/ZarrLayout.h"

namespace skein::zarr {

Result<ShardIndex> decodeShardIndex(const QByteArray& bytes, std::int64_t chunks, const ShardingConfig& config) {
  const std::int64_t expected = shardIndexSize(config, chunks);
  if (bytes.size() != expected)
    return makeError(ErrorCode::InvalidData, "shard index is " + std::to_string(bytes.size()) + " bytes, expected " +
                                                 std::to_string(expected));
  QByteArray table = bytes;
  if (config.indexCrc32c) {
    auto r = decodeBytesCodec(makeBytesCodec(BytesCodec::Kind::Crc32c), std::move(table), 16 * chunks);
    if (!r.ok()) return r.error().withContext("shard index");
    table = std::move(*r);
  }
  ShardIndex index;
  index.entries.resize(static_cast<std::size_t>(2 * chunks));
  std::memcpy(index.entries.data(), table.constData(), static_cast<std::size_t>(16 * chunks));
  if (config.indexBigEndian)
    byteSwapInPlace(reinterpret_cast<std::uint8_t*>(index.entries.data()), index.entries.size(), 8);
  for (std::size_t i = 0; i < index.chunkCount(); ++i) {
    const bool offsetEmpty = index.offset(i) == ShardIndex::kEmpty, sizeEmpty = index.nbytes(i) == ShardIndex::kEmpty;
    if (offsetEmpty != sizeEmpty)
      return makeError(ErrorCode::InvalidData, "shard index entry " + std::to_string(i) +
                                                   " is half empty (offset and nbytes must both be 2^64-1)");
  }
  return index;
}

QByteArray encodeShardIndex(const ShardIndex& index, const ShardingConfig& config) {
  QByteArray out(static_cast<qsizetype>(index.entries.size() * 8), Qt::Uninitialized);
  std::memcpy(out.data(), index.entries.data(), index.entries.size() * 8);
  if (config.indexBigEndian) byteSwapInPlace(mutableData(out), index.entries.size(), 8);
  if (config.indexCrc32c) {
    auto r = encodeBytesCodec(makeBytesCodec(BytesCodec::Kind::Crc32c), out, 8);
    if (r.ok()) out = std::move(*r);
  }
  return out;
}

Result<ShardIndexCache::IndexPtr> ShardIndexCache::get(const std::string& key, const Loader& load) {
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(key);
    if (it != slots_.end()) {
      slot = it->second.slot;
      lru_.splice(lru_.begin(), lru_, it->second.lruPos);
    } else {
      slot = std::make_shared<Slot>();
      lru_.push_front(key);
      slots_.emplace(key, Entry{slot, lru_.begin(), 0});
    }
  }
  // Other threads asking for the same key wait here while the first one loads it.
  std::lock_guard slotLock(slot->mutex);
  if (slot->loaded) return slot->index;
  auto loaded = load();
  if (!loaded.ok()) return loaded.error();
  slot->index = *loaded;
  slot->loaded = true;
  const std::size_t size = (slot->index ? slot->index->entries.size() * 8 : 0) + 64;
  {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(key);
    if (it != slots_.end() && it->second.slot == slot) {
      it->second.bytes = size;
      bytes_ += size;
    }
    evictLocked();
  }
  return slot->index;
}

void ShardIndexCache::evictLocked() {
  // Keeps at least the most recently used entry.
  while (lru_.size() > 1 && (lru_.size() > maxEntries_ || bytes_ > maxBytes_)) {
    auto it = slots_.find(lru_.back());
    if (it != slots_.end()) {
      bytes_ -= std::min(bytes_, it->second.bytes);
      slots_.erase(it);
    }
    lru_.pop_back();
  }
}

}  // namespace skein::zarr
