#include "core/format/OpenArray.h"

#include "core/format/N5Array.h"
#include "core/format/PrecomputedArray.h"
#include "core/format/WkwArray.h"
#include "core/format/Zarr2Array.h"
#include "core/format/Zarr3Array.h"

namespace skein {

namespace {

Result<bool> exists(Store& store, const std::string& key) {
  SKEIN_ASSIGN_OR_RETURN(auto size, store.size(key));
  return size.has_value();
}

// Parses a small JSON document; nullopt when absent or not an object (malformed is not an error
// for detection: the format's own reader reports it properly).
Result<std::optional<nlohmann::json>> readSmallJson(Store& store, const std::string& key) {
  SKEIN_ASSIGN_OR_RETURN(auto bytes, store.read(key));
  if (!bytes) return std::optional<nlohmann::json>{};
  nlohmann::json j = nlohmann::json::parse(bytes->constBegin(), bytes->constEnd(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::optional<nlohmann::json>{nlohmann::json::object()};
  return std::optional<nlohmann::json>{std::move(j)};
}

std::string normalizedHint(const std::string& hint) {
  if (hint == "zarr") return "zarr2";
  if (hint == "neuroglancerPrecomputed") return "precomputed";
  return hint;
}

}  // namespace

Result<std::string> detectArrayFormat(Store& store, const std::string& key) {
  SKEIN_ASSIGN_OR_RETURN(auto zarr3, readSmallJson(store, joinKey(key, "zarr.json")));
  if (zarr3 && (!zarr3->contains("node_type") || (*zarr3)["node_type"] == "array")) return std::string("zarr3");
  SKEIN_ASSIGN_OR_RETURN(bool zarr2, exists(store, joinKey(key, ".zarray")));
  if (zarr2) return std::string("zarr2");
  SKEIN_ASSIGN_OR_RETURN(auto n5, readSmallJson(store, joinKey(key, "attributes.json")));
  if (n5 && n5->contains("dimensions")) return std::string("n5");
  SKEIN_ASSIGN_OR_RETURN(bool wkw, exists(store, joinKey(key, "header.wkw")));
  if (wkw) return std::string("wkw");
  SKEIN_ASSIGN_OR_RETURN(bool info, exists(store, joinKey(key, "info")));
  if (info) return std::string("precomputed");
  return std::string();
}

Result<ArrayPtr> openArray(StorePtr store, const std::string& key, const OpenArrayOptions& options) {
  std::string format = normalizedHint(options.formatHint);
  if (format.empty()) {
    SKEIN_ASSIGN_OR_RETURN(format, detectArrayFormat(*store, key));
  }
  Result<std::shared_ptr<ChunkedArray>> r = makeError(ErrorCode::Internal, "unreachable");
  if (format == "zarr3") r = openZarr3Array(store, key);
  else if (format == "zarr2") r = openZarr2Array(store, key);
  else if (format == "n5") r = openN5Array(store, key);
  else if (format == "wkw") r = openWkwArray(store, key, options.wkwShape);
  else if (format == "precomputed") r = openPrecomputedArray(store, key, options.precomputedScale);
  else if (format.empty())
    return makeError(ErrorCode::NotFound, store->describe(key) +
                                              " holds no array (looked for zarr.json, .zarray, attributes.json, "
                                              "header.wkw and info)");
  else
    return makeError(ErrorCode::InvalidArgument, "unknown array format \"" + options.formatHint + "\"");
  if (!r.ok()) return r.error();
  return ArrayPtr(std::move(r).value());
}

}  // namespace skein
