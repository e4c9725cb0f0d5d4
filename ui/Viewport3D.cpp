#include "ui/Viewport3D.h"

#include <QAction>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QTimer>
#include <QWheelEvent>

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cstdlib>

#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {
// Plane textures are refreshed at most this often. A slice frame is a few ms on llvmpipe and a
// 640×512 readback ~1 ms, but re-rendering the 3D view for every brick arrival would double the
// work of a loading burst for a view that is usually small.
constexpr int kCaptureIntervalMs = 100;
}  // namespace

Viewport3D::Viewport3D(ViewerSession* session, std::array<SliceViewport*, 3> sources, QWidget* parent,
                       std::shared_ptr<GlRenderContext> context)
    : GlSurfaceWidget(parent, std::move(context)), session_(session), scene_(std::make_unique<render::Scene3D>()) {
  setObjectName(QStringLiteral("viewport3d"));
  setMinimumSize(64, 64);
  setFocusPolicy(Qt::StrongFocus);
  setToolTip(tr("3D view: left drag orbits, middle or shift+left drag pans, right drag or wheel zooms, R resets"));

  renderWindow_ = vtkGenericOpenGLRenderWindow::New();
  renderWindow_->AddRenderer(scene_->renderer());
  // Qt owns the context: VTK never creates, swaps or destroys it, and renders only once
  // initializeGL has run. paintGL blits VTK's framebuffer into the widget's FBO itself.
  renderWindow_->SetOwnContext(0);
  renderWindow_->SetReadyForRendering(false);
  renderWindow_->SetFrameBlitModeToNoBlit();
  renderWindow_->SetMultiSamples(0);
  renderWindow_->SetForceMaximumHardwareLineWidth(1);
  renderWindow_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &Viewport3D::onVtkContextEvent);
  renderWindow_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &Viewport3D::onVtkContextEvent);

  interactor_ = vtkGenericRenderWindowInteractor::New();
  interactor_->SetRenderWindow(renderWindow_);
  // The interactor never renders by itself: every frame goes through paintGL (requestFrame()).
  interactor_->EnableRenderOff();
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  interactor_->SetInteractorStyle(style);
  interactor_->Initialize();

  resetCamera_ = new QAction(tr("Reset camera"), this);
  resetCamera_->setShortcut(QKeySequence(Qt::Key_R));
  resetCamera_->setShortcutContext(Qt::WidgetShortcut);
  addAction(resetCamera_);
  connect(resetCamera_, &QAction::triggered, this, &Viewport3D::resetCamera);

  scene_->setChangedCallback([this] { requestFrame(); });

  // Plane textures: after a 2D viewport drew a frame, its framebuffer is read back (glReadPixels
  // in its own context, throttled to kCaptureIntervalMs, the last frame of a burst always). This
  // reuses the frame the 2D view already paid for — re-rendering the slices into an FBO here would
  // cost a second slice draw per plane plus GPU-cache upload bookkeeping in a foreign context — and
  // guarantees the planes show exactly what the 2D views show.
  captureTimer_ = new QTimer(this);
  captureTimer_->setSingleShot(true);
  connect(captureTimer_, &QTimer::timeout, this, &Viewport3D::captureSlices);
  for (int i = 0; i < 3; ++i) {
    sources_[static_cast<std::size_t>(i)].viewport = sources[static_cast<std::size_t>(i)];
    if (SliceViewport* v = sources[static_cast<std::size_t>(i)])
      connect(v, &SliceViewport::frameDrawn, this, [this, i] { onSliceFrame(i); });
  }
  connect(session_, &ViewerSession::datasetChanged, this, &Viewport3D::syncDataset);
  syncDataset();
}

Viewport3D::~Viewport3D() {
  // GlSurfaceWidget's destructor destroys the context, after this object's part is gone.
  if (context()) disconnect(context(), &QOpenGLContext::aboutToBeDestroyed, this, nullptr);
  releaseGl();
  scene_->setChangedCallback({});
  interactor_->Delete();
  renderWindow_->Delete();  // may still ask for the context (observers): the widget is alive here
}

void Viewport3D::releaseGl() {
  if (!glReady_ || !context()) return;
  makeCurrent();
  renderWindow_->Finalize();  // frees VTK's GL objects while the context is current
  renderWindow_->SetReadyForRendering(false);
  glReady_ = false;
  doneCurrent();
}

void Viewport3D::onVtkContextEvent(vtkObject*, unsigned long eventId, void* callData) {
  if (eventId == vtkCommand::WindowMakeCurrentEvent) {
    if (context() && QOpenGLContext::currentContext() != context()) makeCurrent();
  } else if (eventId == vtkCommand::WindowIsCurrentEvent) {
    const bool current = context() && QOpenGLContext::currentContext() == context();
    renderWindow_->SetIsCurrent(current);
    *static_cast<bool*>(callData) = current;
  }
}

void Viewport3D::syncDataset() {
  Box3i bounds;
  Vec3d voxelSize{1, 1, 1};
  if (const Dataset* ds = session_->dataset()) {
    voxelSize = ds->voxelSize.factor;
    bool first = true;
    for (const Layer& layer : ds->layers) {
      if (layer.boundingBox.empty()) continue;
      if (first) {
        bounds = layer.boundingBox;
        first = false;
        continue;
      }
      const Vec3i lo{std::min(bounds.min.x, layer.boundingBox.min.x), std::min(bounds.min.y, layer.boundingBox.min.y),
                     std::min(bounds.min.z, layer.boundingBox.min.z)};
      const Vec3i a = bounds.max(), b = layer.boundingBox.max();
      const Vec3i hi{std::max(a.x, b.x), std::max(a.y, b.y), std::max(a.z, b.z)};
      bounds = {lo, hi - lo};
    }
  }
  for (auto& s : sources_) {
    s.drawnView.reset();
    s.dirty = false;
  }
  scene_->setDataset(bounds, voxelSize);
}

void Viewport3D::resetCamera() { scene_->resetCamera(); }

std::optional<render::ScenePick> Viewport3D::pickAt(const QPointF& widgetPos) const {
  const qreal dpr = devicePixelRatioF();
  const int* size = renderWindow_->GetSize();
  return scene_->pick(widgetPos.x() * dpr, size[1] - widgetPos.y() * dpr - 1);
}

// --- plane textures ------------------------------------------------------------------------------

void Viewport3D::onSliceFrame(int index) {
  Source& s = sources_[static_cast<std::size_t>(index)];
  if (!s.viewport || !session_->hasDataset()) return;
  // Called from inside the slice's paintGL: the view it just drew is the session's current one.
  s.drawnView = session_->orthoView(s.viewport->plane());
  s.dirty = true;
  scheduleCapture();
}

void Viewport3D::scheduleCapture() {
  if (captureTimer_->isActive()) return;
  const qint64 since = sinceCapture_.isValid() ? sinceCapture_.elapsed() : kCaptureIntervalMs;
  captureTimer_->start(int(std::max<qint64>(0, kCaptureIntervalMs - since)));
}

void Viewport3D::captureNow() {
  captureTimer_->stop();
  captureSlices();
}

bool Viewport3D::planesUpToDate() const {
  if (frameAfterCapture_) return false;
  for (const Source& s : sources_) {
    if (!s.viewport || !s.viewport->isVisible() || s.viewport->frameInfo().frames == 0) continue;
    if (s.dirty || !s.drawnView) return false;
  }
  return true;
}

void Viewport3D::captureSlices() {
  if (!isVisible()) return;  // hidden (another viewport maximised): capture when shown again
  sinceCapture_.start();
  for (Source& s : sources_) {
    SliceViewport* v = s.viewport;
    if (!s.dirty || !v || !s.drawnView || !v->isValid() || v->context() == nullptr) continue;
    s.dirty = false;
    // A viewport's framebuffer object keeps its last frame until the next paint: it can be read any time.
    const QSize fbo = v->size() * v->devicePixelRatio();
    const int w = std::min(s.drawnView->width, fbo.width());
    const int h = std::min(s.drawnView->height, fbo.height());
    if (w <= 0 || h <= 0 || v->format().samples() > 1) continue;  // multisampled FBOs cannot be read directly
    QElapsedTimer timer;
    timer.start();
    pixels_.resize(std::size_t(w) * std::size_t(h) * 4);
    v->makeCurrent();
    QOpenGLFunctions* f = v->context()->functions();
    f->glBindFramebuffer(GL_FRAMEBUFFER, v->defaultFramebufferObject());
    f->glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data());
    const GLenum error = f->glGetError();
    v->doneCurrent();
    if (error != GL_NO_ERROR) {
      noteGlError(error, "reading a slice viewport");
      continue;
    }
    ++stats_.captures;
    frameAfterCapture_ = true;
    scene_->setSliceImage(v->plane(), *s.drawnView, w, h, pixels_.data());
    stats_.lastCaptureMs = timer.nsecsElapsed() / 1e6;
  }
}

void Viewport3D::showEvent(QShowEvent* event) {
  GlSurfaceWidget::showEvent(event);
  for (const Source& s : sources_)
    if (s.dirty) return scheduleCapture();
}

// --- GL ------------------------------------------------------------------------------------------

void Viewport3D::initializeGL() {
  // Qt may destroy and recreate the context (reparenting): release VTK's resources first.
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &Viewport3D::releaseGl, Qt::UniqueConnection);
  renderWindow_->SetReadyForRendering(true);
  if (!renderWindow_->InitializeFromCurrentContext()) {
    glError_ = tr("VTK could not initialise on this OpenGL context (it needs OpenGL 3.2 or later)");
    renderWindow_->SetReadyForRendering(false);
    return;
  }
  // Qt leaves GL_LESS; VTK expects GL_LEQUAL and tracks GL state in its own cache.
  renderWindow_->GetState()->Reset();
  renderWindow_->GetState()->vtkglDepthFunc(GL_LEQUAL);
  glReady_ = true;
}

void Viewport3D::resizeGL(int w, int h) {
  const qreal dpr = devicePixelRatioF();
  const int dw = qRound(w * dpr), dh = qRound(h * dpr);
  interactor_->UpdateSize(dw, dh);
  renderWindow_->SetSize(dw, dh);
}

void Viewport3D::paintGL() {
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  if (!glReady_) {
    f->glClearColor(0.10f, 0.10f, 0.14f, 1.0f);
    f->glClear(GL_COLOR_BUFFER_BIT);
    return;
  }
  QElapsedTimer timer;
  timer.start();
  // Qt changed GL state behind VTK's state cache (and bound its own FBO): resynchronise.
  vtkOpenGLState* state = renderWindow_->GetState();
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);
  scene_->renderer()->ResetCameraClippingRange();  // planes and layers may have moved
  renderWindow_->Render();  // into VTK's own framebuffer
  state->Pop();
  if (QOpenGLContext::currentContext() != context()) makeCurrent();

  // Copy VTK's image into the widget's framebuffer object (what QVTKRenderWindowAdapter does).
  f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum drawBuffer = GL_COLOR_ATTACHMENT0;
  f->glDrawBuffers(1, &drawBuffer);
  const bool scissor = f->glIsEnabled(GL_SCISSOR_TEST);
  if (scissor) {
    state->vtkglDisable(GL_SCISSOR_TEST);
    f->glDisable(GL_SCISSOR_TEST);
  }
  const int* renderedSize = renderWindow_->GetRenderFramebuffer()->GetLastSize();
  const QSize target = size() * devicePixelRatioF();
  // Same size (the usual case): a nearest blit, which llvmpipe does as a plain copy; a linear one
  // goes through a shader (measured: 4 % of the CPU of a screenshot run, JIT compile included).
  const bool sameSize = renderedSize[0] == target.width() && renderedSize[1] == target.height();
  renderWindow_->BlitDisplayFramebuffer(0, 0, 0, renderedSize[0], renderedSize[1], 0, 0, target.width(),
                                        target.height(), GL_COLOR_BUFFER_BIT, sameSize ? GL_NEAREST : GL_LINEAR);
  // Mesa leaves alpha below 1 after VTK's blending: make the frame opaque for whoever reads it.
  f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  f->glClearColor(0, 0, 0, 1);
  f->glViewport(0, 0, target.width(), target.height());
  f->glClear(GL_COLOR_BUFFER_BIT);
  f->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  if (scissor) {
    state->vtkglEnable(GL_SCISSOR_TEST);
    f->glEnable(GL_SCISSOR_TEST);
  }
  for (GLenum error = f->glGetError(), n = 0; error != GL_NO_ERROR && n < 8; error = f->glGetError(), ++n)
    noteGlError(error, "rendering the 3D view");
  stats_.lastRenderMs = timer.nsecsElapsed() / 1e6;
  ++stats_.frames;
  frameAfterCapture_ = false;
  emit frameDrawn();
}

void Viewport3D::noteGlError(unsigned int code, const char* where) {
  ++stats_.glErrors;
  stats_.lastGlError = QStringLiteral("OpenGL error 0x%1 while %2").arg(code, 4, 16, QLatin1Char('0')).arg(QLatin1String(where));
}

// --- input ---------------------------------------------------------------------------------------

void Viewport3D::forwardMouse(QMouseEvent* event, unsigned long vtkEventId) {
  const qreal dpr = devicePixelRatioF();
  const QPointF p = event->position() * dpr;
  interactor_->SetEventInformationFlipY(int(p.x()), int(p.y()), (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                        (event->modifiers() & Qt::ShiftModifier) ? 1 : 0);
  interactor_->InvokeEvent(vtkEventId, event);
  requestFrame();
}

namespace {
unsigned long vtkButtonEvent(Qt::MouseButton button, bool press) {
  switch (button) {
    case Qt::LeftButton: return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton: return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton: return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
    default: return vtkCommand::NoEvent;
  }
}
}  // namespace

void Viewport3D::mousePressEvent(QMouseEvent* event) {
  if (const unsigned long id = vtkButtonEvent(event->button(), true); id != vtkCommand::NoEvent) forwardMouse(event, id);
  event->accept();
}

void Viewport3D::mouseReleaseEvent(QMouseEvent* event) {
  if (const unsigned long id = vtkButtonEvent(event->button(), false); id != vtkCommand::NoEvent) forwardMouse(event, id);
  event->accept();
}

void Viewport3D::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() != Qt::NoButton) forwardMouse(event, vtkCommand::MouseMoveEvent);
  event->accept();
}

void Viewport3D::wheelEvent(QWheelEvent* event) {
  // One VTK zoom step per 120 units (a mouse notch); touchpads send smaller deltas that add up.
  wheelRemainder_ += event->angleDelta().y();
  const qreal dpr = devicePixelRatioF();
  const QPointF p = event->position() * dpr;
  while (std::abs(wheelRemainder_) >= 120) {
    const bool forward = wheelRemainder_ > 0;
    wheelRemainder_ += forward ? -120 : 120;
    interactor_->SetEventInformationFlipY(int(p.x()), int(p.y()), 0, 0);
    interactor_->InvokeEvent(forward ? vtkCommand::MouseWheelForwardEvent : vtkCommand::MouseWheelBackwardEvent, event);
  }
  requestFrame();
  event->accept();
}

}  // namespace skein::ui
