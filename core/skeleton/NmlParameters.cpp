// <meta>, <parameters> and bounding boxes.

#include <algorithm>
#include <limits>

#include "core/skeleton/NmlElementUtil.h"
#include "core/skeleton/NmlFlavor.h"
#include "core/skeleton/NmlHandler.h"

namespace skein::skeleton::nml {

// ---- <meta>, <parameters> ----

void NmlHandler::readMeta(const char** a) {
  MetaEntry m;
  for (; *a; a += 2) {
    std::string_view k(a[0]);
    if (k == "name") m.name = a[1];
    else if (k == "content") m.content = a[1];
  }
  sk_.meta.push_back(std::move(m));
}

bool NmlHandler::box(std::string_view element, const char** a, Box3i& out, AttributeList* extra) {
  bool seen[6] = {};
  static constexpr std::string_view kNames[6] = {"topLeftX", "topLeftY", "topLeftZ", "width", "height", "depth"};
  std::int64_t v[6] = {};
  for (const char** p = a; *p; p += 2) {
    std::string_view k(p[0]);
    auto it = std::find(std::begin(kNames), std::end(kNames), k);
    if (it == std::end(kNames)) {
      if (extra) extra->push_back({p[0], p[1]});
      continue;
    }
    auto i = static_cast<std::size_t>(it - std::begin(kNames));
    std::int64_t lo = i < 3 ? -kInt32Max : 0;
    if (!integer(element.data(), k.data(), p[1], v[i], lo, kInt32Max)) return false;
    seen[i] = true;
  }
  for (std::size_t i = 0; i < 6; ++i)
    if (!seen[i]) {
      fail(tag(element) + " is missing the required attribute " + std::string(kNames[i]));
      return false;
    }
  out = Box3i{{v[0], v[1], v[2]}, {v[3], v[4], v[5]}};
  return true;
}

void NmlHandler::startParameter(std::string_view name, const char** a) {
  AnnotationParameters& p = sk_.parameters;
  auto element = std::string(name);
  AttributeList extra;
  bool known = true;
  if (name == "experiment") {
    for (; *a; a += 2) {
      std::string_view k(a[0]);
      if (k == "name") p.datasetName = a[1];
      else if (k == "organization") p.organization = a[1];
      else if (k == "datasetId") p.datasetId = a[1];
      else if (k == "description") p.description = a[1];
      else if (k == "wkUrl") p.wkUrl = a[1];
      else extra.push_back({a[0], a[1]});
    }
  } else if (name == "scale") {
    Vec3d s{-1, -1, -1};
    double* axes[3] = {&s.x, &s.y, &s.z};
    for (; *a; a += 2) {
      std::string_view k(a[0]);
      if (k == "x" || k == "y" || k == "z") {
        if (!real(name.data(), k.data(), a[1], *axes[k[0] - 'x'], 1e12)) return;
      } else if (k == "unit") {
        p.voxelUnit = a[1];
      } else {
        extra.push_back({a[0], a[1]});
      }
    }
    p.voxelSize = s;
  } else if (name == "offset" || name == "editPosition") {
    Vec3d& v = name == "offset" ? p.offset : p.editPosition;
    double* axes[3] = {&v.x, &v.y, &v.z};
    for (; *a; a += 2) {
      std::string_view k(a[0]);
      if (k == "x" || k == "y" || k == "z") {
        if (!real(name.data(), k.data(), a[1], *axes[k[0] - 'x'], Skeleton::kMaxCoordinate)) return;
      } else {
        extra.push_back({a[0], a[1]});
      }
    }
  } else if (name == "editRotation") {
    double* axes[3] = {&p.editRotation.x, &p.editRotation.y, &p.editRotation.z};
    static constexpr std::string_view kNames[3] = {"xRot", "yRot", "zRot"};
    for (; *a; a += 2) {
      std::string_view k(a[0]);
      auto it = std::find(std::begin(kNames), std::end(kNames), k);
      if (it != std::end(kNames)) {
        if (!real(name.data(), k.data(), a[1], *axes[it - std::begin(kNames)], 1e6)) return;
      } else {
        extra.push_back({a[0], a[1]});
      }
    }
  } else if (name == "time") {
    for (; *a; a += 2) {
      std::string_view k(a[0]);
      if (k == "ms") {
        if (!integer(name.data(), k.data(), a[1], p.timeMs, kInt64Min, kInt64Max)) return;
      } else {
        extra.push_back({a[0], a[1]});
      }
    }
  } else if (name == "zoomLevel") {
    for (; *a; a += 2) {
      std::string_view k(a[0]);
      if (k == "zoom") {
        if (!real(name.data(), k.data(), a[1], p.zoomLevel, 1e12)) return;
      } else {
        extra.push_back({a[0], a[1]});
      }
    }
  } else if (name == "activeNode") {
    for (; *a; a += 2) {
      std::string_view k(a[0]);
      if (k == "id") {
        std::int64_t id = 0;
        if (!integer(name.data(), k.data(), a[1], id, 0, kInt32Max)) return;
        sk_.activeNode = static_cast<NodeId>(id);
      } else {
        extra.push_back({a[0], a[1]});
      }
    }
  } else if (name == "userBoundingBox") {
    readUserBoundingBox(a);
    stack_.push_back(Ctx::Leaf);
    return;
  } else if (name == "taskBoundingBox") {
    Box3i b;
    if (!box(name, a, b, &extra)) return;
    p.taskBoundingBox = b;
  } else if (name == "nodes_0_based") {
    out_.zeroBasedFlag = true;
    out_.sawKnossosMarker = true;
  } else {
    known = false;
  }
  if (!known) {
    if (isKnossosParameterElement(name)) out_.sawKnossosMarker = true;
    startRaw(name, a);
    return;
  }
  if (!extra.empty()) p.extraAttributes.emplace_back(element, std::move(extra));
  stack_.push_back(Ctx::Leaf);
}

void NmlHandler::readUserBoundingBox(const char** a) {
  UserBoundingBox b;
  b.id = static_cast<std::int32_t>(sk_.userBoundingBoxes.size());
  AttributeList rest;
  Rgba color;
  bool hasColor = false;
  for (const char** p = a; *p; p += 2) {
    std::string_view k(p[0]);
    if (k == "id") {
      std::int64_t id = 0;
      if (!integer("userBoundingBox", k.data(), p[1], id, 0, kInt32Max)) return;
      b.id = static_cast<std::int32_t>(id);
    } else if (k == "name") {
      b.name = p[1];
    } else if (k == "isVisible") {
      if (!boolean("userBoundingBox", k.data(), p[1], b.visible)) return;
    } else if (k.size() == 7 && k.substr(0, 6) == "color.") {
      double* c = k[6] == 'r' ? &color.r : k[6] == 'g' ? &color.g : k[6] == 'b' ? &color.b : k[6] == 'a' ? &color.a : nullptr;
      if (!c) {
        rest.push_back({p[0], p[1]});
        continue;
      }
      if (!real("userBoundingBox", k.data(), p[1], *c, kFloatLimit)) return;
      hasColor = true;
    } else {
      rest.push_back({p[0], p[1]});
    }
  }
  // The geometry attributes are picked out of the rest; everything else stays as extra.
  std::vector<const char*> flat;
  for (const Attribute& at : rest) {
    flat.push_back(at.name.c_str());
    flat.push_back(at.value.c_str());
  }
  flat.push_back(nullptr);
  if (!box("userBoundingBox", flat.data(), b.box, &b.extraAttributes)) return;
  if (hasColor) b.color = color;
  sk_.userBoundingBoxes.push_back(std::move(b));
}

}  // namespace skein::skeleton::nml
