#pragma once
// webKnossos datasource-properties.json <-> Dataset model (no I/O).
//
// Accepted variants: `scale` as [x,y,z] (before v7) or {factor:[x,y,z], unit}; mags as
// `mags:[{mag, path?, axisOrder?}]`, old `wkwResolutions:[{resolution, cubeLength}]` or legacy
// `resolutions:[[x,y,z]…]`, where a mag is [x,y,z], a number or "2-2-1"; `largestSegmentId` as a
// number, a decimal string or null; `elementClass` uint24 = 3 × uint8 (RGB).

#include <nlohmann/json.hpp>

#include "core/dataset/Dataset.h"

namespace skein {

// `what` names the source in error messages (usually the file path or URL).
Result<Dataset> parseDatasourceProperties(const nlohmann::json& properties, const std::string& what);

// elementClass → per-channel data type and channel count ("uint24" → uint8 × 3, "float" → float32).
std::optional<std::pair<DataType, int>> parseElementClass(const std::string& elementClass);
// The inverse; uint8 × 3 → "uint24", float32 → "float", float64 → "double".
std::string elementClassName(DataType dtype, int channels);

// Writes a dataset as datasource-properties.json (new style: scale {factor, unit}, mags with paths
// relative to the dataset root, largestSegmentId as a number).
nlohmann::json datasourcePropertiesToJson(const Dataset& dataset);

}  // namespace skein
