#include "core/dataset/ReadBox.h"

#include <cstring>

#include "core/dataset/ElementConvert.h"
#include "core/dataset/MagArray.h"
#include "core/format/ArrayRegion.h"

namespace skein {

namespace {

int axisIndex(const AxisMap& a, int spatial) { return spatial == 0 ? a.x : (spatial == 1 ? a.y : a.z); }

// Copies a region buffer (C order over the array's region shape) into the output layout
// (channel fastest, then x, y, z) at a voxel shift; all strides are in elements.
void scatter(const std::uint8_t* src, std::uint8_t* dst, std::size_t es, int channels, const Vec3i& readSize,
             const Vec3i& outSize, const Vec3i& shift, std::int64_t sc, std::int64_t sx, std::int64_t sy,
             std::int64_t sz) {
  const std::int64_t C = channels;
  for (std::int64_t z = 0; z < readSize.z; ++z)
    for (std::int64_t y = 0; y < readSize.y; ++y) {
      const std::int64_t dstRow = C * (shift.x + outSize.x * ((y + shift.y) + outSize.y * (z + shift.z)));
      const std::int64_t srcRow = y * sy + z * sz;
      if (C == 1 && sx == 1) {
        std::memcpy(dst + dstRow * static_cast<std::int64_t>(es), src + srcRow * static_cast<std::int64_t>(es),
                    static_cast<std::size_t>(readSize.x) * es);
        continue;
      }
      for (std::int64_t x = 0; x < readSize.x; ++x)
        for (std::int64_t c = 0; c < C; ++c)
          std::memcpy(dst + (dstRow + x * C + c) * static_cast<std::int64_t>(es),
                      src + (srcRow + x * sx + c * sc) * static_cast<std::int64_t>(es), es);
    }
}

}  // namespace

Status readBox(const Layer& layer, const Mag& mag, const Box3i& box, QByteArray& out, const ReadBoxOptions& options) {
  const std::string where = "layer \"" + layer.name + "\" mag " + magToString(mag.factor);
  if (!mag.array) return makeError(ErrorCode::Internal, where + " is not open");
  if (box.size.x < 0 || box.size.y < 0 || box.size.z < 0)
    return makeError(ErrorCode::InvalidArgument, "box size " + box.size.toString() + " must not be negative");
  const ArrayMeta& meta = mag.array->meta();
  const std::size_t rank = meta.shape.size();
  const AxisMap& ax = mag.axes;
  SKEIN_TRY(checkAxisMap(ax, rank, where));
  const int C = layer.channels;
  if (C < 1) return makeError(ErrorCode::InvalidData, where + " has no channels");
  if (ax.c >= 0 ? meta.shape[static_cast<std::size_t>(ax.c)] < C : C != 1)
    return makeError(ErrorCode::InvalidData, where + ": the array has fewer channels than the layer's " + std::to_string(C));

  const std::size_t outEs = dataTypeSize(layer.dtype);
  const std::int64_t voxels = box.size.product();
  if (voxels > kMaxReadBoxBytes / static_cast<std::int64_t>(outEs) / C)
    return makeError(ErrorCode::InvalidArgument, "box " + box.toString() + " is larger than the 4 GiB a read may return");
  out = uninitializedBytes(static_cast<qsizetype>(voxels * C * static_cast<std::int64_t>(outEs)));
  if (voxels == 0) return {};

  // Target-mag position of the box, then array index (the mag's offset is in mag-1 voxels).
  const Vec3i& f = mag.factor;
  Vec3i arrayMin;
  for (int a = 0; a < 3; ++a) arrayMin[a] = floorDiv(box.min[a], f[a]) - floorDiv(mag.offset[a], f[a]);

  Shape offset(rank, 0), shape(rank, 1);
  Vec3i readSize = box.size, shift{0, 0, 0};
  bool anything = true;
  for (int a = 0; a < 3; ++a) {
    const int idx = axisIndex(ax, a);
    if (idx >= 0) {
      offset[static_cast<std::size_t>(idx)] = arrayMin[a];
      shape[static_cast<std::size_t>(idx)] = box.size[a];
    } else if (arrayMin[a] <= 0 && arrayMin[a] + box.size[a] > 0) {
      readSize[a] = 1;  // an array without this axis is one voxel thick, at 0
      shift[a] = -arrayMin[a];
    } else {
      anything = false;
    }
  }
  if (ax.c >= 0) shape[static_cast<std::size_t>(ax.c)] = C;

  const bool sameType = meta.dtype == layer.dtype;
  const bool partial = readSize != box.size || !anything;
  if (partial) {
    QByteArray fill = uninitializedBytes(static_cast<qsizetype>(outEs));
    SKEIN_TRY(convertElements(meta.fillValue.constData(), meta.dtype, fill.data(), layer.dtype, 1));
    fillElements(out.data(), voxels * C, fill);
  }
  if (!anything) return {};

  // Element strides of the region buffer for c, x, y, z.
  Shape stride(rank, 1);
  for (std::size_t d = rank; d-- > 1;) stride[d - 1] = stride[d] * shape[d];
  auto strideOf = [&](int idx) { return idx >= 0 ? stride[static_cast<std::size_t>(idx)] : 0; };
  const std::int64_t sc = strideOf(ax.c), sx = strideOf(ax.x), sy = strideOf(ax.y), sz = strideOf(ax.z);
  const bool sameLayout = (C == 1 || sc == 1) && (readSize.x == 1 || sx == C) &&
                          (readSize.y == 1 || sy == C * readSize.x) &&
                          (readSize.z == 1 || sz == C * readSize.x * readSize.y);

  RegionReadOptions ro;
  ro.threads = options.threads;
  ro.cancel = options.cancel;
  if (sameType && sameLayout && !partial) return readRegion(*mag.array, offset, shape, out.data(), ro);

  const std::int64_t count = readSize.product() * C;
  QByteArray region = uninitializedBytes(static_cast<qsizetype>(count * static_cast<std::int64_t>(meta.elementSize())));
  SKEIN_TRY(readRegion(*mag.array, offset, shape, region.data(), ro));
  if (!sameType) {
    QByteArray converted = uninitializedBytes(static_cast<qsizetype>(count * static_cast<std::int64_t>(outEs)));
    SKEIN_TRY(convertElements(region.constData(), meta.dtype, converted.data(), layer.dtype, count));
    region = std::move(converted);
  }
  scatter(reinterpret_cast<const std::uint8_t*>(region.constData()), mutableData(out), outEs, C, readSize, box.size,
          shift, sc, sx, sy, sz);
  return {};
}

Status readDatasetBox(StoreOpener* opener, Dataset& dataset, const std::string& layerName, const Vec3i& magFactor,
                      const Box3i& box, QByteArray& out, const ReadBoxOptions& options) {
  Layer* layer = dataset.findLayer(layerName);
  if (!layer) {
    std::string names;
    for (const Layer& l : dataset.layers) names += (names.empty() ? "" : ", ") + l.name;
    return makeError(ErrorCode::NotFound, "the dataset has no layer \"" + layerName + "\" (layers: " + names + ")");
  }
  Mag* mag = layer->findMag(magFactor);
  if (!mag) {
    std::string mags;
    for (const Mag& m : layer->mags) mags += (mags.empty() ? "" : ", ") + magToString(m.factor);
    return makeError(ErrorCode::NotFound, "layer \"" + layerName + "\" has no mag " + magToString(magFactor) +
                                              " (mags: " + mags + ")");
  }
  SKEIN_TRY(openMagArray(opener, dataset, *layer, *mag));
  return readBox(*layer, *mag, box, out, options);
}

}  // namespace skein
