#include "core/client/ShareLink.h"

#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace skein::client {

using nlohmann::json;

namespace {

constexpr std::array<const char*, 3> kModeNames = {"orthogonal", "flight", "oblique"};

Error linkError(const std::string& message) { return makeError(ErrorCode::InvalidArgument, message); }

bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Shortest text that reads back as the same double; integers without a decimal point.
std::string formatNumber(double v) {
  if (!std::isfinite(v)) return "0";
  if (v == std::floor(v) && std::fabs(v) < 9e15) return std::to_string(static_cast<long long>(v));
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

double roundTo(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

json numberJson(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

json vecJson(const Vec3d& v) { return json::array({numberJson(v.x), numberJson(v.y), numberJson(v.z)}); }

Result<Vec3d> vecFromJson(const json& j, const char* key) {
  if (!j.is_array() || j.size() != 3 || !j[0].is_number() || !j[1].is_number() || !j[2].is_number())
    return linkError(std::string("link hash: \"") + key + "\" must be an array of three numbers");
  return Vec3d{j[0].get<double>(), j[1].get<double>(), j[2].get<double>()};
}

// Parses a number as JavaScript's Number() would for the CSV hash: non-numeric text is 0.
double csvNumber(const std::string& text) {
  double v = 0;
  const char* b = text.data();
  const char* e = b + text.size();
  while (b < e && *b == ' ') ++b;
  if (b < e && *b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || ptr != e || !std::isfinite(v)) return 0;
  return v;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  for (;;) {
    auto pos = text.find(sep, start);
    parts.push_back(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return parts;
}

Result<ViewState> parseJsonHash(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return linkError("link hash: expected a JSON object after '#', got text that is not valid JSON");
  ViewState view;
  try {
    if (auto it = j.find("position"); it != j.end() && !it->is_null()) {
      SKEIN_ASSIGN_OR_RETURN(view.position, vecFromJson(*it, "position"));
    }
    if (auto it = j.find("rotation"); it != j.end() && !it->is_null()) {
      SKEIN_ASSIGN_OR_RETURN(view.rotation, vecFromJson(*it, "rotation"));
    }
    if (auto it = j.find("mode"); it != j.end() && !it->is_null()) {
      if (!it->is_string()) return linkError("link hash: \"mode\" must be a string");
      view.mode = viewModeFromName(it->get<std::string>());
      if (!view.mode) return linkError("link hash: unknown mode \"" + it->get<std::string>() + "\"");
    }
    if (auto it = j.find("zoomStep"); it != j.end() && !it->is_null()) {
      if (!it->is_number() || it->get<double>() <= 0)
        return linkError("link hash: \"zoomStep\" must be a positive number");
      view.zoomStep = it->get<double>();
    }
    if (auto it = j.find("activeNode"); it != j.end() && !it->is_null()) {
      if (!it->is_number_integer()) return linkError("link hash: \"activeNode\" must be an integer");
      view.activeNode = it->get<std::int64_t>();
    }
    if (auto it = j.find("additionalCoordinates"); it != j.end() && !it->is_null()) {
      if (!it->is_array()) return linkError("link hash: \"additionalCoordinates\" must be an array");
      for (const json& c : *it) {
        if (!c.is_object() || !c.value("name", json()).is_string() || !c.value("value", json()).is_number())
          return linkError("link hash: each additional coordinate needs a string \"name\" and a number \"value\"");
        view.additionalCoordinates.push_back({c["name"].get<std::string>(), c["value"].get<double>()});
      }
    }
    if (auto it = j.find("stateByLayer"); it != j.end() && !it->is_null()) {
      if (!it->is_object()) return linkError("link hash: \"stateByLayer\" must be an object");
      for (const auto& [name, state] : it->items()) {
        if (!state.is_object()) return linkError("link hash: the state of layer \"" + name + "\" must be an object");
        LayerViewState layer;
        json other = state;
        if (auto d = other.find("isDisabled"); d != other.end()) {
          if (!d->is_boolean()) return linkError("link hash: \"isDisabled\" of layer \"" + name + "\" must be true or false");
          layer.isDisabled = d->get<bool>();
          other.erase(d);
        }
        if (!other.empty()) layer.otherJson = other.dump();
        view.layers[name] = layer;
      }
    }
  } catch (const json::exception& e) {
    return linkError(std::string("link hash: ") + e.what());
  }
  return view;
}

// "#activeNode=12" or "#position=1,2,3" (webKnossos comment links).
Result<ViewState> parseKeyValueHash(const std::string& text) {
  const auto eq = text.find('=');
  const std::string key = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  ViewState view;
  if (key == "activeNode") {
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
    if (ec != std::errc() || ptr != value.data() + value.size())
      return linkError("link hash: activeNode=\"" + value + "\" is not an integer node id");
    view.activeNode = id;
    return view;
  }
  if (key == "position") {
    const auto parts = split(value, ',');
    if (parts.size() != 3) return linkError("link hash: position= needs three comma-separated numbers");
    view.position = Vec3d{std::floor(csvNumber(parts[0])), std::floor(csvNumber(parts[1])),
                          std::floor(csvNumber(parts[2]))};
    return view;
  }
  return linkError("link hash: unknown key \"" + key + "\" (expected activeNode= or position=)");
}

// x,y,z,modeIndex,zoomStep[,rotX,rotY,rotZ][,activeNode][,pos-<axis>=<value>]*
Result<ViewState> parseCsvHash(const std::string& text) {
  std::vector<double> values;
  ViewState view;
  for (const std::string& field : split(text, ',')) {
    if (field.rfind("pos-", 0) == 0 && field.find('=') != std::string::npos) {
      const auto eq = field.find('=');
      view.additionalCoordinates.push_back({field.substr(4, eq - 4), csvNumber(field.substr(eq + 1))});
    } else {
      values.push_back(csvNumber(field));
    }
  }
  if (values.size() < 5)
    return linkError("link hash: expected at least 5 comma-separated values (x,y,z,mode,zoom), got " +
                     std::to_string(values.size()));
  view.position = Vec3d{std::floor(values[0]), std::floor(values[1]), std::floor(values[2])};
  const double modeIndex = values[3];
  view.mode = (modeIndex == 1) ? ViewMode::Flight : (modeIndex == 2) ? ViewMode::Oblique : ViewMode::Orthogonal;
  view.zoomStep = values[4] == 0 ? 1.0 : roundTo(values[4], 3);
  if (values.size() >= 8) {
    view.rotation = Vec3d{roundTo(values[5], 2), roundTo(values[6], 2), roundTo(values[7], 2)};
    if (values.size() >= 9) view.activeNode = static_cast<std::int64_t>(values[8]);
  } else if (values.size() >= 6) {
    view.activeNode = static_cast<std::int64_t>(values[5]);
  }
  return view;
}

std::string decodeSegment(const QString& encoded) {
  return QUrl::fromPercentEncoding(encoded.toUtf8()).toStdString();
}

bool isDatasetAction(const QString& segment) {
  return segment == "view" || segment == "edit" || segment == "sandbox" || segment == "createExplorative";
}

// "<name>-<id>" (the id follows the last '-') or a bare "<id>".
Result<ShareLink> parseNewDatasetSegment(const std::string& segment, ShareLink link) {
  const auto dash = segment.rfind('-');
  const std::string id = dash == std::string::npos ? segment : segment.substr(dash + 1);
  if (!isObjectId(id))
    return linkError("dataset link: \"" + segment + "\" does not end in a 24-character dataset id");
  link.kind = ShareLinkKind::Dataset;
  link.datasetId = id;
  link.datasetName = dash == std::string::npos ? std::string() : segment.substr(0, dash);
  return link;
}

}  // namespace

const char* viewModeName(ViewMode mode) { return kModeNames[static_cast<int>(mode)]; }

std::optional<ViewMode> viewModeFromName(const std::string& name) {
  for (std::size_t i = 0; i < kModeNames.size(); ++i)
    if (name == kModeNames[i]) return static_cast<ViewMode>(i);
  return std::nullopt;
}

const char* shareLinkKindName(ShareLinkKind kind) {
  switch (kind) {
    case ShareLinkKind::Dataset: return "dataset";
    case ShareLinkKind::LegacyDataset: return "legacyDataset";
    case ShareLinkKind::Annotation: return "annotation";
    case ShareLinkKind::ShortLink: return "shortLink";
  }
  return "unknown";
}

bool ViewState::empty() const {
  return !position && !mode && !zoomStep && !rotation && !activeNode && additionalCoordinates.empty() &&
         layers.empty();
}

bool isObjectId(const std::string& text) {
  if (text.size() != 24) return false;
  for (char c : text)
    if (!isHex(c)) return false;
  return true;
}

Result<ViewState> parseViewHash(const std::string& decodedHash) {
  std::string text = decodedHash;
  if (!text.empty() && text.front() == '#') text.erase(0, 1);
  if (text.empty()) return ViewState{};
  if (text.find('{') != std::string::npos) return parseJsonHash(text);
  if (split(text, ',').front().find('=') != std::string::npos) return parseKeyValueHash(text);
  return parseCsvHash(text);
}

Result<ShareLink> parseShareLink(const std::string& url) {
  const QUrl qurl(QString::fromStdString(url), QUrl::TolerantMode);
  if (!qurl.isValid() || (qurl.scheme() != "http" && qurl.scheme() != "https") || qurl.host().isEmpty())
    return linkError("\"" + url + "\" is not an http(s) link to a webKnossos server");

  const QStringList segments = qurl.path(QUrl::FullyEncoded).split('/', Qt::SkipEmptyParts);
  qsizetype anchor = -1;
  for (qsizetype i = 0; i < segments.size(); ++i) {
    if (segments[i] == "datasets" || segments[i] == "annotations" || segments[i] == "links") {
      anchor = i;
      break;
    }
  }
  if (anchor < 0 || anchor + 1 >= segments.size())
    return linkError("\"" + url + "\" is not a dataset, annotation or short link (expected /datasets/…, "
                     "/annotations/… or /links/…)");

  ShareLink link;
  QUrl base = qurl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemovePath | QUrl::RemoveUserInfo);
  QString prefix;
  for (qsizetype i = 0; i < anchor; ++i) prefix += "/" + segments[i];
  link.serverUrl = base.toString(QUrl::FullyEncoded).toStdString() + prefix.toStdString();
  while (!link.serverUrl.empty() && link.serverUrl.back() == '/') link.serverUrl.pop_back();

  const QStringList rest = segments.mid(anchor + 1);
  const QString& root = segments[anchor];
  if (root == "links") {
    link.kind = ShareLinkKind::ShortLink;
    link.shortLinkKey = decodeSegment(rest[0]);
  } else if (root == "annotations") {
    link.kind = ShareLinkKind::Annotation;
    const bool typed = rest.size() >= 2;
    link.annotationId = decodeSegment(typed ? rest[1] : rest[0]);
    if (typed) link.annotationType = decodeSegment(rest[0]);
    if (!isObjectId(link.annotationId))
      return linkError("annotation link: \"" + link.annotationId + "\" is not a 24-character annotation id");
  } else if (rest.size() >= 2 && !isDatasetAction(rest[1])) {
    link.kind = ShareLinkKind::LegacyDataset;
    link.organization = decodeSegment(rest[0]);
    link.datasetName = decodeSegment(rest[1]);
  } else {
    SKEIN_ASSIGN_OR_RETURN(link, parseNewDatasetSegment(decodeSegment(rest[0]), std::move(link)));
  }

  const QUrlQuery query(qurl);
  if (query.hasQueryItem("token"))
    link.sharingToken = query.queryItemValue("token", QUrl::FullyDecoded).toStdString();

  if (qurl.hasFragment()) {
    auto view = parseViewHash(qurl.fragment(QUrl::FullyDecoded).toStdString());
    if (!view.ok()) return view.error();
    link.view = std::move(view).value();
  }
  return link;
}

std::string formatViewHash(const ViewState& view, HashFormat format) {
  if (format == HashFormat::Csv) {
    const Vec3d p = view.position.value_or(Vec3d{});
    std::string out = formatNumber(std::floor(p.x)) + "," + formatNumber(std::floor(p.y)) + "," +
                      formatNumber(std::floor(p.z)) + "," +
                      std::to_string(static_cast<int>(view.mode.value_or(ViewMode::Orthogonal))) + "," +
                      formatNumber(roundTo(view.zoomStep.value_or(1.0), 3));
    if (view.rotation)
      out += "," + formatNumber(roundTo(view.rotation->x, 2)) + "," + formatNumber(roundTo(view.rotation->y, 2)) +
             "," + formatNumber(roundTo(view.rotation->z, 2));
    if (view.activeNode) out += "," + std::to_string(*view.activeNode);
    for (const auto& c : view.additionalCoordinates) out += ",pos-" + c.name + "=" + formatNumber(c.value);
    return out;
  }

  json j = json::object();
  if (view.position) j["position"] = vecJson(*view.position);
  if (view.mode) j["mode"] = viewModeName(*view.mode);
  if (view.zoomStep) j["zoomStep"] = numberJson(*view.zoomStep);
  if (view.rotation) j["rotation"] = vecJson(*view.rotation);
  if (view.activeNode) j["activeNode"] = *view.activeNode;
  if (!view.additionalCoordinates.empty()) {
    json coords = json::array();
    for (const auto& c : view.additionalCoordinates) coords.push_back({{"name", c.name}, {"value", numberJson(c.value)}});
    j["additionalCoordinates"] = coords;
  }
  if (!view.layers.empty()) {
    json layers = json::object();
    for (const auto& [name, state] : view.layers) {
      json layer = state.otherJson.empty() ? json::object() : json::parse(state.otherJson, nullptr, false);
      if (!layer.is_object()) layer = json::object();
      if (state.isDisabled) layer["isDisabled"] = *state.isDisabled;
      layers[name] = layer;
    }
    j["stateByLayer"] = layers;
  }
  // encodeURIComponent, then webKnossos turns $&+,;=:@/? back into literal characters.
  const QByteArray encoded =
      QUrl::toPercentEncoding(QString::fromStdString(j.dump()), "!~*'()$&+,;=:@/?");
  return encoded.toStdString();
}

std::string formatShareLink(const ShareLink& link, HashFormat format) {
  auto enc = [](const std::string& s) { return QUrl::toPercentEncoding(QString::fromStdString(s)).toStdString(); };
  std::string out = link.serverUrl;
  switch (link.kind) {
    case ShareLinkKind::Dataset:
      out += "/datasets/" + (link.datasetName.empty() ? link.datasetId : enc(link.datasetName) + "-" + link.datasetId) +
             "/view";
      break;
    case ShareLinkKind::LegacyDataset:
      out += "/datasets/" + enc(link.organization) + "/" + enc(link.datasetName) + "/view";
      break;
    case ShareLinkKind::Annotation:
      out += "/annotations/" + (link.annotationType.empty() ? "" : enc(link.annotationType) + "/") + link.annotationId;
      break;
    case ShareLinkKind::ShortLink:
      out += "/links/" + enc(link.shortLinkKey);
      break;
  }
  if (!link.sharingToken.empty()) out += "?token=" + enc(link.sharingToken);
  if (!link.view.empty()) out += "#" + formatViewHash(link.view, format);
  return out;
}

std::string shareLinkToJson(const ShareLink& link) {
  json j;
  j["kind"] = shareLinkKindName(link.kind);
  j["serverUrl"] = link.serverUrl;
  auto setIf = [&j](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
  };
  setIf("datasetId", link.datasetId);
  setIf("datasetName", link.datasetName);
  setIf("organization", link.organization);
  setIf("annotationId", link.annotationId);
  setIf("annotationType", link.annotationType);
  setIf("shortLinkKey", link.shortLinkKey);
  setIf("sharingToken", link.sharingToken);
  if (!link.view.empty()) {
    const std::string hash = formatViewHash(link.view, HashFormat::Json);
    j["view"] = json::parse(QUrl::fromPercentEncoding(QByteArray::fromStdString(hash)).toStdString());
  }
  return j.dump(2);
}

}  // namespace skein::client
