#include "core/stream/SlicePlanner.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>

#include "core/dataset/Dataset.h"
#include "core/stream/BrickReader.h"

namespace skein {

namespace {

// Priority offsets (Neuroglancer uses the same scheme): a whole mag level outweighs any distance,
// and a whole prefetch layer outweighs any mag level.
constexpr double kMagStep = 1e9;
constexpr double kPrefetchLayerStep = 1e12;

struct V3 {
  double x = 0, y = 0, z = 0;
  double operator[](int i) const { return i == 0 ? x : (i == 1 ? y : z); }
  double& operator[](int i) { return i == 0 ? x : (i == 1 ? y : z); }
};
V3 v3(const Vec3d& v) { return {v.x, v.y, v.z}; }
V3 operator+(V3 a, V3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
V3 operator-(V3 a, V3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
V3 operator*(V3 a, double s) { return {a.x * s, a.y * s, a.z * s}; }
double dot(V3 a, V3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
V3 cross(V3 a, V3 b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }
double length(V3 a) { return std::sqrt(dot(a, a)); }

struct Plane {
  V3 origin, u, v;  // mag-1 voxels
  double width = 0, height = 0;
  V3 centre() const { return origin + u * (width / 2) + v * (height / 2); }
};

struct Hit {
  Vec3i grid;
  double distance;  // brick centre to the viewport centre, mag-1 voxels
};

// Bricks of one mag that the plane cuts. A brick covers [lo, hi) in each axis; the plane belongs to
// the brick holding the voxel it passes through (floor of the position).
void bricksOnPlane(const MagGeometry& g, const Plane& plane, V3 viewCentre, std::size_t cap, std::vector<Hit>& out) {
  const Vec3i grid = g.gridShape();
  if (grid.x <= 0 || grid.y <= 0 || grid.z <= 0) return;
  auto toMag = [&g](V3 p) {
    V3 m;
    for (int i = 0; i < 3; ++i) m[i] = (p[i] - static_cast<double>(g.offset[i])) / static_cast<double>(g.factor[i]);
    return m;
  };
  const V3 corners[4] = {toMag(plane.origin), toMag(plane.origin + plane.u * plane.width),
                         toMag(plane.origin + plane.v * plane.height),
                         toMag(plane.origin + plane.u * plane.width + plane.v * plane.height)};
  Vec3i lo, hi;
  for (int i = 0; i < 3; ++i) {
    double mn = corners[0][i], mx = corners[0][i];
    for (const V3& c : corners) mn = std::min(mn, c[i]), mx = std::max(mx, c[i]);
    const double bs = static_cast<double>(g.brickSize[i]);
    const double first = std::floor(mn / bs);
    const double last = mx > mn ? std::ceil(mx / bs) - 1 : std::floor(mx / bs);  // [mn, mx) when wide
    lo[i] = static_cast<std::int64_t>(std::clamp(first, 0.0, static_cast<double>(grid[i])));
    hi[i] = static_cast<std::int64_t>(std::clamp(last, -1.0, static_cast<double>(grid[i] - 1)));
    if (hi[i] < lo[i]) return;
  }
  const V3 uMag = toMag(plane.origin + plane.u) - corners[0];
  const V3 vMag = toMag(plane.origin + plane.v) - corners[0];
  const V3 normal = cross(uMag, vMag);
  const V3 brickMag1{static_cast<double>(g.brickSize.x * g.factor.x), static_cast<double>(g.brickSize.y * g.factor.y),
                     static_cast<double>(g.brickSize.z * g.factor.z)};
  const double margin = length(brickMag1) / 2;
  constexpr double kOpenEdge = 1e-6;  // the upper faces of a brick belong to the next one
  for (std::int64_t z = lo.z; z <= hi.z; ++z)
    for (std::int64_t y = lo.y; y <= hi.y; ++y)
      for (std::int64_t x = lo.x; x <= hi.x; ++x) {
        if (out.size() >= cap) return;
        const Vec3i gi{x, y, z};
        double minD = 0, maxD = 0;
        for (int i = 0; i < 3; ++i) {
          const double a = static_cast<double>(gi[i] * g.brickSize[i]) - corners[0][i];
          const double b = a + static_cast<double>(g.brickSize[i]) - kOpenEdge;
          minD += normal[i] * (normal[i] >= 0 ? a : b);
          maxD += normal[i] * (normal[i] >= 0 ? b : a);
        }
        if (minD > 0 || maxD < 0) continue;  // the plane passes beside this brick
        const Box3i box = g.brickBox(gi);
        const V3 centre{static_cast<double>(box.min.x) + static_cast<double>(box.size.x) / 2,
                        static_cast<double>(box.min.y) + static_cast<double>(box.size.y) / 2,
                        static_cast<double>(box.min.z) + static_cast<double>(box.size.z) / 2};
        const V3 rel = centre - plane.origin;
        const double s = dot(rel, plane.u), t = dot(rel, plane.v);
        if (s < -margin || s > plane.width + margin || t < -margin || t > plane.height + margin) continue;
        out.push_back({gi, length(centre - viewCentre)});
      }
}

// Distance along `dir` (unit) that crosses one brick of this mag.
double brickStep(const MagGeometry& g, V3 dir) {
  double step = 0;
  for (int i = 0; i < 3; ++i) {
    if (std::abs(dir[i]) < 1e-9) continue;
    const double s = static_cast<double>(g.brickSize[i] * g.factor[i]) / std::abs(dir[i]);
    step = step == 0 ? s : std::min(step, s);
  }
  return step;
}

bool outranks(const BrickRequest& a, const BrickRequest& b) {
  return a.tier != b.tier ? a.tier < b.tier : a.priority > b.priority;
}

using RequestMap = std::unordered_map<BrickKey, BrickRequest, BrickKeyHash>;

void addRequest(RequestMap& map, BrickRequest r) {
  auto [it, inserted] = map.try_emplace(r.key, r);
  if (!inserted && outranks(r, it->second)) it->second = std::move(r);
}

std::vector<BrickRequest> sortedRequests(RequestMap& map) {
  std::vector<BrickRequest> out;
  out.reserve(map.size());
  for (auto& [key, r] : map) out.push_back(std::move(r));
  std::sort(out.begin(), out.end(), [](const BrickRequest& a, const BrickRequest& b) {
    if (a.tier != b.tier || a.priority != b.priority) return outranks(a, b);
    if (a.key.layer != b.key.layer) return a.key.layer < b.key.layer;  // deterministic order
    if (a.key.mag != b.key.mag) return a.key.mag > b.key.mag;
    return std::tie(a.key.grid.z, a.key.grid.y, a.key.grid.x) < std::tie(b.key.grid.z, b.key.grid.y, b.key.grid.x);
  });
  return out;
}

}  // namespace

Vec3i MagGeometry::gridShape() const {
  Vec3i g;
  for (int i = 0; i < 3; ++i) g[i] = brickSize[i] > 0 && shape[i] > 0 ? ceilDiv(shape[i], brickSize[i]) : 0;
  return g;
}

Box3i MagGeometry::brickBox(Vec3i grid) const {
  const Vec3i size = brickSize * factor;
  return {offset + grid * size, size};
}

Result<std::vector<MagGeometry>> layerGeometry(const Layer& layer) {
  std::vector<MagGeometry> out;
  for (const Mag& mag : layer.mags) {
    const std::string where = "layer \"" + layer.name + "\" mag " + magToString(mag.factor);
    if (!mag.array) return makeError(ErrorCode::InvalidArgument, where + " has no open array");
    const ArrayMeta& meta = mag.array->meta();
    if (meta.chunkShape.size() != meta.shape.size())
      return makeError(ErrorCode::InvalidData, where + ": chunk shape and shape differ in rank");
    SKEIN_TRY(validateAxes(mag.axes, meta.shape.size(), where));
    if (mag.factor.x <= 0 || mag.factor.y <= 0 || mag.factor.z <= 0)
      return makeError(ErrorCode::InvalidData, where + ": mag factors must be positive");
    MagGeometry g;
    g.factor = mag.factor;
    g.offset = mag.offset;
    g.brickSize = brickExtent(meta, mag.axes);
    g.shape = {meta.shape[mag.axes.x], meta.shape[mag.axes.y], meta.shape[mag.axes.z]};
    out.push_back(g);
  }
  return out;
}

std::vector<BrickRequest> planSliceRequests(const std::string& layer, const std::vector<MagGeometry>& mags,
                                            const SliceView& view, const PlanOptions& options) {
  RequestMap requests;
  if (mags.empty() || view.width < 0 || view.height < 0) return {};
  const int finest = std::clamp(view.targetMag, 0, static_cast<int>(mags.size()) - 1);
  const int coarsest = options.coarserLevels < 0
                           ? static_cast<int>(mags.size()) - 1
                           : std::min(static_cast<int>(mags.size()) - 1, finest + options.coarserLevels);
  const Plane plane{v3(view.origin), v3(view.u), v3(view.v), view.width, view.height};
  const V3 centre = plane.centre();
  std::vector<Hit> hits;

  for (int m = finest; m <= coarsest; ++m) {
    const MagGeometry& g = mags[static_cast<std::size_t>(m)];
    hits.clear();
    bricksOnPlane(g, plane, centre, options.maxBricks, hits);
    for (const Hit& h : hits)
      addRequest(requests, {{layer, m, h.grid}, PriorityTier::Visible, m * kMagStep - h.distance});
  }

  // Prefetch: the same plane shifted brick layer by brick layer along the motion (or both ways
  // along the normal when still).
  std::vector<V3> directions;
  const V3 motion = v3(view.motion);
  int layers = std::max(0, options.prefetchLayers);
  if (length(motion) > 1e-9) {
    directions.push_back(motion * (1 / length(motion)));
  } else if (options.prefetchWhenStill) {
    const V3 n = cross(plane.u, plane.v);
    if (length(n) > 1e-9) {
      directions.push_back(n * (1 / length(n)));
      directions.push_back(n * (-1 / length(n)));
    }
    layers = std::min(layers, 1);
  }
  for (const V3& dir : directions) {
    for (int m = finest; m <= coarsest; ++m) {
      const MagGeometry& g = mags[static_cast<std::size_t>(m)];
      const double step = brickStep(g, dir);
      for (int k = 1; k <= layers && step > 0; ++k) {
        Plane shifted = plane;
        shifted.origin = plane.origin + dir * (step * k);
        hits.clear();
        bricksOnPlane(g, shifted, centre, options.maxBricks, hits);
        for (const Hit& h : hits)
          addRequest(requests,
                     {{layer, m, h.grid}, PriorityTier::Prefetch, -k * kPrefetchLayerStep + m * kMagStep - h.distance});
      }
    }
  }
  return sortedRequests(requests);
}

int chooseTargetMag(const std::vector<MagGeometry>& mags, const SliceView& view, double mag1VoxelsPerPixel) {
  int best = 0;
  for (std::size_t i = 0; i < mags.size(); ++i) {
    const Vec3i& f = mags[i].factor;
    auto along = [&f](const Vec3d& d) {
      return std::abs(d.x) * static_cast<double>(f.x) + std::abs(d.y) * static_cast<double>(f.y) +
             std::abs(d.z) * static_cast<double>(f.z);
    };
    const double voxel = std::max(along(view.u), along(view.v));
    if (voxel <= mag1VoxelsPerPixel * 1.1) best = static_cast<int>(i);
  }
  return best;
}

std::vector<BrickRequest> mergeRequests(std::vector<BrickRequest> requests) {
  RequestMap map;
  map.reserve(requests.size());
  for (BrickRequest& r : requests) addRequest(map, std::move(r));
  return sortedRequests(map);
}

}  // namespace skein
