#include "core/client/ApiError.h"

#include <nlohmann/json.hpp>

namespace skein::client {

ErrorKind classify(const Error& error) {
  switch (error.code) {
    case ErrorCode::Auth: return ErrorKind::Auth;
    case ErrorCode::NotFound: return ErrorKind::NotFound;
    case ErrorCode::Network: return ErrorKind::Network;
    case ErrorCode::Http:
      if (error.httpStatus == 409) return ErrorKind::Conflict;
      return ErrorKind::Server;
    default: return ErrorKind::Other;
  }
}

const char* errorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Auth: return "auth";
    case ErrorKind::NotFound: return "not found";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::Server: return "server";
    case ErrorKind::Network: return "network";
    case ErrorKind::Other: return "other";
  }
  return "other";
}

std::string serverMessage(const QByteArray& body) {
  if (body.isEmpty() || body.size() > (1 << 20)) return {};
  const auto j = nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
  if (j.is_discarded()) return {};
  if (j.is_string()) return j.get<std::string>();
  if (!j.is_object() || !j.contains("messages") || !j["messages"].is_array()) return {};
  std::string out;
  for (const auto& m : j["messages"]) {
    if (!m.is_object() || !m.contains("error") || !m["error"].is_string()) continue;
    if (!out.empty()) out += "; ";
    out += m["error"].get<std::string>();
  }
  return out;
}

Error httpStatusError(int status, const QByteArray& body, const std::string& where) {
  ErrorCode code = ErrorCode::Http;
  std::string fallback = "the server answered HTTP " + std::to_string(status);
  if (status == 401) {
    code = ErrorCode::Auth;
    fallback = "not logged in or the token is no longer valid";
  } else if (status == 403) {
    code = ErrorCode::Auth;
    fallback = "access denied";
  } else if (status == 404) {
    code = ErrorCode::NotFound;
    fallback = "not found";
  } else if (status == 409) {
    fallback = "conflict: the resource was changed by someone else";
  } else if (status >= 500) {
    fallback = "server error";
  }
  std::string message = serverMessage(body);
  if (message.empty()) message = fallback;
  Error e = makeError(code, message + " (HTTP " + std::to_string(status) + ", " + where + ")");
  e.httpStatus = status;
  return e;
}

}  // namespace skein::client
