#pragma once
// A uniform-grid spatial index over skeleton nodes (points) and edges (segments), updated
// incrementally on every edit. It answers "which nodes/edges may lie in this box" with a small
// superset; Skeleton filters the candidates against exact positions.
//
// Nodes are filed under the cell that contains them. An edge is filed under the cell of its
// midpoint when it is shorter than kEdgeReachCells cells per axis, else in a short list of long
// edges that every query scans; so an edge query only needs to look kEdgeReachCells cells beyond
// the box.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/skeleton/SkeletonTypes.h"

namespace skein::skeleton {

// Closed axis-aligned box in (fractional) voxel coordinates.
struct Aabb {
  Vec3d min;
  Vec3d max;
  bool contains(const Vec3d& p) const {
    return p.x >= min.x && p.y >= min.y && p.z >= min.z && p.x <= max.x && p.y <= max.y && p.z <= max.z;
  }
  bool intersectsSegment(const Vec3d& a, const Vec3d& b) const;
};

class SpatialIndex {
 public:
  static constexpr int kEdgeReachCells = 2;

  explicit SpatialIndex(double cellSize = 256.0) : cellSize_(cellSize) {}

  double cellSize() const { return cellSize_; }
  void clear();
  void shrinkToFit();
  std::size_t memoryBytes() const;

  void insertNode(NodeId id, const Vec3d& p);
  void removeNode(NodeId id, const Vec3d& p);
  void insertEdge(const Edge& e, const Vec3d& a, const Vec3d& b);
  void removeEdge(const Edge& e, const Vec3d& a, const Vec3d& b);

  // Appends nodes/edges that may intersect `box` (a superset of the exact answer).
  void candidateNodes(const Aabb& box, std::vector<NodeId>& out) const;
  void candidateEdges(const Aabb& box, std::vector<Edge>& out) const;

 private:
  struct CellKey {
    std::int32_t x, y, z;
    friend bool operator==(const CellKey&, const CellKey&) = default;
  };
  struct CellKeyHash {
    std::size_t operator()(const CellKey& k) const {
      std::uint64_t h = static_cast<std::uint32_t>(k.x) * 0x9E3779B97F4A7C15ull;
      h ^= static_cast<std::uint32_t>(k.y) * 0xC2B2AE3D27D4EB4Full + (h << 6) + (h >> 2);
      h ^= static_cast<std::uint32_t>(k.z) * 0x165667B19E3779F9ull + (h << 6) + (h >> 2);
      return static_cast<std::size_t>(h);
    }
  };
  struct Cell {
    std::vector<NodeId> nodes;
    std::vector<Edge> edges;
  };

  std::int32_t cellCoord(double v) const;
  CellKey cellOf(const Vec3d& p) const;
  bool isLong(const Vec3d& a, const Vec3d& b) const;
  template <typename Visit>
  void forEachCell(const CellKey& lo, const CellKey& hi, Visit&& visit) const;
  void eraseIfEmpty(const CellKey& key);

  double cellSize_;
  std::unordered_map<CellKey, Cell, CellKeyHash> cells_;
  std::vector<Edge> longEdges_;
};

}  // namespace skein::skeleton
