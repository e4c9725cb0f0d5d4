// Security of the client: the token never shows in logs (verbose logging on) or error messages,
// a redirect to another origin does not carry it, and a self-signed HTTPS server is refused.
#include <QDir>
#include <QMutex>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "core/client/ApiError.h"
#include "core/client/WkClient.h"
#include "tests/servers/ServerProcess.h"
#include "tests/support/TestCertificate.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::client;
using nlohmann::json;
using skein::test::ServerProcess;

namespace {

const std::string kToken = "token-user-a-0123456789abcdef";

QMutex logMutex;
QStringList captured;

void captureMessages(QtMsgType, const QMessageLogContext& context, const QString& message) {
  QMutexLocker lock(&logMutex);
  captured << QString::fromLatin1(context.category ? context.category : "") + ": " + message;
}

WkClientOptions fastOptions() {
  WkClientOptions o;
  o.http.timeoutMs = 3000;
  o.http.maxRetries = 2;
  o.http.initialBackoffMs = 10;
  return o;
}

json adminRequests(const ServerProcess& server) {
  WkClient raw(server.url().toStdString(), fastOptions());
  HttpRequest request;
  request.url = QUrl("__admin/requests");
  auto r = awaitResult<HttpResponse>([&](auto cb) { raw.storeCall(server.url().toStdString(), request, cb); });
  return r.ok() ? json::parse(r->body.toStdString()) : json::array();
}

void addFault(const ServerProcess& server, const json& rule) {
  WkClient raw(server.url().toStdString(), fastOptions());
  HttpRequest request;
  request.method = "POST";
  request.url = QUrl("__admin/faults");
  request.body = QByteArray::fromStdString(json{{"rules", {rule}}}.dump());
  QVERIFY(awaitResult<HttpResponse>([&](auto cb) { raw.storeCall(server.url().toStdString(), request, cb); }).ok());
}

}  // namespace

class TstClientSecurity : public QObject {
  Q_OBJECT
  ServerProcess server_;
  ServerProcess other_;  // a second origin

 private slots:
  void initTestCase() {
    QVERIFY2(server_.startWkServer(), qPrintable(server_.error()));
    QVERIFY2(other_.startWkServer(), qPrintable(other_.error()));
  }

  void tokenNeverInVerboseLogsOrErrors() {
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\nqt.*.debug=true"));
    captured.clear();
    auto previous = qInstallMessageHandler(captureMessages);
    {
      WkClient c(server_.url().toStdString(), fastOptions());
      c.setToken(kToken);
      QVERIFY(awaitResult<User>([&](auto cb) { c.currentUser(cb); }).ok());
      QVERIFY(!awaitResult<DatasetInfo>([&](auto cb) { c.dataset("000000000000000000000000", "", cb); }).ok());
      addFault(server_, {{"method", "GET"}, {"path", "/teams$"}, {"action", "status"}, {"status", 503}, {"times", 1}});
      QVERIFY(awaitResult<std::vector<Team>>([&](auto cb) { c.teams(cb); }).ok());  // a logged retry
      // A store request with the token in the query as well (?token=…) is logged redacted.
      HttpRequest withQuery;
      withQuery.url = QUrl(QString::fromStdString("data/zarr/59e9cfbdba632ac2ab8b23b5/datasource-properties.json?token=" + kToken));
      QVERIFY(awaitResult<HttpResponse>([&](auto cb) { c.storeCall(server_.url().toStdString(), withQuery, cb); }).ok());
      WkClient dead("http://127.0.0.1:1", fastOptions());
      dead.setToken(kToken);
      auto refused = awaitResult<User>([&](auto cb) { dead.currentUser(cb); });
      QVERIFY(!refused.ok());
      QVERIFY(!QString::fromStdString(refused.error().message).contains(QString::fromStdString(kToken)));
    }
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY2(captured.size() >= 4, qPrintable(captured.join("\n")));  // logging really was on
    QVERIFY(captured.join("\n").contains("token=***"));
    for (const QString& line : captured) QVERIFY2(!line.contains(QString::fromStdString(kToken)), qPrintable(line));
  }

  void serverEchoingTheTokenIsScrubbed() {
    // A hostile or buggy server puts the token it received into its error message.
    QTcpServer echo;
    QVERIFY(echo.listen(QHostAddress::LocalHost));
    connect(&echo, &QTcpServer::newConnection, this, [&echo] {
      QTcpSocket* socket = echo.nextPendingConnection();
      connect(socket, &QTcpSocket::readyRead, socket, [socket] {
        const QByteArray request = socket->readAll();
        const auto at = request.toLower().indexOf("x-auth-token: ");
        const QByteArray token = at < 0 ? QByteArray() : request.mid(at + 14, request.indexOf("\r\n", at) - at - 14);
        const QByteArray body = R"({"messages":[{"error":"invalid token )" + token + R"("}]})";
        socket->write("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
      });
    });
    WkClient c(QStringLiteral("http://127.0.0.1:%1").arg(echo.serverPort()).toStdString(), fastOptions());
    c.setApiVersion(12);
    c.setToken(kToken);
    auto r = awaitResult<User>([&](auto cb) { c.currentUser(cb); });
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).contains("invalid token ***"), r.error().message.c_str());
    QVERIFY(!QString::fromStdString(r.error().message).contains(QString::fromStdString(kToken)));
  }

  void crossOriginRedirectDropsTheToken() {
    WkClient c(server_.url().toStdString(), fastOptions());
    c.setToken(kToken);
    QVERIFY(awaitResult<BuildInfo>([&](auto cb) { c.negotiate(cb); }).ok());
    addFault(server_, {{"method", "GET"}, {"path", "^/api/v12/user$"}, {"action", "redirect"},
                       {"location", (other_.url() + "/api/v12/user").toStdString()}, {"times", 1}});
    auto r = awaitResult<User>([&](auto cb) { c.currentUser(cb); });
    QVERIFY(!r.ok());  // the other origin saw no token, so it answers 401
    QCOMPARE(classify(r.error()), ErrorKind::Auth);
    const json seen = adminRequests(other_);
    bool reached = false;
    for (const json& req : seen)
      if (req["path"] == "/api/v12/user") {
        reached = true;
        QVERIFY(!req["hasAuthHeader"].get<bool>());
        QVERIFY(!req["hasCookie"].get<bool>());
      }
    QVERIFY(reached);

    // The same origin keeps it.
    addFault(server_, {{"method", "GET"}, {"path", "^/api/v12/teams$"}, {"action", "redirect"},
                       {"location", "/api/v12/user"}, {"status", 307}, {"times", 1}});
    WkClient::ApiCall call;
    call.path = "/teams";
    auto same = awaitResult<nlohmann::json>([&](auto cb) { c.callJson(call, cb); });
    QVERIFY2(same.ok(), same.ok() ? "" : same.error().message.c_str());
    QCOMPARE(same.value()["email"].get<std::string>(), std::string("user_a@example.org"));
  }

  void selfSignedHttpsIsRefused() {
    qunsetenv("SSL_CERT_FILE");
    qunsetenv("SSL_CERT_DIR");
    TlsServer tls;
    QVERIFY(tls.start());
    WkClient c(tls.url().toStdString(), fastOptions());
    c.setToken(kToken);
    auto r = awaitResult<BuildInfo>([&](auto cb) { c.negotiate(cb); });
    QVERIFY(!r.ok());
    QCOMPARE(classify(r.error()), ErrorKind::Network);
    QVERIFY2(QString::fromStdString(r.error().message).contains("TLS"), r.error().message.c_str());
    QVERIFY(tls.received.isEmpty());  // no request (and so no token) was ever decrypted by the server
  }

  // SSL_CERT_FILE replaces the system's authorities, as for OpenSSL and the chunk reader: the
  // throwaway certificate is then trusted; a file without certificates refuses https outright.
  void sslCertFileChoosesTheTrustedAuthorities() {
    TlsServer tls;
    QVERIFY(tls.start());
    {
      qputenv("SSL_CERT_FILE", tls.cert.certFile.toUtf8());
      WkClient c(tls.url().toStdString(), fastOptions());
      qunsetenv("SSL_CERT_FILE");
      auto r = awaitResult<BuildInfo>([&](auto cb) { c.negotiate(cb); });
      QVERIFY(!r.ok());  // the server answers 404 to everything
      QVERIFY2(classify(r.error()) != ErrorKind::Network, r.error().message.c_str());
      QVERIFY2(tls.received.contains("GET /api/"), tls.received.constData());
    }
    tls.received.clear();
    {
      qputenv("SSL_CERT_FILE", tls.cert.keyFile.toUtf8());  // a PEM file, but no certificate in it
      WkClient c(tls.url().toStdString(), fastOptions());
      qunsetenv("SSL_CERT_FILE");
      auto r = awaitResult<BuildInfo>([&](auto cb) { c.negotiate(cb); });
      QVERIFY(!r.ok());
      QCOMPARE(classify(r.error()), ErrorKind::Network);
      QVERIFY2(QString::fromStdString(r.error().message).contains("SSL_CERT_FILE"), r.error().message.c_str());
      QVERIFY(tls.received.isEmpty());
    }
  }

 private:
  // A TLS server on loopback with a throwaway certificate that answers every request with a 404.
  struct TlsServer {
    QTemporaryDir dir;
    skein::test::TestCertificate cert;
    QSslServer server;
    QByteArray received;

    bool start() {
      QString error;
      if (!skein::test::makeTestCertificate(dir.path(), &cert, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
      }
      QFile certFile(cert.certFile), keyFile(cert.keyFile);
      if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) return false;
      QSslConfiguration config = QSslConfiguration::defaultConfiguration();
      config.setLocalCertificate(QSslCertificate(certFile.readAll()));
      config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
      server.setSslConfiguration(config);
      QObject::connect(&server, &QSslServer::pendingConnectionAvailable, &server, [this] {
        while (QTcpSocket* s = server.nextPendingConnection())
          QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
            received += s->readAll();
            if (received.contains("\r\n\r\n"))
              s->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
          });
      });
      return server.listen(QHostAddress::LocalHost);
    }
    QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort()); }
  };
};

QTEST_GUILESS_MAIN(TstClientSecurity)
#include "tst_client_security.moc"
