#pragma once
// Zarr v2 arrays (zarr-specs v2.0): NumPy dtypes of both byte orders, C and F order, "." and "/"
// chunk keys, numcodecs compressors blosc, gzip, zlib, zstd and lz4. Missing chunks read as the
// fill value.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/format/ChunkedArray.h"
#include "core/store/Store.h"

namespace skein {

// Opens the array at `key` ("" = store root): reads `key`/.zarray and, if present, `key`/.zattrs.
Result<std::shared_ptr<ChunkedArray>> openZarr2Array(StorePtr store, const std::string& key);
// Same with already parsed metadata (`zattrs` may be null).
Result<std::shared_ptr<ChunkedArray>> openZarr2Array(StorePtr store, const std::string& key,
                                                     const nlohmann::json& zarray,
                                                     const nlohmann::json& zattrs = nlohmann::json());
// Uses a consolidated `.zmetadata` document ({"metadata": {"<key>/.zarray": …}}) whose keys are
// relative to the root of `store`. NotFound when it does not list the array.
Result<std::shared_ptr<ChunkedArray>> openZarr2ArrayConsolidated(StorePtr store, const std::string& key,
                                                                 const nlohmann::json& zmetadata);

}  // namespace skein
