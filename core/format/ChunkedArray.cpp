#include "core/format/ChunkedArray.h"

#include "core/base/Vec3.h"

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

}  // namespace skein
