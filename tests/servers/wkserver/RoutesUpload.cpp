// Dataset upload with the datastore's resumable protocol (as webknossos-libs uses it):
//   POST /data/datasets/reserveUpload {uploadId, name, organization, totalFileCount,
//        totalFileSizeInBytes, initialTeams, layersToLink, folderId} → 200
//   GET  /data/datasets?resumableChunkNumber=&resumableIdentifier=… → 200 when that chunk is
//        stored, 204 when not (resumable.js "testChunks": what a resuming client skips)
//   POST /data/datasets (multipart: resumableChunkNumber (1-based), resumableChunkSize,
//        resumableCurrentChunkSize, resumableTotalSize, resumableIdentifier "<uploadId>/<path>",
//        resumableFilename, resumableRelativePath, resumableTotalChunks, file) → 200
//   POST /data/datasets/finishUpload {uploadId} → {"newDatasetId"} once every file is complete.
// Chunks wait as files under Options::uploadDir/chunks/<uploadId>/; the store keeps the upload and
// each file's chunk count and size. Finishing writes the files under Options::uploadDir/<datasetId>/.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <map>
#include <vector>

#include "tests/servers/wkserver/DataTree.h"
#include "tests/servers/wkserver/FormData.h"
#include "tests/servers/wkserver/Model.h"
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

namespace {

// A relative path inside the dataset: no absolute paths, no "..", no empty segments.
bool safeRelativePath(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos) return false;
  for (const QString& s : QString::fromStdString(path).split('/'))
    if (s.isEmpty() || s == QLatin1String("..") || s == QLatin1String(".")) return false;
  return true;
}

// Upload ids become folder names: plain characters only.
bool safeUploadId(const std::string& id) {
  static const QRegularExpression ok(QStringLiteral("^[A-Za-z0-9_:-][A-Za-z0-9_.:-]*$"));
  return !id.empty() && id.size() <= 200 && ok.match(QString::fromStdString(id)).hasMatch();
}

QString chunkPath(const WkServer& server, const std::string& uploadId, const std::string& path, long long number) {
  return server.options().uploadDir + "/chunks/" + QString::fromStdString(uploadId) + "/" + QString::number(number) +
         "/" + QString::fromStdString(path);
}

// "<uploadId>/<relative path>" → its parts; false when either is unsafe.
bool splitIdentifier(const std::string& identifier, std::string& uploadId, std::string& path) {
  const auto slash = identifier.find('/');
  if (slash == std::string::npos) return false;
  uploadId = identifier.substr(0, slash);
  path = identifier.substr(slash + 1);
  return safeUploadId(uploadId) && safeRelativePath(path);
}

}  // namespace

void registerUploadRoutes(WkServer& s) {
  // One datastore, this server itself (webKnossos' shape: name, url, allowsUpload, jobs…).
  s.route("GET /api/datastores", [](WkServer& server, Request&) {
    return Response::ofJson(json::array({{{"name", "localhost"}, {"url", server.baseUrl()}, {"allowsUpload", true},
                                          {"jobsSupportedByAvailableWorkers", json::array()},
                                          {"jobsEnabled", false}}}));
  });

  s.route("POST /data/datasets/reserveUpload", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(403, "No access to reserve an upload (log in).");
    const json body = r.jsonBody();
    const std::string uploadId = body.value("uploadId", "");
    const std::string name = body.value("name", "");
    if (!safeUploadId(uploadId) || name.empty() || !body.value("totalFileCount", json()).is_number_integer())
      return Response::error(400, "reserveUpload needs uploadId (letters, digits, _.:-), name and totalFileCount.");
    for (const json& d : server.store().all("datasets"))
      if (d.value("directoryName", "") == name) return Response::error(400, "A dataset named " + name + " already exists.");
    json upload = body;
    upload["userId"] = (*r.user)["id"];
    server.store().put("uploads", uploadId, upload);
    Response ok;
    ok.contentType.clear();
    return ok;
  });

  s.route("GET /data/datasets", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(403, "No access to uploads (log in).");
    std::string uploadId, path;
    const long long number = QString::fromStdString(r.queryValue("resumableChunkNumber")).toLongLong();
    if (!splitIdentifier(r.queryValue("resumableIdentifier"), uploadId, path) || number < 1)
      return Response::error(400, "Malformed resumableIdentifier or resumableChunkNumber.");
    Response answer;
    answer.contentType.clear();
    answer.status = QFile::exists(chunkPath(server, uploadId, path, number)) ? 200 : 204;
    return answer;
  });

  s.route("POST /data/datasets", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(403, "No access to upload (log in).");
    std::map<std::string, std::string> fields;
    QByteArray data;
    bool hasFile = false;
    for (FormPart& p : parseFormData(r.header("content-type"), r.body)) {
      if (!p.fileName.empty() || p.name == "file") {
        data = std::move(p.data);
        hasFile = true;
      } else {
        fields[p.name] = p.data.toStdString();
      }
    }
    std::string uploadId, path;
    const bool identified = splitIdentifier(fields["resumableIdentifier"], uploadId, path);
    const long long number = std::atoll(fields["resumableChunkNumber"].c_str());
    const long long total = std::atoll(fields["resumableTotalChunks"].c_str());
    const long long current = std::atoll(fields["resumableCurrentChunkSize"].c_str());
    if (!hasFile || !identified || number < 1 || total < 1 || number > total || current != data.size())
      return Response::error(400, "Malformed upload chunk (identifier, chunk number or size).");
    auto upload = server.store().get("uploads", uploadId);
    if (!upload || upload->value("userId", "") != (*r.user)["id"])
      return Response::error(400, "Unknown upload " + uploadId + " (reserve it first).");
    const QString target = chunkPath(server, uploadId, path, number);
    QDir().mkpath(QFileInfo(target).path());
    QFile out(target + ".part");  // renamed when written: a chunk file exists only when whole
    if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size()) return Response::error(500, "Cannot store the chunk.");
    out.close();
    QFile::remove(target);
    QFile::rename(target + ".part", target);
    server.store().put("uploadFiles", uploadId + "/" + path,
                       {{"uploadId", uploadId}, {"path", path}, {"totalChunks", total},
                        {"totalSize", std::atoll(fields["resumableTotalSize"].c_str())}});
    return Response::ofJson(json::object());
  });

  s.route("POST /data/datasets/finishUpload", [](WkServer& server, Request& r) {
    if (!r.user) return Response::error(403, "No access to finish an upload (log in).");
    const std::string uploadId = r.jsonBody().value("uploadId", "");
    auto upload = server.store().get("uploads", uploadId);
    if (!upload || upload->value("userId", "") != (*r.user)["id"]) return Response::error(400, "Unknown upload " + uploadId + ".");
    std::vector<json> files;
    for (const json& f : server.store().all("uploadFiles"))
      if (f.value("uploadId", "") == uploadId) files.push_back(f);
    if (static_cast<long long>(files.size()) != upload->value("totalFileCount", 0LL))
      return Response::error(400, "Upload incomplete: " + std::to_string(files.size()) + " of " +
                                      std::to_string(upload->value("totalFileCount", 0LL)) + " files arrived.");
    const std::string id = newObjectId();
    const QString root = server.options().uploadDir + "/" + QString::fromStdString(id);
    for (const json& f : files) {
      const std::string path = f.value("path", "");
      QByteArray bytes;
      for (long long n = 1; n <= f.value("totalChunks", 0LL); ++n) {
        QFile chunk(chunkPath(server, uploadId, path, n));
        if (!chunk.open(QIODevice::ReadOnly))
          return Response::error(400, "Upload incomplete: chunk " + std::to_string(n) + " of " + path + " is missing.");
        bytes += chunk.readAll();
      }
      if (bytes.size() != f.value("totalSize", -1LL)) return Response::error(400, "Upload of " + path + " has the wrong size.");
      const QString target = root + "/" + QString::fromStdString(path);
      QDir().mkpath(QFileInfo(target).path());
      QFile out(target);
      if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        return Response::error(500, "Cannot store " + path + ".");
    }
    std::string error;
    auto datasource = readDatasource(root.toStdString(), error);
    if (!datasource) return Response::error(400, "The upload is no dataset: " + error);
    json dataset = {{"id", id}, {"name", (*upload)["name"]}, {"directoryName", (*upload)["name"]},
                    {"organization", upload->value("organization", (*r.user)["organization"].get<std::string>())},
                    {"isPublic", false}, {"isActive", true}, {"description", nullptr},
                    {"folderId", upload->value("folderId", json()).is_string() ? (*upload)["folderId"] : json("570b9f4e4bb848d0885ea917")},
                    {"tags", json::array()}, {"metadata", json::array()},
                    {"allowedTeams", upload->value("initialTeams", json::array())}, {"sharingToken", nullptr},
                    {"created", nowMs()}, {"dataLayers", (*datasource)["dataLayers"]},
                    {"scale", datasource->value("scale", json())}, {"dataDir", root.toStdString()}};
    server.store().put("datasets", id, dataset);
    for (const json& f : files) server.store().remove("uploadFiles", uploadId + "/" + f.value("path", ""));
    QDir(server.options().uploadDir + "/chunks/" + QString::fromStdString(uploadId)).removeRecursively();
    server.store().remove("uploads", uploadId);
    return Response::ofJson({{"newDatasetId", id}});
  });
}

}  // namespace wk
