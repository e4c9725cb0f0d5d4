#include "core/format/ArrayRegion.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

namespace skein {

Status readRegion(const ChunkedArray& array, std::span<const std::int64_t> offset,
                  std::span<const std::int64_t> shape, void* out, const RegionReadOptions& options) {
  const ArrayMeta& m = array.meta();
  const std::size_t nd = m.shape.size();
  if (offset.size() != nd || shape.size() != nd)
    return makeError(ErrorCode::InvalidArgument, "region has " + std::to_string(shape.size()) +
                                                     " dimensions but the array has " + std::to_string(nd));
  std::int64_t total = 1;
  for (std::size_t d = 0; d < nd; ++d) {
    if (shape[d] < 0) return makeError(ErrorCode::InvalidArgument, "region shape must not be negative");
    total *= shape[d];
  }
  const std::size_t es = m.elementSize();
  auto* dst = static_cast<std::uint8_t*>(out);
  if (total == 0) return {};
  if (nd == 0) {
    std::vector<std::int64_t> idx;
    auto r = array.readChunk(idx, options.cancel);
    if (!r.ok()) return r.error();
    if (r->has_value()) std::memcpy(dst, (*r)->constData(), es);
    else fillElements(dst, 1, m.fillValue);
    return {};
  }

  // Chunk index range covered by the box, clipped to the array.
  Shape first(nd), last(nd);
  bool anyInside = true;
  for (std::size_t d = 0; d < nd; ++d) {
    std::int64_t lo = std::max<std::int64_t>(offset[d], 0);
    std::int64_t hi = std::min<std::int64_t>(offset[d] + shape[d], m.shape[d]);
    if (hi <= lo) anyInside = false;
    first[d] = lo / m.chunkShape[d];
    last[d] = hi > 0 ? (hi - 1) / m.chunkShape[d] : 0;
  }
  // Parts of the box outside the array get the fill value up front; absent chunks are filled as
  // they are found (a box inside the array is never written twice).
  bool boxInsideArray = true;
  for (std::size_t d = 0; d < nd; ++d)
    boxInsideArray = boxInsideArray && offset[d] >= 0 && offset[d] + shape[d] <= m.shape[d];
  if (!boxInsideArray) fillElements(dst, total, m.fillValue);
  if (!anyInside) return {};

  std::vector<Shape> chunks;
  {
    Shape idx = first;
    while (true) {
      chunks.push_back(idx);
      std::size_t d = nd;
      while (d > 0) {
        --d;
        if (++idx[d] <= last[d]) break;
        idx[d] = first[d];
        if (d == 0) goto done;
      }
    }
  done:;
  }

  std::atomic<std::size_t> next{0};
  std::mutex errorMutex;
  std::optional<Error> firstError;
  const ChunkTarget target{dst, offset, shape};
  auto worker = [&] {
    ChunkScratch scratch;  // reused for every chunk this thread reads
    Shape origin(nd), lo(nd), hi(nd);
    while (true) {
      std::size_t i = next.fetch_add(1);
      if (i >= chunks.size()) return;
      {
        std::lock_guard lock(errorMutex);
        if (firstError) return;
      }
      if (options.cancel.isCancelled()) {
        std::lock_guard lock(errorMutex);
        if (!firstError) firstError = makeError(ErrorCode::Cancelled, "read cancelled");
        return;
      }
      const Shape& idx = chunks[i];
      auto r = array.readChunkInto(idx, target, scratch, options.cancel);
      if (!r.ok()) {
        std::lock_guard lock(errorMutex);
        if (!firstError) firstError = r.error();
        return;
      }
      if (*r || !boxInsideArray) continue;  // written, or already prefilled
      for (std::size_t d = 0; d < nd; ++d) origin[d] = idx[d] * m.chunkShape[d];
      if (chunkPartInBox(origin, m.chunkShape, offset, shape, m.shape, lo, hi))
        fillBlock({dst, offset, shape}, lo, hi, m.fillValue);
    }
  };
  int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(chunks.size())));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (firstError) return *firstError;
  return {};
}

}  // namespace skein
