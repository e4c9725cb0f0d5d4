#pragma once
// The segment colour hash, identical to the one in resources/shaders/slice.frag, for tests and
// for colouring segment lists in the UI the same way the viewport does.

#include <QColor>
#include <cstdint>

namespace skein::render {

inline QColor segmentColor(std::uint64_t id) {
  std::uint32_t h = static_cast<std::uint32_t>(id) ^ (static_cast<std::uint32_t>(id >> 32) * 0x9E3779B1u);
  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  h *= 0x846ca68bu;
  h ^= h >> 16;
  return QColor(static_cast<int>(h & 255u), static_cast<int>((h >> 8) & 255u), static_cast<int>((h >> 16) & 255u));
}

}  // namespace skein::render
