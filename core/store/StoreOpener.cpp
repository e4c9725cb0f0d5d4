#include "core/store/StoreOpener.h"

#include <QFileInfo>
#include <QString>
#include <QUrl>

#include <algorithm>

#include "core/store/FileStore.h"
#include "core/store/HttpClient.h"
#include "core/store/HttpStore.h"
#include "core/store/HttpUrl.h"
#include "core/store/ZipStore.h"

namespace skein {

StoreOpener::StoreOpener(HttpOptions options) : options_(std::move(options)) {}
StoreOpener::~StoreOpener() = default;

Result<StorePtr> StoreOpener::open(const std::string& location) {
  SKEIN_ASSIGN_OR_RETURN(const ParsedLocation loc, parseLocation(location));
  switch (loc.kind) {
    case ParsedLocation::Kind::File: {
      const QString path = QString::fromStdString(loc.path);
      if (!QFileInfo(path).isDir())
        return makeError(ErrorCode::NotFound, "cannot open " + loc.path + ": " +
                                                  (QFileInfo::exists(path) ? "it is not a folder" : "no such folder"));
      return StorePtr(std::make_shared<FileStore>(path, FileStore::Mode::ReadOnly));
    }
    case ParsedLocation::Kind::Zip: {
      SKEIN_ASSIGN_OR_RETURN(StorePtr zip, openZipStore(QString::fromStdString(loc.path)));
      return subStore(std::move(zip), loc.subPath);
    }
    case ParsedLocation::Kind::Http: {
      const QUrl base = QUrl::fromEncoded(QByteArray::fromStdString(loc.path), QUrl::StrictMode);
      return StorePtr(std::make_shared<HttpStore>(base, httpClient(), headersFor(base)));
    }
  }
  return makeError(ErrorCode::Internal, "unknown location kind");
}

HeaderList StoreOpener::headersFor(const QUrl& base) const {
  HeaderList headers;
  const std::string origin = originOf(base).toStdString();
  const bool allowed = options_.headerOrigins.empty() ||
                       std::any_of(options_.headerOrigins.begin(), options_.headerOrigins.end(), [&](const std::string& o) {
                         return originOf(QUrl(QString::fromStdString(o))).toStdString() == origin;
                       });
  if (!allowed) return headers;
  for (const auto& [name, value] : options_.headers)
    headers.emplace_back(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
  return headers;
}

std::shared_ptr<HttpClient> StoreOpener::httpClient() {
  std::lock_guard lock(mutex_);
  if (!http_) http_ = std::make_shared<HttpClient>(options_);
  return http_;
}

}  // namespace skein
