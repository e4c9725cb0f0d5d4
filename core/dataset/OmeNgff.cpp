#include "core/dataset/OmeNgff.h"

#include <set>

#include "core/dataset/JsonRead.h"

namespace skein {

using nlohmann::json;

namespace {

Status invalid(const std::string& message) { return makeError(ErrorCode::InvalidData, message); }

bool isKnownAxisType(const std::string& t) { return t == "space" || t == "time" || t == "channel"; }

Status validateAxes(const json& axes, const std::string& where) {
  if (!axes.is_array()) return invalid(where + ": \"axes\" must be a list");
  if (axes.size() < 2 || axes.size() > 5) return invalid(where + ": \"axes\" must have 2 to 5 entries");
  std::set<std::string> names;
  int spaceAxes = 0;
  for (const json& a : axes) {
    if (!a.is_object()) return invalid(where + ": each axis must be an object");
    auto name = jsonString(a, "name");
    if (!name) return invalid(where + ": each axis needs a string \"name\"");
    if (!names.insert(*name).second) return invalid(where + ": axis name \"" + *name + "\" appears twice");
    if (a.contains("type")) {
      if (!a["type"].is_string()) return invalid(where + ": axis \"" + *name + "\" has a non-string type");
      const std::string type = a["type"].get<std::string>();
      if (type == "space") ++spaceAxes;
      // A custom axis type describes no physical dimension, so it cannot carry a unit.
      if (!isKnownAxisType(type) && a.contains("unit"))
        return invalid(where + ": axis \"" + *name + "\" has unknown type \"" + type + "\" with a unit");
    }
    if (a.contains("unit") && !a["unit"].is_string())
      return invalid(where + ": axis \"" + *name + "\" has a non-string unit");
  }
  if (spaceAxes < 2 || spaceAxes > 3) return invalid(where + ": there must be 2 or 3 axes of type \"space\"");
  return {};
}

bool isNumberList(const json& j) {
  if (!j.is_array() || j.empty()) return false;
  for (const json& v : j)
    if (!v.is_number()) return false;
  return true;
}

Status validateTransforms(const json& t, const std::string& where) {
  if (!t.is_array()) return invalid(where + ": \"coordinateTransformations\" must be a list");
  if (t.empty() || t.size() > 2)
    return invalid(where + ": \"coordinateTransformations\" must hold one scale and at most one translation");
  const json& first = t[0];
  if (!first.is_object() || jsonString(first, "type") != std::optional<std::string>("scale") ||
      !first.contains("scale") || !isNumberList(first["scale"]))
    return invalid(where + ": the first coordinate transformation must be {\"type\":\"scale\",\"scale\":[numbers]}");
  if (t.size() == 2) {
    const json& second = t[1];
    if (!second.is_object() || jsonString(second, "type") != std::optional<std::string>("translation") ||
        !second.contains("translation") || !isNumberList(second["translation"]))
      return invalid(where +
                     ": the second coordinate transformation must be {\"type\":\"translation\",\"translation\":[numbers]}");
  }
  return {};
}

Status validateOmero(const json& omero, const std::string& where) {
  if (!omero.is_object()) return invalid(where + ": \"omero\" must be an object");
  auto channels = omero.find("channels");
  if (channels == omero.end()) return {};
  if (!channels->is_array()) return invalid(where + ": omero.channels must be a list");
  for (const json& c : *channels) {
    if (!c.is_object()) return invalid(where + ": each omero channel must be an object");
    if (c.contains("color") && !c["color"].is_string()) return invalid(where + ": omero channel color must be a string");
    if (auto w = c.find("window"); w != c.end()) {
      if (!w->is_object()) return invalid(where + ": omero channel window must be an object");
      for (const char* k : {"start", "end", "min", "max"})
        if (!w->contains(k) || !(*w)[k].is_number())
          return invalid(where + ": omero channel window." + k + " must be a number");
    }
  }
  return {};
}

std::vector<double> listOrZeros(const json& t, const char* key, std::size_t n) {
  if (t.is_object() && t.contains(key))
    if (auto v = jsonToDoubles(t[key])) return *v;
  return std::vector<double>(n, 0.0);
}

}  // namespace

const json* findOmeContainer(const json& attrs) {
  if (!attrs.is_object()) return nullptr;
  if (auto ome = attrs.find("ome"); ome != attrs.end() && ome->is_object() && ome->contains("multiscales"))
    return &*ome;
  if (attrs.contains("multiscales")) return &attrs;
  return nullptr;
}

bool hasOmeMultiscales(const json& attrs) { return findOmeContainer(attrs) != nullptr; }

bool isOmeLabelImage(const json& attrs) {
  if (!attrs.is_object()) return false;
  if (attrs.contains("image-label")) return true;
  auto ome = attrs.find("ome");
  return ome != attrs.end() && ome->is_object() && ome->contains("image-label");
}

Status validateOmeMultiscales(const json& attrs) {
  const json* c = findOmeContainer(attrs);
  if (!c) return invalid("the attributes hold no OME-NGFF \"multiscales\"");
  if (c != &attrs && c->contains("version")) {
    const json& v = (*c)["version"];
    if (!v.is_string() || (v != "0.5" && v != "0.4"))
      return invalid("ome.version must be \"0.5\" (or \"0.4\"), not " + v.dump());
  }
  const json& ms = (*c)["multiscales"];
  if (!ms.is_array() || ms.empty()) return invalid("\"multiscales\" must be a non-empty list");
  for (std::size_t i = 0; i < ms.size(); ++i) {
    const std::string where = "multiscales[" + std::to_string(i) + "]";
    const json& m = ms[i];
    if (!m.is_object()) return invalid(where + " must be an object");
    if (m.contains("version")) {
      const json& v = m["version"];
      if (!v.is_string() || (v != "0.4" && v != "0.5"))
        return invalid(where + ": version must be \"0.4\" or \"0.5\", not " + v.dump());
    }
    if (m.contains("name") && !m["name"].is_string()) return invalid(where + ": name must be a string");
    if (!m.contains("axes")) return invalid(where + " lacks \"axes\"");
    SKEIN_TRY(validateAxes(m["axes"], where));
    if (!m.contains("datasets")) return invalid(where + " lacks \"datasets\"");
    const json& ds = m["datasets"];
    if (!ds.is_array() || ds.empty()) return invalid(where + ": \"datasets\" must be a non-empty list");
    for (std::size_t k = 0; k < ds.size(); ++k) {
      const std::string dwhere = where + ".datasets[" + std::to_string(k) + "]";
      if (!ds[k].is_object()) return invalid(dwhere + " must be an object");
      if (!ds[k].contains("path") || !ds[k]["path"].is_string()) return invalid(dwhere + " needs a string \"path\"");
      if (!ds[k].contains("coordinateTransformations"))
        return invalid(dwhere + " lacks \"coordinateTransformations\"");
      SKEIN_TRY(validateTransforms(ds[k]["coordinateTransformations"], dwhere));
    }
    if (m.contains("coordinateTransformations"))
      SKEIN_TRY(validateTransforms(m["coordinateTransformations"], where));
  }
  if (c->contains("omero")) SKEIN_TRY(validateOmero((*c)["omero"], "omero"));
  return {};
}

Result<OmeMultiscale> parseOmeMultiscale(const json& attrs, const std::string& what, std::size_t index) {
  if (Status s = validateOmeMultiscales(attrs); !s.ok()) return s.error().withContext(what);
  const json* c = findOmeContainer(attrs);
  const json& ms = (*c)["multiscales"];
  if (index >= ms.size())
    return makeError(ErrorCode::NotFound, what + " has no multiscales entry " + std::to_string(index));
  const json& m = ms[index];
  OmeMultiscale out;
  out.version = jsonString(*c, "version").value_or(jsonString(m, "version").value_or(""));
  out.name = jsonString(m, "name").value_or("");
  for (const json& a : m["axes"])
    out.axes.push_back({a["name"].get<std::string>(), jsonString(a, "type").value_or(""),
                        jsonString(a, "unit").value_or("")});
  const std::size_t n = out.axes.size();

  std::vector<double> globalScale(n, 1.0), globalTranslation(n, 0.0);
  if (m.contains("coordinateTransformations")) {
    const json& t = m["coordinateTransformations"];
    globalScale = *jsonToDoubles(t[0]["scale"]);
    if (t.size() == 2) globalTranslation = *jsonToDoubles(t[1]["translation"]);
    if (globalScale.size() != n || globalTranslation.size() != n)
      return makeError(ErrorCode::InvalidData, what + ": the multiscale coordinateTransformations need one value per axis");
  }
  for (const json& d : m["datasets"]) {
    OmeLevel level;
    level.path = d["path"].get<std::string>();
    const json& t = d["coordinateTransformations"];
    level.scale = *jsonToDoubles(t[0]["scale"]);
    level.translation = t.size() == 2 ? listOrZeros(t[1], "translation", n) : std::vector<double>(n, 0.0);
    if (level.scale.size() != n || level.translation.size() != n)
      return makeError(ErrorCode::InvalidData, what + ": dataset \"" + level.path + "\" has " +
                                                   std::to_string(level.scale.size()) + " scale values for " +
                                                   std::to_string(n) + " axes");
    for (std::size_t i = 0; i < n; ++i) {
      if (!(level.scale[i] > 0))
        return makeError(ErrorCode::InvalidData, what + ": dataset \"" + level.path + "\" has a scale that is not positive");
      // (index*s + t)*S + T  ==  index*(s*S) + (t*S + T)
      level.translation[i] = level.translation[i] * globalScale[i] + globalTranslation[i];
      level.scale[i] *= globalScale[i];
    }
    out.levels.push_back(std::move(level));
  }
  return out;
}

}  // namespace skein
