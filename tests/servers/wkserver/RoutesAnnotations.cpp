// Annotations: info, readable list, edit (visibility), shared teams, duplicate, finish/reopen,
// create, upload/download; Zarr private links.
#include <QRegularExpression>
#include <QUuid>

#include "tests/servers/wkserver/FormData.h"
#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

namespace {

std::string newTracingId() { return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString(); }

// The annotation if the caller may read it, else the error a webKnossos server gives.
std::optional<json> readable(WkServer& server, Request& r, Response& error) {
  auto a = server.store().get("annotations", r.param("id"));
  if (!a || !canReadAnnotation(*a, r.user)) {
    error = Response::error(404, r.user ? "Annotation could not be found" : "Annotation could not be found. Please log in.");
    return std::nullopt;
  }
  return a;
}

std::optional<json> owned(WkServer& server, Request& r, Response& error) {
  auto a = readable(server, r, error);
  if (a && !isOwner(*a, r.user)) {
    error = Response::error(403, "You are not allowed to update this annotation.");
    return std::nullopt;
  }
  return a;
}

Response annotationAnswer(WkServer& server, Request& r, const json& a) {
  return Response::ofJson(annotationJson(server.store(), a, r.user, server.baseUrl()));
}

json newAnnotation(const json& owner, const std::string& datasetId, const std::string& name, const json& layers) {
  return {{"id", newObjectId()}, {"name", name}, {"description", ""}, {"typ", "Explorational"}, {"state", "Active"},
          {"ownerId", owner["id"]}, {"datasetId", datasetId}, {"visibility", "Internal"}, {"teams", json::array()},
          {"tags", json::array()}, {"modified", nowMs()}, {"layers", layers}, {"version", 0}};
}

std::optional<json> findDatasetForUpload(WkServer& server, const std::string& formDatasetId, const QByteArray& nml,
                                         const std::string& fileName) {
  if (!formDatasetId.empty()) return server.store().get("datasets", formDatasetId);
  static const QRegularExpression idRe(QStringLiteral("datasetId=\"([0-9a-f]{24})\""));
  static const QRegularExpression nameRe(QStringLiteral("<experiment[^>]*\\bname=\"([^\"]+)\""));
  if (auto m = idRe.match(QString::fromUtf8(nml)); m.hasMatch())
    return server.store().get("datasets", m.captured(1).toStdString());
  std::string name = nameRe.match(QString::fromUtf8(nml)).captured(1).toStdString();
  if (name.empty()) name = fileName.substr(0, fileName.find("__"));  // "<dataset>__explorational__…"
  for (const json& d : server.store().all("datasets"))
    if (d.value("directoryName", "") == name || d.value("name", "") == name) return d;
  return std::nullopt;
}

}  // namespace

void registerAnnotationRoutes(WkServer& s) {
  auto info = [](WkServer& server, Request& r) {
    Response error;
    auto a = readable(server, r, error);
    return a ? annotationAnswer(server, r, *a) : error;
  };
  s.route("GET /api/annotations/:id/info", info);
  s.route("GET /api/annotations/:typ/:id/info", info);

  s.route("GET /api/annotations/readable", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(401, "Not logged in.");
    const std::string finished = r.queryValue("isFinished");
    json out = json::array();
    for (const json& a : server.store().all("annotations")) {
      if (!finished.empty() && (a.value("state", "") == "Finished") != (finished == "true")) continue;
      bool shared = false;
      if (a.value("visibility", "") != "Private")
        for (const json& t : a.value("teams", json::array())) shared = shared || inTeam(r.user, t.get<std::string>());
      if (isOwner(a, r.user) || shared) out.push_back(annotationCompactJson(server.store(), a));
    }
    Response answer = Response::ofJson(out);
    answer.headers.push_back({"X-Total-Count", QByteArray::number(static_cast<qsizetype>(out.size()))});
    return answer;
  });

  s.route("PATCH /api/annotations/:typ/:id/edit", [](WkServer& server, Request& r) {
    Response error;
    auto a = owned(server, r, error);
    if (!a) return error;
    const json body = r.jsonBody();
    json annotation = *a;
    if (body.contains("name")) annotation["name"] = body["name"];
    if (body.contains("tags")) annotation["tags"] = body["tags"];
    if (body.contains("visibility")) {
      const std::string v = body["visibility"].get<std::string>();
      if (v != "Private" && v != "Internal" && v != "Public") return Response::error(400, "Invalid visibility " + v);
      annotation["visibility"] = v;
      if (v == "Private") annotation["teams"] = json::array();  // private also clears shared teams
    }
    annotation["modified"] = nowMs();
    server.store().put("annotations", annotation["id"], annotation);
    return Response::ofJson({{"messages", {{{"success", "Annotation information was updated successfully."}}}}});
  });

  s.route("GET /api/annotations/:typ/:id/sharedTeams", [](WkServer& server, Request& r) {
    Response error;
    auto a = owned(server, r, error);
    return a ? Response::ofJson(teamsJson(server.store(), a->value("teams", json::array()))) : error;
  });

  s.route("PATCH /api/annotations/:typ/:id/sharedTeams", [](WkServer& server, Request& r) {
    Response error;
    auto a = owned(server, r, error);
    if (!a) return error;
    if (a->value("visibility", "") == "Private")
      return Response::error(400, "A private annotation cannot be shared with teams.");
    const json body = r.jsonBody();
    if (!body.is_array()) return Response::error(400, "Expected a JSON array of team ids.");
    for (const json& id : body)
      if (!id.is_string() || !server.store().get("teams", id.get<std::string>()))
        return Response::error(400, "Unknown team " + id.dump() + ".");
    json annotation = *a;
    annotation["teams"] = body;
    server.store().put("annotations", annotation["id"], annotation);
    return Response::ofJson(body);
  });

  s.route("POST /api/annotations/:typ/:id/duplicate", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(401, "Not logged in.");
    Response error;
    auto a = readable(server, r, error);
    if (!a) return error;
    json layers = json::array();
    for (const json& l : a->value("layers", json::array()))
      layers.push_back({{"tracingId", newTracingId()}, {"typ", l["typ"]}, {"name", l["name"]}});
    json copy = newAnnotation(*r.user, (*a)["datasetId"], a->value("name", ""), layers);
    for (const char* key : {"description", "tags", "fileName", "fileContentType", "fileBase64"})
      if (a->contains(key)) copy[key] = (*a)[key];
    server.store().put("annotations", copy["id"], copy);
    return annotationAnswer(server, r, copy);
  });

  auto setState = [](const char* state) {
    return [state](WkServer& server, Request& r) {
      Response error;
      auto a = owned(server, r, error);
      if (!a) return error;
      json annotation = *a;
      if (std::string(state) == "Active" && annotation.value("state", "") != "Finished")
        return Response::error(400, "Annotation is not finished.");
      annotation["state"] = state;
      annotation["modified"] = nowMs();
      server.store().put("annotations", annotation["id"], annotation);
      return annotationAnswer(server, r, annotation);
    };
  };
  s.route("PATCH /api/annotations/:typ/:id/finish", setState("Finished"));
  s.route("PATCH /api/annotations/:typ/:id/reopen", setState("Active"));

  s.route("POST /api/datasets/:id/createExplorational", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(401, "Not logged in.");
    auto d = server.store().get("datasets", r.param("id"));
    if (!d || !canReadDataset(server.store(), *d, r.user, r.queryValue("sharingToken")))
      return Response::error(404, "Dataset not found.");
    json layers = json::array();
    for (const json& spec : r.jsonBody())
      layers.push_back({{"tracingId", newTracingId()}, {"typ", spec.value("typ", "Skeleton")},
                        {"name", spec.value("name", spec.value("typ", "Skeleton"))}});
    if (layers.empty()) return Response::error(400, "At least one annotation layer is needed.");
    json a = newAnnotation(*r.user, (*d)["id"], "", layers);
    server.store().put("annotations", a["id"], a);
    return annotationAnswer(server, r, a);
  });

  s.route("POST /api/annotations/upload", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(401, "Not logged in.");
    std::vector<FormPart> files;
    std::string datasetId, createGroup;
    for (FormPart& p : parseFormData(r.header("content-type"), r.body)) {
      if (!p.fileName.empty()) files.push_back(std::move(p));
      else if (p.name == "datasetId") datasetId = p.data.toStdString();
      else if (p.name == "createGroupForEachFile") createGroup = p.data.toStdString();
    }
    if (createGroup != "true" && createGroup != "false")
      return Response::error(400, "createGroupForEachFile must be true or false.");
    if (files.empty()) return Response::error(400, "No file was uploaded.");
    const FormPart& file = files.front();
    const bool zip = file.data.startsWith("PK");
    if (!zip && !file.data.contains("<things")) return Response::error(400, "The file is neither an NML nor a zip.");
    auto dataset = findDatasetForUpload(server, datasetId, file.data, file.fileName);
    if (!dataset || !canReadDataset(server.store(), *dataset, r.user, ""))
      return Response::error(400, "Could not find the dataset of the uploaded annotation.");
    json layers = {{{"tracingId", newTracingId()}, {"typ", "Skeleton"}, {"name", "Skeleton"}}};
    if (zip) layers.push_back({{"tracingId", newTracingId()}, {"typ", "Volume"}, {"name", "Volume"}});
    std::string name = file.fileName.substr(0, file.fileName.rfind('.'));
    json a = newAnnotation(*r.user, (*dataset)["id"], name, layers);
    a["fileName"] = file.fileName;
    a["fileContentType"] = zip ? "application/zip" : "application/xml";
    a["fileBase64"] = file.data.toBase64().toStdString();
    server.store().put("annotations", a["id"], a);
    return Response::ofJson({{"annotation", {{"typ", "Explorational"}, {"id", a["id"]}}},
                             {"messages", {{{"success", "Successfully uploaded file"}}}}});
  });

  auto download = [](WkServer& server, Request& r) {
    Response error;
    auto a = readable(server, r, error);
    if (!a) return error;
    Response file;
    const std::string name = a->value("name", "").empty() ? a->value("id", "") : a->value("name", "");
    if (a->contains("fileBase64")) {
      file.body = QByteArray::fromBase64(QByteArray::fromStdString((*a)["fileBase64"].get<std::string>()));
      file.contentType = QByteArray::fromStdString((*a)["fileContentType"].get<std::string>());
    } else {
      auto d = server.store().get("datasets", a->value("datasetId", ""));
      file.body = QByteArray::fromStdString("<things>\n  <parameters>\n    <experiment name=\"" +
                                            (d ? d->value("name", "") : std::string()) + "\" datasetId=\"" +
                                            a->value("datasetId", "") + "\"/>\n  </parameters>\n</things>\n");
      file.contentType = "application/xml";
    }
    const std::string ext = file.contentType == "application/zip" ? ".zip" : ".nml";
    file.headers.push_back({"Content-Disposition", QByteArray::fromStdString("attachment;filename=\"" + name + ext + "\"")});
    return file;
  };
  s.route("GET /api/annotations/:id/download", download);
  s.route("GET /api/annotations/:typ/:id/download", download);

  // --- Zarr private links ---
  s.route("GET /api/zarrPrivateLinks", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(401, "Not logged in.");
    json out = json::array();
    for (const json& l : server.store().all("zarrLinks")) {
      auto a = server.store().get("annotations", l.value("annotation", ""));
      if (a && isOwner(*a, r.user)) out.push_back(zarrLinkJson(l));
    }
    return Response::ofJson(out);
  });

  s.route("GET /api/zarrPrivateLinks/byAnnotation/:id", [](WkServer& server, Request& r) {
    Response error;
    auto a = owned(server, r, error);
    if (!a) return error;
    json out = json::array();
    for (const json& l : server.store().all("zarrLinks"))
      if (l.value("annotation", "") == r.param("id")) out.push_back(zarrLinkJson(l));
    return Response::ofJson(out);
  });

  s.route("GET /api/zarrPrivateLinks/:id", [](WkServer& server, Request& r) {
    auto l = server.store().get("zarrLinks", r.param("id"));
    if (!l) return Response::error(404, "Private link not found.");
    if ((*l)["expirationDateTime"].is_number() && (*l)["expirationDateTime"].get<long long>() < nowMs())
      return Response::error(404, "Token expired");
    return Response::ofJson(zarrLinkJson(*l));
  });

  s.route("POST /api/zarrPrivateLinks", [](WkServer& server, Request& r) {
    const json body = r.jsonBody();
    r.params["id"] = body.value("annotation", "");
    Response error;
    auto a = owned(server, r, error);
    if (!a) return error.status == 404 ? Response::error(403, "You are not allowed to create links for this annotation.") : error;
    const json expiry = body.value("expirationDateTime", json());
    if (!expiry.is_null() && !expiry.is_number()) return Response::error(400, "expirationDateTime must be ms or null.");
    json link = {{"id", newObjectId()}, {"annotation", (*a)["id"]}, {"accessToken", randomToken(12)},
                 {"expirationDateTime", expiry}};
    server.store().put("zarrLinks", link["id"], link);
    return Response::ofJson(zarrLinkJson(link));
  });

  s.route("PUT /api/zarrPrivateLinks/:id", [](WkServer& server, Request& r) {
    auto l = server.store().get("zarrLinks", r.param("id"));
    if (!l) return Response::error(404, "Private link not found.");
    auto a = server.store().get("annotations", l->value("annotation", ""));
    if (!a || !isOwner(*a, r.user)) return Response::error(403, "You are not allowed to update this link.");
    const json body = r.jsonBody();
    json link = *l;
    link["expirationDateTime"] = body.value("expirationDateTime", json());
    server.store().put("zarrLinks", link["id"], link);
    return Response::ofJson(zarrLinkJson(link));
  });

  s.route("DELETE /api/zarrPrivateLinks/:id", [](WkServer& server, Request& r) {
    auto l = server.store().get("zarrLinks", r.param("id"));
    if (!l) return Response::error(404, "Private link not found.");
    auto a = server.store().get("annotations", l->value("annotation", ""));
    if (!a || !isOwner(*a, r.user)) return Response::error(403, "You are not allowed to delete this link.");
    server.store().remove("zarrLinks", r.param("id"));
    return Response::ofJson({{"messages", {{{"success", "privateLink deleted"}}}}});
  });
}

}  // namespace wk
