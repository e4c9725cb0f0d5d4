#pragma once
// Draws the skeleton over the slice viewports: nodes and edges within depthRange() slices of the
// current one (fainter and smaller with distance), in their tree's colour; the active node ringed
// in white, branch points ringed in orange, nodes with a comment tagged with a yellow dot. Hidden
// trees (and hidden edges of a tree) are not drawn. Only the nodes and edges in the visible box
// (± depth) are visited, through the skeleton's spatial index.

#include <QObject>

#include <array>
#include <unordered_set>

#include "core/skeleton/Skeleton.h"
#include "render/ViewGeometry.h"

class QPainter;

namespace skein::ui {

class SkeletonSession;
class SliceViewport;

// The box of world space a view shows, `depth` slices either side of the current one, widened by
// `marginPx` device pixels along the screen axes.
skeleton::Aabb skeletonViewBox(const render::OrthoView& view, int depth, double marginPx = 0);

// The widget position (logical pixels) at which a node's voxel centre shows.
QPointF nodeScreenPosition(const render::OrthoView& view, const Vec3d& position, qreal dpr);

class SkeletonOverlay : public QObject {
  Q_OBJECT
 public:
  static constexpr int kDefaultDepthRange = 8;

  SkeletonOverlay(SkeletonSession* session, std::array<SliceViewport*, 3> viewports, QObject* parent = nullptr);

  int depthRange() const { return depth_; }
  void setDepthRange(int slices);
  void paint(QPainter& painter, const render::OrthoView& view, qreal dpr);
  void repaintViewports();

 private:
  void refreshMarks();

  SkeletonSession* session_;
  std::array<SliceViewport*, 3> viewports_;
  int depth_ = kDefaultDepthRange;
  bool marksStale_ = true;
  std::unordered_set<skeleton::NodeId> branchPoints_;
  std::unordered_set<skeleton::NodeId> commented_;
};

}  // namespace skein::ui
