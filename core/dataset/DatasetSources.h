#pragma once
// One builder per kind of dataset that openDataset() detects. Each looks at the store root and
// returns std::nullopt when the root is not of its kind, a Dataset when it is, or an error when it
// is but the metadata is broken.

#include <optional>
#include <string>

#include "core/dataset/Dataset.h"

namespace skein {

// OME-NGFF 0.4 (.zattrs) / 0.5 (zarr.json) image with multiscales (+ its labels as segmentation
// layers), or a group whose child groups are such images (one layer per image).
Result<std::optional<Dataset>> tryOpenOmeNgff(StorePtr store, const std::string& name);

// N5 multiscale group: s0, s1, … datasets with downsamplingFactors (or the group's "scales").
Result<std::optional<Dataset>> tryOpenN5Multiscale(StorePtr store, const std::string& name);

// Neuroglancer precomputed volume (info at the root): one layer, one mag per scale.
Result<std::optional<Dataset>> tryOpenPrecomputed(StorePtr store, const std::string& name);

// A single array of any format: one layer with one mag.
Result<std::optional<Dataset>> tryOpenSingleArray(StorePtr store, const std::string& name);

}  // namespace skein
