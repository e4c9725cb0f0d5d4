#include "ui/SliceViewport.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

#include "ui/ScaleBar.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {
constexpr double kClickSlopPx = 3.0;
const QColor kPlaneColors[] = {QColor(230, 70, 70), QColor(70, 110, 240), QColor(70, 200, 90)};  // XY, YZ, XZ
}  // namespace

SliceViewport::SliceViewport(render::Plane plane, ViewerSession* session, QWidget* parent,
                             std::shared_ptr<GlRenderContext> context)
    : GlSurfaceWidget(parent, std::move(context)), plane_(plane), session_(session) {
  setObjectName(QStringLiteral("viewport_%1").arg(QLatin1String(render::planeName(plane))));
  setMinimumSize(64, 64);
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  connect(session_, &ViewerSession::viewChanged, this, &GlSurfaceWidget::requestFrame);
  connect(session_, &ViewerSession::appearanceChanged, this, &GlSurfaceWidget::requestFrame);
  connect(session_, &ViewerSession::datasetChanged, this, &GlSurfaceWidget::requestFrame);
  connect(session_, &ViewerSession::bricksArrived, this, &GlSurfaceWidget::requestFrame);
}

SliceViewport::~SliceViewport() {
  // GlSurfaceWidget's destructor destroys the context, which emits aboutToBeDestroyed after this
  // object is gone: disconnect first, then clean up while the context still exists.
  QObject::disconnect(contextConnection_);
  if (glReady_ && context()) {
    makeCurrent();
    cleanupGl();
    doneCurrent();
  }
}

void SliceViewport::cleanupGl() {
  image_.releaseGl(this);
  renderer_.releaseGl();
  glReady_ = false;
}

void SliceViewport::addOverlayPainter(OverlayPainter painter) {
  overlayPainters_.push_back(std::move(painter));
  update();
}

void SliceViewport::setOverlaysVisible(bool visible) {
  overlays_ = visible;
  update();
}

void SliceViewport::initializeGL() {
  if (!initializeOpenGLFunctions()) {
    glError_ = QStringLiteral("OpenGL 3.3 core functions are not available");
    return;
  }
  if (!renderer_.initialize(this, &glError_)) return;
  contextConnection_ = connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] {
    makeCurrent();
    cleanupGl();
    doneCurrent();
  });
  glReady_ = true;
}

void SliceViewport::resizeGL(int w, int h) {
  const qreal dpr = devicePixelRatioF();
  session_->setViewportSize(plane_, int(std::lround(w * dpr)), int(std::lround(h * dpr)));
}

void SliceViewport::announceSize() { resizeGL(width(), height()); }

void SliceViewport::paintGL() {
  QElapsedTimer timer;
  timer.start();
  glClearColor(0, 0, 0, 1);
  if (!glReady_) {
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    return;
  }
  const render::OrthoView view = session_->orthoView(plane_);
  const std::int64_t frame = session_->nextFrame();
  bool more = session_->uploadReady(this, frame);
  render::SliceDrawStats stats = drawSlice(view, frame, more);
  frameView_ = view;
  info_.bricksDrawn = stats.bricksDrawn;
  info_.complete = stats.complete() && session_->hasDataset();
  info_.frameMs = timer.nsecsElapsed() / 1e6;
  ++info_.frames;
  if (more) requestFrame();
  emit frameDrawn();
}

// Draws the slice into the widget's framebuffer: the kept image shifted when the view only slid
// within its plane, else the bricks (with a margin when sliding, so that the next slides are copies).
render::SliceDrawStats SliceViewport::drawSlice(const render::OrthoView& view, std::int64_t frame, bool& more) {
  using Plan = render::SliceImageCache::Plan;
  const GLuint target = defaultFramebufferObject();
  // One snapshot for the frame: uploads change what the caches hold, which the content reads live.
  const std::vector<render::LayerRenderInput> inputs = session_->layerInputs(plane_);
  const Plan plan = image_.plan(view, render::sliceContentOf(inputs));
  if (plan == Plan::Reuse) {
    image_.blitTo(this, view, target);
    renderer_.touchLastDrawn(frame);
    ++info_.reusedFrames;
    return image_.keptStats();
  }
  const std::optional<render::OrthoView> wide =
      plan == Plan::RenderWithMargin ? image_.beginMarginRender(this, view) : std::nullopt;
  const render::OrthoView& drawn = wide ? *wide : view;
  // The copies above cover the whole view; a drawn view starts from black.
  auto clear = [&] {
    if (wide) {
      image_.beginMarginRender(this, view);  // binds and clears the image's framebuffer
      return;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, target);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  };
  if (!wide) clear();
  render::SliceDrawStats stats = renderer_.draw(drawn, inputs, frame, &view);
  if (!stats.missing.empty() && session_->uploadFromRam(this, stats.missing, frame)) {
    clear();
    stats = renderer_.draw(drawn, inputs, frame, &view);
    more = true;
  }
  // What was drawn, after this frame's uploads (they change the caches' versions).
  render::SliceContent content = render::sliceContentOf(inputs);
  if (!wide) {
    image_.noteDirectRender(view, std::move(content));
    return stats;
  }
  image_.endMarginRender(*wide, std::move(content), stats);
  glBindFramebuffer(GL_FRAMEBUFFER, target);
  glViewport(0, 0, view.width, view.height);
  image_.blitTo(this, view, target);
  return stats;
}

void SliceViewport::paintOverlay(QPainter& painter) {
  if (overlays_ && frameView_) drawOverlays(painter, *frameView_);
}

void SliceViewport::drawOverlays(QPainter& p, const render::OrthoView& view) {
  p.setRenderHint(QPainter::Antialiasing, false);
  const qreal dpr = devicePixelRatioF();
  const QColor planeColor = kPlaneColors[static_cast<int>(plane_)];
  // Crosshair at the current position: the lines are the other two planes.
  const auto px = view.pixelAtWorld(view.position);
  const QPointF c(px[0] / dpr, px[1] / dpr);
  const render::PlaneAxes ax = render::planeAxes(plane_);
  auto colorOfAxisPlane = [&](int worldAxis) {
    // The plane whose depth axis is worldAxis draws as a line across this view.
    for (int pl = 0; pl < 3; ++pl)
      if (render::planeAxes(static_cast<render::Plane>(pl)).w == worldAxis) return kPlaneColors[pl];
    return QColor(Qt::white);
  };
  p.setPen(QPen(colorOfAxisPlane(ax.u), 1));  // vertical line: constant u
  p.drawLine(QPointF(c.x(), 0), QPointF(c.x(), height()));
  p.setPen(QPen(colorOfAxisPlane(ax.v), 1));  // horizontal line: constant v
  p.drawLine(QPointF(0, c.y()), QPointF(width(), c.y()));
  // Dataset bounding box.
  if (const Dataset* ds = session_->dataset(); ds && !ds->layers.empty()) {
    const Box3i box = ds->layers.front().boundingBox;
    const auto a = view.pixelAtWorld({double(box.min.x), double(box.min.y), double(box.min.z)});
    const auto b = view.pixelAtWorld({double(box.max().x), double(box.max().y), double(box.max().z)});
    p.setPen(QPen(QColor(255, 255, 255, 120), 1, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(QPointF(a[0] / dpr, a[1] / dpr), QPointF(b[0] / dpr, b[1] / dpr)));
    // Scale bar.
    const ScaleBar bar = chooseScaleBar(ds->voxelSize.factor[ax.u] * view.zoom / dpr, ds->voxelSize.unit, 120.0);
    if (bar.lengthPx > 0) {
      const QPointF origin(12, height() - 14);
      p.setPen(QPen(Qt::white, 3));
      p.drawLine(origin, origin + QPointF(bar.lengthPx, 0));
      p.setPen(Qt::white);
      p.drawText(QRectF(origin.x(), origin.y() - 20, 200, 16), Qt::AlignLeft | Qt::AlignVCenter, bar.label);
    }
  }
  for (const auto& painter : overlayPainters_) {
    p.save();
    painter(p, view);
    p.restore();
  }
  p.setPen(planeColor);
  p.drawText(QRectF(8, 4, 100, 18), Qt::AlignLeft | Qt::AlignTop,
             QString::fromLatin1(render::planeName(plane_)).toUpper());
}

Vec3i SliceViewport::voxelAt(const QPointF& widgetPos) const {
  const qreal dpr = devicePixelRatioF();
  const render::OrthoView view = session_->orthoView(plane_);
  const Vec3d w = view.worldAtPixel(widgetPos.x() * dpr - 0.5, widgetPos.y() * dpr - 0.5);
  return {static_cast<std::int64_t>(std::floor(w.x)), static_cast<std::int64_t>(std::floor(w.y)),
          static_cast<std::int64_t>(std::floor(w.z))};
}

void SliceViewport::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    pressPos_ = event->position();
    lastDragPos_ = event->position();
    dragging_ = false;
  }
  GlSurfaceWidget::mousePressEvent(event);
}

void SliceViewport::mouseMoveEvent(QMouseEvent* event) {
  emit hovered(voxelAt(event->position()));
  if (pressPos_ && (event->buttons() & Qt::LeftButton)) {
    if (!dragging_ && QLineF(*pressPos_, event->position()).length() > kClickSlopPx) dragging_ = true;
    if (dragging_) {
      const QPointF d = (event->position() - lastDragPos_) * devicePixelRatioF() * session_->zoom();
      lastDragPos_ = event->position();
      const render::PlaneAxes ax = render::planeAxes(plane_);
      Vec3d p = session_->position();
      double c[3] = {p.x, p.y, p.z};
      c[ax.u] -= d.x();
      c[ax.v] -= d.y();
      session_->setPosition({c[0], c[1], c[2]});
    }
  }
  GlSurfaceWidget::mouseMoveEvent(event);
}

void SliceViewport::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && pressPos_ && !dragging_) {
    // A click: move the position (and so the other planes) to the clicked voxel's centre.
    const Vec3i v = voxelAt(event->position());
    const render::PlaneAxes ax = render::planeAxes(plane_);
    Vec3d p = session_->position();
    double c[3] = {p.x, p.y, p.z};
    c[ax.u] = double(v[ax.u]);
    c[ax.v] = double(v[ax.v]);
    session_->setPosition({c[0], c[1], c[2]});
  }
  pressPos_.reset();
  dragging_ = false;
  GlSurfaceWidget::mouseReleaseEvent(event);
}

void SliceViewport::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  // Zoom around the cursor: the world point under it stays under it.
  const qreal dpr = devicePixelRatioF();
  const render::OrthoView before = session_->orthoView(plane_);
  const double pxI = event->position().x() * dpr, pxJ = event->position().y() * dpr;
  const double worldU = before.originU() + pxI * before.zoom;
  const double worldV = before.originV() + pxJ * before.zoom;
  const double newZoom = std::clamp(before.zoom * std::pow(1.25, -steps), 1.0 / 64.0, 4096.0);
  const render::PlaneAxes ax = render::planeAxes(plane_);
  Vec3d p = session_->position();
  double c[3] = {p.x, p.y, p.z};
  c[ax.u] = worldU - pxI * newZoom + render::halfSize(before.width) * newZoom;
  c[ax.v] = worldV - pxJ * newZoom + render::halfSize(before.height) * newZoom;
  session_->setZoom(newZoom);
  session_->setPosition({c[0], c[1], c[2]});
  event->accept();
}

}  // namespace skein::ui
