#pragma once
// One .wkw data file: its header, the jump table of compressed files, block decoding and
// whole-file encoding; plus a small bounded cache of file indexes (so a block read costs one
// ranged request once the file's jump table is known).

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/format/WkwHeader.h"
#include "core/store/Store.h"

namespace skein {

struct WkwFileIndex {
  WkwHeader header;                      // the file's own header
  std::vector<std::uint64_t> jumpTable;  // compressed files: absolute end offset of each block

  // Where block `m` (Morton index inside the file) is stored.
  ByteRange blockRange(std::int64_t m) const;
  std::size_t memoryBytes() const { return sizeof(*this) + jumpTable.size() * sizeof(std::uint64_t); }
};

// Reads and validates a data file's header (and jump table when compressed): its sizes and voxel
// type must agree with the mag's header.wkw, the jump table must increase and start after itself.
// std::nullopt when the file does not exist.
Result<std::optional<WkwFileIndex>> readWkwFileIndex(Store& store, const std::string& key, const WkwHeader& magHeader,
                                                     const CancelToken& cancel = {});

// Decodes one stored block (raw or raw-LZ4) to exactly header.blockBytes() bytes.
Result<QByteArray> decodeWkwBlock(ByteView stored, const WkwHeader& header, const std::string& where);

// Encodes a whole file from `cube`: C order [z][y][x][c] over fileLenVoxels()³ voxels. The header's
// blockType chooses raw, LZ4 or LZ4HC (level 9); dataOffset is set as the format requires.
Result<QByteArray> encodeWkwFile(const WkwHeader& header, const QByteArray& cube);

// Least-recently-used file indexes, bounded by their memory. Thread-safe.
class WkwFileIndexCache {
 public:
  explicit WkwFileIndexCache(std::size_t maxBytes = std::size_t(16) << 20) : maxBytes_(maxBytes) {}
  std::shared_ptr<const WkwFileIndex> find(const std::string& key);
  void insert(const std::string& key, std::shared_ptr<const WkwFileIndex> index);

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const WkwFileIndex>>;
  std::mutex mutex_;
  std::size_t maxBytes_;
  std::size_t bytes_ = 0;
  std::list<Entry> order_;  // front = most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> map_;
};

}  // namespace skein
