// The fast dataset list parser (parseDatasetList: projection, then the usual field readers) against
// the DOM parser (parseDatasets) and against broken input; and the projection on its own.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/client/ApiJson.h"
#include "core/client/ApiJsonProjection.h"

using namespace skein;
using namespace skein::client;
using nlohmann::json;

namespace {

json team(const std::string& id, const std::string& name) {
  return {{"id", id}, {"name", name}, {"organization", "Organization_X"}, {"isOrganizationTeam", false}};
}

// A full-form (≤v15) entry with the heavy parts the list does not need.
json fullEntry(int i) {
  json mags = json::array();
  for (int m : {1, 2, 4}) mags.push_back({{"mag", {m, m, 1}}, {"path", "/srv/a \"quoted\" {path} [" + std::to_string(m) + "]"}});
  return {{"id", "id" + std::to_string(i)},
          {"name", "dataset_" + std::to_string(i)},
          {"dataSource",
           {{"id", {{"name", "x"}, {"team", "Organization_X"}}},
            {"dataLayers",
             {{{"name", "color"}, {"category", "color"}, {"mags", mags}, {"boundingBox", {{"topLeft", {1, 2, 3}}}}},
              {{"name", "seg"}, {"category", "segmentation"}, {"largestSegmentId", "184467440737"}}}},
            {"scale", {{"factor", {11.24, 11.24, 28}}, {"unit", "nanometer"}}}}},
          {"dataStore", {{"name", "localhost"}, {"url", "http://localhost:9000"}, {"allowsUpload", true}}},
          {"owningOrganization", "Organization_X"},
          {"allowedTeams", {team("t1", "team_X1")}},
          {"allowedTeamsCumulative", {team("t1", "team_X1"), team("t2", "team_X2")}},
          {"isActive", true},
          {"isPublic", i % 2 == 0},
          {"description", i % 3 == 0 ? json(nullptr) : json("desc \\ with \"escapes\" and ] brackets")},
          {"directoryName", "dir_" + std::to_string(i)},
          {"created", 1508495293789LL + i},
          {"isEditable", true},
          {"metadata", {{{"key", "species"}, {"type", "string"}, {"value", "mouse"}}}},
          {"tags", {"a", "b"}},
          {"folderId", "folder"}};
}

void compareSummaries(const DatasetInfo& a, const DatasetInfo& b) {
  QCOMPARE(a.id, b.id);
  QCOMPARE(a.name, b.name);
  QCOMPARE(a.directoryName, b.directoryName);
  QCOMPARE(a.owningOrganization, b.owningOrganization);
  QCOMPARE(a.description, b.description);
  QCOMPARE(a.folderId, b.folderId);
  QCOMPARE(a.isActive, b.isActive);
  QCOMPARE(a.isPublic, b.isPublic);
  QCOMPARE(a.isEditable, b.isEditable);
  QCOMPARE(a.created, b.created);
  QCOMPARE(a.tags, b.tags);
  QCOMPARE(a.allowedTeams.size(), b.allowedTeams.size());
  for (std::size_t i = 0; i < a.allowedTeams.size(); ++i) QCOMPARE(a.allowedTeams[i].name, b.allowedTeams[i].name);
  QCOMPARE(a.colorLayerNames, b.colorLayerNames);
  QCOMPARE(a.segmentationLayerNames, b.segmentationLayerNames);
  QCOMPARE(a.dataStore.url, b.dataStore.url);
  QCOMPARE(a.voxelSize, b.voxelSize);
  QCOMPARE(a.voxelUnit, b.voxelUnit);
  QVERIFY(a.layers.empty() && b.layers.empty());
  QVERIFY(a.raw.is_null() && b.raw.is_null());
}

std::string errorOf(const Result<std::vector<DatasetInfo>>& r) { return r.ok() ? std::string("(parsed)") : r.error().message; }

}  // namespace

class TstDatasetList : public QObject {
  Q_OBJECT
 private slots:
  void projectionKeepsOnlyTheNamedKeys() {
    const JsonProjection inner{{{"b"}}};
    const JsonProjection outer{{{"keep"}, {"nested", &inner}}};
    const std::string text = " [ {\"drop\": {\"x\": \"}]\\\"[{\", \"y\": [1, {\"z\": 2}]}, \"keep\" : {\"any\": [1, 2]} ,\n        \"nested\": [{\"a\": 1, \"b\": \"s\\\\\"}, {\"b\": null}], \"k\\\"eep\": 3}, {} ] ";
    auto lean = projectJson(text, outer, "test");
    QVERIFY2(lean.ok(), lean.ok() ? "" : lean.error().message.c_str());
    QCOMPARE(QString::fromStdString(lean.value()),
             QString("[{\"keep\":{\"any\": [1, 2]},\"nested\":[{\"b\":\"s\\\\\"},{\"b\":null}]},{}]"));
    QVERIFY(json::accept(lean.value()));
  }

  void projectionRejectsBrokenText() {
    const JsonProjection p{{{"a"}}};
    for (const char* bad : {"", "[{\"a\": 1}", "[{\"a\": \"open}]", "[{\"x\": {\"y\": [1, 2}]", "[{\"a\" 1}]",
                            "[{\"a\": 1} {}]", "[1] trailing"}) {
      auto r = projectJson(bad, p, "dataset list");
      QVERIFY2(!r.ok(), bad);
      QVERIFY2(QString::fromStdString(r.error().message).startsWith("dataset list: the server answered with text that is not valid JSON"),
               r.error().message.c_str());
    }
    std::string deep(200, '[');
    deep += std::string(200, ']');
    QVERIFY(!projectJson(deep, p, "x").ok());  // too deep to follow, no stack overflow
  }

  void listEqualsTheDomParserOnFullEntries() {
    json list = json::array();
    for (int i = 0; i < 50; ++i) list.push_back(fullEntry(i));
    const std::string text = list.dump(2);  // with whitespace everywhere
    auto fast = parseDatasetList(text);
    auto dom = parseDatasets(json::parse(text));
    QVERIFY2(fast.ok(), errorOf(fast).c_str());
    QVERIFY(dom.ok());
    QCOMPARE(fast->size(), std::size_t(50));
    for (std::size_t i = 0; i < fast->size(); ++i) compareSummaries(fast->at(i), dom->at(i));
    const DatasetInfo& d = fast->at(1);
    QCOMPARE(d.colorLayerNames, std::vector<std::string>{"color"});
    QCOMPARE(d.segmentationLayerNames, std::vector<std::string>{"seg"});
    QCOMPARE(d.allowedTeams.size(), std::size_t(2));  // cumulative teams are merged in
    QCOMPARE(*d.description, std::string("desc \\ with \"escapes\" and ] brackets"));
    QCOMPARE(d.voxelSize, (Vec3d{11.24, 11.24, 28}));
    QVERIFY(!fast->at(0).description.has_value());
  }

  void compactV16EntriesKeepTheirLayerNames() {
    const std::string text = "[{\"id\":\"a\",\"name\":\"n\",\"colorLayerNames\":[\"c1\",\"c2\"],\"segmentationLayerNames\":[\"s\"],\n                                  \"status\":\"\",\"usedStorageBytes\":12,\"thumbnailCacheVersion\":null}]";
    auto list = parseDatasetList(text);
    QVERIFY2(list.ok(), errorOf(list).c_str());
    QCOMPARE(list->at(0).colorLayerNames, (std::vector<std::string>{"c1", "c2"}));
    QCOMPARE(list->at(0).segmentationLayerNames, std::vector<std::string>{"s"});
  }

  void wrongTypesAreClearErrors() {
    auto entry = [](const std::string& body) { return "[{\"id\":\"a\"}, {" + body + "}]"; };
    auto r = parseDatasetList(entry("\"id\":\"b\",\"isPublic\":\"yes\""));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("dataset list entry 1") != std::string::npos &&
                 r.error().message.find("\"isPublic\" must be true or false") != std::string::npos,
             r.error().message.c_str());
    r = parseDatasetList(entry("\"name\":\"no id\""));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("missing \"id\"") != std::string::npos, r.error().message.c_str());
    r = parseDatasetList(entry("\"id\":\"b\",\"dataSource\":{\"dataLayers\":[{\"category\":\"color\"}]}"));
    QVERIFY2(!r.ok() && r.error().message.find("\"name\"") != std::string::npos, errorOf(r).c_str());
    r = parseDatasetList("{\"messages\":[{\"error\":\"nope\"}]}");
    QVERIFY2(!r.ok() && r.error().message.find("expected a JSON array") != std::string::npos, errorOf(r).c_str());
    r = parseDatasetList("[{\"id\":\"a\"}, 3]");
    QVERIFY2(!r.ok() && r.error().message.find("dataset list entry 1") != std::string::npos &&
                 r.error().message.find("expected a JSON object") != std::string::npos,
             errorOf(r).c_str());
    r = parseDatasetList("[[1], {\"id\":\"a\"}]");
    QVERIFY2(!r.ok() && r.error().message.find("dataset list entry 0") != std::string::npos, errorOf(r).c_str());
    auto empty = parseDatasetList(" [ ] ");
    QVERIFY(empty.ok() && empty->empty());
    auto bom = parseDatasetList("\xEF\xBB\xBF[{\"id\":\"a\"}]");
    QVERIFY2(bom.ok() && bom->size() == 1, errorOf(bom).c_str());
    // Broken JSON inside a kept value is found by the JSON parser.
    r = parseDatasetList("[{\"id\":\"a\",\"tags\":[1,,2]}]");
    QVERIFY2(!r.ok() && r.error().message.find("not valid JSON") != std::string::npos, errorOf(r).c_str());
  }

  void thousandsOfEntries() {  // (10,000 and the timing: tests/bench/bench_viewer_dataset_list)
    json list = json::array();
    for (int i = 0; i < 3000; ++i) list.push_back(fullEntry(i));
    auto parsed = parseDatasetList(list.dump());
    QVERIFY2(parsed.ok(), errorOf(parsed).c_str());
    QCOMPARE(parsed->size(), std::size_t(3000));
    QCOMPARE(parsed->back().name, std::string("dataset_2999"));
    QCOMPARE(parsed->back().created, 1508495293789LL + 2999);
  }
};

QTEST_GUILESS_MAIN(TstDatasetList)
#include "tst_dataset_list.moc"
