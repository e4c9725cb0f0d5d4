// skeinctl nml stats | convert | merge | validate, driven as a user would run them.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "tests/integration/SkeinctlRun.h"
#include "tests/support/TestEnv.h"

using namespace skein::test;

namespace {
const QString kNml = "webknossos/nml__testdata_nmls__test_a.nml";
const QString kZip = "webknossos/annotationzip__testdata_annotations__l4_sample__explorational__suser__94b271.zip";

nlohmann::json statsOf(const QString& path) {
  const CliResult r = runSkeinctl({"nml", "stats", path});
  if (r.exitCode != 0) return {};
  return nlohmann::json::parse(r.out.toStdString(), nullptr, false);
}
}  // namespace

class TestSkeinctlNml : public QObject {
  Q_OBJECT
 private slots:
  void statsOfFixtures() {
    const auto s = statsOf(fixture(kNml));
    QVERIFY(s.is_object());
    QCOMPARE(s["trees"].get<int>(), 3);
    QCOMPARE(s["nodes"].get<int>(), 3);
    QCOMPARE(s["groups"].get<int>(), 2);
    QCOMPARE(s["flavor"].get<std::string>(), std::string("webknossos"));
    const auto z = statsOf(fixture(kZip));
    QVERIFY(z.is_object());
    QCOMPARE(z["volumes"].get<int>(), 1);
  }

  void convertRoundTripKeepsCounts() {
    QTemporaryDir dir;
    const QString zip = dir.filePath("a.zip"), back = dir.filePath("b.nml");
    QCOMPARE(runSkeinctl({"nml", "convert", fixture(kNml), zip}).exitCode, 0);
    QCOMPARE(runSkeinctl({"nml", "convert", zip, back}).exitCode, 0);
    const auto a = statsOf(fixture(kNml)), b = statsOf(back);
    QVERIFY(a.is_object() && b.is_object());
    for (const char* key : {"trees", "nodes", "edges", "groups", "comments", "branchpoints"})
      QCOMPARE(b[key].get<int>(), a[key].get<int>());
    QCOMPARE(b["boundingBox"], a["boundingBox"]);
  }

  void mergeAddsTrees() {
    QTemporaryDir dir;
    const QString out = dir.filePath("merged.nml");
    const CliResult r = runSkeinctl({"nml", "merge", fixture(kNml), fixture(kNml), "-o", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto m = statsOf(out);
    QVERIFY(m.is_object());
    QCOMPARE(m["trees"].get<int>(), 6);
    QCOMPARE(m["nodes"].get<int>(), 6);
  }

  void validateReportsLineAndColumn() {
    QCOMPARE(runSkeinctl({"nml", "validate", fixture(kNml)}).exitCode, 0);
    QTemporaryDir dir;
    const QString bad = dir.filePath("bad.nml");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("<things>\n  <thing id=\"1\">\n    <nodes><node id=\"1\" x=\"1\" y=\"2\" z=\"3\"></nodes>\n");
    f.close();
    const CliResult r = runSkeinctl({"nml", "validate", bad});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(isOneErrorLine(r.err), r.err.constData());
    QVERIFY2(QRegularExpression("bad\\.nml:\\d+:\\d+").match(QString::fromUtf8(r.err)).hasMatch(), r.err.constData());
  }

  void usageErrors() {
    QCOMPARE(runSkeinctl({"nml"}).exitCode, 2);
    QCOMPARE(runSkeinctl({"nml", "frobnicate"}).exitCode, 2);
    QCOMPARE(runSkeinctl({"nml", "merge", fixture(kNml)}).exitCode, 2);  // no -o
    const CliResult missing = runSkeinctl({"nml", "stats", "/nonexistent/file.nml"});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(isOneErrorLine(missing.err));
  }
};

QTEST_GUILESS_MAIN(TestSkeinctlNml)
#include "tst_skeinctl_nml.moc"
