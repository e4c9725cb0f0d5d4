#pragma once
// Result<T>: a value or an Error. C++20 has no std::expected, so this is a minimal stand-in with
// the same spirit: errors are values, never exceptions across module boundaries.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace skein {

enum class ErrorCode {
  InvalidArgument,  // caller passed something malformed (usage error)
  InvalidData,      // bytes or metadata are corrupt, truncated or contradictory
  Unsupported,      // a valid feature we do not implement (dtype, codec, version)
  NotFound,         // a required thing (array, layer, file) does not exist
  Io,               // local file system failure
  Network,          // connection refused/dropped, timeout, 5xx after retries
  Http,             // an HTTP status that is not a success and not 404-as-absent
  Auth,             // 401/403
  Cancelled,
  Internal,
};

const char* errorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  // one clear sentence: what, where (file/key/URL), what was expected
  int httpStatus = 0;   // for Http/Auth/Network errors, when known

  // Returns a copy whose message is prefixed with context ("reading <key>: ").
  Error withContext(const std::string& context) const {
    Error e = *this;
    e.message = context + ": " + message;
    return e;
  }
};

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message), 0}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}   // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Status: success or an Error (Result<void>).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : e_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  static Status success() { return {}; }
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *e_; }

 private:
  std::optional<Error> e_;
};

}  // namespace skein

// Propagate an error from an expression returning Result/Status.
#define SKEIN_TRY(expr)                              \
  do {                                               \
    auto&& skein_try_r_ = (expr);                    \
    if (!skein_try_r_.ok()) return skein_try_r_.error(); \
  } while (0)

#define SKEIN_CONCAT_INNER_(a, b) a##b
#define SKEIN_CONCAT_(a, b) SKEIN_CONCAT_INNER_(a, b)
// SKEIN_ASSIGN_OR_RETURN(auto x, f()); — binds the value or returns the error.
#define SKEIN_ASSIGN_OR_RETURN(decl, expr)                                   \
  auto SKEIN_CONCAT_(skein_r_, __LINE__) = (expr);                           \
  if (!SKEIN_CONCAT_(skein_r_, __LINE__).ok())                               \
    return SKEIN_CONCAT_(skein_r_, __LINE__).error();                        \
  decl = std::move(SKEIN_CONCAT_(skein_r_, __LINE__)).value()
