#pragma once
// open(url): detects what a folder or URL holds and returns its layers.
//
// Detection order at the location's root: datasource-properties.json (webKnossos) →
// OME-NGFF multiscales in zarr.json/.zattrs (also a group of OME-NGFF images) → N5 multiscale
// (attributes.json with downsamplingFactors/scales, or s0/…) → precomputed `info` → a single array
// (one layer with one mag). webKnossos mags are opened lazily (openMagArray); the others are
// opened while detecting, because their shapes and types define the layer.

#include <string>

#include "core/dataset/Dataset.h"

namespace skein {

class StoreOpener;

Result<Dataset> openDataset(StoreOpener& opener, const std::string& location);
// The same on an already opened store; `location` is only used for names and messages.
Result<Dataset> openDatasetInStore(StorePtr store, const std::string& location);

// The last path component of a location ("/data/l4_sample/" → "l4_sample").
std::string locationBaseName(const std::string& location);

}  // namespace skein
