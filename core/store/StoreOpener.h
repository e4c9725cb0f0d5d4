#pragma once
// Opens a store from what a user types: a plain path, file://, http(s)://, s3://bucket/key,
// gs://bucket/key (mapped to the public HTTPS endpoints), or a .zip file (read-only).
// Owns the shared HTTP client (its pooled connections), so create one per application, not per URL.

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <QByteArray>

#include "core/store/HttpOptions.h"
#include "core/store/Store.h"

class QUrl;

namespace skein {

class HttpClient;

struct ParsedLocation {
  enum class Kind { File, Http, Zip } kind = Kind::File;
  std::string path;  // File/Zip: local path; Http: base URL (https://…) without a trailing '/'
  std::string subPath;  // Zip: folder inside the archive ("a.zip/inner/dir" → "inner/dir"); else empty
};

// Normalises a user location; s3:// and gs:// become https URLs. Relative paths become absolute,
// "~/" expands to the home folder, trailing slashes are dropped. A path ending in ".zip" (or a path
// through an existing .zip file) is a Zip location.
Result<ParsedLocation> parseLocation(const std::string& location);

class StoreOpener {
 public:
  explicit StoreOpener(HttpOptions options = {});
  ~StoreOpener();
  StoreOpener(const StoreOpener&) = delete;
  StoreOpener& operator=(const StoreOpener&) = delete;

  // Thread-safe. Local folders open read-only (construct a FileStore for writing); a missing
  // folder is NotFound.
  Result<StorePtr> open(const std::string& location);
  std::shared_ptr<HttpClient> httpClient();  // created on first use

 private:
  std::vector<std::pair<QByteArray, QByteArray>> headersFor(const QUrl& base) const;

  HttpOptions options_;
  std::mutex mutex_;
  std::shared_ptr<HttpClient> http_;
};

}  // namespace skein
