#include "core/dataset/JsonRead.h"

#include <cmath>
#include <limits>

namespace skein {

Result<nlohmann::json> parseJson(const QByteArray& bytes, const std::string& what, bool allowComments) {
  try {
    return nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, true, allowComments);
  } catch (const nlohmann::json::exception& e) {
    return makeError(ErrorCode::InvalidData, what + " is not valid JSON (" + e.what() + ")");
  }
}

Result<std::optional<nlohmann::json>> readJsonObject(Store& store, const std::string& key) {
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, store.read(key));
  if (!bytes) return std::optional<nlohmann::json>{};
  SKEIN_ASSIGN_OR_RETURN(nlohmann::json j, parseJson(*bytes, store.describe(key)));
  if (!j.is_object())
    return makeError(ErrorCode::InvalidData, store.describe(key) + " must hold a JSON object");
  return std::optional<nlohmann::json>(std::move(j));
}

std::optional<std::uint64_t> jsonToUint64(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer()) {
    auto v = value.get<std::int64_t>();
    if (v < 0) return std::nullopt;
    return static_cast<std::uint64_t>(v);
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (d < 0 || d != std::floor(d) || d > 1.8e19) return std::nullopt;
    return static_cast<std::uint64_t>(d);
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.empty() || s.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
      if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
      v = v * 10 + digit;
    }
    return v;
  }
  return std::nullopt;
}

std::optional<std::int64_t> jsonToInt64(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    auto v = value.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (d != std::floor(d) || std::fabs(d) > 9.0e18) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> jsonToDouble(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  return std::nullopt;
}

std::optional<std::vector<double>> jsonToDoubles(const nlohmann::json& value) {
  if (!value.is_array()) return std::nullopt;
  std::vector<double> out;
  for (const auto& v : value) {
    auto d = jsonToDouble(v);
    if (!d) return std::nullopt;
    out.push_back(*d);
  }
  return out;
}

std::optional<std::vector<std::int64_t>> jsonToInts(const nlohmann::json& value) {
  if (!value.is_array()) return std::nullopt;
  std::vector<std::int64_t> out;
  for (const auto& v : value) {
    auto i = jsonToInt64(v);
    if (!i) return std::nullopt;
    out.push_back(*i);
  }
  return out;
}

std::optional<Vec3i> jsonToVec3i(const nlohmann::json& value) {
  if (auto n = jsonToInt64(value)) return Vec3i{*n, *n, *n};
  auto v = jsonToInts(value);
  if (!v || v->size() != 3) return std::nullopt;
  return Vec3i{(*v)[0], (*v)[1], (*v)[2]};
}

std::optional<std::string> jsonString(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::string normalizeLengthUnit(const std::string& unit) {
  if (unit == "nm") return "nanometer";
  if (unit == "um" || unit == "\xC2\xB5m" || unit == "\xCE\xBCm" || unit == "micron") return "micrometer";
  if (unit == "mm") return "millimeter";
  if (unit == "pm") return "picometer";
  if (unit == "A" || unit == "\xC3\x85") return "angstrom";
  if (unit == "m") return "meter";
  if (unit == "cm") return "centimeter";
  return unit;
}

}  // namespace skein
