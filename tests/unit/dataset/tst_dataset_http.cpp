// Datasets opened from a URL: nginx serves ../shared/fixtures/formats in place, and each fixture
// dataset (webKnossos datasource-properties.json of every layer format, OME-NGFF 0.4/0.5, N5
// multiscale, precomputed, a bare array) must open over HTTP with the same layers, voxel size and
// mags as from disk, and every layer and mag must read the same voxels.
#include <QtTest>

#include "core/dataset/MagArray.h"
#include "core/dataset/ReadBox.h"
#include "tests/support/NginxServer.h"
#include "tests/unit/dataset/DatasetTestUtil.h"

using namespace skein;

namespace {

// A box of at most 48 voxels per side at the start of the layer (the whole layer when smaller).
Box3i probeBox(const Layer& layer) {
  const Box3i& b = layer.boundingBox;
  return {b.min, {std::min<std::int64_t>(b.size.x, 48), std::min<std::int64_t>(b.size.y, 48),
                  std::min<std::int64_t>(b.size.z, 48)}};
}

QString describeMags(const Layer& layer) {
  QStringList mags;
  for (const Mag& m : layer.mags) mags << QString::fromStdString(magToString(m.factor));
  return mags.join(',');
}

}  // namespace

class TestDatasetHttp : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    nginx_ = std::make_unique<test::NginxServer>(test::fixture("formats"));
    QString error;
    QVERIFY2(nginx_->start(&error), qPrintable(error));  // nginx-light: scripts/install-deps.sh
  }

  void datasetsOpenAndReadAsFromDisk_data() {
    QTest::addColumn<QString>("dir");
    for (const char* d : {"webknossos_libs/simple_zarr_dataset", "webknossos_libs/simple_zarr3_dataset",
                          "webknossos_libs/simple_n5_dataset", "webknossos_libs/simple_wkw_dataset",
                          "webknossos_libs/l4_sample_snipped", "neuroglancer/ome_zarr/simple_0.4",
                          "neuroglancer/ome_zarr/simple_0.5",
                          "neuroglancer/n5_multiscale_metadata/n5_viewer_multiscale_modern",
                          "neuroglancer/precomputed_info/two_channels", "webknossos_libs/simple_zarr3_dataset/color/1"})
      QTest::newRow(d) << QString(d);
  }
  void datasetsOpenAndReadAsFromDisk() {
    QFETCH(QString, dir);
    StoreOpener opener;
    auto fromDisk = openDataset(opener, test::fixturePath("formats/" + dir));
    QVERIFY2(fromDisk.ok(), fromDisk.ok() ? "" : fromDisk.error().message.c_str());
    const std::string url = nginx_->baseUrl().toStdString() + "/" + dir.toStdString();
    auto overHttp = openDataset(opener, url);
    QVERIFY2(overHttp.ok(), overHttp.ok() ? "" : overHttp.error().message.c_str());
    Dataset& disk = *fromDisk;
    Dataset& http = *overHttp;

    QCOMPARE(http.sourceKind, disk.sourceKind);
    QCOMPARE(http.location, url);
    QCOMPARE(http.voxelSize.unit, disk.voxelSize.unit);
    QCOMPARE(http.voxelSize.factor, disk.voxelSize.factor);
    QCOMPARE(http.layers.size(), disk.layers.size());
    QVERIFY(!disk.layers.empty());
    int compared = 0;
    for (std::size_t i = 0; i < disk.layers.size(); ++i) {
      const Layer& a = disk.layers[i];
      const Layer& b = http.layers[i];
      QCOMPARE(b.name, a.name);
      QCOMPARE(b.category, a.category);
      QCOMPARE(b.dtype, a.dtype);
      QCOMPARE(b.channels, a.channels);
      QCOMPARE(b.boundingBox.min, a.boundingBox.min);
      QCOMPARE(b.boundingBox.size, a.boundingBox.size);
      QCOMPARE(describeMags(b), describeMags(a));
      for (const Mag& mag : a.mags) {
        QByteArray viaDisk, viaHttp;
        const Box3i box = probeBox(a);
        Status sd = readDatasetBox(&opener, disk, a.name, mag.factor, box, viaDisk);
        Status sh = readDatasetBox(&opener, http, a.name, mag.factor, box, viaHttp);
        if (!sd.ok()) {  // out of scope on disk (e.g. an info without data): the same over HTTP
          QVERIFY2(!sh.ok(), sd.error().message.c_str());
          QCOMPARE(sh.error().code, sd.error().code);
          continue;
        }
        QVERIFY2(sh.ok(), sh.ok() ? "" : sh.error().message.c_str());
        QVERIFY(!viaDisk.isEmpty());
        QVERIFY2(viaHttp == viaDisk, qPrintable(QStringLiteral("layer %1 mag %2 differs")
                                                    .arg(QString::fromStdString(a.name),
                                                         QString::fromStdString(magToString(mag.factor)))));
        ++compared;
      }
    }
    QVERIFY2(compared > 0, "no layer and mag could be compared");
  }

 private:
  std::unique_ptr<test::NginxServer> nginx_;
};

QTEST_GUILESS_MAIN(TestDatasetHttp)
#include "tst_dataset_http.moc"
