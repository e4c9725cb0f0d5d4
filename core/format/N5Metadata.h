#pragma once
// The attributes.json of an N5 dataset (N5 order: first dimension fastest).

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/base/Bytes.h"
#include "core/base/DataType.h"
#include "core/base/Result.h"
#include "core/format/ChunkedArray.h"
#include "core/format/N5Compression.h"

namespace skein {

struct N5DatasetAttributes {
  Shape dimensions;  // N5 order
  Shape blockSize;   // N5 order
  DataType dtype = DataType::UInt8;
  N5Compression compression;
  std::vector<std::string> axes;  // N5 order; empty when the dataset has no "axes" attribute
};

// Parses and validates the dataset attributes; NotFound when they describe a group (no
// "dimensions"). `where` names the file for errors.
Result<N5DatasetAttributes> parseN5DatasetAttributes(const QByteArray& bytes, const std::string& where);
// Adds the dataset keys to `attributes` (other keys, e.g. resolution, are kept).
void writeN5DatasetAttributes(const N5DatasetAttributes& attrs, nlohmann::json& attributes);

}  // namespace skein
