// skeinctl help and error handling: usage errors exit 2, other failures exit 1, each with one
// "skeinctl: …" line on stderr and nothing on stdout.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

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

  // A corrupt chunk of a real codec: one line naming the chunk, then the codec once, then what is wrong.
  void corruptBloscChunkNamesTheChunkAndCodec() {
    QTemporaryDir dir;
    const QString array = dir.filePath("b.zarr");
    QVERIFY(QDir().mkpath(array));
    writeBytes(array + "/.zarray",
               R"({"zarr_format": 2, "shape": [8], "chunks": [8], "dtype": "|u1", "fill_value": 0, "order": "C",)"
               R"( "filters": null, "compressor": {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1}})");
    // A blosc 1 header (version 2) that claims 64 bytes of frame in a 20-byte chunk.
    writeBytes(array + "/0", QByteArray("\x02\x01\x01\x01\x08\x00\x00\x00\x08\x00\x00\x00\x40\x00\x00\x00"
                                        "abcd", 20));
    auto r = test::runSkeinctl({"array", "cat", array});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(test::isOneErrorLine(r.err), r.err.constData());
    QVERIFY2(r.err.contains("b.zarr/0: blosc: frame header is inconsistent"), r.err.constData());
    QVERIFY(r.out.isEmpty());
  }

  // A failed command must not destroy or truncate the file it was told to write: output goes to a
  // temporary file beside it and replaces it only when complete.
  void failedOutputLeavesTheExistingFileAlone() {
    QTemporaryDir dir;
    const QString array = dir.filePath("a.zarr");
    QVERIFY(QDir().mkpath(array));
    writeBytes(array + "/.zarray",
               R"({"zarr_format": 2, "shape": [4, 4], "chunks": [2, 2], "dtype": "|u1", "compressor": null,)"
               R"( "fill_value": 0, "order": "C", "filters": null})");
    writeBytes(array + "/0.0", QByteArray("\x01\x02\x05\x06", 4));
    writeBytes(array + "/1.1", QByteArray("\x0b\x0c", 2));  // truncated: 2 of 4 bytes
    const QString out = dir.filePath("out.raw");
    writeBytes(out, "precious");
    QVERIFY(QFile::setPermissions(out, QFileDevice::ReadOwner | QFileDevice::WriteOwner));

    auto failed = test::runSkeinctl({"array", "cat", array, "-o", out});
    QCOMPARE(failed.exitCode, 1);
    QVERIFY2(test::isOneErrorLine(failed.err) && failed.err.contains("1.1"), failed.err.constData());
    QCOMPARE(readBytes(out), QByteArray("precious"));
    QCOMPARE(leftovers(dir.path()), QStringList());

    writeBytes(array + "/1.1", QByteArray("\x0b\x0c\x0f\x10", 4));
    auto ok = test::runSkeinctl({"array", "cat", array, "-o", out});
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(readBytes(out), QByteArray("\x01\x02\x00\x00\x05\x06\x00\x00\x00\x00\x0b\x0c\x00\x00\x0f\x10", 16));
    QCOMPARE(leftovers(dir.path()), QStringList());
    struct stat outStat {};
    QVERIFY(::stat(QFile::encodeName(out).constData(), &outStat) == 0);
    QCOMPARE(int(outStat.st_mode & 0777), 0600);  // kept from the file it replaced

    // Through a symbolic link the target is replaced and the link stays.
    const QString link = dir.filePath("link.raw");
    QVERIFY(QFile::link(out, link));
    writeBytes(out, "old");
    QCOMPARE(test::runSkeinctl({"array", "cat", array, "-o", link}).exitCode, 0);
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readBytes(out).size(), 16);

    // Devices are written directly, never replaced.
    QCOMPARE(test::runSkeinctl({"array", "cat", array, "-o", "/dev/null"}).exitCode, 0);
    struct stat devStat {};
    QVERIFY(::stat("/dev/null", &devStat) == 0 && S_ISCHR(devStat.st_mode));
  }

 private:
  static void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
  }
  static QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
  }
  static QStringList leftovers(const QString& dir) {
    // Whatever the temporary file is called: nothing but the output (and the link to it) may remain.
    QStringList extra = QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System);
    extra.removeAll(QStringLiteral("out.raw"));
    extra.removeAll(QStringLiteral("link.raw"));
    return extra;
  }
};

QTEST_GUILESS_MAIN(TestSkeinctlErrors)
#include "tst_skeinctl_errors.moc"
