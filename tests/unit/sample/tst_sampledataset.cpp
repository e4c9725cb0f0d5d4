// The sample dataset writer in each format: the written dataset opens as a webKnossos dataset and
// every mag reads back exactly what the generator computes; output is deterministic.
#include <QTest>

#include "core/dataset/OpenDataset.h"
#include "core/dataset/ReadBox.h"
#include "core/sample/EmVolume.h"
#include "core/sample/SampleDataset.h"
#include "core/store/MemoryStore.h"

using namespace skein;
using namespace skein::sample;

namespace {

QByteArray expectedColor(const EmVolume& v, const Box3i& magBox, int level) {
  QByteArray out(static_cast<qsizetype>(magBox.volume()), '\0');
  v.fillMag(magBox, level, reinterpret_cast<std::uint8_t*>(out.data()), nullptr);
  return out;
}

QByteArray expectedSeg(const EmVolume& v, const Box3i& magBox, int level) {
  QByteArray out(static_cast<qsizetype>(magBox.volume() * 4), '\0');
  v.fillMag(magBox, level, nullptr, reinterpret_cast<std::uint32_t*>(out.data()));
  return out;
}

void listAll(Store& store, const std::string& prefix, std::vector<std::string>& keys) {
  auto children = store.list(prefix);
  QVERIFY(children.ok());
  for (const std::string& c : *children) {
    const std::string key = joinKey(prefix, c);
    auto size = store.size(key);
    QVERIFY(size.ok());
    if (size->has_value()) keys.push_back(key);
    else listAll(store, key, keys);
  }
}

}  // namespace

class TestSampleDataset : public QObject {
  Q_OBJECT

 private slots:
  void magCounts() {
    QCOMPARE(sampleMagCount({64, 64, 64}), 4);
    QCOMPARE(sampleMagCount({256, 256, 256}), 4);   // 1, 2, 4, 8 (32 voxels)
    QCOMPARE(sampleMagCount({512, 512, 512}), 5);   // … 16
    QCOMPARE(sampleMagCount({1024, 1024, 1024}), 6);
    QVERIFY(isSampleFormat("zarr3") && isSampleFormat("n5") && !isSampleFormat("tiff"));
  }

  void formats_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("size");
    QTest::newRow("zarr3") << "zarr3" << 64;
    QTest::newRow("zarr") << "zarr" << 64;
    QTest::newRow("wkw") << "wkw" << 64;
    QTest::newRow("n5") << "n5" << 64;
    QTest::newRow("zarr3 ragged") << "zarr3" << 80;
    QTest::newRow("n5 ragged") << "n5" << 72;
  }

  void formats() {
    QFETCH(QString, format);
    QFETCH(int, size);
    auto store = std::make_shared<MemoryStore>();
    SampleDatasetOptions o;
    o.size = {size, size, size};
    o.format = format.toStdString();
    o.seed = 11;
    o.threads = 2;
    const Status s = createSampleDataset(store, o);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());

    auto ds = openDatasetInStore(store, "memory://sample");
    QVERIFY2(ds.ok(), ds.ok() ? "" : ds.error().message.c_str());
    QCOMPARE(ds->sourceKind, std::string("webknossos"));
    QCOMPARE(ds->voxelSize.factor, kSampleVoxelSize);
    QCOMPARE(ds->layers.size(), std::size_t{2});
    const EmVolume v({o.seed, o.size, 40});
    const Layer& color = *ds->findLayer("color");
    const Layer& seg = *ds->findLayer("segmentation");
    QCOMPARE(color.dtype, DataType::UInt8);
    QCOMPARE(seg.dtype, DataType::UInt32);
    QCOMPARE(seg.category, LayerCategory::Segmentation);
    QCOMPARE(seg.largestSegmentId, std::optional<std::uint64_t>(v.largestSegmentId()));
    QCOMPARE(color.boundingBox, (Box3i{{0, 0, 0}, o.size}));
    QCOMPARE(color.dataFormat, o.format);
    QCOMPARE(color.mags.size(), std::size_t(4));

    for (int level = 0; level < 4; ++level) {
      const std::int64_t m = std::int64_t{1} << level;
      const Vec3i magSize{ceilDiv(size, m), ceilDiv(size, m), ceilDiv(size, m)};
      const Box3i magBox{{0, 0, 0}, magSize};
      QByteArray got;
      Status r = readDatasetBox(nullptr, *ds, "color", {m, m, m}, {{0, 0, 0}, magSize}, got);
      QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
      QVERIFY2(got == expectedColor(v, magBox, level), qPrintable(QString("color mag %1").arg(m)));
      r = readDatasetBox(nullptr, *ds, "segmentation", {m, m, m}, {{0, 0, 0}, magSize}, got);
      QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
      QVERIFY2(got == expectedSeg(v, magBox, level), qPrintable(QString("segmentation mag %1").arg(m)));
    }
  }

  void deterministicFiles() {
    auto a = std::make_shared<MemoryStore>(), b = std::make_shared<MemoryStore>();
    SampleDatasetOptions o;
    o.size = {48, 48, 48};
    o.seed = 3;
    o.threads = 2;
    QVERIFY(createSampleDataset(a, o).ok());
    o.threads = 1;  // thread count must not change the bytes
    QVERIFY(createSampleDataset(b, o).ok());
    std::vector<std::string> ka, kb;
    listAll(*a, "", ka);
    listAll(*b, "", kb);
    QCOMPARE(ka, kb);
    QVERIFY(ka.size() > 10);
    for (const std::string& k : ka) QVERIFY2(*a->read(k).value() == *b->read(k).value(), k.c_str());
  }

  void zarrLayersAreOmeImages() {
    for (const char* format : {"zarr3", "zarr"}) {
      auto store = std::make_shared<MemoryStore>();
      SampleDatasetOptions o;
      o.size = {32, 32, 32};
      o.format = format;
      QVERIFY(createSampleDataset(store, o).ok());
      auto ds = openDatasetInStore(subStore(store, "color"), "memory://sample/color");
      QVERIFY2(ds.ok(), ds.ok() ? "" : ds.error().message.c_str());
      QCOMPARE(ds->sourceKind, std::string("ome-ngff"));
      QCOMPARE(ds->voxelSize.factor, kSampleVoxelSize);
      const Layer& l = ds->layers.at(0);
      QCOMPARE(l.mags.size(), std::size_t(4));
      QCOMPARE(l.mags[3].factor, (Vec3i{8, 8, 8}));
      QCOMPARE(l.mags[3].offset, (Vec3i{0, 0, 0}));
      QCOMPARE(l.boundingBox, (Box3i{{0, 0, 0}, {32, 32, 32}}));
    }
  }

  void rejectsBadOptions() {
    auto store = std::make_shared<MemoryStore>();
    SampleDatasetOptions o;
    o.format = "tiff";
    QCOMPARE(createSampleDataset(store, o).error().code, ErrorCode::InvalidArgument);
    o.format = "zarr3";
    o.size = {8, 8, 8};
    QCOMPARE(createSampleDataset(store, o).error().code, ErrorCode::InvalidArgument);
  }
};

QTEST_GUILESS_MAIN(TestSampleDataset)
#include "tst_sampledataset.moc"
