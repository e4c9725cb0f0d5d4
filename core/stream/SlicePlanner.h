#pragma once
// Which bricks a viewport needs, and how urgently: the bricks its plane cuts at the target mag and
// at every coarser mag (coarser first, so that a blurry image appears at once and sharpens), plus
// prefetch bricks a few brick layers ahead along the direction of movement.
//
// Priorities follow Neuroglancer's chunk manager: tier first (visible > prefetch), then inside
// the tier coarser mags outrank finer ones, then nearer the viewport centre outranks farther.

#include <string>
#include <vector>

#include "core/base/Result.h"
#include "core/base/Vec3.h"
#include "core/stream/StreamTypes.h"

namespace skein {

struct Layer;

// The brick grid of one mag, as the planner needs it.
struct MagGeometry {
  Vec3i factor{1, 1, 1};  // downsampling relative to mag 1
  Vec3i offset{0, 0, 0};  // mag-1 position of array voxel (0,0,0)
  Vec3i brickSize;        // voxels (of this mag) per brick along x, y, z
  Vec3i shape;            // array size along x, y, z, in voxels of this mag

  Vec3i gridShape() const;             // bricks along x, y, z
  Box3i brickBox(Vec3i grid) const;    // a brick's box in mag-1 voxels
};

// Geometry of every mag of a layer (finest first); the mags' arrays must be open.
Result<std::vector<MagGeometry>> layerGeometry(const Layer& layer);

// A viewport plane in mag-1 voxel coordinates: points origin + s·u + t·v, s in [0, width],
// t in [0, height]. Orthogonal views use axis vectors; oblique views any orthonormal pair.
struct SliceView {
  Vec3d origin;
  Vec3d u{1, 0, 0};
  Vec3d v{0, 1, 0};
  double width = 0;
  double height = 0;
  int targetMag = 0;  // finest mag to load (index into the layer's mags)
  Vec3d motion;       // displacement since the previous view, mag-1 voxels (zero when still)
};

struct PlanOptions {
  int prefetchLayers = 2;         // brick layers prefetched ahead along the motion
  bool prefetchWhenStill = true;  // one brick layer on each side of the plane when not moving
  int coarserLevels = -1;         // coarser mags requested as fallback (-1 = all)
  std::size_t maxBricks = 20000;  // safety cap per plan
};

// Requests for one viewport of one layer, most important first, without duplicates.
std::vector<BrickRequest> planSliceRequests(const std::string& layer, const std::vector<MagGeometry>& mags,
                                            const SliceView& view, const PlanOptions& options = {});

// The coarsest mag whose in-plane voxel size is at most `mag1VoxelsPerPixel` (with 10 % slack),
// so that a screen pixel never spans more than about one voxel; 0 when even mag 1 is coarser.
int chooseTargetMag(const std::vector<MagGeometry>& mags, const SliceView& view, double mag1VoxelsPerPixel);

// Merges request lists of several viewports or layers, keeping each key's most important request,
// most important first.
std::vector<BrickRequest> mergeRequests(std::vector<BrickRequest> requests);

}  // namespace skein
