#include "ui/SkeletonOverlay.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/SkeletonColors.h"
#include "ui/SkeletonSession.h"
#include "ui/SliceViewport.h"

namespace skein::ui {

namespace sk = skein::skeleton;

namespace {
constexpr double kMinNodePx = 4.0;   // logical pixels: nodes stay visible when zoomed out
constexpr double kMaxNodePx = 40.0;
const QColor kActiveRing(255, 255, 255);
const QColor kBranchRing(255, 150, 0);
const QColor kCommentDot(255, 230, 0);

Vec3d voxelCentre(const Vec3d& p) { return {p.x + 0.5, p.y + 0.5, p.z + 0.5}; }
}  // namespace

sk::Aabb skeletonViewBox(const render::OrthoView& view, int depth, double marginPx) {
  const render::PlaneAxes ax = render::planeAxes(view.plane);
  const double margin = marginPx * view.zoom;
  double lo[3], hi[3];
  lo[ax.u] = view.originU() - margin - 1;
  hi[ax.u] = view.originU() + view.width * view.zoom + margin;
  lo[ax.v] = view.originV() - margin - 1;
  hi[ax.v] = view.originV() + view.height * view.zoom + margin;
  const double d = double(view.depthVoxel());
  lo[ax.w] = d - depth;
  hi[ax.w] = d + depth + 0.999;
  return {{lo[0], lo[1], lo[2]}, {hi[0], hi[1], hi[2]}};
}

QPointF nodeScreenPosition(const render::OrthoView& view, const Vec3d& position, qreal dpr) {
  const auto px = view.pixelAtWorld(voxelCentre(position));
  return {px[0] / dpr, px[1] / dpr};
}

SkeletonOverlay::SkeletonOverlay(SkeletonSession* session, std::array<SliceViewport*, 3> viewports, QObject* parent)
    : QObject(parent), session_(session), viewports_(viewports) {
  for (SliceViewport* v : viewports_) {
    if (!v) continue;
    v->addOverlayPainter([this, v](QPainter& p, const render::OrthoView& view) { paint(p, view, v->devicePixelRatioF()); });
  }
  connect(session_, &SkeletonSession::skeletonChanged, this, [this] {
    marksStale_ = true;
    repaintViewports();
  });
}

void SkeletonOverlay::setDepthRange(int slices) {
  depth_ = std::clamp(slices, 0, 1000);
  repaintViewports();
}

// The skeleton is drawn over the viewports' frames (GlSurfaceWidget::paintOverlay): a repaint
// shows a change, no new GL frame is needed.
void SkeletonOverlay::repaintViewports() {
  for (SliceViewport* v : viewports_)
    if (v) v->update();
}

void SkeletonOverlay::refreshMarks() {
  if (!marksStale_) return;
  const sk::Skeleton& s = session_->skeleton();
  branchPoints_.clear();
  commented_.clear();
  for (const auto& b : s.branchPoints) branchPoints_.insert(b.node);
  for (const auto& c : s.comments) commented_.insert(c.node);
  marksStale_ = false;
}

void SkeletonOverlay::paint(QPainter& p, const render::OrthoView& view, qreal dpr) {
  const sk::Skeleton& s = session_->skeleton();
  if (s.nodeCount() == 0 || view.width <= 0 || view.height <= 0) return;
  refreshMarks();
  const sk::Aabb box = skeletonViewBox(view, depth_, kMaxNodePx * dpr);
  const int w = render::planeAxes(view.plane).w;
  const double depth = double(view.depthVoxel());
  // 1 on the current slice, fading towards the edge of the depth range.
  auto nearness = [&](const Vec3d& pos) {
    const double dist = std::abs(std::floor(pos[w]) - depth);
    return dist == 0 ? 1.0 : std::max(0.2, 0.8 * (1.0 - dist / (depth_ + 1)));
  };
  p.setRenderHint(QPainter::Antialiasing, true);

  for (const sk::Edge& e : s.edgesInBox(box)) {
    const sk::Node* a = s.node(e.source);
    const sk::Node* b = s.node(e.target);
    const sk::Tree* t = a ? s.tree(a->treeId) : nullptr;
    if (!b || !t || !t->props.visible || !t->props.edgesVisible) continue;
    QColor c = treeDisplayColor(*t);
    c.setAlphaF(float(std::max(nearness(a->position), nearness(b->position))));
    p.setPen(QPen(c, 1.5));
    p.drawLine(nodeScreenPosition(view, a->position, dpr), nodeScreenPosition(view, b->position, dpr));
  }

  for (const sk::NodeId id : s.nodesInBox(box)) {
    const sk::Node* n = s.node(id);
    const sk::Tree* t = n ? s.tree(n->treeId) : nullptr;
    if (!t || !t->props.visible) continue;
    const double near = nearness(n->position);
    const bool onSlice = near == 1.0;
    double r = std::clamp(double(n->radius) / view.zoom / dpr, kMinNodePx, kMaxNodePx);
    if (!onSlice) r *= 0.6;
    const QPointF c = nodeScreenPosition(view, n->position, dpr);
    QColor fill = treeDisplayColor(*t);
    fill.setAlphaF(float(near));
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawEllipse(c, r, r);
    p.setBrush(Qt::NoBrush);
    if (branchPoints_.contains(id)) {
      p.setPen(QPen(kBranchRing, 2));
      p.drawEllipse(c, r + 2, r + 2);
    }
    if (s.activeNode == id) {
      p.setPen(QPen(kActiveRing, 2));
      p.drawEllipse(c, r + 4, r + 4);
    }
    if (commented_.contains(id)) {
      p.setPen(Qt::NoPen);
      p.setBrush(kCommentDot);
      p.drawEllipse(c + QPointF(r, -r), 2.5, 2.5);
    }
  }
}

}  // namespace skein::ui
