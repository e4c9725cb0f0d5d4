#include "core/format/Zarr2Metadata.h"

#include "core/format/ZarrJson.h"
#include "core/format/ZarrLayout.h"

namespace skein::zarr {

namespace {

Error invalid(const std::string& message) { return makeError(ErrorCode::InvalidData, message); }

std::string filterNames(const nlohmann::json& filters) {
  std::string names;
  for (const auto& f : filters) {
    if (!names.empty()) names += ", ";
    names += f.is_object() && f.contains("id") && f["id"].is_string() ? f["id"].get<std::string>() : f.dump();
  }
  return names;
}

}  // namespace

Result<Zarr2Metadata> parseZarr2ArrayMetadata(const nlohmann::json& z, const nlohmann::json& zattrs) {
  if (!z.is_object()) return invalid(".zarray must hold a JSON object");
  if (!z.contains("zarr_format") || z["zarr_format"] != 2)
    return invalid("zarr_format must be 2, found " + (z.contains("zarr_format") ? z["zarr_format"].dump() : "nothing"));
  for (const char* required : {"shape", "chunks", "dtype"})
    if (!z.contains(required)) return invalid(std::string("\"") + required + "\" is missing");
  Zarr2Metadata m;
  SKEIN_ASSIGN_OR_RETURN(m.shape, parseIntList(z["shape"], "shape", 0));
  SKEIN_ASSIGN_OR_RETURN(m.chunks, parseIntList(z["chunks"], "chunks", 1));
  if (m.chunks.size() != m.shape.size())
    return invalid("chunks has " + std::to_string(m.chunks.size()) + " dimensions but shape has " +
                   std::to_string(m.shape.size()));
  SKEIN_ASSIGN_OR_RETURN(m.dtype, parseZarr2Dtype(z["dtype"]));
  if (!boundedProduct(m.chunks, kMaxChunkBytes / static_cast<std::int64_t>(dataTypeSize(m.dtype.type))))
    return makeError(ErrorCode::Unsupported, "chunks of shape " + nlohmann::json(m.chunks).dump() +
                                                 " are larger than the limit of " + std::to_string(kMaxChunkBytes) + " bytes");
  auto fill = parseFillValue(z.contains("fill_value") ? z["fill_value"] : nlohmann::json(), m.dtype.type);
  if (!fill.ok()) return fill.error();
  m.fillValue = *fill;
  if (auto it = z.find("order"); it != z.end() && !it->is_null()) {
    if (*it == "F") m.fortranOrder = true;
    else if (*it != "C") return invalid("order must be \"C\" or \"F\", found " + it->dump());
  }
  if (auto it = z.find("compressor"); it != z.end() && !it->is_null()) {
    SKEIN_ASSIGN_OR_RETURN(m.compressor, parseZarr2Compressor(*it));
  }
  if (auto it = z.find("filters"); it != z.end() && !it->is_null()) {
    if (!it->is_array()) return invalid("filters must be null or a list");
    if (!it->empty()) return makeError(ErrorCode::Unsupported, "filters (" + filterNames(*it) + ") are not supported");
  }
  if (auto it = z.find("dimension_separator"); it != z.end() && !it->is_null()) {
    if (*it == "/") m.keys.separator = '/';
    else if (*it != ".") return invalid("dimension_separator must be \".\" or \"/\", found " + it->dump());
  }
  if (zattrs.is_object()) {
    auto dims = zattrs.find("_ARRAY_DIMENSIONS");
    if (dims != zattrs.end() && dims->is_array() && dims->size() == m.shape.size()) {
      for (const auto& d : *dims) m.dimensionNames.push_back(d.is_string() ? d.get<std::string>() : std::string());
    }
  }
  return m;
}

ArrayMeta zarr2ArrayMeta(const Zarr2Metadata& md, const nlohmann::json& zarray, std::string location) {
  ArrayMeta meta;
  meta.format = "zarr2";
  meta.shape = md.shape;
  meta.chunkShape = md.chunks;
  meta.dtype = md.dtype.type;
  meta.fillValue = md.fillValue;
  meta.dimensionNames = md.dimensionNames;
  meta.codecs = zarr2CodecsDescription(zarray);
  meta.location = std::move(location);
  return meta;
}

nlohmann::json zarr2CodecsDescription(const nlohmann::json& z) {
  nlohmann::json d = nlohmann::json::object();
  for (const char* field : {"dtype", "order", "compressor", "filters", "dimension_separator"})
    if (z.contains(field)) d[field] = z[field];
  return d;
}

}  // namespace skein::zarr
