#include "core/skeleton/SpatialIndex.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace skein::skeleton {

namespace {

template <typename T>
void swapRemove(std::vector<T>& v, const T& item) {
  auto it = std::find(v.begin(), v.end(), item);
  if (it == v.end()) return;
  *it = v.back();
  v.pop_back();
}

Vec3d midpoint(const Vec3d& a, const Vec3d& b) { return {(a.x + b.x) / 2, (a.y + b.y) / 2, (a.z + b.z) / 2}; }

}  // namespace

bool Aabb::intersectsSegment(const Vec3d& a, const Vec3d& b) const {
  // Slab test on the parametric segment a + t (b - a), t in [0, 1].
  double t0 = 0, t1 = 1;
  for (int axis = 0; axis < 3; ++axis) {
    double origin = a[axis], delta = b[axis] - a[axis];
    double lo = min[axis], hi = max[axis];
    if (delta == 0) {
      if (origin < lo || origin > hi) return false;
      continue;
    }
    double ta = (lo - origin) / delta, tb = (hi - origin) / delta;
    if (ta > tb) std::swap(ta, tb);
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
    if (t0 > t1) return false;
  }
  return true;
}

void SpatialIndex::clear() {
  cells_.clear();
  longEdges_.clear();
}

void SpatialIndex::shrinkToFit() {
  for (auto& [key, cell] : cells_) {
    cell.nodes.shrink_to_fit();
    cell.edges.shrink_to_fit();
  }
  longEdges_.shrink_to_fit();
}

std::size_t SpatialIndex::memoryBytes() const {
  // Approximate: map nodes and buckets plus the vectors' heap blocks.
  std::size_t bytes = cells_.bucket_count() * sizeof(void*) + longEdges_.capacity() * sizeof(Edge);
  for (const auto& [key, cell] : cells_)
    bytes += sizeof(CellKey) + sizeof(Cell) + 2 * sizeof(void*) + cell.nodes.capacity() * sizeof(NodeId) +
             cell.edges.capacity() * sizeof(Edge);
  return bytes;
}

std::int32_t SpatialIndex::cellCoord(double v) const {
  double c = std::floor(v / cellSize_);
  constexpr double lo = std::numeric_limits<std::int32_t>::min(), hi = std::numeric_limits<std::int32_t>::max();
  if (!(c >= lo)) return std::numeric_limits<std::int32_t>::min();  // also NaN
  if (c > hi) return std::numeric_limits<std::int32_t>::max();
  return static_cast<std::int32_t>(c);
}

SpatialIndex::CellKey SpatialIndex::cellOf(const Vec3d& p) const {
  return {cellCoord(p.x), cellCoord(p.y), cellCoord(p.z)};
}

bool SpatialIndex::isLong(const Vec3d& a, const Vec3d& b) const {
  double reach = kEdgeReachCells * cellSize_;
  return std::abs(a.x - b.x) / 2 > reach || std::abs(a.y - b.y) / 2 > reach || std::abs(a.z - b.z) / 2 > reach;
}

void SpatialIndex::eraseIfEmpty(const CellKey& key) {
  auto it = cells_.find(key);
  if (it != cells_.end() && it->second.nodes.empty() && it->second.edges.empty()) cells_.erase(it);
}

void SpatialIndex::insertNode(NodeId id, const Vec3d& p) { cells_[cellOf(p)].nodes.push_back(id); }

void SpatialIndex::removeNode(NodeId id, const Vec3d& p) {
  CellKey key = cellOf(p);
  auto it = cells_.find(key);
  if (it == cells_.end()) return;
  swapRemove(it->second.nodes, id);
  eraseIfEmpty(key);
}

void SpatialIndex::insertEdge(const Edge& e, const Vec3d& a, const Vec3d& b) {
  if (isLong(a, b))
    longEdges_.push_back(e);
  else
    cells_[cellOf(midpoint(a, b))].edges.push_back(e);
}

void SpatialIndex::removeEdge(const Edge& e, const Vec3d& a, const Vec3d& b) {
  if (isLong(a, b)) {
    swapRemove(longEdges_, e);
    return;
  }
  CellKey key = cellOf(midpoint(a, b));
  auto it = cells_.find(key);
  if (it == cells_.end()) return;
  swapRemove(it->second.edges, e);
  eraseIfEmpty(key);
}

template <typename Visit>
void SpatialIndex::forEachCell(const CellKey& lo, const CellKey& hi, Visit&& visit) const {
  double span = (double(hi.x) - lo.x + 1) * (double(hi.y) - lo.y + 1) * (double(hi.z) - lo.z + 1);
  if (span > static_cast<double>(cells_.size())) {
    // A box larger than the occupied grid: walk the occupied cells instead of the box.
    for (const auto& [key, cell] : cells_)
      if (key.x >= lo.x && key.x <= hi.x && key.y >= lo.y && key.y <= hi.y && key.z >= lo.z && key.z <= hi.z)
        visit(cell);
    return;
  }
  for (std::int64_t z = lo.z; z <= hi.z; ++z)
    for (std::int64_t y = lo.y; y <= hi.y; ++y)
      for (std::int64_t x = lo.x; x <= hi.x; ++x) {
        auto it = cells_.find(CellKey{std::int32_t(x), std::int32_t(y), std::int32_t(z)});
        if (it != cells_.end()) visit(it->second);
      }
}

void SpatialIndex::candidateNodes(const Aabb& box, std::vector<NodeId>& out) const {
  forEachCell(cellOf(box.min), cellOf(box.max),
              [&](const Cell& cell) { out.insert(out.end(), cell.nodes.begin(), cell.nodes.end()); });
}

void SpatialIndex::candidateEdges(const Aabb& box, std::vector<Edge>& out) const {
  double reach = kEdgeReachCells * cellSize_;
  Vec3d lo{box.min.x - reach, box.min.y - reach, box.min.z - reach};
  Vec3d hi{box.max.x + reach, box.max.y + reach, box.max.z + reach};
  forEachCell(cellOf(lo), cellOf(hi),
              [&](const Cell& cell) { out.insert(out.end(), cell.edges.begin(), cell.edges.end()); });
  out.insert(out.end(), longEdges_.begin(), longEdges_.end());
}

}  // namespace skein::skeleton
