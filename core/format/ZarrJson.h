#pragma once
// JSON helpers shared by the Zarr v2/v3 readers and writers: reading a metadata document from a
// store, joining keys, and strict field accessors whose errors name the document and the field.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/format/ChunkedArray.h"
#include "core/store/Store.h"

namespace skein::zarr {

// "a/b" + "c" -> "a/b/c"; an empty prefix yields `name` unchanged.
std::string joinKey(const std::string& prefix, const std::string& name);

// Strips leading and trailing '/' from a node key ("/a/b/" -> "a/b").
std::string normalizeNodeKey(const std::string& key);

// The parsed JSON document at `key`, std::nullopt when the key is absent; malformed JSON is an
// InvalidData error naming the key.
Result<std::optional<nlohmann::json>> readJsonIfPresent(Store& store, const std::string& key);

// Like readJsonIfPresent, but an absent key is a NotFound error.
Result<nlohmann::json> readZarrJson(Store& store, const std::string& key);

// A list of integers (shape, chunk shape). Every element must be >= minValue.
Result<Shape> parseIntList(const nlohmann::json& value, const std::string& what, std::int64_t minValue);

// The members of `doc` that are not in `known`, for "unknown field" checks.
std::vector<std::string> unknownFields(const nlohmann::json& doc, std::initializer_list<const char*> known);

}  // namespace skein::zarr
