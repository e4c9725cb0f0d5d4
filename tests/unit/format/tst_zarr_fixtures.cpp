// Conformance of the Zarr v2/v3 readers on third-party fixtures (read in place).

#include <QCryptographicHash>
#include <QFile>
#include <QtTest>

#include <cmath>

#include "core/format/Zarr2Array.h"
#include "core/format/Zarr3Array.h"
#include "core/format/ZarrJson.h"
#include "tests/unit/format/ZarrTestUtil.h"

using namespace skein;
using namespace skein::test;

namespace {

nlohmann::json loadJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return nullptr;
  return nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
}

void flatten(const nlohmann::json& v, std::vector<double>& out) {
  if (v.is_array()) {
    for (const auto& e : v) flatten(e, out);
  } else if (v.is_boolean()) {
    out.push_back(v.get<bool>() ? 1.0 : 0.0);
  } else {
    out.push_back(v.get<double>());
  }
}

// Every element equals `expected`; returns the first mismatch as text (empty when all match).
QString compareValues(const QByteArray& data, DataType type, const std::vector<double>& expected) {
  const auto count = static_cast<std::int64_t>(data.size() / static_cast<qsizetype>(dataTypeSize(type)));
  if (count != static_cast<std::int64_t>(expected.size()))
    return QString("element count %1, expected %2").arg(count).arg(expected.size());
  for (std::int64_t i = 0; i < count; ++i) {
    const double got = elementAsDouble(data, i, type);
    if (got != expected[i]) return QString("element %1 is %2, expected %3").arg(i).arg(got).arg(expected[i]);
  }
  return {};
}

std::uint16_t u16Value(std::int64_t z, std::int64_t y, std::int64_t x) {
  return static_cast<std::uint16_t>((x * x + 3 * y * y + 7 * z * z + x * y * z) & 0xFFFF);
}

Result<std::shared_ptr<ChunkedArray>> openZarritaArray(const std::string& path) {
  // "v2/data.zarr/1d.contiguous.i2" -> store zarrita_js/v2/data.zarr, key 1d.contiguous.i2
  const std::size_t cut = path.find("data.zarr/") + std::string("data.zarr/").size();
  const QString root = "formats/zarrita_js/" + QString::fromStdString(path.substr(0, cut - 1));
  const std::string key = path.substr(cut);
  auto store = fixtureStore(root);
  return path.rfind("v2/", 0) == 0 ? openZarr2Array(store, key) : openZarr3Array(store, key);
}

}  // namespace

class TestZarrFixtures : public QObject {
  Q_OBJECT
 private slots:
  void zarritaArrays_data() {
    QTest::addColumn<QString>("path");
    const nlohmann::json expected = loadJson(fixture("formats/zarrita_js/expected.json"));
    QVERIFY(expected.is_object());
    QCOMPARE(expected["arrays"].size(), std::size_t(57));
    for (auto it = expected["arrays"].begin(); it != expected["arrays"].end(); ++it)
      QTest::newRow(it.key().c_str()) << QString::fromStdString(it.key());
  }
  void zarritaArrays() {
    QFETCH(QString, path);
    const nlohmann::json expected = loadJson(fixture("formats/zarrita_js/expected.json"))["arrays"][path.toStdString()];
    auto array = openZarritaArray(path.toStdString());
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    const ArrayMeta& m = (*array)->meta();
    QCOMPARE(nlohmann::json(m.shape), expected["shape"]);
    for (int threads : {1, 3}) {
      auto data = readWholeArray(**array, threads);
      QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
      std::vector<double> values;
      flatten(expected["values"], values);
      const QString mismatch = compareValues(*data, m.dtype, values);
      QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }
  }

  void zarritaMetadata() {
    auto store = fixtureStore("formats/zarrita_js/v3/data.zarr");
    auto sharded = openZarr3Array(store, "3d.chunked.compressed.sharded.i2");
    QVERIFY(sharded.ok());
    QCOMPARE((*sharded)->meta().format, std::string("zarr3"));
    QCOMPARE((*sharded)->meta().chunkShape, (Shape{1, 1, 1}));
    QCOMPARE((*sharded)->meta().shardShape, (Shape{2, 2, 2}));
    QCOMPARE((*sharded)->meta().codecs[0]["name"], "sharding_indexed");
    QCOMPARE((*sharded)->chunkKey(Shape{3, 1, 2}), std::string("3d.chunked.compressed.sharded.i2/c/1/0/1"));
    // Missing chunk c/0/0/0 of 3d.chunked.i2 reads as absent (fill).
    auto chunked = openZarr3Array(store, "3d.chunked.i2");
    QVERIFY(chunked.ok());
    auto missing = (*chunked)->readChunk(Shape{0, 0, 0});
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());
    QVERIFY((*chunked)->meta().shardShape.empty());
    // v2 key encoding, F order flag and dtype.
    auto v2 = openZarr2Array(fixtureStore("formats/zarrita_js/v2/data.zarr"), "3d.chunked.mixed.i2.F");
    QVERIFY(v2.ok());
    QCOMPARE((*v2)->meta().format, std::string("zarr2"));
    QCOMPARE((*v2)->meta().codecs["order"], "F");
    QCOMPARE((*v2)->chunkKey(Shape{0, 0, 2}), std::string("3d.chunked.mixed.i2.F/0.0.2"));
  }

  void zarritaConsolidatedV2() {
    auto store = fixtureStore("formats/zarrita_js/v2/data.zarr");
    auto zmetadata = zarr::readZarrJson(*store, ".zmetadata");
    QVERIFY(zmetadata.ok());
    auto array = openZarr2ArrayConsolidated(store, "2d.chunked.ragged.i2", *zmetadata);
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    auto data = readWholeArray(**array);
    QVERIFY(data.ok());
    QCOMPARE(compareValues(*data, DataType::Int16, {1, 2, 3, 4, 5, 6, 7, 8, 9}), QString());
    auto absent = openZarr2ArrayConsolidated(store, "no.such.array", *zmetadata);
    QVERIFY(!absent.ok());
    QCOMPARE(absent.error().code, ErrorCode::NotFound);
  }

  void zarritaConsolidatedV3() {
    auto store = fixtureStore("formats/zarrita_js/v3/data.zarr");
    auto group = zarr::readZarrJson(*store, "consolidated/zarr.json");
    QVERIFY(group.ok());
    auto doc = findConsolidatedZarr3(*group, "nested/1d.i2");
    QVERIFY(doc.has_value());
    auto array = openZarr3Array(store, "consolidated/nested/1d.i2", *doc);
    QVERIFY(array.ok());
    auto data = readWholeArray(**array);
    QVERIFY(data.ok());
    QCOMPARE(compareValues(*data, DataType::Int16, {10, 20, 30, 40}), QString());
    QVERIFY(!findConsolidatedZarr3(*group, "nested/none").has_value());
  }

  void zarrPython213_data() {
    QTest::addColumn<QString>("name");
    const nlohmann::json expected = loadJson(fixture("formats/zarr_python_2.13_debian/expected.json"));
    QVERIFY(expected.is_object());
    QVERIFY(expected["arrays"].size() >= 27);
    for (auto it = expected["arrays"].begin(); it != expected["arrays"].end(); ++it)
      QTest::newRow(it.key().c_str()) << QString::fromStdString(it.key());
  }
  void zarrPython213() {
    QFETCH(QString, name);
    auto array = openZarr2Array(fixtureStore("formats/zarr_python_2.13_debian/v2.zarr"), name.toStdString());
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().shape, (Shape{20, 30, 40}));
    QCOMPARE((*array)->meta().chunkShape, (Shape{8, 16, 16}));
    auto data = readWholeArray(**array, 2);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    const bool labels = name.startsWith("u64"), f32 = name.startsWith("f32"), sparse = name.contains("sparse");
    std::int64_t i = 0;
    for (std::int64_t z = 0; z < 20; ++z)
      for (std::int64_t y = 0; y < 30; ++y)
        for (std::int64_t x = 0; x < 40; ++x, ++i) {
          if (labels) {
            const std::uint64_t want = std::uint64_t(x / 5 + 10 * (y / 7) + 100 * (z / 3)) + (std::uint64_t(1) << 40);
            if (elementAt<std::uint64_t>(*data, i) != want) QFAIL(qPrintable(QString("u64 mismatch at %1").arg(i)));
          } else if (f32) {
            const float want = static_cast<float>(std::sin(x / 5.0) * std::cos(y / 7.0) + z * 0.25);
            if (std::fabs(elementAt<float>(*data, i) - want) > 1e-6f * std::max(1.0f, std::fabs(want)))
              QFAIL(qPrintable(QString("f32 mismatch at %1").arg(i)));
          } else {
            std::uint16_t want = u16Value(z, y, x);
            if (sparse && !(z < 8 && y < 16 && x < 16)) want = 42;
            if (elementAt<std::uint16_t>(*data, i) != want)
              QFAIL(qPrintable(QString("u16 mismatch at z=%1 y=%2 x=%3").arg(z).arg(y).arg(x)));
          }
        }
  }

  void derivedShardingIndexStart_data() {
    QTest::addColumn<QString>("dir");
    QTest::newRow("crc32c") << "formats/derived_test_vectors/zarr_v3_sharding_index_start_crc32c";
    QTest::newRow("nocrc") << "formats/derived_test_vectors/zarr_v3_sharding_index_start_nocrc";
  }
  void derivedShardingIndexStart() {
    QFETCH(QString, dir);
    auto array = openZarr3Array(fixtureStore(dir), "2d.chunked.compressed.sharded.i2");
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    auto data = readWholeArray(**array);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    std::vector<double> expected;
    for (int v = 1; v <= 16; ++v) expected.push_back(v);
    QCOMPARE(compareValues(*data, DataType::Int16, expected), QString());
  }

  void webknossosSimpleDatasets_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("key");
    QTest::newRow("zarr2") << 2 << "formats/webknossos_libs/simple_zarr_dataset" << "color/1-1-1";
    QTest::newRow("zarr3") << 3 << "formats/webknossos_libs/simple_zarr3_dataset" << "color/1";
  }
  void webknossosSimpleDatasets() {
    QFETCH(int, version);
    QFETCH(QString, dir);
    QFETCH(QString, key);
    auto store = fixtureStore(dir);
    auto array = version == 2 ? openZarr2Array(store, key.toStdString()) : openZarr3Array(store, key.toStdString());
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE((*array)->meta().shape, (Shape{3, 24, 24, 24}));
    QCOMPARE((*array)->meta().dtype, DataType::UInt8);
    if (version == 3) {
      QCOMPARE((*array)->meta().dimensionNames, (std::vector<std::string>{"c", "x", "y", "z"}));
      QCOMPARE((*array)->meta().shardShape, (Shape{3, 32, 32, 32}));
    }
    auto data = readWholeArray(**array, 2);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    QCOMPARE(QCryptographicHash::hash(*data, QCryptographicHash::Sha256).toHex(),
             QByteArray("d7b8109d508a4b15c8e9ff4145b346f5516dd9b06662515831b7dee0927286b7"));
    // value(c,x,y,z) = (576x + 24y + z) mod 256
    QCOMPARE(elementAt<std::uint8_t>(*data, ((2 * 24 + 5) * 24 + 7) * 24 + 11), std::uint8_t((576 * 5 + 24 * 7 + 11) % 256));
  }

  void omeZarrScales_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("scale");
    for (int v : {4, 5})
      for (const char* s : {"scale0", "scale1", "scale2"})
        QTest::newRow(qPrintable(QString("0.%1/%2").arg(v).arg(s))) << v << QString(s);
  }
  void omeZarrScales() {
    QFETCH(int, version);
    QFETCH(QString, scale);
    const nlohmann::json expected = loadJson(fixture("formats/neuroglancer/ome_zarr/expected.json"))[scale.toStdString()];
    auto store = fixtureStore(QString("formats/neuroglancer/ome_zarr/simple_0.%1").arg(version));
    const std::string key = scale.toStdString() + "/image";
    auto array = version == 4 ? openZarr2Array(store, key) : openZarr3Array(store, key);
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    std::vector<double> values;
    flatten(expected, values);
    auto data = readWholeArray(**array);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().message.c_str());
    QCOMPARE(compareValues(*data, DataType::UInt16, values), QString());
    // The consolidated metadata gives the same array.
    if (version == 4) {
      auto zmetadata = zarr::readZarrJson(*store, ".zmetadata");
      QVERIFY(zmetadata.ok());
      auto consolidated = openZarr2ArrayConsolidated(store, key, *zmetadata);
      QVERIFY(consolidated.ok());
      QCOMPARE((*consolidated)->meta().shape, (*array)->meta().shape);
    } else {
      auto root = zarr::readZarrJson(*store, "zarr.json");
      QVERIFY(root.ok());
      auto doc = findConsolidatedZarr3(*root, key);
      QVERIFY(doc.has_value());
      auto consolidated = openZarr3Array(store, key, *doc);
      QVERIFY(consolidated.ok());
      auto again = readWholeArray(**consolidated);
      QVERIFY(again.ok());
      QCOMPARE(*again, *data);
      QCOMPARE((*array)->meta().dimensionNames, (std::vector<std::string>{"y", "x"}));
    }
  }
};

QTEST_GUILESS_MAIN(TestZarrFixtures)
#include "tst_zarr_fixtures.moc"
