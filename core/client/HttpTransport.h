#pragma once
// One HTTP exchange with the policies a webKnossos client needs, on the caller's thread:
//  - TLS verification always on (errors are never ignored); SSL_CERT_FILE / SSL_CERT_DIR replace the
//    system's authorities, as they do for OpenSSL and for skein's chunk reader;
//  - redirects followed by hand: sensitive headers (X-Auth-Token, Cookie, Authorization) go only to
//    the origin they were meant for, and an https → http downgrade is refused;
//  - per-attempt timeout, and bounded exponential backoff with jitter on 429/502/503/504, dropped
//    connections and timeouts — for idempotent requests only (GET, HEAD, PUT, DELETE, OPTIONS
//    unless the request says otherwise);
//  - logging to the "skein.client.http" category with redacted URLs; headers and bodies are never
//    logged.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <string>

class QNetworkAccessManager;
class QNetworkReply;

namespace skein::client {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest {
  QByteArray method = "GET";
  QUrl url;
  HeaderList headers;
  QByteArray body;
  std::optional<bool> idempotent;  // default: by method
  bool isIdempotent() const;
};

struct HttpResponse {
  int status = 0;  // 0 when no HTTP answer arrived
  QByteArray body;
  HeaderList headers;
  QUrl finalUrl;            // after redirects
  bool networkError = false;  // no usable answer (refused, dropped, timeout, TLS, redirect refused)
  bool timedOut = false;
  bool transientFailure = false;  // a network failure that may go away on retry (refused, dropped, timeout)
  std::string errorText;  // for network errors; never contains header values
  int attempts = 0;

  bool ok() const { return !networkError && status >= 200 && status < 300; }
  QByteArray header(const QByteArray& name) const;  // case-insensitive; empty when absent
};

struct HttpOptions {
  int timeoutMs = 30000;  // per attempt
  int maxRetries = 4;
  int initialBackoffMs = 200;  // doubled per retry, ±25 % jitter
  int maxBackoffMs = 5000;
  int maxRedirects = 5;
  QByteArray userAgent = "Skein/0.1";
};

class HttpTransport : public QObject {
  Q_OBJECT
 public:
  using Callback = std::function<void(HttpResponse)>;

  explicit HttpTransport(HttpOptions options = {}, QObject* parent = nullptr);
  ~HttpTransport() override;

  // Starts the exchange; `done` runs later on this object's thread, exactly once, unless the
  // transport is destroyed first.
  void send(HttpRequest request, Callback done);

  const HttpOptions& options() const { return options_; }

  static bool isSensitiveHeader(const QByteArray& name);
  static bool sameOrigin(const QUrl& a, const QUrl& b);

 private:
  struct Exchange;
  void startAttempt(std::shared_ptr<Exchange> exchange);
  void onFinished(std::shared_ptr<Exchange> exchange, QNetworkReply* reply);
  bool followRedirect(const std::shared_ptr<Exchange>& exchange, QNetworkReply* reply, int status);
  void retryOrFinish(std::shared_ptr<Exchange> exchange, HttpResponse response);
  int backoffMs(int retry) const;

  HttpOptions options_;
  std::unique_ptr<QNetworkAccessManager> nam_;
  std::optional<QSslConfiguration> tlsConfiguration_;  // set when SSL_CERT_FILE/SSL_CERT_DIR choose the authorities
  std::string trustFailure_;  // those variables are set but hold no certificate: https is refused
};

}  // namespace skein::client
