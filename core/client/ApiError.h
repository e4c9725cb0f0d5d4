#pragma once
// Turning HTTP outcomes into skein::Error values with the server's own message, and classifying
// errors the way callers react to them (log in again, not found, conflict, retry later).

#include <QByteArray>

#include <string>

#include "core/base/Result.h"

namespace skein::client {

enum class ErrorKind {
  Auth,      // 401/403: log in again or ask for access
  NotFound,  // 404
  Conflict,  // 409: someone else changed it (save protocol) or the name is taken
  Server,    // other HTTP errors (4xx the server rejected, 5xx)
  Network,   // no answer: refused, dropped, timeout, TLS failure
  Other,     // local problems: bad input, unreadable answer, …
};
ErrorKind classify(const Error& error);
const char* errorKindName(ErrorKind kind);

// The human text of a webKnossos error body: the "error" entries of {"messages":[{"error":…}]}
// joined by "; " (the "chain" entries are server stack context and are left out). Empty when the
// body carries none.
std::string serverMessage(const QByteArray& body);

// An error for an HTTP status that is not a success. `where` is "GET <redacted URL>".
Error httpStatusError(int status, const QByteArray& body, const std::string& where);

}  // namespace skein::client
