#pragma once
// Opens a store from what a user types: a plain path, file://, http(s)://, s3://bucket/key,
// gs://bucket/key (mapped to the public HTTPS endpoints), or a .zip file (read-only).
// Owns the shared HTTP client (its network thread), so create one per application, not per URL.

#include <memory>
#include <string>

#include "core/store/HttpOptions.h"
#include "core/store/Store.h"

namespace skein {

class HttpClient;

struct ParsedLocation {
  enum class Kind { File, Http, Zip } kind = Kind::File;
  std::string path;  // File/Zip: local path; Http: base URL (https://…) without a trailing '/'
};

// Normalises a user location; s3:// and gs:// become https URLs.
Result<ParsedLocation> parseLocation(const std::string& location);

class StoreOpener {
 public:
  explicit StoreOpener(HttpOptions options = {});
  ~StoreOpener();
  StoreOpener(const StoreOpener&) = delete;
  StoreOpener& operator=(const StoreOpener&) = delete;

  Result<StorePtr> open(const std::string& location);
  std::shared_ptr<HttpClient> httpClient();

 private:
  HttpOptions options_;
  std::shared_ptr<HttpClient> http_;  // created on first HTTP use
};

}  // namespace skein
