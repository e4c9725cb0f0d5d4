#pragma once
// One viewport of the 2×2 layout. For now it clears to the viewport background and shows its
// plane name; the slice renderer and the VTK scene plug in here (issue 3).

#include <QOpenGLFunctions_3_3_Core>
#include <QOpenGLWidget>

namespace skein::ui {

enum class ViewportKind { XY, YZ, XZ, View3D };
QString viewportTitle(ViewportKind kind);

class ViewportWidget : public QOpenGLWidget, protected QOpenGLFunctions_3_3_Core {
  Q_OBJECT
 public:
  explicit ViewportWidget(ViewportKind kind, QWidget* parent = nullptr);
  ViewportKind kind() const { return kind_; }
  bool glReady() const { return glReady_; }
  int framesDrawn() const { return frames_; }

 signals:
  void frameDrawn();

 protected:
  void initializeGL() override;
  void paintGL() override;
  void paintEvent(QPaintEvent* event) override;

 private:
  ViewportKind kind_;
  bool glReady_ = false;
  int frames_ = 0;
};

}  // namespace skein::ui
