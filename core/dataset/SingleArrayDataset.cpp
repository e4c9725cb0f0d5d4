// A single array (any format) as a one-layer, one-mag dataset.
#include <algorithm>

#include "core/dataset/DatasetSources.h"
#include "core/dataset/MagArray.h"
#include "core/format/OpenArray.h"

namespace skein {

Result<std::optional<Dataset>> tryOpenSingleArray(StorePtr store, const std::string& name) {
  SKEIN_ASSIGN_OR_RETURN(std::string format, detectArrayFormat(*store, ""));
  if (format.empty() || format == "precomputed") return std::optional<Dataset>{};
  SKEIN_ASSIGN_OR_RETURN(ArrayPtr array, openArray(store, "", {format, std::nullopt, 0}));
  const ArrayMeta& meta = array->meta();
  Mag mag;
  mag.array = array;
  mag.axes = axisMapFromNames(meta.dimensionNames);
  if (mag.axes.x < 0 || mag.axes.y < 0) {
    // Unnamed 4-D N5 arrays follow webKnossos/N5 [c, x, y, z] (logical [z, y, x, c]); others NumPy.
    mag.axes = format == "n5" && meta.shape.size() == 4 ? AxisMap{2, 1, 0, 3} : defaultAxisMap(meta.shape.size());
  }
  SKEIN_TRY(checkAxisMap(mag.axes, meta.shape.size(), store->describe("")));

  Layer layer;
  layer.name = name;
  layer.dtype = meta.dtype;
  layer.dataFormat = format == "zarr2" ? "zarr" : format;
  layer.channels = mag.axes.c >= 0 ? static_cast<int>(std::min<std::int64_t>(meta.shape[static_cast<std::size_t>(mag.axes.c)], 1 << 20)) : 1;
  for (int a = 0; a < 3; ++a) {
    const int idx = a == 0 ? mag.axes.x : (a == 1 ? mag.axes.y : mag.axes.z);
    layer.boundingBox.size[a] = idx >= 0 ? meta.shape[static_cast<std::size_t>(idx)] : 1;
  }
  layer.mags.push_back(std::move(mag));

  Dataset ds;
  ds.name = name;
  ds.sourceKind = "array";
  ds.voxelSize.unit.clear();
  ds.layers.push_back(std::move(layer));
  return std::optional<Dataset>(std::move(ds));
}

}  // namespace skein
