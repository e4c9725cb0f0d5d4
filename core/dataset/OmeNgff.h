#pragma once
// OME-NGFF 0.4 (Zarr v2 .zattrs) and 0.5 (Zarr v3 zarr.json attributes.ome) multiscales metadata:
// validation against the rules of the spec's image schema, and parsing into plain structs.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/Result.h"

namespace skein {

struct OmeAxis {
  std::string name;
  std::string type;  // "space", "time", "channel", a custom type, or "" when untyped
  std::string unit;
};

struct OmeLevel {
  std::string path;
  std::vector<double> scale;        // one per axis
  std::vector<double> translation;  // one per axis (zeros when absent)
};

struct OmeMultiscale {
  std::string version;  // "0.4", "0.5" or "" when not stated
  std::string name;
  std::vector<OmeAxis> axes;
  std::vector<OmeLevel> levels;  // finest first
};

// The object that holds "multiscales": attrs["ome"] when present (0.5, and webKnossos' 0.4-in-v3),
// else attrs itself (0.4). nullptr when attrs has no multiscales at all.
const nlohmann::json* findOmeContainer(const nlohmann::json& attrs);
bool hasOmeMultiscales(const nlohmann::json& attrs);
// True when the attributes mark an image-label (segmentation) image.
bool isOmeLabelImage(const nlohmann::json& attrs);

// Checks the multiscales (and omero, when present) metadata against the OME-NGFF image schema:
// 2–5 axes with unique names, 2–3 space axes, known or unit-less custom axis types; at least one
// dataset, each with a string path and exactly one leading scale, optionally followed by one
// translation, all numeric; version "0.4"/"0.5". The error names the first violated rule.
Status validateOmeMultiscales(const nlohmann::json& attrs);

// Validates, then returns multiscales[index]; global coordinateTransformations are folded into
// every level; `what` names the source in error messages.
Result<OmeMultiscale> parseOmeMultiscale(const nlohmann::json& attrs, const std::string& what, std::size_t index = 0);

}  // namespace skein
