#include "core/format/Zarr3Metadata.h"

#include "core/format/ZarrDataType.h"
#include "core/format/ZarrJson.h"

namespace skein::zarr {

namespace {

Error invalid(const std::string& message) { return makeError(ErrorCode::InvalidData, message); }

Result<ChunkKeyEncoding> parseKeyEncoding(const nlohmann::json& j) {
  std::string name;
  const nlohmann::json* cfg = nullptr;
  if (j.is_string()) {
    name = j.get<std::string>();
  } else if (j.is_object() && j.contains("name") && j["name"].is_string()) {
    name = j["name"].get<std::string>();
    if (auto it = j.find("configuration"); it != j.end() && !it->is_null()) cfg = &*it;
  } else {
    return invalid("chunk_key_encoding must be an object with a \"name\", found " + j.dump());
  }
  ChunkKeyEncoding enc;
  if (name == "default") {
    enc.separator = '/';
  } else if (name == "v2") {
    enc.separator = '.';
    enc.v2Style = true;
  } else {
    return makeError(ErrorCode::Unsupported, "the chunk_key_encoding \"" + name + "\" is not supported");
  }
  if (cfg) {
    if (!cfg->is_object()) return invalid("chunk_key_encoding configuration must be an object");
    if (auto it = cfg->find("separator"); it != cfg->end()) {
      const std::string sep = it->is_string() ? it->get<std::string>() : it->dump();
      if (sep != "/" && sep != ".") return invalid("chunk_key_encoding separator must be \"/\" or \".\", found " + sep);
      enc.separator = sep[0];
    }
  }
  return enc;
}

Result<Shape> parseRegularGrid(const nlohmann::json& j, std::size_t rank) {
  if (!j.is_object() || !j.contains("name"))
    return invalid("chunk_grid must be an object with a \"name\", found " + j.dump());
  if (j["name"] != "regular")
    return makeError(ErrorCode::Unsupported, "the chunk_grid " + j["name"].dump() + " is not supported");
  if (!j.contains("configuration") || !j["configuration"].is_object() || !j["configuration"].contains("chunk_shape"))
    return invalid("chunk_grid needs configuration.chunk_shape");
  SKEIN_ASSIGN_OR_RETURN(Shape chunks, parseIntList(j["configuration"]["chunk_shape"], "chunk_shape", 1));
  if (chunks.size() != rank)
    return invalid("chunk_shape has " + std::to_string(chunks.size()) + " dimensions but shape has " +
                   std::to_string(rank));
  return chunks;
}

Result<std::vector<std::string>> parseDimensionNames(const nlohmann::json& j, std::size_t rank) {
  std::vector<std::string> names;
  if (j.is_null()) return names;
  if (!j.is_array()) return invalid("dimension_names must be a list, found " + j.dump());
  if (j.size() != rank)
    return invalid("dimension_names has " + std::to_string(j.size()) + " entries but shape has " +
                   std::to_string(rank) + " dimensions");
  for (const auto& n : j) {
    if (n.is_null()) names.emplace_back();
    else if (n.is_string()) names.push_back(n.get<std::string>());
    else return invalid("dimension_names entries must be strings or null, found " + n.dump());
  }
  return names;
}

}  // namespace

Result<Zarr3Metadata> parseZarr3ArrayMetadata(const nlohmann::json& doc) {
  if (!doc.is_object()) return invalid("zarr.json must hold a JSON object");
  if (!doc.contains("zarr_format") || doc["zarr_format"] != 3)
    return invalid("zarr_format must be 3, found " + (doc.contains("zarr_format") ? doc["zarr_format"].dump() : "nothing"));
  if (!doc.contains("node_type")) return invalid("node_type is missing");
  if (doc["node_type"] != "array")
    return makeError(ErrorCode::InvalidArgument, "the node is a " + doc["node_type"].dump() + ", not an array");
  for (const auto& field :
       unknownFields(doc, {"zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding",
                           "fill_value", "codecs", "attributes", "dimension_names", "storage_transformers",
                           "consolidated_metadata"})) {
    const auto& v = doc[field];
    const bool optional = v.is_object() && v.contains("must_understand") && v["must_understand"] == false;
    if (!optional) return makeError(ErrorCode::Unsupported, "the field \"" + field + "\" is not supported");
  }
  for (const char* required : {"shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value", "codecs"})
    if (!doc.contains(required)) return invalid(std::string("\"") + required + "\" is missing");

  Zarr3Metadata m;
  SKEIN_ASSIGN_OR_RETURN(m.shape, parseIntList(doc["shape"], "shape", 0));
  SKEIN_ASSIGN_OR_RETURN(m.dtype, parseZarr3DataType(doc["data_type"]));
  SKEIN_ASSIGN_OR_RETURN(m.chunkShape, parseRegularGrid(doc["chunk_grid"], m.shape.size()));
  SKEIN_ASSIGN_OR_RETURN(m.keys, parseKeyEncoding(doc["chunk_key_encoding"]));
  auto fill = parseFillValue(doc["fill_value"], m.dtype);
  if (!fill.ok()) return fill.error();
  m.fillValue = *fill;
  m.codecs = doc["codecs"];
  SKEIN_ASSIGN_OR_RETURN(m.chain, parseZarr3Codecs(m.codecs, m.chunkShape, m.dtype));
  if (auto it = doc.find("storage_transformers"); it != doc.end() && !it->is_null()) {
    if (!it->is_array()) return invalid("storage_transformers must be a list");
    if (!it->empty()) return makeError(ErrorCode::Unsupported, "storage_transformers are not supported");
  }
  if (auto it = doc.find("dimension_names"); it != doc.end()) {
    SKEIN_ASSIGN_OR_RETURN(m.dimensionNames, parseDimensionNames(*it, m.shape.size()));
  }
  if (auto it = doc.find("attributes"); it != doc.end() && !it->is_null()) {
    if (!it->is_object()) return invalid("attributes must be an object");
    m.attributes = *it;
  }
  return m;
}

}  // namespace skein::zarr
