// WkClient: teams, folders and datasets (specs/webknossos-api.md §4, §5).
#include "core/client/ApiJson.h"
#include "core/client/ApiVersion.h"
#include "core/client/WkClient.h"

namespace skein::client {

using nlohmann::json;

namespace {

std::string boolText(bool b) { return b ? "true" : "false"; }

}  // namespace

bool DatasetUpdate::empty() const {
  return !description && !name && !isPublic && !tags && !folderId && !metadata;
}

json DatasetUpdate::toJson() const {
  json j = json::object();
  if (description) j["description"] = *description ? json(**description) : json(nullptr);
  if (name) j["name"] = *name;
  if (isPublic) j["isPublic"] = *isPublic;
  if (tags) j["tags"] = *tags;
  if (folderId) j["folderId"] = *folderId;
  if (metadata) j["metadata"] = *metadata;
  return j;
}

void WkClient::teams(Callback<std::vector<Team>> done) {
  ApiCall c;
  c.path = "/teams";
  callJson(std::move(c), mapResult<std::vector<Team>, json>(parseTeams, std::move(done)));
}

void WkClient::folderTree(Callback<std::vector<Folder>> done) {
  ApiCall c;
  c.path = "/folders/tree";
  callJson(std::move(c), mapResult<std::vector<Folder>, json>(parseFolders, std::move(done)));
}

void WkClient::datasets(const DatasetQuery& q, Callback<std::vector<DatasetInfo>> done) {
  ApiCall c;
  c.path = "/datasets";
  if (q.isActive) c.query.emplace_back("isActive", boolText(*q.isActive));
  if (!q.organizationId.empty()) c.query.emplace_back("organizationId", q.organizationId);
  if (!q.folderId.empty()) c.query.emplace_back("folderId", q.folderId);
  if (q.includeSubfolders) c.query.emplace_back("includeSubfolders", boolText(*q.includeSubfolders));
  if (!q.searchQuery.empty()) c.query.emplace_back("searchQuery", q.searchQuery);
  if (q.limit) c.query.emplace_back("limit", std::to_string(*q.limit));
  // Parsed from the text (not through callJson's DOM): a list can have many thousand full entries.
  call(std::move(c), [done](Result<HttpResponse> r) {
    if (!r.ok()) return done(r.error());
    done(parseDatasetList(std::string_view(r->body.constData(), static_cast<std::size_t>(r->body.size()))));
  });
}

void WkClient::dataset(const std::string& id, const std::string& sharingToken, Callback<DatasetInfo> done) {
  ApiCall c;
  c.path = "/datasets/" + urlSegment(id);
  if (!sharingToken.empty()) c.query.emplace_back("sharingToken", sharingToken);
  callJson(std::move(c), mapResult<DatasetInfo, json>(parseDataset, std::move(done)));
}

void WkClient::resolveDataset(const std::string& organization, const std::string& name,
                              const std::string& sharingToken, Callback<DatasetIdentity> done) {
  ApiCall c;
  c.path = "/datasets/disambiguate/" + urlSegment(organization) + "/" + urlSegment(name) + "/toId";
  if (!sharingToken.empty()) c.query.emplace_back("sharingToken", sharingToken);
  callJson(std::move(c), mapResult<DatasetIdentity, json>(parseDatasetIdentity, std::move(done)));
}

void WkClient::updateDataset(const std::string& id, const DatasetUpdate& update, Callback<DatasetInfo> done) {
  ApiCall c;
  c.method = "PATCH";
  c.path = "/datasets/" + urlSegment(id) + "/updatePartial";
  c.body = QByteArray::fromStdString(update.toJson().dump());
  c.contentType = "application/json";
  callJson(std::move(c), mapResult<DatasetInfo, json>(parseDataset, std::move(done)));
}

void WkClient::setDatasetTeams(const std::string& id, const std::vector<std::string>& teamIds,
                               Callback<std::vector<std::string>> done) {
  ApiCall c;
  c.method = "PATCH";
  c.path = "/datasets/" + urlSegment(id) + "/teams";
  c.body = QByteArray::fromStdString(json(teamIds).dump());
  c.contentType = "application/json";
  callJson(std::move(c), mapResult<std::vector<std::string>, json>(
                             [](const json& j) { return parseStringArray(j, "dataset teams answer"); }, std::move(done)));
}

void WkClient::datasetSharingToken(const std::string& id, Callback<std::string> done) {
  ApiCall c;
  c.path = "/datasets/" + urlSegment(id) + "/sharingToken";
  callJson(std::move(c), mapResult<std::string, json>(
                             [](const json& j) -> Result<std::string> {
                               if (!j.is_object() || !j.contains("sharingToken") || !j["sharingToken"].is_string())
                                 return makeError(ErrorCode::InvalidData,
                                                  "sharing token answer: expected {\"sharingToken\": \"…\"}");
                               return j["sharingToken"].get<std::string>();
                             },
                             std::move(done)));
}

void WkClient::revokeDatasetSharingToken(const std::string& id, StatusCallback done) {
  ApiCall c;
  c.method = "DELETE";
  c.path = "/datasets/" + urlSegment(id) + "/sharingToken";
  call(std::move(c), [done](Result<HttpResponse> r) { done(r.ok() ? Status::success() : Status(r.error())); });
}

}  // namespace skein::client
