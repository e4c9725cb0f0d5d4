// SliceImageCache's decisions (no GL needed for them): when a slice image is shown as a shifted
// copy, drawn again with a margin, or drawn directly. The pixels of the copies are checked in a
// real window by tst_slice_pixels (slidingViewKeepsThePixelContract).
#include <QtTest>

#include "render/SliceImageCache.h"

using namespace skein;
using namespace skein::render;
using Plan = SliceImageCache::Plan;

namespace {

constexpr int kMargin = SliceImageCache::kMarginPx;

OrthoView viewAt(double x, double y, double z, double zoom = 1.0, int width = 96, int height = 64) {
  OrthoView v;
  v.plane = Plane::XY;  // u = x, v = y, depth z
  v.position = {x, y, z};
  v.zoom = zoom;
  v.width = width;
  v.height = height;
  return v;
}

OrthoView widened(OrthoView v) {
  v.width += 2 * kMargin;
  v.height += 2 * kMargin;
  return v;
}

SliceContent content(std::uint64_t cacheVersion = 1) {
  SliceContent c;
  SliceContent::Layer layer;
  layer.cacheVersion = cacheVersion;
  c.layers.push_back(layer);
  return c;
}

// A draw that needed 6 target bricks on screen.
SliceDrawStats drawStats(int present = 6, int marginMissing = 0) {
  SliceDrawStats s;
  s.targetBricksNeeded = 6;
  s.targetBricksPresent = present;
  s.marginBricksMissing = marginMissing;
  return s;
}

// The image of a margin render around (100, 100, 50) with `stats`, as the cache keeps it.
void drawnWithMarginAt100(SliceImageCache& cache, const SliceDrawStats& stats, double zoom = 1.0) {
  cache.endMarginRender(widened(viewAt(100, 100, 50, zoom)), content(), stats);
}

}  // namespace

class TestSliceImageCache : public QObject {
  Q_OBJECT
 private slots:
  void firstDrawIsDirect() {
    SliceImageCache cache;
    QCOMPARE(cache.plan(viewAt(100, 100, 50), content()), Plan::RenderDirect);
  }

  void slideAfterDirectDrawIsDrawnWithMargin() {
    SliceImageCache cache;
    cache.noteDirectRender(viewAt(100, 100, 50), content());
    QCOMPARE(cache.plan(viewAt(101, 100, 50), content()), Plan::RenderWithMargin);
    QCOMPARE(cache.plan(viewAt(100, 100, 50), content()), Plan::RenderWithMargin);  // nothing kept yet
  }

  void keptImageIsReusedWithinTheMargin() {
    SliceImageCache cache;
    drawnWithMarginAt100(cache, drawStats());
    QCOMPARE(cache.plan(viewAt(100, 100, 50), content()), Plan::Reuse);
    QCOMPARE(cache.plan(viewAt(100 + kMargin, 100, 50), content()), Plan::Reuse);
    QCOMPARE(cache.plan(viewAt(100, 100 - kMargin, 50), content()), Plan::Reuse);
    QCOMPARE(cache.plan(viewAt(100 - 3, 100 + 7, 50), content()), Plan::Reuse);
    QCOMPARE(cache.plan(viewAt(100 + kMargin + 1, 100, 50), content()), Plan::RenderWithMargin);
    QCOMPARE(cache.plan(viewAt(100, 100 + kMargin + 1, 50), content()), Plan::RenderWithMargin);
  }

  void anyOtherChangeIsDrawnDirectly() {
    SliceImageCache cache;
    drawnWithMarginAt100(cache, drawStats());
    QCOMPARE(cache.plan(viewAt(101, 100, 51), content()), Plan::RenderDirect);   // depth
    QCOMPARE(cache.plan(viewAt(101, 100, 50, 2.0), content()), Plan::RenderDirect);  // zoom
    QCOMPARE(cache.plan(viewAt(101, 100, 50, 1.0, 98), content()), Plan::RenderDirect);  // size
    QCOMPARE(cache.plan(viewAt(100.5, 100, 50), content()), Plan::RenderDirect);  // half a pixel
    QCOMPARE(cache.plan(viewAt(101, 100, 50), content(2)), Plan::RenderDirect);   // a brick came or went
    SliceContent tinted = content();
    tinted.layers[0].color.max = 200;
    QCOMPARE(cache.plan(viewAt(101, 100, 50), tinted), Plan::RenderDirect);
    SliceContent hovered = content();
    hovered.layers[0].segments.hoveredId = 7;
    QCOMPARE(cache.plan(viewAt(101, 100, 50), hovered), Plan::RenderDirect);
    OrthoView otherPlane = viewAt(101, 100, 50);
    otherPlane.plane = Plane::YZ;
    QCOMPARE(cache.plan(otherPlane, content()), Plan::RenderDirect);
  }

  // At zoom 2 a pixel is two voxels: only even slides keep every pixel's voxel.
  void zoomedOutSlidesByWholePixelsOnly() {
    SliceImageCache cache;
    drawnWithMarginAt100(cache, drawStats(), 2.0);
    QCOMPARE(cache.plan(viewAt(102, 100, 50, 2.0), content()), Plan::Reuse);
    QCOMPARE(cache.plan(viewAt(101, 100, 50, 2.0), content()), Plan::RenderDirect);
    QCOMPARE(cache.plan(viewAt(100 + 2 * kMargin, 100, 50, 2.0), content()), Plan::Reuse);
  }

  void incompleteImagesAreNotKept() {
    SliceImageCache cache;
    drawnWithMarginAt100(cache, drawStats(5));
    QCOMPARE(cache.plan(viewAt(101, 100, 50), content()), Plan::RenderWithMargin);
  }

  // The shown part complete but the margin not: drawing the wider view every frame would gain
  // nothing, so slides are drawn directly until the content changes.
  void incompleteMarginFallsBackToDirectUntilABrickArrives() {
    SliceImageCache cache;
    drawnWithMarginAt100(cache, drawStats(6, 2));
    QCOMPARE(cache.plan(viewAt(101, 100, 50), content()), Plan::RenderDirect);
    cache.noteDirectRender(viewAt(101, 100, 50), content());
    QCOMPARE(cache.plan(viewAt(102, 100, 50), content()), Plan::RenderDirect);
    cache.noteDirectRender(viewAt(102, 100, 50), content(2));  // a brick arrived
    QCOMPARE(cache.plan(viewAt(103, 100, 50), content(2)), Plan::RenderWithMargin);
  }
};

QTEST_GUILESS_MAIN(TestSliceImageCache)
#include "tst_slice_image_cache.moc"
