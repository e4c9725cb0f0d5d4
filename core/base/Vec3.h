#pragma once
// Voxel coordinates are int64 everywhere (terabyte datasets overflow int32 in linear indices).

#include <algorithm>
#include <cstdint>
#include <string>

namespace skein {

struct Vec3i {
  std::int64_t x = 0, y = 0, z = 0;

  constexpr std::int64_t& operator[](int i) { return i == 0 ? x : (i == 1 ? y : z); }
  constexpr std::int64_t operator[](int i) const { return i == 0 ? x : (i == 1 ? y : z); }
  friend constexpr bool operator==(const Vec3i&, const Vec3i&) = default;
  friend constexpr Vec3i operator+(Vec3i a, Vec3i b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
  friend constexpr Vec3i operator-(Vec3i a, Vec3i b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
  friend constexpr Vec3i operator*(Vec3i a, Vec3i b) { return {a.x * b.x, a.y * b.y, a.z * b.z}; }
  constexpr std::int64_t product() const { return x * y * z; }
  std::string toString() const;  // "x,y,z"
};

struct Vec3d {
  double x = 0, y = 0, z = 0;
  constexpr double operator[](int i) const { return i == 0 ? x : (i == 1 ? y : z); }
  friend constexpr bool operator==(const Vec3d&, const Vec3d&) = default;
};

// Floor division that rounds towards negative infinity (voxel -> chunk index).
constexpr std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return -floorDiv(-a, b); }

// Axis-aligned box: [min, min + size).
struct Box3i {
  Vec3i min;
  Vec3i size;

  constexpr Vec3i max() const { return min + size; }  // exclusive
  constexpr bool empty() const { return size.x <= 0 || size.y <= 0 || size.z <= 0; }
  constexpr std::int64_t volume() const { return empty() ? 0 : size.product(); }
  constexpr bool contains(Vec3i p) const {
    return p.x >= min.x && p.y >= min.y && p.z >= min.z && p.x < min.x + size.x &&
           p.y < min.y + size.y && p.z < min.z + size.z;
  }
  constexpr Box3i intersect(const Box3i& o) const {
    Vec3i lo{std::max(min.x, o.min.x), std::max(min.y, o.min.y), std::max(min.z, o.min.z)};
    Vec3i hi{std::min(max().x, o.max().x), std::min(max().y, o.max().y), std::min(max().z, o.max().z)};
    Vec3i sz{std::max<std::int64_t>(0, hi.x - lo.x), std::max<std::int64_t>(0, hi.y - lo.y),
             std::max<std::int64_t>(0, hi.z - lo.z)};
    return {lo, sz};
  }
  friend constexpr bool operator==(const Box3i&, const Box3i&) = default;
  std::string toString() const;  // "x,y,z,w,h,d"
};

}  // namespace skein
