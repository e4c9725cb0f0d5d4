// HttpStore against a real nginx serving a temporary folder: the bytes must match FileStore's.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

#include "core/store/FileStore.h"
#include "core/store/StoreOpener.h"
#include "tests/support/NginxServer.h"
#include "tests/support/TestFiles.h"
#include "tests/support/TestEnv.h"

using namespace skein;

namespace {

// The connection serials nginx logged for `lines`.
QSet<QString> connectionsOf(const QStringList& lines) {
  QSet<QString> ids;
  for (const QString& line : lines) ids.insert(line.section(QStringLiteral(" conn="), 1));
  return ids;
}

}  // namespace

class TestHttpStore : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY(test::writeTestFile(dir_.filePath("data/layer/1/c/0/0/0"), test::noiseBytes(300000, 1)));
    QVERIFY(test::writeTestFile(dir_.filePath("data/zarr.json"), "{\"zarr_format\": 3}"));
    QVERIFY(test::writeTestFile(dir_.filePath("data/odd name/x+y=z"), test::noiseBytes(100, 2)));
    QVERIFY(test::writeTestFile(dir_.filePath("data/empty"), QByteArray()));
    QVERIFY(test::writeTestFile(dir_.filePath("data/sequential"), test::noiseBytes(70000, 3)));
    QVERIFY(test::writeTestFile(dir_.filePath("data/parallel"), test::noiseBytes(70000, 4)));
    nginx_ = std::make_unique<test::NginxServer>(dir_.path());
    QString error;
    if (!nginx_->start(&error)) {
      QFAIL(qPrintable(error));  // nginx-light is a test dependency (scripts/install-deps.sh)
    }
    auto opened = opener_.open(nginx_->baseUrl().toStdString() + "/data/");
    QVERIFY(opened.ok());
    http_ = *opened;
    file_ = std::make_shared<FileStore>(dir_.filePath("data"));
  }

  void fullReadsMatchTheFileStore() {
    for (const char* key : {"layer/1/c/0/0/0", "zarr.json", "odd name/x+y=z", "empty"}) {
      auto viaHttp = http_->read(key);
      QVERIFY2(viaHttp.ok(), viaHttp.ok() ? key : viaHttp.error().message.c_str());
      QVERIFY2(viaHttp->has_value(), key);
      QCOMPARE(**viaHttp, **file_->read(key));
      QCOMPARE(**http_->size(key), **file_->size(key));
    }
  }

  void rangesMatchTheFileStoreAndUseRangeRequests() {
    const std::string key = "layer/1/c/0/0/0";
    const std::vector<ByteRange> ranges = {{0, 1},           {12345, 6789}, {299990, 100}, {100000, -1},
                                           ByteRange::suffix(4096), ByteRange::suffix(1000000), {300000, 5}};
    for (const ByteRange& range : ranges) {
      auto viaHttp = http_->read(key, range);
      auto viaFile = file_->read(key, range);
      QVERIFY2(viaHttp.ok(), viaHttp.ok() ? "" : viaHttp.error().message.c_str());
      QCOMPARE(**viaHttp, **viaFile);
    }
    // nginx logs a request after sending its response, so the last lines may lag a little.
    QTRY_VERIFY(nginx_->accessLog().filter("bytes=").size() >= 5);
    const QStringList log = nginx_->accessLog();
    QVERIFY(log.filter("range=\"bytes=12345-19133\" status=206").size() == 1);
    QVERIFY(log.filter("range=\"bytes=-4096\" status=206").size() == 1);
    auto beyond = http_->read(key, ByteRange{400000, 10});
    QVERIFY(!beyond.ok());
    QCOMPARE(beyond.error().code, ErrorCode::InvalidData);
  }

  void missingKeysAreAbsent() {
    auto r = http_->read("layer/1/c/9/9/9");
    QVERIFY(r.ok());
    QVERIFY(!r->has_value());
    auto ranged = http_->read("nope", ByteRange{0, 10});
    QVERIFY(ranged.ok());
    QVERIFY(!ranged->has_value());
    auto size = http_->size("nope");
    QVERIFY(size.ok());
    QVERIFY(!size->has_value());
    QTRY_VERIFY(nginx_->accessLog().filter("status=404").size() >= 3);  // logged after the response
  }

  void readIntoMatchesReadAndReusesTheBuffer() {
    QByteArray buffer;
    auto r = http_->readInto("layer/1/c/0/0/0", buffer);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(*r);
    QCOMPARE(buffer, **file_->read("layer/1/c/0/0/0"));
    const char* storage = buffer.constData();
    QVERIFY(*http_->readInto("zarr.json", buffer));
    QCOMPARE(buffer, QByteArray("{\"zarr_format\": 3}"));
    QVERIFY(*http_->readInto("layer/1/c/0/0/0", buffer));
    QCOMPARE(buffer, **file_->read("layer/1/c/0/0/0"));
    QCOMPARE(buffer.constData(), storage);  // the body went into the same storage each time
    QVERIFY(*http_->readInto("empty", buffer));
    QCOMPARE(buffer.size(), 0);
    auto missing = http_->readInto("layer/1/c/9/9/9", buffer);
    QVERIFY(missing.ok());
    QVERIFY(!*missing);
  }

  void concurrentReadsAreConsistent() {
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 10; ++i) {
          const ByteRange range{(t * 10007 + i * 20011) % 290000, 5000};
          auto a = http_->read("layer/1/c/0/0/0", range);
          auto b = file_->read("layer/1/c/0/0/0", range);
          if (!a.ok() || !a->has_value() || **a != **b) ++bad;
        }
      });
    }
    for (auto& th : threads) th.join();
    QCOMPARE(bad.load(), 0);
  }

  // Requests run on the calling threads, each borrowing a pooled channel: its connection must stay
  // open for the next request instead of a new TCP connection per chunk.
  void keepAliveConnectionsAreReused() {
    for (int i = 0; i < 20; ++i) QVERIFY(http_->read("sequential").ok());
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 10; ++i)
          if (auto r = http_->read("parallel"); !r.ok() || !r->has_value()) ++bad;
      });
    for (auto& th : threads) th.join();
    QCOMPARE(bad.load(), 0);
    QTRY_COMPARE(nginx_->accessLog().filter("/data/parallel ").size(), 40);
    const QStringList log = nginx_->accessLog();
    QCOMPARE(connectionsOf(log.filter("/data/sequential ")).size(), 1);
    const auto parallel = connectionsOf(log.filter("/data/parallel "));
    QVERIFY2(parallel.size() <= 8, qPrintable(QString::number(parallel.size())));
  }

  void httpStoresAreReadOnlyAndUnlistable() {
    QVERIFY(!http_->writable());
    QCOMPARE(http_->write("x", "y").error().code, ErrorCode::Unsupported);
    QCOMPARE(http_->list("").error().code, ErrorCode::Unsupported);
    QCOMPARE(QString::fromStdString(http_->describe("zarr.json")), nginx_->baseUrl() + "/data/zarr.json");
  }

 private:
  QTemporaryDir dir_;
  std::unique_ptr<test::NginxServer> nginx_;
  StoreOpener opener_;
  StorePtr http_;
  StorePtr file_;
};

QTEST_GUILESS_MAIN(TestHttpStore)
#include "tst_httpstore.moc"
