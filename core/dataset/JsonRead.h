#pragma once
// Small helpers for reading dataset metadata JSON safely: parse errors become Error values, and
// typed getters return std::nullopt instead of throwing when a value has the wrong shape.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/Bytes.h"
#include "core/base/Result.h"
#include "core/base/Vec3.h"
#include "core/store/Store.h"

namespace skein {

// Parses JSON (optionally JSONC with // and /* */ comments); `what` names the source in errors.
Result<nlohmann::json> parseJson(const QByteArray& bytes, const std::string& what, bool allowComments = false);

// Reads and parses a JSON object stored at `key`; std::nullopt when the key is absent.
Result<std::optional<nlohmann::json>> readJsonObject(Store& store, const std::string& key);

// A uint64 written as a JSON number or as a decimal string (webKnossos v15+ writes strings).
std::optional<std::uint64_t> jsonToUint64(const nlohmann::json& value);
std::optional<std::int64_t> jsonToInt64(const nlohmann::json& value);  // integral numbers only
std::optional<double> jsonToDouble(const nlohmann::json& value);
std::optional<std::vector<double>> jsonToDoubles(const nlohmann::json& value);
std::optional<std::vector<std::int64_t>> jsonToInts(const nlohmann::json& value);
// [x, y, z] of integers, or a single integer meaning (n, n, n).
std::optional<Vec3i> jsonToVec3i(const nlohmann::json& value);

// The string at `key` of an object, or std::nullopt.
std::optional<std::string> jsonString(const nlohmann::json& object, const char* key);

// UDUNITS spelling of common length-unit abbreviations ("nm" → "nanometer", "um"/"µm" →
// "micrometer"); other names are returned unchanged.
std::string normalizeLengthUnit(const std::string& unit);

}  // namespace skein
