// Which bricks a viewport plane needs and in what order (core/stream/SlicePlanner).

#include <QtTest>

#include <algorithm>
#include <set>

#include "FakeArray.h"
#include "core/dataset/Dataset.h"
#include "core/stream/SlicePlanner.h"

using namespace skein;
using namespace skein::test;

namespace {

MagGeometry mag(std::int64_t f, std::int64_t shape, std::int64_t brick = 32) {
  MagGeometry g;
  g.factor = {f, f, f};
  g.brickSize = {brick, brick, brick};
  g.shape = {shape / f, shape / f, shape / f};
  return g;
}

// XY viewport of 128 × 128 mag-1 voxels at depth z, left top corner at (x0, y0).
SliceView xyView(double z, double x0 = 0, double y0 = 0) {
  SliceView v;
  v.origin = {x0, y0, z};
  v.width = 128;
  v.height = 128;
  v.motion = {0, 0, 0};
  return v;
}

std::vector<BrickRequest> tier(const std::vector<BrickRequest>& all, PriorityTier t, int magIndex = -1) {
  std::vector<BrickRequest> out;
  for (const auto& r : all)
    if (r.tier == t && (magIndex < 0 || r.key.mag == magIndex)) out.push_back(r);
  return out;
}

std::set<std::int64_t> zs(const std::vector<BrickRequest>& rs) {
  std::set<std::int64_t> out;
  for (const auto& r : rs) out.insert(r.key.grid.z);
  return out;
}

}  // namespace

class TestPlanner : public QObject {
  Q_OBJECT
 private slots:
  void visibleBricksOfAnXyPlane() {
    const std::vector<MagGeometry> mags{mag(1, 256)};
    PlanOptions noPrefetch;
    noPrefetch.prefetchWhenStill = false;
    const auto rs = planSliceRequests("img", mags, xyView(40.5), noPrefetch);
    QCOMPARE(rs.size(), std::size_t{16});  // 4 × 4 bricks of 32³ in the z layer 1
    for (const auto& r : rs) {
      QCOMPARE(r.tier, PriorityTier::Visible);
      QCOMPARE(r.key.layer, std::string("img"));
      QCOMPARE(r.key.grid.z, std::int64_t{1});
      QVERIFY(r.key.grid.x < 4 && r.key.grid.y < 4);
    }
    // Nearest the viewport centre (64, 64) first.
    const Vec3i first = rs.front().key.grid;
    QVERIFY(first.x >= 1 && first.x <= 2 && first.y >= 1 && first.y <= 2);
  }

  void brickBoundariesAreHalfOpen() {
    const std::vector<MagGeometry> mags{mag(1, 256)};
    PlanOptions o;
    o.prefetchWhenStill = false;
    QCOMPARE(zs(planSliceRequests("img", mags, xyView(32.0), o)), std::set<std::int64_t>{1});
    QCOMPARE(zs(planSliceRequests("img", mags, xyView(31.99), o)), std::set<std::int64_t>{0});
    // A 64-wide viewport starting at 0 covers bricks 0 and 1 only.
    SliceView v = xyView(5);
    v.width = 64;
    v.height = 1;
    auto rs = planSliceRequests("img", mags, v, o);
    std::set<std::int64_t> xs;
    for (const auto& r : rs) xs.insert(r.key.grid.x);
    QCOMPARE(xs, (std::set<std::int64_t>{0, 1}));
  }

  void clippedToTheArray() {
    const std::vector<MagGeometry> mags{mag(1, 256)};
    PlanOptions o;
    o.prefetchWhenStill = false;
    // Half the viewport lies left of and above the data.
    auto rs = planSliceRequests("img", mags, xyView(10, -64, -64), o);
    QCOMPARE(rs.size(), std::size_t{4});
    for (const auto& r : rs) QVERIFY(r.key.grid.x >= 0 && r.key.grid.y >= 0);
    // Entirely outside: nothing.
    QVERIFY(planSliceRequests("img", mags, xyView(300), o).empty());
    QVERIFY(planSliceRequests("img", {}, xyView(3), o).empty());
  }

  void coarserMagsOutrankFinerOnes() {
    const std::vector<MagGeometry> mags{mag(1, 1024), mag(2, 1024), mag(4, 1024)};
    const auto rs = planSliceRequests("img", mags, xyView(100.5, 300, 300));
    const auto v0 = tier(rs, PriorityTier::Visible, 0), v1 = tier(rs, PriorityTier::Visible, 1),
               v2 = tier(rs, PriorityTier::Visible, 2);
    QVERIFY(!v0.empty() && !v1.empty() && !v2.empty());
    QVERIFY(v2.size() <= v1.size() && v1.size() <= v0.size());
    auto minPrio = [](const std::vector<BrickRequest>& r) {
      double m = 1e300;
      for (const auto& x : r) m = std::min(m, x.priority);
      return m;
    };
    auto maxPrio = [](const std::vector<BrickRequest>& r) {
      double m = -1e300;
      for (const auto& x : r) m = std::max(m, x.priority);
      return m;
    };
    QVERIFY(minPrio(v2) > maxPrio(v1));
    QVERIFY(minPrio(v1) > maxPrio(v0));
    // The list is sorted: every visible coarse brick, then finer ones, then prefetch.
    QCOMPARE(rs.front().key.mag, 2);
    std::size_t firstPrefetch = rs.size();
    for (std::size_t i = 0; i < rs.size(); ++i)
      if (rs[i].tier == PriorityTier::Prefetch) {
        firstPrefetch = i;
        break;
      }
    QCOMPARE(firstPrefetch, v0.size() + v1.size() + v2.size());
    for (std::size_t i = 1; i < firstPrefetch; ++i) QVERIFY(rs[i - 1].key.mag >= rs[i].key.mag);
    // Target mag 1 leaves out mag 0; coarserLevels limits the fallback.
    SliceView v = xyView(100.5, 300, 300);
    v.targetMag = 1;
    PlanOptions o;
    o.coarserLevels = 0;
    for (const auto& r : planSliceRequests("img", mags, v, o)) QCOMPARE(r.key.mag, 1);
  }

  void prefetchFollowsTheMotion() {
    const std::vector<MagGeometry> mags{mag(1, 256)};
    SliceView v = xyView(40.5);
    v.motion = {0, 0, 1};  // moving +z
    auto rs = planSliceRequests("img", mags, v);
    QCOMPARE(zs(tier(rs, PriorityTier::Visible)), std::set<std::int64_t>{1});
    const auto ahead = tier(rs, PriorityTier::Prefetch);
    QCOMPARE(zs(ahead), (std::set<std::int64_t>{2, 3}));
    QCOMPARE(ahead.size(), std::size_t{32});
    // The next slab comes before the one after it.
    QCOMPARE(ahead.front().key.grid.z, std::int64_t{2});
    QVERIFY(ahead.back().key.grid.z == 3);

    v.motion = {0, 0, -3};  // moving -z: only what lies behind (z layer 0; -1 is outside)
    QCOMPARE(zs(tier(planSliceRequests("img", mags, v), PriorityTier::Prefetch)), std::set<std::int64_t>{0});

    v.motion = {};  // still: one layer on each side
    QCOMPARE(zs(tier(planSliceRequests("img", mags, v), PriorityTier::Prefetch)), (std::set<std::int64_t>{0, 2}));
    PlanOptions off;
    off.prefetchWhenStill = false;
    QVERIFY(tier(planSliceRequests("img", mags, v, off), PriorityTier::Prefetch).empty());
  }

  void panningPrefetchesTheNextColumns() {
    const std::vector<MagGeometry> mags{mag(1, 512)};
    SliceView v = xyView(40.5);
    v.motion = {5, 0, 0};
    const auto prefetch = tier(planSliceRequests("img", mags, v), PriorityTier::Prefetch);
    std::set<std::int64_t> xs;
    for (const auto& r : prefetch) {
      xs.insert(r.key.grid.x);
      QCOMPARE(r.key.grid.z, std::int64_t{1});
    }
    QCOMPARE(xs, (std::set<std::int64_t>{4, 5}));
  }

  void obliquePlane() {
    const std::vector<MagGeometry> mags{mag(1, 256)};
    SliceView v;
    v.origin = {0, 0, 0};
    v.u = {1, 0, 0};
    v.v = {0, std::sqrt(0.5), std::sqrt(0.5)};  // rises in y and z at 45°
    v.width = 64;
    v.height = 128;
    PlanOptions o;
    o.prefetchWhenStill = false;
    const auto rs = planSliceRequests("img", mags, v, o);
    QVERIFY(!rs.empty());
    for (const auto& r : rs) {
      // The plane is y == z: each brick it cuts has overlapping y and z ranges.
      QVERIFY2(std::abs(r.key.grid.y - r.key.grid.z) <= 1, qPrintable(QString::fromStdString(r.key.toString())));
      QVERIFY(r.key.grid.x <= 1);
    }
    // The diagonal bricks are all there.
    for (std::int64_t i = 0; i < 2; ++i) {
      const bool found = std::any_of(rs.begin(), rs.end(), [i](const BrickRequest& r) {
        return r.key.grid == Vec3i{0, i, i};
      });
      QVERIFY(found);
    }
  }

  void offsetsAndAnisotropicMags() {
    MagGeometry g;
    g.factor = {2, 2, 1};
    g.offset = {100, 0, 0};
    g.brickSize = {32, 32, 32};
    g.shape = {64, 64, 64};
    QCOMPARE(g.gridShape(), (Vec3i{2, 2, 2}));
    QCOMPARE(g.brickBox({1, 0, 1}), (Box3i{{164, 0, 32}, {64, 64, 32}}));
    PlanOptions o;
    o.prefetchWhenStill = false;
    SliceView v = xyView(33);
    v.origin.x = 150;  // mag-1 x 150..278 → array x 25..89 → bricks 0 and 1
    auto rs = planSliceRequests("img", {g}, v, o);
    std::set<std::int64_t> xs;
    for (const auto& r : rs) {
      xs.insert(r.key.grid.x);
      QCOMPARE(r.key.grid.z, std::int64_t{1});
    }
    QCOMPARE(xs, (std::set<std::int64_t>{0, 1}));
  }

  void chooseMagForZoom() {
    const std::vector<MagGeometry> mags{mag(1, 1024), mag(2, 1024), mag(4, 1024)};
    const SliceView v = xyView(0);
    QCOMPARE(chooseTargetMag(mags, v, 0.5), 0);
    QCOMPARE(chooseTargetMag(mags, v, 1.0), 0);
    QCOMPARE(chooseTargetMag(mags, v, 2.0), 1);
    QCOMPARE(chooseTargetMag(mags, v, 3.9), 2);
    QCOMPARE(chooseTargetMag(mags, v, 100), 2);
  }

  void mergeKeepsTheMostImportant() {
    const BrickKey k{"img", 0, {1, 2, 3}};
    auto merged = mergeRequests({{k, PriorityTier::Prefetch, 50},
                                 {k, PriorityTier::Visible, -10},
                                 {{"img", 0, {0, 0, 0}}, PriorityTier::Visible, 5},
                                 {k, PriorityTier::Visible, -20}});
    QCOMPARE(merged.size(), std::size_t{2});
    QCOMPARE(merged[0].priority, 5.0);
    QCOMPARE(merged[1].key, k);
    QCOMPARE(merged[1].tier, PriorityTier::Visible);
    QCOMPARE(merged[1].priority, -10.0);
  }

  void geometryFromALayer() {
    Layer layer;
    layer.name = "color";
    Mag m1;
    m1.factor = {1, 1, 1};
    m1.axes = {1, 2, 3, 0};  // [c, x, y, z]
    m1.array = std::make_shared<FakeArray>(makeMeta({1, 100, 80, 60}, {1, 32, 32, 16}, DataType::UInt8));
    Mag m2 = m1;
    m2.factor = {2, 2, 1};
    m2.array = std::make_shared<FakeArray>(makeMeta({1, 50, 40, 60}, {1, 32, 32, 16}, DataType::UInt8));
    layer.mags = {m1, m2};
    auto geo = layerGeometry(layer);
    QVERIFY(geo.ok());
    QCOMPARE(geo->size(), std::size_t{2});
    QCOMPARE((*geo)[0].brickSize, (Vec3i{32, 32, 16}));
    QCOMPARE((*geo)[0].shape, (Vec3i{100, 80, 60}));
    QCOMPARE((*geo)[1].gridShape(), (Vec3i{2, 2, 4}));
    layer.mags[1].array = nullptr;
    QVERIFY(!layerGeometry(layer).ok());
    layer.mags[1] = m2;
    layer.mags[1].axes = {1, 1, 3, 0};
    QVERIFY(!layerGeometry(layer).ok());
  }
};

QTEST_GUILESS_MAIN(TestPlanner)
#include "tst_stream_planner.moc"
