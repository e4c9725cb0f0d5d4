#pragma once
// Copying and filling parts of C-order blocks of elements (decoded chunks, output boxes). A block
// is described by its data, its origin and its shape in array coordinates; the part to touch is the
// half-open box [lo, hi) in the same coordinates, which must lie inside the blocks involved.

#include <cstdint>
#include <span>

#include "core/base/Bytes.h"

namespace skein {

struct ConstBlock {
  const std::uint8_t* data = nullptr;
  std::span<const std::int64_t> origin;
  std::span<const std::int64_t> shape;
};

struct MutableBlock {
  std::uint8_t* data = nullptr;
  std::span<const std::int64_t> origin;
  std::span<const std::int64_t> shape;
};

// Intersection of [aOrigin, aOrigin + aShape) and [bOrigin, bOrigin + bShape), written to lo/hi
// (sized like the inputs); false when it is empty.
bool intersectBoxes(std::span<const std::int64_t> aOrigin, std::span<const std::int64_t> aShape,
                    std::span<const std::int64_t> bOrigin, std::span<const std::int64_t> bShape,
                    std::span<std::int64_t> lo, std::span<std::int64_t> hi);

// The part of a chunk (origin, shape) inside both a box and the array [0, arrayShape), as [lo, hi);
// false when it is empty.
bool chunkPartInBox(std::span<const std::int64_t> chunkOrigin, std::span<const std::int64_t> chunkShape,
                    std::span<const std::int64_t> boxOrigin, std::span<const std::int64_t> boxShape,
                    std::span<const std::int64_t> arrayShape, std::span<std::int64_t> lo, std::span<std::int64_t> hi);

// How copyBlock writes: through the caches (the destination is read again soon), or with
// non-temporal stores that skip them (a large destination written once, e.g. a streamed slab:
// this also saves the read-for-ownership of every destination line).
enum class CopyStores { Cached, Streaming };

// Copies the elements in [lo, hi) from `src` to `dst`. Trailing dimensions that both blocks hold
// completely are merged into one memcpy.
void copyBlock(const ConstBlock& src, const MutableBlock& dst, std::span<const std::int64_t> lo,
               std::span<const std::int64_t> hi, std::size_t elementSize, CopyStores stores = CopyStores::Cached);

// True when [lo, hi) is one contiguous run of `block`'s memory (so a decoder may write it directly).
bool isContiguousIn(std::span<const std::int64_t> blockOrigin, std::span<const std::int64_t> blockShape,
                    std::span<const std::int64_t> lo, std::span<const std::int64_t> hi);
// Byte offset of element `at` in a C-order block.
std::int64_t byteOffsetIn(std::span<const std::int64_t> blockOrigin, std::span<const std::int64_t> blockShape,
                          std::span<const std::int64_t> at, std::size_t elementSize);

// Fills the elements in [lo, hi) of `dst` with the element `fill` (fill.size() bytes each).
void fillBlock(const MutableBlock& dst, std::span<const std::int64_t> lo, std::span<const std::int64_t> hi,
               const QByteArray& fill);

// Fills `count` elements of `out` with the element `fill` (size = fill.size()).
void fillElements(void* out, std::int64_t count, const QByteArray& fill);

}  // namespace skein
