// Datastore (dataset and annotation Zarr metadata) and tracingstore (save protocol) routes.
#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

namespace {

Response datasourceAnswer(const json& dataset) {
  json ds = dataSourceJson(dataset);
  for (json& layer : ds["dataLayers"]) layer["dataFormat"] = "zarr";
  return Response::ofJson(ds);
}

Response datasetDatasource(WkServer& server, Request& r, const std::optional<json>& dataset) {
  // The datastore accepts the user's tokens and the dataset's sharing token (token= or header).
  if (!dataset || !canReadDataset(server.store(), *dataset, r.user, r.tokenUsed))
    return Response::error(403, "No read access on dataset");
  return datasourceAnswer(*dataset);
}

}  // namespace

void registerStoreRoutes(WkServer& s) {
  s.route("GET /data/zarr/:id/datasource-properties.json", [](WkServer& server, Request& r) {
    return datasetDatasource(server, r, server.store().get("datasets", r.param("id")));
  });

  // v9 and older address datasets by organization and directory name.
  s.route("GET /data/zarr/:org/:dir/datasource-properties.json", [](WkServer& server, Request& r) {
    for (const json& d : server.store().all("datasets"))
      if (d.value("organization", "") == r.param("org") && d.value("directoryName", "") == r.param("dir"))
        return datasetDatasource(server, r, d);
    return Response::error(404, "Dataset not found");
  });

  // A private-link access token needs no login; an annotation id needs read access to it.
  s.route("GET /data/annotations/zarr/:tokenOrId/datasource-properties.json", [](WkServer& server, Request& r) {
    std::optional<json> annotation;
    for (const json& l : server.store().all("zarrLinks")) {
      if (l.value("accessToken", "") != r.param("tokenOrId")) continue;
      if (l["expirationDateTime"].is_number() && l["expirationDateTime"].get<long long>() < nowMs())
        return Response::error(404, "Token expired");
      annotation = server.store().get("annotations", l.value("annotation", ""));
    }
    if (!annotation) {
      annotation = server.store().get("annotations", r.param("tokenOrId"));
      if (!annotation || !canReadAnnotation(*annotation, r.user)) return Response::error(404, "Annotation not found");
    }
    auto dataset = server.store().get("datasets", annotation->value("datasetId", ""));
    if (!dataset) return Response::error(404, "Dataset not found");
    Response answer = datasourceAnswer(*dataset);
    json ds = json::parse(answer.body.toStdString());
    for (const json& l : annotation->value("layers", json::array()))
      if (l.value("typ", "") == "Volume")
        ds["dataLayers"].push_back({{"name", l["name"]}, {"category", "segmentation"}, {"elementClass", "uint32"},
                                    {"dataFormat", "zarr"}, {"numChannels", 1}, {"largestSegmentId", 0},
                                    {"mags", {{{"mag", {1, 1, 1}}, {"path", "./" + l["name"].get<std::string>() + "/1"}}}}});
    return Response::ofJson(ds);
  });

  s.route("GET /tracings/annotation/:id/newestVersion", [](WkServer& server, Request& r) {
    auto a = server.store().get("annotations", r.param("id"));
    if (!a || !canReadAnnotation(*a, r.user)) return Response::error(403, "No read access on annotation");
    return Response::ofJson({{"version", a->value("version", 0)}});
  });

  // The unified save protocol (§8.2): all groups of a transaction carry one version; a version is
  // accepted only as newest + 1; groups that were handled before are ignored (safe retries).
  s.route("POST /tracings/annotation/:id/update", [](WkServer& server, Request& r) {
    auto a = server.store().get("annotations", r.param("id"));
    if (!a || !canReadAnnotation(*a, r.user)) return Response::error(403, "No read access on annotation");
    if (!canUpdateAnnotation(*a, r.user)) return Response::error(403, "No write access on annotation");
    const json groups = r.jsonBody();
    if (!groups.is_array()) return Response::error(400, "Expected a JSON array of update groups.");
    json annotation = *a;
    long long current = annotation.value("version", 0LL);
    const std::string annotationId = r.param("id");
    for (const json& g : groups) {
      const long long version = g.at("version").get<long long>();
      const std::string transaction = g.at("transactionId").get<std::string>();
      const int count = g.at("transactionGroupCount").get<int>();
      const int index = g.at("transactionGroupIndex").get<int>();
      if (!g.at("actions").is_array() || count < 1 || index < 0 || index >= count)
        return Response::error(400, "Malformed update group.");
      const std::string key = annotationId + ":" + transaction + ":" + std::to_string(version) + ":" + std::to_string(index);
      if (server.store().get("handledGroups", key)) continue;  // a replay of something already applied
      if (version != current + 1)
        return Response::error(409, "Incorrect version. Expected: " + std::to_string(current + 1) +
                                        "; Got: " + std::to_string(version));
      server.store().put("handledGroups", key, {{"key", key}, {"group", g}});
      bool complete = true;
      for (int i = 0; i < count && complete; ++i)
        complete = server.store().get("handledGroups", annotationId + ":" + transaction + ":" + std::to_string(version) +
                                                           ":" + std::to_string(i))
                       .has_value();
      if (complete) {
        current = version;
        server.store().put("versions", annotationId + ":" + std::to_string(version),
                           {{"annotation", annotationId}, {"version", version}, {"transactionId", transaction}});
      }
    }
    annotation["version"] = current;
    annotation["modified"] = nowMs();
    server.store().put("annotations", annotationId, annotation);
    return Response::ofJson(json::object());
  });

  s.route("GET /tracings/annotation/:id/updateActionLog", [](WkServer& server, Request& r) {
    auto a = server.store().get("annotations", r.param("id"));
    if (!a || !canReadAnnotation(*a, r.user)) return Response::error(403, "No read access on annotation");
    json out = json::array();
    for (const json& g : server.store().all("handledGroups"))
      if (g.value("key", "").rfind(r.param("id") + ":", 0) == 0) out.push_back(g["group"]);
    return Response::ofJson(out);
  });
}

}  // namespace wk
