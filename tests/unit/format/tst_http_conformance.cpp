// The fixture arrays through HTTP: nginx serves ../shared/fixtures/formats in place, and every array
// found there (Zarr v2/v3, N5, WKW, precomputed; each precomputed scale) must read over HTTP exactly
// as from disk, or fail the same way when its format is out of scope. The disk reads themselves are
// checked against the fixtures' expected.json by the per-format tests. Shard reads must be byte
// ranges: nginx's access log may show no whole-file GET of a shard.
#include <QDirIterator>
#include <QFile>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/format/OpenArray.h"
#include "core/format/PrecomputedInfo.h"
#include "core/format/PrecomputedSharded.h"
#include "core/store/StoreOpener.h"
#include "tests/support/NginxServer.h"
#include "tests/unit/format/ZarrTestUtil.h"

using namespace skein;
using namespace skein::test;

namespace {

// Arrays up to this size are compared whole; larger ones only in their region of interest.
constexpr std::int64_t kWholeArrayLimit = std::int64_t(64) << 20;

nlohmann::json readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return nullptr;
  return nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
}

std::int64_t arrayBytes(const ArrayMeta& m) {
  std::int64_t n = static_cast<std::int64_t>(m.elementSize());
  for (auto s : m.shape) n *= s;
  return n;
}

Result<QByteArray> readBox(const ChunkedArray& array, const Shape& offset, const Shape& size) {
  std::int64_t n = static_cast<std::int64_t>(array.meta().elementSize());
  for (auto s : size) n *= s;
  QByteArray out(static_cast<qsizetype>(n), Qt::Uninitialized);
  Status s = readRegion(array, offset, size, out.data(), {});
  if (!s.ok()) return s.error();
  return out;
}

QString firstDifference(const QByteArray& a, const QByteArray& b) {
  if (a.size() != b.size()) return QStringLiteral("sizes %1 and %2").arg(a.size()).arg(b.size());
  for (qsizetype i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return QStringLiteral("byte %1: %2 against %3").arg(i).arg(int(uchar(a[i]))).arg(int(uchar(b[i])));
  return {};
}

// The region of interest of an array too large to compare whole, in its logical (C) order.
// l4_sample_snipped (WKW, logical [z, y, x, c]) holds data only in the box its expected.json names.
std::optional<std::pair<Shape, Shape>> regionOfInterest(const QString& relative) {
  if (relative != "webknossos_libs/l4_sample_snipped/color/1") return std::nullopt;
  const auto expected = readJson(fixture("formats/webknossos_libs/expected.json"));
  const auto& sample = expected["l4_sample_snipped"];
  const auto& at = sample["bbox_topLeft_xyz"];
  const auto& size = sample["bbox_size"];
  return std::make_pair(Shape{at[2].get<std::int64_t>(), at[1].get<std::int64_t>(), at[0].get<std::int64_t>(), 0},
                        Shape{size[2].get<std::int64_t>(), size[1].get<std::int64_t>(), size[0].get<std::int64_t>(), 1});
}

struct FixtureArray {
  QString relative;  // folder below fixtures/formats
  int scale = 0;     // precomputed scale
};

// Every folder below fixtures/formats that holds an array, as the readers' own detection sees it.
std::vector<FixtureArray> findFixtureArrays() {
  std::vector<FixtureArray> found;
  const QString root = fixture("formats");
  QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
  QStringList dirs;
  while (it.hasNext()) dirs << it.next();
  dirs.sort();
  for (const QString& dir : dirs) {
    FileStore store(dir, FileStore::Mode::ReadOnly);
    auto format = detectArrayFormat(store, "");
    if (!format.ok() || format->empty()) continue;
    const QString relative = QDir(root).relativeFilePath(dir);
    int scales = 1;
    if (*format == "precomputed") {
      QFile f(dir + "/info");
      auto info = f.open(QIODevice::ReadOnly) ? parsePrecomputedInfo(f.readAll(), dir.toStdString() + "/info")
                                              : Result<PrecomputedInfo>(makeError(ErrorCode::NotFound, "no info"));
      scales = info.ok() ? static_cast<int>(info->scales.size()) : 1;
    }
    for (int scale = 0; scale < scales; ++scale) found.push_back({relative, scale});
  }
  return found;
}

}  // namespace

class TestHttpConformance : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    nginx_ = std::make_unique<NginxServer>(fixture("formats"));
    QString error;
    QVERIFY2(nginx_->start(&error), qPrintable(error));  // nginx-light: scripts/install-deps.sh
  }

  void fixturesHoldArraysOfEveryFormat() {
    QSet<QString> formats;
    const auto arrays = findFixtureArrays();
    for (const FixtureArray& a : arrays) {
      FileStore store(fixture("formats/" + a.relative), FileStore::Mode::ReadOnly);
      formats.insert(QString::fromStdString(*detectArrayFormat(store, "")));
    }
    // The walk must not silently find nothing: at the time of writing there were 145 arrays.
    QVERIFY2(arrays.size() >= 140, qPrintable(QString::number(arrays.size())));
    for (const char* f : {"zarr2", "zarr3", "n5", "wkw", "precomputed"})
      QVERIFY2(formats.contains(f), f);
  }

  void arraysReadIdenticallyOverHttp_data() {
    QTest::addColumn<QString>("relative");
    QTest::addColumn<int>("scale");
    for (const FixtureArray& a : findFixtureArrays())
      QTest::newRow(qPrintable(QStringLiteral("%1 scale %2").arg(a.relative).arg(a.scale))) << a.relative << a.scale;
  }

  void arraysReadIdenticallyOverHttp() {
    QFETCH(QString, relative);
    QFETCH(int, scale);
    OpenArrayOptions options;
    options.precomputedScale = scale;
    auto fromDisk = openArray(std::make_shared<FileStore>(fixture("formats/" + relative), FileStore::Mode::ReadOnly),
                              "", options);
    const std::string url = nginx_->baseUrl().toStdString() + "/" + relative.toStdString();
    auto store = opener_.open(url + "/");
    QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
    // WKW cannot list files over HTTP; its shape comes from the dataset (here: what the disk shows).
    if (fromDisk.ok() && (*fromDisk)->meta().format == "wkw") options.wkwShape = (*fromDisk)->meta().shape;
    auto overHttp = openArray(*store, "", options);

    if (!fromDisk.ok()) {  // out of scope (e.g. png precomputed): the same error, naming the URL
      QVERIFY2(!overHttp.ok(), fromDisk.error().message.c_str());
      QCOMPARE(overHttp.error().code, fromDisk.error().code);
      QVERIFY2(overHttp.error().message.find(url) != std::string::npos, overHttp.error().message.c_str());
      return;
    }
    QVERIFY2(overHttp.ok(), overHttp.ok() ? "" : overHttp.error().message.c_str());
    const ArrayMeta& disk = (*fromDisk)->meta();
    const ArrayMeta& http = (*overHttp)->meta();
    QCOMPARE(http.format, disk.format);
    QCOMPARE(http.shape, disk.shape);
    QCOMPARE(http.chunkShape, disk.chunkShape);
    QCOMPARE(http.shardShape, disk.shardShape);
    QCOMPARE(http.dtype, disk.dtype);
    QCOMPARE(http.fillValue, disk.fillValue);
    QCOMPARE(http.codecs, disk.codecs);

    Result<QByteArray> a = QByteArray(), b = QByteArray();
    if (arrayBytes(disk) <= kWholeArrayLimit) {
      a = readWholeArray(**fromDisk);
      b = readWholeArray(**overHttp, 4);
    } else {
      const auto roi = regionOfInterest(relative);
      QVERIFY2(roi, "an array this large needs a region of interest in this test");
      a = readBox(**fromDisk, roi->first, roi->second);
      b = readBox(**overHttp, roi->first, roi->second);
    }
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    QVERIFY2(b.ok(), b.ok() ? "" : b.error().message.c_str());
    QVERIFY(!a->isEmpty() || arrayBytes(disk) == 0);  // a WKW mag without files has no extent
    const QString difference = firstDifference(*a, *b);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    if (!disk.shardShape.empty()) {
      // Index and inner chunks by Range (206); a missing shard is a 404; never a whole shard (200).
      const QString prefix = "GET /" + relative + "/";
      auto shardLines = [&] {
        QStringList lines;
        for (const QString& line : nginx_->accessLog())
          if (line.startsWith(prefix) && !line.section(' ', 1, 1).endsWith("/zarr.json")) lines << line;
        return lines;
      };
      QTRY_VERIFY(!shardLines().filter("status=206").isEmpty());  // logged after each response
      for (const QString& line : shardLines())
        QVERIFY2(line.contains("status=206") || line.contains("status=404"), qPrintable(line));
    }
  }

  // Sharded precomputed volumes (tensorstore's kvstore vectors): every chunk through HTTP ranges.
  void precomputedShardsReadByRanges_data() {
    QTest::addColumn<QString>("dir");
    QTest::newRow("raw") << "derived_test_vectors/precomputed_sharded_kvstore_raw";
    QTest::newRow("gzip") << "derived_test_vectors/precomputed_sharded_kvstore_gzip";
  }
  void precomputedShardsReadByRanges() {
    QFETCH(QString, dir);
    auto sharding = parsePrecomputedSharding(readJson(fixture("formats/" + dir + "/sharding.json")));
    QVERIFY(sharding.ok());
    auto store = opener_.open(nginx_->baseUrl().toStdString() + "/" + dir.toStdString() + "/");
    QVERIFY(store.ok());
    PrecomputedShardReader overHttp(*store, "", *sharding);
    PrecomputedShardReader fromDisk(fixtureStore("formats/" + dir), "", *sharding);
    const auto expected = readJson(fixture("formats/" + dir + "/expected.json"));
    QVERIFY(expected["entries"].size() >= 3);
    for (const auto& [id, values] : expected["entries"].items()) {
      const std::uint64_t chunkId = std::stoull(id);
      auto a = overHttp.read(chunkId);
      auto b = fromDisk.read(chunkId);
      QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
      QVERIFY(a->has_value() && b.ok() && b->has_value());
      QCOMPARE(**a, **b);
    }
    for (std::uint64_t absent : {0ull, 1ull, 5ull, 9ull}) {
      auto bytes = overHttp.read(absent);
      QVERIFY(bytes.ok() && !bytes->has_value());
    }
    const QString shard = "GET /" + dir + "/0.shard ";
    QTRY_VERIFY(!nginx_->accessLog().filter(shard).isEmpty());
    for (const QString& line : nginx_->accessLog().filter(shard))
      QVERIFY2(line.contains("status=206") && !line.contains("range=\"-\""), qPrintable(line));
  }

 private:
  std::unique_ptr<NginxServer> nginx_;
  StoreOpener opener_;
};

QTEST_GUILESS_MAIN(TestHttpConformance)
#include "tst_http_conformance.moc"
