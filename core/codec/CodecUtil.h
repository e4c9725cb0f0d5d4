#pragma once
// Small helpers shared by the codec implementations (internal to skein_codec).

#include <cstdint>
#include <cstring>
#include <string>

#include "core/base/Result.h"

namespace skein::codec::detail {

inline std::uint32_t loadLe32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
         std::uint32_t(p[3]) << 24;
}

inline void storeLe32(std::uint8_t* p, std::uint32_t v) {
  p[0] = std::uint8_t(v);
  p[1] = std::uint8_t(v >> 8);
  p[2] = std::uint8_t(v >> 16);
  p[3] = std::uint8_t(v >> 24);
}

inline Error invalidData(const std::string& message) { return makeError(ErrorCode::InvalidData, message); }
inline Error invalidArgument(const std::string& message) {
  return makeError(ErrorCode::InvalidArgument, message);
}

// "1234 bytes" with a human-readable size for large values ("1073741824 bytes (1.0 GiB)").
std::string describeBytes(std::uint64_t n);

}  // namespace skein::codec::detail
