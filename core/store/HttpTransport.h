#pragma once
// Runs HTTP exchanges on one thread with a libcurl multi handle: any number of transfers at once,
// keep-alive connections reused across requests (HTTP/2 multiplexing where the server offers it),
// TLS verification on, bodies written straight into a buffer sized from Content-Length. Internal to
// HttpClient, which adds retries, redirects and the per-origin bound.

#include <memory>

#include "core/store/HttpExchange.h"

namespace skein {

class HttpTransport {
 public:
  HttpTransport();
  ~HttpTransport();  // transfers still running complete as failures
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  std::shared_ptr<HttpExchange> start(ExchangeRequest request);
  bool isTransportThread() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skein
