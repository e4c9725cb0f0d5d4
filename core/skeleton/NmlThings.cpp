// <thing>: tree attributes, nodes, edges and metadata.

#include <algorithm>
#include <limits>

#include "core/skeleton/NmlElementUtil.h"
#include "core/skeleton/NmlHandler.h"

namespace skein::skeleton::nml {

// ---- <thing> ----

void NmlHandler::startThing(const char** a) {
  treeProps_ = TreeProperties{};
  edges_.clear();
  edgeExtras_.clear();
  thingNodes_.clear();
  std::optional<std::int64_t> id;
  std::optional<std::string> name, knossosComment;
  Rgba color;
  bool colorSeen[4] = {};
  bool colorEmpty = false;
  std::optional<bool> isVisible;
  for (; *a; a += 2) {
    std::string_view k(a[0]);
    const char* v = a[1];
    if (k == "id") {
      std::int64_t x = 0;
      if (!integer("thing", k.data(), v, x, 0, kInt32Max)) return;
      id = x;
    } else if (k == "name") {
      name = v;
    } else if (k == "comment") {
      knossosComment = v;
    } else if ((k.size() == 7 && k.substr(0, 6) == "color.") || (k.size() == 6 && k.substr(0, 5) == "color")) {
      char axis = k.back();
      int i = axis == 'r' ? 0 : axis == 'g' ? 1 : axis == 'b' ? 2 : axis == 'a' ? 3 : -1;
      if (i < 0) {
        treeProps_.extraAttributes.push_back({a[0], v});
        continue;
      }
      if (*v == '\0') {
        colorEmpty = true;
        continue;
      }
      double* c[4] = {&color.r, &color.g, &color.b, &color.a};
      if (!real("thing", k.data(), v, *c[i], kFloatLimit)) return;
      colorSeen[i] = true;
    } else if (k == "groupId") {
      std::int64_t g = 0;
      if (!integer("thing", k.data(), v, g, -1, kInt32Max)) return;
      treeProps_.groupId = static_cast<GroupId>(g);
    } else if (k == "type") {
      treeProps_.type = v;
    } else if (k == "isVisible" || k == "visible") {
      bool b = true;
      if (!boolean("thing", k.data(), v, b)) return;
      isVisible = b;
    } else if (k == "edgesAreVisible") {
      if (!boolean("thing", k.data(), v, treeProps_.edgesVisible)) return;
    } else {
      treeProps_.extraAttributes.push_back({a[0], v});
    }
  }
  if (!id) {
    fail("<thing> is missing the required attribute id");
    return;
  }
  if (name) {
    treeProps_.name = std::move(*name);
    if (knossosComment) treeProps_.extraAttributes.push_back({"comment", *knossosComment});
  } else if (knossosComment) {
    treeProps_.name = std::move(*knossosComment);
  }
  bool hasRgb = colorSeen[0] && colorSeen[1] && colorSeen[2];
  bool knossosDefault = color.r == -1 && color.g == -1 && color.b == -1;
  if (hasRgb && !colorEmpty && !knossosDefault) treeProps_.color = color;
  treeProps_.visible = isVisible.value_or(!(colorSeen[3] && color.a == 0));
  tree_ = static_cast<TreeId>(*id);
  if (Status s = sk_.addTree(tree_, {}); !s.ok()) {
    fail("duplicate tree (thing) id " + std::to_string(tree_));
    return;
  }
  if (treeProps_.groupId != kNoGroup)
    out_.pending.push_back({PendingCheck::Kind::TreeGroup, sk_.trees().size() - 1, here()});
}

void NmlHandler::readNode(const char** a) {
  Node n;
  n.treeId = tree_;
  bool hasId = false, hasX = false, hasY = false, hasZ = false;
  AttributeList extra;
  for (; *a; a += 2) {
    const char* k = a[0];
    const char* v = a[1];
    std::int64_t i = 0;
    double d = 0;
    if (nameIs(k, "id")) {
      if (!integer("node", k, v, i, 0, kInt32Max)) return;
      n.id = static_cast<NodeId>(i);
      hasId = true;
    } else if (nameIs(k, "x")) {
      if (!real("node", k, v, n.position.x, Skeleton::kMaxCoordinate)) return;
      hasX = true;
    } else if (nameIs(k, "y")) {
      if (!real("node", k, v, n.position.y, Skeleton::kMaxCoordinate)) return;
      hasY = true;
    } else if (nameIs(k, "z")) {
      if (!real("node", k, v, n.position.z, Skeleton::kMaxCoordinate)) return;
      hasZ = true;
    } else if (nameIs(k, "radius")) {
      if (!real("node", k, v, d, kFloatLimit)) return;
      n.radius = static_cast<float>(d);
    } else if (nameIs(k, "time")) {
      if (!integer("node", k, v, n.time, kInt64Min, kInt64Max)) return;
    } else if (nameIs(k, "inMag")) {
      if (!integer("node", k, v, i, std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max()))
        return;
      n.mag = static_cast<std::int16_t>(i);
    } else if (nameIs(k, "inVp")) {
      if (!integer("node", k, v, i, std::numeric_limits<std::int8_t>::min(), std::numeric_limits<std::int8_t>::max()))
        return;
      n.viewport = static_cast<std::int8_t>(i);
    } else if (nameIs(k, "bitDepth")) {
      if (!integer("node", k, v, i, 0, 255)) return;
      n.bitDepth = static_cast<std::uint8_t>(i);
    } else if (nameIs(k, "interpolation")) {
      if (!boolean("node", k, v, n.interpolation)) return;
    } else if (k[0] == 'r' && k[1] == 'o' && k[2] == 't' && k[3] >= 'X' && k[3] <= 'Z' && k[4] == '\0') {
      if (!real("node", k, v, d, 1e6)) return;
      n.rotation[static_cast<std::size_t>(k[3] - 'X')] = static_cast<float>(d);
    } else {
      extra.push_back({k, v});
    }
  }
  if (!hasId || !hasX || !hasY || !hasZ) {
    fail(std::string("<node> is missing the required attribute ") + (!hasId ? "id" : !hasX ? "x" : !hasY ? "y" : "z"));
    return;
  }
  if (Status s = sk_.addNode(n, std::move(extra)); !s.ok()) {
    fail(sk_.hasNode(n.id) ? "duplicate node id " + std::to_string(n.id) : s.error().message);
    return;
  }
  thingNodes_.push_back(n.id);
}

void NmlHandler::readEdge(const char** a) {
  std::optional<std::int64_t> source, target;
  AttributeList extra;
  for (; *a; a += 2) {
    const char* k = a[0];
    std::int64_t i = 0;
    bool isSource = nameIs(k, "source");
    if (isSource || nameIs(k, "target")) {
      if (!integer("edge", k, a[1], i, 0, kInt32Max)) return;
      (isSource ? source : target) = i;
    } else {
      extra.push_back({a[0], a[1]});
    }
  }
  if (!source || !target) {
    fail(std::string("<edge> is missing the required attribute ") + (!source ? "source" : "target"));
    return;
  }
  Edge e{static_cast<NodeId>(*source), static_cast<NodeId>(*target)};
  if (e.source == e.target) {
    fail("edge " + edgeText(e) + " joins a node to itself");
    return;
  }
  // Membership in this thing is checked at </thing>, against the thing's own node ids (cheaper
  // than millions of lookups in the global id map, and <edges> may precede <nodes>).
  edges_.push_back(e);
  if (!extra.empty()) edgeExtras_.emplace_back(e, std::move(extra));
}

void NmlHandler::endThing() {
  // Node ids are usually one contiguous run; otherwise binary search a sorted copy.
  std::sort(thingNodes_.begin(), thingNodes_.end());
  bool contiguous = thingNodes_.empty() ||
                    static_cast<std::size_t>(thingNodes_.back() - thingNodes_.front()) + 1 == thingNodes_.size();
  auto inThing = [&](NodeId id) {
    if (thingNodes_.empty()) return false;
    if (contiguous) return id >= thingNodes_.front() && id <= thingNodes_.back();
    return std::binary_search(thingNodes_.begin(), thingNodes_.end(), id);
  };
  for (const Edge& e : edges_) {
    for (NodeId id : {e.source, e.target}) {
      if (inThing(id)) continue;
      fail("edge " + edgeText(e) + " of thing " + std::to_string(tree_) +
           (sk_.hasNode(id) ? " joins nodes of another thing" : " refers to missing node " + std::to_string(id)));
      return;
    }
  }
  scratch_.clear();
  for (const Edge& e : edges_) scratch_.push_back(edgeKey(e));
  std::sort(scratch_.begin(), scratch_.end());
  auto dup = std::adjacent_find(scratch_.begin(), scratch_.end());
  if (dup != scratch_.end()) {
    Edge e{static_cast<NodeId>(*dup >> 32), static_cast<NodeId>(*dup & 0xffffffffu)};
    fail("thing " + std::to_string(tree_) + " has the edge " + edgeText(e) + " more than once");
    return;
  }
  std::vector<Edge> edges(edges_.begin(), edges_.end());  // exact size; edges_ keeps its buffer
  sk_.adoptTreeEdges(tree_, std::move(edges));
  for (auto& [edge, attrs] : edgeExtras_) sk_.setEdgeExtraAttributes(edge, std::move(attrs));
  (void)sk_.setTreeProperties(tree_, std::move(treeProps_));
  treeProps_ = TreeProperties{};
}

void NmlHandler::readMetadataEntry(const char** a) {
  MetadataEntry m;
  bool hasKey = false, hasValue = false;
  std::vector<std::pair<std::int64_t, std::string>> list;
  for (; *a; a += 2) {
    std::string_view k(a[0]);
    if (k == "key") {
      m.key = a[1];
      hasKey = true;
    } else if (k == "stringValue") {
      m.value = std::string(a[1]);
      hasValue = true;
    } else if (k == "numberValue") {
      double d = 0;
      if (!real("metadataEntry", k.data(), a[1], d, 1.7e308)) return;
      m.value = d;
      hasValue = true;
    } else if (k == "boolValue") {
      bool b = false;
      if (!boolean("metadataEntry", k.data(), a[1], b)) return;
      m.value = b;
      hasValue = true;
    } else if (k.substr(0, 16) == "stringListValue-") {
      std::int64_t index = 0;
      if (!integer("metadataEntry", k.data(), std::string(k.substr(16)).c_str(), index, 0, 1 << 20)) return;
      list.emplace_back(index, a[1]);
    } else {
      fail("<metadataEntry> has an unknown attribute " + std::string(k) +
           " (expected key and one of stringValue, numberValue, boolValue, stringListValue-N)");
      return;
    }
  }
  if (!list.empty()) {
    std::sort(list.begin(), list.end());
    std::vector<std::string> values;
    for (auto& [i, s] : list) values.push_back(std::move(s));
    m.value = std::move(values);
    hasValue = true;
  }
  if (!hasKey || !hasValue) {
    fail("<metadataEntry> needs a key and one value attribute (stringValue, numberValue, boolValue or stringListValue-N)");
    return;
  }
  treeProps_.metadata.push_back(std::move(m));
}

}  // namespace skein::skeleton::nml
