#pragma once
// One interface for every chunked array format (Zarr v2/v3, N5, WKW, precomputed).
//
// The logical view of an array is C order (slowest dimension first) over `shape`, with native
// little-endian elements. Each format documents how its on-disk order maps to that view:
//  - Zarr v2/v3: as stored (F-order chunks and `transpose` are undone by the reader);
//  - N5: dimensions reversed (the view zarr-python's N5Store and tensorstore expose);
//  - WKW: [z, y, x, c] (x fastest in files, channels interleaved per voxel);
//  - precomputed: [c, z, y, x] (chunks are Fortran order over [x, y, z, c]).
// Dimension names ("x", "y", "z", "c" where known) let the dataset layer find spatial axes.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/Bytes.h"
#include "core/base/CancelToken.h"
#include "core/base/DataType.h"
#include "core/base/Result.h"

namespace skein {

using Shape = std::vector<std::int64_t>;

// Where ChunkedArray::readChunkInto writes: a C-order box of elements (origin and shape in array
// coordinates, element size as in the array's meta).
struct ChunkTarget {
  std::uint8_t* data = nullptr;
  std::span<const std::int64_t> boxOrigin;
  std::span<const std::int64_t> boxShape;
  // True for a large box that is written once and handed on (streamed slabs): copies into it
  // bypass the CPU caches instead of evicting everything else for bytes nobody reads back soon.
  bool streaming = false;
};

// Buffers that readChunkInto reuses from one chunk to the next (no allocation and no fresh pages
// per chunk). One per reading thread, never shared between threads.
struct ChunkScratch {
  QByteArray encoded;
  QByteArray decoded;
};

struct ArrayMeta {
  std::string format;          // "zarr2", "zarr3", "n5", "wkw", "precomputed"
  Shape shape;                 // logical shape, C order
  Shape chunkShape;            // decode unit (the inner chunk when sharded)
  Shape shardShape;            // empty when not sharded (Zarr v3 shard / precomputed sharded: unused)
  DataType dtype = DataType::UInt8;
  QByteArray fillValue;        // exactly one element, native little-endian
  std::vector<std::string> dimensionNames;  // empty or one per dimension ("" when unnamed)
  nlohmann::json codecs;       // the codec chain as the format describes it, for `array info`
  std::string location;        // where the array lives (path or URL without credentials)

  std::size_t elementSize() const { return dataTypeSize(dtype); }
  std::int64_t chunkElements() const;
  Shape chunkGridShape() const;  // ceil(shape / chunkShape)
};

class ChunkedArray {
 public:
  virtual ~ChunkedArray() = default;
  virtual const ArrayMeta& meta() const = 0;

  // Decoded chunk at grid position `chunkIndex` (in logical dimension order): C order over
  // meta().chunkShape, native little-endian, always full size (parts outside the array or outside a
  // truncated edge chunk are filled with the fill value). std::nullopt = the chunk is absent
  // (reads as fill value). Errors name the key and what was wrong. Thread-safe.
  virtual Result<std::optional<QByteArray>> readChunk(std::span<const std::int64_t> chunkIndex,
                                                      const CancelToken& cancel = {}) const = 0;

  // Writes the elements of chunk `chunkIndex` that lie inside both `target`'s box and the array
  // into the box (other elements of the box are left alone). Returns false when the chunk is absent
  // (nothing written). The result is byte-identical to readChunk() followed by a copy; formats
  // override it to decode from `scratch` or straight into the box. Thread-safe.
  virtual Result<bool> readChunkInto(std::span<const std::int64_t> chunkIndex, const ChunkTarget& target,
                                     ChunkScratch& scratch, const CancelToken& cancel = {}) const;

  // Store key of a chunk (or of the shard/file holding it), for messages.
  virtual std::string chunkKey(std::span<const std::int64_t> chunkIndex) const = 0;

 protected:
  // An error unless `chunkIndex` has the array's dimensions and lies inside its chunk grid.
  Status validateChunkIndex(std::span<const std::int64_t> chunkIndex) const;
};

using ArrayPtr = std::shared_ptr<const ChunkedArray>;

// Writers create arrays of one format. The write unit is the smallest piece that can be written
// on its own: the shard for sharded Zarr v3, the file cube for WKW, the chunk otherwise.
class ArrayWriter {
 public:
  virtual ~ArrayWriter() = default;
  virtual const ArrayMeta& meta() const = 0;
  virtual Shape writeUnitShape() const = 0;
  // `data`: C order over writeUnitShape(), native little-endian; parts outside the array are
  // ignored. Units are independent: distinct units may be written from several threads at once.
  virtual Status writeUnit(std::span<const std::int64_t> unitIndex, const QByteArray& data) = 0;
};

}  // namespace skein
