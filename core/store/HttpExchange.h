#pragma once
// One HTTP request and what came back, as HttpTransport sees them. Internal to HttpClient: no
// redirects are followed and nothing is retried at this level.

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <utility>
#include <vector>

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

}  // namespace skein
