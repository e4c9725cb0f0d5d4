#pragma once
// A deterministic synthetic electron-microscopy volume: cells are 3D Voronoi regions of jittered
// seeds (one per cell of a regular seed grid), separated by dark membranes ~2–3 voxels thick, with
// darker mitochondria-like ellipsoids inside some cells, mid-gray interiors with smooth
// low-frequency variation, and per-voxel noise. Every voxel is a pure function of (seed, x, y, z),
// so any box can be generated on its own, in any order, on any number of threads.
//
// Buffers are C order over the box with x fastest: index = (z·h + y)·w + x.

#include <cstdint>

#include "core/base/Vec3.h"

namespace skein::sample {

struct EmVolumeParams {
  std::uint64_t seed = 1;
  Vec3i size{256, 256, 256};  // the volume's extent; it fixes the seed grid and so the segment ids
  int cellSpacing = 40;       // seed grid spacing in voxels (multiple of 8)
};

// What one voxel is made of (for tests and statistics).
struct VoxelInfo {
  std::uint32_t cellId = 0;        // id of the nearest seed (membrane voxels included)
  float membraneDistance = 1e9f;   // distance to the boundary with the second-nearest cell
  bool inOrganelle = false;
};

class EmVolume {
 public:
  explicit EmVolume(const EmVolumeParams& params);

  const EmVolumeParams& params() const { return params_; }
  // Segment ids are 1 … largestSegmentId() (one per seed-grid cell).
  std::uint32_t largestSegmentId() const;
  // Membrane voxels are those closer than this to a cell boundary.
  static constexpr float kMembraneHalfWidth = 1.25f;

  // Fills `color` (uint8) and/or `segmentation` (uint32) for a box of mag-1 voxels; either pointer
  // may be null. The box may extend beyond size (the structure continues).
  void fill(const Box3i& box, std::uint8_t* color, std::uint32_t* segmentation) const;

  // The same for a downsampled mag 2^level: color is the rounded mean of each 2×2×2 block of the
  // next finer mag, applied level times; segmentation is the mag-1 voxel at the block's first
  // corner. `box` is in voxels of that mag. Identical to what the sample dataset writer stores.
  void fillMag(const Box3i& box, int level, std::uint8_t* color, std::uint32_t* segmentation) const;

  VoxelInfo inspect(const Vec3i& p) const;

 private:
  struct Seed;
  struct SeedTable;
  void gridCellOf(const Vec3i& p, Vec3i& cell) const;
  Seed seedAt(const Vec3i& cell) const;
  SeedTable seedTable(const Box3i& box) const;
  void fillBlock(const SeedTable& table, const Box3i& sub, const Box3i& box, std::uint8_t* color,
                 std::uint32_t* segmentation) const;

  EmVolumeParams params_;
  Vec3i grid_;  // number of seed-grid cells per axis
};

// 2×2×2 downsampling of a C-order (x fastest) block with even sizes.
void downsampleMean2(const std::uint8_t* in, const Vec3i& inSize, std::uint8_t* out);
void downsampleFirst2(const std::uint32_t* in, const Vec3i& inSize, std::uint32_t* out);

}  // namespace skein::sample
