// Datastore routes: Zarr v2 streaming of datasets (/data/zarr/<id>/… and, for API v9 and older,
// /data/zarr/<org>/<dir>/…) and of annotations (/data/annotations/zarr/<accessTokenOrId>/…).
// Access as on webKnossos: public datasets for everyone; otherwise the user's token (personal or
// store token) or the dataset's sharing token as ?token= / X-Auth-Token; a private-link access
// token opens its annotation's tree without login until it expires or is deleted.
#include "tests/servers/wkserver/DataTree.h"
#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

namespace {

struct Addressed {
  std::optional<json> dataset;
  std::string rest;  // the path below the dataset's Zarr root
};

// "<id>/<rest>" (v10+) or "<org>/<dir>/<rest>" (v9 and older).
Addressed addressDataset(Store& store, const std::string& path) {
  const auto slash = path.find('/');
  const std::string first = path.substr(0, slash);
  const std::string afterFirst = slash == std::string::npos ? "" : path.substr(slash + 1);
  if (auto d = store.get("datasets", first)) return {d, afterFirst};
  const auto slash2 = afterFirst.find('/');
  const std::string dir = afterFirst.substr(0, slash2);
  for (const json& d : store.all("datasets"))
    if (d.value("organization", "") == first && d.value("directoryName", "") == dir)
      return {d, slash2 == std::string::npos ? "" : afterFirst.substr(slash2 + 1)};
  return {};
}

Response serveTree(const json& datasource, const json& dataset, const std::string& rest) {
  if (rest == "datasource-properties.json") return Response::ofJson(datasource);
  return serveDatasetTree(dataset, rest);
}

// The annotation a private-link token or an annotation id stands for; an error when there is none.
std::optional<json> linkedAnnotation(WkServer& server, Request& r, Response& error) {
  const std::string tokenOrId = r.param("tokenOrId");
  for (const json& l : server.store().all("zarrLinks")) {
    if (l.value("accessToken", "") != tokenOrId) continue;
    if (l["expirationDateTime"].is_number() && l["expirationDateTime"].get<long long>() < nowMs()) {
      error = Response::error(404, "Token expired");
      return std::nullopt;
    }
    return server.store().get("annotations", l.value("annotation", ""));
  }
  auto annotation = server.store().get("annotations", tokenOrId);
  if (!annotation || !canReadAnnotation(*annotation, r.user)) {
    error = Response::error(404, "Annotation not found");
    return std::nullopt;
  }
  return annotation;
}

// Volume layers of an annotation: a header, and 404 for every chunk (nothing annotated, no fallback).
Response volumeLayerTree(const json& dataset, const std::string& layerRest) {
  if (layerRest == ".zgroup") return Response::ofJson({{"zarr_format", 2}});
  if (layerRest == "1/.zarray") {
    json size = {1, 1, 1};
    for (const json& l : dataset.value("dataLayers", json::array()))
      if (l.contains("boundingBox")) {
        const json& b = l["boundingBox"];
        const json& tl = b.value("topLeft", json{0, 0, 0});
        size = {tl[0].get<long long>() + b.value("width", 0LL), tl[1].get<long long>() + b.value("height", 0LL),
                tl[2].get<long long>() + b.value("depth", 0LL)};
        break;
      }
    return Response::ofJson({{"dtype", "<u4"}, {"fill_value", 0}, {"zarr_format", 2}, {"order", "F"},
                             {"chunks", {1, 32, 32, 32}}, {"compressor", nullptr}, {"filters", nullptr},
                             {"shape", {1, size[0], size[1], size[2]}}, {"dimension_separator", "."}});
  }
  return Response::error(404, "No data at coordinates, no fallback layer defined");
}

}  // namespace

void registerDatastoreRoutes(WkServer& s) {
  s.route("GET /data/zarr/*path", [](WkServer& server, Request& r) {
    Addressed a = addressDataset(server.store(), r.param("path"));
    if (!a.dataset) return Response::error(404, "Dataset not found");
    if (!canReadDataset(server.store(), *a.dataset, r.user, r.tokenUsed))
      return Response::error(403, "No read access on dataset");
    return serveTree(zarrDatasource(*a.dataset), *a.dataset, a.rest);
  });

  s.route("GET /data/annotations/zarr/:tokenOrId/*path", [](WkServer& server, Request& r) {
    Response error;
    auto annotation = linkedAnnotation(server, r, error);
    if (!annotation) return error;
    auto dataset = server.store().get("datasets", annotation->value("datasetId", ""));
    if (!dataset) return Response::error(404, "Dataset not found");
    json ds = zarrDatasource(*dataset);
    const std::string path = r.param("path");
    for (const json& l : annotation->value("layers", json::array())) {
      if (l.value("typ", "") != "Volume") continue;
      const std::string name = l.value("name", "");
      if (path.rfind(name + "/", 0) == 0) return volumeLayerTree(*dataset, path.substr(name.size() + 1));
      json volume = {{"name", name}, {"category", "segmentation"}, {"elementClass", "uint32"},
                     {"dataFormat", "zarr"}, {"numChannels", 1}, {"largestSegmentId", 0},
                     {"mags", {{{"mag", {1, 1, 1}}, {"path", "./" + name + "/1"},
                                {"axisOrder", {{"x", 1}, {"y", 2}, {"z", 3}, {"c", 0}}}}}}};
      if (!ds["dataLayers"].empty() && ds["dataLayers"][0].contains("boundingBox"))
        volume["boundingBox"] = ds["dataLayers"][0]["boundingBox"];
      ds["dataLayers"].push_back(volume);
    }
    return serveTree(ds, *dataset, path);
  });
}

}  // namespace wk
