// Tracingstore routes: newest version and the save protocol (datastore routes: RoutesDatastore.cpp).
#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

void registerStoreRoutes(WkServer& s) {
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
