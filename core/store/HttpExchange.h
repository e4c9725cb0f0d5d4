#pragma once
// One HTTP request/response on the network thread, awaited by a worker thread. Internal to
// HttpClient: no redirects are followed and nothing is retried here.

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "core/base/CancelToken.h"

class QNetworkAccessManager;
class QNetworkReply;
class QObject;

namespace skein {

using HeaderList = std::vector<std::pair<QByteArray, QByteArray>>;

struct ExchangeRequest {
  QByteArray method = "GET";
  QUrl url;
  HeaderList headers;
  QByteArray body;
  int timeoutMs = 30000;  // without any progress
  std::int64_t maxBodyBytes = 0;
};

struct ExchangeOutcome {
  enum class Kind {
    Response,   // an HTTP status arrived with its complete body
    Retryable,  // timeout, refused/reset/closed connection, truncated body
    Failed,     // a failure that a retry will not fix (DNS, TLS, body too large)
  } kind = Kind::Failed;
  int status = 0;
  QByteArray body;
  HeaderList headers;
  QString errorText;
  QUrl url;  // the URL that answered (set by HttpClient after redirects)
};

class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
 public:
  // Posts the request to `context`'s thread, where `nam` lives.
  static std::shared_ptr<HttpExchange> start(QObject* context, QNetworkAccessManager* nam, ExchangeRequest request);

  // Blocks until the outcome is known, or returns nullopt soon after `cancel` fires (the request is
  // aborted on the network thread).
  std::optional<ExchangeOutcome> wait(const CancelToken& cancel);

 private:
  void run(QNetworkAccessManager* nam, const ExchangeRequest& request);  // on the network thread
  void finish(QNetworkReply* reply);                                     // on the network thread
  void complete(ExchangeOutcome outcome);

  QObject* context_ = nullptr;
  std::mutex mutex_;
  std::condition_variable doneCv_;
  bool done_ = false;
  bool abandoned_ = false;  // the waiter gave up (cancelled); guarded by mutex_
  ExchangeOutcome outcome_;
  // Network-thread only:
  QNetworkReply* reply_ = nullptr;
  bool timedOut_ = false;
  bool tooLarge_ = false;
};

}  // namespace skein
