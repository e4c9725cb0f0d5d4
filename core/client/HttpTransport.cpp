#include "core/client/HttpTransport.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <algorithm>

#include "core/client/Logging.h"
#include "core/client/Redact.h"

namespace skein::client {

Q_LOGGING_CATEGORY(lcHttp, "skein.client.http", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClient, "skein.client", QtWarningMsg)

namespace {

bool isRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isTransientStatus(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

bool isTransientNetworkError(QNetworkReply::NetworkError e) {
  switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyTimeoutError:
      return true;
    default:
      return false;
  }
}

// A phrase for the transport-level failure. Qt's errorString() can quote the URL (with its query),
// so it is never passed on.
std::string networkErrorPhrase(QNetworkReply::NetworkError e) {
  switch (e) {
    case QNetworkReply::ConnectionRefusedError: return "connection refused";
    case QNetworkReply::RemoteHostClosedError: return "the server closed the connection before answering";
    case QNetworkReply::HostNotFoundError: return "host not found";
    case QNetworkReply::TimeoutError: return "timed out";
    case QNetworkReply::OperationCanceledError: return "cancelled";
    case QNetworkReply::SslHandshakeFailedError: return "TLS handshake failed";
    case QNetworkReply::TemporaryNetworkFailureError: return "temporary network failure";
    case QNetworkReply::NetworkSessionFailedError: return "network session failed";
    case QNetworkReply::ProtocolUnknownError: return "unsupported protocol";
    case QNetworkReply::ProtocolFailure: return "HTTP protocol error";
    case QNetworkReply::InsecureRedirectError: return "insecure redirect refused";
    default: return "network error " + std::to_string(static_cast<int>(e));
  }
}

// The authorities that verify servers: Qt's defaults (the system's), or, as with OpenSSL itself and
// skein's chunk reader (libcurl), the PEM bundle in SSL_CERT_FILE and/or the certificates in the
// folder SSL_CERT_DIR instead. An empty list with `failure` set when those hold no certificate.
struct TrustedAuthorities {
  std::optional<QList<QSslCertificate>> replacement;  // nullopt: Qt's defaults
  std::string failure;
};

TrustedAuthorities trustedAuthoritiesFromEnvironment() {
  TrustedAuthorities trust;
  const QString file = qEnvironmentVariable("SSL_CERT_FILE");
  const QString dir = qEnvironmentVariable("SSL_CERT_DIR");
  if (file.isEmpty() && dir.isEmpty()) return trust;
  QList<QSslCertificate> certificates;
  if (!file.isEmpty()) certificates += QSslCertificate::fromPath(file, QSsl::Pem);
  if (!dir.isEmpty())
    certificates += QSslCertificate::fromPath(dir + QStringLiteral("/*"), QSsl::Pem, QSslCertificate::PatternSyntax::Wildcard);
  if (certificates.isEmpty())
    trust.failure = "no trusted certificates could be loaded from SSL_CERT_FILE / SSL_CERT_DIR";
  trust.replacement = std::move(certificates);
  return trust;
}

}  // namespace

bool HttpRequest::isIdempotent() const {
  if (idempotent) return *idempotent;
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

QByteArray HttpResponse::header(const QByteArray& name) const {
  for (const auto& [key, value] : headers)
    if (key.compare(name, Qt::CaseInsensitive) == 0) return value;
  return {};
}

struct HttpTransport::Exchange {
  HttpRequest request;  // as currently sent (after redirects)
  Callback done;
  int retries = 0;
  int redirects = 0;
  int attempts = 0;
  bool timedOut = false;
  QStringList sslErrors;
  QElapsedTimer clock;
};

HttpTransport::HttpTransport(HttpOptions options, QObject* parent)
    : QObject(parent), options_(std::move(options)), nam_(std::make_unique<QNetworkAccessManager>()) {
  nam_->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
  TrustedAuthorities trust = trustedAuthoritiesFromEnvironment();
  trustFailure_ = std::move(trust.failure);
  if (trust.replacement) {
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(*trust.replacement);
    tlsConfiguration_ = std::move(tls);
  }
}

HttpTransport::~HttpTransport() {
  // Abort what is in flight without running callbacks into objects that are going away.
  const auto replies = nam_->findChildren<QNetworkReply*>();
  for (QNetworkReply* reply : replies) {
    reply->disconnect(this);
    reply->abort();
  }
}

bool HttpTransport::isSensitiveHeader(const QByteArray& name) {
  return name.compare("X-Auth-Token", Qt::CaseInsensitive) == 0 || name.compare("Cookie", Qt::CaseInsensitive) == 0 ||
         name.compare("Authorization", Qt::CaseInsensitive) == 0;
}

bool HttpTransport::sameOrigin(const QUrl& a, const QUrl& b) {
  const auto port = [](const QUrl& u) { return u.port(u.scheme() == "https" ? 443 : 80); };
  return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
         a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b);
}

void HttpTransport::send(HttpRequest request, Callback done) {
  auto exchange = std::make_shared<Exchange>();
  exchange->request = std::move(request);
  exchange->done = std::move(done);
  exchange->clock.start();
  startAttempt(std::move(exchange));
}

void HttpTransport::startAttempt(std::shared_ptr<Exchange> exchange) {
  const HttpRequest& r = exchange->request;
  if (!trustFailure_.empty() && r.url.scheme() == QLatin1String("https")) {
    HttpResponse response;
    response.networkError = true;
    response.errorText = "TLS: " + trustFailure_;
    response.attempts = exchange->attempts;
    response.finalUrl = r.url;
    // Asynchronously, like every other outcome.
    QTimer::singleShot(0, this, [this, exchange, response]() mutable { retryOrFinish(exchange, std::move(response)); });
    return;
  }
  QNetworkRequest req(r.url);
  if (tlsConfiguration_) req.setSslConfiguration(*tlsConfiguration_);
  req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
  req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
  req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
  req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
  req.setHeader(QNetworkRequest::UserAgentHeader, options_.userAgent);
  for (const auto& [name, value] : r.headers) req.setRawHeader(name, value);

  ++exchange->attempts;
  exchange->timedOut = false;
  exchange->sslErrors.clear();
  QNetworkReply* reply = r.method == "HEAD" ? nam_->head(req) : nam_->sendCustomRequest(req, r.method, r.body);

  auto* timer = new QTimer(reply);
  timer->setSingleShot(true);
  connect(timer, &QTimer::timeout, reply, [exchange, reply] {
    exchange->timedOut = true;
    reply->abort();
  });
  timer->start(options_.timeoutMs);
  // Progress restarts the clock: the timeout is for a stalled transfer, not a long one.
  connect(reply, &QNetworkReply::downloadProgress, timer, [timer, this] { timer->start(options_.timeoutMs); });
  connect(reply, &QNetworkReply::uploadProgress, timer, [timer, this] { timer->start(options_.timeoutMs); });
  connect(reply, &QNetworkReply::sslErrors, this, [exchange](const QList<QSslError>& errors) {
    for (const QSslError& e : errors) exchange->sslErrors << e.errorString();  // never ignored
  });
  connect(reply, &QNetworkReply::finished, this, [this, exchange, reply] { onFinished(exchange, reply); });
}

void HttpTransport::onFinished(std::shared_ptr<Exchange> exchange, QNetworkReply* reply) {
  reply->deleteLater();
  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  const QNetworkReply::NetworkError error = reply->error();
  const bool transportFailure = status == 0 || (error > 0 && error < 200) || exchange->timedOut;

  if (!transportFailure && isRedirect(status) && followRedirect(exchange, reply, status)) return;

  HttpResponse response;
  response.attempts = exchange->attempts;
  response.finalUrl = exchange->request.url;
  if (transportFailure) {
    response.networkError = true;
    response.timedOut = exchange->timedOut;
    response.transientFailure = exchange->timedOut || isTransientNetworkError(error);
    if (exchange->timedOut) {
      response.errorText = "timed out after " + std::to_string(options_.timeoutMs) + " ms without progress";
    } else if (!exchange->sslErrors.isEmpty()) {
      response.errorText = "TLS certificate rejected: " + exchange->sslErrors.join("; ").toStdString();
    } else {
      response.errorText = networkErrorPhrase(error);
    }
  } else {
    response.status = status;
    response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
  }
  retryOrFinish(std::move(exchange), std::move(response));
}

bool HttpTransport::followRedirect(const std::shared_ptr<Exchange>& exchange, QNetworkReply* reply, int status) {
  const QByteArray location = reply->rawHeader("Location");
  if (location.isEmpty()) return false;  // a 3xx without a target is handed to the caller as is
  HttpRequest& r = exchange->request;
  const QUrl next = r.url.resolved(QUrl::fromEncoded(location));

  auto refuse = [&](const std::string& why) {
    HttpResponse response;
    response.networkError = true;
    response.errorText = why;
    response.attempts = exchange->attempts;
    response.finalUrl = r.url;
    qCWarning(lcHttp).noquote() << r.method << redactUrl(r.url) << "redirect refused:" << QString::fromStdString(why);
    retryOrFinish(exchange, std::move(response));
  };
  if (++exchange->redirects > options_.maxRedirects) {
    refuse("more than " + std::to_string(options_.maxRedirects) + " redirects");
    return true;
  }
  if (!next.isValid() || (next.scheme() != "http" && next.scheme() != "https")) {
    refuse("redirect to an unsupported address");
    return true;
  }
  if (r.url.scheme() == "https" && next.scheme() == "http") {
    refuse("refused to follow a redirect from https to plain http");
    return true;
  }
  if (!sameOrigin(r.url, next)) {
    // Credentials were meant for the first origin only.
    const auto before = r.headers.size();
    r.headers.removeIf([](const auto& h) { return isSensitiveHeader(h.first); });
    if (r.headers.size() != before)
      qCInfo(lcHttp).noquote() << "cross-origin redirect to" << redactUrl(next) << ": credentials not forwarded";
  }
  if (status == 303 || ((status == 301 || status == 302) && r.method == "POST")) {
    r.method = "GET";
    r.body.clear();
    r.headers.removeIf([](const auto& h) { return h.first.compare("Content-Type", Qt::CaseInsensitive) == 0; });
  }
  qCDebug(lcHttp).noquote() << "redirect" << status << redactUrl(r.url) << "->" << redactUrl(next);
  r.url = next;
  startAttempt(exchange);
  return true;
}

void HttpTransport::retryOrFinish(std::shared_ptr<Exchange> exchange, HttpResponse response) {
  const HttpRequest& r = exchange->request;
  const bool transient = response.networkError ? response.transientFailure : isTransientStatus(response.status);
  if (transient && r.isIdempotent() && exchange->retries < options_.maxRetries) {
    int delay = backoffMs(exchange->retries++);
    if (const QByteArray after = response.header("Retry-After"); !after.isEmpty()) {
      bool ok = false;
      const int seconds = after.toInt(&ok);
      if (ok && seconds >= 0) delay = std::min(options_.maxBackoffMs, seconds * 1000);
    }
    qCInfo(lcHttp).noquote() << r.method << redactUrl(r.url) << "->"
                             << (response.networkError ? QString::fromStdString(response.errorText)
                                                       : QString::number(response.status))
                             << "; retry" << exchange->retries << "of" << options_.maxRetries << "in" << delay << "ms";
    QTimer::singleShot(delay, this, [this, exchange] { startAttempt(exchange); });
    return;
  }
  qCDebug(lcHttp).noquote() << r.method << redactUrl(r.url) << "->"
                            << (response.networkError ? QString::fromStdString(response.errorText)
                                                      : QString::number(response.status))
                            << "in" << exchange->clock.elapsed() << "ms, attempts" << exchange->attempts;
  Callback done = std::move(exchange->done);
  if (done) done(std::move(response));
}

int HttpTransport::backoffMs(int retry) const {
  const double base = std::min<double>(options_.maxBackoffMs, options_.initialBackoffMs * double(1 << std::min(retry, 20)));
  const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
  return static_cast<int>(std::min<double>(options_.maxBackoffMs, base * jitter));
}

}  // namespace skein::client
