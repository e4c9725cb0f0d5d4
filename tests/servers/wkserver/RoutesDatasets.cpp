// Datasets: list, details, disambiguation, updates, allowed teams, sharing tokens.
#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

namespace {

// The dataset if the caller may read it; otherwise the error webKnossos gives (404, with a login hint).
std::optional<json> readableDataset(WkServer& server, Request& r, Response& error) {
  auto d = server.store().get("datasets", r.param("id"));
  if (!d || !canReadDataset(server.store(), *d, r.user, r.queryValue("sharingToken"))) {
    error = Response::error(404, r.user ? "Dataset not found." : "Dataset not found. You may need to log in.");
    return std::nullopt;
  }
  return d;
}

Response datasetAnswer(WkServer& server, Request& r, const json& d) {
  return Response::ofJson(datasetJson(server.store(), d, r.user, server.baseUrl()));
}

}  // namespace

void registerDatasetRoutes(WkServer& s) {
  s.route("GET /api/datasets", [](WkServer& server, Request& r) {
    const std::string isActive = r.queryValue("isActive");
    const std::string organization = r.queryValue("organizationId");
    const std::string folder = r.queryValue("folderId");
    const std::string search = r.queryValue("searchQuery");
    json out = json::array();
    for (const json& d : server.store().all("datasets")) {
      if (!canReadDataset(server.store(), d, r.user, "")) continue;
      if (!isActive.empty() && d.value("isActive", true) != (isActive == "true")) continue;
      if (!organization.empty() && d.value("organization", "") != organization) continue;
      if (!folder.empty() && d.value("folderId", "") != folder) continue;
      if (!search.empty() && d.value("name", "").find(search) == std::string::npos) continue;
      // v16 lists are always compact.
      out.push_back(r.apiVersion >= 16 ? datasetCompactJson(d, r.user) : datasetJson(server.store(), d, r.user, server.baseUrl()));
    }
    return Response::ofJson(out);
  });

  s.route("GET /api/datasets/:id", [](WkServer& server, Request& r) {
    Response error;
    auto d = readableDataset(server, r, error);
    return d ? datasetAnswer(server, r, *d) : error;
  });

  s.route("GET /api/datasets/disambiguate/:org/:name/toId", [](WkServer& server, Request& r) {
    for (const json& d : server.store().all("datasets")) {
      if (d.value("organization", "") != r.param("org") || d.value("directoryName", "") != r.param("name")) continue;
      if (!canReadDataset(server.store(), d, r.user, r.queryValue("sharingToken"))) break;
      return Response::ofJson({{"id", d["id"]}, {"name", d["name"]}, {"organization", d["organization"]},
                               {"directoryName", d["directoryName"]}});
    }
    return Response::error(404, "Dataset not found.");
  });

  s.route("PATCH /api/datasets/:id/updatePartial", [](WkServer& server, Request& r) {
    Response error;
    auto d = readableDataset(server, r, error);
    if (!d) return error;
    if (!canEditDataset(*d, r.user)) return Response::error(403, "You are not allowed to edit this dataset.");
    const json body = r.jsonBody();
    if (!body.is_object()) return Response::error(400, "Expected a JSON object.");
    json dataset = *d;
    for (const char* key : {"description", "name", "isPublic", "tags", "folderId", "metadata"})
      if (body.contains(key)) dataset[key] = body[key];
    server.store().put("datasets", dataset["id"], dataset);
    return datasetAnswer(server, r, dataset);
  });

  s.route("PATCH /api/datasets/:id/teams", [](WkServer& server, Request& r) {
    Response error;
    auto d = readableDataset(server, r, error);
    if (!d) return error;
    if (!canEditDataset(*d, r.user)) return Response::error(403, "You are not allowed to edit this dataset.");
    const json body = r.jsonBody();
    if (!body.is_array()) return Response::error(400, "Expected a JSON array of team ids.");
    for (const json& id : body)
      if (!id.is_string() || !server.store().get("teams", id.get<std::string>()))
        return Response::error(400, "Unknown team " + id.dump() + ".");
    json dataset = *d;
    dataset["allowedTeams"] = body;
    server.store().put("datasets", dataset["id"], dataset);
    return Response::ofJson(body);
  });

  s.route("GET /api/datasets/:id/sharingToken", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(401, "Not logged in.");
    Response error;
    auto d = readableDataset(server, r, error);
    if (!d) return error;
    json dataset = *d;
    if (!dataset["sharingToken"].is_string()) {
      dataset["sharingToken"] = randomToken(16);
      server.store().put("datasets", dataset["id"], dataset);
    }
    return Response::ofJson({{"sharingToken", dataset["sharingToken"]}});
  });

  s.route("DELETE /api/datasets/:id/sharingToken", [](WkServer& server, Request& r) {
    Response error;
    auto d = readableDataset(server, r, error);
    if (!d) return error;
    if (!canEditDataset(*d, r.user)) return Response::error(403, "You are not allowed to edit this dataset.");
    json dataset = *d;
    dataset["sharingToken"] = nullptr;
    server.store().put("datasets", dataset["id"], dataset);
    return Response::ofJson(json::object());
  });
}

}  // namespace wk
