#pragma once
// Identity of one brick: a chunk of one mag of one layer, addressed by its position in the mag's
// chunk grid along x, y, z (channels and extra dimensions are folded into the brick).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/base/Vec3.h"

namespace skein {

struct BrickKey {
  std::string layer;  // layer name
  int mag = 0;        // index into Layer::mags (0 = finest)
  Vec3i grid;         // brick (chunk) grid position along x, y, z

  friend bool operator==(const BrickKey&, const BrickKey&) = default;
  std::string toString() const;  // "color/mag1/3,4,5"
};

struct BrickKeyHash {
  std::size_t operator()(const BrickKey& k) const noexcept {
    std::size_t h = std::hash<std::string>{}(k.layer);
    auto mix = [&h](std::uint64_t v) { h ^= std::hash<std::uint64_t>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(static_cast<std::uint64_t>(k.mag));
    mix(static_cast<std::uint64_t>(k.grid.x));
    mix(static_cast<std::uint64_t>(k.grid.y));
    mix(static_cast<std::uint64_t>(k.grid.z));
    return h;
  }
};

}  // namespace skein
