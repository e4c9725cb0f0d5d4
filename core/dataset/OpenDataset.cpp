#include "core/dataset/OpenDataset.h"

#include <QFileInfo>
#include <QString>

#include "core/dataset/DatasetSources.h"
#include "core/dataset/JsonRead.h"
#include "core/dataset/WebknossosProperties.h"
#include "core/store/StoreOpener.h"

namespace skein {

namespace {

constexpr const char* kPropertiesFile = "datasource-properties.json";

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Drops a query string and user:password@ so the stored location carries no credentials.
std::string withoutCredentials(std::string location) {
  if (auto q = location.find('?'); q != std::string::npos) location.erase(q);
  if (auto scheme = location.find("://"); scheme != std::string::npos) {
    const auto hostStart = scheme + 3;
    const auto slash = location.find('/', hostStart);
    const auto at = location.find('@', hostStart);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) location.erase(hostStart, at + 1 - hostStart);
  }
  return location;
}

Result<std::optional<Dataset>> tryOpenWebknossos(StorePtr store, const std::string& location) {
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, store->read(kPropertiesFile));
  if (!bytes) return std::optional<Dataset>{};
  const std::string what = store->describe(kPropertiesFile);
  SKEIN_ASSIGN_OR_RETURN(nlohmann::json j, parseJson(*bytes, what));
  SKEIN_ASSIGN_OR_RETURN(Dataset ds, parseDatasourceProperties(j, what));
  if (ds.name.empty()) ds.name = locationBaseName(location);
  return std::optional<Dataset>(std::move(ds));
}

}  // namespace

std::string locationBaseName(const std::string& location) {
  std::string s = withoutCredentials(location);
  while (!s.empty() && s.back() == '/') s.pop_back();
  const auto slash = s.rfind('/');
  std::string base = slash == std::string::npos ? s : s.substr(slash + 1);
  return base.empty() ? "dataset" : base;
}

Result<Dataset> openDatasetInStore(StorePtr store, const std::string& location) {
  const std::string name = locationBaseName(location);
  using Builder = Result<std::optional<Dataset>> (*)(StorePtr, const std::string&);
  const Builder builders[] = {&tryOpenWebknossos, &tryOpenOmeNgff, &tryOpenN5Multiscale, &tryOpenPrecomputed,
                              &tryOpenSingleArray};
  for (Builder build : builders) {
    SKEIN_ASSIGN_OR_RETURN(std::optional<Dataset> ds, build(store, name));
    if (!ds) continue;
    ds->location = withoutCredentials(location);
    ds->store = store;
    return std::move(*ds);
  }
  return makeError(ErrorCode::NotFound,
                   store->describe("") + " holds no dataset: found no datasource-properties.json, OME-NGFF "
                                         "multiscales, N5 multiscale group, precomputed info or array metadata");
}

Result<Dataset> openDataset(StoreOpener& opener, const std::string& location) {
  std::string loc = location;
  for (const char* file : {kPropertiesFile, "zarr.json", ".zattrs", ".zarray", "attributes.json"}) {
    const std::string suffix = std::string("/") + file;
    if (endsWith(loc, suffix)) {
      loc.erase(loc.size() - suffix.size());
      break;
    }
  }
  SKEIN_ASSIGN_OR_RETURN(ParsedLocation parsed, parseLocation(loc));
  if (parsed.kind != ParsedLocation::Kind::Http && !QFileInfo::exists(QString::fromStdString(parsed.path)))
    return makeError(ErrorCode::NotFound, parsed.path + " does not exist");
  SKEIN_ASSIGN_OR_RETURN(StorePtr store, opener.open(loc));
  return openDatasetInStore(store, loc);
}

}  // namespace skein
