#include "core/client/ApiVersion.h"

#include <QUrl>

#include <algorithm>

namespace skein::client {

namespace {
std::string encodeSegment(const std::string& s) {
  return QUrl::toPercentEncoding(QString::fromStdString(s)).toStdString();
}
std::string trimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}
}  // namespace

std::string urlSegment(const std::string& text) { return encodeSegment(text); }

Result<int> negotiateApiVersion(int serverCurrent, int serverOldest, int clientOldest, int clientNewest) {
  if (serverCurrent <= 0)
    return makeError(ErrorCode::InvalidData, "the server did not report its HTTP API version (buildinfo)");
  if (serverOldest <= 0 || serverOldest > serverCurrent) serverOldest = serverCurrent;
  const int chosen = std::min(serverCurrent, clientNewest);
  if (chosen < std::max(serverOldest, clientOldest))
    return makeError(ErrorCode::Unsupported,
                     "the server speaks HTTP API v" + std::to_string(serverOldest) + "…v" +
                         std::to_string(serverCurrent) + " but this client speaks v" + std::to_string(clientOldest) +
                         "…v" + std::to_string(clientNewest) + "; update " +
                         (serverCurrent < clientOldest ? "the server" : "Skein"));
  return chosen;
}

std::string apiPath(int version, const std::string& path) { return "/api/v" + std::to_string(version) + path; }

bool datastoreUsesDatasetId(int version) { return version >= 10; }

static std::string datasetSegment(int version, const DatasetAddress& d) {
  return datastoreUsesDatasetId(version) ? encodeSegment(d.id)
                                         : encodeSegment(d.organization) + "/" + encodeSegment(d.directoryName);
}

std::string datastoreDatasetPath(int version, const DatasetAddress& d) {
  return "/data/v" + std::to_string(version) + "/datasets/" + datasetSegment(version, d);
}

std::string datastoreZarrPath(int version, const DatasetAddress& d) {
  return "/data/v" + std::to_string(version) + "/zarr/" + datasetSegment(version, d);
}

std::string zarrPrivateLinkUrl(const std::string& datastoreUrl, const std::string& accessToken,
                               const std::string& layerName) {
  std::string url = trimSlash(datastoreUrl) + "/data/annotations/zarr/" + encodeSegment(accessToken);
  if (!layerName.empty()) url += "/" + encodeSegment(layerName);
  return url;
}

}  // namespace skein::client
