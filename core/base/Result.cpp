#include "core/base/Result.h"

namespace skein {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid argument";
    case ErrorCode::InvalidData: return "invalid data";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::NotFound: return "not found";
    case ErrorCode::Io: return "I/O error";
    case ErrorCode::Network: return "network error";
    case ErrorCode::Http: return "HTTP error";
    case ErrorCode::Auth: return "authentication error";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal error";
  }
  return "error";
}

}  // namespace skein
