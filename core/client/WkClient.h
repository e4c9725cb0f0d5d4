#pragma once
// WkClient: the webKnossos HTTP API (specs/webknossos-api.md) for one server, asynchronous and
// Qt-style: it lives on the caller's thread, and every call reports once through a Callback<T>
// (see Callbacks.h; awaitResult() for blocking use).
//
// The first call negotiates the API version through /api/buildinfo (client speaks v9…v16) and
// every later /api call uses the /api/vN/ prefix. The personal token travels in the X-Auth-Token
// header to the server and its data/tracing stores; stores get a short-lived token from
// /api/userToken/generate, refreshed on 403. The token is never logged, never put in an error
// message and never sent to another origin after a redirect (HttpTransport).

#include <QByteArray>
#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/client/ApiTypes.h"
#include "core/client/Callbacks.h"
#include "core/client/HttpTransport.h"

namespace skein::client {

struct WkClientOptions {
  HttpOptions http;
  int oldestApiVersion = 9;
  int newestApiVersion = 16;
};

struct DatasetQuery {
  std::optional<bool> isActive;
  std::string organizationId;
  std::string folderId;
  std::optional<bool> includeSubfolders;
  std::string searchQuery;
  std::optional<int> limit;
};

// PATCH /api/datasets/:id/updatePartial: only the fields that are set are sent. A description set to
// nullopt inside the outer optional clears it (the server's tristate).
struct DatasetUpdate {
  std::optional<std::optional<std::string>> description;
  std::optional<std::string> name;
  std::optional<bool> isPublic;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> folderId;
  std::optional<nlohmann::json> metadata;
  bool empty() const;
  nlohmann::json toJson() const;
};

// PATCH /api/annotations/:typ/:id/edit.
struct AnnotationEdit {
  std::optional<std::string> name;
  std::optional<Visibility> visibility;
  std::optional<std::vector<std::string>> tags;
  bool empty() const;
  nlohmann::json toJson() const;
};

struct AnnotationLayerSpec {
  std::string typ = "Skeleton";  // "Skeleton" | "Volume"
  std::string name = "Skeleton";
  std::optional<std::string> fallbackLayerName;  // Volume only
};

struct UploadFile {
  std::string fileName;  // ".nml" or ".zip"
  QByteArray data;
};

struct UploadOptions {
  bool createGroupForEachFile = false;
  std::string datasetId;    // when the NML does not name its dataset
  std::string description;
};

struct DownloadOptions {
  bool skipVolumeData = false;
  std::string volumeDataZipFormat = "zarr3";  // "wkw" | "zarr3"
  std::optional<std::int64_t> version;
};

struct DownloadedFile {
  std::string fileName;     // from Content-Disposition; "<id>.nml|zip" when absent
  std::string contentType;  // "application/xml" (skeleton only) or "application/zip"
  QByteArray data;
};

// A short link (webknossos-api.md §10): <server>/links/<key> stands for longLink.
struct ShortLinkInfo {
  std::string id;
  std::string key;
  std::string longLink;
};

class WkClient : public QObject {
  Q_OBJECT
 public:
  explicit WkClient(std::string serverUrl, WkClientOptions options = {}, QObject* parent = nullptr);
  ~WkClient() override;

  const std::string& serverUrl() const { return serverUrl_; }
  void setToken(std::string token);
  bool hasToken() const { return !token_.empty(); }
  // Removes the token (and the derived store token) from this client's memory.
  void clearToken();

  int apiVersion() const { return apiVersion_; }  // 0 until negotiated
  void setApiVersion(int version) { apiVersion_ = version; }
  const std::optional<BuildInfo>& buildInfo() const { return buildInfo_; }

  // --- Session (§2, §3) ---
  void negotiate(Callback<BuildInfo> done);
  // Cookie login, then GET /api/auth/token; on success the client holds the personal token.
  void login(const std::string& email, const std::string& password, Callback<std::string> done);
  // Tells the server (best effort) and forgets the token locally either way.
  void logout(StatusCallback done);
  void currentUser(Callback<User> done);

  // --- Teams and folders (§4) ---
  void teams(Callback<std::vector<Team>> done);
  void folderTree(Callback<std::vector<Folder>> done);

  // --- Datasets (§5); anonymous calls see public datasets ---
  void datasets(const DatasetQuery& query, Callback<std::vector<DatasetInfo>> done);
  void dataset(const std::string& id, const std::string& sharingToken, Callback<DatasetInfo> done);
  void resolveDataset(const std::string& organization, const std::string& name, const std::string& sharingToken,
                      Callback<DatasetIdentity> done);
  void updateDataset(const std::string& id, const DatasetUpdate& update, Callback<DatasetInfo> done);
  void setDatasetTeams(const std::string& id, const std::vector<std::string>& teamIds,
                       Callback<std::vector<std::string>> done);
  void datasetSharingToken(const std::string& id, Callback<std::string> done);
  void revokeDatasetSharingToken(const std::string& id, StatusCallback done);

  // --- Annotations (§7). `typ` may be empty: it is then looked up with annotation(). ---
  void readableAnnotations(std::optional<bool> isFinished, Callback<std::vector<AnnotationInfo>> done);
  void annotation(const std::string& id, Callback<AnnotationInfo> done);
  void createExplorational(const std::string& datasetId, const std::vector<AnnotationLayerSpec>& layers,
                           Callback<AnnotationInfo> done);
  void uploadAnnotations(const std::vector<UploadFile>& files, const UploadOptions& options,
                         Callback<AnnotationRef> done);
  void downloadAnnotation(const std::string& id, const DownloadOptions& options, Callback<DownloadedFile> done);
  void duplicateAnnotation(const std::string& id, const std::string& typ, Callback<AnnotationInfo> done);
  void finishAnnotation(const std::string& id, const std::string& typ, Callback<AnnotationInfo> done);
  void reopenAnnotation(const std::string& id, const std::string& typ, Callback<AnnotationInfo> done);
  void editAnnotation(const std::string& id, const std::string& typ, const AnnotationEdit& edit, StatusCallback done);
  void annotationSharedTeams(const std::string& id, const std::string& typ, Callback<std::vector<Team>> done);
  void setAnnotationSharedTeams(const std::string& id, const std::string& typ, const std::vector<std::string>& teamIds,
                                Callback<std::vector<std::string>> done);

  // --- Zarr private links (§6.4); expiry in epoch ms, nullopt = never ---
  void zarrPrivateLinks(const std::string& annotationId, Callback<std::vector<ZarrPrivateLink>> done);
  void createZarrPrivateLink(const std::string& annotationId, std::optional<std::int64_t> expiry,
                             Callback<ZarrPrivateLink> done);
  void setZarrPrivateLinkExpiry(const std::string& linkId, std::optional<std::int64_t> expiry,
                                Callback<ZarrPrivateLink> done);
  void deleteZarrPrivateLink(const std::string& linkId, StatusCallback done);

  // --- Short links (§10; WkClientShortLinks.cpp). Creating one needs no login on webKnossos. ---
  void createShortLink(const std::string& longLink, Callback<ShortLinkInfo> done);
  void shortLink(const std::string& key, Callback<ShortLinkInfo> done);

  // --- Tracingstore save protocol (§8.2) ---
  void newestVersion(const std::string& tracingStoreUrl, const std::string& annotationId,
                     Callback<std::int64_t> done);
  // POSTs a JSON array of update groups. Not retried here: UpdateQueue owns the retry policy.
  void postUpdateGroups(const std::string& tracingStoreUrl, const std::string& annotationId,
                        const nlohmann::json& groups, StatusCallback done);

  // --- Low level ---
  struct ApiCall {
    QByteArray method = "GET";
    std::string path;  // below /api, e.g. "/datasets/<id>"
    std::vector<std::pair<std::string, std::string>> query;
    QByteArray body;
    QByteArray contentType;
    HeaderList headers;
    bool versioned = true;  // /api/vN/… (false: /api/…)
    bool sendToken = true;
    std::optional<bool> idempotent;
  };
  void call(ApiCall call, Callback<HttpResponse> done);
  void callJson(ApiCall call, Callback<nlohmann::json> done);
  // A request to a data or tracing store with the short-lived store token (refreshed on 403).
  void storeCall(const std::string& storeUrl, HttpRequest request, Callback<HttpResponse> done);

  // Error text with every secret this client holds replaced by "***".
  std::string scrub(std::string text) const;

 private:
  void withVersion(StatusCallback then);
  Status finishNegotiation(const Result<BuildInfo>& result);
  void storeToken(bool refresh, Callback<std::string> done);
  void storeAttempt(const std::string& storeUrl, HttpRequest request, int attempt, Callback<HttpResponse> done);
  void withAnnotationType(const std::string& id, const std::string& typ, Callback<std::string> then);
  Result<HttpResponse> checkResponse(const HttpRequest& request, HttpResponse response) const;
  std::string annotationPath(const std::string& typ, const std::string& id, const std::string& action) const;

  std::string serverUrl_;
  WkClientOptions options_;
  HttpTransport transport_;
  std::string token_;
  std::string storeToken_;
  int apiVersion_ = 0;
  std::optional<BuildInfo> buildInfo_;
  std::vector<StatusCallback> versionWaiters_;
  bool negotiating_ = false;
};

}  // namespace skein::client
