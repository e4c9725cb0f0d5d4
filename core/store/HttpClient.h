#pragma once
// A blocking HTTP client for worker threads. Each request runs on the calling thread through
// HttpTransport (libcurl; keep-alive connections reused between requests, TLS verification on),
// and the client adds what a remote chunk store needs: a bounded number of concurrent requests per
// origin, a timeout per attempt, retries with exponential backoff and jitter (5xx except 501, 429,
// timeouts, dropped connections), cancellation, and redirects that never carry custom headers
// (tokens) to another origin.
//
// Create one per StoreOpener/application, never per request: it keeps the connections. Do not call
// it on the GUI thread; it blocks.

#include <QByteArray>
#include <QUrl>

#include <memory>
#include <optional>
#include <string_view>

#include "core/base/CancelToken.h"
#include "core/base/Result.h"
#include "core/store/HttpExchange.h"
#include "core/store/HttpOptions.h"
#include "core/store/Store.h"

namespace skein {

struct HttpRequest {
  QByteArray method = "GET";
  QUrl url;
  std::optional<ByteRange> range;  // sent as "Range: bytes=a-b" or "bytes=-N"
  HeaderList headers;              // only sent to the origin of `url`, never after a cross-origin redirect
  QByteArray body;
  bool retryable = true;  // set false for requests that are not idempotent (POST)
  // Storage for the response body, moved into the first attempt: a reader that hands back the last
  // body each time gets no allocation (and no fresh pages) per response.
  QByteArray responseBuffer;
};

struct HttpResponse {
  int status = 0;
  QByteArray body;
  HeaderList headers;
  QUrl finalUrl;     // after redirects
  int attempts = 1;  // tries it took, counting retries
  std::optional<QByteArray> header(std::string_view name) const;  // case-insensitive
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Any HTTP status is a response (5xx/429 only after the retries are spent); transport failures
  // after the retries are Network errors, and cancellation is a Cancelled error. Messages name the
  // URL without its query values.
  Result<HttpResponse> send(HttpRequest request, const CancelToken& cancel = {});
  Result<HttpResponse> get(const QUrl& url, std::optional<ByteRange> range = std::nullopt,
                           const CancelToken& cancel = {});

  const HttpOptions& options() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skein
