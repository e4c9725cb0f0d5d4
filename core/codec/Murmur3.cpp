#include "core/codec/Murmur3.h"

#include <bit>

#include "core/codec/CodecUtil.h"

namespace skein::codec {
namespace {

constexpr std::uint32_t kC1 = 0x239b961b;
constexpr std::uint32_t kC2 = 0xab0e9789;
constexpr std::uint32_t kC3 = 0x38b34ae5;
constexpr std::uint32_t kC4 = 0xa1e38b93;

std::uint32_t fmix32(std::uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

}  // namespace

// Austin Appleby's MurmurHash3_x86_128 (public domain), reading blocks as little-endian words.
std::array<std::uint32_t, 4> murmurHash3X86_128(ByteView data, std::uint32_t seed) {
  const std::size_t len = data.size();
  const std::size_t nblocks = len / 16;
  std::uint32_t h1 = seed, h2 = seed, h3 = seed, h4 = seed;

  for (std::size_t i = 0; i < nblocks; ++i) {
    const std::uint8_t* b = data.data() + i * 16;
    std::uint32_t k1 = detail::loadLe32(b), k2 = detail::loadLe32(b + 4);
    std::uint32_t k3 = detail::loadLe32(b + 8), k4 = detail::loadLe32(b + 12);

    k1 *= kC1; k1 = std::rotl(k1, 15); k1 *= kC2; h1 ^= k1;
    h1 = std::rotl(h1, 19); h1 += h2; h1 = h1 * 5 + 0x561ccd1b;
    k2 *= kC2; k2 = std::rotl(k2, 16); k2 *= kC3; h2 ^= k2;
    h2 = std::rotl(h2, 17); h2 += h3; h2 = h2 * 5 + 0x0bcaa747;
    k3 *= kC3; k3 = std::rotl(k3, 17); k3 *= kC4; h3 ^= k3;
    h3 = std::rotl(h3, 15); h3 += h4; h3 = h3 * 5 + 0x96cd1c35;
    k4 *= kC4; k4 = std::rotl(k4, 18); k4 *= kC1; h4 ^= k4;
    h4 = std::rotl(h4, 13); h4 += h1; h4 = h4 * 5 + 0x32ac3b17;
  }

  // Tail: up to 15 bytes, gathered into k1..k4 little-endian.
  const std::uint8_t* tail = data.data() + nblocks * 16;
  const std::size_t rest = len & 15;
  std::uint32_t k[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < rest; ++i) k[i / 4] |= std::uint32_t(tail[i]) << (8 * (i % 4));
  if (rest > 12) { k[3] *= kC4; k[3] = std::rotl(k[3], 18); k[3] *= kC1; h4 ^= k[3]; }
  if (rest > 8) { k[2] *= kC3; k[2] = std::rotl(k[2], 17); k[2] *= kC4; h3 ^= k[2]; }
  if (rest > 4) { k[1] *= kC2; k[1] = std::rotl(k[1], 16); k[1] *= kC3; h2 ^= k[1]; }
  if (rest > 0) { k[0] *= kC1; k[0] = std::rotl(k[0], 15); k[0] *= kC2; h1 ^= k[0]; }

  h1 ^= std::uint32_t(len); h2 ^= std::uint32_t(len); h3 ^= std::uint32_t(len); h4 ^= std::uint32_t(len);
  h1 += h2; h1 += h3; h1 += h4;
  h2 += h1; h3 += h1; h4 += h1;
  h1 = fmix32(h1); h2 = fmix32(h2); h3 = fmix32(h3); h4 = fmix32(h4);
  h1 += h2; h1 += h3; h1 += h4;
  h2 += h1; h3 += h1; h4 += h1;
  return {h1, h2, h3, h4};
}

std::uint64_t murmurHash3X86_128Low64(std::uint64_t value) {
  std::uint8_t bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = std::uint8_t(value >> (8 * i));
  const auto h = murmurHash3X86_128(ByteView(bytes, 8), 0);
  return std::uint64_t(h[0]) | std::uint64_t(h[1]) << 32;
}

}  // namespace skein::codec
