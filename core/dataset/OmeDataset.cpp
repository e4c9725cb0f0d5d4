// OME-NGFF images (and groups of images) as datasets.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/dataset/DatasetSources.h"
#include "core/dataset/JsonRead.h"
#include "core/dataset/MagArray.h"
#include "core/dataset/OmeNgff.h"
#include "core/format/OpenArray.h"

namespace skein {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxChildGroups = 256;

struct GroupMeta {
  bool exists = false;
  bool v3 = false;
  json attrs = json::object();
  json doc = json::object();  // zarr.json (v3) or .zmetadata (v2, when consolidated)
};

Result<GroupMeta> readGroup(Store& store, const std::string& key) {
  GroupMeta g;
  SKEIN_ASSIGN_OR_RETURN(auto v3, readJsonObject(store, joinKey(key, "zarr.json")));
  if (v3) {
    if (v3->value("node_type", "") != "group") return g;  // an array, not a group
    g.exists = g.v3 = true;
    if (v3->contains("attributes") && (*v3)["attributes"].is_object()) g.attrs = (*v3)["attributes"];
    g.doc = std::move(*v3);
    return g;
  }
  SKEIN_ASSIGN_OR_RETURN(auto attrs, readJsonObject(store, joinKey(key, ".zattrs")));
  SKEIN_ASSIGN_OR_RETURN(auto zgroup, store.size(joinKey(key, ".zgroup")));
  if (!attrs && !zgroup) return g;
  g.exists = true;
  if (attrs) g.attrs = std::move(*attrs);
  SKEIN_ASSIGN_OR_RETURN(auto consolidated, readJsonObject(store, joinKey(key, ".zmetadata")));
  if (consolidated) g.doc = std::move(*consolidated);
  return g;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// x, y, z by name, else the space axes by position (last = x); c = the channel axis.
AxisMap omeAxisMap(const std::vector<OmeAxis>& axes) {
  AxisMap m;
  std::vector<int> space;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const int idx = static_cast<int>(i);
    const std::string n = lower(axes[i].name);
    if (axes[i].type == "space" || (axes[i].type.empty() && (n == "x" || n == "y" || n == "z"))) space.push_back(idx);
    if (axes[i].type == "channel" || (axes[i].type.empty() && n == "c")) m.c = idx;
    if (n == "x") m.x = idx;
    if (n == "y") m.y = idx;
    if (n == "z") m.z = idx;
  }
  if (m.x < 0 || m.y < 0) {
    const auto s = space.size();
    m.x = s >= 1 ? space[s - 1] : -1;
    m.y = s >= 2 ? space[s - 2] : -1;
    m.z = s >= 3 ? space[s - 3] : -1;
  }
  return m;
}

// Array voxel 0 of a mag with factor f covers mag-1 voxels [o, o + f). Downsamplers centre the
// coarse voxel on its block, which makes the translation (t - t0)/s0 = o + (f - 1)/2; take that
// when it is (nearly) an integer, else round the plain offset.
std::int64_t magOffset(double t, double t0, double s0, std::int64_t f) {
  const double d = (t - t0) / s0;
  const double centred = d - (static_cast<double>(f) - 1.0) / 2.0;
  if (std::fabs(centred - std::round(centred)) < 1e-3) return std::llround(centred);
  return std::llround(d);
}

Result<Layer> omeImageLayer(StorePtr store, const std::string& groupKey, const GroupMeta& group,
                            const std::string& layerName, VoxelSize* voxelSize) {
  const std::string what = store->describe(joinKey(groupKey, group.v3 ? "zarr.json" : ".zattrs"));
  SKEIN_ASSIGN_OR_RETURN(OmeMultiscale ms, parseOmeMultiscale(group.attrs, what));
  const AxisMap axes = omeAxisMap(ms.axes);
  SKEIN_TRY(checkAxisMap(axes, ms.axes.size(), what));

  Layer layer;
  layer.name = layerName;
  layer.category = isOmeLabelImage(group.attrs) ? LayerCategory::Segmentation : LayerCategory::Color;
  layer.dataFormat = group.v3 ? "zarr3" : "zarr";

  const OmeLevel& l0 = ms.levels.front();
  auto spatial = [&](const std::vector<double>& v, int a, double dflt) {
    const int idx = a == 0 ? axes.x : (a == 1 ? axes.y : axes.z);
    return idx >= 0 ? v[static_cast<std::size_t>(idx)] : dflt;
  };
  if (voxelSize) {
    voxelSize->factor = {spatial(l0.scale, 0, 1), spatial(l0.scale, 1, 1), spatial(l0.scale, 2, 1)};
    voxelSize->unit = normalizeLengthUnit(ms.axes[static_cast<std::size_t>(axes.x)].unit);
  }
  Vec3i base;
  for (int a = 0; a < 3; ++a) base[a] = std::llround(spatial(l0.translation, a, 0) / spatial(l0.scale, a, 1));

  OpenArrayOptions options;
  options.formatHint = group.v3 ? "zarr3" : "zarr2";
  for (const OmeLevel& level : ms.levels) {
    Mag mag;
    mag.path = joinKey(groupKey, level.path);
    SKEIN_ASSIGN_OR_RETURN(mag.array, openArray(store, mag.path, options));
    const ArrayMeta& meta = mag.array->meta();
    if (meta.shape.size() != ms.axes.size())
      return makeError(ErrorCode::InvalidData, store->describe(mag.path) + " has " + std::to_string(meta.shape.size()) +
                                                   " dimensions but " + what + " lists " +
                                                   std::to_string(ms.axes.size()) + " axes");
    for (int a = 0; a < 3; ++a) {
      const double ratio = spatial(level.scale, a, 1) / spatial(l0.scale, a, 1);
      const std::int64_t f = std::llround(ratio);
      if (f < 1 || std::fabs(ratio - static_cast<double>(f)) > 0.01 * ratio)
        return makeError(ErrorCode::Unsupported, what + ": dataset \"" + level.path +
                                                     "\" is not an integer downsampling of the first dataset");
      mag.factor[a] = f;
      mag.offset[a] = base[a] + magOffset(spatial(level.translation, a, 0), spatial(l0.translation, a, 0),
                                          spatial(l0.scale, a, 1), f);
    }
    mag.axes = axes;
    if (layer.mags.empty()) {
      layer.dtype = meta.dtype;
      layer.channels = axes.c >= 0 ? static_cast<int>(std::min<std::int64_t>(meta.shape[static_cast<std::size_t>(axes.c)], 1 << 20)) : 1;
      for (int a = 0; a < 3; ++a) {
        const int idx = a == 0 ? axes.x : (a == 1 ? axes.y : axes.z);
        layer.boundingBox.min[a] = mag.offset[a];
        layer.boundingBox.size[a] = idx >= 0 ? meta.shape[static_cast<std::size_t>(idx)] : 1;
      }
    } else if (meta.dtype != layer.dtype) {
      return makeError(ErrorCode::InvalidData, store->describe(mag.path) + " has another data type than the first dataset");
    }
    layer.mags.push_back(std::move(mag));
  }
  sortMags(layer.mags);
  if (layer.category == LayerCategory::Segmentation && isFloat(layer.dtype))
    return makeError(ErrorCode::InvalidData, what + ": a label image must have an integer data type");
  return layer;
}

// Names listed by the image's "labels" group (OME-NGFF image-label convention).
Result<std::vector<std::string>> labelNames(Store& store, const std::string& imageKey) {
  SKEIN_ASSIGN_OR_RETURN(GroupMeta labels, readGroup(store, joinKey(imageKey, "labels")));
  std::vector<std::string> names;
  if (!labels.exists) return names;
  const json* holder = &labels.attrs;
  if (labels.attrs.contains("ome") && labels.attrs["ome"].is_object()) holder = &labels.attrs["ome"];
  if (auto it = holder->find("labels"); it != holder->end() && it->is_array())
    for (const json& n : *it)
      if (n.is_string() && !n.get<std::string>().empty()) names.push_back(n.get<std::string>());
  return names;
}

Status addImage(StorePtr store, const std::string& key, const GroupMeta& group, const std::string& name,
                Dataset& ds) {
  SKEIN_ASSIGN_OR_RETURN(Layer image, omeImageLayer(store, key, group, name, ds.layers.empty() ? &ds.voxelSize : nullptr));
  ds.layers.push_back(std::move(image));
  SKEIN_ASSIGN_OR_RETURN(std::vector<std::string> labels, labelNames(*store, key));
  for (const std::string& label : labels) {
    const std::string labelKey = joinKey(joinKey(key, "labels"), label);
    SKEIN_ASSIGN_OR_RETURN(GroupMeta lg, readGroup(*store, labelKey));
    if (!lg.exists || !hasOmeMultiscales(lg.attrs)) continue;
    std::string layerName = ds.findLayer(label) ? name + "/labels/" + label : label;
    SKEIN_ASSIGN_OR_RETURN(Layer l, omeImageLayer(store, labelKey, lg, layerName, nullptr));
    l.category = LayerCategory::Segmentation;
    ds.layers.push_back(std::move(l));
  }
  return {};
}

// Child groups that may be images: consolidated metadata first, then bioformats2raw series, then
// a listing of the store.
std::vector<std::string> candidateChildren(Store& store, const GroupMeta& root) {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (!n.empty() && n.find('/') == std::string::npos && std::find(out.begin(), out.end(), n) == out.end())
      out.push_back(n);
  };
  if (root.v3) {
    const json& cm = root.doc.contains("consolidated_metadata") ? root.doc["consolidated_metadata"] : json();
    if (cm.is_object() && cm.contains("metadata") && cm["metadata"].is_object())
      for (auto it = cm["metadata"].begin(); it != cm["metadata"].end(); ++it) add(it.key());
  } else if (root.doc.contains("metadata") && root.doc["metadata"].is_object()) {
    for (auto it = root.doc["metadata"].begin(); it != root.doc["metadata"].end(); ++it) {
      const std::string& k = it.key();
      if (auto slash = k.find('/'); slash != std::string::npos) add(k.substr(0, slash));
    }
  }
  if (out.empty() && root.attrs.contains("bioformats2raw.layout"))
    for (int i = 0; i < 64; ++i) add(std::to_string(i));
  if (out.empty()) {
    auto listed = store.list("");
    if (listed.ok())
      for (const std::string& n : *listed) add(n);
  }
  if (out.size() > kMaxChildGroups) out.resize(kMaxChildGroups);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<std::optional<Dataset>> tryOpenOmeNgff(StorePtr store, const std::string& name) {
  SKEIN_ASSIGN_OR_RETURN(GroupMeta root, readGroup(*store, ""));
  if (!root.exists) return std::optional<Dataset>{};
  Dataset ds;
  ds.name = name;
  ds.sourceKind = "ome-ngff";
  ds.voxelSize.unit.clear();
  if (hasOmeMultiscales(root.attrs)) {
    std::string layerName = name;
    if (const json* c = findOmeContainer(root.attrs); c && (*c)["multiscales"].is_array() &&
                                                      !(*c)["multiscales"].empty())
      if (auto n = jsonString((*c)["multiscales"][0], "name"); n && !n->empty()) layerName = *n;
    SKEIN_TRY(addImage(store, "", root, layerName, ds));
    return std::optional<Dataset>(std::move(ds));
  }
  for (const std::string& child : candidateChildren(*store, root)) {
    SKEIN_ASSIGN_OR_RETURN(GroupMeta g, readGroup(*store, child));
    if (!g.exists || !hasOmeMultiscales(g.attrs) || ds.findLayer(child)) continue;
    SKEIN_TRY(addImage(store, child, g, child, ds));
  }
  if (ds.layers.empty()) return std::optional<Dataset>{};
  return std::optional<Dataset>(std::move(ds));
}

}  // namespace skein
