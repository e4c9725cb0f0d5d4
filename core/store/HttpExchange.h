#pragma once
// One HTTP request/response, run on HttpTransport's thread and awaited by a worker thread.
// Internal to HttpClient: no redirects are followed and nothing is retried here.

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "core/base/CancelToken.h"

namespace skein {

using HeaderList = std::vector<std::pair<QByteArray, QByteArray>>;

struct ExchangeRequest {
  QByteArray method = "GET";
  QUrl url;
  HeaderList headers;
  QByteArray body;
  int timeoutMs = 30000;  // without any progress
  std::int64_t maxBodyBytes = 0;
  QByteArray responseBuffer;  // storage reused for the body (see HttpRequest)
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

// The meeting point of the waiting worker thread and the transport thread.
class HttpExchange {
 public:
  // `wake` is called (from the waiting thread) when the waiter gives up, so that the transport
  // notices at once.
  explicit HttpExchange(std::function<void()> wake) : wake_(std::move(wake)) {}

  // Blocks until the outcome is known, or returns nullopt soon after `cancel` fires (the transport
  // then aborts the transfer).
  std::optional<ExchangeOutcome> wait(const CancelToken& cancel);

  // Transport side.
  void complete(ExchangeOutcome outcome);
  bool abandoned() const;

 private:
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable doneCv_;
  bool done_ = false;
  bool abandoned_ = false;
  ExchangeOutcome outcome_;
};

}  // namespace skein
