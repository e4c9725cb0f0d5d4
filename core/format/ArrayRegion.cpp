#include "core/format/ArrayRegion.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

namespace skein {

void fillElements(void* out, std::int64_t count, const QByteArray& fill) {
  auto* dst = static_cast<std::uint8_t*>(out);
  const auto es = static_cast<std::size_t>(fill.size());
  if (count <= 0 || es == 0) return;
  bool allZero = std::all_of(fill.begin(), fill.end(), [](char c) { return c == 0; });
  if (allZero || es == 1) {
    std::memset(dst, allZero ? 0 : fill[0], static_cast<std::size_t>(count) * es);
    return;
  }
  std::memcpy(dst, fill.constData(), es);
  // Doubling copy: O(log n) memcpy calls.
  std::size_t done = es, total = static_cast<std::size_t>(count) * es;
  while (done < total) {
    std::size_t n = std::min(done, total - done);
    std::memcpy(dst + done, dst, n);
    done += n;
  }
}

namespace {

// Copies the intersection of one decoded chunk (C order over chunkShape, origin chunkOrigin) into
// the output box (C order over boxShape, origin boxOrigin). Innermost dimension copied by memcpy.
void copyChunkIntoBox(const std::uint8_t* chunk, const Shape& chunkShape, const Shape& chunkOrigin,
                      std::uint8_t* box, std::span<const std::int64_t> boxShape,
                      std::span<const std::int64_t> boxOrigin, std::size_t es) {
  const std::size_t nd = chunkShape.size();
  Shape lo(nd), hi(nd);
  for (std::size_t d = 0; d < nd; ++d) {
    lo[d] = std::max(chunkOrigin[d], boxOrigin[d]);
    hi[d] = std::min(chunkOrigin[d] + chunkShape[d], boxOrigin[d] + boxShape[d]);
    if (hi[d] <= lo[d]) return;
  }
  // Strides in elements.
  Shape cs(nd, 1), bs(nd, 1);
  for (std::size_t d = nd - 1; d > 0; --d) {
    cs[d - 1] = cs[d] * chunkShape[d];
    bs[d - 1] = bs[d] * boxShape[d];
  }
  const std::size_t rowBytes = static_cast<std::size_t>(hi[nd - 1] - lo[nd - 1]) * es;
  Shape pos(lo.begin(), lo.end());  // current position (all dims but the last iterate)
  while (true) {
    std::int64_t ci = 0, bi = 0;
    for (std::size_t d = 0; d < nd; ++d) {
      ci += (pos[d] - chunkOrigin[d]) * cs[d];
      bi += (pos[d] - boxOrigin[d]) * bs[d];
    }
    std::memcpy(box + bi * static_cast<std::int64_t>(es), chunk + ci * static_cast<std::int64_t>(es), rowBytes);
    // Advance over dims [0, nd-1) in C order.
    std::size_t d = nd - 1;
    while (d > 0) {
      --d;
      if (++pos[d] < hi[d]) break;
      pos[d] = lo[d];
      if (d == 0) return;
    }
    if (nd == 1) return;
  }
}

// Fills the intersection of a chunk's box with the output box with the fill value.
void fillChunkInBox(const Shape& chunkShape, const Shape& chunkOrigin, std::uint8_t* box,
                    std::span<const std::int64_t> boxShape, std::span<const std::int64_t> boxOrigin,
                    const QByteArray& fill) {
  const std::size_t nd = chunkShape.size();
  const auto es = static_cast<std::size_t>(fill.size());
  Shape lo(nd), hi(nd), bs(nd, 1);
  for (std::size_t d = 0; d < nd; ++d) {
    lo[d] = std::max(chunkOrigin[d], boxOrigin[d]);
    hi[d] = std::min(chunkOrigin[d] + chunkShape[d], boxOrigin[d] + boxShape[d]);
    if (hi[d] <= lo[d]) return;
  }
  for (std::size_t d = nd - 1; d > 0; --d) bs[d - 1] = bs[d] * boxShape[d];
  const std::int64_t rowElements = hi[nd - 1] - lo[nd - 1];
  Shape pos(lo.begin(), lo.end());
  while (true) {
    std::int64_t bi = 0;
    for (std::size_t d = 0; d < nd; ++d) bi += (pos[d] - boxOrigin[d]) * bs[d];
    fillElements(box + bi * static_cast<std::int64_t>(es), rowElements, fill);
    if (nd == 1) return;
    std::size_t d = nd - 1;
    while (d > 0) {
      --d;
      if (++pos[d] < hi[d]) break;
      pos[d] = lo[d];
      if (d == 0) return;
    }
  }
}

}  // namespace

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
  auto worker = [&] {
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
      auto r = array.readChunk(idx, options.cancel);
      if (!r.ok()) {
        std::lock_guard lock(errorMutex);
        if (!firstError) firstError = r.error();
        return;
      }
      Shape origin(nd);
      for (std::size_t d = 0; d < nd; ++d) origin[d] = idx[d] * m.chunkShape[d];
      if (!r->has_value()) {
        if (boxInsideArray) fillChunkInBox(m.chunkShape, origin, dst, shape, offset, m.fillValue);
        continue;
      }
      const QByteArray& bytes = **r;
      if (bytes.size() != static_cast<qsizetype>(m.chunkElements() * static_cast<std::int64_t>(es))) {
        std::lock_guard lock(errorMutex);
        if (!firstError)
          firstError = makeError(ErrorCode::Internal, "decoded chunk " + array.chunkKey(idx) + " has the wrong size");
        return;
      }
      copyChunkIntoBox(reinterpret_cast<const std::uint8_t*>(bytes.constData()), m.chunkShape, origin, dst,
                       shape, offset, es);
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
