#include "core/format/PrecomputedSharded.h"

#include <algorithm>

#include "core/codec/Deflate.h"
#include "core/codec/Murmur3.h"

namespace skein {

namespace {

constexpr std::uint64_t kMaxChunkBytes = std::uint64_t(1) << 31;
constexpr qsizetype kMaxMinishardIndexBytes = qsizetype(1) << 28;

std::uint64_t loadLe64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<std::uint8_t>(p[i]);
  return v;
}

void appendLe64(QByteArray& out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out.append(b, 8);
}

std::uint64_t lowBits(int bits) { return bits >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << bits) - 1; }

Error invalid(const std::string& where, const std::string& what) {
  return makeError(ErrorCode::InvalidData, where + ": " + what);
}

}  // namespace

std::uint64_t compressedMortonCode(const Vec3i& pos, const Vec3i& gridSize) {
  std::uint64_t code = 0;
  int outBit = 0;
  for (int i = 0; i < 63 && outBit < 64; ++i) {
    bool any = false;
    for (int d = 0; d < 3; ++d) {
      if ((std::int64_t(1) << i) >= gridSize[d]) continue;
      any = true;
      code |= static_cast<std::uint64_t>((pos[d] >> i) & 1) << outBit++;
    }
    if (!any) break;
  }
  return code;
}

ShardLocation locateShardedChunk(const PrecomputedSharding& s, std::uint64_t chunkId) {
  std::uint64_t hashed = s.preshiftBits >= 64 ? 0 : chunkId >> s.preshiftBits;
  if (s.hash == PrecomputedSharding::Hash::MurmurHash3X86_128) hashed = codec::murmurHash3X86_128Low64(hashed);
  ShardLocation loc;
  loc.minishard = hashed & lowBits(s.minishardBits);
  loc.shard = (s.minishardBits >= 64 ? 0 : hashed >> s.minishardBits) & lowBits(s.shardBits);
  return loc;
}

std::string shardFileName(const PrecomputedSharding& s, std::uint64_t shard) {
  static const char* kDigits = "0123456789abcdef";
  std::string hex;
  do {
    hex.insert(hex.begin(), kDigits[shard & 15]);
    shard >>= 4;
  } while (shard != 0);
  const std::size_t width = static_cast<std::size_t>((s.shardBits + 3) / 4);
  if (hex.size() < width) hex.insert(0, width - hex.size(), '0');
  return hex + ".shard";
}

PrecomputedShardReader::PrecomputedShardReader(StorePtr store, std::string scaleKey, PrecomputedSharding sharding,
                                               std::size_t cacheBytes)
    : store_(std::move(store)), scaleKey_(std::move(scaleKey)), sharding_(sharding), cacheBytes_(cacheBytes) {}

std::string PrecomputedShardReader::shardKey(std::uint64_t chunkId) const {
  return joinKey(scaleKey_, shardFileName(sharding_, locateShardedChunk(sharding_, chunkId).shard));
}

Result<std::shared_ptr<const PrecomputedShardReader::MinishardIndex>> PrecomputedShardReader::minishardIndex(
    const ShardLocation& loc, const CancelToken& cancel) const {
  const std::string cacheKey = std::to_string(loc.shard) + "/" + std::to_string(loc.minishard);
  {
    std::lock_guard lock(mutex_);
    if (auto it = map_.find(cacheKey); it != map_.end()) {
      order_.splice(order_.begin(), order_, it->second);
      return it->second->second;
    }
  }
  const std::string key = joinKey(scaleKey_, shardFileName(sharding_, loc.shard));
  const std::string where = store_->describe(key);
  const std::uint64_t indexEnd = 16 * (std::uint64_t(1) << sharding_.minishardBits);

  // 1. The shard index entry of this minishard: [start, end) relative to the end of the index.
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> entry,
                         store_->read(key, ByteRange{static_cast<std::int64_t>(16 * loc.minishard), 16}, cancel));
  if (!entry) return std::shared_ptr<const MinishardIndex>();  // no shard file
  if (entry->size() != 16)
    return invalid(where, "shard file is too short for its " + std::to_string(indexEnd) + "-byte shard index");
  const std::uint64_t start = loadLe64(entry->constData()), end = loadLe64(entry->constData() + 8);
  auto index = std::make_shared<MinishardIndex>();
  if (end < start || end - start > static_cast<std::uint64_t>(kMaxMinishardIndexBytes) || end > (std::uint64_t(1) << 56))
    return invalid(where, "shard index entry " + std::to_string(loc.minishard) + " has an invalid range [" +
                              std::to_string(start) + ", " + std::to_string(end) + ")");
  if (end > start) {
    // 2. The minishard index: [3][n] uint64 (chunk ids, offsets, sizes), ids and offsets delta-coded.
    const ByteRange range{static_cast<std::int64_t>(indexEnd + start), static_cast<std::int64_t>(end - start)};
    auto bytes = store_->read(key, range, cancel);
    if (!bytes.ok()) return bytes.error().withContext(where + " minishard " + std::to_string(loc.minishard));
    if (!*bytes || (*bytes)->size() != range.length)
      return invalid(where, "minishard index range [" + std::to_string(range.offset) + ", " +
                                std::to_string(range.offset + range.length) + ") lies outside the shard file");
    QByteArray raw = std::move(**bytes);
    if (sharding_.minishardIndexGzip) {
      auto inflated = codec::inflateAny(view(raw), -1, kMaxMinishardIndexBytes);
      if (!inflated.ok()) return inflated.error().withContext(where + " minishard index");
      raw = std::move(*inflated);
    }
    if (raw.size() % 24 != 0)
      return invalid(where, "minishard index is " + std::to_string(raw.size()) + " bytes, not a multiple of 24");
    const std::size_t n = static_cast<std::size_t>(raw.size()) / 24;
    index->reserve(n);
    std::uint64_t id = 0, previousEnd = 0;
    for (std::size_t i = 0; i < n; ++i) {
      id += loadLe64(raw.constData() + 8 * i);
      const std::uint64_t offset = previousEnd + loadLe64(raw.constData() + 8 * (n + i));
      const std::uint64_t size = loadLe64(raw.constData() + 8 * (2 * n + i));
      if (size > kMaxChunkBytes || offset > (std::uint64_t(1) << 56))
        return invalid(where, "minishard index entry for chunk " + std::to_string(id) + " has an invalid range");
      index->push_back({id, indexEnd + offset, size});
      previousEnd = offset + size;
    }
  }
  std::shared_ptr<const MinishardIndex> result = index;
  {
    std::lock_guard lock(mutex_);
    if (map_.find(cacheKey) == map_.end()) {
      order_.emplace_front(cacheKey, result);
      map_[cacheKey] = order_.begin();
      usedBytes_ += result->size() * sizeof(MinishardEntry) + 64;
      while (usedBytes_ > cacheBytes_ && order_.size() > 1) {
        usedBytes_ -= order_.back().second->size() * sizeof(MinishardEntry) + 64;
        map_.erase(order_.back().first);
        order_.pop_back();
      }
    }
  }
  return result;
}

Result<std::optional<QByteArray>> PrecomputedShardReader::read(std::uint64_t chunkId, const CancelToken& cancel) const {
  const ShardLocation loc = locateShardedChunk(sharding_, chunkId);
  SKEIN_ASSIGN_OR_RETURN(std::shared_ptr<const MinishardIndex> index, minishardIndex(loc, cancel));
  if (!index) return std::optional<QByteArray>();
  auto it = std::find_if(index->begin(), index->end(), [&](const MinishardEntry& e) { return e.chunkId == chunkId; });
  if (it == index->end()) return std::optional<QByteArray>();
  const std::string key = joinKey(scaleKey_, shardFileName(sharding_, loc.shard));
  const std::string where = store_->describe(key) + " chunk " + std::to_string(chunkId);
  const ByteRange range{static_cast<std::int64_t>(it->offset), static_cast<std::int64_t>(it->size)};
  if (range.length == 0) return std::optional<QByteArray>(QByteArray());
  auto bytes = store_->read(key, range, cancel);
  if (!bytes.ok()) return bytes.error().withContext(where);
  if (!*bytes || (*bytes)->size() != range.length)
    return invalid(where, "data range [" + std::to_string(range.offset) + ", " + std::to_string(range.offset + range.length) +
                              ") lies outside the shard file");
  if (!sharding_.dataGzip) return std::optional<QByteArray>(std::move(**bytes));
  auto inflated = codec::inflateAny(view(**bytes), -1, static_cast<qsizetype>(kMaxChunkBytes));
  if (!inflated.ok()) return inflated.error().withContext(where);
  return std::optional<QByteArray>(std::move(*inflated));
}

Result<QByteArray> encodePrecomputedShard(const PrecomputedSharding& sharding,
                                          const std::map<std::uint64_t, QByteArray>& chunks) {
  if (sharding.minishardBits > 24)
    return makeError(ErrorCode::Unsupported, "writing shards with more than 2^24 minishards is not supported");
  const std::uint64_t minishards = std::uint64_t(1) << sharding.minishardBits;
  std::vector<std::vector<std::uint64_t>> byMinishard(minishards);
  std::optional<std::uint64_t> shard;
  for (const auto& [id, bytes] : chunks) {
    const ShardLocation loc = locateShardedChunk(sharding, id);
    if (shard && *shard != loc.shard)
      return makeError(ErrorCode::InvalidArgument, "chunk " + std::to_string(id) + " belongs to another shard than the chunks before it");
    shard = loc.shard;
    byMinishard[loc.minishard].push_back(id);  // std::map iterates in id order
  }
  QByteArray index, body;
  for (std::uint64_t m = 0; m < minishards; ++m) {
    const auto& ids = byMinishard[m];
    if (ids.empty()) {
      appendLe64(index, static_cast<std::uint64_t>(body.size()));
      appendLe64(index, static_cast<std::uint64_t>(body.size()));
      continue;
    }
    std::vector<std::uint64_t> offsets, sizes;
    for (auto id : ids) {
      QByteArray data = chunks.at(id);
      if (sharding.dataGzip) {
        SKEIN_ASSIGN_OR_RETURN(data, codec::gzipEncode(view(data)));
      }
      offsets.push_back(static_cast<std::uint64_t>(body.size()));
      sizes.push_back(static_cast<std::uint64_t>(data.size()));
      body.append(data);
    }
    QByteArray minishardIndex;
    std::uint64_t previousId = 0, previousEnd = 0;
    for (auto id : ids) {
      appendLe64(minishardIndex, id - previousId);
      previousId = id;
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      appendLe64(minishardIndex, offsets[i] - previousEnd);
      previousEnd = offsets[i] + sizes[i];
    }
    for (auto size : sizes) appendLe64(minishardIndex, size);
    if (sharding.minishardIndexGzip) {
      SKEIN_ASSIGN_OR_RETURN(minishardIndex, codec::gzipEncode(view(minishardIndex)));
    }
    appendLe64(index, static_cast<std::uint64_t>(body.size()));
    body.append(minishardIndex);
    appendLe64(index, static_cast<std::uint64_t>(body.size()));
  }
  return index + body;
}

}  // namespace skein
