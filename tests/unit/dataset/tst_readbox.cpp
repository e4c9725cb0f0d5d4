// readBox: the webKnossos data-endpoint byte layout (position in mag-1 voxels, size in target-mag
// voxels, channel fastest, then x, y, z) on the fixture datasets, checked against known values.
#include <QCryptographicHash>
#include <QFile>
#include <QTest>

#include "core/dataset/JsonRead.h"
#include "core/dataset/MagArray.h"
#include "core/dataset/ReadBox.h"
#include "tests/unit/dataset/DatasetTestUtil.h"

using namespace skein;

namespace {

std::uint8_t u8(const QByteArray& b, std::int64_t i) { return static_cast<std::uint8_t>(b[static_cast<qsizetype>(i)]); }

std::uint16_t u16(const QByteArray& b, std::int64_t i) {
  std::uint16_t v;
  std::memcpy(&v, b.constData() + 2 * i, 2);
  return v;
}

}  // namespace

class TestReadBox : public QObject {
  Q_OBJECT

 private slots:
  void simpleDatasets_data() {
    QTest::addColumn<QString>("dir");
    QTest::newRow("zarr") << "simple_zarr_dataset";
    QTest::newRow("zarr3") << "simple_zarr3_dataset";
    QTest::newRow("n5 (uint32 stored)") << "simple_n5_dataset";
  }

  void simpleDatasets() {
    QFETCH(QString, dir);
    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/" + dir);
    QByteArray out;
    const Status s = readDatasetBox(&opener, ds, "color", {1, 1, 1}, {{0, 0, 0}, {24, 24, 24}}, out);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    QCOMPARE(out.size(), qsizetype(3 * 24 * 24 * 24));
    int wrong = 0;
    for (int z = 0; z < 24; ++z)
      for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 24; ++x)
          for (int c = 0; c < 3; ++c)
            if (u8(out, c + 3 * (x + 24 * (y + 24 * z))) != test::simpleValue(x, y, z)) ++wrong;
    QCOMPARE(wrong, 0);
    // Checksum from expected.json: the buffer in C order over [c, x, y, z].
    QByteArray cxyz(out.size(), 0);
    for (int c = 0; c < 3; ++c)
      for (int x = 0; x < 24; ++x)
        for (int y = 0; y < 24; ++y)
          for (int z = 0; z < 24; ++z)
            cxyz[((c * 24 + x) * 24 + y) * 24 + z] = out[c + 3 * (x + 24 * (y + 24 * z))];
    QCOMPARE(QCryptographicHash::hash(cxyz, QCryptographicHash::Sha256).toHex(),
             QByteArray("d7b8109d508a4b15c8e9ff4145b346f5516dd9b06662515831b7dee0927286b7"));
  }

  void boxPartlyOutsideReadsFill() {
    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/simple_zarr3_dataset");
    QByteArray out;
    QVERIFY(readDatasetBox(&opener, ds, "color", {1, 1, 1}, {{20, -2, 5}, {8, 4, 2}}, out).ok());
    QCOMPARE(out.size(), qsizetype(3 * 8 * 4 * 2));
    for (int z = 0; z < 2; ++z)
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 8; ++x) {
          const int ax = 20 + x, ay = -2 + y, az = 5 + z;
          const bool inside = ax < 24 && ay >= 0;
          const std::uint8_t expected = inside ? test::simpleValue(ax, ay, az) : 0;
          QCOMPARE(u8(out, 2 + 3 * (x + 8 * (y + 4 * z))), expected);
        }
  }

  void wkwAllZero() {
    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/simple_wkw_dataset");
    QByteArray out;
    const Status s = readDatasetBox(&opener, ds, "color", {1, 1, 1}, {{0, 0, 0}, {24, 24, 24}}, out);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    QCOMPARE(QCryptographicHash::hash(out, QCryptographicHash::Sha256).toHex(),
             QByteArray("7bc2e3a66be154befef21a91a6fad85db1263898b0fb66a90c12de285c76e411"));
  }

  void l4SampleSnipped() {
    QFile f(test::fixture("formats/webknossos_libs/expected.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto expected = parseJson(f.readAll(), "expected.json");
    QVERIFY(expected.ok());
    const auto& l4 = (*expected)["l4_sample_snipped"];

    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/l4_sample_snipped");
    const Box3i bbox = ds.findLayer("color")->boundingBox;
    QByteArray out;
    const Status s = readDatasetBox(&opener, ds, "color", {1, 1, 1}, bbox, out);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    // Our layout is Fortran order over (x, y, z), as the checksum's buffer.
    QCOMPARE(QCryptographicHash::hash(out, QCryptographicHash::Sha256).toHex().toStdString(),
             l4["bbox_checksum_fortran_xyz"]["sha256"].get<std::string>());
    for (auto it = l4["sample_voxels"].begin(); it != l4["sample_voxels"].end(); ++it) {
      if (!it.value().is_number()) continue;
      const auto p = parseMagString(it.key());  // "x,y,z"
      QVERIFY(p);
      QByteArray one;
      QVERIFY(readDatasetBox(&opener, ds, "color", {1, 1, 1}, {*p, {1, 1, 1}}, one).ok());
      QCOMPARE(int(u8(one, 0)), it.value().get<int>());
    }
    const auto row = l4["sample_voxels"]["x 3164..3173 at y=3212,z=1017"];
    QVERIFY(row.is_array());
    for (int i = 0; i < 10; ++i) QCOMPARE(int(u8(out, i)), row[static_cast<std::size_t>(i)].get<int>());
  }

  void omeMags() {
    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/neuroglancer/ome_zarr/simple_0.4");
    const Layer& layer = ds.layers.at(0);
    QByteArray out;
    QVERIFY(readBox(layer, *layer.findMag({1, 1, 1}), {{0, 0, 0}, {10, 10, 1}}, out).ok());
    for (int y = 0; y < 10; ++y)
      for (int x = 0; x < 10; ++x) QCOMPARE(u16(out, x + 10 * y), std::uint16_t(10 * y + x));
    // Mag 2-2-1: position in mag-1 voxels (4, 2) → mag-2 voxel (2, 1); expected.json scale1[1][2] = 23.
    QVERIFY(readBox(layer, *layer.findMag({2, 2, 1}), {{4, 2, 0}, {3, 2, 1}}, out).ok());
    QCOMPARE(out.size(), qsizetype(3 * 2 * 2));
    QCOMPARE(u16(out, 0), std::uint16_t(23));
    QCOMPARE(u16(out, 1), std::uint16_t(25));
    QCOMPARE(u16(out, 3), std::uint16_t(43));  // scale1[2][2]
    QVERIFY(readBox(layer, *layer.findMag({4, 4, 1}), {{0, 0, 0}, {2, 2, 1}}, out).ok());
    QCOMPARE(u16(out, 0), std::uint16_t(5));
    QCOMPARE(u16(out, 3), std::uint16_t(42));
    // The image has no z axis: only z = 0 holds data, the rest reads as fill.
    QVERIFY(readBox(layer, *layer.findMag({1, 1, 1}), {{0, 0, -1}, {2, 1, 3}}, out).ok());
    QCOMPARE(u16(out, 0), std::uint16_t(0));
    QCOMPARE(u16(out, 2), std::uint16_t(0));
    QCOMPARE(u16(out, 3), std::uint16_t(1));
    QCOMPARE(u16(out, 4), std::uint16_t(0));
  }

  void badRequests() {
    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/simple_zarr3_dataset");
    QByteArray out;
    Layer& layer = ds.layers.at(0);
    // Not opened yet.
    QVERIFY(!readBox(layer, layer.mags[0], {{0, 0, 0}, {1, 1, 1}}, out).ok());
    QVERIFY(readDatasetBox(&opener, ds, "color", {1, 1, 1}, {{0, 0, 0}, {0, 0, 0}}, out).ok());
    QCOMPARE(out.size(), qsizetype(0));
    Status s = readDatasetBox(&opener, ds, "color", {1, 1, 1}, {{0, 0, 0}, {1, -1, 1}}, out);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, ErrorCode::InvalidArgument);
    s = readDatasetBox(&opener, ds, "color", {1, 1, 1}, {{0, 0, 0}, {100000, 100000, 100000}}, out);
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.find("larger") != std::string::npos);
    s = readDatasetBox(&opener, ds, "nope", {1, 1, 1}, {{0, 0, 0}, {1, 1, 1}}, out);
    QCOMPARE(s.error().code, ErrorCode::NotFound);
    QVERIFY(s.error().message.find("color") != std::string::npos);  // lists the layers
    s = readDatasetBox(&opener, ds, "color", {2, 2, 2}, {{0, 0, 0}, {1, 1, 1}}, out);
    QCOMPARE(s.error().code, ErrorCode::NotFound);
  }

  void axisMaps() {
    const AxisMap named = axisMapFromNames({"c", "z", "Y", "x"});
    QCOMPARE(named.c, 0);
    QCOMPARE(named.z, 1);
    QCOMPARE(named.y, 2);
    QCOMPARE(named.x, 3);
    const AxisMap d = defaultAxisMap(2);
    QCOMPARE(d.x, 1);
    QCOMPARE(d.y, 0);
    QCOMPARE(d.z, -1);
    QVERIFY(checkAxisMap({0, 1, 2, -1}, 3, "t").ok());
    QVERIFY(!checkAxisMap({0, 0, 2, -1}, 3, "t").ok());
    QVERIFY(!checkAxisMap({0, 1, 5, -1}, 3, "t").ok());
    QVERIFY(!checkAxisMap({-1, 1, 2, -1}, 3, "t").ok());
  }
};

QTEST_GUILESS_MAIN(TestReadBox)
#include "tst_readbox.moc"
