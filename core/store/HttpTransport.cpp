#include "core/store/HttpTransport.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace skein {
namespace {

using Clock = std::chrono::steady_clock;

// Larger socket reads than curl's 16 KiB default, but below glibc's mmap threshold: curl frees this
// buffer after each transfer, and a larger one would come back as fresh (faulting) pages every time.
constexpr long kReceiveBufferBytes = 64 * 1024;
constexpr int kMaxPollMs = 100;
constexpr std::size_t kMaxIdleHandles = 64;

// One transfer on the transport thread. Curl's callbacks fill `out` directly.
struct Transfer {
  std::shared_ptr<HttpExchange> exchange;
  ExchangeRequest request;
  CURL* easy = nullptr;
  curl_slist* headerList = nullptr;
  ExchangeOutcome out;
  std::int64_t declaredLength = -1;
  bool tooLarge = false;
  curl_off_t uploaded = 0;
  Clock::time_point lastProgress = Clock::now();

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headerList) curl_slist_free_all(headerList);
  }
};

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t length = size * count;
  t->lastProgress = Clock::now();
  const QByteArray line = QByteArray(data, static_cast<qsizetype>(length)).trimmed();
  if (line.startsWith("HTTP/")) {  // a new response (after 100 Continue, say): forget the last one's headers
    t->out.headers.clear();
    t->declaredLength = -1;
    return length;
  }
  const qsizetype colon = line.indexOf(':');
  if (colon <= 0) return length;
  QByteArray name = line.left(colon).trimmed(), value = line.mid(colon + 1).trimmed();
  if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
    bool ok = false;
    const std::int64_t declared = value.toLongLong(&ok);
    if (ok && declared >= 0) {
      t->declaredLength = declared;
      const bool fits = t->request.maxBodyBytes <= 0 || declared <= t->request.maxBodyBytes;
      if (fits && t->request.method != "HEAD") t->out.body.reserve(static_cast<qsizetype>(declared));
    }
  }
  t->out.headers.emplace_back(std::move(name), std::move(value));
  return length;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t length = size * count;
  t->lastProgress = Clock::now();
  if (t->request.maxBodyBytes > 0 && t->out.body.size() + static_cast<std::int64_t>(length) > t->request.maxBodyBytes) {
    t->tooLarge = true;
    return 0;  // aborts the transfer
  }
  t->out.body.append(data, static_cast<qsizetype>(length));
  return length;
}

// Uploaded bytes count as progress too (received ones are seen by the callbacks above).
int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulnow) {
  auto* t = static_cast<Transfer*>(user);
  if (ulnow != t->uploaded) {
    t->uploaded = ulnow;
    t->lastProgress = Clock::now();
  }
  return 0;
}

bool isRetryable(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
      return true;
    default:
      return false;
  }
}

// Curl's own messages may embed the URL (and so tokens in its query): describe the error without it.
QString describeError(CURLcode code, const Transfer& t) {
  switch (code) {
    case CURLE_COULDNT_CONNECT: return QStringLiteral("the connection was refused");
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR: return QStringLiteral("the server closed the connection");
    case CURLE_PARTIAL_FILE:
      return QStringLiteral("the connection closed after %1 of %2 bytes").arg(t.out.body.size()).arg(t.declaredLength);
    case CURLE_COULDNT_RESOLVE_HOST: return QStringLiteral("host %1 was not found").arg(t.request.url.host());
    case CURLE_OPERATION_TIMEDOUT: return QStringLiteral("the connection timed out");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return QStringLiteral("the TLS handshake failed (is the server certificate valid?)");
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return QStringLiteral("the server sent a malformed response");
    case CURLE_UNSUPPORTED_PROTOCOL: return QStringLiteral("the URL scheme is not supported");
    default: return QStringLiteral("network error: %1").arg(QString::fromUtf8(curl_easy_strerror(code)));
  }
}

// The request as a curl easy handle; false when curl refuses an option.
bool configure(Transfer& t) {
  CURL* e = t.easy;
  const ExchangeRequest& r = t.request;
  bool ok = true;
  auto set = [&ok](CURLcode c) { ok = ok && c == CURLE_OK; };
  set(curl_easy_setopt(e, CURLOPT_URL, r.url.toEncoded().constData()));
  set(curl_easy_setopt(e, CURLOPT_PRIVATE, &t));
  set(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L));
  set(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https"));
  set(curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L));  // HttpClient decides which headers may follow
  set(curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L));
  set(curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L));
  set(curl_easy_setopt(e, CURLOPT_BUFFERSIZE, kReceiveBufferBytes));
  set(curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max(1, r.timeoutMs))));
  set(curl_easy_setopt(e, CURLOPT_USERAGENT, "skein"));
  set(curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, onHeader));
  set(curl_easy_setopt(e, CURLOPT_HEADERDATA, &t));
  set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onBody));
  set(curl_easy_setopt(e, CURLOPT_WRITEDATA, &t));
  set(curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, onProgress));
  set(curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t));
  set(curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L));
  if (r.method == "HEAD") {
    set(curl_easy_setopt(e, CURLOPT_NOBODY, 1L));
  } else if (r.method != "GET") {
    if (!r.body.isEmpty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
      set(curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.constData()));  // t.request keeps it alive
      set(curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size())));
    }
    set(curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.constData()));
  }
  // Byte ranges and sizes refer to the stored bytes, so ask for them without transfer compression.
  t.headerList = curl_slist_append(t.headerList, "Accept-Encoding: identity");
  t.headerList = curl_slist_append(t.headerList, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : r.headers) {
    const QByteArray line = value.isEmpty() ? name + ";" : name + ": " + value;
    t.headerList = curl_slist_append(t.headerList, line.constData());
  }
  set(curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headerList));
  return ok && t.headerList != nullptr;
}

ExchangeOutcome failure(ExchangeOutcome::Kind kind, QString text) {
  ExchangeOutcome out;
  out.kind = kind;
  out.errorText = std::move(text);
  return out;
}

}  // namespace

class HttpTransport::Impl {
 public:
  Impl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    multi_ = curl_multi_init();
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 64L);
    thread_ = std::thread([this] { run(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    curl_multi_wakeup(multi_);
    thread_.join();
    curl_multi_cleanup(multi_);
  }

  std::shared_ptr<HttpExchange> start(ExchangeRequest request) {
    auto exchange = std::make_shared<HttpExchange>([this] { curl_multi_wakeup(multi_); });
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        exchange->complete(failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the HTTP client is shutting down")));
        return exchange;
      }
      auto t = std::make_unique<Transfer>();
      t->exchange = exchange;
      t->request = std::move(request);
      pending_.push_back(std::move(t));
    }
    curl_multi_wakeup(multi_);
    return exchange;
  }

  bool isTransportThread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  void run() {
    while (true) {
      std::deque<std::unique_ptr<Transfer>> incoming;
      {
        std::lock_guard lock(mutex_);
        if (stopping_) break;
        incoming.swap(pending_);
      }
      for (auto& t : incoming) begin(std::move(t));
      int running = 0;
      curl_multi_perform(multi_, &running);
      collectFinished();
      expireStalled();
      curl_multi_poll(multi_, nullptr, 0, pollMs(), nullptr);
    }
    // Shutting down: nobody will serve what is left.
    for (auto& [easy, t] : active_) {
      retire(t);
      t->exchange->complete(failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the HTTP client was shut down")));
    }
    active_.clear();
    for (CURL* easy : idle_) curl_easy_cleanup(easy);
    idle_.clear();
    std::lock_guard lock(mutex_);
    for (auto& t : pending_)
      t->exchange->complete(failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the HTTP client was shut down")));
    pending_.clear();
  }

  void begin(std::unique_ptr<Transfer> t) {
    if (t->exchange->abandoned()) return;
    t->easy = takeHandle();
    if (!t->easy || !configure(*t) || curl_multi_add_handle(multi_, t->easy) != CURLM_OK) {
      t->exchange->complete(failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the request could not be set up")));
      return;
    }
    t->out.body = std::exchange(t->request.responseBuffer, QByteArray());
    t->out.body.resize(0);  // keeps the capacity
    t->lastProgress = Clock::now();
    CURL* easy = t->easy;
    active_.emplace(easy, std::move(t));
  }

  // Easy handles are reused: each keeps its receive buffer and other allocations between requests.
  CURL* takeHandle() {
    if (idle_.empty()) return curl_easy_init();
    CURL* easy = idle_.back();
    idle_.pop_back();
    curl_easy_reset(easy);
    return easy;
  }

  // Takes a transfer's handle off the multi handle and keeps it for the next request.
  void retire(const std::unique_ptr<Transfer>& t) {
    curl_multi_remove_handle(multi_, t->easy);
    if (idle_.size() < kMaxIdleHandles) {
      idle_.push_back(t->easy);
      t->easy = nullptr;
    }
  }

  void collectFinished() {
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      auto it = active_.find(msg->easy_handle);
      if (it == active_.end()) continue;
      const CURLcode code = msg->data.result;
      Transfer& t = *it->second;
      t.exchange->complete(outcomeOf(t, code));
      retire(it->second);
      active_.erase(it);
    }
  }

  static ExchangeOutcome outcomeOf(Transfer& t, CURLcode code) {
    if (t.tooLarge)
      return failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the response is larger than the allowed maximum"));
    if (code != CURLE_OK)
      return failure(isRetryable(code) ? ExchangeOutcome::Kind::Retryable : ExchangeOutcome::Kind::Failed,
                     describeError(code, t));
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    if (status <= 0)
      return failure(ExchangeOutcome::Kind::Retryable, QStringLiteral("the server sent a malformed response"));
    ExchangeOutcome out = std::move(t.out);
    out.kind = ExchangeOutcome::Kind::Response;
    out.status = static_cast<int>(status);
    out.errorText.clear();
    // A body shorter than its Content-Length means the connection dropped mid-transfer.
    const bool expectsBody = t.request.method != "HEAD" && status != 304 && status != 204;
    if (expectsBody && t.declaredLength >= 0 && t.declaredLength != out.body.size()) {
      out.kind = ExchangeOutcome::Kind::Retryable;
      out.errorText =
          QStringLiteral("the connection closed after %1 of %2 bytes").arg(out.body.size()).arg(t.declaredLength);
    }
    return out;
  }

  // Abandoned transfers end; those without progress for their timeout end as retryable timeouts.
  void expireStalled() {
    const auto now = Clock::now();
    for (auto it = active_.begin(); it != active_.end();) {
      Transfer& t = *it->second;
      const bool abandoned = t.exchange->abandoned();
      const bool stalled = now - t.lastProgress > std::chrono::milliseconds(std::max(1, t.request.timeoutMs));
      if (!abandoned && !stalled) {
        ++it;
        continue;
      }
      t.exchange->complete(abandoned ? failure(ExchangeOutcome::Kind::Failed, QStringLiteral("cancelled"))
                                     : failure(ExchangeOutcome::Kind::Retryable,
                                               QStringLiteral("no response within the timeout")));
      retire(it->second);
      it = active_.erase(it);
    }
  }

  // Until the next transfer could time out, at most kMaxPollMs.
  int pollMs() const {
    auto wait = std::chrono::milliseconds(kMaxPollMs);
    const auto now = Clock::now();
    for (const auto& [easy, t] : active_) {
      const auto deadline = t->lastProgress + std::chrono::milliseconds(std::max(1, t->request.timeoutMs));
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
                                std::chrono::milliseconds(1));
    }
    return static_cast<int>(std::max<std::int64_t>(0, wait.count()));
  }

  CURLM* multi_ = nullptr;
  std::thread thread_;
  std::mutex mutex_;
  bool stopping_ = false;                            // guarded by mutex_
  std::deque<std::unique_ptr<Transfer>> pending_;    // guarded by mutex_
  std::map<CURL*, std::unique_ptr<Transfer>> active_;  // transport thread only
  std::vector<CURL*> idle_;                            // transport thread only
};

HttpTransport::HttpTransport() : impl_(std::make_unique<Impl>()) {}
HttpTransport::~HttpTransport() = default;

std::shared_ptr<HttpExchange> HttpTransport::start(ExchangeRequest request) { return impl_->start(std::move(request)); }

bool HttpTransport::isTransportThread() const { return impl_->isTransportThread(); }

}  // namespace skein
