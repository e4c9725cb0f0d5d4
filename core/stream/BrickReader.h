#pragma once
// Turns chunks of a ChunkedArray (C order over the array's chunkShape, any axis order) into
// x-fastest bricks. A brick is one cell of the chunk grid along x, y, z; all channels are gathered
// into it (reading several chunks when the channel axis is chunked), and extra dimensions such as
// time are read at index 0.

#include "core/base/CancelToken.h"
#include "core/base/Result.h"
#include "core/dataset/Dataset.h"
#include "core/stream/Brick.h"

namespace skein {

// Checks that x, y, z (and c when >= 0) name distinct dimensions of an array of `ndim` dimensions.
Status validateAxes(const AxisMap& axes, std::size_t ndim, const std::string& where);

// Spatial chunk extent (x, y, z) and channel count of bricks of `meta` under `axes`.
Vec3i brickExtent(const ArrayMeta& meta, const AxisMap& axes);
int brickChannels(const ArrayMeta& meta, const AxisMap& axes);
// Bytes of one brick's payload (0 when the axes are invalid).
std::int64_t brickPayloadBytes(const ArrayMeta& meta, const AxisMap& axes);

// Copies one decoded chunk into the brick buffer `brick` (channels × z × y × x elements of
// `elementSize` bytes). The chunk holds channels [channelBegin, channelBegin + chunkShape[c]) —
// those beyond `channels` are ignored — and index 0 of every dimension that is not x, y, z or c.
Status copyChunkIntoBrick(const QByteArray& chunk, const Shape& chunkShape, std::size_t elementSize,
                          const AxisMap& axes, int channelBegin, int channels, Vec3i extent,
                          std::span<std::uint8_t> brick);

// Reads every chunk of brick `key.grid` from `array` and assembles the brick. Absent chunks read as
// the fill value; when all are absent the brick is marked absent (no payload). Blocking; call it on a
// worker thread.
Result<BrickPtr> readBrick(const ChunkedArray& array, const AxisMap& axes, const BrickKey& key,
                           const CancelToken& cancel = {});

}  // namespace skein
