#pragma once
// Zarr v3 arrays (zarr-specs v3.0 core + sharding_indexed, transpose, bytes, gzip, zstd, blosc,
// crc32c). Sharded arrays expose the innermost chunk as the decode unit (meta().chunkShape) and
// the shard as meta().shardShape; shards are read by byte ranges: the index first (cached), then
// only the inner chunks asked for.

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/format/ChunkedArray.h"
#include "core/store/Store.h"

namespace skein {

// Opens the array whose zarr.json is at `key`/zarr.json ("" = store root).
Result<std::shared_ptr<ChunkedArray>> openZarr3Array(StorePtr store, const std::string& key);
// Same with an already parsed zarr.json (e.g. from a group's consolidated_metadata).
Result<std::shared_ptr<ChunkedArray>> openZarr3Array(StorePtr store, const std::string& key,
                                                     const nlohmann::json& zarrJson);

// The zarr.json of `relativePath` inside a group's inline consolidated_metadata, if listed there.
std::optional<nlohmann::json> findConsolidatedZarr3(const nlohmann::json& groupZarrJson, const std::string& relativePath);

}  // namespace skein
