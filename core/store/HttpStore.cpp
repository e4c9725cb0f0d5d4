#include "core/store/HttpStore.h"

#include <QRegularExpression>

#include <utility>

#include "core/store/HttpClient.h"
#include "core/store/HttpUrl.h"
#include "core/store/StoreKeys.h"

namespace skein {
namespace {

struct ContentRange {
  std::int64_t first = -1, last = -1, total = -1;  // -1: unknown ("*")
};

// "bytes 0-99/1234", "bytes 0-99/*" or "bytes */1234".
std::optional<ContentRange> parseContentRange(const std::optional<QByteArray>& header) {
  if (!header) return std::nullopt;
  static const QRegularExpression re(QStringLiteral(R"(^\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*$)"),
                                     QRegularExpression::CaseInsensitiveOption);
  const auto m = re.match(QString::fromLatin1(*header));
  if (!m.hasMatch()) return std::nullopt;
  ContentRange cr;
  if (m.capturedLength(1) > 0) {
    cr.first = m.captured(1).toLongLong();
    cr.last = m.captured(2).toLongLong();
  }
  if (m.captured(3) != "*") cr.total = m.captured(3).toLongLong();
  return cr;
}

}  // namespace

HttpStore::HttpStore(QUrl base, std::shared_ptr<HttpClient> client, HeaderList headers)
    : base_(std::move(base)), client_(std::move(client)), headers_(std::move(headers)) {}

QUrl HttpStore::urlOf(const std::string& key) const { return urlForKey(base_, key); }

std::string HttpStore::describe(const std::string& key) const { return redactUrl(urlOf(key)); }

Result<std::vector<std::string>> HttpStore::list(const std::string& prefix) {
  return makeError(ErrorCode::Unsupported,
                   "cannot list " + describe(prefix) + ": an HTTP server offers no directory listing");
}

// Maps a status that is neither success nor 404 to an error that names the URL.
static Error statusError(const HttpResponse& r, const std::string& where) {
  const std::string status = "HTTP " + std::to_string(r.status);
  Error e;
  if (r.status == 401 || r.status == 403) {
    e = makeError(ErrorCode::Auth, "access to " + where + " was refused (" + status +
                                       "): log in again or check the sharing token");
  } else if (r.status == 429 || (r.status >= 500 && r.status != 501)) {
    e = makeError(ErrorCode::Network, where + " answered " + status + " after " + std::to_string(r.attempts) +
                                          (r.attempts == 1 ? " attempt" : " attempts"));
  } else {
    e = makeError(ErrorCode::Http, where + " answered " + status);
  }
  e.httpStatus = r.status;
  return e;
}

Result<std::optional<QByteArray>> HttpStore::read(const std::string& key, std::optional<ByteRange> range,
                                                  const CancelToken& cancel) {
  SKEIN_TRY(checkKey(key));
  if (range && !(range->offset == 0 && range->length == -1)) return readRange(key, *range, cancel);
  return readWhole(key, QByteArray(), cancel);
}

Result<bool> HttpStore::readInto(const std::string& key, QByteArray& buffer, const CancelToken& cancel) {
  SKEIN_TRY(checkKey(key));
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> body, readWhole(key, std::exchange(buffer, QByteArray()), cancel));
  if (!body) return false;
  buffer = std::move(*body);
  return true;
}

Result<std::optional<QByteArray>> HttpStore::readWhole(const std::string& key, QByteArray reuse,
                                                       const CancelToken& cancel) {
  HttpRequest request;
  request.url = urlOf(key);
  request.headers = headers_;
  request.responseBuffer = std::move(reuse);
  SKEIN_ASSIGN_OR_RETURN(HttpResponse r, client_->send(std::move(request), cancel));
  if (r.status == 404) return std::optional<QByteArray>{};
  if (r.status != 200) return statusError(r, describe(key));
  return std::optional<QByteArray>{std::move(r.body)};
}

Result<std::optional<QByteArray>> HttpStore::readRange(const std::string& key, const ByteRange& range,
                                                       const CancelToken& cancel) {
  const std::string where = describe(key);
  if (range.length == 0) {
    // HTTP cannot ask for zero bytes: check that the object exists and the offset is inside it.
    SKEIN_ASSIGN_OR_RETURN(auto size, this->size(key, cancel));
    if (!size) return std::optional<QByteArray>{};
    SKEIN_TRY(resolveRange(range, *size, where));
    return std::optional<QByteArray>{QByteArray()};
  }
  if (range.offset < 0 && range.length != -1)
    return makeError(ErrorCode::InvalidArgument, "a suffix byte range of " + where + " cannot have a length");
  if (range.length < -1) return makeError(ErrorCode::InvalidArgument, "byte range of " + where + " has a negative length");

  HttpRequest request;
  request.url = urlOf(key);
  request.headers = headers_;
  request.range = range;
  SKEIN_ASSIGN_OR_RETURN(HttpResponse r, client_->send(request, cancel));
  if (r.status == 404) return std::optional<QByteArray>{};
  if (r.status == 200) {  // the server ignored Range: slice the full object locally
    SKEIN_ASSIGN_OR_RETURN(const auto span, resolveRange(range, r.body.size(), where));
    return std::optional<QByteArray>{r.body.mid(span.first, span.second - span.first)};
  }
  if (r.status == 416) {
    const auto cr = parseContentRange(r.header("Content-Range"));
    if (cr && cr->total >= 0 && range.offset == cr->total) return std::optional<QByteArray>{QByteArray()};
    return makeError(ErrorCode::InvalidData, "byte range starting at " + std::to_string(range.offset) +
                                                 " is beyond the end of " + where);
  }
  if (r.status != 206) return statusError(r, where);
  const auto cr = parseContentRange(r.header("Content-Range"));
  if (!cr || cr->first < 0 || cr->last < cr->first || r.body.size() != cr->last - cr->first + 1)
    return makeError(ErrorCode::InvalidData, where + " answered a range request with a missing or inconsistent "
                                                     "Content-Range header");
  std::int64_t expectedFirst = range.offset;
  if (range.offset < 0) expectedFirst = cr->total >= 0 ? std::max<std::int64_t>(0, cr->total + range.offset) : cr->first;
  if (cr->first != expectedFirst)
    return makeError(ErrorCode::InvalidData, where + " returned bytes from " + std::to_string(cr->first) +
                                                 " instead of " + std::to_string(expectedFirst));
  QByteArray body = std::move(r.body);
  if (range.offset >= 0 && range.length > 0 && body.size() > range.length) body.truncate(range.length);
  return std::optional<QByteArray>{std::move(body)};
}

Result<std::optional<std::int64_t>> HttpStore::size(const std::string& key, const CancelToken& cancel) {
  SKEIN_TRY(checkKey(key));
  HttpRequest request;
  request.method = "HEAD";
  request.url = urlOf(key);
  request.headers = headers_;
  SKEIN_ASSIGN_OR_RETURN(HttpResponse r, client_->send(request, cancel));
  if (r.status == 404) return std::optional<std::int64_t>{};
  if (r.status == 405 || r.status == 501) return sizeFromRangedGet(key, cancel);  // HEAD not allowed
  if (r.status != 200) return statusError(r, describe(key));
  bool ok = false;
  const std::int64_t length = r.header("Content-Length").value_or(QByteArray()).trimmed().toLongLong(&ok);
  if (!ok || length < 0) return sizeFromRangedGet(key, cancel);
  return std::optional<std::int64_t>{length};
}

Result<std::optional<std::int64_t>> HttpStore::sizeFromRangedGet(const std::string& key, const CancelToken& cancel) {
  HttpRequest request;
  request.url = urlOf(key);
  request.headers = headers_;
  request.range = ByteRange{0, 1};
  SKEIN_ASSIGN_OR_RETURN(HttpResponse r, client_->send(request, cancel));
  if (r.status == 404) return std::optional<std::int64_t>{};
  if (r.status == 200) return std::optional<std::int64_t>{r.body.size()};
  if (r.status == 416) return std::optional<std::int64_t>{0};  // an empty object has no byte 0
  if (r.status != 206) return statusError(r, describe(key));
  const auto cr = parseContentRange(r.header("Content-Range"));
  if (!cr || cr->total < 0)
    return makeError(ErrorCode::InvalidData, describe(key) + " does not report its size");
  return std::optional<std::int64_t>{cr->total};
}

}  // namespace skein
