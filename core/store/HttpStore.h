#pragma once
// A read-only store over HTTP(S): key → base URL + "/" + key (segments percent-encoded, the base's
// query kept). Reads use Range requests; 404 is an absent key, 401/403 an Auth error. Listing is
// Unsupported (plain HTTP has no directory listing).

#include <QUrl>

#include <memory>

#include "core/store/HttpExchange.h"
#include "core/store/Store.h"

namespace skein {

class HttpClient;

class HttpStore final : public Store {
 public:
  // `headers` go with every request to the base URL's origin (and never after a redirect elsewhere).
  HttpStore(QUrl base, std::shared_ptr<HttpClient> client, HeaderList headers = {});

  Result<std::optional<QByteArray>> read(const std::string& key, std::optional<ByteRange> range = std::nullopt,
                                         const CancelToken& cancel = {}) override;
  // The body lands in `buffer`'s storage (no allocation per chunk when it is large enough).
  Result<bool> readInto(const std::string& key, QByteArray& buffer, const CancelToken& cancel = {}) override;
  Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& cancel = {}) override;
  Result<std::vector<std::string>> list(const std::string& prefix) override;
  std::string describe(const std::string& key) const override;

  QUrl urlOf(const std::string& key) const;

 private:
  Result<std::optional<QByteArray>> readWhole(const std::string& key, QByteArray reuse, const CancelToken& cancel);
  Result<std::optional<QByteArray>> readRange(const std::string& key, const ByteRange& range,
                                              const CancelToken& cancel);
  Result<std::optional<std::int64_t>> sizeFromRangedGet(const std::string& key, const CancelToken& cancel);

  QUrl base_;
  std::shared_ptr<HttpClient> client_;
  HeaderList headers_;
};

}  // namespace skein
