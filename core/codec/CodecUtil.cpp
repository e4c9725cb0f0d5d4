#include "core/codec/CodecUtil.h"

#include <cstdio>

namespace skein::codec::detail {

std::string describeBytes(std::uint64_t n) {
  std::string s = std::to_string(n) + " bytes";
  if (n >= (std::uint64_t(1) << 20)) {
    const bool gib = n >= (std::uint64_t(1) << 30);
    char buf[32];
    std::snprintf(buf, sizeof buf, " (%.1f %s)", double(n) / double(gib ? 1 << 30 : 1 << 20),
                  gib ? "GiB" : "MiB");
    s += buf;
  }
  return s;
}

}  // namespace skein::codec::detail
