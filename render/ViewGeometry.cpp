#include "render/ViewGeometry.h"

#include <algorithm>
#include <cmath>

namespace skein::render {

PlaneAxes planeAxes(Plane plane) {
  switch (plane) {
    case Plane::XY: return {0, 1, 2};
    case Plane::YZ: return {2, 1, 0};
    case Plane::XZ: return {0, 2, 1};
  }
  return {0, 1, 2};
}

const char* planeName(Plane plane) {
  switch (plane) {
    case Plane::XY: return "xy";
    case Plane::YZ: return "yz";
    case Plane::XZ: return "xz";
  }
  return "xy";
}

double OrthoView::originU() const { return position[planeAxes(plane).u] - halfSize(width) * zoom; }
double OrthoView::originV() const { return position[planeAxes(plane).v] - halfSize(height) * zoom; }

Vec3d OrthoView::worldAtPixel(double i, double j) const {
  const PlaneAxes a = planeAxes(plane);
  double c[3] = {position.x, position.y, position.z};
  c[a.u] = originU() + (i + 0.5) * zoom;
  c[a.v] = originV() + (j + 0.5) * zoom;
  return {c[0], c[1], c[2]};
}

std::array<double, 2> OrthoView::pixelAtWorld(const Vec3d& world) const {
  const PlaneAxes a = planeAxes(plane);
  return {(world[a.u] - originU()) / zoom, (world[a.v] - originV()) / zoom};
}

std::int64_t OrthoView::depthVoxel() const {
  return static_cast<std::int64_t>(std::floor(position[planeAxes(plane).w]));
}

Box3i OrthoView::visibleBox() const {
  const PlaneAxes a = planeAxes(plane);
  Vec3i lo, size;
  const auto u0 = static_cast<std::int64_t>(std::floor(originU()));
  const auto v0 = static_cast<std::int64_t>(std::floor(originV()));
  const auto u1 = static_cast<std::int64_t>(std::ceil(originU() + width * zoom));
  const auto v1 = static_cast<std::int64_t>(std::ceil(originV() + height * zoom));
  lo[a.u] = u0;
  size[a.u] = std::max<std::int64_t>(0, u1 - u0);
  lo[a.v] = v0;
  size[a.v] = std::max<std::int64_t>(0, v1 - v0);
  lo[a.w] = depthVoxel();
  size[a.w] = 1;
  return {lo, size};
}

}  // namespace skein::render
