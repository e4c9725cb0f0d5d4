// Seed data of the test server: one organization, three teams, two users, two datasets.
#include "tests/servers/wkserver/WkServer.h"

namespace wk {

namespace {

json layer(const std::string& name, const std::string& category, const std::string& elementClass,
           const std::string& directory) {
  json mags = json::array(), resolutions = json::array();
  for (const json& mag : {json{1, 1, 1}, json{2, 2, 1}, json{4, 4, 1}, json{8, 8, 2}, json{16, 16, 4}}) {
    const std::string key = mag[0] == 1 ? "1" : std::to_string(mag[0].get<int>()) + "-" + std::to_string(mag[1].get<int>()) +
                                                    "-" + std::to_string(mag[2].get<int>());
    mags.push_back({{"mag", mag}, {"path", "/srv/binaryData/Organization_X/" + directory + "/" + name + "/" + key},
                    {"axisOrder", {{"x", 1}, {"y", 2}, {"z", 3}, {"c", 0}}}});
    resolutions.push_back(mag);
  }
  json l = json::object();
  if (category == "segmentation") l["largestSegmentId"] = 2504697;
  l.update({{"name", name}, {"elementClass", elementClass}, {"category", category}, {"dataFormat", "zarr3"},
            {"resolutions", resolutions}, {"mags", mags}, {"numChannels", 1},
            {"boundingBox", {{"topLeft", {3072, 3072, 512}}, {"width", 1024}, {"height", 1024}, {"depth", 1024}}}});
  return l;
}

}  // namespace

void seed(Store& store, const std::string&) {
  if (store.get("users", "570b9f4d2a7c0e4d008da6ef")) return;  // a persistent database is seeded once
  const std::string org = "Organization_X";
  store.put("teams", "570b9f4b2a7c0e3b008da6ec",
            {{"id", "570b9f4b2a7c0e3b008da6ec"}, {"name", "team_X1"}, {"organization", org}, {"isOrganizationTeam", true}});
  store.put("teams", "69882b370d889b84020efd4f",
            {{"id", "69882b370d889b84020efd4f"}, {"name", "team_X2"}, {"organization", org}, {"isOrganizationTeam", false}});
  store.put("teams", "59882b370d889b84020efd3f",
            {{"id", "59882b370d889b84020efd3f"}, {"name", "team_X3"}, {"organization", org}, {"isOrganizationTeam", false}});

  // User A: dataset manager, in team_X1 (manager) and team_X3. User B: in team_X2 and team_X3.
  store.put("users", "570b9f4d2a7c0e4d008da6ef",
            {{"id", "570b9f4d2a7c0e4d008da6ef"}, {"email", "user_a@example.org"}, {"password", "secret"},
             {"firstName", "user_A"}, {"lastName", "last_A"}, {"organization", org}, {"isAdmin", false},
             {"isDatasetManager", true}, {"token", "token-user-a-0123456789abcdef"}, {"experiences", {{"abc", 5}}},
             {"teams", {{{"id", "570b9f4b2a7c0e3b008da6ec"}, {"isTeamManager", true}},
                        {{"id", "59882b370d889b84020efd3f"}, {"isTeamManager", false}}}}});
  store.put("users", "670b9f4d2a7c0e4d008da6f0",
            {{"id", "670b9f4d2a7c0e4d008da6f0"}, {"email", "user_b@example.org"}, {"password", "secret"},
             {"firstName", "user_B"}, {"lastName", "last_B"}, {"organization", org}, {"isAdmin", false},
             {"isDatasetManager", false}, {"token", "token-user-b-0123456789abcdef"},
             {"teams", {{{"id", "69882b370d889b84020efd4f"}, {"isTeamManager", false}},
                        {{"id", "59882b370d889b84020efd3f"}, {"isTeamManager", false}}}}});

  store.put("folders", "570b9f4e4bb848d0885ea917",
            {{"id", "570b9f4e4bb848d0885ea917"}, {"name", org}, {"parent", nullptr},
             {"metadata", {{{"key", "key"}, {"type", "number"}, {"value", 10}}}}, {"allowedTeams", json::array()}});
  store.put("folders", "570b9f4e4bb848d08880712a",
            {{"id", "570b9f4e4bb848d08880712a"}, {"name", "A subfolder!"}, {"parent", "570b9f4e4bb848d0885ea917"},
             {"metadata", json::array()}, {"allowedTeams", json::array()}});

  store.put("datasets", "59e9cfbdba632ac2ab8b23b5",
            {{"id", "59e9cfbdba632ac2ab8b23b5"}, {"name", "l4_sample"}, {"directoryName", "l4_sample"},
             {"organization", org}, {"isPublic", true}, {"isActive", true}, {"description", nullptr},
             {"folderId", "570b9f4e4bb848d0885ea917"}, {"tags", json::array()},
             {"metadata", {{{"key", "species"}, {"type", "string"}, {"value", "mouse"}}}},
             {"allowedTeams", {"570b9f4b2a7c0e3b008da6ec"}}, {"sharingToken", nullptr}, {"created", 1508495293789LL},
             {"dataLayers", {layer("color", "color", "uint8", "l4_sample"),
                             layer("segmentation", "segmentation", "uint32", "l4_sample")}},
             {"scale", {{"factor", {11.239999771118164, 11.239999771118164, 28}}, {"unit", "nanometer"}}}});
  store.put("datasets", "69a0c7fbd10000c2de2cc07d",
            {{"id", "69a0c7fbd10000c2de2cc07d"}, {"name", "private_sample"}, {"directoryName", "private_sample"},
             {"organization", org}, {"isPublic", false}, {"isActive", true}, {"description", "only team_X1"},
             {"folderId", "570b9f4e4bb848d08880712a"}, {"tags", json::array()}, {"metadata", json::array()},
             {"allowedTeams", {"570b9f4b2a7c0e3b008da6ec"}}, {"sharingToken", nullptr}, {"created", 1600000000000LL},
             {"dataLayers", {layer("color", "color", "uint8", "private_sample")}},
             {"scale", {{"factor", {8, 8, 30}}, {"unit", "nanometer"}}}});
}

}  // namespace wk
