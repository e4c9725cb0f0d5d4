#pragma once
// The dataset model every viewer, CLI and client part shares: a dataset has layers; a layer has
// mags (resolution levels); each mag is a ChunkedArray plus the mapping of its axes to x, y, z, c.
// Positions and bounding boxes are in mag-1 voxels.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/DataType.h"
#include "core/base/Result.h"
#include "core/base/Vec3.h"
#include "core/format/ChunkedArray.h"
#include "core/store/Store.h"

namespace skein {

enum class LayerCategory { Color, Segmentation };

struct VoxelSize {
  Vec3d factor{1, 1, 1};          // size of one mag-1 voxel
  std::string unit = "nanometer";  // UDUNITS name as webKnossos/OME-NGFF spell it
};

// Which array dimension holds x, y, z and the channel (-1: no channel axis) for one mag.
// Extra leading dimensions (e.g. OME-NGFF time) are read at index 0.
struct AxisMap {
  int x = -1, y = -1, z = -1, c = -1;
};

struct Mag {
  Vec3i factor{1, 1, 1};  // downsampling factor relative to mag 1 ("2-2-1" → {2,2,1})
  std::string path;       // where the array lives, relative to the dataset root (or absolute URL)
  AxisMap axes;
  Vec3i offset{0, 0, 0};  // array voxel (0,0,0) is at this mag-1 position (OME-NGFF translation)
  ArrayPtr array;         // opened lazily by openMagArray(); may be null in a freshly parsed model
  // webKnossos `axisOrder` as declared, in the format's own dimension order (N5: fastest first);
  // openMagArray() turns it into `axes` for the logical view.
  std::optional<AxisMap> declaredAxisOrder;
};

struct Layer {
  std::string name;
  LayerCategory category = LayerCategory::Color;
  DataType dtype = DataType::UInt8;  // per channel
  int channels = 1;                  // webKnossos uint24 (RGB) = 3 × uint8
  Box3i boundingBox;                 // in mag-1 voxels
  std::string dataFormat;            // "zarr", "zarr3", "n5", "wkw", "neuroglancerPrecomputed"
  std::vector<Mag> mags;             // sorted from finest to coarsest
  std::optional<std::uint64_t> largestSegmentId;
  nlohmann::json extra;              // properties we carry but do not interpret

  const Mag* findMag(const Vec3i& factor) const;
  Mag* findMag(const Vec3i& factor);
};

struct Dataset {
  std::string name;
  std::string location;  // the URL or path it was opened from (no credentials)
  VoxelSize voxelSize;
  std::vector<Layer> layers;
  std::string sourceKind;  // "webknossos", "ome-ngff", "n5-multiscale", "precomputed", "array"
  StorePtr store;          // root store that relative mag paths resolve against

  const Layer* findLayer(const std::string& name) const;
  Layer* findLayer(const std::string& name);
};

// "2-2-1", "2,2,1", "[2,2,1]" or "2" (isotropic) → {2,2,1}.
std::optional<Vec3i> parseMagString(const std::string& text);
std::string magToString(const Vec3i& mag);  // "2-2-1"
const char* layerCategoryName(LayerCategory c);  // "color" / "segmentation"

// Sorts mags from finest to coarsest (by voxel volume, then x, y, z).
void sortMags(std::vector<Mag>& mags);

}  // namespace skein
