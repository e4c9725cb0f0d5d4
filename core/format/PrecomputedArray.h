#pragma once
// One scale of a Neuroglancer precomputed volume as a ChunkedArray.
//
// Logical view: [c, z, y, x] in C order (chunks are Fortran order over [x, y, z, c], the same
// bytes), dimensionNames {"c", "z", "y", "x"}, shape = [num_channels, size z, size y, size x].
// Array index 0 is the scale's voxel_offset: the dataset layer adds the offset (Mag::offset).
// Encodings raw, jpeg and compressed_segmentation, unsharded ("x0-x1_y0-y1_z0-z1" keys) or sharded
// (neuroglancer_uint64_sharded_v1); edge chunks are stored truncated. When a scale lists several
// chunk_sizes, the first is used.

#include <memory>
#include <string>

#include "core/format/ChunkedArray.h"
#include "core/format/PrecomputedInfo.h"
#include "core/store/Store.h"

namespace skein {

// Reads and parses <datasetKey>/info.
Result<PrecomputedInfo> readPrecomputedInfo(Store& store, const std::string& datasetKey);
Status writePrecomputedInfo(Store& store, const std::string& datasetKey, const PrecomputedInfo& info);

// Reads <datasetKey>/info and opens scale `scaleIndex` (0 = finest as listed).
Result<std::shared_ptr<ChunkedArray>> openPrecomputedArray(StorePtr store, const std::string& datasetKey,
                                                           int scaleIndex);
Result<std::shared_ptr<ChunkedArray>> openPrecomputedArray(StorePtr store, const std::string& datasetKey,
                                                           const PrecomputedInfo& info, int scaleIndex);

// Writes <datasetKey>/info (the whole `info`) and returns a writer for scale `scaleIndex`: one
// chunk per write unit, edge chunks truncated. Unsharded raw, jpeg and compressed_segmentation only.
Result<std::unique_ptr<ArrayWriter>> createPrecomputedArray(StorePtr store, const std::string& datasetKey,
                                                            const PrecomputedInfo& info, int scaleIndex);

}  // namespace skein
