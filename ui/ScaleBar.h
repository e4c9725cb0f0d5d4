#pragma once
// Picks a "nice" scale bar length (1, 2 or 5 × 10^k in nm or µm) for the current pixel size.

#include <QString>

namespace skein::ui {

struct ScaleBar {
  double lengthPx = 0;
  QString label;  // e.g. "500 nm", "2 µm"
};

// unitsPerPixel: physical size of one screen pixel in `unit` (a UDUNITS name such as "nanometer").
ScaleBar chooseScaleBar(double unitsPerPixel, const std::string& unit, double maxLengthPx);

}  // namespace skein::ui
