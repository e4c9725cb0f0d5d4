#pragma once
// Streams a whole array as consecutive slabs along one dimension (each slab a C-order run of the
// output), reading chunks on several threads with no pause between slabs: while slab k waits for
// its last chunks or is being consumed, the workers already read the chunks of slab k+1 into a
// second buffer (for remote stores this keeps requests in flight across slab boundaries). Memory:
// two slab buffers plus one scratch per thread.

#include <cstdint>
#include <functional>

#include "core/format/ChunkedArray.h"

namespace skein {

struct SlabStreamOptions {
  std::size_t dim = 0;             // the dimension cut into slabs (dimensions before it must have size 1)
  std::int64_t rowsPerSlab = 1;    // rows of `dim` per slab (the last slab may have fewer)
  int threads = 1;                 // reader threads (>= 1)
  CancelToken cancel;
};

// `consume` receives each slab in order, on the calling thread; an error from it stops the stream.
Status streamSlabs(const ChunkedArray& array, const SlabStreamOptions& options,
                   const std::function<Status(const std::uint8_t* data, std::size_t bytes)>& consume);

}  // namespace skein
