#pragma once
// Element layout operations of the Zarr codecs: byte swapping, axis permutation (F order and the
// v3 `transpose` codec), padding edge chunks with the fill value, and copying boxes between
// C-order buffers (writers cutting shards into inner chunks).

#include <cstdint>
#include <optional>
#include <span>

#include "core/format/ChunkedArray.h"

namespace skein::zarr {

void byteSwapInPlace(std::uint8_t* data, std::size_t count, std::size_t elementSize);

// `order` is the v3 transpose permutation: the encoded array E has shape E[i] = A[order[i]].
// decodePermuted: E (C order) -> A (C order); encodePermuted: A -> E. `shapeA` is A's shape.
QByteArray decodePermuted(const std::uint8_t* encoded, const Shape& shapeA, std::span<const int> order,
                          std::size_t elementSize);
QByteArray encodePermuted(const std::uint8_t* decoded, const Shape& shapeA, std::span<const int> order,
                          std::size_t elementSize);

// Permutation that turns Fortran order into C order ([n-1, …, 0]).
std::vector<int> reversedAxes(std::size_t rank);

// Sets every element of a C-order chunk whose index is >= validExtent in some dimension to `fill`.
void fillOutsideExtent(std::uint8_t* chunk, const Shape& chunkShape, const Shape& validExtent,
                       const QByteArray& fill);

// Number of elements of the chunk at `chunkIndex` that lie inside the array, per dimension.
Shape validExtentOfChunk(const Shape& arrayShape, const Shape& chunkShape, std::span<const std::int64_t> chunkIndex);

bool isAllFill(ByteView data, const QByteArray& fill);

// Copies an `extent` box from src (C order over srcShape, starting at srcStart) to dst (C order over
// dstShape, starting at dstStart).
void copyBox(const std::uint8_t* src, const Shape& srcShape, const Shape& srcStart, std::uint8_t* dst,
             const Shape& dstShape, const Shape& dstStart, const Shape& extent, std::size_t elementSize);

std::int64_t shapeProduct(const Shape& shape);
// Product of a shape of non-negative extents, or std::nullopt when it exceeds `limit` (no overflow).
std::optional<std::int64_t> boundedProduct(const Shape& shape, std::int64_t limit);
// Largest decoded chunk the readers accept (metadata asking for more is rejected up front).
inline constexpr std::int64_t kMaxChunkBytes = std::int64_t(1) << 32;
// ceil(shape / chunk) per dimension.
Shape chunkGrid(const Shape& shape, const Shape& chunk);

}  // namespace skein::zarr
