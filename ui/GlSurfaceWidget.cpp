#include "ui/GlSurfaceWidget.h"

#include <QCoreApplication>
#include <QExposeEvent>
#include <QImage>
#include <QOpenGLFramebufferObject>
#include <QOpenGLFunctions>
#include <QOpenGLPaintDevice>
#include <QVBoxLayout>
#include <QWindow>

#include <cmath>
#include <vector>

namespace skein::ui {

namespace {
// Posted with low priority, as QWidget::update() posts its repaint, so that input stays responsive.
QEvent::Type frameEventType() {
  static const auto type = static_cast<QEvent::Type>(QEvent::registerEventType());
  return type;
}
}  // namespace

// The native window the frames are swapped into. It takes neither input nor focus (the X server
// hands pointer events over it to the parent window), so the widget keeps all event handling.
class GlSurfaceWidget::SurfaceWindow : public QWindow {
 public:
  explicit SurfaceWindow(GlSurfaceWidget* owner) : owner_(owner) {
    setSurfaceType(QSurface::OpenGLSurface);
    setFlags(flags() | Qt::WindowTransparentForInput | Qt::WindowDoesNotAcceptFocus);
  }

 protected:
  void exposeEvent(QExposeEvent*) override {
    if (isExposed()) owner_->requestFrame();
  }

 private:
  GlSurfaceWidget* owner_;
};

GlSurfaceWidget::GlSurfaceWidget(QWidget* parent, std::shared_ptr<QOpenGLContext> context)
    : QWidget(parent), context_(std::move(context)) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setAttribute(Qt::WA_NoSystemBackground);
  window_ = new SurfaceWindow(this);
  QWidget* container = QWidget::createWindowContainer(window_, this);
  container->setAttribute(Qt::WA_TransparentForMouseEvents);
  container->setFocusPolicy(Qt::NoFocus);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(container);
}

GlSurfaceWidget::~GlSurfaceWidget() {
  if (!context_) return;
  // GL objects go while the context still exists; the context goes (with its last widget) before
  // the window.
  if (initialized_ && window_->handle() && context_->makeCurrent(window_)) {
    paintDevice_.reset();
    fbo_.reset();
    context_->doneCurrent();
  }
  context_.reset();
}

QSurfaceFormat GlSurfaceWidget::format() const { return context_ ? context_->format() : window_->requestedFormat(); }

unsigned int GlSurfaceWidget::defaultFramebufferObject() const { return fbo_ ? fbo_->handle() : 0; }

void GlSurfaceWidget::makeCurrent() {
  if (!context_ || !window_->handle() || !context_->makeCurrent(window_)) return;
  if (fbo_) fbo_->bind();
}

void GlSurfaceWidget::doneCurrent() {
  if (context_) context_->doneCurrent();
}

void GlSurfaceWidget::requestFrame() {
  if (framePending_) return;
  framePending_ = true;
  QCoreApplication::postEvent(this, new QEvent(frameEventType()), Qt::LowEventPriority);
}

bool GlSurfaceWidget::event(QEvent* event) {
  if (event->type() == frameEventType()) {
    framePending_ = false;
    renderFrame(true);
    return true;
  }
  return QWidget::event(event);
}

void GlSurfaceWidget::paintEvent(QPaintEvent*) { requestFrame(); }

bool GlSurfaceWidget::ensureGl() {
  if (initialized_) return true;
  if (initFailed_) return false;
  if (!window_->handle()) window_->create();  // a hidden widget can still render (grabFramebuffer)
  if (!context_) context_ = std::make_shared<QOpenGLContext>();
  if (!context_->isValid()) {
    context_->setFormat(window_->requestedFormat());
    // Viewports share bricks (textures) and read each other's frames: one share group for all.
    context_->setShareContext(QOpenGLContext::globalShareContext());
  }
  if (!(context_->isValid() || context_->create()) || !context_->makeCurrent(window_)) {
    initFailed_ = true;
    return false;
  }
  contextReady_ = true;
  prepareFramebuffer();
  initializeGL();  // with the framebuffer object bound, as QOpenGLWidget does
  initialized_ = true;
  return true;
}

// A framebuffer object of the widget's size in device pixels (with depth and stencil, as
// QOpenGLWidget's), bound; a new size recreates it.
void GlSurfaceWidget::prepareFramebuffer() {
  const qreal dpr = devicePixelRatioF();
  const QSize size(std::max(1, int(std::lround(width() * dpr))), std::max(1, int(std::lround(height() * dpr))));
  if (!fbo_ || fbo_->size() != size) {
    paintDevice_.reset();
    fbo_ = std::make_unique<QOpenGLFramebufferObject>(size, QOpenGLFramebufferObject::CombinedDepthStencil);
  }
  fbo_->bind();
}

QPaintDevice* GlSurfaceWidget::glPaintDevice() {
  if (!fbo_) return nullptr;
  if (!paintDevice_) paintDevice_ = std::make_unique<QOpenGLPaintDevice>(fbo_->size());
  paintDevice_->setDevicePixelRatio(devicePixelRatioF());
  return paintDevice_.get();
}

void GlSurfaceWidget::renderFrame(bool present) {
  if (painting_) return;  // a grab from inside paintGL: the frame being painted is the one it gets
  if (present && (!isVisible() || !window_->isExposed())) return;  // the expose brings the frame
  if (!ensureGl() || !context_->makeCurrent(window_)) return;
  painting_ = true;
  prepareFramebuffer();
  if (fbo_->size() != resizedTo_) {
    resizedTo_ = fbo_->size();
    resizeGL(width(), height());
  }
  QOpenGLFunctions* f = context_->functions();
  f->glViewport(0, 0, fbo_->width(), fbo_->height());
  paintGL();
  painting_ = false;
  if (!present) return;
  f->glDisable(GL_SCISSOR_TEST);
  // The window is the framebuffer object's size: a nearest blit, no filtering.
  QOpenGLFramebufferObject::blitFramebuffer(nullptr, QRect(QPoint(0, 0), fbo_->size()), fbo_.get(),
                                            QRect(QPoint(0, 0), fbo_->size()), GL_COLOR_BUFFER_BIT, GL_NEAREST);
  context_->swapBuffers(window_);
  emit frameSwapped();
}

QImage GlSurfaceWidget::grabFramebuffer() {
  renderFrame(false);
  if (!fbo_ || !initialized_ || !context_->makeCurrent(window_)) return {};
  fbo_->bind();
  const QSize size = fbo_->size();
  QImage image(size, QImage::Format_RGB32);
  QOpenGLFunctions* f = context_->functions();
  std::vector<std::uint8_t> rgba(std::size_t(size.width()) * std::size_t(size.height()) * 4);
  f->glPixelStorei(GL_PACK_ALIGNMENT, 4);
  f->glReadPixels(0, 0, size.width(), size.height(), GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  // GL rows run bottom-up; the image is opaque whatever alpha the frame left (QOpenGLWidget's
  // grab of a format without alpha does the same).
  for (int y = 0; y < size.height(); ++y) {
    const std::uint8_t* src = rgba.data() + std::size_t(size.height() - 1 - y) * std::size_t(size.width()) * 4;
    auto* dst = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < size.width(); ++x) dst[x] = qRgb(src[4 * x], src[4 * x + 1], src[4 * x + 2]);
  }
  image.setDevicePixelRatio(devicePixelRatioF());
  return image;
}

}  // namespace skein::ui
