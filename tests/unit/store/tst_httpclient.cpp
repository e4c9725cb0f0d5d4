// HttpStore/HttpClient against a deliberately misbehaving local server: retries, timeouts,
// cancellation, the per-host bound, redirects and token redaction.
#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
#include <thread>

#include "core/store/HttpClient.h"
#include "core/store/HttpStore.h"
#include "core/store/HttpUrl.h"
#include "core/store/StoreOpener.h"
#include "tests/support/FaultyHttpServer.h"

using namespace skein;
using skein::test::FaultyHttpServer;

namespace {

HttpOptions fastOptions() {
  HttpOptions o;
  o.maxRetries = 3;
  o.initialBackoffMs = 10;
  o.maxBackoffMs = 40;
  o.timeoutMs = 5000;
  return o;
}

QByteArray pattern(int n) {
  QByteArray b(n, Qt::Uninitialized);
  for (int i = 0; i < n; ++i) b[i] = char((i * 13 + 7) & 0xff);
  return b;
}

std::shared_ptr<HttpStore> storeFor(const FaultyHttpServer& server, HttpOptions options = fastOptions(),
                                    HeaderList headers = {}, const QString& suffix = "/d") {
  return std::make_shared<HttpStore>(QUrl(server.baseUrl() + suffix), std::make_shared<HttpClient>(options),
                                     std::move(headers));
}

QString message(const Error& e) { return QString::fromStdString(e.message); }

}  // namespace

class TestHttpClient : public QObject {
  Q_OBJECT
 private slots:
  void serverListensOnLoopback() {
    FaultyHttpServer server;
    QVERIFY(server.isListening());
    QVERIFY(server.baseUrl().startsWith("http://127.0.0.1:"));
    FaultyHttpServer refused{QHostAddress("192.0.2.1")};  // not loopback: must refuse to listen
    QVERIFY(!refused.isListening());
  }

  void retriesServiceUnavailableThenSucceeds() {
    FaultyHttpServer server;
    server.setObject("/d/k", "payload");
    server.failNext(2, 503);
    auto r = storeFor(server)->read("k");
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(**r, QByteArray("payload"));
    QCOMPARE(server.requestCount(), 3);
  }

  // Each retry waits longer: the base delay doubles (with jitter in [half, full]) up to the cap.
  // Only lower bounds are asserted (a loaded machine is slower, never faster); a constant delay
  // equal to the first one fails them.
  void retriesBackOffExponentially() {
    FaultyHttpServer server;
    server.setObject("/d/k", "payload");
    server.failNext(4, 503);
    HttpOptions o;
    o.maxRetries = 4;
    o.initialBackoffMs = 40;
    o.maxBackoffMs = 10000;
    o.timeoutMs = 5000;
    auto r = storeFor(server, o)->read("k");
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    const auto requests = server.requests();
    QCOMPARE(requests.size(), 5);
    for (int retry = 1; retry <= 4; ++retry) {
      const qint64 gap = requests[retry].receivedMs - requests[retry - 1].receivedMs;
      const qint64 base = 40LL << (retry - 1);  // 40, 80, 160, 320 ms
      QVERIFY2(gap >= base / 2, qPrintable(QStringLiteral("retry %1 came after %2 ms").arg(retry).arg(gap)));
    }
    const qint64 total = requests.last().receivedMs - requests.first().receivedMs;
    QVERIFY2(total >= (40 + 80 + 160 + 320) / 2, qPrintable(QString::number(total)));
  }

  void retries429AndDroppedConnections() {
    FaultyHttpServer server;
    const QByteArray data = pattern(20000);
    server.setObject("/d/k", data);
    server.failNext(1, 429);
    auto r = storeFor(server)->read("k");
    QVERIFY(r.ok());
    QCOMPARE(server.requestCount(), 2);

    server.resetCounters();
    server.dropNext(2);
    auto dropped = storeFor(server)->read("k");
    QVERIFY2(dropped.ok(), dropped.ok() ? "" : dropped.error().message.c_str());
    QCOMPARE(**dropped, data);
    QCOMPARE(server.requestCount(), 3);
  }

  void persistentFailureIsANetworkErrorNamingTheUrlWithoutItsToken() {
    FaultyHttpServer server;
    server.setObject("/d/k", "x");
    server.failNext(1000, 503);
    HttpOptions o = fastOptions();
    o.maxRetries = 4;
    auto store = storeFor(server, o, {}, "/d?token=SECRET123");
    auto r = store->read("k");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Network);
    QCOMPARE(r.error().httpStatus, 503);
    QCOMPARE(server.requestCount(), o.maxRetries + 1);
    QVERIFY2(message(r.error()).contains(server.baseUrl() + "/d/k"), r.error().message.c_str());
    QVERIFY(!message(r.error()).contains("SECRET123"));
    QVERIFY(server.requests().first().target.contains("token=SECRET123"));  // the server did get it
  }

  void persistentDropIsANetworkError() {
    FaultyHttpServer server;
    server.setObject("/d/k", pattern(1000));
    server.dropNext(1000);
    auto r = storeFor(server)->read("k");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Network);
    QCOMPARE(server.requestCount(), fastOptions().maxRetries + 1);
  }

  void connectionRefusedIsRetriedThenReported() {
    quint16 port = 0;
    {
      FaultyHttpServer gone;
      port = gone.port();
    }
    HttpStore store(QUrl(QStringLiteral("http://127.0.0.1:%1/d").arg(port)), std::make_shared<HttpClient>(fastOptions()));
    auto r = store.read("k");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Network);
    QVERIFY2(message(r.error()).contains("after 4 attempts"), r.error().message.c_str());
  }

  void statusesMapToAbsentAuthAndHttpErrors() {
    FaultyHttpServer server;
    server.setStatus("/d/unauth", 401);
    server.setStatus("/d/forbidden", 403);
    server.setStatus("/d/teapot", 418);
    server.setStatus("/d/notimpl", 501);
    auto store = storeFor(server);
    auto missing = store->read("nothing/here");
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());
    auto missingSize = store->size("nothing/here");
    QVERIFY(missingSize.ok());
    QVERIFY(!missingSize->has_value());
    auto unauth = store->read("unauth");
    QCOMPARE(unauth.error().code, ErrorCode::Auth);
    QCOMPARE(unauth.error().httpStatus, 401);
    auto forbidden = store->read("forbidden");
    QCOMPARE(forbidden.error().code, ErrorCode::Auth);
    QCOMPARE(forbidden.error().httpStatus, 403);
    server.resetCounters();
    auto teapot = store->read("teapot");
    QVERIFY2(teapot.error().code == ErrorCode::Http, teapot.error().message.c_str());
    QCOMPARE(server.requestCount(), 1);  // 4xx is not retried
    server.resetCounters();
    auto notImpl = store->read("notimpl");
    QCOMPARE(notImpl.error().code, ErrorCode::Http);
    QCOMPARE(server.requestCount(), 1);  // 501 is not retried
  }

  void rangesAreRequestedAndSlicedWhenIgnored() {
    FaultyHttpServer server;
    const QByteArray data = pattern(5000);
    server.setObject("/d/k", data);
    auto store = storeFor(server);
    QCOMPARE(**store->read("k", ByteRange{100, 50}), data.mid(100, 50));
    QCOMPARE(server.requests().last().headers.value("range"), QByteArray("bytes=100-149"));
    QCOMPARE(**store->read("k", ByteRange::suffix(10)), data.right(10));
    QCOMPARE(server.requests().last().headers.value("range"), QByteArray("bytes=-10"));
    QCOMPARE(**store->read("k", ByteRange{4990, -1}), data.mid(4990));
    QCOMPARE(server.requests().last().headers.value("range"), QByteArray("bytes=4990-"));
    QCOMPARE(**store->read("k", ByteRange{4990, 100}), data.mid(4990));
    QCOMPARE((*store->read("k", ByteRange{5000, 10}))->size(), 0);
    auto beyond = store->read("k", ByteRange{6000, 10});
    QVERIFY(!beyond.ok());
    QCOMPARE(beyond.error().code, ErrorCode::InvalidData);
    QCOMPARE(**store->size("k"), 5000);
    QCOMPARE(server.requests().last().method, QByteArray("HEAD"));

    server.setIgnoreRange(true);
    QCOMPARE(**store->read("k", ByteRange{100, 50}), data.mid(100, 50));
    QCOMPARE(**store->read("k", ByteRange::suffix(7)), data.right(7));
  }

  void attemptTimeoutIsRetriedThenReported() {
    FaultyHttpServer server;
    server.setObject("/d/k", "late");
    server.setDelayMs(3000);
    HttpOptions o = fastOptions();
    o.timeoutMs = 200;
    o.maxRetries = 1;
    QElapsedTimer clock;
    clock.start();
    auto r = storeFor(server, o)->read("k");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Network);
    QVERIFY2(message(r.error()).contains("timeout"), r.error().message.c_str());
    QVERIFY(clock.elapsed() < 2000);
    QTRY_COMPARE(server.requestCount(), 2);
  }

  void cancellationIsPrompt() {
    FaultyHttpServer server;
    server.setObject("/d/k", "slow");
    server.setDelayMs(5000);
    auto store = storeFor(server);
    CancelToken token = CancelToken::make();
    QElapsedTimer clock;
    clock.start();
    std::thread canceller([token] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      token.cancel();
    });
    auto r = store->read("k", std::nullopt, token);
    const qint64 elapsed = clock.elapsed();
    canceller.join();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Cancelled);
    QVERIFY2(elapsed < 1000, qPrintable(QString::number(elapsed)));
  }

  void cancellationDuringBackoffIsPrompt() {
    FaultyHttpServer server;
    server.failNext(1000, 503);
    HttpOptions o = fastOptions();
    o.initialBackoffMs = 4000;
    o.maxBackoffMs = 4000;
    auto store = storeFor(server, o);
    CancelToken token = CancelToken::make();
    std::thread canceller([token] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      token.cancel();
    });
    QElapsedTimer clock;
    clock.start();
    auto r = store->read("k", std::nullopt, token);
    canceller.join();
    QCOMPARE(r.error().code, ErrorCode::Cancelled);
    QVERIFY(clock.elapsed() < 1500);
    QCOMPARE(server.requestCount(), 1);
  }

  void concurrencyIsBoundedPerHost() {
    FaultyHttpServer server;
    server.setObject("/d/k", "x");
    server.setDelayMs(150);
    HttpOptions o = fastOptions();
    o.maxConcurrentRequestsPerHost = 3;
    auto store = storeFor(server, o);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 12; ++i)
      threads.emplace_back([&] {
        if (!store->read("k").ok()) ++failures;
      });
    for (auto& t : threads) t.join();
    QCOMPARE(failures.load(), 0);
    QCOMPARE(server.requestCount(), 12);
    QVERIFY2(server.maxConcurrent() <= 3, qPrintable(QString::number(server.maxConcurrent())));
    QVERIFY(server.maxConcurrent() >= 2);  // the bound is not a serialisation
  }

  void customHeadersNeverFollowACrossOriginRedirect() {
    FaultyHttpServer origin;                       // 127.0.0.1
    FaultyHttpServer other{QHostAddress("127.0.0.2")};
    FaultyHttpServer otherPort;                    // same host, another port: another origin
    QVERIFY(other.isListening());
    other.setObject("/x", "from other host");
    otherPort.setObject("/x", "from other port");
    origin.setObject("/d/same-target", "same origin");
    origin.setRedirect("/d/far", other.baseUrl() + "/x");
    origin.setRedirect("/d/port", otherPort.baseUrl() + "/x", 307);
    origin.setRedirect("/d/near", "/d/same-target", 301);
    auto store = storeFor(origin, fastOptions(), {{"X-Auth-Token", "tok-secret"}});

    QCOMPARE(**store->read("far"), QByteArray("from other host"));
    QCOMPARE(origin.requests().last().headers.value("x-auth-token"), QByteArray("tok-secret"));
    QVERIFY(!other.requests().last().headers.contains("x-auth-token"));

    QCOMPARE(**store->read("port", ByteRange{5, 5}), QByteArray("other"));
    QVERIFY(!otherPort.requests().last().headers.contains("x-auth-token"));
    QCOMPARE(otherPort.requests().last().headers.value("range"), QByteArray("bytes=5-9"));  // Range still sent

    QCOMPARE(**store->read("near"), QByteArray("same origin"));
    QCOMPARE(origin.requests().last().target, QByteArray("/d/same-target"));
    QCOMPARE(origin.requests().last().headers.value("x-auth-token"), QByteArray("tok-secret"));
  }

  void redirectLoopsEndWithAnError() {
    FaultyHttpServer server;
    server.setRedirect("/d/loop", "/d/loop");
    auto r = storeFor(server)->read("loop");
    QVERIFY(!r.ok());
    QVERIFY2(message(r.error()).contains("redirected too many times"), r.error().message.c_str());
  }

  void openerSendsHeadersOnlyToAllowedOrigins() {
    FaultyHttpServer allowed, elsewhere;
    allowed.setObject("/k", "a");
    elsewhere.setObject("/k", "b");
    HttpOptions o = fastOptions();
    o.headers = {{"X-Auth-Token", "tok"}};
    o.headerOrigins = {allowed.baseUrl().toStdString()};
    StoreOpener opener(o);
    auto a = opener.open(allowed.baseUrl().toStdString() + "/");
    auto b = opener.open(elsewhere.baseUrl().toStdString());
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(**(*a)->read("k"), QByteArray("a"));
    QCOMPARE(**(*b)->read("k"), QByteArray("b"));
    QCOMPARE(allowed.requests().last().headers.value("x-auth-token"), QByteArray("tok"));
    QVERIFY(!elsewhere.requests().last().headers.contains("x-auth-token"));
    QCOMPARE(opener.httpClient().get(), opener.httpClient().get());  // one client per opener
    QCOMPARE((*a)->list("").error().code, ErrorCode::Unsupported);
  }

  void keysArePercentEncodedAndDescriptionsRedacted() {
    const QUrl base("https://user:pw@example.org/data%20set?token=abc&x=1#frag");
    QCOMPARE(QString::fromStdString(redactUrl(base)),
             QString("https://example.org/data%20set?token=<redacted>&x=<redacted>"));
    const QUrl url = urlForKey(base, "a b/c+d/é?#/0.0.0");
    QCOMPARE(url.path(QUrl::FullyEncoded), QString("/data%20set/a%20b/c%2Bd/%C3%A9%3F%23/0.0.0"));
    QCOMPARE(url.query(), QString("token=abc&x=1"));
    HttpStore store(QUrl("http://h.example/d?token=abc"), std::make_shared<HttpClient>());
    QCOMPARE(store.describe("k/0"), std::string("http://h.example/d/k/0?token=<redacted>"));
    QCOMPARE(originOf(QUrl("HTTPS://Example.org/x")), QString("https://example.org:443"));
    QVERIFY(originOf(QUrl("http://a:8080/")) != originOf(QUrl("http://a:8081/")));
    QCOMPARE(store.read("../escape").error().code, ErrorCode::InvalidArgument);
  }

  void specialKeysReachTheServerEncoded() {
    FaultyHttpServer server;
    server.setObject("/d/a%20b/c%2Bd", "encoded");
    auto r = storeFor(server)->read("a b/c+d");
    QVERIFY(r.ok());
    QVERIFY(r->has_value());
    QCOMPARE(**r, QByteArray("encoded"));
  }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
