#pragma once
// The geometry of an orthogonal slice viewport, without any GL: which world axes the screen shows,
// how screen pixels map to mag-1 voxels, which mag to load for a zoom, and which box is visible.
//
// Screen axes (pixel i grows to the right, j downwards):
//   XY: i → x, j → y, depth z      YZ: i → z, j → y, depth x      XZ: i → x, j → z, depth y
// Zoom is in mag-1 voxels per screen pixel (1 = one voxel per pixel, 2 = zoomed out twice).
// Pixel contract at zoom 1 with an integer position p: pixel (i, j) shows voxel
// (p_u − W/2 + i, p_v − H/2 + j, p_w), where u, v, w are the plane's axes and W/2, H/2 round down
// (see halfSize).

#include <array>
#include <vector>

#include "core/base/Vec3.h"

namespace skein::render {

enum class Plane { XY, YZ, XZ };

struct PlaneAxes {
  int u, v, w;  // world axis index (0 = x, 1 = y, 2 = z) shown along screen i, screen j, and depth
};
PlaneAxes planeAxes(Plane plane);
const char* planeName(Plane plane);

// Pixels from a viewport's edge to the pixel that shows its centre position: half the size, rounded
// down. Whole pixels, so that at zoom 1 every pixel centre is a voxel centre for odd sizes too (with
// size / 2.0 an odd viewport sampled exactly on voxel boundaries, and neighbouring bricks rounded
// them differently: one-pixel seams).
inline int halfSize(int pixels) { return pixels / 2; }

struct OrthoView {
  Plane plane = Plane::XY;
  Vec3d position;        // mag-1 voxel coordinates of the viewport centre (and the slice depth)
  double zoom = 1.0;     // mag-1 voxels per screen pixel
  int width = 0;         // viewport size in device pixels
  int height = 0;

  // World (mag-1, continuous) coordinates of the top-left corner of pixel (0, 0) along u and v.
  double originU() const;
  double originV() const;
  // The world position under the centre of screen pixel (i, j) (continuous coordinates).
  Vec3d worldAtPixel(double i, double j) const;
  // The screen pixel coordinates (continuous, top-left corner = 0) of a world position.
  std::array<double, 2> pixelAtWorld(const Vec3d& world) const;
  // The integer voxel index of the slice along the depth axis.
  std::int64_t depthVoxel() const;
  // The mag-1 box visible on screen: the slice (1 voxel thick along w) over the screen area.
  Box3i visibleBox() const;
};


}  // namespace skein::render
