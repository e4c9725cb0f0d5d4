#pragma once
// Keyboard navigation on the shared view state: move the slice of one plane along its depth axis,
// pan a plane by screen pixels, zoom about the centre.

#include "render/ViewGeometry.h"

namespace skein::ui {

class ViewerSession;

inline constexpr double kZoomStep = 1.25;  // one zoom key press (and one wheel notch)

// Moves the position by `slices` mag-1 voxels along the plane's depth axis (w).
void moveSlice(ViewerSession& session, render::Plane plane, double slices);
// Moves the view so that the content shifts by (dx, dy) device pixels on `plane`'s screen: a
// positive dx looks further along the plane's u axis (content moves left).
void panView(ViewerSession& session, render::Plane plane, double dxPx, double dyPx);
// Multiplies the zoom (mag-1 voxels per pixel) by `factor`; the position stays in the centre.
void zoomView(ViewerSession& session, double factor);

}  // namespace skein::ui
