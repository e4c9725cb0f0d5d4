#include "core/skeleton/SkeletonStats.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace skein::skeleton {

SkeletonStats computeStats(const Skeleton& s) {
  SkeletonStats st;
  st.trees = s.trees().size();
  st.nodes = s.nodeCount();
  st.edges = s.edgeCount();
  st.branchPoints = s.branchPoints.size();
  st.comments = s.comments.size();
  st.groups = s.groups.size();
  st.userBoundingBoxes = s.userBoundingBoxes.size();
  st.volumes = s.volumes.size();
  for (const Node& n : s.nodes()) {
    if (!st.nodeBounds) {
      st.nodeBounds = Aabb{n.position, n.position};
      continue;
    }
    Aabb& b = *st.nodeBounds;
    b.min = {std::min(b.min.x, n.position.x), std::min(b.min.y, n.position.y), std::min(b.min.z, n.position.z)};
    b.max = {std::max(b.max.x, n.position.x), std::max(b.max.y, n.position.y), std::max(b.max.z, n.position.z)};
  }
  return st;
}

nlohmann::json statsToJson(const SkeletonStats& st) {
  nlohmann::json j;
  j["trees"] = st.trees;
  j["nodes"] = st.nodes;
  j["edges"] = st.edges;
  j["branchpoints"] = st.branchPoints;
  j["comments"] = st.comments;
  j["groups"] = st.groups;
  j["userBoundingBoxes"] = st.userBoundingBoxes;
  j["volumes"] = st.volumes;
  if (st.nodeBounds) {
    const Aabb& b = *st.nodeBounds;
    j["boundingBox"] = {{"min", {b.min.x, b.min.y, b.min.z}}, {"max", {b.max.x, b.max.y, b.max.z}}};
  } else {
    j["boundingBox"] = nullptr;
  }
  return j;
}

}  // namespace skein::skeleton
