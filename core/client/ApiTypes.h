#pragma once
// Plain values for what the webKnossos API returns (specs/webknossos-api.md §2–§7). Each keeps the
// fields the client acts on; objects fetched one at a time also keep the server's JSON (`raw`) so
// nothing is lost when a caller or `skeinctl --json` needs more.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/Vec3.h"

namespace skein::client {

struct BuildInfo {
  std::string name;        // "webknossos"
  std::string version;
  std::string commitHash;
  std::string commitDate;
  int schemaVersion = 0;
  int currentApiVersion = 0;
  int oldestSupportedApiVersion = 0;
  bool localDataStoreEnabled = false;
  bool localTracingStoreEnabled = false;
};

struct TeamMembership {
  std::string id;
  std::string name;
  bool isTeamManager = false;
};

struct User {
  std::string id;
  std::string email;
  std::string firstName;
  std::string lastName;
  std::string organization;
  bool isAdmin = false;
  bool isDatasetManager = false;
  bool isOrganizationOwner = false;
  std::vector<TeamMembership> teams;
  nlohmann::json raw;
};

struct Team {
  std::string id;
  std::string name;
  std::string organization;
  bool isOrganizationTeam = false;
};

struct Folder {
  std::string id;
  std::string name;
  std::optional<std::string> parent;  // null for the organization's root folder
  bool isEditable = false;
  nlohmann::json metadata = nlohmann::json::array();
};

struct DataStoreRef {
  std::string name;
  std::string url;
};

struct DatasetLayerInfo {
  std::string name;
  std::string category;      // "color" | "segmentation"
  std::string elementClass;  // "uint8", …
  std::string dataFormat;    // "wkw", "zarr", "zarr3", …
  Box3i boundingBox;
  std::vector<Vec3i> mags;
};

// One dataset; list entries fill the summary fields, details add layers, store and raw JSON.
struct DatasetInfo {
  std::string id;
  std::string name;
  std::string directoryName;
  std::string owningOrganization;
  std::optional<std::string> description;
  std::string folderId;
  bool isActive = false;
  bool isPublic = false;
  bool isEditable = false;
  std::int64_t created = 0;
  std::vector<std::string> tags;
  std::vector<Team> allowedTeams;
  std::vector<std::string> colorLayerNames;
  std::vector<std::string> segmentationLayerNames;
  DataStoreRef dataStore;
  std::vector<DatasetLayerInfo> layers;  // from dataSource; empty in list entries (names above)
  Vec3d voxelSize{1, 1, 1};
  std::string voxelUnit;
  nlohmann::json raw;  // details only (lists leave it null to stay lean)
};

// The answer to GET /api/datasets/disambiguate/:org/:name/toId.
struct DatasetIdentity {
  std::string id;
  std::string name;
  std::string organization;
  std::string directoryName;
};

enum class Visibility { Private, Internal, Public };
const char* visibilityName(Visibility v);  // "Private", "Internal", "Public"
std::optional<Visibility> visibilityFromName(const std::string& name);  // case-insensitive

struct AnnotationLayerInfo {
  std::string tracingId;
  std::string typ;  // "Skeleton" | "Volume"
  std::string name;
};

struct AnnotationRestrictions {
  bool allowAccess = false;
  bool allowUpdate = false;
  bool allowFinish = false;
  bool allowDownload = false;
};

struct UserCompact {
  std::string id;
  std::string firstName;
  std::string lastName;
  std::string email;  // absent in list entries
};

struct AnnotationInfo {
  std::string id;
  std::string typ;    // "Explorational", "Task", …
  std::string state;  // "Active", "Finished", …
  std::string name;
  std::string description;
  Visibility visibility = Visibility::Internal;
  std::string datasetId;    // absent in pre-2026 list entries
  std::string datasetName;  // "dataSetName"
  std::string organization;
  std::int64_t modified = 0;
  std::vector<std::string> tags;
  std::vector<Team> teams;
  std::vector<AnnotationLayerInfo> layers;
  UserCompact owner;
  AnnotationRestrictions restrictions;  // details only
  DataStoreRef dataStore;               // details only
  DataStoreRef tracingStore;            // details only
  bool othersMayEdit = false;
  nlohmann::json raw;
};

// {"annotation":{"typ","id"}} of an upload answer.
struct AnnotationRef {
  std::string typ;
  std::string id;
};

struct ZarrPrivateLink {
  std::string id;
  std::string annotation;
  std::string accessToken;
  std::optional<std::int64_t> expirationDateTime;  // epoch ms; nullopt = never expires
};

}  // namespace skein::client
