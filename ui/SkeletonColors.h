#pragma once
// The colour a tree is drawn with: its own colour, or (like webKnossos) a distinct colour derived
// from its id when it has none. Shared by the 2D overlay, the panels and the 3D scene.

#include <QColor>

#include <algorithm>
#include <cmath>

#include "core/skeleton/SkeletonTypes.h"

namespace skein::ui {

inline QColor treeDisplayColor(const skeleton::Tree& tree) {
  if (tree.props.color) {
    const skeleton::Rgba& c = *tree.props.color;
    return QColor::fromRgbF(float(std::clamp(c.r, 0.0, 1.0)), float(std::clamp(c.g, 0.0, 1.0)),
                            float(std::clamp(c.b, 0.0, 1.0)));
  }
  // Golden-ratio hue steps keep neighbouring ids far apart on the colour wheel.
  const double hue = std::fmod(0.13 + tree.id * 0.6180339887, 1.0);
  return QColor::fromHsvF(float(hue), 0.85f, 1.0f);
}

inline skeleton::Rgba toRgba(const QColor& c) { return {c.redF(), c.greenF(), c.blueF(), 1.0}; }

}  // namespace skein::ui
