// Neuroglancer precomputed volumes as datasets.
#include <cmath>

#include "core/dataset/DatasetSources.h"
#include "core/dataset/MagArray.h"
#include "core/format/PrecomputedArray.h"

namespace skein {

Result<std::optional<Dataset>> tryOpenPrecomputed(StorePtr store, const std::string& name) {
  SKEIN_ASSIGN_OR_RETURN(auto infoSize, store->size("info"));
  if (!infoSize) return std::optional<Dataset>{};
  SKEIN_ASSIGN_OR_RETURN(PrecomputedInfo info, readPrecomputedInfo(*store, ""));
  if (info.scales.empty()) return makeError(ErrorCode::InvalidData, store->describe("info") + " lists no scales");

  Dataset ds;
  ds.name = name;
  ds.sourceKind = "precomputed";
  const PrecomputedScale& s0 = info.scales.front();
  ds.voxelSize.factor = s0.resolution;
  ds.voxelSize.unit = "nanometer";

  Layer layer;
  layer.name = name;
  layer.category = info.type == "segmentation" ? LayerCategory::Segmentation : LayerCategory::Color;
  layer.dtype = info.dtype;
  layer.channels = info.numChannels;
  layer.dataFormat = "neuroglancerPrecomputed";
  layer.boundingBox = {s0.voxelOffset, s0.size};
  for (std::size_t i = 0; i < info.scales.size(); ++i) {
    const PrecomputedScale& s = info.scales[i];
    Mag mag;
    mag.path = s.key;
    for (int a = 0; a < 3; ++a) {
      const double ratio = s.resolution[a] / s0.resolution[a];
      mag.factor[a] = std::llround(ratio);
      if (mag.factor[a] < 1 || std::fabs(ratio - static_cast<double>(mag.factor[a])) > 0.01 * ratio)
        return makeError(ErrorCode::Unsupported, store->describe("info") + ": scale \"" + s.key +
                                                     "\" is not an integer downsampling of the first scale");
      mag.offset[a] = s.voxelOffset[a] * mag.factor[a];
    }
    SKEIN_ASSIGN_OR_RETURN(auto array, openPrecomputedArray(store, "", info, static_cast<int>(i)));
    mag.array = std::move(array);
    mag.axes = axisMapFromNames(mag.array->meta().dimensionNames);
    if (mag.axes.x < 0) mag.axes = AxisMap{3, 2, 1, 0};  // [c, z, y, x]
    SKEIN_TRY(checkAxisMap(mag.axes, mag.array->meta().shape.size(), store->describe(s.key)));
    layer.mags.push_back(std::move(mag));
  }
  sortMags(layer.mags);
  ds.layers.push_back(std::move(layer));
  return std::optional<Dataset>(std::move(ds));
}

}  // namespace skein
