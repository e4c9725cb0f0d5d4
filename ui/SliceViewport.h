#pragma once
// One orthogonal viewport (XY, YZ or XZ): draws the session's layers with the SliceRenderer and
// turns mouse input into navigation (drag pans, wheel zooms around the cursor, a click moves the
// position — and so the other planes — to the clicked voxel).

#include <QElapsedTimer>
#include <QOpenGLFunctions_3_3_Core>

#include <functional>
#include <optional>
#include <vector>

#include "render/SliceImageCache.h"
#include "render/SliceRenderer.h"
#include "render/ViewGeometry.h"
#include "ui/GlSurfaceWidget.h"

namespace skein::ui {

class GlRenderContext;
class ViewerSession;

struct ViewportFrameInfo {
  double frameMs = 0;        // CPU time of the last paintGL
  bool complete = false;     // every target-mag brick cutting the view is on the GPU (or known absent)
  int bricksDrawn = 0;
  std::int64_t frames = 0;
  std::int64_t reusedFrames = 0;  // frames that showed the kept image shifted (SliceImageCache)
};

class SliceViewport : public GlSurfaceWidget, protected QOpenGLFunctions_3_3_Core {
  Q_OBJECT
 public:
  // `context`: the GL context shared with the window's other viewports (see GlSurfaceWidget).
  SliceViewport(render::Plane plane, ViewerSession* session, QWidget* parent = nullptr,
                std::shared_ptr<GlRenderContext> context = {});
  ~SliceViewport() override;

  render::Plane plane() const { return plane_; }
  const ViewportFrameInfo& frameInfo() const { return info_; }
  bool glReady() const { return glReady_; }
  QString glError() const { return glError_; }
  void setOverlaysVisible(bool visible);
  // Extra overlay painters (e.g. the skeleton), called in order after the built-in overlays with a
  // raster painter over the frame, in logical widget coordinates, and the view of the frame shown.
  // Drawn only when overlays are on; when only what they draw changes, update() shows it.
  using OverlayPainter = std::function<void(QPainter&, const render::OrthoView&)>;
  void addOverlayPainter(OverlayPainter painter);
  // Tells the session this viewport's size in device pixels, so that chunk requests can start
  // before the first paint (resizeGL does it too).
  void announceSize();
  // The world voxel under a widget position (logical pixels).
  Vec3i voxelAt(const QPointF& widgetPos) const;

 signals:
  void frameDrawn();
  void hovered(const skein::Vec3i& voxel);

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  void paintOverlay(QPainter& painter) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  render::SliceDrawStats drawSlice(const render::OrthoView& view, std::int64_t frame, bool& more);
  void drawOverlays(QPainter& p, const render::OrthoView& view);
  void cleanupGl();

  render::Plane plane_;
  ViewerSession* session_;
  render::SliceRenderer renderer_;
  render::SliceImageCache image_;  // the last image, kept while the view only slides in its plane
  bool glReady_ = false;
  QMetaObject::Connection contextConnection_;
  QString glError_;
  bool overlays_ = true;
  std::optional<render::OrthoView> frameView_;  // the view of the frame shown (overlays follow it)
  std::vector<OverlayPainter> overlayPainters_;
  ViewportFrameInfo info_;
  std::optional<QPointF> pressPos_;
  QPointF lastDragPos_;
  bool dragging_ = false;
};

}  // namespace skein::ui
