#include "core/format/ChunkedArray.h"

#include <algorithm>

#include "core/base/Vec3.h"
#include "core/format/BoxCopy.h"

namespace skein {

std::int64_t ArrayMeta::chunkElements() const {
  std::int64_t n = 1;
  for (auto c : chunkShape) n *= c;
  return n;
}

Shape ArrayMeta::chunkGridShape() const {
  Shape grid(shape.size());
  for (std::size_t i = 0; i < shape.size(); ++i) grid[i] = chunkShape[i] > 0 ? ceilDiv(shape[i], chunkShape[i]) : 0;
  return grid;
}

Result<bool> ChunkedArray::readChunkInto(std::span<const std::int64_t> chunkIndex, const ChunkTarget& target,
                                         ChunkScratch& /*scratch*/, const CancelToken& cancel) const {
  const ArrayMeta& m = meta();
  const std::size_t nd = m.shape.size();
  if (chunkIndex.size() != nd || target.boxOrigin.size() != nd || target.boxShape.size() != nd)
    return makeError(ErrorCode::InvalidArgument, "chunk index or target box of " + m.location +
                                                     " does not have " + std::to_string(nd) + " dimensions");
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> chunk, readChunk(chunkIndex, cancel));
  if (!chunk) return false;
  const std::size_t es = m.elementSize();
  if (chunk->size() != static_cast<qsizetype>(m.chunkElements() * static_cast<std::int64_t>(es)))
    return makeError(ErrorCode::Internal, "decoded chunk " + chunkKey(chunkIndex) + " has the wrong size");
  Shape origin(nd), lo(nd), hi(nd);
  for (std::size_t d = 0; d < nd; ++d) origin[d] = chunkIndex[d] * m.chunkShape[d];
  if (!chunkPartInBox(origin, m.chunkShape, target.boxOrigin, target.boxShape, m.shape, lo, hi)) return true;
  copyBlock({reinterpret_cast<const std::uint8_t*>(chunk->constData()), origin, m.chunkShape},
            {target.data, target.boxOrigin, target.boxShape}, lo, hi, es,
            target.streaming ? CopyStores::Streaming : CopyStores::Cached);
  return true;
}

Status ChunkedArray::validateChunkIndex(std::span<const std::int64_t> idx) const {
  const ArrayMeta& m = meta();
  if (idx.size() != m.shape.size())
    return makeError(ErrorCode::InvalidArgument, "chunk index has " + std::to_string(idx.size()) +
                                                     " dimensions, the array " + m.location + " has " +
                                                     std::to_string(m.shape.size()));
  const Shape grid = m.chunkGridShape();
  for (std::size_t d = 0; d < idx.size(); ++d)
    if (idx[d] < 0 || idx[d] >= std::max<std::int64_t>(grid[d], 1))
      return makeError(ErrorCode::InvalidArgument, "chunk index " + nlohmann::json(Shape(idx.begin(), idx.end())).dump() +
                                                       " is outside the chunk grid of " + m.location);
  return {};
}

}  // namespace skein
