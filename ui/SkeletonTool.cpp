#include "ui/SkeletonTool.h"

#include <QLineF>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/SkeletonOverlay.h"
#include "ui/SkeletonSession.h"
#include "ui/SliceViewport.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

namespace sk = skein::skeleton;

namespace {
constexpr double kDragSlopPx = 3;

Vec3d toVec3d(const Vec3i& v) { return {double(v.x), double(v.y), double(v.z)}; }

Vec3d withAxes(const Vec3d& base, const render::PlaneAxes& ax, double u, double v) {
  double c[3] = {base.x, base.y, base.z};
  c[ax.u] = u;
  c[ax.v] = v;
  return {c[0], c[1], c[2]};
}
}  // namespace

SkeletonTool::SkeletonTool(SkeletonSession* skeleton, ViewerSession* viewer, SkeletonOverlay* overlay,
                           std::array<SliceViewport*, 3> viewports, QObject* parent)
    : QObject(parent), skeleton_(skeleton), viewer_(viewer), overlay_(overlay), viewports_(viewports) {
  for (SliceViewport* v : viewports_)
    if (v) v->installEventFilter(this);
}

SliceViewport* SkeletonTool::viewportOf(QObject* watched) const {
  for (SliceViewport* v : viewports_)
    if (v && v == watched) return v;
  return nullptr;
}

void SkeletonTool::report(const Status& status) {
  if (!status.ok()) emit message(QString::fromStdString(status.error().message));
}

std::optional<sk::NodeId> SkeletonTool::nodeAt(SliceViewport* viewport, const QPointF& pos) const {
  const sk::Skeleton& s = skeleton_->skeleton();
  if (!viewport || s.nodeCount() == 0) return std::nullopt;
  const qreal dpr = viewport->devicePixelRatioF();
  const render::OrthoView view = viewer_->orthoView(viewport->plane());
  const render::PlaneAxes ax = render::planeAxes(view.plane);
  const Vec3d centre = view.worldAtPixel(pos.x() * dpr - 0.5, pos.y() * dpr - 0.5);
  const double reach = (kPickRadiusPx + 1) * dpr * view.zoom;
  const double depth = double(view.depthVoxel());
  const int range = overlay_ ? overlay_->depthRange() : 0;
  double lo[3], hi[3];
  lo[ax.u] = centre[ax.u] - reach - 1;
  hi[ax.u] = centre[ax.u] + reach;
  lo[ax.v] = centre[ax.v] - reach - 1;
  hi[ax.v] = centre[ax.v] + reach;
  lo[ax.w] = depth - range;
  hi[ax.w] = depth + range + 0.999;
  std::optional<sk::NodeId> best;
  double bestScore = std::numeric_limits<double>::max();
  for (sk::NodeId id : s.nodesInBox({{lo[0], lo[1], lo[2]}, {hi[0], hi[1], hi[2]}})) {
    const sk::Node* n = s.node(id);
    const sk::Tree* t = n ? s.tree(n->treeId) : nullptr;
    if (!t || !t->props.visible) continue;
    const double px = QLineF(nodeScreenPosition(view, n->position, dpr), pos).length();
    if (px > kPickRadiusPx) continue;
    // Prefer the node on the current slice, then the nearest on screen.
    const double score = std::abs(std::floor(n->position[ax.w]) - depth) * 1000 + px;
    if (score < bestScore) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}

void SkeletonTool::placeNode(SliceViewport* viewport, const QPointF& pos) {
  if (!viewer_->hasDataset()) return emit message(tr("Open a dataset before placing nodes."));
  annotation::NewNodeAttributes attributes;
  attributes.viewport = static_cast<std::int8_t>(viewport->plane());
  attributes.mag = static_cast<std::int16_t>(std::max(1.0, std::exp2(std::floor(std::log2(std::max(1.0, viewer_->zoom()))))));
  const auto created = skeleton_->editor().createNode(toVec3d(viewport->voxelAt(pos)), attributes);
  if (!created.ok()) report(created.error());
}

void SkeletonTool::deleteActiveNode() {
  const auto active = skeleton_->skeleton().activeNode;
  if (!active) return emit message(tr("No active node to delete."));
  report(skeleton_->editor().deleteNode(*active));
}

void SkeletonTool::markBranchPoint() {
  const auto active = skeleton_->skeleton().activeNode;
  if (!active) return emit message(tr("No active node to mark as a branch point."));
  report(skeleton_->editor().pushBranchPoint(*active));
}

void SkeletonTool::jumpToBranchPoint() {
  const auto popped = skeleton_->editor().popBranchPoint();
  if (!popped.ok()) return report(popped.error());
  centreOn(*popped);
}

void SkeletonTool::createTree() {
  const auto created = skeleton_->editor().createTree();
  if (!created.ok()) report(created.error());
}

void SkeletonTool::goToComment(int direction) {
  const sk::Skeleton& s = skeleton_->skeleton();
  if (s.comments.empty()) return emit message(tr("There are no comments."));
  std::vector<sk::NodeId> nodes;
  for (const auto& c : s.comments) nodes.push_back(c.node);
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  sk::NodeId target = direction > 0 ? nodes.front() : nodes.back();
  if (s.activeNode) {
    if (direction > 0) {
      auto it = std::upper_bound(nodes.begin(), nodes.end(), *s.activeNode);
      if (it != nodes.end()) target = *it;
    } else {
      auto it = std::lower_bound(nodes.begin(), nodes.end(), *s.activeNode);
      if (it != nodes.begin()) target = *std::prev(it);
    }
  }
  if (s.activeNode != target) report(skeleton_->editor().setActiveNode(target));
  centreOn(target);
}

void SkeletonTool::centreOnActiveNode() {
  if (const auto active = skeleton_->skeleton().activeNode) centreOn(*active);
}

void SkeletonTool::centreOn(sk::NodeId node) {
  if (const sk::Node* n = skeleton_->skeleton().node(node)) viewer_->setPosition(n->position);
}

void SkeletonTool::scaleActiveRadius(double notches) {
  const sk::Skeleton& s = skeleton_->skeleton();
  const sk::Node* n = s.activeNode ? s.node(*s.activeNode) : nullptr;
  if (!n) return;
  const float radius = float(std::clamp(double(n->radius) * std::pow(kRadiusStep, notches), 0.1, 1e6));
  report(skeleton_->editor().setRadius(n->id, radius));
}

bool SkeletonTool::mousePress(SliceViewport* v, QMouseEvent* e) {
  if (e->button() == Qt::RightButton) {
    placeNode(v, e->position());
    return true;
  }
  if (e->button() != Qt::LeftButton) return false;
  const auto hit = nodeAt(v, e->position());
  if (!hit) return false;  // navigation (pan, click to move the position)
  const Qt::KeyboardModifiers mods = e->modifiers();
  const auto active = skeleton_->skeleton().activeNode;
  if (mods & Qt::ShiftModifier) {
    if (!active || *active == *hit) return true;
    if (mods & Qt::ControlModifier) {
      report(skeleton_->editor().deleteEdge(*active, *hit));
    } else if (skeleton_->skeleton().node(*active)->treeId == skeleton_->skeleton().node(*hit)->treeId) {
      emit message(tr("Both nodes are in the same tree already."));
    } else {
      report(skeleton_->editor().mergeTrees(*active, *hit));
    }
    return true;
  }
  skeleton_->beginGesture("Select and move node");
  report(skeleton_->editor().setActiveNode(*hit));
  drag_ = Drag{v, *hit, e->position(), false};
  return true;
}

void SkeletonTool::dragTo(const QPointF& pos) {
  if (!drag_->moved && QLineF(drag_->press, pos).length() <= kDragSlopPx) return;
  drag_->moved = true;
  const sk::Node* n = skeleton_->skeleton().node(drag_->node);
  if (!n) return;
  const render::PlaneAxes ax = render::planeAxes(drag_->viewport->plane());
  const Vec3i voxel = drag_->viewport->voxelAt(pos);
  const Vec3d target = withAxes(n->position, ax, double(voxel[ax.u]), double(voxel[ax.v]));
  if (target != n->position) report(skeleton_->editor().moveNode(drag_->node, target));
}

void SkeletonTool::finishDrag() {
  if (!drag_) return;
  drag_.reset();
  skeleton_->endGesture();
}

bool SkeletonTool::eventFilter(QObject* watched, QEvent* event) {
  SliceViewport* v = viewportOf(watched);
  if (!v) return QObject::eventFilter(watched, event);
  switch (event->type()) {
    case QEvent::MouseButtonPress: {
      if (drag_) return true;
      return mousePress(v, static_cast<QMouseEvent*>(event));
    }
    case QEvent::MouseButtonDblClick:
      return static_cast<QMouseEvent*>(event)->button() == Qt::RightButton || drag_.has_value();
    case QEvent::MouseMove: {
      if (!drag_) return false;
      auto* e = static_cast<QMouseEvent*>(event);
      if (!(e->buttons() & Qt::LeftButton)) {
        finishDrag();
        return false;
      }
      dragTo(e->position());
      emit v->hovered(v->voxelAt(e->position()));
      return true;
    }
    case QEvent::MouseButtonRelease: {
      auto* e = static_cast<QMouseEvent*>(event);
      if (e->button() == Qt::RightButton) return true;
      if (e->button() == Qt::LeftButton && drag_) {
        finishDrag();
        return true;
      }
      return false;
    }
    case QEvent::Wheel: {
      auto* e = static_cast<QWheelEvent*>(event);
      if (!(e->modifiers() & Qt::ShiftModifier) || !skeleton_->skeleton().activeNode) return false;
      // Some platforms turn shift + wheel into horizontal scrolling.
      const int delta = e->angleDelta().y() != 0 ? e->angleDelta().y() : e->angleDelta().x();
      scaleActiveRadius(delta / 120.0);
      e->accept();
      return true;
    }
    case QEvent::Hide:
    case QEvent::FocusOut:
      if (drag_ && drag_->viewport == v) finishDrag();
      return false;
    default:
      return false;
  }
}

}  // namespace skein::ui
