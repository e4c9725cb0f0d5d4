#include "core/format/WkwFile.h"

#include <cstring>

#include "core/codec/Lz4.h"

namespace skein {

namespace {

std::uint64_t loadLe64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
  return v;
}

void storeLe64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// The largest LZ4 block a block of n bytes can compress to (LZ4_compressBound).
std::uint64_t lz4Bound(std::uint64_t n) { return n + n / 255 + 16; }

Error invalid(const std::string& where, const std::string& what) {
  return makeError(ErrorCode::InvalidData, where + ": " + what);
}

}  // namespace

ByteRange WkwFileIndex::blockRange(std::int64_t m) const {
  if (!header.compressed())
    return {static_cast<std::int64_t>(header.dataOffset) + m * header.blockBytes(), header.blockBytes()};
  const std::uint64_t start = m == 0 ? header.dataOffset : jumpTable[static_cast<std::size_t>(m - 1)];
  return {static_cast<std::int64_t>(start), static_cast<std::int64_t>(jumpTable[static_cast<std::size_t>(m)] - start)};
}

Result<std::optional<WkwFileIndex>> readWkwFileIndex(Store& store, const std::string& key, const WkwHeader& magHeader,
                                                     const CancelToken& cancel) {
  const std::string where = store.describe(key);
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> prefix,
                         store.read(key, ByteRange::prefix(static_cast<std::int64_t>(magHeader.fileDataOffset())), cancel));
  if (!prefix) return std::optional<WkwFileIndex>();
  WkwFileIndex index;
  SKEIN_ASSIGN_OR_RETURN(index.header, parseWkwHeader(view(*prefix), where));
  const WkwHeader& h = index.header;
  if (h.blockLenLog2 != magHeader.blockLenLog2 || h.fileLenLog2 != magHeader.fileLenLog2 || h.dtype != magHeader.dtype ||
      h.numChannels != magHeader.numChannels)
    return invalid(where, "the file header disagrees with header.wkw (block/file size or voxel type)");
  if (!h.compressed()) {
    if (h.dataOffset < WkwHeader::kSize) return invalid(where, "data offset " + std::to_string(h.dataOffset) + " lies inside the header");
    return std::optional<WkwFileIndex>(std::move(index));
  }
  const auto tableEnd = static_cast<qsizetype>(h.fileDataOffset());
  if (prefix->size() < tableEnd) {
    // The mag header said raw, this file is compressed: fetch its jump table now.
    SKEIN_ASSIGN_OR_RETURN(prefix, store.read(key, ByteRange::prefix(tableEnd), cancel));
    if (!prefix) return std::optional<WkwFileIndex>();
  }
  if (prefix->size() < tableEnd)
    return invalid(where, "file is " + std::to_string(prefix->size()) + " bytes, shorter than its " +
                              std::to_string(tableEnd) + "-byte header and jump table");
  if (h.dataOffset < h.fileDataOffset())
    return invalid(where, "data offset " + std::to_string(h.dataOffset) + " lies inside the jump table (which ends at " +
                              std::to_string(h.fileDataOffset()) + ")");
  const auto blocks = static_cast<std::size_t>(h.blocksPerFile());
  const auto* p = reinterpret_cast<const std::uint8_t*>(prefix->constData()) + WkwHeader::kSize;
  index.jumpTable.resize(blocks);
  std::uint64_t previous = h.dataOffset;
  const std::uint64_t maxBlock = lz4Bound(static_cast<std::uint64_t>(h.blockBytes()));
  for (std::size_t m = 0; m < blocks; ++m) {
    const std::uint64_t end = loadLe64(p + 8 * m);
    if (end < previous)
      return invalid(where, "jump table is not increasing at block " + std::to_string(m) + " (" + std::to_string(end) +
                                " < " + std::to_string(previous) + ")");
    if (end - previous > maxBlock)
      return invalid(where, "jump table gives block " + std::to_string(m) + " " + std::to_string(end - previous) +
                                " bytes, more than LZ4 can need for " + std::to_string(h.blockBytes()) + " bytes");
    index.jumpTable[m] = previous = end;
  }
  return std::optional<WkwFileIndex>(std::move(index));
}

Result<QByteArray> decodeWkwBlock(ByteView stored, const WkwHeader& header, const std::string& where) {
  const auto size = static_cast<qsizetype>(header.blockBytes());
  if (!header.compressed()) {
    if (static_cast<qsizetype>(stored.size()) != size)
      return invalid(where, "raw block has " + std::to_string(stored.size()) + " bytes, expected " + std::to_string(size));
    return QByteArray(reinterpret_cast<const char*>(stored.data()), size);
  }
  auto decoded = codec::lz4BlockDecode(stored, size);
  if (!decoded.ok()) return decoded.error().withContext(where);
  if (decoded->size() != size)
    return invalid(where, "LZ4 block decodes to " + std::to_string(decoded->size()) + " bytes, expected " + std::to_string(size));
  return decoded;
}

Result<QByteArray> encodeWkwFile(const WkwHeader& headerIn, const QByteArray& cube) {
  WkwHeader header = headerIn;
  header.dataOffset = header.fileDataOffset();
  const std::int64_t bl = header.blockLen(), fl = header.fileLenVoxels(), vs = header.voxelSize();
  if (cube.size() != fl * fl * fl * vs)
    return makeError(ErrorCode::InvalidArgument, "WKW file cube has " + std::to_string(cube.size()) + " bytes, expected " +
                                                     std::to_string(fl * fl * fl * vs));
  const auto blocks = header.blocksPerFile();
  const std::int64_t rowBytes = bl * vs;
  QByteArray block(static_cast<qsizetype>(header.blockBytes()), Qt::Uninitialized);
  QByteArray out = serializeWkwHeader(header);
  if (!header.compressed()) out.reserve(static_cast<qsizetype>(WkwHeader::kSize) + blocks * header.blockBytes());
  std::vector<std::uint64_t> jump;
  QByteArray payload;
  for (std::int64_t m = 0; m < blocks; ++m) {
    std::uint32_t bx = 0, by = 0, bz = 0;
    wkwMortonDecode(static_cast<std::uint64_t>(m), bx, by, bz);
    // Gather the block (x fastest inside, voxels contiguous) from the cube.
    char* dst = block.data();
    for (std::int64_t z = 0; z < bl; ++z)
      for (std::int64_t y = 0; y < bl; ++y, dst += rowBytes) {
        const std::int64_t src = (((bz * bl + z) * fl + (by * bl + y)) * fl + bx * bl) * vs;
        std::memcpy(dst, cube.constData() + src, static_cast<std::size_t>(rowBytes));
      }
    if (!header.compressed()) {
      out.append(block);
      continue;
    }
    SKEIN_ASSIGN_OR_RETURN(QByteArray packed,
                           codec::lz4BlockEncode(view(block), header.blockType == WkwBlockType::Lz4hc ? 9 : 0));
    payload.append(packed);
    jump.push_back(header.dataOffset + static_cast<std::uint64_t>(payload.size()));
  }
  if (header.compressed()) {
    QByteArray table(static_cast<qsizetype>(8 * jump.size()), '\0');
    for (std::size_t m = 0; m < jump.size(); ++m) storeLe64(mutableData(table) + 8 * m, jump[m]);
    out.append(table);
    out.append(payload);
  }
  return out;
}

std::shared_ptr<const WkwFileIndex> WkwFileIndexCache::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = map_.find(key);
  if (it == map_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void WkwFileIndexCache::insert(const std::string& key, std::shared_ptr<const WkwFileIndex> index) {
  std::lock_guard lock(mutex_);
  if (auto it = map_.find(key); it != map_.end()) {
    bytes_ -= it->second->second->memoryBytes();
    order_.erase(it->second);
    map_.erase(it);
  }
  bytes_ += index->memoryBytes();
  order_.emplace_front(key, std::move(index));
  map_[key] = order_.begin();
  while (bytes_ > maxBytes_ && order_.size() > 1) {
    bytes_ -= order_.back().second->memoryBytes();
    map_.erase(order_.back().first);
    order_.pop_back();
  }
}

}  // namespace skein
