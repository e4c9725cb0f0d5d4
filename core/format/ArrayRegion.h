#pragma once
// Reading an arbitrary box of a ChunkedArray into a caller buffer (C order over the box shape),
// chunk by chunk, optionally on several threads. Absent chunks become the fill value; parts of the
// box outside the array are filled with the fill value too.

#include "core/format/BoxCopy.h"
#include "core/format/ChunkedArray.h"

namespace skein {

struct RegionReadOptions {
  int threads = 1;          // chunk reads+decodes in parallel (>= 1)
  CancelToken cancel;
};

Status readRegion(const ChunkedArray& array, std::span<const std::int64_t> offset,
                  std::span<const std::int64_t> shape, void* out, const RegionReadOptions& options = {});

}  // namespace skein
