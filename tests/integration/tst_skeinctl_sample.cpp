// skeinctl sample create in each format, then dataset info --json and dataset read compared with
// the generator's own bytes; python3-zarr reads the zarr v2 and N5 output like `array cat`.
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "core/sample/EmVolume.h"
#include "core/sample/SampleDataset.h"
#include "tests/integration/SkeinctlRun.h"

using namespace skein;
using nlohmann::json;

namespace {

constexpr int kSize = 64;
constexpr std::uint64_t kSeed = 5;

QByteArray generatorBytes(const Box3i& magBox, int level, bool segmentation) {
  const sample::EmVolume v({kSeed, {kSize, kSize, kSize}, 40});
  QByteArray out(static_cast<qsizetype>(magBox.volume() * (segmentation ? 4 : 1)), '\0');
  if (segmentation) v.fillMag(magBox, level, nullptr, reinterpret_cast<std::uint32_t*>(out.data()));
  else v.fillMag(magBox, level, reinterpret_cast<std::uint8_t*>(out.data()), nullptr);
  return out;
}

QString box(const Box3i& b) { return QString::fromStdString(b.toString()); }

QByteArray sha256(const QByteArray& b) { return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex(); }

}  // namespace

class TestSkeinctlSample : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir tmp_;

  QString datasetDir(const QString& format) const { return tmp_.filePath(format); }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QVERIFY2(QFile::exists(test::skeinctlPath()), qPrintable(test::skeinctlPath()));
  }

  void createAndRead_data() {
    QTest::addColumn<QString>("format");
    for (const char* f : {"zarr3", "zarr", "wkw", "n5"}) QTest::newRow(f) << f;
  }

  void createAndRead() {
    QFETCH(QString, format);
    const QString dir = datasetDir(format);
    auto r = test::runSkeinctl({"sample", "create", dir, "--size", QString::number(kSize), "--format", format, "--seed",
                                QString::number(kSeed)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QFile::exists(dir + "/datasource-properties.json"));

    r = test::runSkeinctl({"dataset", "info", dir, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const json info = json::parse(r.out.constData());
    QVERIFY(info["kind"] == "webknossos");
    QVERIFY(info["voxelSize"]["factor"] == json::array({8.0, 8.0, 8.0}));
    QVERIFY(info["voxelSize"]["unit"] == "nanometer");
    QCOMPARE(info["layers"].size(), std::size_t{2});
    const json& color = info["layers"][0];
    const json& seg = info["layers"][1];
    QVERIFY(color["name"] == "color");
    QVERIFY(color["category"] == "color");
    QVERIFY(color["dtype"] == "uint8");
    QVERIFY(color["dataFormat"] == format.toStdString());
    QVERIFY(color["boundingBox"]["width"] == kSize);
    QCOMPARE(color["mags"].size(), std::size_t{4});
    QVERIFY(color["mags"][3]["mag"] == json::array({8, 8, 8}));
    QVERIFY(seg["category"] == "segmentation");
    QVERIFY(seg["dtype"] == "uint32");
    const sample::EmVolume v({kSeed, {kSize, kSize, kSize}, 40});
    QCOMPARE(seg["largestSegmentId"].get<std::uint64_t>(), std::uint64_t(v.largestSegmentId()));

    // Whole mag 1 color.
    const Box3i whole{{0, 0, 0}, {kSize, kSize, kSize}};
    r = test::runSkeinctl({"dataset", "read", dir, "--layer", "color", "--mag", "1", "--box", box(whole)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out == generatorBytes(whole, 0, false));

    // Mag 2, a box at an offset (position in mag-1 voxels, size in mag-2 voxels), to a file.
    const QString file = tmp_.filePath(format + "-seg.raw");
    r = test::runSkeinctl({"dataset", "read", dir, "--layer", "segmentation", "--mag", "2-2-2", "--box",
                           "16,8,0,12,20,10", "-o", file});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll() == generatorBytes({{8, 4, 0}, {12, 20, 10}}, 1, true));

    // Mag 8 color, partly outside the data (reads 0 there).
    r = test::runSkeinctl({"dataset", "read", dir, "--layer", "color", "--mag", "8", "--box", "0,0,0,10,8,8"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray inside = generatorBytes({{0, 0, 0}, {8, 8, 8}}, 3, false);
    QCOMPARE(r.out.size(), qsizetype(10 * 8 * 8));
    for (int z = 0; z < 8; ++z)
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 10; ++x) {
          const char expected = x < 8 ? inside[(z * 8 + y) * 8 + x] : '\0';
          QCOMPARE(r.out[(z * 8 + y) * 10 + x], expected);
        }
  }

  void sameSeedSameBytes() {
    const QString a = tmp_.filePath("det-a"), b = tmp_.filePath("det-b");
    for (const QString& d : {a, b})
      QCOMPARE(test::runSkeinctl({"sample", "create", d, "--size", "48", "--format", "zarr", "--seed", "9"}).exitCode, 0);
    auto ra = test::runSkeinctl({"array", "cat", a + "/segmentation/1"});
    auto rb = test::runSkeinctl({"array", "cat", b + "/segmentation/1"});
    QCOMPARE(ra.exitCode, 0);
    QVERIFY(ra.out == rb.out);
    QCOMPARE(test::runSkeinctl({"sample", "create", tmp_.filePath("det-c"), "--size", "48", "--format", "zarr", "--seed",
                                "10"})
                 .exitCode,
             0);
    auto rc = test::runSkeinctl({"array", "cat", tmp_.filePath("det-c") + "/segmentation/1"});
    QVERIFY(ra.out != rc.out);
  }

  void refusesNonEmptyDirectory() {
    const QString dir = tmp_.filePath("busy");
    QVERIFY(QDir().mkpath(dir));
    QFile f(dir + "/something");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    auto r = test::runSkeinctl({"sample", "create", dir, "--size", "16"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(test::isOneErrorLine(r.err));
    QCOMPARE(test::runSkeinctl({"sample", "create", dir, "--size", "16", "--force"}).exitCode, 0);
  }

  void pythonZarrReadsOurOutput_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("array");
    QTest::newRow("zarr color/1") << "zarr" << "color/1";
    QTest::newRow("zarr segmentation/2") << "zarr" << "segmentation/2";
    QTest::newRow("n5 color/1") << "n5" << "color/1";
    QTest::newRow("n5 segmentation/1") << "n5" << "segmentation/1";
  }

  void pythonZarrReadsOurOutput() {
    QFETCH(QString, format);
    QFETCH(QString, array);
    const QString python = "/usr/bin/python3";
    const auto probe = test::runProgram(python, {"-c", "import zarr, numpy"});
    if (probe.exitCode != 0) {
      QFAIL("python3-zarr is missing (/usr/bin/python3 cannot import zarr); scripts/install-deps.sh installs it");
    }
    const QString dir = datasetDir(format);
    if (!QFile::exists(dir + "/datasource-properties.json"))
      QCOMPARE(test::runSkeinctl({"sample", "create", dir, "--size", QString::number(kSize), "--format", format,
                                  "--seed", QString::number(kSeed)})
                   .exitCode,
               0);
    const QString script =
        "import sys, hashlib, zarr, numpy as np\n"
        "fmt, root, path = sys.argv[1:4]\n"
        "a = zarr.open(root + '/' + path, mode='r') if fmt == 'zarr' else zarr.open(zarr.N5Store(root), mode='r')[path]\n"
        "d = np.ascontiguousarray(a[...])\n"
        "d = d.astype(d.dtype.newbyteorder('<'))\n"
        "print(hashlib.sha256(d.tobytes()).hexdigest(), list(a.shape))\n";
    auto py = test::runProgram(python, {"-c", script, format, dir, array});
    QVERIFY2(py.exitCode == 0, py.err.constData());
    auto cat = test::runSkeinctl({"array", "cat", dir + "/" + array});
    QVERIFY2(cat.exitCode == 0, cat.err.constData());
    const QByteArray pyHash = py.out.split(' ').first();
    QCOMPARE(pyHash, sha256(cat.out));
  }
};

QTEST_GUILESS_MAIN(TestSkeinctlSample)
#include "tst_skeinctl_sample.moc"
