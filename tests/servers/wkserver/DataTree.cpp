#include "tests/servers/wkserver/DataTree.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QString>

namespace wk {

namespace {

Response notFound(const std::string& what) { return Response::error(404, "No data at " + what); }

// Segments of a request below a dataset: plain names only (no "..", no empty parts).
bool safeSegment(const QString& s) {
  static const QRegularExpression ok(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]*$|^\\.z(group|attrs|array)$"));
  return ok.match(s).hasMatch() && s != QLatin1String("..");
}

std::optional<QByteArray> readFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
  return f.readAll();
}

const json* findLayer(const json& dataset, const std::string& name) {
  const auto layers = dataset.find("dataLayers");
  if (layers == dataset.end() || !layers->is_array()) return nullptr;
  for (const json& l : *layers)
    if (l.is_object() && l.value("name", "") == name) return &l;
  return nullptr;
}

Response rawFile(const QByteArray& bytes) {
  Response r;
  r.contentType = "application/octet-stream";
  r.body = bytes;
  return r;
}

}  // namespace

std::string magKey(const json& mag) {
  if (!mag.is_array() || mag.size() != 3) return "1";
  const auto x = mag[0].get<long long>(), y = mag[1].get<long long>(), z = mag[2].get<long long>();
  if (x == y && y == z) return std::to_string(x);
  return std::to_string(x) + "-" + std::to_string(y) + "-" + std::to_string(z);
}

json zarrDatasource(const json& dataset) {
  json ds = {{"id", {{"name", dataset["directoryName"]}, {"team", dataset["organization"]}}},
             {"dataLayers", dataset.value("dataLayers", json::array())},
             {"scale", dataset.value("scale", json{{"factor", {11.24, 11.24, 28}}, {"unit", "nanometer"}})}};
  for (json& layer : ds["dataLayers"]) {
    layer["dataFormat"] = "zarr";
    const std::string name = layer.value("name", "");
    for (json& mag : layer["mags"]) mag["path"] = "./" + name + "/" + magKey(mag.value("mag", json::array()));
  }
  return ds;
}

Response serveDatasetTree(const json& dataset, const std::string& rest) {
  const QStringList parts = QString::fromStdString(rest).split('/', Qt::SkipEmptyParts);
  for (const QString& p : parts)
    if (!safeSegment(p)) return notFound(rest);
  if (parts == QStringList{".zgroup"}) return Response::ofJson({{"zarr_format", 2}});
  if (parts.isEmpty() || !dataset.contains("dataDir")) return notFound(rest);
  const json* layer = findLayer(dataset, parts[0].toStdString());
  if (!layer) return notFound(rest);
  const QString layerDir = QString::fromStdString(dataset["dataDir"].get<std::string>()) + "/" + parts[0];
  if (parts.size() == 2 && parts[1] == ".zgroup") return Response::ofJson({{"zarr_format", 2}});
  if (parts.size() == 2 && parts[1] == ".zattrs") {
    auto bytes = readFile(layerDir + "/.zattrs");
    return bytes ? rawFile(*bytes) : notFound(rest);
  }
  if (parts.size() != 3) return notFound(rest);
  bool knownMag = false;
  for (const json& m : layer->value("mags", json::array())) knownMag = knownMag || magKey(m.value("mag", json())) == parts[1].toStdString();
  if (!knownMag) return notFound(rest);
  const QString magDir = layerDir + "/" + parts[1];
  auto zarray = readFile(magDir + "/.zarray");
  if (!zarray) return notFound(rest);
  const json header = json::parse(zarray->toStdString(), nullptr, false);
  if (!header.is_object()) return Response::error(500, "unreadable .zarray of " + rest);
  if (parts[2] == ".zarray") {
    json answer = header;
    answer["dimension_separator"] = ".";
    return Response::ofJson(answer);
  }
  // A chunk key "0.1.2.3" is stored as 0/1/2/3 when the array uses "/" separators.
  static const QRegularExpression chunkKey(QStringLiteral("^\\d+(\\.\\d+)*$"));
  if (!chunkKey.match(parts[2]).hasMatch()) return notFound(rest);
  QString file = parts[2];
  if (header.value("dimension_separator", ".") == "/") file.replace('.', '/');
  auto bytes = readFile(magDir + "/" + file);
  return bytes ? rawFile(*bytes) : notFound(rest);
}

std::optional<json> readDatasource(const std::string& dataDir, std::string& error) {
  const QString path = QString::fromStdString(dataDir) + "/datasource-properties.json";
  auto bytes = readFile(path);
  if (!bytes) {
    error = "cannot read " + path.toStdString();
    return std::nullopt;
  }
  json ds = json::parse(bytes->toStdString(), nullptr, false);
  if (!ds.is_object() || !ds.contains("dataLayers") || !ds["dataLayers"].is_array()) {
    error = path.toStdString() + " is not a datasource (expected an object with dataLayers)";
    return std::nullopt;
  }
  return ds;
}

}  // namespace wk
