#pragma once
// Reading a box of voxels from a layer, in the byte layout of the webKnossos datastore data
// endpoint (GET …/layers/:layer/data?x&y&z&width&height&depth&mag): the position is in mag-1
// voxels, the size in voxels of the target mag; the result is little-endian, channel fastest, then
// x, then y, then z (numpy: reshape(c, w, h, d, order="F")). Voxels outside the data read as the
// array's fill value.

#include "core/base/CancelToken.h"
#include "core/dataset/Dataset.h"

namespace skein {

class StoreOpener;

struct ReadBoxOptions {
  int threads = 1;  // chunk reads in parallel
  CancelToken cancel;
};

// Largest box readBox returns, in bytes.
inline constexpr std::int64_t kMaxReadBoxBytes = std::int64_t{4} << 30;

// `box.min`: mag-1 position; `box.size`: target-mag voxels. mag.array must be open
// (openMagArray). `out` receives layer.channels × w × h × d elements of layer.dtype (array values
// of another integer or float type are converted, e.g. webKnossos N5 uint32 storing uint24).
Status readBox(const Layer& layer, const Mag& mag, const Box3i& box, QByteArray& out,
               const ReadBoxOptions& options = {});

// Looks the layer and mag up by name and factor (clear errors listing what exists), opens the
// mag's array when needed, then reads as above.
Status readDatasetBox(StoreOpener* opener, Dataset& dataset, const std::string& layerName, const Vec3i& magFactor,
                      const Box3i& box, QByteArray& out, const ReadBoxOptions& options = {});

}  // namespace skein
