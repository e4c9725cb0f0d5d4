// openDataset() detection of the non-webKnossos sources: OME-NGFF 0.4/0.5 images (and groups of
// images with labels), N5 multiscale groups, precomputed info, single arrays.
#include <QDirIterator>
#include <QFile>
#include <QTest>

#include "core/dataset/OpenDataset.h"
#include "core/store/MemoryStore.h"
#include "tests/unit/dataset/DatasetTestUtil.h"

using namespace skein;

namespace {

std::vector<Vec3i> magFactors(const Layer& l) {
  std::vector<Vec3i> out;
  for (const Mag& m : l.mags) out.push_back(m.factor);
  return out;
}

// Copies a fixture folder into a memory store under `prefix` (the fixture stays in place).
void copyInto(MemoryStore& store, const QString& fixtureDir, const std::string& prefix) {
  const QString root = test::fixture(fixtureDir);
  QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString path = it.next();
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const std::string rel = QDir(root).relativeFilePath(path).toStdString();
    QVERIFY(store.write(joinKey(prefix, rel), f.readAll()).ok());
  }
}

}  // namespace

class TestDatasetSources : public QObject {
  Q_OBJECT

 private slots:
  void omeNgff_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("format");
    QTest::newRow("0.4") << "formats/neuroglancer/ome_zarr/simple_0.4" << "zarr";
    QTest::newRow("0.5") << "formats/neuroglancer/ome_zarr/simple_0.5" << "zarr3";
  }

  void omeNgff() {
    QFETCH(QString, dir);
    QFETCH(QString, format);
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, dir);
    QCOMPARE(ds.sourceKind, std::string("ome-ngff"));
    // axes (y, x) with scale [4, 30] nanometer: x = 30, y = 4; no z.
    QCOMPARE(ds.voxelSize.factor, (Vec3d{30, 4, 1}));
    QCOMPARE(ds.voxelSize.unit, std::string("nanometer"));
    QCOMPARE(ds.layers.size(), std::size_t{1});
    const Layer& l = ds.layers[0];
    QCOMPARE(l.name, std::string("image"));  // multiscales name
    QCOMPARE(l.category, LayerCategory::Color);
    QCOMPARE(l.dtype, DataType::UInt16);
    QCOMPARE(l.channels, 1);
    QCOMPARE(QString::fromStdString(l.dataFormat), format);
    QCOMPARE(l.boundingBox, (Box3i{{0, 0, 0}, {10, 10, 1}}));
    QCOMPARE(magFactors(l), (std::vector<Vec3i>{{1, 1, 1}, {2, 2, 1}, {4, 4, 1}}));
    for (const Mag& m : l.mags) {
      QVERIFY(m.array);                      // opened while detecting
      QCOMPARE(m.offset, (Vec3i{0, 0, 0}));  // translations are the half-voxel centring shift
      QCOMPARE(m.axes.x, 1);
      QCOMPARE(m.axes.y, 0);
      QCOMPARE(m.axes.z, -1);
    }
    QCOMPARE(l.mags[1].path, std::string("scale1/image"));
  }

  void n5Multiscale_data() {
    QTest::addColumn<QString>("dir");
    QTest::newRow("modern") << "formats/neuroglancer/n5_multiscale_metadata/n5_viewer_multiscale_modern";
    QTest::newRow("deprecated") << "formats/neuroglancer/n5_multiscale_metadata/n5_viewer_multiscale_deprecated";
  }

  void n5Multiscale() {
    QFETCH(QString, dir);
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, dir);
    QCOMPARE(ds.sourceKind, std::string("n5-multiscale"));
    QCOMPARE(ds.voxelSize.factor, (Vec3d{10, 20, 1}));
    QCOMPARE(ds.voxelSize.unit, std::string("nanometer"));  // "nm"
    const Layer& l = ds.layers.at(0);
    QCOMPARE(l.dataFormat, std::string("n5"));
    QCOMPARE(l.dtype, DataType::UInt16);
    QCOMPARE(l.boundingBox, (Box3i{{0, 0, 0}, {10, 20, 1}}));  // N5 dimensions [10, 20] = x, y
    QCOMPARE(magFactors(l), (std::vector<Vec3i>{{1, 1, 1}, {2, 2, 1}, {4, 4, 1}}));
    QCOMPARE(l.mags[2].path, std::string("s2"));
  }

  void precomputed_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<int>("channels");
    QTest::newRow("one") << "formats/neuroglancer/precomputed_info/one_channel" << 1;
    QTest::newRow("two") << "formats/neuroglancer/precomputed_info/two_channels" << 2;
  }

  void precomputed() {
    QFETCH(QString, dir);
    QFETCH(int, channels);
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, dir);
    QCOMPARE(ds.sourceKind, std::string("precomputed"));
    QCOMPARE(ds.voxelSize.factor, (Vec3d{3, 4, 5}));
    QCOMPARE(ds.voxelSize.unit, std::string("nanometer"));
    const Layer& l = ds.layers.at(0);
    QCOMPARE(l.category, LayerCategory::Color);
    QCOMPARE(l.dtype, DataType::UInt16);
    QCOMPARE(l.channels, channels);
    QCOMPARE(l.dataFormat, std::string("neuroglancerPrecomputed"));
    QCOMPARE(l.boundingBox, (Box3i{{0, 0, 0}, {10, 20, 30}}));
    QCOMPARE(magFactors(l), (std::vector<Vec3i>{{1, 1, 1}, {2, 2, 2}, {4, 4, 4}}));
    QCOMPARE(l.mags[0].axes.c, 0);
    QCOMPARE(l.mags[0].axes.x, 3);
  }

  void singleArrays_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("channels");
    QTest::newRow("zarr3 named") << "formats/webknossos_libs/simple_zarr3_dataset/color/1" << "zarr3" << 3;
    QTest::newRow("n5 [c,x,y,z]") << "formats/webknossos_libs/simple_n5_dataset/color/1" << "n5" << 3;
  }

  void singleArrays() {
    QFETCH(QString, dir);
    QFETCH(QString, format);
    QFETCH(int, channels);
    StoreOpener opener;
    const Dataset ds = test::openFixtureDataset(opener, dir);
    QCOMPARE(ds.sourceKind, std::string("array"));
    QCOMPARE(ds.layers.size(), std::size_t{1});
    const Layer& l = ds.layers[0];
    QCOMPARE(l.name, std::string("1"));
    QCOMPARE(QString::fromStdString(l.dataFormat), format);
    QCOMPARE(l.channels, channels);
    QCOMPARE(l.boundingBox, (Box3i{{0, 0, 0}, {24, 24, 24}}));
    QCOMPARE(l.mags.size(), std::size_t{1});
    QVERIFY(l.mags[0].array);
  }

  void groupOfImagesWithLabels() {
    auto store = std::make_shared<MemoryStore>();
    // Root: a plain v3 group; children: two OME 0.5 images; one of them has a label image.
    QVERIFY(store->write("zarr.json", R"({"zarr_format":3,"node_type":"group"})").ok());
    copyInto(*store, "formats/neuroglancer/ome_zarr/simple_0.5", "raw");
    copyInto(*store, "formats/neuroglancer/ome_zarr/simple_0.5", "other");
    QVERIFY(store->write("raw/labels/zarr.json",
                         R"({"zarr_format":3,"node_type":"group","attributes":{"ome":{"version":"0.5","labels":["cells"]}}})")
                .ok());
    copyInto(*store, "formats/neuroglancer/ome_zarr/simple_0.5", "raw/labels/cells");
    // Mark it as a label image.
    auto doc = store->read("raw/labels/cells/zarr.json");
    QVERIFY(doc.ok() && doc->has_value());
    auto j = nlohmann::json::parse((*doc)->constData());
    j["attributes"]["ome"]["image-label"] = nlohmann::json::object();
    QVERIFY(store->write("raw/labels/cells/zarr.json", QByteArray::fromStdString(j.dump())).ok());

    auto ds = openDatasetInStore(store, "memory://group");
    QVERIFY2(ds.ok(), ds.ok() ? "" : ds.error().message.c_str());
    QCOMPARE(ds->layers.size(), std::size_t{3});
    QCOMPARE(ds->layers[0].name, std::string("other"));
    QCOMPARE(ds->layers[1].name, std::string("raw"));
    QCOMPARE(ds->layers[2].name, std::string("cells"));
    QCOMPARE(ds->layers[2].category, LayerCategory::Segmentation);
    QCOMPARE(ds->layers[2].mags[0].path, std::string("raw/labels/cells/scale0/image"));
  }

  void nothingThere() {
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write("readme.txt", "hello").ok());
    auto ds = openDatasetInStore(store, "memory://empty");
    QVERIFY(!ds.ok());
    QCOMPARE(ds.error().code, ErrorCode::NotFound);
    QVERIFY(ds.error().message.find("holds no dataset") != std::string::npos);
  }

  void brokenOmeMetadataIsAnError() {
    auto store = std::make_shared<MemoryStore>();
    QVERIFY(store->write(".zattrs", R"({"multiscales":[{"axes":[],"datasets":[]}]})").ok());
    QVERIFY(store->write(".zgroup", R"({"zarr_format":2})").ok());
    auto ds = openDatasetInStore(store, "memory://bad");
    QVERIFY(!ds.ok());
    QCOMPARE(ds.error().code, ErrorCode::InvalidData);
  }

  void locationNames() {
    QCOMPARE(locationBaseName("/data/l4_sample/"), std::string("l4_sample"));
    QCOMPARE(locationBaseName("https://user:pw@host/a/b?token=x"), std::string("b"));
  }
};

QTEST_GUILESS_MAIN(TestDatasetSources)
#include "tst_dataset_sources.moc"
