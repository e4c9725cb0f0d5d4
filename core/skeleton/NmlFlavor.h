#pragma once

#include <algorithm>
#include <iterator>
#include <string_view>

namespace skein::skeleton {

// The two NML dialects (see docs/nml.md).
enum class NmlFlavor {
  WebKnossos,  // 0-based coordinates, groups, metadata, bounding boxes, volumes
  Knossos,     // 1-based coordinates unless <nodes_0_based/>, tree name in thing@comment
};

// <parameters> children that only KNOSSOS writes; their presence identifies the KNOSSOS flavour.
inline bool isKnossosParameterElement(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "createdin", "lastsavedin", "guiMode", "dataset", "MovementArea", "RadiusLocking", "segmentation",
      "skeletonVPState", "vpSettingsZoom", "idleTime", "task", "node_position_numbering", "brush_lock"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

}  // namespace skein::skeleton
