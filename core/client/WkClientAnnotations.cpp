// WkClient: annotations (specs/webknossos-api.md §7).
#include <QDateTime>
#include <QRegularExpression>

#include "core/client/ApiJson.h"
#include "core/client/ApiVersion.h"
#include "core/client/Multipart.h"
#include "core/client/WkClient.h"

namespace skein::client {

using nlohmann::json;

namespace {

Result<AnnotationInfo> parseAnnotationAnswer(const json& j) { return parseAnnotation(j); }

// filename="x.nml" (or filename*=UTF-8''x.nml) from a Content-Disposition header.
std::string fileNameFromDisposition(const QByteArray& header) {
  static const QRegularExpression quoted(R"re(filename="([^"]*)")re");
  static const QRegularExpression extended(R"(filename\*=(?:UTF-8'')?([^;]+))", QRegularExpression::CaseInsensitiveOption);
  static const QRegularExpression bare(R"(filename=([^;"]+))");
  const QString text = QString::fromUtf8(header);
  QString name;
  if (auto m = extended.match(text); m.hasMatch()) name = QUrl::fromPercentEncoding(m.captured(1).trimmed().toUtf8());
  else if (auto q = quoted.match(text); q.hasMatch()) name = q.captured(1);
  else if (auto b = bare.match(text); b.hasMatch()) name = b.captured(1).trimmed();
  // Only the last path component: a server must not choose where the file lands.
  name = name.section('/', -1).section('\\', -1);
  if (name == "." || name == "..") name.clear();
  return name.toStdString();
}

}  // namespace

bool AnnotationEdit::empty() const { return !name && !visibility && !tags; }

json AnnotationEdit::toJson() const {
  json j = json::object();
  if (name) j["name"] = *name;
  if (visibility) j["visibility"] = visibilityName(*visibility);
  if (tags) j["tags"] = *tags;
  return j;
}

std::string WkClient::annotationPath(const std::string& typ, const std::string& id, const std::string& action) const {
  return "/annotations/" + urlSegment(typ) + "/" + urlSegment(id) + (action.empty() ? "" : "/" + action);
}

void WkClient::withAnnotationType(const std::string& id, const std::string& typ, Callback<std::string> then) {
  if (!typ.empty()) return then(typ);
  annotation(id, [then](Result<AnnotationInfo> info) {
    if (!info.ok()) return then(info.error());
    then(info->typ.empty() ? std::string("Explorational") : info->typ);
  });
}

void WkClient::readableAnnotations(std::optional<bool> isFinished, Callback<std::vector<AnnotationInfo>> done) {
  ApiCall c;
  c.path = "/annotations/readable";
  if (isFinished) c.query.emplace_back("isFinished", *isFinished ? "true" : "false");
  callJson(std::move(c), mapResult<std::vector<AnnotationInfo>, json>(parseAnnotations, std::move(done)));
}

void WkClient::annotation(const std::string& id, Callback<AnnotationInfo> done) {
  ApiCall c;
  c.path = "/annotations/" + urlSegment(id) + "/info";
  callJson(std::move(c), mapResult<AnnotationInfo, json>(parseAnnotationAnswer, std::move(done)));
}

void WkClient::createExplorational(const std::string& datasetId, const std::vector<AnnotationLayerSpec>& layers,
                                   Callback<AnnotationInfo> done) {
  json body = json::array();
  for (const auto& l : layers) {
    json layer = {{"typ", l.typ}, {"name", l.name}};
    if (l.fallbackLayerName) layer["fallbackLayerName"] = *l.fallbackLayerName;
    body.push_back(layer);
  }
  ApiCall c;
  c.method = "POST";
  c.path = "/datasets/" + urlSegment(datasetId) + "/createExplorational";
  c.body = QByteArray::fromStdString(body.dump());
  c.contentType = "application/json";
  callJson(std::move(c), mapResult<AnnotationInfo, json>(parseAnnotationAnswer, std::move(done)));
}

void WkClient::uploadAnnotations(const std::vector<UploadFile>& files, const UploadOptions& options,
                                 Callback<AnnotationRef> done) {
  if (files.empty()) return done(makeError(ErrorCode::InvalidArgument, "annotation upload: no files given"));
  std::vector<MultipartPart> parts;
  parts.push_back({"createGroupForEachFile", "", "", options.createGroupForEachFile ? "true" : "false"});
  for (const auto& f : files) parts.push_back({f.fileName, f.fileName, contentTypeForFile(f.fileName), f.data});
  if (!options.datasetId.empty()) parts.push_back({"datasetId", "", "", QByteArray::fromStdString(options.datasetId)});
  if (!options.description.empty())
    parts.push_back({"description", "", "", QByteArray::fromStdString(options.description)});
  MultipartBody multipart = buildMultipart(parts);
  ApiCall c;
  c.method = "POST";
  c.path = "/annotations/upload";
  c.body = std::move(multipart.body);
  c.contentType = multipart.contentType;
  callJson(std::move(c), mapResult<AnnotationRef, json>(parseUploadAnswer, std::move(done)));
}

void WkClient::downloadAnnotation(const std::string& id, const DownloadOptions& options, Callback<DownloadedFile> done) {
  ApiCall c;
  c.path = "/annotations/" + urlSegment(id) + "/download";
  c.query.emplace_back("skipVolumeData", options.skipVolumeData ? "true" : "false");
  if (!options.volumeDataZipFormat.empty()) c.query.emplace_back("volumeDataZipFormat", options.volumeDataZipFormat);
  if (options.version) c.query.emplace_back("version", std::to_string(*options.version));
  call(std::move(c), [id, done](Result<HttpResponse> r) {
    if (!r.ok()) return done(r.error().withContext("downloading annotation " + id));
    DownloadedFile file;
    file.contentType = r->header("Content-Type").split(';').first().trimmed().toStdString();
    file.fileName = fileNameFromDisposition(r->header("Content-Disposition"));
    if (file.fileName.empty()) file.fileName = id + (file.contentType == "application/zip" ? ".zip" : ".nml");
    file.data = std::move(r.value().body);
    done(std::move(file));
  });
}

void WkClient::duplicateAnnotation(const std::string& id, const std::string& typ, Callback<AnnotationInfo> done) {
  withAnnotationType(id, typ, [this, id, done](Result<std::string> t) {
    if (!t.ok()) return done(t.error());
    ApiCall c;
    c.method = "POST";
    c.path = annotationPath(t.value(), id, "duplicate");
    callJson(std::move(c), mapResult<AnnotationInfo, json>(parseAnnotationAnswer, done));
  });
}

void WkClient::finishAnnotation(const std::string& id, const std::string& typ, Callback<AnnotationInfo> done) {
  withAnnotationType(id, typ, [this, id, done](Result<std::string> t) {
    if (!t.ok()) return done(t.error());
    ApiCall c;
    c.method = "PATCH";
    c.path = annotationPath(t.value(), id, "finish");
    c.query.emplace_back("timestamp", std::to_string(QDateTime::currentMSecsSinceEpoch()));
    callJson(std::move(c), mapResult<AnnotationInfo, json>(parseAnnotationAnswer, done));
  });
}

void WkClient::reopenAnnotation(const std::string& id, const std::string& typ, Callback<AnnotationInfo> done) {
  withAnnotationType(id, typ, [this, id, done](Result<std::string> t) {
    if (!t.ok()) return done(t.error());
    ApiCall c;
    c.method = "PATCH";
    c.path = annotationPath(t.value(), id, "reopen");
    callJson(std::move(c), mapResult<AnnotationInfo, json>(parseAnnotationAnswer, done));
  });
}

void WkClient::editAnnotation(const std::string& id, const std::string& typ, const AnnotationEdit& edit,
                              StatusCallback done) {
  if (edit.empty()) return done(Status::success());
  withAnnotationType(id, typ, [this, id, edit, done](Result<std::string> t) {
    if (!t.ok()) return done(t.error());
    ApiCall c;
    c.method = "PATCH";
    c.path = annotationPath(t.value(), id, "edit");
    c.body = QByteArray::fromStdString(edit.toJson().dump());
    c.contentType = "application/json";
    call(std::move(c), [done](Result<HttpResponse> r) { done(r.ok() ? Status::success() : Status(r.error())); });
  });
}

void WkClient::annotationSharedTeams(const std::string& id, const std::string& typ, Callback<std::vector<Team>> done) {
  withAnnotationType(id, typ, [this, id, done](Result<std::string> t) {
    if (!t.ok()) return done(t.error());
    ApiCall c;
    c.path = annotationPath(t.value(), id, "sharedTeams");
    callJson(std::move(c), mapResult<std::vector<Team>, json>(parseTeams, done));
  });
}

void WkClient::setAnnotationSharedTeams(const std::string& id, const std::string& typ,
                                        const std::vector<std::string>& teamIds,
                                        Callback<std::vector<std::string>> done) {
  withAnnotationType(id, typ, [this, id, teamIds, done](Result<std::string> t) {
    if (!t.ok()) return done(t.error());
    ApiCall c;
    c.method = "PATCH";
    c.path = annotationPath(t.value(), id, "sharedTeams");
    c.body = QByteArray::fromStdString(json(teamIds).dump());
    c.contentType = "application/json";
    callJson(std::move(c), mapResult<std::vector<std::string>, json>(
                               [](const json& j) -> Result<std::vector<std::string>> {
                                 // Answers are team ids; some builds answer team objects.
                                 if (j.is_array() && !j.empty() && j[0].is_object()) {
                                   auto teams = parseTeams(j);
                                   if (!teams.ok()) return teams.error();
                                   std::vector<std::string> ids;
                                   for (const auto& team : teams.value()) ids.push_back(team.id);
                                   return ids;
                                 }
                                 return parseStringArray(j, "shared teams answer");
                               },
                               done));
  });
}

}  // namespace skein::client
