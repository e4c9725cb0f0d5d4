#include "core/store/HttpClient.h"

#include <QRandomGenerator>

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "core/store/HostLimiter.h"
#include "core/store/HttpTransport.h"
#include "core/store/HttpUrl.h"
#include "core/store/StoreKeys.h"

namespace skein {
namespace {

constexpr int kMaxRedirects = 10;

QByteArray rangeHeader(const ByteRange& r) {
  if (r.offset < 0) return "bytes=-" + QByteArray::number(-r.offset);
  if (r.length < 0) return "bytes=" + QByteArray::number(r.offset) + "-";
  return "bytes=" + QByteArray::number(r.offset) + "-" + QByteArray::number(r.offset + r.length - 1);
}

bool isRetryableStatus(int status) { return status == 429 || (status >= 500 && status != 501 && status < 600); }

bool isRedirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

// Sleeps in small steps so that a cancellation ends the wait promptly; false when cancelled.
bool sleepUnlessCancelled(int ms, const CancelToken& cancel) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (cancel.isCancelled()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(end - std::chrono::steady_clock::now(),
                                                                              std::chrono::milliseconds(10)));
  }
  return !cancel.isCancelled();
}

Error cancelledError(const HttpRequest& request) {
  return makeError(ErrorCode::Cancelled, request.method.toStdString() + " " + redactUrl(request.url) + " was cancelled");
}

}  // namespace

std::optional<QByteArray> HttpResponse::header(std::string_view name) const {
  const QByteArray wanted = QByteArray(name.data(), static_cast<qsizetype>(name.size())).toLower();
  for (const auto& [key, value] : headers)
    if (key.toLower() == wanted) return value;
  return std::nullopt;
}

class HttpClient::Impl {
 public:
  explicit Impl(HttpOptions options) : options_(std::move(options)), limiter_(options_.maxConcurrentRequestsPerHost) {}

  Result<HttpResponse> send(HttpRequest& request, const CancelToken& cancel) {
    const int maxAttempts = request.retryable ? std::max(0, options_.maxRetries) + 1 : 1;
    for (int attempt = 1;; ++attempt) {
      if (cancel.isCancelled()) return cancelledError(request);
      Result<ExchangeOutcome> outcome = followRedirects(request, cancel);
      if (!outcome.ok()) return outcome.error();
      ExchangeOutcome& out = *outcome;
      const bool retryable = out.kind == ExchangeOutcome::Kind::Retryable ||
                             (out.kind == ExchangeOutcome::Kind::Response && isRetryableStatus(out.status));
      if (retryable && attempt < maxAttempts) {
        if (!sleepUnlessCancelled(backoffMs(attempt, out), cancel)) return cancelledError(request);
        continue;
      }
      if (out.kind != ExchangeOutcome::Kind::Response) {
        const std::string tries = attempt > 1 ? " after " + std::to_string(attempt) + " attempts" : "";
        return makeError(ErrorCode::Network, request.method.toStdString() + " " + redactUrl(request.url) + " failed" +
                                                 tries + ": " + out.errorText.toStdString());
      }
      HttpResponse response;
      response.status = out.status;
      response.body = std::move(out.body);
      response.headers = std::move(out.headers);
      response.finalUrl = out.url;
      response.attempts = attempt;
      return response;
    }
  }

  const HttpOptions& options() const { return options_; }

 private:
  // One attempt: the request and the redirects it leads to.
  Result<ExchangeOutcome> followRedirects(HttpRequest& request, const CancelToken& cancel) {
    const QString origin = originOf(request.url);
    ExchangeRequest ex;
    ex.method = request.method;
    ex.url = request.url;
    ex.body = request.body;
    ex.timeoutMs = options_.timeoutMs;
    ex.maxBodyBytes = kMaxReadBytes;
    HeaderList custom = request.headers;
    for (int hop = 0;; ++hop) {
      ex.headers = originOf(ex.url) == origin ? custom : HeaderList{};
      if (request.range) ex.headers.emplace_back("Range", rangeHeader(*request.range));
      std::optional<ExchangeOutcome> out;
      {
        HostSlot slot(limiter_, originOf(ex.url), cancel);
        if (!slot.held()) return cancelledError(request);
        ExchangeRequest attempt = ex;
        attempt.responseBuffer = std::exchange(request.responseBuffer, QByteArray());
        out = transport_.perform(std::move(attempt), cancel);
      }
      if (!out) return cancelledError(request);
      out->url = ex.url;
      if (out->kind != ExchangeOutcome::Kind::Response || !isRedirect(out->status)) return std::move(*out);
      SKEIN_ASSIGN_OR_RETURN(QUrl next, redirectTarget(request, ex.url, *out, hop));
      if (originOf(next) != origin) custom.clear();  // tokens never follow to another origin
      if (out->status == 303 && ex.method != "HEAD") {
        ex.method = "GET";
        ex.body.clear();
      }
      ex.url = next;
    }
  }

  Result<QUrl> redirectTarget(const HttpRequest& request, const QUrl& current, const ExchangeOutcome& out, int hop) {
    const std::string where = request.method.toStdString() + " " + redactUrl(request.url);
    if (hop + 1 > kMaxRedirects) return makeError(ErrorCode::Network, where + " was redirected too many times");
    QByteArray location;
    for (const auto& [name, value] : out.headers)
      if (name.toLower() == "location") location = value;
    if (location.isEmpty())
      return makeError(ErrorCode::Http, where + " answered HTTP " + std::to_string(out.status) + " without a Location");
    const QUrl next = current.resolved(QUrl::fromEncoded(location));
    const QString scheme = next.scheme().toLower();
    if (!next.isValid() || (scheme != "http" && scheme != "https"))
      return makeError(ErrorCode::Http, where + " was redirected to an unsupported location");
    if (current.scheme().toLower() == "https" && scheme == "http")
      return makeError(ErrorCode::Http, where + " was redirected from HTTPS to plain HTTP, which is refused");
    return next;
  }

  int backoffMs(int attempt, const ExchangeOutcome& out) const {
    const double base = std::min<double>(options_.maxBackoffMs,
                                         double(std::max(1, options_.initialBackoffMs)) * double(1LL << std::min(attempt - 1, 20)));
    // Jitter in [base/2, base] spreads retries of many clients apart.
    double delay = base * (0.5 + 0.5 * QRandomGenerator::global()->generateDouble());
    for (const auto& [name, value] : out.headers) {
      bool ok = false;
      const int seconds = name.toLower() == "retry-after" ? value.trimmed().toInt(&ok) : 0;
      if (ok && seconds > 0) delay = std::max(delay, seconds * 1000.0);
    }
    return static_cast<int>(std::min<double>(delay, options_.maxBackoffMs));
  }

  HttpOptions options_;
  HostLimiter limiter_;
  HttpTransport transport_;
};

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::send(HttpRequest request, const CancelToken& cancel) {
  return impl_->send(request, cancel);
}

Result<HttpResponse> HttpClient::get(const QUrl& url, std::optional<ByteRange> range, const CancelToken& cancel) {
  HttpRequest request;
  request.url = url;
  request.range = range;
  return impl_->send(request, cancel);
}

const HttpOptions& HttpClient::options() const { return impl_->options(); }

}  // namespace skein
