#pragma once
#include <map>
#include <string>
#include <vector>

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
  // When non-empty, `headers` go only to stores opened on these origins ("https://host" or
  // "https://host:port"), so a token for one server never reaches a bucket opened through the same
  // StoreOpener. When empty, every opened URL gets them.
  std::vector<std::string> headerOrigins;
};

}  // namespace skein
