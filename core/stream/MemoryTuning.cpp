#include "core/stream/MemoryTuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace skein {

void returnLargeBuffersToTheOs() {
#if defined(__GLIBC__)
  constexpr int kThresholdBytes = 32 * 1024;  // the smallest brick (32³ uint8) and up
  mallopt(M_MMAP_THRESHOLD, kThresholdBytes);
  // Every decoding thread would otherwise get its own arena (up to 8 per core), each keeping its
  // own freed small buffers (codec scratch, chunk indexes).
  constexpr int kArenas = 2;
  mallopt(M_ARENA_MAX, kArenas);
#endif
}

}  // namespace skein
