#pragma once
// Summary numbers of a skeleton (`skeinctl nml stats`).

#include <optional>

#include <nlohmann/json_fwd.hpp>

#include "core/skeleton/Skeleton.h"

namespace skein::skeleton {

struct SkeletonStats {
  std::size_t trees = 0;
  std::size_t nodes = 0;
  std::size_t edges = 0;
  std::size_t branchPoints = 0;
  std::size_t comments = 0;
  std::size_t groups = 0;
  std::size_t userBoundingBoxes = 0;
  std::size_t volumes = 0;
  std::optional<Aabb> nodeBounds;  // smallest box holding every node; empty without nodes
};

SkeletonStats computeStats(const Skeleton& skeleton);

// {"trees":..,"nodes":..,"edges":..,"branchpoints":..,"comments":..,"groups":..,
//  "userBoundingBoxes":..,"volumes":..,"boundingBox":{"min":[x,y,z],"max":[x,y,z]} or null}
nlohmann::json statsToJson(const SkeletonStats& stats);

}  // namespace skein::skeleton
