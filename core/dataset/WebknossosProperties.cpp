#include "core/dataset/WebknossosProperties.h"

#include <set>

#include "core/dataset/JsonRead.h"

namespace skein {

using nlohmann::json;

std::optional<std::pair<DataType, int>> parseElementClass(const std::string& elementClass) {
  if (elementClass == "uint24") return std::pair{DataType::UInt8, 3};
  if (elementClass == "float") return std::pair{DataType::Float32, 1};
  if (elementClass == "double") return std::pair{DataType::Float64, 1};
  if (auto t = dataTypeFromName(elementClass); t && *t != DataType::Bool && *t != DataType::Float16)
    return std::pair{*t, 1};
  return std::nullopt;
}

std::string elementClassName(DataType dtype, int channels) {
  if (dtype == DataType::UInt8 && channels == 3) return "uint24";
  if (dtype == DataType::Float32) return "float";
  if (dtype == DataType::Float64) return "double";
  return std::string(dataTypeName(dtype));
}

namespace {

std::string stripDotSlash(std::string path) {
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  return path;
}

Result<AxisMap> parseAxisOrder(const json& j, const std::string& where) {
  AxisMap m;
  auto get = [&](const char* key, int& out, bool required) -> Status {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
      if (required) return makeError(ErrorCode::InvalidData, where + ": axisOrder lacks \"" + key + "\"");
      return {};
    }
    auto v = jsonToInt64(*it);
    if (!v || *v < 0 || *v > 31)
      return makeError(ErrorCode::InvalidData, where + ": axisOrder." + key + " must be a small non-negative integer");
    out = static_cast<int>(*v);
    return {};
  };
  if (!j.is_object()) return makeError(ErrorCode::InvalidData, where + ": axisOrder must be an object");
  SKEIN_TRY(get("x", m.x, true));
  SKEIN_TRY(get("y", m.y, true));
  SKEIN_TRY(get("z", m.z, false));
  SKEIN_TRY(get("c", m.c, false));
  return m;
}

std::optional<Vec3i> parseMagValue(const json& j) {
  if (j.is_string()) return parseMagString(j.get<std::string>());
  auto v = jsonToVec3i(j);
  if (!v || v->x <= 0 || v->y <= 0 || v->z <= 0) return std::nullopt;
  return v;
}

Result<std::vector<Mag>> parseMags(const json& layer, const std::string& where) {
  std::vector<Mag> mags;
  if (auto it = layer.find("mags"); it != layer.end() && it->is_array()) {
    for (const json& m : *it) {
      if (!m.is_object() || !m.contains("mag"))
        return makeError(ErrorCode::InvalidData, where + ": each entry of \"mags\" needs a \"mag\"");
      Mag mag;
      auto f = parseMagValue(m["mag"]);
      if (!f) return makeError(ErrorCode::InvalidData, where + ": mag " + m["mag"].dump() + " is not a valid mag");
      mag.factor = *f;
      if (auto p = jsonString(m, "path")) mag.path = stripDotSlash(*p);
      if (auto ao = m.find("axisOrder"); ao != m.end() && !ao->is_null()) {
        SKEIN_ASSIGN_OR_RETURN(AxisMap axes, parseAxisOrder(*ao, where));
        mag.declaredAxisOrder = axes;
      }
      mags.push_back(std::move(mag));
    }
  } else if (auto w = layer.find("wkwResolutions"); w != layer.end() && w->is_array()) {
    for (const json& r : *w) {
      auto f = r.is_object() && r.contains("resolution") ? parseMagValue(r["resolution"]) : std::nullopt;
      if (!f) return makeError(ErrorCode::InvalidData, where + ": each wkwResolutions entry needs a valid \"resolution\"");
      Mag mag;
      mag.factor = *f;
      mags.push_back(std::move(mag));
    }
  } else if (auto r = layer.find("resolutions"); r != layer.end() && r->is_array()) {
    for (const json& v : *r) {
      auto f = parseMagValue(v);
      if (!f) return makeError(ErrorCode::InvalidData, where + ": resolution " + v.dump() + " is not a valid mag");
      Mag mag;
      mag.factor = *f;
      mags.push_back(std::move(mag));
    }
  } else {
    return makeError(ErrorCode::InvalidData, where + " has neither \"mags\" nor \"wkwResolutions\"");
  }
  if (mags.empty()) return makeError(ErrorCode::InvalidData, where + " lists no mags");
  sortMags(mags);
  return mags;
}

Result<Box3i> parseBoundingBox(const json& layer, const std::string& where) {
  auto it = layer.find("boundingBox");
  if (it == layer.end() || !it->is_object())
    return makeError(ErrorCode::InvalidData, where + " lacks a \"boundingBox\" object");
  const json& b = *it;
  auto topLeft = b.contains("topLeft") ? jsonToInts(b["topLeft"]) : std::nullopt;
  auto size = [&](const char* key) -> std::int64_t {
    auto v = b.contains(key) ? jsonToInt64(b[key]) : std::nullopt;
    return v.value_or(-1);
  };
  const std::int64_t w = size("width"), h = size("height"), d = size("depth");
  if (!topLeft || topLeft->size() != 3 || w < 0 || h < 0 || d < 0)
    return makeError(ErrorCode::InvalidData,
                     where + ": boundingBox must be {topLeft:[x,y,z], width, height, depth} with sizes >= 0");
  return Box3i{{(*topLeft)[0], (*topLeft)[1], (*topLeft)[2]}, {w, h, d}};
}

Result<Layer> parseLayer(const json& j, std::size_t index, const std::string& what) {
  std::string where = what + " dataLayers[" + std::to_string(index) + "]";
  if (!j.is_object()) return makeError(ErrorCode::InvalidData, where + " must be an object");
  Layer layer;
  auto name = jsonString(j, "name");
  if (!name || name->empty()) return makeError(ErrorCode::InvalidData, where + " lacks a \"name\"");
  layer.name = *name;
  where = what + " layer \"" + layer.name + "\"";

  const std::string category = jsonString(j, "category").value_or("color");
  if (category == "segmentation") layer.category = LayerCategory::Segmentation;
  else if (category == "color") layer.category = LayerCategory::Color;
  else return makeError(ErrorCode::InvalidData, where + ": category must be \"color\" or \"segmentation\", not \"" + category + "\"");

  auto ec = jsonString(j, "elementClass");
  if (!ec) return makeError(ErrorCode::InvalidData, where + " lacks an \"elementClass\"");
  auto parsed = parseElementClass(*ec);
  if (!parsed) return makeError(ErrorCode::Unsupported, where + ": elementClass \"" + *ec + "\" is not supported");
  layer.dtype = parsed->first;
  layer.channels = parsed->second;
  if (auto nc = j.find("numChannels"); nc != j.end() && !nc->is_null()) {
    auto n = jsonToInt64(*nc);
    if (!n || *n < 1 || *n > 64) return makeError(ErrorCode::InvalidData, where + ": numChannels must be 1..64");
    layer.channels = static_cast<int>(*n);
  }

  const bool hasWkwResolutions = j.contains("wkwResolutions");
  layer.dataFormat = jsonString(j, "dataFormat").value_or(hasWkwResolutions ? "wkw" : "");
  static const std::set<std::string> kFormats{"wkw", "zarr", "zarr3", "n5", "neuroglancerPrecomputed"};
  if (!kFormats.count(layer.dataFormat))
    return makeError(ErrorCode::Unsupported, where + ": dataFormat \"" + layer.dataFormat +
                                                 "\" is not one of wkw, zarr, zarr3, n5, neuroglancerPrecomputed");

  SKEIN_ASSIGN_OR_RETURN(layer.boundingBox, parseBoundingBox(j, where));
  SKEIN_ASSIGN_OR_RETURN(layer.mags, parseMags(j, where));

  if (auto ls = j.find("largestSegmentId"); ls != j.end() && !ls->is_null()) {
    auto v = jsonToUint64(*ls);
    if (!v) return makeError(ErrorCode::InvalidData, where + ": largestSegmentId must be an unsigned integer (number or decimal string)");
    layer.largestSegmentId = *v;
  }

  static const std::set<std::string> kKnown{"name", "category", "elementClass", "numChannels", "dataFormat",
                                            "boundingBox", "mags", "wkwResolutions", "resolutions",
                                            "largestSegmentId"};
  layer.extra = json::object();
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!kKnown.count(it.key())) layer.extra[it.key()] = it.value();
  return layer;
}

Result<VoxelSize> parseScale(const json& props, const std::string& what) {
  VoxelSize vs;
  auto it = props.find("scale");
  if (it == props.end()) return vs;  // webKnossos falls back to 1,1,1 nm as well
  const json* factor = &*it;
  if (it->is_object()) {
    if (auto unit = jsonString(*it, "unit")) vs.unit = normalizeLengthUnit(*unit);
    auto f = it->find("factor");
    if (f == it->end()) return makeError(ErrorCode::InvalidData, what + ": scale lacks \"factor\"");
    factor = &*f;
  }
  auto v = jsonToDoubles(*factor);
  if (!v || v->size() != 3 || (*v)[0] <= 0 || (*v)[1] <= 0 || (*v)[2] <= 0)
    return makeError(ErrorCode::InvalidData, what + ": scale must be three positive numbers");
  vs.factor = {(*v)[0], (*v)[1], (*v)[2]};
  return vs;
}

}  // namespace

Result<Dataset> parseDatasourceProperties(const json& props, const std::string& what) {
  if (!props.is_object()) return makeError(ErrorCode::InvalidData, what + " must hold a JSON object");
  Dataset ds;
  ds.sourceKind = "webknossos";
  if (auto id = props.find("id"); id != props.end() && id->is_object())
    ds.name = jsonString(*id, "name").value_or("");
  SKEIN_ASSIGN_OR_RETURN(ds.voxelSize, parseScale(props, what));
  auto layers = props.find("dataLayers");
  if (layers == props.end() || !layers->is_array()) {
    std::string status = props.contains("status") && props["status"].is_string() ? props["status"].get<std::string>() : "";
    return makeError(ErrorCode::InvalidData,
                     what + " has no \"dataLayers\" list" + (status.empty() ? "" : " (status: " + status + ")"));
  }
  for (std::size_t i = 0; i < layers->size(); ++i) {
    SKEIN_ASSIGN_OR_RETURN(Layer layer, parseLayer((*layers)[i], i, what));
    if (ds.findLayer(layer.name))
      return makeError(ErrorCode::InvalidData, what + " has two layers named \"" + layer.name + "\"");
    ds.layers.push_back(std::move(layer));
  }
  return ds;
}

json datasourcePropertiesToJson(const Dataset& ds) {
  json layers = json::array();
  for (const Layer& l : ds.layers) {
    json layer = l.extra.is_object() ? l.extra : json::object();
    layer["name"] = l.name;
    layer["category"] = layerCategoryName(l.category);
    layer["elementClass"] = elementClassName(l.dtype, l.channels);
    layer["numChannels"] = l.channels;
    layer["dataFormat"] = l.dataFormat;
    layer["boundingBox"] = {{"topLeft", {l.boundingBox.min.x, l.boundingBox.min.y, l.boundingBox.min.z}},
                            {"width", l.boundingBox.size.x},
                            {"height", l.boundingBox.size.y},
                            {"depth", l.boundingBox.size.z}};
    json mags = json::array();
    for (const Mag& m : l.mags) {
      json mag = {{"mag", {m.factor.x, m.factor.y, m.factor.z}}, {"path", "./" + m.path}};
      if (m.declaredAxisOrder) {
        json ao = {{"x", m.declaredAxisOrder->x}, {"y", m.declaredAxisOrder->y}};
        if (m.declaredAxisOrder->z >= 0) ao["z"] = m.declaredAxisOrder->z;
        if (m.declaredAxisOrder->c >= 0) ao["c"] = m.declaredAxisOrder->c;
        mag["axisOrder"] = ao;
      }
      mags.push_back(std::move(mag));
    }
    layer["mags"] = std::move(mags);
    if (l.largestSegmentId) layer["largestSegmentId"] = *l.largestSegmentId;
    layers.push_back(std::move(layer));
  }
  return {{"id", {{"name", ds.name}, {"team", ""}}},
          {"scale", {{"factor", {ds.voxelSize.factor.x, ds.voxelSize.factor.y, ds.voxelSize.factor.z}},
                     {"unit", ds.voxelSize.unit}}},
          {"dataLayers", std::move(layers)}};
}

}  // namespace skein
