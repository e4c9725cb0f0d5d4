#pragma once
// Reading one voxel out of a decoded brick (no I/O: the caller passes a brick that is already in
// the RAM cache), for the "value under the mouse" of the status bar.

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/stream/Brick.h"

namespace skein::ui {

struct VoxelValue {
  int mag = -1;                  // index of the mag the value was read from (finest = 0)
  bool fill = false;             // the chunk is absent: this is the layer's fill value
  std::vector<double> channels;  // one value per channel
  std::uint64_t id = 0;          // channel 0 as an integer (segment id of segmentation layers)
};

double elementAsDouble(const std::uint8_t* element, DataType dtype);
std::uint64_t elementAsId(const std::uint8_t* element, DataType dtype);

// The value at `magVoxel` (array voxel coordinates of the brick's mag); nullopt when the voxel is
// outside the brick's valid part. Absent bricks give their fill value.
std::optional<VoxelValue> readBrickVoxel(const Brick& brick, const Vec3i& magVoxel);

// "123", "12, 40, 255" (multi-channel), "4567" (segment id); floats with up to 4 decimals.
QString formatVoxelValue(const VoxelValue& value, DataType dtype, bool segmentation);

}  // namespace skein::ui
