#pragma once
// A widget that shows frames drawn with OpenGL, in place of QOpenGLWidget. paintGL draws into a
// framebuffer object with a context that stays current on an offscreen surface (GlRenderContext);
// the frame is read back and painted like any image, through the window's ordinary backing store.
//
// Why not QOpenGLWidget: Qt 6 composes a window that holds one by copying and re-uploading the whole
// backing store and drawing every GL widget's texture on each frame of any of them; with Mesa
// llvmpipe that dominated the viewer's frame. Why not a native GL child window per viewport: one
// context moved between windows makes Mesa's GLX rebuild each window's buffers on every frame (see
// GlRenderContext), and one context per window compiles every shader once per window. With a
// software renderer the read-back costs what a buffer swap costs (both copy the frame to the X
// server); a GPU driver pays one synchronous read of the frame (docs/viewer.md).
//
// The API mirrors the part of QOpenGLWidget the viewports use.

#include <QImage>
#include <QSurfaceFormat>
#include <QWidget>

#include <memory>

class QOpenGLContext;
class QOpenGLFramebufferObject;
class QPainter;

namespace skein::ui {

class GlRenderContext;

class GlSurfaceWidget : public QWidget {
  Q_OBJECT
 public:
  // Widgets given the same `gl` draw with that one context. Null: a context of its own.
  explicit GlSurfaceWidget(QWidget* parent = nullptr, std::shared_ptr<GlRenderContext> gl = {});
  ~GlSurfaceWidget() override;

  // Schedules one frame (paintGL, then the repaint that shows it); requests before it runs coalesce.
  void requestFrame();
  // Paints a frame into the framebuffer object (without showing it) and returns it with the overlay
  // on top, as the widget shows it (like QOpenGLWidget::grabFramebuffer() of a widget that paints its
  // overlay in paintGL). Null when OpenGL is not available.
  QImage grabFramebuffer();

  bool isValid() const { return initialized_; }
  // Null until this widget's GL initialisation (initializeGL runs with it current).
  QOpenGLContext* context() const;
  QSurfaceFormat format() const;
  // The framebuffer object paintGL draws into (0 before the first frame).
  unsigned int defaultFramebufferObject() const;
  // Makes the context current and binds the framebuffer object (as QOpenGLWidget::makeCurrent).
  void makeCurrent();
  void doneCurrent();

 signals:
  // A new frame reached the window system (emitted after the window's flush).
  void frameSwapped();

 protected:
  virtual void initializeGL() {}
  // Logical size, as QOpenGLWidget passes it.
  virtual void resizeGL(int /*w*/, int /*h*/) {}
  // Called with the context current and the framebuffer object bound, viewport set to its size.
  virtual void paintGL() {}
  // Drawn over the frame on every repaint (and into grabFramebuffer's image, not into the
  // framebuffer object) with a raster QPainter, in logical widget coordinates. Lines and text cost
  // next to nothing here; through QPainter's OpenGL engine on llvmpipe they cost 1–2 ms a frame.
  // A change of the overlay alone needs update(), not a new GL frame.
  virtual void paintOverlay(QPainter& /*painter*/) {}

  void paintEvent(QPaintEvent* event) override;

 private:
  bool ensureGl();
  // The widget's size in device pixels (at least 1×1): the framebuffer object's and the frame's.
  QSize framebufferSize() const;
  void prepareFramebuffer();
  bool renderFrame();
  // Reads the framebuffer object into `image` (resized to it), upright and opaque.
  void readFrame(QImage& image);

  std::shared_ptr<GlRenderContext> gl_;
  std::unique_ptr<QOpenGLFramebufferObject> fbo_;
  QImage frame_;  // the last frame read back, painted on every repaint
  bool contextReady_ = false;  // the context was made current for this widget (context() answers)
  bool initialized_ = false;   // ... and initializeGL ran
  bool initFailed_ = false;
  bool frameRequested_ = true;  // the next repaint draws a new frame
  bool painting_ = false;
  QSize resizedTo_;  // the framebuffer size resizeGL last heard of
};

}  // namespace skein::ui
