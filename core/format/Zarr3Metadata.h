#pragma once
// Parsing and validation of a Zarr v3 array `zarr.json` document.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/format/Zarr3Codecs.h"
#include "core/format/ZarrChunkKey.h"

namespace skein::zarr {

struct Zarr3Metadata {
  Shape shape;
  Shape chunkShape;  // the regular chunk grid (the shard shape when sharded)
  DataType dtype = DataType::UInt8;
  QByteArray fillValue;
  ChunkKeyEncoding keys;
  Zarr3Chain chain;
  std::vector<std::string> dimensionNames;  // empty or one per dimension
  nlohmann::json codecs;                     // the `codecs` list as written
  nlohmann::json attributes = nlohmann::json::object();
};

// Errors do not name the document; callers add it as context.
Result<Zarr3Metadata> parseZarr3ArrayMetadata(const nlohmann::json& doc);

}  // namespace skein::zarr
