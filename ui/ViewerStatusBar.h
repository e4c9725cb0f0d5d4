#pragma once
// The permanent part of the main window's status bar: the current position and zoom, the voxel
// under the mouse with each visible layer's value there (from the RAM cache, never blocking), and a
// loading indicator (queued + loading chunks, "N failed" when reads failed). Transient messages
// (errors, hints) use QStatusBar::showMessage as usual.

#include <QObject>
#include <QTimer>

#include <optional>

#include "core/base/Vec3.h"

class QLabel;
class QStatusBar;

namespace skein::ui {

class ViewerSession;

class ViewerStatusBar : public QObject {
  Q_OBJECT
 public:
  ViewerStatusBar(ViewerSession* session, QStatusBar* bar);
  QLabel* positionLabel() const { return position_; }
  QLabel* hoverLabel() const { return hover_; }
  QLabel* loadingLabel() const { return loading_; }

  // The mouse is over this voxel (nullopt: over no viewport).
  void setHoveredVoxel(std::optional<Vec3i> voxel);
  void refresh();

 private:
  void updatePosition();
  void updateHover();
  void updateLoading();

  ViewerSession* session_;
  QLabel* position_;
  QLabel* hover_;
  QLabel* loading_;
  std::optional<Vec3i> hovered_;
  QTimer timer_;
};

}  // namespace skein::ui
