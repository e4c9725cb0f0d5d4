#pragma once
// Neuroglancer compressed_segmentation for uint32 and uint64 labels.
// Volumes are x-fastest (Fortran order over [x, y, z]), one channel at a time; the "chunk" forms
// carry the per-channel offset table that precomputed chunks use.

#include <array>
#include <cstdint>

#include "core/base/Bytes.h"
#include "core/base/Result.h"

namespace skein::codec {

using Extent3 = std::array<std::int64_t, 3>;  // x, y, z

// Single channel, no channel header. elementSize is 4 or 8.
Result<QByteArray> compressedSegmentationDecodeChannel(ByteView in, const Extent3& volume,
                                                       const Extent3& block, int elementSize);
Result<QByteArray> compressedSegmentationEncodeChannel(ByteView in, const Extent3& volume,
                                                       const Extent3& block, int elementSize);

// Chunk form: numChannels uint32 offsets then each channel; output is [x,y,z,c] Fortran order.
Result<QByteArray> compressedSegmentationDecode(ByteView in, const Extent3& volume, int channels,
                                                const Extent3& block, int elementSize);
Result<QByteArray> compressedSegmentationEncode(ByteView in, const Extent3& volume, int channels,
                                                const Extent3& block, int elementSize);

}  // namespace skein::codec
