#pragma once
// How a layer looks: the per-layer settings of the Layers panel.

#include <QColor>
#include <cstdint>

namespace skein::render {

struct ColorAppearance {
  double min = 0.0;          // raw value shown black
  double max = 255.0;        // raw value shown at full tint
  double gamma = 1.0;        // applied after the range mapping (v^gamma)
  QColor tint = Qt::white;
  double opacity = 1.0;
  bool invert = false;
  bool visible = true;
  bool operator==(const ColorAppearance&) const = default;
};

struct SegmentationAppearance {
  double opacity = 0.5;
  bool visible = true;
  std::uint64_t hoveredId = 0;   // 0: none
  std::uint64_t selectedId = 0;  // 0: none
  bool operator==(const SegmentationAppearance&) const = default;
};

}  // namespace skein::render
