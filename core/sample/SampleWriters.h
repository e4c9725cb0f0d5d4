#pragma once
// Format-specific parts of the sample dataset writer: array layout, write-unit size, array
// creation and the group metadata around the arrays.
//
// Array layouts (all hold the generator's x-fastest bytes unchanged, with a channel axis of 1):
//   zarr3 / zarr: [c, z, y, x], declared to webKnossos as axisOrder {c:0, z:1, y:2, x:3};
//   n5: logical [z, y, x, c] = N5 dimensions [c, x, y, z] (webKnossos' default order);
//   wkw: logical [z, y, x, c].

#include <memory>
#include <string>

#include "core/dataset/Dataset.h"

namespace skein::sample {

// Index of the channel dimension among the array's (logical) dimensions: 0 or 3.
int sampleChannelAxis(const std::string& format);
// Spatial size (x, y, z) of one write unit for a mag array of `magSize` voxels.
Vec3i sampleWriteUnit(const std::string& format, const Vec3i& magSize);
// The layout as webKnossos sees it (in the format's own dimension order), if it is not the default.
std::optional<AxisMap> sampleAxisOrder(const std::string& format);

Result<std::unique_ptr<ArrayWriter>> createSampleArray(StorePtr store, const std::string& key,
                                                       const std::string& format, const Vec3i& magSize,
                                                       DataType dtype);

// Root group and per-layer group metadata (OME-NGFF multiscales for zarr3/zarr).
Status writeSampleGroups(Store& store, const Dataset& model, const std::string& format);

}  // namespace skein::sample
