// Share links: every path form webKnossos' router knows, the token query, JSON / CSV / key=value
// hashes, errors for malformed links, and formatting that round-trips.
#include <QtTest>

#include "core/client/ShareLink.h"

using namespace skein;
using namespace skein::client;

namespace {
const std::string kId = "59e9cfbdba632ac2ab8b23b5";
const std::string kAnn = "570ba0092a7c0e980056fe9b";

ShareLink mustParse(const std::string& url) {
  auto r = parseShareLink(url);
  if (!r.ok()) qFatal("parse failed for %s: %s", url.c_str(), r.error().message.c_str());
  return r.value();
}
}  // namespace

class TstShareLink : public QObject {
  Q_OBJECT
 private slots:
  void datasetViewWithCsvHash() {
    const auto l = mustParse("https://wk.example.org/datasets/l4_sample-" + kId + "/view#2816,4352,1792,0,1.3");
    QCOMPARE(l.kind, ShareLinkKind::Dataset);
    QCOMPARE(l.serverUrl, std::string("https://wk.example.org"));
    QCOMPARE(l.datasetId, kId);
    QCOMPARE(l.datasetName, std::string("l4_sample"));
    QVERIFY(l.sharingToken.empty());
    QVERIFY(l.view.position.has_value());
    QCOMPARE(*l.view.position, (Vec3d{2816, 4352, 1792}));
    QCOMPARE(l.view.mode, std::optional<ViewMode>(ViewMode::Orthogonal));
    QCOMPARE(*l.view.zoomStep, 1.3);
    QVERIFY(!l.view.rotation && !l.view.activeNode);
  }

  void datasetNameWithDashesTakesIdAfterLastDash() {
    const auto l = mustParse("http://localhost:9000/datasets/my-data-set-" + kId + "/view");
    QCOMPARE(l.datasetName, std::string("my-data-set"));
    QCOMPARE(l.datasetId, kId);
    QCOMPARE(l.serverUrl, std::string("http://localhost:9000"));
    QVERIFY(l.view.empty());
  }

  void datasetBareIdAndOtherActions() {
    QCOMPARE(mustParse("http://h/datasets/" + kId + "/view").datasetId, kId);
    QCOMPARE(mustParse("http://h/datasets/" + kId).datasetName, std::string());
    QCOMPARE(mustParse("http://h/datasets/x-" + kId + "/edit").kind, ShareLinkKind::Dataset);
    QCOMPARE(mustParse("http://h/datasets/x-" + kId + "/sandbox/skeleton").datasetId, kId);
    QCOMPARE(mustParse("http://h/datasets/" + kId + "/createExplorative/hybrid").datasetId, kId);
  }

  void serverUnderPathPrefix() {
    const auto l = mustParse("https://example.org/wk/datasets/a-" + kId + "/view");
    QCOMPARE(l.serverUrl, std::string("https://example.org/wk"));
  }

  void legacyDatasetWithToken() {
    const auto l = mustParse("https://wk.org/datasets/Organization_X/l4_sample/view?token=DbVgc6U3IksnvSwD7plsRA#1,2,3,0,2");
    QCOMPARE(l.kind, ShareLinkKind::LegacyDataset);
    QCOMPARE(l.organization, std::string("Organization_X"));
    QCOMPARE(l.datasetName, std::string("l4_sample"));
    QCOMPARE(l.sharingToken, std::string("DbVgc6U3IksnvSwD7plsRA"));
    QCOMPARE(*l.view.zoomStep, 2.0);
    const auto bare = mustParse("https://wk.org/datasets/Organization_X/my%20data");
    QCOMPARE(bare.kind, ShareLinkKind::LegacyDataset);
    QCOMPARE(bare.datasetName, std::string("my data"));
  }

  void annotationForms() {
    const auto a = mustParse("https://wk.org/annotations/" + kAnn);
    QCOMPARE(a.kind, ShareLinkKind::Annotation);
    QCOMPARE(a.annotationId, kAnn);
    QVERIFY(a.annotationType.empty());
    const auto t = mustParse("https://wk.org/annotations/Explorational/" + kAnn + "?token=abc");
    QCOMPARE(t.annotationType, std::string("Explorational"));
    QCOMPARE(t.annotationId, kAnn);
    QCOMPARE(t.sharingToken, std::string("abc"));
    QCOMPARE(mustParse("https://wk.org/annotations/CompoundTask/" + kAnn).annotationType, std::string("CompoundTask"));
  }

  void shortLink() {
    const auto l = mustParse("https://wk.org/links/Xb3kQ9");
    QCOMPARE(l.kind, ShareLinkKind::ShortLink);
    QCOMPARE(l.shortLinkKey, std::string("Xb3kQ9"));
  }

  void jsonHashAsTheShareDialogWritesIt() {
    const std::string hash =
        "%7B%22position%22:%5B3584,3584,1024%5D,%22mode%22:%22oblique%22,%22zoomStep%22:1.3,"
        "%22rotation%22:%5B10,20.5,0%5D,%22activeNode%22:17,"
        "%22additionalCoordinates%22:%5B%7B%22name%22:%22t%22,%22value%22:3%7D%5D,"
        "%22stateByLayer%22:%7B%22color%22:%7B%22isDisabled%22:true,%22intensityRange%22:%5B0,200%5D%7D,"
        "%22segmentation%22:%7B%22isDisabled%22:false%7D%7D%7D";
    const auto l = mustParse("https://wk.org/annotations/" + kAnn + "#" + hash);
    QCOMPARE(*l.view.position, (Vec3d{3584, 3584, 1024}));
    QCOMPARE(*l.view.mode, ViewMode::Oblique);
    QCOMPARE(*l.view.zoomStep, 1.3);
    QCOMPARE(*l.view.rotation, (Vec3d{10, 20.5, 0}));
    QCOMPARE(*l.view.activeNode, std::int64_t(17));
    QCOMPARE(l.view.additionalCoordinates.size(), std::size_t(1));
    QCOMPARE(l.view.additionalCoordinates[0].name, std::string("t"));
    QCOMPARE(l.view.additionalCoordinates[0].value, 3.0);
    QCOMPARE(l.view.layers.size(), std::size_t(2));
    QCOMPARE(l.view.layers.at("color").isDisabled, std::optional<bool>(true));
    QCOMPARE(l.view.layers.at("color").otherJson, std::string("{\"intensityRange\":[0,200]}"));
    QCOMPARE(l.view.layers.at("segmentation").isDisabled, std::optional<bool>(false));
  }

  void csvHashRules() {
    auto v = parseViewHash("3584,3584,1024,0,1.3,0,0,0,17");
    QVERIFY(v.ok());
    QCOMPARE(*v->rotation, (Vec3d{0, 0, 0}));
    QCOMPARE(*v->activeNode, std::int64_t(17));

    v = parseViewHash("1,2,3,0,1.3,42");  // fewer than 8 values: value 5 is the active node
    QVERIFY(v.ok());
    QVERIFY(!v->rotation);
    QCOMPARE(*v->activeNode, std::int64_t(42));

    v = parseViewHash("10.7,20.2,-3.5,2,0");  // floor, oblique, zoom 0 → 1
    QVERIFY(v.ok());
    QCOMPARE(*v->position, (Vec3d{10, 20, -4}));
    QCOMPARE(*v->mode, ViewMode::Oblique);
    QCOMPARE(*v->zoomStep, 1.0);

    v = parseViewHash("1,2,3,1,1.23456,12.345,0.001,-7.777");
    QVERIFY(v.ok());
    QCOMPARE(*v->mode, ViewMode::Flight);
    QCOMPARE(*v->zoomStep, 1.235);
    QCOMPARE(v->rotation->x, 12.35);
    QCOMPARE(v->rotation->z, -7.78);

    v = parseViewHash("1,2,3,3,1");  // legacy "volume" mode index → orthogonal
    QCOMPARE(*v->mode, ViewMode::Orthogonal);
    v = parseViewHash("1,abc,3,9,2,pos-t=5");  // non-numeric → 0; unknown mode → orthogonal
    QVERIFY(v.ok());
    QCOMPARE(v->position->y, 0.0);
    QCOMPARE(*v->mode, ViewMode::Orthogonal);
    QCOMPARE(v->additionalCoordinates.size(), std::size_t(1));
    QCOMPARE(v->additionalCoordinates[0].value, 5.0);

    auto bad = parseViewHash("1,2,3");
    QVERIFY(!bad.ok());
    QVERIFY(QString::fromStdString(bad.error().message).contains("at least 5"));
  }

  void keyValueHash() {
    auto v = parseViewHash("activeNode=12");
    QVERIFY(v.ok());
    QCOMPARE(*v->activeNode, std::int64_t(12));
    v = parseViewHash("#position=1,2,3");
    QVERIFY(v.ok());
    QCOMPARE(*v->position, (Vec3d{1, 2, 3}));
    QVERIFY(!parseViewHash("activeNode=x").ok());
    QVERIFY(!parseViewHash("colour=red").ok());
  }

  void malformedLinksAreErrors() {
    QVERIFY(!parseShareLink("ftp://wk.org/datasets/" + kId).ok());
    QVERIFY(!parseShareLink("not a url").ok());
    QVERIFY(!parseShareLink("https://wk.org/dashboard").ok());
    QVERIFY(!parseShareLink("https://wk.org/datasets/").ok());
    QVERIFY(!parseShareLink("https://wk.org/datasets/name-notanid/view").ok());
    QVERIFY(!parseShareLink("https://wk.org/annotations/123").ok());
    auto badJson = parseShareLink("https://wk.org/annotations/" + kAnn + "#%7Bposition");
    QVERIFY(!badJson.ok());
    QCOMPARE(badJson.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!parseShareLink("https://wk.org/annotations/" + kAnn + "#%7B%22position%22:%5B1,2%5D%7D").ok());
    QVERIFY(!parseShareLink("https://wk.org/annotations/" + kAnn + "#%7B%22mode%22:%22sideways%22%7D").ok());
    QVERIFY(!parseShareLink("https://wk.org/annotations/" + kAnn + "#%7B%22zoomStep%22:-1%7D").ok());
    QVERIFY(!parseShareLink("https://wk.org/annotations/" + kAnn + "#%7B%22stateByLayer%22:%7B%22c%22:%7B%22isDisabled%22:1%7D%7D%7D").ok());
  }

  void formatsJsonHashLikeWebknossos() {
    ViewState v;
    v.position = Vec3d{1, 2, 3};
    v.zoomStep = 1.5;
    v.activeNode = 7;
    v.layers["color"].isDisabled = true;
    const std::string hash = formatViewHash(v);
    // encodeURIComponent with ':' and ',' turned back into literals; braces, quotes, brackets encoded.
    QCOMPARE(hash, std::string("%7B%22activeNode%22:7,%22position%22:%5B1,2,3%5D,%22stateByLayer%22:%7B%22color%22:"
                               "%7B%22isDisabled%22:true%7D%7D,%22zoomStep%22:1.5%7D"));
    QCOMPARE(formatViewHash(v, HashFormat::Csv), std::string("1,2,3,0,1.5,7"));
    v.rotation = Vec3d{0, 90, 0};
    QCOMPARE(formatViewHash(v, HashFormat::Csv), std::string("1,2,3,0,1.5,0,90,0,7"));
  }

  void roundTrips() {
    ShareLink l;
    l.serverUrl = "https://wk.example.org";
    l.kind = ShareLinkKind::Dataset;
    l.datasetId = kId;
    l.datasetName = "my data";
    l.sharingToken = "tok/+=";
    l.view.position = Vec3d{100, 200, 300};
    l.view.mode = ViewMode::Flight;
    l.view.zoomStep = 0.75;
    l.view.rotation = Vec3d{1.5, 2, 3};
    l.view.activeNode = 99;
    l.view.additionalCoordinates = {{"t", 4}};
    l.view.layers["color"] = LayerViewState{false, "{\"intensityRange\":[0,200]}"};
    l.view.layers["seg"] = LayerViewState{true, ""};
    const std::string url = formatShareLink(l);
    QVERIFY2(url.rfind("https://wk.example.org/datasets/my%20data-" + kId + "/view?token=tok%2F%2B%3D#%7B", 0) == 0,
             url.c_str());
    const auto back = mustParse(url);
    QCOMPARE(back, l);

    // CSV cannot carry layer state; everything else survives.
    ShareLink csv = l;
    csv.view.layers.clear();
    QCOMPARE(mustParse(formatShareLink(csv, HashFormat::Csv)), csv);

    for (ShareLinkKind kind : {ShareLinkKind::LegacyDataset, ShareLinkKind::Annotation, ShareLinkKind::ShortLink}) {
      ShareLink o;
      o.serverUrl = "http://localhost:9000";
      o.kind = kind;
      o.organization = "Org X";
      o.datasetName = "name";
      o.annotationId = kAnn;
      o.annotationType = "Explorational";
      o.shortLinkKey = "k3y";
      auto parsed = mustParse(formatShareLink(o));
      QCOMPARE(parsed.kind, kind);
      QCOMPARE(formatShareLink(parsed), formatShareLink(o));
    }
  }

  void jsonDescription() {
    const auto l = mustParse("https://wk.org/datasets/l4-" + kId + "/view?token=T#1,2,3,0,1");
    const QString json = QString::fromStdString(shareLinkToJson(l));
    QVERIFY(json.contains("\"kind\": \"dataset\""));
    QVERIFY(json.contains("\"datasetId\": \"" + QString::fromStdString(kId) + "\""));
    QVERIFY(json.contains("\"sharingToken\": \"T\""));
    QVERIFY(json.contains("\"position\""));
  }

  void objectIds() {
    QVERIFY(isObjectId(kId));
    QVERIFY(!isObjectId(kId.substr(1)));
    QVERIFY(!isObjectId("zzzzzzzzzzzzzzzzzzzzzzzz"));
  }
};

QTEST_GUILESS_MAIN(TstShareLink)
#include "tst_sharelink.moc"
