#pragma once
// A decoded brick as the renderer wants it: per channel, x-fastest contiguous voxels
// (data[c][z][y][x]) of the layer's element type, native little-endian. Bricks are immutable once
// built and shared between threads as shared_ptr<const Brick>.

#include <cstdint>
#include <memory>

#include <QByteArray>

#include "core/base/DataType.h"
#include "core/base/PageBuffer.h"
#include "core/base/Vec3.h"
#include "core/stream/BrickKey.h"

namespace skein {

struct Brick {
  BrickKey key;
  DataType dtype = DataType::UInt8;
  int channels = 1;
  Vec3i origin;       // first voxel, in the mag's array voxel coordinates (x, y, z)
  Vec3i extent;       // voxels along x, y, z held in `data` (the chunk's spatial shape)
  Vec3i validExtent;  // the part of `extent` inside the array (smaller at the far edges)
  bool absent = false;  // every chunk was absent: `data` is empty and the brick renders as fill
  QByteArray fillValue;  // one element
  PageBuffer data;       // channels × extent.z × extent.y × extent.x elements; empty when absent

  std::int64_t voxelsPerChannel() const { return extent.product(); }
  // Bytes this brick keeps alive in RAM (its pages plus a fixed bookkeeping estimate).
  std::int64_t byteSize() const { return data.footprint() + kOverheadBytes; }
  // Start of channel `c`; nullptr when absent or out of range.
  const std::uint8_t* channelData(int c) const;

  static constexpr std::int64_t kOverheadBytes = 256;
};

using BrickPtr = std::shared_ptr<const Brick>;

}  // namespace skein
