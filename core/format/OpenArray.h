#pragma once
// Opens one array without knowing its format: looks for the format's metadata key at `key`
// (zarr.json with node_type "array" → Zarr v3, .zarray → Zarr v2, attributes.json with
// "dimensions" → N5, header.wkw → WKW, info → Neuroglancer precomputed scale).

#include <optional>
#include <string>

#include "core/format/ChunkedArray.h"
#include "core/store/Store.h"

namespace skein {

struct OpenArrayOptions {
  // Skip detection: "zarr3", "zarr"/"zarr2", "n5", "wkw", "precomputed"/"neuroglancerPrecomputed".
  std::string formatHint;
  std::optional<Shape> wkwShape;  // WKW logical [z, y, x, c]; otherwise derived from the files present
  int precomputedScale = 0;       // which scale of a precomputed volume
};

// "zarr3", "zarr2", "n5", "wkw", "precomputed", or "" when none of their metadata is at `key`.
// A Zarr group (not an array) or an N5 group without "dimensions" also yields "".
Result<std::string> detectArrayFormat(Store& store, const std::string& key);

// Errors: NotFound (naming the location and the keys looked for) when nothing is there.
Result<ArrayPtr> openArray(StorePtr store, const std::string& key, const OpenArrayOptions& options = {});

}  // namespace skein
