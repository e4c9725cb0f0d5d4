#include "core/format/BoxCopy.h"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace skein {
namespace {

// [lo, hi) reduced to an outer loop over `dims` dimensions (counts and byte strides in both
// blocks) around one contiguous run of `runBytes`.
struct CopyPlan {
  std::vector<std::int64_t> count, srcStride, dstStride;
  std::int64_t srcStart = 0, dstStart = 0;
  std::size_t runBytes = 0;
};

// Byte strides of a C-order block.
std::vector<std::int64_t> byteStrides(std::span<const std::int64_t> shape, std::size_t es) {
  std::vector<std::int64_t> s(shape.size());
  std::int64_t acc = static_cast<std::int64_t>(es);
  for (std::size_t d = shape.size(); d > 0; --d) {
    s[d - 1] = acc;
    acc *= shape[d - 1];
  }
  return s;
}

CopyPlan makePlan(std::span<const std::int64_t> srcOrigin, std::span<const std::int64_t> srcShape,
                  std::span<const std::int64_t> dstOrigin, std::span<const std::int64_t> dstShape,
                  std::span<const std::int64_t> lo, std::span<const std::int64_t> hi, std::size_t es) {
  const std::size_t nd = lo.size();
  CopyPlan plan;
  const auto ss = byteStrides(srcShape, es);
  const auto ds = byteStrides(dstShape, es);
  for (std::size_t d = 0; d < nd; ++d) {
    plan.srcStart += (lo[d] - srcOrigin[d]) * ss[d];
    plan.dstStart += (lo[d] - dstOrigin[d]) * ds[d];
  }
  // Merge trailing dimensions that both blocks hold whole into the contiguous run.
  std::size_t run = es;
  std::size_t outer = nd;  // dimensions [0, outer) stay loops
  while (outer > 0) {
    const std::size_t d = outer - 1;
    const std::int64_t n = hi[d] - lo[d];
    run *= static_cast<std::size_t>(n);
    --outer;
    if (n != srcShape[d] || n != dstShape[d]) break;
  }
  plan.runBytes = run;
  for (std::size_t d = 0; d < outer; ++d) {
    plan.count.push_back(hi[d] - lo[d]);
    plan.srcStride.push_back(ss[d]);
    plan.dstStride.push_back(ds[d]);
  }
  return plan;
}

// Runs `body(srcOffset, dstOffset)` for every run of the plan, innermost loop tight.
template <typename Body>
void forEachRun(const CopyPlan& plan, Body&& body) {
  const std::size_t outer = plan.count.size();
  if (outer == 0) {
    body(plan.srcStart, plan.dstStart);
    return;
  }
  const std::size_t inner = outer - 1;
  const std::int64_t n = plan.count[inner], sStep = plan.srcStride[inner], dStep = plan.dstStride[inner];
  std::vector<std::int64_t> idx(outer, 0);
  std::int64_t s = plan.srcStart, t = plan.dstStart;
  while (true) {
    for (std::int64_t i = 0; i < n; ++i) body(s + i * sStep, t + i * dStep);
    std::size_t k = inner;
    while (k > 0) {
      --k;
      if (++idx[k] < plan.count[k]) {
        s += plan.srcStride[k];
        t += plan.dstStride[k];
        break;
      }
      s -= plan.srcStride[k] * (plan.count[k] - 1);
      t -= plan.dstStride[k] * (plan.count[k] - 1);
      idx[k] = 0;
      if (k == 0) return;
    }
    if (inner == 0) return;
  }
}

// memcpy with non-temporal stores where the destination is whole cache lines (64-byte aligned runs
// of whole lines: measured, streaming into part of a line is slower than a cached copy); a plain
// memcpy elsewhere. Callers end with streamFence().
inline void streamCopy(std::uint8_t* to, const std::uint8_t* from, std::size_t n) {
#if defined(__SSE2__)
  if ((reinterpret_cast<std::uintptr_t>(to) & 63) == 0 && (n & 63) == 0) {
    for (std::size_t i = 0; i < n; i += 16)
      _mm_stream_si128(reinterpret_cast<__m128i*>(to + i), _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + i)));
    return;
  }
#endif
  std::memcpy(to, from, n);
}

// Orders the non-temporal stores before whatever the thread publishes next.
inline void streamFence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

}  // namespace

bool intersectBoxes(std::span<const std::int64_t> aOrigin, std::span<const std::int64_t> aShape,
                    std::span<const std::int64_t> bOrigin, std::span<const std::int64_t> bShape,
                    std::span<std::int64_t> lo, std::span<std::int64_t> hi) {
  bool nonEmpty = true;
  for (std::size_t d = 0; d < lo.size(); ++d) {
    lo[d] = std::max(aOrigin[d], bOrigin[d]);
    hi[d] = std::min(aOrigin[d] + aShape[d], bOrigin[d] + bShape[d]);
    if (hi[d] <= lo[d]) nonEmpty = false;
  }
  return nonEmpty;
}

bool chunkPartInBox(std::span<const std::int64_t> chunkOrigin, std::span<const std::int64_t> chunkShape,
                    std::span<const std::int64_t> boxOrigin, std::span<const std::int64_t> boxShape,
                    std::span<const std::int64_t> arrayShape, std::span<std::int64_t> lo, std::span<std::int64_t> hi) {
  bool nonEmpty = intersectBoxes(chunkOrigin, chunkShape, boxOrigin, boxShape, lo, hi);
  for (std::size_t d = 0; d < lo.size(); ++d) {
    lo[d] = std::max<std::int64_t>(lo[d], 0);
    hi[d] = std::min(hi[d], arrayShape[d]);
    if (hi[d] <= lo[d]) nonEmpty = false;
  }
  return nonEmpty;
}

void copyBlock(const ConstBlock& src, const MutableBlock& dst, std::span<const std::int64_t> lo,
               std::span<const std::int64_t> hi, std::size_t es, CopyStores stores) {
  for (std::size_t d = 0; d < lo.size(); ++d)
    if (hi[d] <= lo[d]) return;
  const CopyPlan plan = makePlan(src.origin, src.shape, dst.origin, dst.shape, lo, hi, es);
  const std::uint8_t* from = src.data;
  std::uint8_t* to = dst.data;
  if (stores == CopyStores::Streaming) {
    const std::size_t run = plan.runBytes;
    forEachRun(plan, [&](std::int64_t s, std::int64_t t) { streamCopy(to + t, from + s, run); });
    streamFence();
    return;
  }
  if (plan.runBytes == 64) {  // 64-byte rows (64³ uint8 chunks): a fixed-size copy the compiler inlines
    forEachRun(plan, [&](std::int64_t s, std::int64_t t) { std::memcpy(to + t, from + s, 64); });
    return;
  }
  const std::size_t run = plan.runBytes;
  forEachRun(plan, [&](std::int64_t s, std::int64_t t) { std::memcpy(to + t, from + s, run); });
}

bool isContiguousIn(std::span<const std::int64_t> blockOrigin, std::span<const std::int64_t> blockShape,
                    std::span<const std::int64_t> lo, std::span<const std::int64_t> hi) {
  // Contiguous when, after the first dimension with an extent > 1, every dimension is whole.
  bool partialSeen = false;
  for (std::size_t d = 0; d < lo.size(); ++d) {
    const std::int64_t n = hi[d] - lo[d];
    if (partialSeen && (n != blockShape[d] || lo[d] != blockOrigin[d])) return false;
    if (n > 1) partialSeen = true;
  }
  return true;
}

std::int64_t byteOffsetIn(std::span<const std::int64_t> blockOrigin, std::span<const std::int64_t> blockShape,
                          std::span<const std::int64_t> at, std::size_t es) {
  const auto s = byteStrides(blockShape, es);
  std::int64_t off = 0;
  for (std::size_t d = 0; d < at.size(); ++d) off += (at[d] - blockOrigin[d]) * s[d];
  return off;
}

void fillBlock(const MutableBlock& dst, std::span<const std::int64_t> lo, std::span<const std::int64_t> hi,
               const QByteArray& fill) {
  for (std::size_t d = 0; d < lo.size(); ++d)
    if (hi[d] <= lo[d]) return;
  const std::size_t es = static_cast<std::size_t>(fill.size());
  // The plan's source side is unused: plan against the destination twice.
  const CopyPlan plan = makePlan(dst.origin, dst.shape, dst.origin, dst.shape, lo, hi, es);
  const std::int64_t elements = static_cast<std::int64_t>(plan.runBytes / std::max<std::size_t>(es, 1));
  forEachRun(plan, [&](std::int64_t, std::int64_t t) { fillElements(dst.data + t, elements, fill); });
}

void fillElements(void* out, std::int64_t count, const QByteArray& fill) {
  auto* dst = static_cast<std::uint8_t*>(out);
  const auto es = static_cast<std::size_t>(fill.size());
  if (count <= 0 || es == 0) return;
  const bool allZero = std::all_of(fill.begin(), fill.end(), [](char c) { return c == 0; });
  if (allZero || es == 1) {
    std::memset(dst, allZero ? 0 : fill[0], static_cast<std::size_t>(count) * es);
    return;
  }
  std::memcpy(dst, fill.constData(), es);
  // Doubling copy: O(log n) memcpy calls.
  std::size_t done = es;
  const std::size_t total = static_cast<std::size_t>(count) * es;
  while (done < total) {
    const std::size_t n = std::min(done, total - done);
    std::memcpy(dst + done, dst, n);
    done += n;
  }
}

}  // namespace skein
