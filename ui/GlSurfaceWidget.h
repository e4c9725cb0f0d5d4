#pragma once
// A widget that shows OpenGL frames through a native child window of its own instead of
// QOpenGLWidget's texture. Qt 6 composes a window that holds a QOpenGLWidget by copying and
// re-uploading the whole backing store and drawing every GL widget's texture on each frame of any
// of them; with Mesa llvmpipe that dominates the viewer's frame. Measured under Xvfb (1280×1024
// window, four viewports that only clear): 14 ms a frame as QOpenGLWidgets, 6 ms as native windows.
//
// The API mirrors the part of QOpenGLWidget the viewports use: paintGL draws into a framebuffer
// object that keeps the last frame (grabFramebuffer and the 3D view's plane capture read it); the
// frame is then blitted into the window and swapped. The child window takes no input: mouse, wheel,
// keys and drops reach this widget like any other widget's, so focus and shortcuts work as usual.

#include <QOpenGLContext>
#include <QSurfaceFormat>
#include <QWidget>

#include <memory>

class QOpenGLFramebufferObject;
class QOpenGLPaintDevice;

namespace skein::ui {

class GlSurfaceWidget : public QWidget {
  Q_OBJECT
 public:
  // Widgets given the same `context` draw with that one context, made current on each one's window
  // in turn; the first to initialise creates it. With llvmpipe every context compiles its own
  // shaders (slice programs, the blit into the window, QPainter's), 30–40 ms each: one context for
  // all viewports pays that once. Null: a context of its own.
  explicit GlSurfaceWidget(QWidget* parent = nullptr, std::shared_ptr<QOpenGLContext> context = {});
  ~GlSurfaceWidget() override;

  // Schedules one frame (paintGL, then present); requests before it runs coalesce. QWidget::update()
  // leads to a frame too, but costs a backing-store repaint of the widget first.
  void requestFrame();
  // Paints a frame into the framebuffer object (without presenting it) and returns it, like
  // QOpenGLWidget::grabFramebuffer(). Null when OpenGL is not available.
  QImage grabFramebuffer();

  bool isValid() const { return initialized_; }
  // Null until this widget's GL initialisation (initializeGL runs with it current).
  QOpenGLContext* context() const { return contextReady_ ? context_.get() : nullptr; }
  QSurfaceFormat format() const;
  // The framebuffer object paintGL draws into (0 before the first frame).
  unsigned int defaultFramebufferObject() const;
  // Makes the context current and binds the framebuffer object (as QOpenGLWidget::makeCurrent).
  void makeCurrent();
  void doneCurrent();

 signals:
  // A frame reached the window (after the swap).
  void frameSwapped();

 protected:
  virtual void initializeGL() {}
  // Logical size, as QOpenGLWidget passes it.
  virtual void resizeGL(int /*w*/, int /*h*/) {}
  // Called with the context current and the framebuffer object bound, viewport set to its size.
  virtual void paintGL() {}
  // A QPainter target for the framebuffer object; valid during paintGL.
  QPaintDevice* glPaintDevice();

  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  class SurfaceWindow;
  bool ensureGl();
  void prepareFramebuffer();
  void renderFrame(bool present);

  SurfaceWindow* window_ = nullptr;  // owned by its container widget (a child of this one)
  std::shared_ptr<QOpenGLContext> context_;
  std::unique_ptr<QOpenGLFramebufferObject> fbo_;
  std::unique_ptr<QOpenGLPaintDevice> paintDevice_;
  bool contextReady_ = false;  // the context was made current on this widget's window
  bool initialized_ = false;   // ... and initializeGL ran
  bool initFailed_ = false;
  bool framePending_ = false;
  bool painting_ = false;
  QSize resizedTo_;  // the framebuffer size resizeGL last heard of
};

}  // namespace skein::ui
