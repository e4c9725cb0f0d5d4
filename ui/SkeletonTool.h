#pragma once
// The skeleton tool in the 2D viewports (an event filter on the three SliceViewports), with the
// webKnossos mouse bindings:
//   right click              place a node at the voxel under the cursor on the current slice; it
//                            joins the active node's tree, is connected to it and becomes active
//   left click on a node     select it (make it active); dragging it moves it within the slice
//   shift + left click       on a node of another tree: merge the two trees (edge active — clicked)
//   ctrl + shift + left click on a node: delete the edge active — clicked (splits the tree)
//   shift + wheel            change the active node's radius
// A left click or drag away from nodes keeps navigating as before. The keyboard commands (delete,
// branch points, new tree, comments, centre) are the public functions, bound to actions by
// SkeletonUi. Every edit is one undoable step (a drag is one step, however many moves it makes).

#include <QObject>
#include <QPointF>

#include <array>
#include <optional>

#include "core/base/Result.h"
#include "core/skeleton/SkeletonTypes.h"

class QMouseEvent;

namespace skein::ui {

class SkeletonOverlay;
class SkeletonSession;
class SliceViewport;
class ViewerSession;

class SkeletonTool : public QObject {
  Q_OBJECT
 public:
  static constexpr double kPickRadiusPx = 8;  // logical pixels around a node's centre
  static constexpr double kRadiusStep = 1.15;  // per wheel notch

  SkeletonTool(SkeletonSession* skeleton, ViewerSession* viewer, SkeletonOverlay* overlay,
               std::array<SliceViewport*, 3> viewports, QObject* parent = nullptr);

  // The visible node nearest to a widget position (logical pixels), within kPickRadiusPx.
  std::optional<skeleton::NodeId> nodeAt(SliceViewport* viewport, const QPointF& pos) const;

  void placeNode(SliceViewport* viewport, const QPointF& pos);
  void deleteActiveNode();
  void markBranchPoint();
  void jumpToBranchPoint();
  void createTree();
  void goToComment(int direction);  // +1 next, -1 previous (by node id, wrapping around)
  void centreOnActiveNode();
  void centreOn(skeleton::NodeId node);
  void scaleActiveRadius(double notches);

 signals:
  void message(const QString& text);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  struct Drag {
    SliceViewport* viewport = nullptr;
    skeleton::NodeId node = 0;
    QPointF press;
    bool moved = false;
  };
  SliceViewport* viewportOf(QObject* watched) const;
  bool mousePress(SliceViewport* v, QMouseEvent* e);
  void dragTo(const QPointF& pos);
  void finishDrag();
  void report(const Status& status);

  SkeletonSession* skeleton_;
  ViewerSession* viewer_;
  SkeletonOverlay* overlay_;
  std::array<SliceViewport*, 3> viewports_;
  std::optional<Drag> drag_;
};

}  // namespace skein::ui
