// The OME-NGFF multiscales validator against the spec's own test suites (image_suite and
// strict_image_suite of 0.4 and 0.5: valid/invalid expectations) and the JSONC spec examples.
#include <QDirIterator>
#include <QFile>
#include <QTest>

#include "core/dataset/JsonRead.h"
#include "core/dataset/OmeNgff.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using nlohmann::json;

namespace {

json readFixtureJson(const QString& relative, bool comments = false) {
  QFile f(test::fixture(relative));
  if (!f.open(QIODevice::ReadOnly)) return nullptr;
  auto r = parseJson(f.readAll(), relative.toStdString(), comments);
  return r.ok() ? *r : json(nullptr);
}

}  // namespace

class TestOmeNgffValidation : public QObject {
  Q_OBJECT

 private slots:
  void suites_data() {
    QTest::addColumn<QString>("suite");
    for (const char* v : {"0.4", "0.5"})
      for (const char* s : {"image_suite", "strict_image_suite"})
        QTest::newRow((std::string(v) + "/" + s).c_str()) << QString("formats/ome_ngff_spec/%1/tests/%2.json").arg(v, s);
  }

  void suites() {
    QFETCH(QString, suite);
    const json doc = readFixtureJson(suite);
    QVERIFY2(doc.is_object() && doc.contains("tests"), qPrintable(suite));
    int agree = 0, total = 0;
    for (const json& t : doc["tests"]) {
      ++total;
      const bool expected = t["valid"].get<bool>();
      const Status s = validateOmeMultiscales(t["data"]);
      if (s.ok() == expected) {
        ++agree;
      } else {
        qWarning("%s: \"%s\" expected %s, validator says %s", qPrintable(suite),
                 t.value("formerly", t.value("description", "?")).c_str(), expected ? "valid" : "invalid",
                 s.ok() ? "valid" : s.error().message.c_str());
      }
    }
    qInfo("%s: %d of %d cases agree", qPrintable(suite), agree, total);
    QVERIFY(total >= 5);
    QCOMPARE(agree, total);
  }

  void invalidCasesNameTheRule() {
    const json bad = json::parse(R"({"multiscales":[{"axes":[{"name":"y","type":"space"},{"name":"x","type":"space"}],
      "datasets":[{"path":"0","coordinateTransformations":[{"type":"translation","translation":[1,1]}]}]}]})");
    const Status s = validateOmeMultiscales(bad);
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.find("scale") != std::string::npos);
  }

  void specExamples_data() {
    QTest::addColumn<QString>("file");
    for (const char* v : {"0.4", "0.5"})
      for (const char* f : {"multiscales_example.json", "multiscales_transformations.json"})
        QTest::newRow((std::string(v) + "/" + f).c_str())
            << QString("formats/ome_ngff_spec/%1/examples/multiscales_strict/%2").arg(v, f);
  }

  void specExamples() {
    QFETCH(QString, file);
    json doc = readFixtureJson(file, /*comments=*/true);  // JSONC: // comments
    QVERIFY2(doc.is_object(), qPrintable(file));
    const json attrs = doc.contains("attributes") ? doc["attributes"] : doc;  // 0.5: a whole zarr.json
    const Status s = validateOmeMultiscales(attrs);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    auto ms = parseOmeMultiscale(attrs, file.toStdString());
    QVERIFY(ms.ok());
    QVERIFY(!ms->levels.empty());
    QCOMPARE(ms->axes.size(), ms->levels[0].scale.size());
    QCOMPARE(ms->axes.back().name, std::string("x"));
  }

  void jsoncNeedsCommentMode() {
    const QByteArray text = "{\"a\": 1 // note\n}";
    QVERIFY(!parseJson(text, "t").ok());
    QVERIFY(parseJson(text, "t", true).ok());
  }

  void globalTransformsAreFolded() {
    const json attrs = json::parse(R"({"multiscales":[{"version":"0.4","axes":[{"name":"y","type":"space"},{"name":"x","type":"space"}],
      "datasets":[{"path":"0","coordinateTransformations":[{"type":"scale","scale":[1,2]},{"type":"translation","translation":[1,1]}]}],
      "coordinateTransformations":[{"type":"scale","scale":[10,10]},{"type":"translation","translation":[5,0]}]}]})");
    auto ms = parseOmeMultiscale(attrs, "t");
    QVERIFY(ms.ok());
    QCOMPARE(ms->levels[0].scale, (std::vector<double>{10, 20}));
    QCOMPARE(ms->levels[0].translation, (std::vector<double>{15, 10}));
  }

  void scaleCountMustMatchAxesWhenParsing() {
    // Valid for the schema (mismatch_axes_units), but not usable as a dataset.
    const json attrs = json::parse(R"({"multiscales":[{"axes":[{"name":"t","type":"time"},{"name":"y","type":"space"},{"name":"x","type":"space"}],
      "datasets":[{"path":"0","coordinateTransformations":[{"type":"scale","scale":[1,1]}]}]}]})");
    QVERIFY(validateOmeMultiscales(attrs).ok());
    QVERIFY(!parseOmeMultiscale(attrs, "t").ok());
  }
};

QTEST_GUILESS_MAIN(TestOmeNgffValidation)
#include "tst_omengff_validation.moc"
