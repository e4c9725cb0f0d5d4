// skeinctl help and error handling: usage errors exit 2, other failures exit 1, each with one
// "skeinctl: …" line on stderr and nothing on stdout.
#include <QTemporaryDir>
#include <QTest>

#include "tests/integration/SkeinctlRun.h"

using namespace skein;

class TestSkeinctlErrors : public QObject {
  Q_OBJECT

 private slots:
  void help_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("top") << QStringList{"--help"} << "dataset";
    QTest::newRow("array") << QStringList{"array", "--help"} << "cat";
    QTest::newRow("array info") << QStringList{"array", "info", "--help"} << "shard_shape";
    QTest::newRow("array cat") << QStringList{"array", "cat", "--help"} << "--output";
    QTest::newRow("dataset") << QStringList{"dataset", "--help"} << "read";
    QTest::newRow("dataset info") << QStringList{"dataset", "info", "--help"} << "--json";
    QTest::newRow("dataset read") << QStringList{"dataset", "read", "--help"} << "--box";
    QTest::newRow("sample") << QStringList{"sample", "--help"} << "create";
    QTest::newRow("sample create") << QStringList{"sample", "create", "--help"} << "--seed";
  }

  void help() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    auto r = test::runSkeinctl(args);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("usage: skeinctl"));
    QVERIFY2(r.out.contains(mentions.toUtf8()), r.out.constData());
    QVERIFY(r.err.isEmpty());
  }

  void failures_data() {
    const QString simple = test::fixture("formats/webknossos_libs/simple_zarr3_dataset");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no arguments") << QStringList{} << 2 << "";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "frobnicate";
    QTest::newRow("unknown subcommand") << QStringList{"dataset", "explode"} << 2 << "explode";
    QTest::newRow("missing url") << QStringList{"array", "cat"} << 2 << "URL";
    QTest::newRow("unknown option") << QStringList{"array", "info", simple, "--bogus"} << 2 << "--bogus";
    QTest::newRow("missing path (array)") << QStringList{"array", "info", "/nonexistent/skein/array"} << 1
                                          << "does not exist";
    QTest::newRow("missing path (dataset)") << QStringList{"dataset", "info", "/nonexistent/skein/ds"} << 1
                                            << "does not exist";
    QTest::newRow("not a dataset") << QStringList{"dataset", "info", test::fixture("formats")} << 1 << "no dataset";
    QTest::newRow("not an array") << QStringList{"array", "cat", simple} << 1 << "no array";
    QTest::newRow("bad box") << QStringList{"dataset", "read", simple, "--layer", "color", "--box", "1,2,3"} << 2
                             << "--box";
    QTest::newRow("negative box size") << QStringList{"dataset", "read", simple, "--layer", "color", "--box",
                                                      "0,0,0,4,-4,4"}
                                       << 2 << "--box";
    QTest::newRow("missing layer option") << QStringList{"dataset", "read", simple, "--box", "0,0,0,1,1,1"} << 2
                                          << "--layer";
    QTest::newRow("unknown layer") << QStringList{"dataset", "read", simple, "--layer", "nope", "--box", "0,0,0,1,1,1"}
                                   << 1 << "nope";
    QTest::newRow("unknown mag") << QStringList{"dataset", "read", simple, "--layer", "color", "--mag", "2", "--box",
                                                "0,0,0,1,1,1"}
                                 << 1 << "2-2-2";
    QTest::newRow("bad mag") << QStringList{"dataset", "read", simple, "--layer", "color", "--mag", "x", "--box",
                                            "0,0,0,1,1,1"}
                             << 2 << "--mag";
    QTest::newRow("bad sample format") << QStringList{"sample", "create", "/tmp/never", "--format", "tiff"} << 2
                                       << "--format";
    QTest::newRow("bad sample size") << QStringList{"sample", "create", "/tmp/never", "--size", "big"} << 2 << "--size";
    QTest::newRow("unwritable output") << QStringList{"array", "cat", simple + "/color/1", "-o",
                                                      "/nonexistent/dir/out.raw"}
                                       << 1 << "cannot create";
  }

  void failures() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    auto r = test::runSkeinctl(args);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, exitCode);
    if (!args.isEmpty()) {
      QVERIFY2(test::isOneErrorLine(r.err), r.err.constData());
      QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
      QVERIFY(r.out.isEmpty());
    } else {
      QVERIFY(r.err.contains("usage"));
    }
  }
};

QTEST_GUILESS_MAIN(TestSkeinctlErrors)
#include "tst_skeinctl_errors.moc"
