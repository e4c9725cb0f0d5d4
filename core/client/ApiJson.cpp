#include "core/client/ApiJson.h"

#include <algorithm>
#include <cctype>

namespace skein::client {

using nlohmann::json;

namespace {

// Reads fields of one JSON object and remembers the first type error, so a parser reads like a
// list of fields and reports one clear sentence ("dataset: \"isPublic\" must be a boolean").
class FieldReader {
 public:
  FieldReader(const json& j, std::string what) : j_(j), what_(std::move(what)) {
    if (!j_.is_object()) fail("expected a JSON object");
  }

  std::string str(const char* key, bool required = false) {
    const json* v = find(key, required);
    if (!v) return {};
    if (!v->is_string()) return fail(std::string("\"") + key + "\" must be a string"), std::string();
    return v->get<std::string>();
  }
  std::optional<std::string> optStr(const char* key) {
    const json* v = find(key, false);
    if (!v) return std::nullopt;
    if (!v->is_string()) return fail(std::string("\"") + key + "\" must be a string or null"), std::nullopt;
    return v->get<std::string>();
  }
  bool boolean(const char* key) {
    const json* v = find(key, false);
    if (!v) return false;
    if (!v->is_boolean()) return fail(std::string("\"") + key + "\" must be true or false"), false;
    return v->get<bool>();
  }
  std::int64_t integer(const char* key) {
    const json* v = find(key, false);
    if (!v) return 0;
    if (!v->is_number()) return fail(std::string("\"") + key + "\" must be a number"), 0;
    return v->is_number_float() ? static_cast<std::int64_t>(v->get<double>()) : v->get<std::int64_t>();
  }
  std::vector<std::string> strings(const char* key) {
    std::vector<std::string> out;
    const json* v = find(key, false);
    if (!v) return out;
    if (!v->is_array()) return fail(std::string("\"") + key + "\" must be an array of strings"), out;
    for (const json& e : *v) {
      if (!e.is_string()) return fail(std::string("\"") + key + "\" must be an array of strings"), out;
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  const json* object(const char* key) {
    const json* v = find(key, false);
    if (v && !v->is_object()) return fail(std::string("\"") + key + "\" must be an object"), nullptr;
    return v;
  }
  const json* array(const char* key) {
    const json* v = find(key, false);
    if (v && !v->is_array()) return fail(std::string("\"") + key + "\" must be an array"), nullptr;
    return v;
  }

  void fail(const std::string& message) {
    if (!error_) error_ = makeError(ErrorCode::InvalidData, what_ + ": " + message);
  }
  void take(const Error& e) {
    if (!error_) error_ = e;
  }
  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }

 private:
  // Missing and null read the same: optional.
  const json* find(const char* key, bool required) {
    if (!j_.is_object()) return nullptr;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) fail(std::string("missing \"") + key + "\"");
      return nullptr;
    }
    return &*it;
  }

  const json& j_;
  std::string what_;
  std::optional<Error> error_;
};

template <typename T, typename F>
Result<std::vector<T>> parseArray(const json& j, const std::string& what, F parseOne) {
  if (!j.is_array()) return makeError(ErrorCode::InvalidData, what + ": expected a JSON array");
  std::vector<T> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto r = parseOne(j[i]);
    if (!r.ok()) return r.error().withContext(what + " entry " + std::to_string(i));
    out.push_back(std::move(r).value());
  }
  return out;
}

std::optional<Vec3i> vec3i(const json& j) {
  if (!j.is_array() || j.size() != 3) return std::nullopt;
  Vec3i v;
  for (int i = 0; i < 3; ++i) {
    if (!j[i].is_number()) return std::nullopt;
    v[i] = j[i].is_number_float() ? static_cast<std::int64_t>(j[i].get<double>()) : j[i].get<std::int64_t>();
  }
  return v;
}

Result<DatasetLayerInfo> parseLayer(const json& j) {
  FieldReader r(j, "dataset layer");
  DatasetLayerInfo layer;
  layer.name = r.str("name", true);
  layer.category = r.str("category");
  layer.elementClass = r.str("elementClass");
  layer.dataFormat = r.str("dataFormat");
  if (const json* bb = r.object("boundingBox")) {
    FieldReader b(*bb, "boundingBox of layer \"" + layer.name + "\"");
    auto topLeft = vec3i(bb->value("topLeft", json()));
    if (!topLeft) b.fail("\"topLeft\" must be an array of three numbers");
    layer.boundingBox = Box3i{topLeft.value_or(Vec3i{}), Vec3i{b.integer("width"), b.integer("height"), b.integer("depth")}};
    if (!b.ok()) r.take(b.error());
  }
  if (const json* mags = r.array("mags")) {
    for (const json& m : *mags) {
      auto mag = m.is_object() ? vec3i(m.value("mag", json())) : std::nullopt;
      if (!mag) {
        r.fail("each entry of \"mags\" of layer \"" + layer.name + "\" needs \"mag\": [x,y,z]");
        break;
      }
      layer.mags.push_back(*mag);
    }
  } else if (const json* res = r.array("resolutions")) {
    for (const json& m : *res)
      if (auto mag = vec3i(m)) layer.mags.push_back(*mag);
  }
  if (!r.ok()) return r.error();
  return layer;
}

void parseDataSource(const json& ds, DatasetInfo& d, FieldReader& outer) {
  FieldReader r(ds, "dataSource of dataset \"" + d.name + "\"");
  if (const json* layers = r.array("dataLayers")) {
    for (const json& l : *layers) {
      auto layer = parseLayer(l);
      if (!layer.ok()) {
        r.take(layer.error());
        break;
      }
      (layer->category == "segmentation" ? d.segmentationLayerNames : d.colorLayerNames).push_back(layer->name);
      d.layers.push_back(std::move(layer).value());
    }
  }
  if (const json* scale = ds.contains("scale") ? &ds["scale"] : nullptr) {
    // v7+: {factor:[x,y,z], unit}; older: [x,y,z].
    const json& factor = scale->is_object() ? scale->value("factor", json()) : *scale;
    if (factor.is_array() && factor.size() == 3 && factor[0].is_number() && factor[1].is_number() && factor[2].is_number())
      d.voxelSize = Vec3d{factor[0].get<double>(), factor[1].get<double>(), factor[2].get<double>()};
    if (scale->is_object() && scale->contains("unit") && (*scale)["unit"].is_string())
      d.voxelUnit = (*scale)["unit"].get<std::string>();
  }
  if (!r.ok()) outer.take(r.error());
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

DataStoreRef parseStoreRef(const json* j) {
  DataStoreRef ref;
  if (j && j->is_object()) {
    if (j->contains("name") && (*j)["name"].is_string()) ref.name = (*j)["name"].get<std::string>();
    if (j->contains("url") && (*j)["url"].is_string()) ref.url = (*j)["url"].get<std::string>();
  }
  return ref;
}

}  // namespace

const char* visibilityName(Visibility v) {
  switch (v) {
    case Visibility::Private: return "Private";
    case Visibility::Internal: return "Internal";
    case Visibility::Public: return "Public";
  }
  return "Internal";
}

std::optional<Visibility> visibilityFromName(const std::string& name) {
  const std::string n = lower(name);
  if (n == "private") return Visibility::Private;
  if (n == "internal") return Visibility::Internal;
  if (n == "public") return Visibility::Public;
  return std::nullopt;
}

Result<json> parseJsonText(const std::string& text, const std::string& what) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return makeError(ErrorCode::InvalidData, what + ": the server answered with text that is not valid JSON");
  return j;
}

Result<BuildInfo> parseBuildInfo(const json& j) {
  FieldReader r(j, "buildinfo");
  BuildInfo b;
  if (const json* wk = r.object("webknossos")) {
    FieldReader w(*wk, "buildinfo.webknossos");
    b.name = w.str("name");
    b.version = w.str("version");
    b.commitHash = w.str("commitHash");
    b.commitDate = w.str("commitDate");
    if (!w.ok()) r.take(w.error());
  }
  b.schemaVersion = static_cast<int>(r.integer("schemaVersion"));
  const json* versioning = r.object("httpApiVersioning");
  if (!versioning) {
    r.fail("missing \"httpApiVersioning\" (is this a webKnossos server?)");
  } else {
    FieldReader v(*versioning, "buildinfo.httpApiVersioning");
    b.currentApiVersion = static_cast<int>(v.integer("currentApiVersion"));
    b.oldestSupportedApiVersion = static_cast<int>(v.integer("oldestSupportedApiVersion"));
    if (!v.ok()) r.take(v.error());
  }
  b.localDataStoreEnabled = r.boolean("localDataStoreEnabled");
  b.localTracingStoreEnabled = r.boolean("localTracingStoreEnabled");
  if (!r.ok()) return r.error();
  return b;
}

Result<User> parseUser(const json& j) {
  FieldReader r(j, "user");
  User u;
  u.id = r.str("id", true);
  u.email = r.str("email");
  u.firstName = r.str("firstName");
  u.lastName = r.str("lastName");
  u.organization = r.str("organization");
  u.isAdmin = r.boolean("isAdmin");
  u.isDatasetManager = r.boolean("isDatasetManager");
  u.isOrganizationOwner = r.boolean("isOrganizationOwner");
  if (const json* teams = r.array("teams")) {
    for (const json& t : *teams) {
      FieldReader tr(t, "user team");
      TeamMembership m{tr.str("id", true), tr.str("name"), tr.boolean("isTeamManager")};
      if (!tr.ok()) {
        r.take(tr.error());
        break;
      }
      u.teams.push_back(std::move(m));
    }
  }
  if (!r.ok()) return r.error();
  u.raw = j;
  return u;
}

Result<Team> parseTeam(const json& j) {
  FieldReader r(j, "team");
  Team t{r.str("id", true), r.str("name"), r.str("organization"), r.boolean("isOrganizationTeam")};
  if (!r.ok()) return r.error();
  return t;
}

Result<std::vector<Team>> parseTeams(const json& j) { return parseArray<Team>(j, "team list", parseTeam); }

Result<Folder> parseFolder(const json& j) {
  FieldReader r(j, "folder");
  Folder f;
  f.id = r.str("id", true);
  f.name = r.str("name");
  f.parent = r.optStr("parent");
  f.isEditable = r.boolean("isEditable");
  if (const json* m = r.array("metadata")) f.metadata = *m;
  if (!r.ok()) return r.error();
  return f;
}

Result<std::vector<Folder>> parseFolders(const json& j) { return parseArray<Folder>(j, "folder tree", parseFolder); }

namespace {

// `keepRaw`: details keep the server's JSON; list entries do not (a deep copy per entry).
Result<DatasetInfo> parseDatasetFields(const json& j, bool keepRaw) {
  FieldReader r(j, "dataset");
  DatasetInfo d;
  d.id = r.str("id", true);
  d.name = r.str("name");
  d.directoryName = r.str("directoryName");
  d.owningOrganization = r.str("owningOrganization");
  d.description = r.optStr("description");
  d.folderId = r.str("folderId");
  d.isActive = r.boolean("isActive");
  d.isPublic = r.boolean("isPublic");
  d.isEditable = r.boolean("isEditable");
  d.created = r.integer("created");
  d.tags = r.strings("tags");
  if (const json* teams = r.array("allowedTeams")) {
    auto parsed = parseTeams(*teams);
    if (parsed.ok()) d.allowedTeams = std::move(parsed).value();
    else r.take(parsed.error().withContext("dataset \"" + d.name + "\" allowedTeams"));
  }
  // Teams that see the dataset through its folders count too.
  if (const json* cumulative = r.array("allowedTeamsCumulative")) {
    auto parsed = parseTeams(*cumulative);
    if (!parsed.ok()) r.take(parsed.error().withContext("dataset \"" + d.name + "\" allowedTeamsCumulative"));
    else
      for (auto& t : parsed.value())
        if (std::none_of(d.allowedTeams.begin(), d.allowedTeams.end(), [&](const Team& a) { return a.id == t.id; }))
          d.allowedTeams.push_back(std::move(t));
  }
  d.dataStore = parseStoreRef(r.object("dataStore"));
  if (const json* ds = r.object("dataSource")) {
    parseDataSource(*ds, d, r);
  } else {
    // v16 compact list form.
    d.colorLayerNames = r.strings("colorLayerNames");
    d.segmentationLayerNames = r.strings("segmentationLayerNames");
  }
  if (!r.ok()) return r.error();
  if (keepRaw) d.raw = j;
  return d;
}

}  // namespace

Result<DatasetInfo> parseDataset(const json& j) { return parseDatasetFields(j, true); }

Result<DatasetInfo> parseDatasetSummary(const json& j) {
  // Lists stay lean: no raw JSON and no layer details (they come from the dataset's own endpoint).
  auto d = parseDatasetFields(j, false);
  if (d.ok()) d->layers.clear();
  return d;
}

Result<std::vector<DatasetInfo>> parseDatasets(const json& j) {
  return parseArray<DatasetInfo>(j, "dataset list", parseDatasetSummary);
}

Result<DatasetIdentity> parseDatasetIdentity(const json& j) {
  FieldReader r(j, "dataset identity");
  DatasetIdentity d{r.str("id", true), r.str("name"), r.str("organization"), r.str("directoryName")};
  if (!r.ok()) return r.error();
  return d;
}

Result<AnnotationInfo> parseAnnotation(const json& j) {
  FieldReader r(j, "annotation");
  AnnotationInfo a;
  a.id = r.str("id", true);
  a.typ = r.str("typ");
  a.state = r.str("state");
  a.name = r.str("name");
  a.description = r.str("description");
  const std::string visibility = r.str("visibility");
  if (!visibility.empty()) {
    auto v = visibilityFromName(visibility);
    if (!v) r.fail("unknown visibility \"" + visibility + "\"");
    a.visibility = v.value_or(Visibility::Internal);
  }
  a.datasetId = r.str("datasetId");
  a.datasetName = r.str("dataSetName");
  if (a.datasetName.empty()) a.datasetName = r.str("datasetName");
  a.organization = r.str("organization");
  a.modified = r.integer("modified");
  a.tags = r.strings("tags");
  a.othersMayEdit = r.boolean("othersMayEdit");
  if (const json* teams = r.array("teams")) {
    auto parsed = parseTeams(*teams);
    if (parsed.ok()) a.teams = std::move(parsed).value();
    else r.take(parsed.error().withContext("annotation teams"));
  }
  if (const json* layers = r.array("annotationLayers")) {
    for (const json& l : *layers) {
      FieldReader lr(l, "annotation layer");
      AnnotationLayerInfo layer{lr.str("tracingId", true), lr.str("typ"), lr.str("name")};
      if (!lr.ok()) {
        r.take(lr.error());
        break;
      }
      a.layers.push_back(std::move(layer));
    }
  }
  const json* owner = r.object("owner");
  if (!owner) owner = r.object("user");  // deprecated alias in older builds
  if (owner) {
    FieldReader o(*owner, "annotation owner");
    a.owner = UserCompact{o.str("id"), o.str("firstName"), o.str("lastName"), o.str("email")};
    if (!o.ok()) r.take(o.error());
  }
  if (const json* restrictions = r.object("restrictions")) {
    FieldReader rr(*restrictions, "annotation restrictions");
    a.restrictions = AnnotationRestrictions{rr.boolean("allowAccess"), rr.boolean("allowUpdate"),
                                            rr.boolean("allowFinish"), rr.boolean("allowDownload")};
    if (!rr.ok()) r.take(rr.error());
  }
  a.dataStore = parseStoreRef(r.object("dataStore"));
  a.tracingStore = parseStoreRef(r.object("tracingStore"));
  if (!r.ok()) return r.error();
  a.raw = j;
  return a;
}

Result<std::vector<AnnotationInfo>> parseAnnotations(const json& j) {
  return parseArray<AnnotationInfo>(j, "annotation list", parseAnnotation);
}

Result<AnnotationRef> parseUploadAnswer(const json& j) {
  FieldReader r(j, "upload answer");
  const json* annotation = r.object("annotation");
  if (!annotation) {
    r.fail("missing \"annotation\"");
    return r.error();
  }
  FieldReader a(*annotation, "upload answer annotation");
  AnnotationRef ref{a.str("typ"), a.str("id", true)};
  if (!a.ok()) return a.error();
  return ref;
}

Result<ZarrPrivateLink> parseZarrPrivateLink(const json& j) {
  FieldReader r(j, "zarr private link");
  ZarrPrivateLink l;
  l.id = r.str("id", true);
  l.annotation = r.str("annotation");
  l.accessToken = r.str("accessToken");
  if (j.is_object() && j.contains("expirationDateTime") && !j["expirationDateTime"].is_null())
    l.expirationDateTime = r.integer("expirationDateTime");
  if (!r.ok()) return r.error();
  return l;
}

Result<std::vector<ZarrPrivateLink>> parseZarrPrivateLinks(const json& j) {
  return parseArray<ZarrPrivateLink>(j, "zarr private link list", parseZarrPrivateLink);
}

Result<std::vector<std::string>> parseStringArray(const json& j, const std::string& what) {
  return parseArray<std::string>(j, what, [&](const json& e) -> Result<std::string> {
    if (!e.is_string()) return makeError(ErrorCode::InvalidData, "expected a string");
    return e.get<std::string>();
  });
}

json toJson(const User& u) {
  json teams = json::array();
  for (const auto& t : u.teams) teams.push_back({{"id", t.id}, {"name", t.name}, {"isTeamManager", t.isTeamManager}});
  return {{"id", u.id}, {"email", u.email}, {"firstName", u.firstName}, {"lastName", u.lastName},
          {"organization", u.organization}, {"isAdmin", u.isAdmin}, {"isDatasetManager", u.isDatasetManager},
          {"teams", teams}};
}

json toJson(const Team& t) {
  return {{"id", t.id}, {"name", t.name}, {"organization", t.organization}, {"isOrganizationTeam", t.isOrganizationTeam}};
}

json toJson(const Folder& f) {
  return {{"id", f.id}, {"name", f.name}, {"parent", f.parent ? json(*f.parent) : json(nullptr)},
          {"isEditable", f.isEditable}, {"metadata", f.metadata}};
}

json toJson(const DatasetInfo& d) {
  json teams = json::array();
  for (const auto& t : d.allowedTeams) teams.push_back(toJson(t));
  json j = {{"id", d.id}, {"name", d.name}, {"directoryName", d.directoryName},
            {"owningOrganization", d.owningOrganization},
            {"description", d.description ? json(*d.description) : json(nullptr)}, {"folderId", d.folderId},
            {"isActive", d.isActive}, {"isPublic", d.isPublic}, {"isEditable", d.isEditable}, {"created", d.created},
            {"tags", d.tags}, {"allowedTeams", teams}, {"colorLayerNames", d.colorLayerNames},
            {"segmentationLayerNames", d.segmentationLayerNames}};
  if (!d.dataStore.url.empty()) j["dataStore"] = {{"name", d.dataStore.name}, {"url", d.dataStore.url}};
  return j;
}

json toJson(const AnnotationInfo& a) {
  json teams = json::array();
  for (const auto& t : a.teams) teams.push_back(toJson(t));
  json layers = json::array();
  for (const auto& l : a.layers) layers.push_back({{"tracingId", l.tracingId}, {"typ", l.typ}, {"name", l.name}});
  return {{"id", a.id}, {"typ", a.typ}, {"state", a.state}, {"name", a.name}, {"description", a.description},
          {"visibility", visibilityName(a.visibility)}, {"datasetId", a.datasetId}, {"datasetName", a.datasetName},
          {"organization", a.organization}, {"modified", a.modified}, {"tags", a.tags}, {"teams", teams},
          {"layers", layers},
          {"owner", {{"id", a.owner.id}, {"firstName", a.owner.firstName}, {"lastName", a.owner.lastName}}}};
}

json toJson(const ZarrPrivateLink& l) {
  return {{"id", l.id}, {"annotation", l.annotation}, {"accessToken", l.accessToken},
          {"expirationDateTime", l.expirationDateTime ? json(*l.expirationDateTime) : json(nullptr)}};
}

}  // namespace skein::client
