#pragma once
// The dataset list the client benchmarks parse: N entries in the shape of the recorded v12 answer
// (GET /api/v12/datasets, full form with dataSource, ≈2.8 KB per entry).
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace skein::bench {

using nlohmann::json;

inline json layer(const std::string& name, const std::string& category, const std::string& elementClass) {
  json mags = json::array(), resolutions = json::array();
  for (const json& mag : {json{1, 1, 1}, json{2, 2, 1}, json{4, 4, 1}, json{8, 8, 2}, json{16, 16, 4}}) {
    mags.push_back({{"mag", mag}, {"path", "/srv/binaryData/Organization_X/l4_sample/" + name + "/" + mag.dump()},
                    {"axisOrder", {{"x", 1}, {"y", 2}, {"z", 3}, {"c", 0}}}});
    resolutions.push_back(mag);
  }
  json l = {{"name", name}, {"elementClass", elementClass}, {"category", category}, {"dataFormat", "zarr3"},
            {"resolutions", resolutions}, {"mags", mags}, {"numChannels", 1},
            {"boundingBox", {{"topLeft", {3072, 3072, 512}}, {"width", 1024}, {"height", 1024}, {"depth", 1024}}}};
  if (category == "segmentation") l["largestSegmentId"] = 2504697;
  return l;
}

inline json entry(int i) {
  const json team = {{"id", "570b9f4b2a7c0e3b008da6ec"}, {"name", "team_X1"}, {"organization", "Organization_X"},
                     {"isOrganizationTeam", true}};
  char id[25];
  std::snprintf(id, sizeof id, "%024x", i);
  return {{"id", id},
          {"name", "dataset_" + std::to_string(i)},
          {"dataSource", {{"id", {{"name", "dataset_" + std::to_string(i)}, {"team", "Organization_X"}}},
                          {"dataLayers", {layer("color", "color", "uint8"), layer("segmentation", "segmentation", "uint32")}},
                          {"scale", {{"factor", {11.239999771118164, 11.239999771118164, 28}}, {"unit", "nanometer"}}}}},
          {"dataStore", {{"name", "localhost"}, {"url", "http://localhost:9000"}, {"allowsUpload", true},
                         {"jobsSupportedByAvailableWorkers", json::array()}, {"jobsEnabled", false}}},
          {"owningOrganization", "Organization_X"},
          {"allowedTeams", {team}},
          {"allowedTeamsCumulative", {team}},
          {"isActive", true},
          {"isPublic", i % 2 == 0},
          {"description", nullptr},
          {"directoryName", "dataset_" + std::to_string(i)},
          {"created", 1508495293789LL},
          {"isEditable", true},
          {"lastUsedByUser", 0},
          {"logoUrl", "/assets/images/mpi-logos.svg"},
          {"sortingKey", 1508495293789LL},
          {"metadata", {{{"key", "species"}, {"type", "string"}, {"value", "mouse"}}}},
          {"isUnreported", false},
          {"tags", json::array()},
          {"folderId", "570b9f4e4bb848d0885ea917"},
          {"usedStorageBytes", 1196171402LL},
          {"isVirtual", false}};
}

inline std::string datasetListText(int n) {
  json list = json::array();
  for (int i = 0; i < n; ++i) list.push_back(entry(i));
  return list.dump();
}

}  // namespace skein::bench
