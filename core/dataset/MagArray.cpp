#include "core/dataset/MagArray.h"

#include <algorithm>
#include <cctype>

#include "core/format/OpenArray.h"
#include "core/format/PrecomputedArray.h"
#include "core/store/StoreOpener.h"

namespace skein {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool isAbsoluteLocation(const std::string& path) {
  return path.find("://") != std::string::npos || (!path.empty() && path.front() == '/');
}

// webKnossos' default order, given in the format's own dimension order: c, (extra…), x, y, z.
AxisMap webknossosDefaultNative(std::size_t rank) {
  const int r = static_cast<int>(rank);
  if (r >= 4) return {r - 3, r - 2, r - 1, 0};
  if (r == 3) return {0, 1, 2, -1};
  return {0, 1, -1, -1};
}

// N5 orders dimensions fastest first; our logical view reverses them.
AxisMap reverseAxes(AxisMap a, std::size_t rank) {
  auto flip = [&](int i) { return i < 0 ? -1 : static_cast<int>(rank) - 1 - i; };
  return {flip(a.x), flip(a.y), flip(a.z), flip(a.c)};
}

bool hasSpatialNames(const AxisMap& m) { return m.x >= 0 && m.y >= 0; }

AxisMap webknossosAxes(const Layer& layer, const Mag& mag, const ArrayMeta& meta) {
  const std::size_t rank = meta.shape.size();
  const bool n5 = meta.format == "n5";
  if (mag.declaredAxisOrder) return n5 ? reverseAxes(*mag.declaredAxisOrder, rank) : *mag.declaredAxisOrder;
  const AxisMap named = axisMapFromNames(meta.dimensionNames);
  if (hasSpatialNames(named)) return named;
  (void)layer;
  const AxisMap native = webknossosDefaultNative(rank);
  return n5 ? reverseAxes(native, rank) : native;
}

// webKnossos mag directories: "1" / "2-2-1" (short) or "1-1-1" (long).
std::vector<std::string> defaultMagPaths(const Layer& layer, const Vec3i& f) {
  const bool iso = f.x == f.y && f.y == f.z;
  std::vector<std::string> out;
  if (iso) out.push_back(joinKey(layer.name, std::to_string(f.x)));
  out.push_back(joinKey(layer.name, magToString(f)));
  return out;
}

const char* metadataKeyOf(const std::string& dataFormat) {
  if (dataFormat == "zarr3") return "zarr.json";
  if (dataFormat == "zarr") return ".zarray";
  if (dataFormat == "n5") return "attributes.json";
  if (dataFormat == "wkw") return "header.wkw";
  return "";
}

Result<ArrayPtr> openPrecomputedMag(StorePtr store, const std::string& magKey, const Layer& layer, const Mag& mag) {
  // The mag path names a scale directory; its info lives one level up.
  std::string infoDir = magKey, scaleKey;
  if (auto slash = magKey.rfind('/'); slash != std::string::npos) {
    infoDir = magKey.substr(0, slash);
    scaleKey = magKey.substr(slash + 1);
  } else if (!mag.path.empty()) {
    infoDir = "";
    scaleKey = magKey;
  }
  SKEIN_ASSIGN_OR_RETURN(PrecomputedInfo info, readPrecomputedInfo(*store, infoDir));
  int index = -1;
  for (std::size_t i = 0; i < info.scales.size() && index < 0; ++i)
    if (!scaleKey.empty() && info.scales[i].key == scaleKey) index = static_cast<int>(i);
  if (index < 0 && !info.scales.empty()) {
    const Vec3d r0 = info.scales[0].resolution;
    for (std::size_t i = 0; i < info.scales.size() && index < 0; ++i) {
      const Vec3d r = info.scales[i].resolution;
      if (std::llround(r.x / r0.x) == mag.factor.x && std::llround(r.y / r0.y) == mag.factor.y &&
          std::llround(r.z / r0.z) == mag.factor.z)
        index = static_cast<int>(i);
    }
  }
  if (index < 0)
    return makeError(ErrorCode::NotFound, store->describe(joinKey(infoDir, "info")) + " has no scale for mag " +
                                              magToString(mag.factor) + " of layer \"" + layer.name + "\"");
  SKEIN_ASSIGN_OR_RETURN(auto array, openPrecomputedArray(store, infoDir, info, index));
  return ArrayPtr(std::move(array));
}

Result<ArrayPtr> openWebknossosMag(StoreOpener* opener, const Dataset& ds, const Layer& layer, Mag& mag) {
  StorePtr store = ds.store;
  std::vector<std::string> candidates;
  if (isAbsoluteLocation(mag.path)) {
    if (!opener)
      return makeError(ErrorCode::Unsupported, "mag " + magToString(mag.factor) + " of layer \"" + layer.name +
                                                   "\" lives at " + mag.path + ", which needs a store opener");
    SKEIN_ASSIGN_OR_RETURN(store, opener->open(mag.path));
    candidates.push_back("");
  } else if (!mag.path.empty()) {
    candidates.push_back(mag.path);
  } else {
    candidates = defaultMagPaths(layer, mag.factor);
  }
  if (!store) return makeError(ErrorCode::Internal, "dataset \"" + ds.name + "\" has no store");

  std::string key = candidates.front();
  const std::string metaKey = metadataKeyOf(layer.dataFormat);
  if (candidates.size() > 1 && !metaKey.empty()) {
    for (const std::string& c : candidates) {
      SKEIN_ASSIGN_OR_RETURN(auto size, store->size(joinKey(c, metaKey)));
      if (size) {
        key = c;
        break;
      }
    }
  }
  if (layer.dataFormat == "neuroglancerPrecomputed") return openPrecomputedMag(store, key, layer, mag);

  OpenArrayOptions options;
  options.formatHint = layer.dataFormat;
  if (layer.dataFormat == "wkw") {
    const Vec3i end = layer.boundingBox.max();
    options.wkwShape = Shape{ceilDiv(end.z, mag.factor.z), ceilDiv(end.y, mag.factor.y), ceilDiv(end.x, mag.factor.x),
                             layer.channels};
  }
  auto r = openArray(store, key, options);
  if (!r.ok())
    return r.error().withContext("layer \"" + layer.name + "\" mag " + magToString(mag.factor));
  mag.path = key;
  return std::move(r).value();
}

}  // namespace

AxisMap axisMapFromNames(const std::vector<std::string>& names) {
  AxisMap m;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string n = lower(names[i]);
    const int idx = static_cast<int>(i);
    if (n == "x") m.x = idx;
    else if (n == "y") m.y = idx;
    else if (n == "z") m.z = idx;
    else if (n == "c" || n == "channel" || n == "channels") m.c = idx;
  }
  return m;
}

AxisMap defaultAxisMap(std::size_t rank) {
  const int r = static_cast<int>(rank);
  AxisMap m;
  if (r >= 1) m.x = r - 1;
  if (r >= 2) m.y = r - 2;
  if (r >= 3) m.z = r - 3;
  if (r >= 4) m.c = r - 4;
  return m;
}

Status checkAxisMap(const AxisMap& a, std::size_t rank, const std::string& where) {
  if (a.x < 0 || a.y < 0) return makeError(ErrorCode::InvalidData, where + " has no x and y axes");
  std::vector<int> used;
  for (int i : {a.x, a.y, a.z, a.c}) {
    if (i < 0) continue;
    if (static_cast<std::size_t>(i) >= rank)
      return makeError(ErrorCode::InvalidData, where + ": axis index " + std::to_string(i) + " is beyond the array's " +
                                                   std::to_string(rank) + " dimensions");
    if (std::find(used.begin(), used.end(), i) != used.end())
      return makeError(ErrorCode::InvalidData, where + ": dimension " + std::to_string(i) + " is mapped to two axes");
    used.push_back(i);
  }
  return {};
}

Result<ArrayPtr> openMagArray(StoreOpener* opener, const Dataset& ds, const Layer& layer, Mag& mag) {
  if (mag.array) return mag.array;
  if (ds.sourceKind != "webknossos")
    return makeError(ErrorCode::Internal, "mag " + magToString(mag.factor) + " of layer \"" + layer.name +
                                              "\" has no array");
  SKEIN_ASSIGN_OR_RETURN(ArrayPtr array, openWebknossosMag(opener, ds, layer, mag));
  const AxisMap axes = webknossosAxes(layer, mag, array->meta());
  SKEIN_TRY(checkAxisMap(axes, array->meta().shape.size(),
                         "layer \"" + layer.name + "\" mag " + magToString(mag.factor)));
  mag.axes = axes;
  mag.array = array;
  return array;
}

Status openAllMagArrays(StoreOpener* opener, Dataset& ds) {
  for (Layer& layer : ds.layers)
    for (Mag& mag : layer.mags) SKEIN_TRY(openMagArray(opener, ds, layer, mag));
  return {};
}

}  // namespace skein
