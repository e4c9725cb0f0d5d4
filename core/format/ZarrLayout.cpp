#include "core/format/ZarrLayout.h"

#include <algorithm>
#include <cstring>

#include "core/format/ArrayRegion.h"

namespace skein::zarr {

namespace {

template <std::size_t N>
void swapElements(std::uint8_t* data, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i, data += N) std::reverse(data, data + N);
}

Shape cOrderStrides(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (std::size_t d = shape.size(); d > 1; --d) strides[d - 2] = strides[d - 1] * shape[d - 1];
  return strides;
}

// dst is C order over dstShape; the element at dst index i comes from src offset sum(i[d]*srcStride[d]).
template <std::size_t N>
void gatherFixed(const std::uint8_t* src, const Shape& srcStride, const Shape& dstShape, std::uint8_t* dst) {
  const std::size_t nd = dstShape.size();
  if (shapeProduct(dstShape) == 0) return;
  Shape idx(nd, 0);
  const std::int64_t inner = dstShape[nd - 1];
  const std::int64_t innerStride = srcStride[nd - 1] * static_cast<std::int64_t>(N);
  while (true) {
    std::int64_t base = 0;
    for (std::size_t d = 0; d + 1 < nd; ++d) base += idx[d] * srcStride[d];
    const std::uint8_t* s = src + base * static_cast<std::int64_t>(N);
    for (std::int64_t i = 0; i < inner; ++i, s += innerStride, dst += N) std::memcpy(dst, s, N);
    std::size_t d = nd - 1;
    while (d > 0) {
      --d;
      if (++idx[d] < dstShape[d]) break;
      idx[d] = 0;
      if (d == 0) return;
    }
    if (nd == 1) return;
  }
}

void gather(const std::uint8_t* src, const Shape& srcStride, const Shape& dstShape, std::uint8_t* dst,
            std::size_t es) {
  if (dstShape.empty()) {
    std::memcpy(dst, src, es);
    return;
  }
  switch (es) {
    case 1: return gatherFixed<1>(src, srcStride, dstShape, dst);
    case 2: return gatherFixed<2>(src, srcStride, dstShape, dst);
    case 4: return gatherFixed<4>(src, srcStride, dstShape, dst);
    default: return gatherFixed<8>(src, srcStride, dstShape, dst);
  }
}

}  // namespace

std::int64_t shapeProduct(const Shape& shape) {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

std::optional<std::int64_t> boundedProduct(const Shape& shape, std::int64_t limit) {
  std::int64_t n = 1;
  for (auto s : shape) {
    if (s < 0) return std::nullopt;
    if (s != 0 && n > limit / s) return std::nullopt;
    n *= s;
  }
  return n;
}

Shape chunkGrid(const Shape& shape, const Shape& chunk) {
  Shape grid(shape.size());
  for (std::size_t d = 0; d < shape.size(); ++d) grid[d] = chunk[d] > 0 ? (shape[d] + chunk[d] - 1) / chunk[d] : 0;
  return grid;
}

void byteSwapInPlace(std::uint8_t* data, std::size_t count, std::size_t elementSize) {
  switch (elementSize) {
    case 2: return swapElements<2>(data, count);
    case 4: return swapElements<4>(data, count);
    case 8: return swapElements<8>(data, count);
    default: return;
  }
}

std::vector<int> reversedAxes(std::size_t rank) {
  std::vector<int> order(rank);
  for (std::size_t i = 0; i < rank; ++i) order[i] = static_cast<int>(rank - 1 - i);
  return order;
}

QByteArray decodePermuted(const std::uint8_t* encoded, const Shape& shapeA, std::span<const int> order,
                          std::size_t es) {
  const std::size_t nd = shapeA.size();
  Shape shapeE(nd);
  for (std::size_t i = 0; i < nd; ++i) shapeE[i] = shapeA[order[i]];
  const Shape strideE = cOrderStrides(shapeE);
  // Walking A in C order: A's axis order[i] advances E's axis i.
  Shape srcStride(nd);
  for (std::size_t i = 0; i < nd; ++i) srcStride[order[i]] = strideE[i];
  QByteArray out = uninitializedBytes(static_cast<qsizetype>(shapeProduct(shapeA) * static_cast<std::int64_t>(es)));
  gather(encoded, srcStride, shapeA, mutableData(out), es);
  return out;
}

QByteArray encodePermuted(const std::uint8_t* decoded, const Shape& shapeA, std::span<const int> order,
                          std::size_t es) {
  const std::size_t nd = shapeA.size();
  Shape shapeE(nd);
  for (std::size_t i = 0; i < nd; ++i) shapeE[i] = shapeA[order[i]];
  const Shape strideA = cOrderStrides(shapeA);
  Shape srcStride(nd);
  for (std::size_t i = 0; i < nd; ++i) srcStride[i] = strideA[order[i]];
  QByteArray out = uninitializedBytes(static_cast<qsizetype>(shapeProduct(shapeA) * static_cast<std::int64_t>(es)));
  gather(decoded, srcStride, shapeE, mutableData(out), es);
  return out;
}

Shape validExtentOfChunk(const Shape& arrayShape, const Shape& chunkShape, std::span<const std::int64_t> chunkIndex) {
  Shape extent(chunkShape.size());
  for (std::size_t d = 0; d < chunkShape.size(); ++d) {
    const std::int64_t start = chunkIndex[d] * chunkShape[d];
    extent[d] = std::clamp<std::int64_t>(arrayShape[d] - start, 0, chunkShape[d]);
  }
  return extent;
}

void fillOutsideExtent(std::uint8_t* chunk, const Shape& chunkShape, const Shape& validExtent, const QByteArray& fill) {
  const std::size_t nd = chunkShape.size();
  if (nd == 0) return;
  const std::size_t es = static_cast<std::size_t>(fill.size());
  const Shape strides = cOrderStrides(chunkShape);
  // Recursive over dimensions: slabs beyond the valid extent of dimension d are filled whole;
  // slabs inside recurse into dimension d + 1.
  auto recurse = [&](auto&& self, std::size_t d, std::int64_t offset) -> void {
    const std::int64_t valid = validExtent[d];
    if (valid < chunkShape[d])
      fillElements(chunk + (offset + valid * strides[d]) * static_cast<std::int64_t>(es),
                   (chunkShape[d] - valid) * strides[d], fill);
    if (d + 1 == nd) return;
    for (std::int64_t i = 0; i < valid; ++i) self(self, d + 1, offset + i * strides[d]);
  };
  bool full = true;
  for (std::size_t d = 0; d < nd; ++d) full = full && validExtent[d] >= chunkShape[d];
  if (!full) recurse(recurse, 0, 0);
}

bool isAllFill(ByteView data, const QByteArray& fill) {
  const std::size_t es = static_cast<std::size_t>(fill.size());
  if (es == 0 || data.size() % es != 0) return false;
  const auto* f = reinterpret_cast<const std::uint8_t*>(fill.constData());
  const bool zero = std::all_of(f, f + es, [](std::uint8_t b) { return b == 0; });
  if (zero) return std::all_of(data.begin(), data.end(), [](std::uint8_t b) { return b == 0; });
  for (std::size_t i = 0; i < data.size(); i += es)
    if (std::memcmp(data.data() + i, f, es) != 0) return false;
  return true;
}

void copyBox(const std::uint8_t* src, const Shape& srcShape, const Shape& srcStart, std::uint8_t* dst,
             const Shape& dstShape, const Shape& dstStart, const Shape& extent, std::size_t es) {
  const std::size_t nd = extent.size();
  if (nd == 0) {
    std::memcpy(dst, src, es);
    return;
  }
  if (shapeProduct(extent) <= 0) return;
  const Shape ss = cOrderStrides(srcShape), ds = cOrderStrides(dstShape);
  const std::size_t rowBytes = static_cast<std::size_t>(extent[nd - 1]) * es;
  Shape idx(nd, 0);
  while (true) {
    std::int64_t so = 0, dO = 0;
    for (std::size_t d = 0; d < nd; ++d) {
      so += (srcStart[d] + idx[d]) * ss[d];
      dO += (dstStart[d] + idx[d]) * ds[d];
    }
    std::memcpy(dst + dO * static_cast<std::int64_t>(es), src + so * static_cast<std::int64_t>(es), rowBytes);
    std::size_t d = nd - 1;
    while (d > 0) {
      --d;
      if (++idx[d] < extent[d]) break;
      idx[d] = 0;
      if (d == 0) return;
    }
    if (nd == 1) return;
  }
}

}  // namespace skein::zarr
