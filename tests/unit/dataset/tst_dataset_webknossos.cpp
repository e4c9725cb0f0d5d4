// datasource-properties.json parsing: every webknossos-libs fixture, plus the variants webKnossos
// writes (scale list or {factor, unit}, wkwResolutions vs mags, uint64 ids as strings).
#include <QTest>

#include "core/dataset/MagArray.h"
#include "core/dataset/WebknossosProperties.h"
#include "tests/unit/dataset/DatasetTestUtil.h"

using namespace skein;
using nlohmann::json;

namespace {

std::vector<Vec3i> magFactors(const Layer& l) {
  std::vector<Vec3i> out;
  for (const Mag& m : l.mags) out.push_back(m.factor);
  return out;
}

json minimalLayer() {
  return json::parse(R"({"name":"c","category":"color","elementClass":"uint8","dataFormat":"zarr3",
    "boundingBox":{"topLeft":[1,2,3],"width":4,"height":5,"depth":6},"mags":[{"mag":[1,1,1],"path":"./c/1"}]})");
}

Result<Dataset> parseWith(const json& layer, json scale = json::array({1, 1, 1})) {
  return parseDatasourceProperties({{"id", {{"name", "x"}}}, {"scale", scale}, {"dataLayers", {layer}}}, "test");
}

}  // namespace

class TestDatasetWebknossos : public QObject {
  Q_OBJECT

 private slots:
  void simpleDatasets_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("name");
    QTest::newRow("wkw") << "simple_wkw_dataset" << "wkw" << "simple_wkw_dataset";
    QTest::newRow("zarr") << "simple_zarr_dataset" << "zarr" << "simple_zarr_dataset";
    QTest::newRow("zarr3") << "simple_zarr3_dataset" << "zarr3" << "simple_zarr_dataset";
    QTest::newRow("n5") << "simple_n5_dataset" << "n5" << "simple_n5_dataset";
    QTest::newRow("precomputed") << "simple_ng_dataset" << "neuroglancerPrecomputed" << "simple_n5_dataset";
  }

  void simpleDatasets() {
    QFETCH(QString, dir);
    QFETCH(QString, format);
    QFETCH(QString, name);
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/" + dir);
    QCOMPARE(ds.sourceKind, std::string("webknossos"));
    QCOMPARE(QString::fromStdString(ds.name), name);
    QCOMPARE(ds.voxelSize.factor, (Vec3d{1, 1, 1}));
    QCOMPARE(ds.voxelSize.unit, std::string("nanometer"));
    QCOMPARE(ds.layers.size(), std::size_t{1});
    const Layer& l = ds.layers[0];
    QCOMPARE(l.name, std::string("color"));
    QCOMPARE(l.category, LayerCategory::Color);
    QCOMPARE(l.dtype, DataType::UInt8);  // uint24 = 3 × uint8
    QCOMPARE(l.channels, 3);
    QCOMPARE(QString::fromStdString(l.dataFormat), format);
    QCOMPARE(l.boundingBox, (Box3i{{0, 0, 0}, {24, 24, 24}}));
    QCOMPARE(magFactors(l), (std::vector<Vec3i>{{1, 1, 1}}));
    QVERIFY(!l.largestSegmentId);
    QVERIFY(!l.mags[0].array);  // webKnossos mags open lazily
  }

  void l4SampleSnipped() {
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/l4_sample_snipped");
    QCOMPARE(ds.name, std::string("l4_sample_snipped"));
    QCOMPARE(ds.voxelSize.factor.x, 11.239999771118164);
    QCOMPARE(ds.voxelSize.factor.z, 28.0);
    QCOMPARE(ds.voxelSize.unit, std::string("nanometer"));
    QCOMPARE(ds.layers.size(), std::size_t{2});
    const std::vector<Vec3i> mags{{1, 1, 1}, {2, 2, 1}, {4, 4, 1}, {8, 8, 2}, {16, 16, 4}};
    const Layer& color = ds.layers[0];
    QCOMPARE(color.name, std::string("color"));
    QCOMPARE(color.category, LayerCategory::Color);
    QCOMPARE(color.dtype, DataType::UInt8);
    QCOMPARE(color.channels, 1);
    QCOMPARE(color.dataFormat, std::string("wkw"));
    QCOMPARE(color.boundingBox, (Box3i{{3164, 3212, 1017}, {10, 10, 10}}));
    QCOMPARE(magFactors(color), mags);  // from old-style wkwResolutions
    QVERIFY(color.mags[0].path.empty());
    QVERIFY(color.extra.contains("defaultViewConfiguration"));
    const Layer& seg = ds.layers[1];
    QCOMPARE(seg.name, std::string("segmentation"));
    QCOMPARE(seg.category, LayerCategory::Segmentation);
    QCOMPARE(seg.dtype, DataType::UInt32);
    QCOMPARE(seg.largestSegmentId, std::optional<std::uint64_t>(2504697));
    QCOMPARE(magFactors(seg), mags);
  }

  void oldWkwDataset() {
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/old_wkw_dataset");
    QCOMPARE(ds.name, std::string("ROI2017_wkw"));
    QCOMPARE(ds.voxelSize.factor.z, 28.0);  // "scale" as a plain list
    QCOMPARE(ds.voxelSize.unit, std::string("nanometer"));
    const Layer& l = ds.layers.at(0);
    QCOMPARE(l.boundingBox, (Box3i{{0, 0, 0}, {1024, 1024, 1024}}));
    // "resolution": 1 and 2 (scalars) are isotropic mags.
    QCOMPARE(magFactors(l), (std::vector<Vec3i>{{1, 1, 1}, {2, 2, 2}}));
  }

  void lazyMagOpeningFindsDefaultPaths() {
    // simple_zarr_dataset lists no mag path and stores mag 1 under "color/1-1-1".
    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/simple_zarr_dataset");
    Layer& l = ds.layers.at(0);
    auto array = openMagArray(&opener, ds, l, l.mags[0]);
    QVERIFY2(array.ok(), array.ok() ? "" : array.error().message.c_str());
    QCOMPARE(l.mags[0].path, std::string("color/1-1-1"));
    QCOMPARE(l.mags[0].axes.c, 0);  // webKnossos default order c, x, y, z
    QCOMPARE(l.mags[0].axes.x, 1);
    QCOMPARE(l.mags[0].axes.z, 3);
    auto again = openMagArray(&opener, ds, l, l.mags[0]);
    QVERIFY(again.ok());
    QCOMPARE(again->get(), array->get());  // cached
  }

  void n5AxesAreReversed() {
    StoreOpener opener;
    Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/simple_n5_dataset");
    Layer& l = ds.layers.at(0);
    QVERIFY(openAllMagArrays(&opener, ds).ok());
    // N5 [c, x, y, z] is the logical view [z, y, x, c].
    QCOMPARE(l.mags[0].axes.x, 2);
    QCOMPARE(l.mags[0].axes.y, 1);
    QCOMPARE(l.mags[0].axes.z, 0);
    QCOMPARE(l.mags[0].axes.c, 3);
    QCOMPARE(l.mags[0].array->meta().dtype, DataType::UInt32);  // stored wider than the layer
  }

  void scaleObjectAndUnits() {
    auto ds = parseWith(minimalLayer(), {{"factor", {4, 4, 40}}, {"unit", "micrometer"}});
    QVERIFY(ds.ok());
    QCOMPARE(ds->voxelSize.factor, (Vec3d{4, 4, 40}));
    QCOMPARE(ds->voxelSize.unit, std::string("micrometer"));
    QCOMPARE(ds->layers[0].mags[0].path, std::string("c/1"));  // "./" dropped
    QCOMPARE(ds->layers[0].boundingBox, (Box3i{{1, 2, 3}, {4, 5, 6}}));
  }

  void largestSegmentIdForms() {
    json l = minimalLayer();
    l["category"] = "segmentation";
    l["elementClass"] = "uint64";
    l["largestSegmentId"] = "18446744073709551615";
    auto a = parseWith(l);
    QVERIFY(a.ok());
    QCOMPARE(*a->layers[0].largestSegmentId, std::uint64_t(18446744073709551615ULL));
    l["largestSegmentId"] = 42;
    QCOMPARE(*parseWith(l)->layers[0].largestSegmentId, std::uint64_t(42));
    l["largestSegmentId"] = nullptr;
    QVERIFY(!parseWith(l)->layers[0].largestSegmentId);
    l["largestSegmentId"] = "-1";
    QVERIFY(!parseWith(l).ok());
    l["largestSegmentId"] = "18446744073709551616";  // overflows
    QVERIFY(!parseWith(l).ok());
  }

  void magForms() {
    json l = minimalLayer();
    l["mags"] = json::parse(R"([{"mag":"4-4-2","path":"c/4"},{"mag":2},{"mag":[1,1,1],"axisOrder":{"x":1,"y":2,"z":3,"c":0}}])");
    auto ds = parseWith(l);
    QVERIFY2(ds.ok(), ds.ok() ? "" : ds.error().message.c_str());
    const Layer& layer = ds->layers[0];
    QCOMPARE(magFactors(layer), (std::vector<Vec3i>{{1, 1, 1}, {2, 2, 2}, {4, 4, 2}}));  // sorted
    QVERIFY(layer.mags[0].declaredAxisOrder.has_value());
    QCOMPARE(layer.mags[0].declaredAxisOrder->z, 3);
    l["mags"] = json::parse(R"([{"mag":[0,1,1]}])");
    QVERIFY(!parseWith(l).ok());
  }

  void elementClasses() {
    const std::vector<std::tuple<std::string, DataType, int>> cases{
        {"uint8", DataType::UInt8, 1},   {"uint16", DataType::UInt16, 1},   {"uint24", DataType::UInt8, 3},
        {"uint32", DataType::UInt32, 1}, {"uint64", DataType::UInt64, 1},   {"int8", DataType::Int8, 1},
        {"int64", DataType::Int64, 1},   {"float", DataType::Float32, 1},   {"double", DataType::Float64, 1}};
    for (const auto& [name, type, channels] : cases) {
      auto parsed = parseElementClass(name);
      QVERIFY(parsed);
      QCOMPARE(parsed->first, type);
      QCOMPARE(parsed->second, channels);
      QCOMPARE(elementClassName(type, channels), name);
    }
    json l = minimalLayer();
    l["elementClass"] = "complex128";
    QVERIFY(!parseWith(l).ok());
  }

  void brokenProperties() {
    QVERIFY(!parseDatasourceProperties(json::array(), "t").ok());
    QVERIFY(!parseDatasourceProperties({{"id", {{"name", "x"}}}, {"status", "No layers"}}, "t").ok());
    json l = minimalLayer();
    l.erase("boundingBox");
    QVERIFY(!parseWith(l).ok());
    l = minimalLayer();
    l["dataFormat"] = "tiff";
    QVERIFY(!parseWith(l).ok());
    l = minimalLayer();
    l["mags"] = json::array();
    QVERIFY(!parseWith(l).ok());
    auto dup = parseDatasourceProperties({{"dataLayers", {minimalLayer(), minimalLayer()}}}, "t");
    QVERIFY(!dup.ok());
    QVERIFY(dup.error().message.find("two layers") != std::string::npos);
    QVERIFY(!parseWith(minimalLayer(), {1, 2}).ok());
  }

  void roundTrip() {
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, "formats/webknossos_libs/l4_sample_snipped");
    auto again = parseDatasourceProperties(datasourcePropertiesToJson(ds), "round trip");
    QVERIFY(again.ok());
    QCOMPARE(again->layers.size(), ds.layers.size());
    for (std::size_t i = 0; i < ds.layers.size(); ++i) {
      QCOMPARE(again->layers[i].name, ds.layers[i].name);
      QCOMPARE(again->layers[i].boundingBox, ds.layers[i].boundingBox);
      QCOMPARE(magFactors(again->layers[i]), magFactors(ds.layers[i]));
      QCOMPARE(again->layers[i].largestSegmentId, ds.layers[i].largestSegmentId);
      QVERIFY(again->layers[i].extra == ds.layers[i].extra);
    }
    QCOMPARE(again->voxelSize.factor, ds.voxelSize.factor);
  }

  void magStrings() {
    QCOMPARE(parseMagString("2-2-1"), std::optional<Vec3i>(Vec3i{2, 2, 1}));
    QCOMPARE(parseMagString("2,2,1"), std::optional<Vec3i>(Vec3i{2, 2, 1}));
    QCOMPARE(parseMagString("[4,4,2]"), std::optional<Vec3i>(Vec3i{4, 4, 2}));
    QCOMPARE(parseMagString("8"), std::optional<Vec3i>(Vec3i{8, 8, 8}));
    QVERIFY(!parseMagString("0"));
    QVERIFY(!parseMagString("2-2"));
    QVERIFY(!parseMagString("a"));
    QCOMPARE(magToString({2, 2, 1}), std::string("2-2-1"));
  }

  void missingLocation() {
    StoreOpener opener;
    auto r = openDataset(opener, test::fixturePath("formats/webknossos_libs/does_not_exist"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::NotFound);
  }
};

QTEST_GUILESS_MAIN(TestDatasetWebknossos)
#include "tst_dataset_webknossos.moc"
