// Datasets backed by voxel data (--data-dir DIR, a directory from `skeinctl sample create DIR
// --format zarr`): "sample_public" (public) and "sample_private" (team_X1 only), both serving DIR.
#include "tests/servers/wkserver/DataTree.h"
#include "tests/servers/wkserver/WkServer.h"

#include <QDir>

namespace wk {

bool seedSampleDatasets(Store& store, const QString& dataDir, std::string& error) {
  const std::string dir = QDir(dataDir).absolutePath().toStdString();
  auto datasource = readDatasource(dir, error);
  if (!datasource) return false;
  auto put = [&](const std::string& id, const std::string& name, bool isPublic) {
    store.put("datasets", id,
              {{"id", id}, {"name", name}, {"directoryName", name}, {"organization", "Organization_X"},
               {"isPublic", isPublic}, {"isActive", true}, {"description", "skeinctl sample served from " + dir},
               {"folderId", "570b9f4e4bb848d0885ea917"}, {"tags", json::array()}, {"metadata", json::array()},
               {"allowedTeams", {"570b9f4b2a7c0e3b008da6ec"}}, {"sharingToken", nullptr}, {"created", 1700000000000LL},
               {"dataLayers", (*datasource)["dataLayers"]}, {"scale", datasource->value("scale", json())},
               {"dataDir", dir}});
  };
  put(kSamplePublicDatasetId, "sample_public", true);
  put(kSamplePrivateDatasetId, "sample_private", false);
  return true;
}

}  // namespace wk
