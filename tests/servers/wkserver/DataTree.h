#pragma once
// Voxel data of the test server's datasets, served in the datastore's Zarr v2 streaming layout
// (webknossos-api.md §6.2). A dataset document with "dataDir" is backed by a webKnossos-style
// directory holding Zarr v2 mags (what `skeinctl sample create DIR --format zarr` writes, or an
// upload): datasource-properties.json, <layer>/.zattrs, <layer>/<mag>/.zarray and chunks.
//
// Deviation from webKnossos (which re-chunks to raw 32³ F-order buckets): chunks are served as
// stored (the sample's chunk shape, compressor and axis order, which .zarray and the axisOrder
// in datasource-properties.json describe). Chunk keys use "." like the real datastore; a stored
// "/" separator is mapped to the file tree.

#include <string>

#include <nlohmann/json.hpp>

#include "tests/servers/wkserver/WkServer.h"

namespace wk {

// "1" for an isotropic mag, else "2-2-1" (webKnossos' toMagLiteral(allowScalar = true)).
std::string magKey(const json& mag);

// The datasource as the datastore answers it: every layer zarr, mag paths "./<layer>/<magKey>".
json zarrDatasource(const json& dataset);

// Answers GET <dataset Zarr root>/<rest> for a dataset (rest: ".zgroup", "<layer>/.zattrs",
// "<layer>/<mag>/.zarray", "<layer>/<mag>/<c>.<z>.<y>.<x>" …). 404 JSON for what does not exist.
Response serveDatasetTree(const json& dataset, const std::string& rest);

// The datasource-properties.json of a data directory; nullopt (and `error`) when unreadable.
std::optional<json> readDatasource(const std::string& dataDir, std::string& error);

}  // namespace wk
