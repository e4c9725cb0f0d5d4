#include "ui/GlSurfaceWidget.h"

#include <QOpenGLContext>
#include <QOpenGLFramebufferObject>
#include <QOpenGLFunctions>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/GlRenderContext.h"

namespace skein::ui {

GlSurfaceWidget::GlSurfaceWidget(QWidget* parent, std::shared_ptr<GlRenderContext> gl)
    : QWidget(parent), gl_(std::move(gl)) {
  setAttribute(Qt::WA_OpaquePaintEvent);  // every repaint covers the whole widget with the frame
  setAttribute(Qt::WA_NoSystemBackground);
}

GlSurfaceWidget::~GlSurfaceWidget() {
  // GL objects go while the context still exists (the last widget holding it takes it along).
  if (initialized_ && gl_->makeCurrent()) {
    fbo_.reset();
    gl_->doneCurrent();
  }
}

QOpenGLContext* GlSurfaceWidget::context() const { return contextReady_ ? gl_->context() : nullptr; }

QSurfaceFormat GlSurfaceWidget::format() const { return gl_ ? gl_->format() : QSurfaceFormat::defaultFormat(); }

unsigned int GlSurfaceWidget::defaultFramebufferObject() const { return fbo_ ? fbo_->handle() : 0; }

void GlSurfaceWidget::makeCurrent() {
  if (!gl_ || !gl_->makeCurrent()) return;
  if (fbo_) fbo_->bind();
}

void GlSurfaceWidget::doneCurrent() {
  if (gl_) gl_->doneCurrent();
}

void GlSurfaceWidget::requestFrame() {
  frameRequested_ = true;
  update();  // Qt merges the repaints of all widgets into one flush of the window
}

QSize GlSurfaceWidget::framebufferSize() const {
  const qreal dpr = devicePixelRatioF();
  return {std::max(1, int(std::lround(width() * dpr))), std::max(1, int(std::lround(height() * dpr)))};
}

void GlSurfaceWidget::paintEvent(QPaintEvent*) {
  bool fresh = false;
  if (frameRequested_ || frame_.size() != framebufferSize()) {
    frameRequested_ = false;
    if (renderFrame()) {
      readFrame(frame_);
      frame_.setDevicePixelRatio(devicePixelRatioF());
      fresh = true;
    }
  }
  QPainter painter(this);
  if (frame_.isNull()) painter.fillRect(rect(), Qt::black);
  else painter.drawImage(QPoint(0, 0), frame_);
  paintOverlay(painter);
  // The window's flush follows this paint in the same event; the signal is queued behind it.
  if (fresh) QMetaObject::invokeMethod(this, &GlSurfaceWidget::frameSwapped, Qt::QueuedConnection);
}

bool GlSurfaceWidget::ensureGl() {
  if (initialized_) return true;
  if (initFailed_) return false;
  if (!gl_) gl_ = std::make_shared<GlRenderContext>();
  if (!gl_->makeCurrent()) {
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
  const QSize size = framebufferSize();
  if (!fbo_ || fbo_->size() != size) {
    fbo_ = std::make_unique<QOpenGLFramebufferObject>(size, QOpenGLFramebufferObject::CombinedDepthStencil);
  }
  fbo_->bind();
}

bool GlSurfaceWidget::renderFrame() {
  if (painting_) return false;  // a grab from inside paintGL: the frame being painted is the one it gets
  if (!ensureGl() || !gl_->makeCurrent()) return false;
  painting_ = true;
  prepareFramebuffer();
  if (fbo_->size() != resizedTo_) {
    resizedTo_ = fbo_->size();
    resizeGL(width(), height());
  }
  gl_->context()->functions()->glViewport(0, 0, fbo_->width(), fbo_->height());
  paintGL();
  painting_ = false;
  return true;
}

void GlSurfaceWidget::readFrame(QImage& image) {
  const QSize size = fbo_->size();
  if (image.size() != size || image.format() != QImage::Format_RGB32) image = QImage(size, QImage::Format_RGB32);
  QOpenGLFunctions* f = gl_->context()->functions();
  f->glBindFramebuffer(GL_FRAMEBUFFER, fbo_->handle());
  f->glPixelStorei(GL_PACK_ALIGNMENT, 4);
  f->glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  // BGRA bytes are QImage::Format_RGB32's layout on little-endian machines; 4-byte pixels keep the
  // rows packed (bytesPerLine == width * 4).
  f->glReadPixels(0, 0, size.width(), size.height(), GL_BGRA, GL_UNSIGNED_BYTE, image.bits());
  // GL rows run bottom-up. The image is opaque whatever alpha the frame left (QOpenGLWidget's grab
  // of a format without alpha does the same).
  const int w = size.width(), h = size.height();
  constexpr QRgb kOpaque = 0xff000000u;
  for (int y = 0; y < (h + 1) / 2; ++y) {
    auto* upper = reinterpret_cast<QRgb*>(image.scanLine(y));
    auto* lower = reinterpret_cast<QRgb*>(image.scanLine(h - 1 - y));
    for (int x = 0; x < w; ++x) {
      const QRgb u = upper[x];
      upper[x] = lower[x] | kOpaque;
      lower[x] = u | kOpaque;
    }
  }
}

QImage GlSurfaceWidget::grabFramebuffer() {
  renderFrame();
  if (!fbo_ || !initialized_ || !gl_->makeCurrent()) return {};
  QImage image;
  readFrame(image);
  image.setDevicePixelRatio(devicePixelRatioF());
  QPainter painter(&image);
  paintOverlay(painter);
  return image;
}

}  // namespace skein::ui
