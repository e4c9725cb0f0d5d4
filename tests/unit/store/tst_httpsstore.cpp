// HttpStore over https against a real nginx with a throwaway certificate: certificates are verified,
// SSL_CERT_FILE chooses which are trusted, TLS sessions are resumed by later connections, and a
// redirect down to plain http is refused.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <latch>
#include <thread>

#include "core/store/FileStore.h"
#include "core/store/StoreOpener.h"
#include "tests/support/NginxServer.h"
#include "tests/support/TestFiles.h"
#include "tests/support/TestCertificate.h"

using namespace skein;

namespace {

// Sets an environment variable for the lifetime of the object (the transport reads it when created).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const QByteArray& value) : name_(name), had_(qEnvironmentVariableIsSet(name)) {
    old_ = qgetenv(name);
    qputenv(name, value);
  }
  ~ScopedEnv() {
    if (had_) qputenv(name_, old_);
    else qunsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  bool had_;
  QByteArray old_;
};

// nginx's access-log lines grouped by connection serial, in log order.
QMap<QString, QStringList> linesByConnection(const QStringList& lines) {
  QMap<QString, QStringList> byConnection;
  for (const QString& line : lines) byConnection[line.section(QStringLiteral(" conn="), 1)].append(line);
  return byConnection;
}

}  // namespace

class TestHttpsStore : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid() && certDir_.isValid());
    QVERIFY(test::writeTestFile(dir_.filePath("data/chunk"), test::noiseBytes(300000, 1)));
    QVERIFY(test::writeTestFile(dir_.filePath("data/zarr.json"), "{\"zarr_format\": 3}"));
    QVERIFY(test::writeTestFile(dir_.filePath("data/first"), test::noiseBytes(1000, 2)));
    QVERIFY(test::writeTestFile(dir_.filePath("data/parallel"), test::noiseBytes(70000, 3)));
    QString error;
    QVERIFY2(test::makeTestCertificate(certDir_.path(), &cert_, &error), qPrintable(error));
    test::NginxOptions options;
    options.certFile = cert_.certFile;
    options.keyFile = cert_.keyFile;
    options.extraServerConfig = QStringLiteral(
        "    location = /data/downgrade { return 302 http://127.0.0.1:$server_port/data/zarr.json; }\n"
        "    location = /data/renamed { return 302 /data/zarr.json; }\n");
    nginx_ = std::make_unique<test::NginxServer>(dir_.path(), options);
    QVERIFY2(nginx_->start(&error), qPrintable(error));  // nginx-light and openssl: scripts/install-deps.sh
    QVERIFY(nginx_->baseUrl().startsWith("https://127.0.0.1:"));
    file_ = std::make_shared<FileStore>(dir_.filePath("data"));
  }

  // The system's authorities do not know the throwaway certificate: no request may be sent, and the
  // failure is reported at once (a retry cannot fix it) with a reason and the URL.
  void anUntrustedCertificateIsRefusedWithoutRetry() {
    qunsetenv("SSL_CERT_FILE");
    qunsetenv("SSL_CERT_DIR");
    StoreOpener opener;
    auto store = opener.open(nginx_->baseUrl().toStdString() + "/data/");
    QVERIFY(store.ok());
    auto r = (*store)->read("zarr.json");
    QVERIFY(!r.ok());
    const QString message = QString::fromStdString(r.error().message);
    QVERIFY2(message.contains("TLS handshake failed"), qPrintable(message));
    QVERIFY2(message.contains(nginx_->baseUrl() + "/data/zarr.json"), qPrintable(message));
    QVERIFY(nginx_->accessLog().isEmpty());
    // One refused handshake, not one per retry (nginx logs the client's alert at level info).
    QTRY_COMPARE(nginx_->errorLog().filter("SSL_do_handshake() failed").size(), 1);
  }

  void aCaFileThatCannotBeLoadedIsNamed() {
    ScopedEnv env("SSL_CERT_FILE", dir_.filePath("no-such-bundle.pem").toUtf8());
    StoreOpener opener;
    auto r = (*opener.open(nginx_->baseUrl().toStdString() + "/data/"))->read("zarr.json");
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).contains("SSL_CERT_FILE"), r.error().message.c_str());
  }

  void trustedViaSslCertFileReadsMatchTheFileStore() {
    ScopedEnv env("SSL_CERT_FILE", cert_.certFile.toUtf8());
    StoreOpener opener;
    auto store = opener.open(nginx_->baseUrl().toStdString() + "/data/");
    QVERIFY(store.ok());
    StorePtr https = *store;
    for (const char* key : {"chunk", "zarr.json"}) {
      auto viaHttps = https->read(key);
      QVERIFY2(viaHttps.ok(), viaHttps.ok() ? key : viaHttps.error().message.c_str());
      QVERIFY2(viaHttps->has_value(), key);
      QCOMPARE(**viaHttps, **file_->read(key));
    }
    for (const ByteRange& range : {ByteRange{12345, 6789}, ByteRange::suffix(4096)}) {
      auto viaHttps = https->read("chunk", range);
      QVERIFY2(viaHttps.ok(), viaHttps.ok() ? "" : viaHttps.error().message.c_str());
      QCOMPARE(**viaHttps, **file_->read("chunk", range));
    }
    auto missing = https->read("nope");
    QVERIFY(missing.ok() && !missing->has_value());
    QTRY_VERIFY(nginx_->accessLog().filter("range=\"bytes=-4096\" status=206").size() == 1);
    QVERIFY(nginx_->accessLog().filter("range=\"bytes=12345-19133\" status=206").size() == 1);
    // A redirect within https is followed.
    auto renamed = https->read("renamed");
    QVERIFY2(renamed.ok() && renamed->has_value(), renamed.ok() ? "absent" : renamed.error().message.c_str());
    QCOMPARE(**renamed, QByteArray("{\"zarr_format\": 3}"));
  }

  // Reader threads each open their own connection; after the first full handshake, the others
  // resume its TLS session (nginx logs reused=r) instead of negotiating a new one.
  void laterConnectionsResumeTheTlsSession() {
    ScopedEnv env("SSL_CERT_FILE", cert_.certFile.toUtf8());
    StoreOpener opener;
    StorePtr https = *opener.open(nginx_->baseUrl().toStdString() + "/data/");
    QVERIFY(https->read("first").ok());
    std::atomic<int> bad{0};
    std::latch start(4);  // all four at once, so that they need four channels
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        start.arrive_and_wait();
        for (int i = 0; i < 10; ++i)
          if (auto r = https->read("parallel"); !r.ok() || !r->has_value()) ++bad;
      });
    for (auto& th : threads) th.join();
    QCOMPARE(bad.load(), 0);
    QTRY_COMPARE(nginx_->accessLog().filter("/data/parallel ").size(), 40);
    const QStringList firstLines = nginx_->accessLog().filter("/data/first ");
    QCOMPARE(firstLines.size(), 1);
    QVERIFY2(firstLines.front().contains(" reused=. "), qPrintable(firstLines.front()));  // a full handshake
    const QString firstConnection = firstLines.front().section(QStringLiteral(" conn="), 1);
    const auto byConnection = linesByConnection(nginx_->accessLog().filter("/data/parallel "));
    QVERIFY2(byConnection.size() >= 2, "the parallel reads should have opened new connections");
    for (auto it = byConnection.begin(); it != byConnection.end(); ++it) {
      if (it.key() == firstConnection) continue;
      QVERIFY2(it.value().front().contains(" reused=r "), qPrintable(it.value().front()));
    }
  }

  void aRedirectToPlainHttpIsRefused() {
    ScopedEnv env("SSL_CERT_FILE", cert_.certFile.toUtf8());
    StoreOpener opener;
    StorePtr https = *opener.open(nginx_->baseUrl().toStdString() + "/data/");
    auto r = https->read("downgrade");
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).contains("from HTTPS to plain HTTP"), r.error().message.c_str());
  }

 private:
  QTemporaryDir dir_;
  QTemporaryDir certDir_;
  test::TestCertificate cert_;
  std::unique_ptr<test::NginxServer> nginx_;
  StorePtr file_;
};

QTEST_GUILESS_MAIN(TestHttpsStore)
#include "tst_httpsstore.moc"
