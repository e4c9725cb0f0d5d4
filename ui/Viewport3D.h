#pragma once
// The 3D viewport: a GlSurfaceWidget hosting VTK's vtkGenericOpenGLRenderWindow by hand (Debian's
// VTK::GUISupportQt is built against Qt 5), drawing render::Scene3D — the dataset box and the three
// slice planes textured with what the 2D viewports show. Left drag orbits, middle (or shift+left)
// drag pans, right drag and the wheel zoom; "Reset camera" (R while focused) restores the default view.

#include <QElapsedTimer>
#include <QPointer>

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "render/Scene3D.h"
#include "ui/GlSurfaceWidget.h"

class QAction;
class QTimer;
class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;

namespace skein::ui {

class GlRenderContext;
class SliceViewport;
class ViewerSession;

struct Viewport3DStats {
  int frames = 0;              // paintGL calls that rendered the scene
  double lastRenderMs = 0;     // vtkRenderWindow::Render() plus the blit, last frame
  std::int64_t captures = 0;   // slice images copied from the 2D viewports
  double lastCaptureMs = 0;    // read-back plus texture update of the last captured slice image
  int glErrors = 0;            // glGetError() codes seen after a frame or a capture
  QString lastGlError;
};

class Viewport3D : public GlSurfaceWidget {
  Q_OBJECT
 public:
  // `sources` are the XY, YZ and XZ viewports whose images texture the planes (entries may be null).
  // `context`: the GL context shared with the window's other viewports (see GlSurfaceWidget).
  Viewport3D(ViewerSession* session, std::array<SliceViewport*, 3> sources, QWidget* parent = nullptr,
             std::shared_ptr<GlRenderContext> context = {});
  ~Viewport3D() override;

  render::Scene3D& scene() { return *scene_; }
  QAction* resetCameraAction() const { return resetCamera_; }
  void resetCamera();
  // The scene surface under a widget position (logical pixels), by ray casting; nullopt on background.
  std::optional<render::ScenePick> pickAt(const QPointF& widgetPos) const;

  bool glReady() const { return glReady_; }
  QString glError() const { return glError_; }
  int framesDrawn() const { return stats_.frames; }
  const Viewport3DStats& stats() const { return stats_; }

  // Copies the slice images the 2D viewports drew since the last capture now, without waiting for
  // the throttle (a screenshot about to be taken).
  void captureNow();
  // True when every plane shows the last frame its (visible, drawn) 2D viewport drew, and the 3D
  // view has been drawn since those images arrived: what a screenshot must wait for.
  bool planesUpToDate() const;

 signals:
  void frameDrawn();

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  void showEvent(QShowEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  void onVtkContextEvent(vtkObject* caller, unsigned long eventId, void* callData);
  void syncDataset();
  void onSliceFrame(int index);
  void scheduleCapture();
  void captureSlices();
  void forwardMouse(QMouseEvent* event, unsigned long vtkEventId);
  void noteGlError(unsigned int code, const char* where);
  void releaseGl();

  ViewerSession* session_;
  std::unique_ptr<render::Scene3D> scene_;
  vtkGenericOpenGLRenderWindow* renderWindow_ = nullptr;          // owned (VTK reference count)
  vtkGenericRenderWindowInteractor* interactor_ = nullptr;        // owned (VTK reference count)
  QAction* resetCamera_ = nullptr;

  struct Source {
    QPointer<SliceViewport> viewport;
    std::optional<render::OrthoView> drawnView;  // the view of the frame in its framebuffer
    bool dirty = false;
  };
  std::array<Source, 3> sources_;
  QTimer* captureTimer_ = nullptr;
  QElapsedTimer sinceCapture_;
  std::vector<std::uint8_t> pixels_;
  bool frameAfterCapture_ = false;  // a capture changed a plane texture that no frame has shown yet

  bool glReady_ = false;
  QString glError_;
  int wheelRemainder_ = 0;
  Viewport3DStats stats_;
};

}  // namespace skein::ui
