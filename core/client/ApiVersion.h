#pragma once
// HTTP API version negotiation and the version-dependent paths (specs/webknossos-api.md §2, §6).

#include <string>

#include "core/base/Result.h"

namespace skein::client {

constexpr int kOldestClientApiVersion = 9;   // datasets by ObjectId on /api
constexpr int kNewestClientApiVersion = 16;  // compact dataset lists

// min(server current, client newest), provided it is ≥ max(server oldest, client oldest);
// otherwise an Unsupported error that names both ranges.
Result<int> negotiateApiVersion(int serverCurrent, int serverOldest, int clientOldest = kOldestClientApiVersion,
                                int clientNewest = kNewestClientApiVersion);

// One percent-encoded path segment (ids and names from user input never add path levels).
std::string urlSegment(const std::string& text);

// "/api/v12" + path (path starts with '/').
std::string apiPath(int version, const std::string& path);

// Where a dataset lives on the datastore: v10+ address it by id, v9 and older by
// organization/directoryName. Returns e.g. "/data/v12/zarr/<id>" or "/data/v9/zarr/<org>/<dir>".
struct DatasetAddress {
  std::string id;
  std::string organization;
  std::string directoryName;
};
bool datastoreUsesDatasetId(int version);
std::string datastoreDatasetPath(int version, const DatasetAddress& dataset);  // …/datasets/<…>
std::string datastoreZarrPath(int version, const DatasetAddress& dataset);     // …/zarr/<…>

// The address users see for a Zarr private link: <datastore>/data/annotations/zarr/<token>/<layer>.
std::string zarrPrivateLinkUrl(const std::string& datastoreUrl, const std::string& accessToken,
                               const std::string& layerName);

}  // namespace skein::client
