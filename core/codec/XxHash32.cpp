#include "core/codec/XxHash32.h"

#include <bit>

#include "core/codec/CodecUtil.h"

namespace skein::codec {
namespace {

constexpr std::uint32_t kPrime1 = 2654435761U;
constexpr std::uint32_t kPrime2 = 2246822519U;
constexpr std::uint32_t kPrime3 = 3266489917U;
constexpr std::uint32_t kPrime4 = 668265263U;
constexpr std::uint32_t kPrime5 = 374761393U;

std::uint32_t round(std::uint32_t acc, std::uint32_t input) {
  acc += input * kPrime2;
  acc = std::rotl(acc, 13);
  return acc * kPrime1;
}

}  // namespace

std::uint32_t xxHash32(ByteView data, std::uint32_t seed) {
  const std::uint8_t* p = data.data();
  const std::uint8_t* const end = p + data.size();
  std::uint32_t h;
  if (data.size() >= 16) {
    std::uint32_t v1 = seed + kPrime1 + kPrime2;
    std::uint32_t v2 = seed + kPrime2;
    std::uint32_t v3 = seed;
    std::uint32_t v4 = seed - kPrime1;
    const std::uint8_t* const limit = end - 16;
    do {
      v1 = round(v1, detail::loadLe32(p));
      v2 = round(v2, detail::loadLe32(p + 4));
      v3 = round(v3, detail::loadLe32(p + 8));
      v4 = round(v4, detail::loadLe32(p + 12));
      p += 16;
    } while (p <= limit);
    h = std::rotl(v1, 1) + std::rotl(v2, 7) + std::rotl(v3, 12) + std::rotl(v4, 18);
  } else {
    h = seed + kPrime5;
  }
  h += std::uint32_t(data.size());
  while (end - p >= 4) {
    h += detail::loadLe32(p) * kPrime3;
    h = std::rotl(h, 17) * kPrime4;
    p += 4;
  }
  while (p < end) {
    h += std::uint32_t(*p) * kPrime5;
    h = std::rotl(h, 11) * kPrime1;
    ++p;
  }
  h ^= h >> 15;
  h *= kPrime2;
  h ^= h >> 13;
  h *= kPrime3;
  h ^= h >> 16;
  return h;
}

}  // namespace skein::codec
