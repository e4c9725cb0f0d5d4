// skeinctl array info / cat on fixture arrays, compared with their closed-form values.
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include <nlohmann/json.hpp>

#include "tests/integration/SkeinctlRun.h"

using namespace skein;
using nlohmann::json;

namespace {

std::uint8_t simpleValue(int x, int y, int z) { return static_cast<std::uint8_t>((576 * x + 24 * y + z) & 255); }

}  // namespace

class TestSkeinctlArray : public QObject {
  Q_OBJECT

 private slots:
  void infoZarr3Sharded() {
    auto r = test::runSkeinctl(
        {"array", "info", test::fixture("formats/webknossos_libs/simple_zarr3_dataset/color/1")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const json j = json::parse(r.out.constData());
    QVERIFY(j["format"] == "zarr3");
    QVERIFY(j["shape"] == json::array({3, 24, 24, 24}));
    QVERIFY(j["dtype"] == "uint8");
    QVERIFY(j["chunk_shape"] == json::array({3, 16, 16, 16}));
    QVERIFY(j["shard_shape"] == json::array({3, 32, 32, 32}));
    QVERIFY(j["fill_value"] == 0);
    QVERIFY(j["dimension_names"] == json::array({"c", "x", "y", "z"}));
    QVERIFY(!j["codecs"].is_null());
  }

  void infoZarr2AndN5() {
    auto r = test::runSkeinctl({"array", "info", test::fixture("formats/neuroglancer/ome_zarr/simple_0.4/scale0/image/.zarray")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    json j = json::parse(r.out.constData());
    QVERIFY(j["format"] == "zarr2");
    QVERIFY(j["shape"] == json::array({10, 10}));
    QVERIFY(j["dtype"] == "uint16");
    QVERIFY(j["shard_shape"].is_null());

    r = test::runSkeinctl({"array", "info", test::fixture("formats/webknossos_libs/simple_n5_dataset/color/1")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    j = json::parse(r.out.constData());
    QVERIFY(j["format"] == "n5");
    QVERIFY(j["shape"] == json::array({24, 24, 24, 3}));  // N5 [3,24,24,24] reversed
    QVERIFY(j["chunk_shape"] == json::array({32, 32, 32, 1}));
    QVERIFY(j["dtype"] == "uint32");
  }

  void catCxyz_data() {
    QTest::addColumn<QString>("path");
    QTest::newRow("zarr3 sharded") << "formats/webknossos_libs/simple_zarr3_dataset/color/1";
    QTest::newRow("zarr v2") << "formats/webknossos_libs/simple_zarr_dataset/color/1-1-1";
  }

  void catCxyz() {
    QFETCH(QString, path);
    auto r = test::runSkeinctl({"array", "cat", test::fixture(path)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out.size(), qsizetype(3 * 24 * 24 * 24));
    for (int c = 0; c < 3; ++c)
      for (int x = 0; x < 24; ++x)
        for (int y = 0; y < 24; ++y)
          for (int z = 0; z < 24; ++z)
            QCOMPARE(std::uint8_t(r.out[((c * 24 + x) * 24 + y) * 24 + z]), simpleValue(x, y, z));
    QCOMPARE(QCryptographicHash::hash(r.out, QCryptographicHash::Sha256).toHex(),
             QByteArray("d7b8109d508a4b15c8e9ff4145b346f5516dd9b06662515831b7dee0927286b7"));
  }

  void catN5IsReversedAndLittleEndian() {
    QTemporaryDir tmp;
    const QString file = tmp.filePath("n5.raw");
    auto r = test::runSkeinctl(
        {"array", "cat", test::fixture("formats/webknossos_libs/simple_n5_dataset/color/1"), "-o", file});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.isEmpty());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QCOMPARE(data.size(), qsizetype(24 * 24 * 24 * 3 * 4));
    for (int z = 0; z < 24; ++z)
      for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 24; ++x)
          for (int c = 0; c < 3; ++c) {
            std::uint32_t v;
            std::memcpy(&v, data.constData() + 4 * (((z * 24 + y) * 24 + x) * 3 + c), 4);
            QCOMPARE(v, std::uint32_t(simpleValue(x, y, z)));
          }
  }

  void catOmeArange() {
    auto r = test::runSkeinctl({"array", "cat", test::fixture("formats/neuroglancer/ome_zarr/simple_0.5/scale0/image")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out.size(), qsizetype(200));
    for (int i = 0; i < 100; ++i) {
      std::uint16_t v;
      std::memcpy(&v, r.out.constData() + 2 * i, 2);
      QCOMPARE(int(v), i);  // arange(100)
    }
  }

  void catStreamsLargeArray() {
    // A sample array with several chunk rows: output equals `dataset read` of the same mag.
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("s");
    QCOMPARE(test::runSkeinctl({"sample", "create", dir, "--size", "96", "--format", "zarr3"}).exitCode, 0);
    auto cat = test::runSkeinctl({"array", "cat", dir + "/color/1"});
    QVERIFY2(cat.exitCode == 0, cat.err.constData());
    auto read = test::runSkeinctl({"dataset", "read", dir, "--layer", "color", "--mag", "1", "--box", "0,0,0,96,96,96"});
    QVERIFY2(read.exitCode == 0, read.err.constData());
    QCOMPARE(cat.out.size(), qsizetype(96 * 96 * 96));
    QVERIFY(cat.out == read.out);  // [c=1, z, y, x] C order = x fastest
  }
};

QTEST_GUILESS_MAIN(TestSkeinctlArray)
#include "tst_skeinctl_array.moc"
