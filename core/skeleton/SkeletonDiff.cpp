// describeDifference: compares two skeletons canonically (used by round-trip and undo tests).

#include <string>

#include "core/skeleton/Skeleton.h"

namespace skein::skeleton {

namespace {

std::string nodeText(const Node& n) {
  return "node " + std::to_string(n.id) + " (tree " + std::to_string(n.treeId) + ", pos " + std::to_string(n.position.x) +
         "," + std::to_string(n.position.y) + "," + std::to_string(n.position.z) + ", radius " + std::to_string(n.radius) +
         ", time " + std::to_string(n.time) + ", mag " + std::to_string(n.mag) + ", vp " + std::to_string(n.viewport) +
         ", bitDepth " + std::to_string(n.bitDepth) + ", interp " + std::to_string(n.interpolation) + ")";
}

template <typename T>
std::string compareTables(const char* what, const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size())
    return std::string(what) + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " entries";
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i])) return std::string(what) + ": entry " + std::to_string(i) + " differs";
  return {};
}

}  // namespace

std::string describeDifference(const Skeleton& a, const Skeleton& b) {
  if (!(a.parameters == b.parameters)) return "parameters differ";
  if (auto d = compareTables("meta", a.meta, b.meta); !d.empty()) return d;
  if (auto d = compareTables("user bounding boxes", a.userBoundingBoxes, b.userBoundingBoxes); !d.empty()) return d;
  if (auto d = compareTables("volumes", a.volumes, b.volumes); !d.empty()) return d;
  if (auto d = compareTables("extra elements", a.extraElements, b.extraElements); !d.empty()) return d;
  if (auto d = compareTables("groups", a.groups, b.groups); !d.empty()) return d;
  if (auto d = compareTables("comments", a.comments, b.comments); !d.empty()) return d;
  if (auto d = compareTables("branch points", a.branchPoints, b.branchPoints); !d.empty()) return d;
  if (a.activeNode != b.activeNode) return "active node differs";
  if (a.activeTree != b.activeTree) return "active tree differs";
  if (a.trees().size() != b.trees().size())
    return "tree count: " + std::to_string(a.trees().size()) + " vs " + std::to_string(b.trees().size());
  for (std::size_t i = 0; i < a.trees().size(); ++i) {
    const Tree& ta = a.trees()[i];
    const Tree& tb = b.trees()[i];
    if (ta.id != tb.id) return "tree at position " + std::to_string(i) + ": id " + std::to_string(ta.id) + " vs " + std::to_string(tb.id);
    if (!(ta.props == tb.props)) return "tree " + std::to_string(ta.id) + ": properties differ";
    if (ta.nodeCount != tb.nodeCount) return "tree " + std::to_string(ta.id) + ": node count differs";
    if (ta.edges != tb.edges) return "tree " + std::to_string(ta.id) + ": edges differ";
  }
  if (a.nodeCount() != b.nodeCount())
    return "node count: " + std::to_string(a.nodeCount()) + " vs " + std::to_string(b.nodeCount());
  for (const Node& n : a.nodes()) {
    const Node* m = b.node(n.id);
    if (!m) return "node " + std::to_string(n.id) + " is missing on the right";
    if (!(n == *m)) return nodeText(n) + " vs " + nodeText(*m);
  }
  if (a.allNodeExtraAttributes() != b.allNodeExtraAttributes()) return "node extra attributes differ";
  const auto& ea = a.allEdgeExtraAttributes();
  const auto& eb = b.allEdgeExtraAttributes();
  if (ea.size() != eb.size()) return "edge extra attributes differ";
  for (const auto& [edge, attrs] : ea) {
    const AttributeList* other = b.edgeExtraAttributes(edge);
    if (!other || *other != attrs) return "edge extra attributes differ";
  }
  return {};
}

}  // namespace skein::skeleton
