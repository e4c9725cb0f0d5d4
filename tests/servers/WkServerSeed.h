#pragma once
// What the tests of the webKnossos-compatible test server (tests/servers/wkserver) share: the
// seed's tokens and ids (see wkserver/Seed.cpp and SeedSample.cpp), client options with short
// timeouts and backoff, and must() for calls that cannot fail in a working test.

#include <QtGlobal>

#include <string>
#include <utility>

#include "core/base/Result.h"
#include "core/client/WkClient.h"

namespace skein::test::wkseed {

inline const std::string kTokenA = "token-user-a-0123456789abcdef";  // user A, Organization_X, team_X1
inline const std::string kTokenB = "token-user-b-0123456789abcdef";
inline const std::string kOrganization = "Organization_X";
inline const std::string kPublicDataset = "59e9cfbdba632ac2ab8b23b5";   // l4_sample
inline const std::string kPrivateDataset = "69a0c7fbd10000c2de2cc07d";  // private_sample, team_X1 only
inline const std::string kTeamX1 = "570b9f4b2a7c0e3b008da6ec";
inline const std::string kTeamX3 = "59882b370d889b84020efd3f";
// With --data-dir: the sample served through the datastore, public and team_X1-only.
inline const std::string kSamplePublic = "5a3e7e1a0000000000000001";
inline const std::string kSamplePrivate = "5a3e7e1a0000000000000002";

inline client::WkClientOptions fastClientOptions(int timeoutMs = 5000, int maxRetries = 2) {
  client::WkClientOptions o;
  o.http.timeoutMs = timeoutMs;
  o.http.maxRetries = maxRetries;
  o.http.initialBackoffMs = 20;
  o.http.maxBackoffMs = 100;
  return o;
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) qFatal("%s failed: %s", what, r.error().message.c_str());
  return std::move(r).value();
}

}  // namespace skein::test::wkseed
