#include "core/format/ZarrJson.h"

namespace skein::zarr {

std::string joinKey(const std::string& prefix, const std::string& name) {
  if (prefix.empty()) return name;
  if (name.empty()) return prefix;
  return prefix + "/" + name;
}

std::string normalizeNodeKey(const std::string& key) {
  std::size_t begin = key.find_first_not_of('/');
  if (begin == std::string::npos) return {};
  std::size_t end = key.find_last_not_of('/');
  return key.substr(begin, end - begin + 1);
}

Result<std::optional<nlohmann::json>> readJsonIfPresent(Store& store, const std::string& key) {
  auto bytes = store.read(key);
  if (!bytes.ok()) return bytes.error().withContext("reading " + store.describe(key));
  if (!bytes->has_value()) return std::optional<nlohmann::json>{};
  const QByteArray& b = **bytes;
  nlohmann::json doc = nlohmann::json::parse(b.constData(), b.constData() + b.size(), nullptr,
                                             /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return makeError(ErrorCode::InvalidData, store.describe(key) + " is not valid JSON");
  return std::optional<nlohmann::json>(std::move(doc));
}

Result<nlohmann::json> readZarrJson(Store& store, const std::string& key) {
  SKEIN_ASSIGN_OR_RETURN(auto doc, readJsonIfPresent(store, key));
  if (!doc) return makeError(ErrorCode::NotFound, store.describe(key) + " does not exist");
  return std::move(*doc);
}

Result<Shape> parseIntList(const nlohmann::json& value, const std::string& what, std::int64_t minValue) {
  if (!value.is_array()) return makeError(ErrorCode::InvalidData, what + " must be a list of integers");
  Shape out;
  out.reserve(value.size());
  for (const auto& v : value) {
    std::int64_t n = 0;
    if (v.is_number_unsigned()) {
      if (v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
        return makeError(ErrorCode::InvalidData, what + " has an element that is too large");
      n = static_cast<std::int64_t>(v.get<std::uint64_t>());
    } else if (v.is_number_integer()) {
      n = v.get<std::int64_t>();
    } else {
      return makeError(ErrorCode::InvalidData, what + " must be a list of integers, found " + v.dump());
    }
    if (n < minValue)
      return makeError(ErrorCode::InvalidData,
                       what + " has the element " + std::to_string(n) + ", expected >= " + std::to_string(minValue));
    out.push_back(n);
  }
  return out;
}

std::vector<std::string> unknownFields(const nlohmann::json& doc, std::initializer_list<const char*> known) {
  std::vector<std::string> out;
  if (!doc.is_object()) return out;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    bool found = false;
    for (const char* k : known)
      if (it.key() == k) found = true;
    if (!found) out.push_back(it.key());
  }
  return out;
}

}  // namespace skein::zarr
