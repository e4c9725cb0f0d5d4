#include "core/format/N5Metadata.h"

#include <nlohmann/json.hpp>

namespace skein {

namespace {

// Decoded blocks above this size are refused (a corrupt blockSize must not allocate gigabytes).
constexpr std::int64_t kMaxBlockBytes = std::int64_t(1) << 31;

Result<Shape> parseDims(const nlohmann::json& j, const char* name, std::int64_t minimum, const std::string& where) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_array() || it->empty())
    return makeError(ErrorCode::InvalidData, where + ": \"" + name + "\" must be a non-empty array of integers");
  Shape out;
  for (const auto& v : *it) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < minimum || v.get<std::int64_t>() > (std::int64_t(1) << 53))
      return makeError(ErrorCode::InvalidData, where + ": \"" + name + "\" holds " + v.dump() + ", expected an integer >= " +
                                                   std::to_string(minimum));
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

}  // namespace

Result<N5DatasetAttributes> parseN5DatasetAttributes(const QByteArray& bytes, const std::string& where) {
  nlohmann::json j = nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return makeError(ErrorCode::InvalidData, where + ": not a JSON object");
  if (!j.contains("dimensions"))
    return makeError(ErrorCode::NotFound, where + ": no \"dimensions\", so this is an N5 group, not a dataset");
  N5DatasetAttributes a;
  SKEIN_ASSIGN_OR_RETURN(a.dimensions, parseDims(j, "dimensions", 0, where));
  SKEIN_ASSIGN_OR_RETURN(a.blockSize, parseDims(j, "blockSize", 1, where));
  if (a.blockSize.size() != a.dimensions.size())
    return makeError(ErrorCode::InvalidData, where + ": \"blockSize\" has " + std::to_string(a.blockSize.size()) +
                                                 " entries but \"dimensions\" has " +
                                                 std::to_string(a.dimensions.size()));
  auto dt = j.find("dataType");
  if (dt == j.end() || !dt->is_string())
    return makeError(ErrorCode::InvalidData, where + ": \"dataType\" must be a string");
  const std::string typeName = dt->get<std::string>();
  auto type = dataTypeFromName(typeName);
  if (!type || *type == DataType::Bool || *type == DataType::Float16)
    return makeError(ErrorCode::Unsupported, where + ": N5 dataType '" + typeName +
                                                 "' is not supported (expected uint8…uint64, int8…int64, float32 or float64)");
  a.dtype = *type;
  std::int64_t blockBytes = static_cast<std::int64_t>(dataTypeSize(a.dtype));
  for (auto b : a.blockSize) {
    blockBytes *= b;
    if (blockBytes > kMaxBlockBytes)
      return makeError(ErrorCode::InvalidData, where + ": blockSize describes blocks larger than 2 GiB");
  }
  SKEIN_ASSIGN_OR_RETURN(a.compression, N5Compression::fromAttributes(j, where));
  auto axes = j.find("axes");
  if (axes != j.end() && axes->is_array() && axes->size() == a.dimensions.size()) {
    for (const auto& name : *axes) a.axes.push_back(name.is_string() ? name.get<std::string>() : std::string());
  }
  return a;
}

void writeN5DatasetAttributes(const N5DatasetAttributes& attrs, nlohmann::json& attributes) {
  if (!attributes.is_object()) attributes = nlohmann::json::object();
  attributes["dimensions"] = attrs.dimensions;
  attributes["blockSize"] = attrs.blockSize;
  attributes["dataType"] = std::string(dataTypeName(attrs.dtype));
  attributes["compression"] = attrs.compression.toJson();
  attributes.erase("compressionType");
  if (!attrs.axes.empty()) attributes["axes"] = attrs.axes;
}

}  // namespace skein
