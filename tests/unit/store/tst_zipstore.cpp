#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zip.h>

#include <thread>

#include "core/store/StoreOpener.h"
#include "core/store/ZipStore.h"

using namespace skein;

namespace {

QByteArray pattern(int n) {
  QByteArray b(n, Qt::Uninitialized);
  for (int i = 0; i < n; ++i) b[i] = char((i * 7 + i / 251) & 0xff);
  return b;
}

// Writes a zip with libzip: "stored" uncompressed, "deflated" compressed, plus a folder entry.
void makeZip(const QString& path, const QByteArray& stored, const QByteArray& deflated) {
  int err = 0;
  zip_t* z = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  QVERIFY(z);
  QVERIFY(zip_dir_add(z, "layer/", 0) >= 0);
  auto add = [&](const char* name, const QByteArray& bytes, zip_int32_t method) {
    zip_source_t* src = zip_source_buffer(z, bytes.constData(), bytes.size(), 0);
    QVERIFY(src);
    const zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_OVERWRITE);
    QVERIFY(idx >= 0);
    QCOMPARE(zip_set_file_compression(z, idx, method, 0), 0);
  };
  add("layer/stored", stored, ZIP_CM_STORE);
  add("layer/1/deflated", deflated, ZIP_CM_DEFLATE);
  const QByteArray json("{}");  // libzip reads the buffers at zip_close(): keep them alive until then
  add("top.json", json, ZIP_CM_DEFLATE);
  QCOMPARE(zip_close(z), 0);
}

}  // namespace

class TestZipStore : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    stored_ = pattern(70000);
    deflated_ = pattern(300000);
    zipPath_ = dir_.filePath("data.zip");
    makeZip(zipPath_, stored_, deflated_);
  }

  void readsEntriesAndRanges() {
    auto opened = openZipStore(zipPath_);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    StorePtr store = *opened;
    QVERIFY(!store->writable());
    QCOMPARE(**store->read("layer/stored"), stored_);
    QCOMPARE(**store->read("layer/1/deflated"), deflated_);
    QCOMPARE(**store->read("layer/stored", ByteRange{1000, 500}), stored_.mid(1000, 500));
    QCOMPARE(**store->read("layer/1/deflated", ByteRange{200000, 1234}), deflated_.mid(200000, 1234));
    QCOMPARE(**store->read("layer/1/deflated", ByteRange::suffix(77)), deflated_.right(77));
    QCOMPARE(**store->size("layer/1/deflated"), deflated_.size());
    QVERIFY(!store->read("layer/missing")->has_value());
    QVERIFY(!store->read("layer")->has_value());  // a folder is not an object
    auto beyond = store->read("top.json", ByteRange{3, 1});
    QVERIFY(!beyond.ok());
    QCOMPARE(beyond.error().code, ErrorCode::InvalidData);
    QCOMPARE(store->write("x", "y").error().code, ErrorCode::Unsupported);
  }

  void listsFolders() {
    StorePtr store = *openZipStore(zipPath_);
    QCOMPARE(*store->list(""), (std::vector<std::string>{"layer", "top.json"}));
    QCOMPARE(*store->list("layer"), (std::vector<std::string>{"1", "stored"}));
    QCOMPARE(*store->list("layer/1"), (std::vector<std::string>{"deflated"}));
  }

  void concurrentReadsAreSafe() {
    StorePtr store = *openZipStore(zipPath_);
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 20; ++i) {
          const std::int64_t off = (t * 997 + i * 4099) % 250000;
          auto r = store->read("layer/1/deflated", ByteRange{off, 3000});
          if (!r.ok() || !r->has_value() || **r != deflated_.mid(off, 3000)) ++bad;
          auto s = store->read("layer/stored", ByteRange{off % 60000, 100});
          if (!s.ok() || !s->has_value() || **s != stored_.mid(off % 60000, 100)) ++bad;
        }
      });
    }
    for (auto& th : threads) th.join();
    QCOMPARE(bad.load(), 0);
  }

  void opensFromBytesAndThroughTheOpener() {
    QFile f(zipPath_);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto mem = openZipFromBytes(f.readAll());
    QVERIFY(mem.ok());
    QCOMPARE(**(*mem)->read("layer/stored", ByteRange{5, 5}), stored_.mid(5, 5));

    StoreOpener opener;
    auto viaOpener = opener.open(zipPath_.toStdString());
    QVERIFY(viaOpener.ok());
    QCOMPARE(**(*viaOpener)->read("top.json"), QByteArray("{}"));
    auto inner = opener.open((zipPath_ + "/layer/").toStdString());
    QVERIFY2(inner.ok(), inner.ok() ? "" : inner.error().message.c_str());
    QCOMPARE(**(*inner)->read("1/deflated", ByteRange{0, 10}), deflated_.left(10));
  }

  void corruptOrMissingZipIsAClearError() {
    const QString bad = dir_.filePath("bad.zip");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("PK\x03\x04 this is not really a zip");
    f.close();
    auto r = openZipStore(bad);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::InvalidData);
    QVERIFY(QString::fromStdString(r.error().message).contains("bad.zip"));
    auto missing = openZipStore(dir_.filePath("missing.zip"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    auto garbage = openZipFromBytes(QByteArray(100, 'x'));
    QVERIFY(!garbage.ok());
  }

 private:
  QTemporaryDir dir_;
  QString zipPath_;
  QByteArray stored_, deflated_;
};

QTEST_GUILESS_MAIN(TestZipStore)
#include "tst_zipstore.moc"
