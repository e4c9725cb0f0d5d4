#include "core/store/HttpTransport.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace skein {
namespace {

using Clock = std::chrono::steady_clock;

// Curl's receive buffer (its default is 16 KiB). Each socket read drains up to this much, so a
// large body takes few reads and the server is woken less often. Reading a 1 GiB Zarr of 256 KiB
// chunks from nginx on loopback (8 interleaved runs each): 64 KiB took 0.83-1.03 s with nginx using
// 0.57-0.76 CPU s; 256 KiB took 0.67-0.86 s with nginx using 0.32-0.45 CPU s (128 and 512 KiB
// measured the same as 256). Curl frees the buffer after each transfer; glibc hands the same block
// back to the next transfer on this thread.
constexpr long kReceiveBufferBytes = 256 * 1024;
constexpr int kCancelPollMs = 10;
constexpr std::size_t kMaxIdleChannels = 64;
constexpr long kConnectionsPerChannel = 4;

// Which certificates verify servers. Empty fields keep libcurl's built-in bundle (Debian's
// /etc/ssl/certs/ca-certificates.crt).
struct TrustSettings {
  std::string caFile;  // a PEM bundle that replaces the system's
  std::string caDir;   // a hashed certificate folder (c_rehash) that replaces the system's
};

// SSL_CERT_FILE and SSL_CERT_DIR, the variables OpenSSL itself, Python and Go read: how a lab with
// its own certificate authority points every TLS client at it. Libcurl does not read them.
TrustSettings trustFromEnvironment() {
  TrustSettings trust;
  if (const char* file = std::getenv("SSL_CERT_FILE"); file && *file) trust.caFile = file;
  if (const char* dir = std::getenv("SSL_CERT_DIR"); dir && *dir) trust.caDir = dir;
  return trust;
}

// One transfer. Curl's callbacks fill `out` directly.
struct Transfer {
  ExchangeRequest request;
  CURL* easy = nullptr;  // the channel's
  CURLSH* share = nullptr;  // the transport's DNS and TLS session caches
  const TrustSettings* trust = nullptr;
  curl_slist* headerList = nullptr;
  ExchangeOutcome out;
  std::int64_t declaredLength = -1;
  bool tooLarge = false;
  curl_off_t uploaded = 0;
  Clock::time_point lastProgress = Clock::now();

  ~Transfer() {
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
      return QStringLiteral("the TLS handshake failed (is the server certificate valid?)");
    case CURLE_SSL_CACERT_BADFILE:
      return QStringLiteral("the trusted certificates could not be loaded (check SSL_CERT_FILE and SSL_CERT_DIR)");
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
  if (!t.trust->caFile.empty()) set(curl_easy_setopt(e, CURLOPT_CAINFO, t.trust->caFile.c_str()));
  if (!t.trust->caDir.empty()) set(curl_easy_setopt(e, CURLOPT_CAPATH, t.trust->caDir.c_str()));
  if (t.share) set(curl_easy_setopt(e, CURLOPT_SHARE, t.share));
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

ExchangeOutcome outcomeOf(Transfer& t, CURLcode code) {
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

// A libcurl multi handle with its one easy handle. The multi handle holds the connection cache,
// so a channel reused for the next request to the same origin reuses its connection.
struct Channel {
  CURLM* multi = curl_multi_init();
  CURL* easy = curl_easy_init();
  Channel() = default;
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ~Channel() {
    if (easy) curl_easy_cleanup(easy);
    if (multi) curl_multi_cleanup(multi);
  }
  bool valid() const { return multi && easy; }
};

// Lets the channels of one transport share what makes a new connection cheap: resolved hosts and
// TLS sessions, so a channel that opens its first connection to a host resumes the session another
// channel negotiated instead of doing a full handshake. Connections themselves stay per channel.
class SharedCaches {
 public:
  SharedCaches() : share_(curl_share_init()) {
    if (!share_) return;
    bool ok = curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, lock) == CURLSHE_OK &&
              curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, unlock) == CURLSHE_OK &&
              curl_share_setopt(share_, CURLSHOPT_USERDATA, this) == CURLSHE_OK &&
              curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) == CURLSHE_OK &&
              curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) == CURLSHE_OK;
    if (!ok) {  // the transfers then keep per-channel caches, which is only slower
      curl_share_cleanup(share_);
      share_ = nullptr;
    }
  }
  ~SharedCaches() {
    if (share_) curl_share_cleanup(share_);  // after every easy handle using it is gone
  }
  SharedCaches(const SharedCaches&) = delete;
  SharedCaches& operator=(const SharedCaches&) = delete;

  CURLSH* handle() const { return share_; }

 private:
  static std::mutex* mutexFor(void* user, curl_lock_data data) {
    auto* self = static_cast<SharedCaches*>(user);
    const auto index = static_cast<std::size_t>(data);
    return &self->mutexes_[index < self->mutexes_.size() ? index : 0];
  }
  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) { mutexFor(user, data)->lock(); }
  static void unlock(CURL*, curl_lock_data data, void* user) { mutexFor(user, data)->unlock(); }

  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;  // one per kind of shared data
};

}  // namespace

class HttpTransport::Impl {
 public:
  Impl() : trust_(trustFromEnvironment()) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    shared_ = std::make_unique<SharedCaches>();
  }

  std::optional<ExchangeOutcome> perform(ExchangeRequest request, const CancelToken& cancel) {
    std::unique_ptr<Channel> channel = takeChannel();
    if (!channel->valid())
      return failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the HTTP client could not be set up"));
    Transfer t;
    t.request = std::move(request);
    t.easy = channel->easy;
    t.share = shared_->handle();
    t.trust = &trust_;
    if (!configure(t) || curl_multi_add_handle(channel->multi, t.easy) != CURLM_OK)
      return failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the request could not be set up"));
    t.out.body = std::exchange(t.request.responseBuffer, QByteArray());
    t.out.body.resize(0);  // keeps the capacity
    t.lastProgress = Clock::now();
    std::optional<ExchangeOutcome> outcome = run(*channel, t, cancel);
    // Removing an unfinished transfer closes its connection; a finished one goes back to the cache.
    curl_multi_remove_handle(channel->multi, t.easy);
    giveBack(std::move(channel));
    return outcome;
  }

 private:
  // Drives the one transfer of `channel` until it ends, the caller cancels or it stalls.
  static std::optional<ExchangeOutcome> run(Channel& channel, Transfer& t, const CancelToken& cancel) {
    const auto stallLimit = std::chrono::milliseconds(std::max(1, t.request.timeoutMs));
    while (true) {
      int running = 0;
      if (curl_multi_perform(channel.multi, &running) != CURLM_OK)
        return failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the HTTP client failed internally"));
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(channel.multi, &queued))
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == t.easy) return outcomeOf(t, msg->data.result);
      if (cancel.isCancelled()) return std::nullopt;
      const auto idle = Clock::now() - t.lastProgress;
      if (idle > stallLimit)
        return failure(ExchangeOutcome::Kind::Retryable, QStringLiteral("no response within the timeout"));
      // CancelToken has no callback, so wake up at least every kCancelPollMs to look at it.
      const auto untilStall = std::chrono::duration_cast<std::chrono::milliseconds>(stallLimit - idle) +
                              std::chrono::milliseconds(1);
      const int waitMs = static_cast<int>(std::clamp<std::int64_t>(untilStall.count(), 0, kCancelPollMs));
      if (curl_multi_poll(channel.multi, nullptr, 0, waitMs, nullptr) != CURLM_OK)
        return failure(ExchangeOutcome::Kind::Failed, QStringLiteral("the HTTP client failed internally"));
    }
  }

  std::unique_ptr<Channel> takeChannel() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<Channel> channel = std::move(idle_.back());
        idle_.pop_back();
        return channel;
      }
    }
    auto channel = std::make_unique<Channel>();
    if (channel->multi) curl_multi_setopt(channel->multi, CURLMOPT_MAXCONNECTS, kConnectionsPerChannel);
    return channel;
  }

  // The options are cleared so that an idle channel keeps no pointers into the finished request;
  // its connections stay, as they live in the multi handle.
  void giveBack(std::unique_ptr<Channel> channel) {
    curl_easy_reset(channel->easy);
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleChannels) idle_.push_back(std::move(channel));
  }

  TrustSettings trust_;
  std::unique_ptr<SharedCaches> shared_;  // declared before idle_: outlives the channels' easy handles
  std::mutex mutex_;
  std::vector<std::unique_ptr<Channel>> idle_;  // guarded by mutex_
};

HttpTransport::HttpTransport() : impl_(std::make_unique<Impl>()) {}
HttpTransport::~HttpTransport() = default;

std::optional<ExchangeOutcome> HttpTransport::perform(ExchangeRequest request, const CancelToken& cancel) {
  return impl_->perform(std::move(request), cancel);
}

}  // namespace skein
