#pragma once
#include <QMainWindow>
#include <array>

namespace skein::ui {

class ViewerSession;
class SliceViewport;
class ViewportWidget;

// The viewer window: XY, YZ, XZ and 3D viewports in a 2×2 grid (one can be maximised), the menus
// and the status bar.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(ViewerSession* session, QWidget* parent = nullptr);
  ViewerSession* session() const { return session_; }
  const std::array<SliceViewport*, 3>& sliceViewports() const { return slices_; }
  ViewportWidget* view3d() const { return view3d_; }
  // Shows only one viewport (0..2 = XY, YZ, XZ, 3 = 3D), or all four with -1.
  void maximizeViewport(int index);
  int maximizedViewport() const { return maximized_; }

 private:
  void buildMenus();
  ViewerSession* session_;
  std::array<SliceViewport*, 3> slices_{};
  ViewportWidget* view3d_ = nullptr;
  int maximized_ = -1;
};

}  // namespace skein::ui
