#include "core/store/HttpExchange.h"

#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <chrono>

namespace skein {
namespace {

bool isRetryableTransportError(QNetworkReply::NetworkError e) {
  switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProtocolFailure:
      return true;
    default:
      return false;
  }
}

// Errors below 200 are transport/proxy failures; a ProtocolFailure is a garbled response. Other
// errors stand for HTTP statuses (400 → ProtocolInvalidOperationError, 404 → ContentNotFoundError…),
// for which the reply carries a status code and a body.
bool isTransportError(QNetworkReply::NetworkError e) {
  return e != QNetworkReply::NoError && (static_cast<int>(e) < 200 || e == QNetworkReply::ProtocolFailure);
}

// Qt's error strings embed the full URL, query (tokens) included, so describe the error without it.
QString describeError(QNetworkReply::NetworkError e, const QNetworkReply* reply) {
  switch (e) {
    case QNetworkReply::ConnectionRefusedError: return QStringLiteral("the connection was refused");
    case QNetworkReply::RemoteHostClosedError: return QStringLiteral("the server closed the connection");
    case QNetworkReply::HostNotFoundError: return QStringLiteral("host %1 was not found").arg(reply->url().host());
    case QNetworkReply::TimeoutError: return QStringLiteral("the connection timed out");
    case QNetworkReply::SslHandshakeFailedError:
      return QStringLiteral("the TLS handshake failed (is the server certificate valid?)");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError: return QStringLiteral("the network is not available");
    case QNetworkReply::ProtocolFailure: return QStringLiteral("the server sent a malformed response");
    case QNetworkReply::ProtocolUnknownError: return QStringLiteral("the URL scheme is not supported");
    default: return QStringLiteral("network error %1").arg(static_cast<int>(e));
  }
}

}  // namespace

std::shared_ptr<HttpExchange> HttpExchange::start(QObject* context, QNetworkAccessManager* nam,
                                                  ExchangeRequest request) {
  auto ex = std::make_shared<HttpExchange>();
  ex->context_ = context;
  QMetaObject::invokeMethod(
      context, [ex, nam, request = std::move(request)] { ex->run(nam, request); }, Qt::QueuedConnection);
  return ex;
}

void HttpExchange::run(QNetworkAccessManager* nam, const ExchangeRequest& request) {
  {
    std::lock_guard lock(mutex_);
    if (abandoned_) return;
  }
  QNetworkRequest req(request.url);
  // Redirects are followed by HttpClient, which decides which headers may go to the new origin.
  req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
  req.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
  req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
  // Byte ranges and sizes refer to the stored bytes, so ask for them without transfer compression.
  req.setRawHeader("Accept-Encoding", "identity");
  for (const auto& [name, value] : request.headers) req.setRawHeader(name, value);

  QNetworkReply* reply = request.method == "GET"    ? nam->get(req)
                         : request.method == "HEAD" ? nam->head(req)
                                                    : nam->sendCustomRequest(req, request.method, request.body);
  reply_ = reply;
  auto self = shared_from_this();

  // Per-attempt timeout without progress: restarted whenever bytes move.
  auto* timer = new QTimer(reply);
  timer->setSingleShot(true);
  timer->setInterval(std::max(1, request.timeoutMs));
  QObject::connect(timer, &QTimer::timeout, reply, [self, reply] {
    self->timedOut_ = true;
    reply->abort();
  });
  const std::int64_t maxBody = request.maxBodyBytes;
  QObject::connect(reply, &QNetworkReply::downloadProgress, timer, [self, timer, reply, maxBody](qint64 received, qint64) {
    timer->start();
    if (maxBody > 0 && received > maxBody) {
      self->tooLarge_ = true;
      reply->abort();
    }
  });
  QObject::connect(reply, &QNetworkReply::uploadProgress, timer, [timer] { timer->start(); });
  QObject::connect(reply, &QNetworkReply::metaDataChanged, timer, [timer] { timer->start(); });
  QObject::connect(reply, &QNetworkReply::finished, reply, [self, reply] { self->finish(reply); });
  timer->start();
}

void HttpExchange::finish(QNetworkReply* reply) {
  reply_ = nullptr;
  reply->deleteLater();
  ExchangeOutcome out;
  const QNetworkReply::NetworkError error = reply->error();
  const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
  out.errorText = describeError(error, reply);
  if (timedOut_) {
    out.kind = ExchangeOutcome::Kind::Retryable;
    out.errorText = QStringLiteral("no response within the timeout");
  } else if (tooLarge_) {
    out.kind = ExchangeOutcome::Kind::Failed;
    out.errorText = QStringLiteral("the response is larger than the allowed maximum");
  } else if (error == QNetworkReply::OperationCanceledError) {
    out.kind = ExchangeOutcome::Kind::Failed;  // aborted for a cancelled waiter; nobody reads this
  } else if (isTransportError(error) || !status.isValid()) {
    out.kind = isRetryableTransportError(error) ? ExchangeOutcome::Kind::Retryable : ExchangeOutcome::Kind::Failed;
  } else {
    out.kind = ExchangeOutcome::Kind::Response;
    out.status = status.toInt();
    out.body = reply->readAll();
    out.errorText.clear();
    for (const auto& pair : reply->rawHeaderPairs()) out.headers.emplace_back(pair.first, pair.second);
    // A body shorter than its Content-Length means the connection dropped mid-transfer.
    bool ok = false;
    const qint64 declared = reply->rawHeader("Content-Length").toLongLong(&ok);
    const bool isHead = reply->operation() == QNetworkAccessManager::HeadOperation;
    if (ok && !isHead && out.status != 304 && out.status != 204 && declared != out.body.size()) {
      out.kind = ExchangeOutcome::Kind::Retryable;
      out.errorText = QStringLiteral("the connection closed after %1 of %2 bytes").arg(out.body.size()).arg(declared);
    }
  }
  complete(std::move(out));
}

void HttpExchange::complete(ExchangeOutcome outcome) {
  {
    std::lock_guard lock(mutex_);
    outcome_ = std::move(outcome);
    done_ = true;
  }
  doneCv_.notify_all();
}

std::optional<ExchangeOutcome> HttpExchange::wait(const CancelToken& cancel) {
  std::unique_lock lock(mutex_);
  while (!done_) {
    if (cancel.isCancelled()) {
      abandoned_ = true;
      lock.unlock();
      auto self = shared_from_this();
      QMetaObject::invokeMethod(
          context_, [self] { if (self->reply_) self->reply_->abort(); }, Qt::QueuedConnection);
      return std::nullopt;
    }
    // CancelToken has no callback, so poll it while waiting.
    doneCv_.wait_for(lock, std::chrono::milliseconds(10));
  }
  return std::move(outcome_);
}

}  // namespace skein
