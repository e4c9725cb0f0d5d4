#pragma once
// Runs HTTP exchanges with libcurl on the calling thread. Each call borrows a channel (a libcurl
// multi handle with one easy handle) from a pool and gives it back afterwards, so keep-alive
// connections are reused from call to call; all channels share one DNS cache and one TLS session
// cache. TLS verification is always on, against the system's authorities or those that
// SSL_CERT_FILE / SSL_CERT_DIR name; bodies go straight into a buffer sized from Content-Length. Internal to HttpClient, which adds
// retries, redirects and the per-origin bound.
//
// Why on the calling thread: the caller is a reader thread that decodes the body next. Receiving
// on that thread keeps the body in its core's cache, and no hand-off between a network thread and
// the reader is needed per response. A 1 GiB Zarr read from nginx on loopback took 0.66-0.80 s
// this way against 0.78-1.02 s with one network thread for all transfers, and nginx needed 0.33-0.43
// CPU s instead of 0.42-0.68 (10 interleaved runs each; docs/benchmarks.md, "Calling-thread
// transfers").

#include <memory>
#include <optional>

#include "core/base/CancelToken.h"
#include "core/store/HttpExchange.h"

namespace skein {

class HttpTransport {
 public:
  HttpTransport();
  ~HttpTransport();  // no perform() may still be running
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Blocks until the outcome is known; nullopt when `cancel` fired first (within about 10 ms; the
  // transfer is then aborted and its connection closed). Thread-safe.
  std::optional<ExchangeOutcome> perform(ExchangeRequest request, const CancelToken& cancel);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skein
