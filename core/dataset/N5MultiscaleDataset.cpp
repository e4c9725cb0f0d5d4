// N5 multiscale groups (neuroglancer src/datasource/n5/README.md, n5-viewer conventions).
#include <algorithm>
#include <cmath>

#include "core/dataset/DatasetSources.h"
#include "core/dataset/JsonRead.h"
#include "core/dataset/MagArray.h"
#include "core/format/N5Array.h"

namespace skein {

using nlohmann::json;

namespace {

constexpr int kMaxScales = 32;

// Values listed in N5 order (fastest first) → per x/y/z using the logical axis map (logical index
// i = rank - 1 - n5 index).
Vec3d pickXyz(const std::vector<double>& n5Order, const AxisMap& axes, double dflt) {
  const int rank = static_cast<int>(n5Order.size());
  auto at = [&](int logical) {
    const int n = rank - 1 - logical;
    return logical >= 0 && n >= 0 && n < rank ? n5Order[static_cast<std::size_t>(n)] : dflt;
  };
  return {at(axes.x), at(axes.y), at(axes.z)};
}

}  // namespace

Result<std::optional<Dataset>> tryOpenN5Multiscale(StorePtr store, const std::string& name) {
  SKEIN_ASSIGN_OR_RETURN(auto rootAttrs, readJsonObject(*store, "attributes.json"));
  if (!rootAttrs || rootAttrs->contains("dimensions")) return std::optional<Dataset>{};
  const json& attrs = *rootAttrs;
  SKEIN_ASSIGN_OR_RETURN(auto s0, store->size("s0/attributes.json"));
  if (!s0) return std::optional<Dataset>{};
  const std::string what = store->describe("attributes.json");

  Layer layer;
  layer.name = name;
  layer.dataFormat = "n5";
  std::vector<std::vector<double>> groupScales;
  if (auto it = attrs.find("scales"); it != attrs.end() && it->is_array())
    for (const json& s : *it) {
      auto v = jsonToDoubles(s);
      if (!v) return makeError(ErrorCode::InvalidData, what + ": \"scales\" must be a list of number lists");
      groupScales.push_back(*v);
    }

  AxisMap axes;
  for (int i = 0; i < kMaxScales; ++i) {
    const std::string key = "s" + std::to_string(i);
    SKEIN_ASSIGN_OR_RETURN(auto dsAttrs, readJsonObject(*store, key + "/attributes.json"));
    if (!dsAttrs) break;
    Mag mag;
    mag.path = key;
    SKEIN_ASSIGN_OR_RETURN(auto array, openN5Array(store, key));
    mag.array = std::move(array);
    const ArrayMeta& meta = mag.array->meta();
    const std::size_t rank = meta.shape.size();
    if (i == 0) {
      std::vector<std::string> names;
      if (auto a = attrs.find("axes"); a != attrs.end() && a->is_array() && a->size() == rank)
        for (auto it = a->rbegin(); it != a->rend(); ++it) names.push_back(it->is_string() ? it->get<std::string>() : "");
      axes = axisMapFromNames(names.empty() ? meta.dimensionNames : names);
      if (axes.x < 0 || axes.y < 0) axes = defaultAxisMap(rank);
      SKEIN_TRY(checkAxisMap(axes, rank, what));
      layer.dtype = meta.dtype;
      layer.channels = axes.c >= 0 ? static_cast<int>(std::min<std::int64_t>(meta.shape[static_cast<std::size_t>(axes.c)], 1 << 20)) : 1;
      for (int a = 0; a < 3; ++a) {
        const int idx = a == 0 ? axes.x : (a == 1 ? axes.y : axes.z);
        layer.boundingBox.size[a] = idx >= 0 ? meta.shape[static_cast<std::size_t>(idx)] : 1;
      }
    } else if (meta.shape.size() != layer.mags.front().array->meta().shape.size()) {
      return makeError(ErrorCode::InvalidData, store->describe(key) + " has another rank than s0");
    }
    std::optional<std::vector<double>> factors;
    if (dsAttrs->contains("downsamplingFactors")) factors = jsonToDoubles((*dsAttrs)["downsamplingFactors"]);
    else if (static_cast<std::size_t>(i) < groupScales.size()) factors = groupScales[static_cast<std::size_t>(i)];
    else factors = std::vector<double>(rank, std::pow(2.0, i));
    if (!factors || factors->size() != rank)
      return makeError(ErrorCode::InvalidData, store->describe(key + "/attributes.json") +
                                                   ": downsamplingFactors must have one number per dimension");
    const Vec3d f = pickXyz(*factors, axes, 1.0);
    for (int a = 0; a < 3; ++a) {
      mag.factor[a] = std::llround(f[a]);
      if (mag.factor[a] < 1) return makeError(ErrorCode::InvalidData, store->describe(key) + " has a downsampling factor below 1");
    }
    mag.axes = axes;
    layer.mags.push_back(std::move(mag));
  }
  sortMags(layer.mags);

  Dataset ds;
  ds.name = name;
  ds.sourceKind = "n5-multiscale";
  const std::size_t rank = layer.mags.front().array->meta().shape.size();
  ds.voxelSize.unit.clear();
  if (auto pr = attrs.find("pixelResolution"); pr != attrs.end() && pr->is_object()) {
    if (auto d = pr->contains("dimensions") ? jsonToDoubles((*pr)["dimensions"]) : std::nullopt; d && d->size() == rank)
      ds.voxelSize.factor = pickXyz(*d, axes, 1.0);
    ds.voxelSize.unit = normalizeLengthUnit(jsonString(*pr, "unit").value_or(""));
  } else if (auto res = attrs.find("resolution"); res != attrs.end()) {
    if (auto d = jsonToDoubles(*res); d && d->size() == rank) ds.voxelSize.factor = pickXyz(*d, axes, 1.0);
    if (auto u = attrs.find("units"); u != attrs.end() && u->is_array() && u->size() == rank) {
      const int n = static_cast<int>(rank) - 1 - axes.x;  // unit of x, in N5 order
      if ((*u)[static_cast<std::size_t>(n)].is_string()) ds.voxelSize.unit = normalizeLengthUnit((*u)[static_cast<std::size_t>(n)].get<std::string>());
    }
  }
  ds.layers.push_back(std::move(layer));
  return std::optional<Dataset>(std::move(ds));
}

}  // namespace skein
