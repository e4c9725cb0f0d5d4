#include "ui/ViewNavigation.h"

#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {
Vec3d shifted(const Vec3d& p, int axis, double delta) {
  double c[3] = {p.x, p.y, p.z};
  c[axis] += delta;
  return {c[0], c[1], c[2]};
}
}  // namespace

void moveSlice(ViewerSession& session, render::Plane plane, double slices) {
  if (!session.hasDataset()) return;
  session.setPosition(shifted(session.position(), render::planeAxes(plane).w, slices));
}

void panView(ViewerSession& session, render::Plane plane, double dxPx, double dyPx) {
  if (!session.hasDataset()) return;
  const render::PlaneAxes ax = render::planeAxes(plane);
  const double zoom = session.zoom();
  session.setPosition(shifted(shifted(session.position(), ax.u, dxPx * zoom), ax.v, dyPx * zoom));
}

void zoomView(ViewerSession& session, double factor) {
  if (factor > 0) session.setZoom(session.zoom() * factor);
}

}  // namespace skein::ui
