#pragma once
// Writes the synthetic EM sample dataset (see EmVolume) as a webKnossos dataset: a `color` uint8
// layer and a `segmentation` uint32 layer, each with mags 1, 2-2-2, 4-4-4, … (at least 4; more
// while the coarsest side stays >= 32 voxels), plus datasource-properties.json. Zarr layers also
// carry OME-NGFF multiscales (0.5 for zarr3, 0.4 for zarr) so other tools can open them.
//
// Generation works tile by tile (256³ mag-1 voxels): each tile is generated on several threads,
// downsampled in memory (color: rounded mean of 2×2×2; segmentation: first voxel of the block),
// and cut into write units that are encoded and written in parallel.

#include <cstdint>
#include <functional>
#include <string>

#include "core/dataset/Dataset.h"

namespace skein::sample {

struct SampleDatasetOptions {
  Vec3i size{256, 256, 256};
  std::string format = "zarr3";  // zarr3 (sharded), zarr (v2), wkw, n5
  std::uint64_t seed = 1;
  int threads = 0;  // 0 = one per hardware thread
  std::function<void(double fraction)> progress;  // optional, called from the calling thread
};

inline constexpr Vec3d kSampleVoxelSize{8, 8, 8};  // nanometres, isotropic (FIB-SEM-like)
inline constexpr int kSampleMinSize = 16;
inline constexpr int kSampleMaxSize = 8192;

bool isSampleFormat(const std::string& format);
// Number of mags: at least 4; then more while the next mag's smallest side is >= 32 voxels.
int sampleMagCount(const Vec3i& size);
// The dataset model that createSampleDataset writes (no arrays opened).
Dataset sampleDatasetModel(const SampleDatasetOptions& options);

// `store` must be writable (e.g. a FileStore opened ReadWrite on an empty or new directory).
Status createSampleDataset(StorePtr store, const SampleDatasetOptions& options);

}  // namespace skein::sample
