#pragma once
// Parsing and validation of a Zarr v2 `.zarray` document (+ `.zattrs` for xarray's
// _ARRAY_DIMENSIONS).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/format/ChunkedArray.h"
#include "core/format/ZarrChunkKey.h"
#include "core/format/ZarrCompressor.h"
#include "core/format/ZarrDataType.h"

namespace skein::zarr {

struct Zarr2Metadata {
  Shape shape;
  Shape chunks;
  StoredType dtype;
  QByteArray fillValue;
  bool fortranOrder = false;
  ChunkKeyEncoding keys{'.', true};
  std::optional<BytesCodec> compressor;
  std::vector<std::string> dimensionNames;  // from .zattrs _ARRAY_DIMENSIONS, else empty
};

// Errors do not name the document; callers add it as context. `zattrs` may be null.
Result<Zarr2Metadata> parseZarr2ArrayMetadata(const nlohmann::json& zarray, const nlohmann::json& zattrs);

// The ArrayMeta::codecs description of a v2 array.
nlohmann::json zarr2CodecsDescription(const nlohmann::json& zarray);

// The ArrayMeta a reader and a writer of this v2 array report; `location` names it in messages.
ArrayMeta zarr2ArrayMeta(const Zarr2Metadata& md, const nlohmann::json& zarray, std::string location);

}  // namespace skein::zarr
