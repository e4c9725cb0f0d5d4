#pragma once
#include <map>
#include <string>

namespace skein {

struct HttpOptions {
  int maxConcurrentRequestsPerHost = 16;
  int timeoutMs = 30000;             // per attempt, without progress
  int maxRetries = 4;                // on 5xx (except 501), 429, timeouts and dropped connections
  int initialBackoffMs = 200;        // doubled each retry, with jitter
  int maxBackoffMs = 5000;
  // Extra headers sent only to the origin of the opened URL (never after a cross-host redirect),
  // e.g. {"X-Auth-Token", …}. Values never appear in logs or error messages.
  std::map<std::string, std::string> headers;
};

}  // namespace skein
