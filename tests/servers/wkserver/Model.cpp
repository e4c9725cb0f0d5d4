#include "tests/servers/wkserver/Model.h"

#include <QDateTime>

#include <algorithm>

namespace wk {

long long nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

bool inTeam(const OptUser& user, const std::string& teamId) {
  if (!user) return false;
  for (const json& t : user->value("teams", json::array()))
    if (t.value("id", "") == teamId) return true;
  return false;
}

bool isOwner(const json& annotation, const OptUser& user) {
  return user && annotation.value("ownerId", "") == user->value("id", "");
}

bool canReadDataset(Store& store, const json& dataset, const OptUser& user, const std::string& sharingToken) {
  if (dataset.value("isPublic", false)) return true;
  if (!sharingToken.empty() && dataset.value("sharingToken", json()).is_string() &&
      dataset["sharingToken"].get<std::string>() == sharingToken)
    return true;
  if (!user) return false;
  if (user->value("isAdmin", false) || user->value("isDatasetManager", false)) return true;
  std::vector<std::string> teams;
  for (const json& t : dataset.value("allowedTeams", json::array())) teams.push_back(t.get<std::string>());
  // Teams of the dataset's folder count too (allowedTeamsCumulative).
  if (auto folder = store.get("folders", dataset.value("folderId", "")))
    for (const json& t : folder->value("allowedTeams", json::array())) teams.push_back(t.get<std::string>());
  return std::any_of(teams.begin(), teams.end(), [&](const std::string& t) { return inTeam(user, t); });
}

bool canEditDataset(const json&, const OptUser& user) {
  return user && (user->value("isAdmin", false) || user->value("isDatasetManager", false));
}

bool canReadAnnotation(const json& annotation, const OptUser& user) {
  if (isOwner(annotation, user)) return true;
  const std::string visibility = annotation.value("visibility", "Internal");
  if (visibility == "Public") return true;
  if (visibility == "Private") return false;
  return user.has_value();  // Internal: every member of the (single) organization
}

bool canUpdateAnnotation(const json& annotation, const OptUser& user) {
  return isOwner(annotation, user) && annotation.value("state", "Active") == "Active";
}

json teamJson(const json& team) {
  return {{"id", team["id"]}, {"name", team["name"]}, {"organization", team["organization"]},
          {"isOrganizationTeam", team["isOrganizationTeam"]}};
}

json teamsJson(Store& store, const json& teamIds) {
  json out = json::array();
  for (const json& id : teamIds)
    if (auto team = store.get("teams", id.get<std::string>())) out.push_back(teamJson(*team));
  return out;
}

static json memberships(Store& store, const json& user) {
  json out = json::array();
  for (const json& t : user.value("teams", json::array()))
    if (auto team = store.get("teams", t["id"].get<std::string>()))
      out.push_back({{"id", t["id"]}, {"name", (*team)["name"]}, {"isTeamManager", t.value("isTeamManager", false)}});
  return out;
}

json userJson(Store& store, const json& u) {
  return {{"id", u["id"]},
          {"email", u["email"]},
          {"firstName", u["firstName"]},
          {"lastName", u["lastName"]},
          {"isAdmin", u.value("isAdmin", false)},
          {"isOrganizationOwner", u.value("isAdmin", false)},
          {"isDatasetManager", u.value("isDatasetManager", false)},
          {"isActive", true},
          {"teams", memberships(store, u)},
          {"experiences", u.value("experiences", json::object())},
          {"lastActivity", nowMs()},
          {"isAnonymous", false},
          {"isEditable", true},
          {"organization", u["organization"]},
          {"novelUserExperienceInfos", json::object()},
          {"selectedTheme", "auto"},
          {"created", u.value("created", 1460379469000LL)},
          {"lastTaskTypeId", nullptr},
          {"isSuperUser", false},
          {"isEmailVerified", true},
          {"isUnlisted", false},
          {"isGuest", false}};
}

json ownerJson(Store& store, const json& u) {
  return {{"id", u["id"]},
          {"email", u["email"]},
          {"firstName", u["firstName"]},
          {"lastName", u["lastName"]},
          {"isAdmin", u.value("isAdmin", false)},
          {"isDatasetManager", u.value("isDatasetManager", false)},
          {"isAnonymous", false},
          {"teams", memberships(store, u)}};
}

json folderJson(Store& store, const json& f) {
  json cumulative = f.value("allowedTeams", json::array());
  for (auto parent = f.value("parent", json()); parent.is_string();) {
    auto p = store.get("folders", parent.get<std::string>());
    if (!p) break;
    for (const json& t : p->value("allowedTeams", json::array()))
      if (std::find(cumulative.begin(), cumulative.end(), t) == cumulative.end()) cumulative.push_back(t);
    parent = p->value("parent", json());
  }
  return {{"id", f["id"]},
          {"name", f["name"]},
          {"metadata", f.value("metadata", json::array())},
          {"allowedTeams", teamsJson(store, f.value("allowedTeams", json::array()))},
          {"allowedTeamsCumulative", teamsJson(store, cumulative)},
          {"isEditable", true}};
}

json folderTreeEntry(const json& f) {
  return {{"id", f["id"]}, {"name", f["name"]}, {"parent", f.value("parent", json())},
          {"metadata", f.value("metadata", json::array())}, {"isEditable", true}};
}

json dataSourceJson(const json& d) {
  return {{"id", {{"name", d["directoryName"]}, {"team", d["organization"]}}},
          {"dataLayers", d.value("dataLayers", json::array())},
          {"scale", d.value("scale", json{{"factor", {11.24, 11.24, 28}}, {"unit", "nanometer"}})}};
}

json datasetJson(Store& store, const json& d, const OptUser& user, const std::string& baseUrl) {
  json cumulative = d.value("allowedTeams", json::array());
  if (auto folder = store.get("folders", d.value("folderId", ""))) {
    // Kept in a local: a range-for over a member of a temporary would read freed memory.
    const json folderView = folderJson(store, *folder);
    for (const json& t : folderView["allowedTeamsCumulative"])
      if (std::find(cumulative.begin(), cumulative.end(), t["id"]) == cumulative.end()) cumulative.push_back(t["id"]);
  }
  return {{"id", d["id"]},
          {"name", d["name"]},
          {"dataSource", dataSourceJson(d)},
          {"dataStore", {{"name", "localhost"}, {"url", baseUrl}, {"allowsUpload", true},
                         {"jobsSupportedByAvailableWorkers", json::array()}, {"jobsEnabled", false}}},
          {"owningOrganization", d["organization"]},
          {"allowedTeams", teamsJson(store, d.value("allowedTeams", json::array()))},
          {"allowedTeamsCumulative", teamsJson(store, cumulative)},
          {"isActive", d.value("isActive", true)},
          {"isPublic", d.value("isPublic", false)},
          {"description", d.value("description", json())},
          {"directoryName", d["directoryName"]},
          {"created", d.value("created", 1508495293789LL)},
          {"isEditable", canEditDataset(d, user)},
          {"lastUsedByUser", 0},
          {"logoUrl", "/assets/images/mpi-logos.svg"},
          {"sortingKey", d.value("created", 1508495293789LL)},
          {"metadata", d.value("metadata", json::array())},
          {"isUnreported", false},
          {"tags", d.value("tags", json::array())},
          {"folderId", d["folderId"]},
          {"usedStorageBytes", 0},
          {"isVirtual", false}};
}

json datasetCompactJson(const json& d, const OptUser& user) {
  json color = json::array(), segmentation = json::array();
  for (const json& l : d.value("dataLayers", json::array()))
    (l.value("category", "") == "segmentation" ? segmentation : color).push_back(l["name"]);
  return {{"id", d["id"]}, {"name", d["name"]}, {"owningOrganization", d["organization"]}, {"folderId", d["folderId"]},
          {"isActive", d.value("isActive", true)}, {"directoryName", d["directoryName"]},
          {"created", d.value("created", 0LL)}, {"isEditable", canEditDataset(d, user)}, {"lastUsedByUser", 0},
          {"status", ""}, {"tags", d.value("tags", json::array())}, {"isUnreported", false},
          {"colorLayerNames", color}, {"segmentationLayerNames", segmentation}, {"usedStorageBytes", 0},
          {"thumbnailCacheVersion", nullptr}};
}

static json layersJson(const json& a) {
  json out = json::array();
  for (const json& l : a.value("layers", json::array()))
    out.push_back({{"tracingId", l["tracingId"]}, {"typ", l["typ"]}, {"name", l["name"]},
                   {"stats", l["typ"] == "Skeleton" ? json{{"edgeCount", 0}, {"nodeCount", 0}, {"treeCount", 0},
                                                           {"branchPointCount", 0}}
                                                     : json::object()}});
  return out;
}

json annotationJson(Store& store, const json& a, const OptUser& user, const std::string& baseUrl) {
  const auto owner = store.get("users", a.value("ownerId", ""));
  const auto dataset = store.get("datasets", a.value("datasetId", ""));
  const bool update = canUpdateAnnotation(a, user);
  const json ownerObject = owner ? ownerJson(store, *owner) : json(nullptr);
  return {{"modified", a.value("modified", 0LL)},
          {"state", a.value("state", "Active")},
          {"isLockedByOwner", false},
          {"id", a["id"]},
          {"name", a.value("name", "")},
          {"description", a.value("description", "")},
          {"viewConfiguration", nullptr},
          {"typ", a.value("typ", "Explorational")},
          {"task", nullptr},
          {"stats", json::object()},
          {"restrictions", {{"allowAccess", canReadAnnotation(a, user)}, {"allowUpdate", update},
                            {"allowFinish", update}, {"allowDownload", canReadAnnotation(a, user)}}},
          {"annotationLayers", layersJson(a)},
          {"datasetId", a["datasetId"]},
          {"dataSetName", dataset ? (*dataset)["name"] : json("")},
          {"organization", dataset ? (*dataset)["organization"] : json("")},
          {"dataStore", {{"name", "localhost"}, {"url", baseUrl}, {"allowsUpload", true},
                         {"jobsSupportedByAvailableWorkers", json::array()}, {"jobsEnabled", false}}},
          {"tracingStore", {{"name", "localhost"}, {"url", baseUrl}}},
          {"visibility", a.value("visibility", "Internal")},
          {"settings", {{"allowedModes", {"orthogonal", "oblique", "flight"}}, {"branchPointsAllowed", true},
                        {"somaClickingAllowed", true}, {"volumeInterpolationAllowed", true}, {"mergerMode", false},
                        {"magRestrictions", json::object()}}},
          {"tracingTime", nullptr},
          {"teams", teamsJson(store, a.value("teams", json::array()))},
          {"tags", a.value("tags", json::array())},
          {"user", ownerObject},
          {"owner", ownerObject},
          {"contributors", json::array()},
          {"othersMayEdit", false}};
}

json annotationCompactJson(Store& store, const json& a) {
  const auto owner = store.get("users", a.value("ownerId", ""));
  const auto dataset = store.get("datasets", a.value("datasetId", ""));
  return {{"modified", a.value("modified", 0LL)},
          {"state", a.value("state", "Active")},
          {"id", a["id"]},
          {"name", a.value("name", "")},
          {"description", a.value("description", "")},
          {"typ", a.value("typ", "Explorational")},
          {"stats", json::object()},
          {"isLockedByOwner", false},
          {"annotationLayers", layersJson(a)},
          {"dataSetName", dataset ? (*dataset)["name"] : json("")},
          {"organization", dataset ? (*dataset)["organization"] : json("")},
          {"visibility", a.value("visibility", "Internal")},
          {"tracingTime", 0},
          {"teams", teamsJson(store, a.value("teams", json::array()))},
          {"tags", a.value("tags", json::array())},
          {"owner", owner ? json{{"id", (*owner)["id"]}, {"firstName", (*owner)["firstName"]}, {"lastName", (*owner)["lastName"]}}
                          : json(nullptr)},
          {"othersMayEdit", false}};
}

json zarrLinkJson(const json& l) {
  return {{"id", l["id"]}, {"annotation", l["annotation"]}, {"accessToken", l["accessToken"]},
          {"expirationDateTime", l.value("expirationDateTime", json())}};
}

}  // namespace wk
