#include "core/store/StoreKeys.h"

#include <set>

namespace skein {

Status checkKey(const std::string& key) {
  if (key.find('\0') != std::string::npos || key.find('\\') != std::string::npos)
    return makeError(ErrorCode::InvalidArgument, "store key \"" + key + "\" contains a NUL byte or a backslash");
  if (!key.empty() && key.front() == '/')
    return makeError(ErrorCode::InvalidArgument, "store key \"" + key + "\" must be relative, not start with '/'");
  for (const std::string& part : splitKey(key)) {
    if (part == "." || part == "..")
      return makeError(ErrorCode::InvalidArgument,
                       "store key \"" + key + "\" must not contain \".\" or \"..\" segments");
  }
  return Status::success();
}

std::vector<std::string> splitKey(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t slash = key.find('/', start);
    const std::size_t end = slash == std::string::npos ? key.size() : slash;
    if (end > start) parts.push_back(key.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

Result<std::pair<std::int64_t, std::int64_t>> resolveRange(const std::optional<ByteRange>& range,
                                                           std::int64_t size, const std::string& where) {
  if (!range) return std::pair<std::int64_t, std::int64_t>{0, size};
  if (range->offset < 0) {
    if (range->length != -1)
      return makeError(ErrorCode::InvalidArgument, "a suffix byte range of " + where + " cannot have a length");
    const std::int64_t n = -range->offset;
    return std::pair<std::int64_t, std::int64_t>{n >= size ? 0 : size - n, size};
  }
  if (range->length < -1)
    return makeError(ErrorCode::InvalidArgument, "byte range of " + where + " has a negative length");
  if (range->offset > size)
    return makeError(ErrorCode::InvalidData, "byte range starting at " + std::to_string(range->offset) +
                                                 " is beyond the end of " + where + " (" + std::to_string(size) +
                                                 " bytes)");
  const std::int64_t available = size - range->offset;
  const std::int64_t length = range->length == -1 ? available : std::min(range->length, available);
  return std::pair<std::int64_t, std::int64_t>{range->offset, range->offset + length};
}

std::vector<std::string> childrenOf(const std::vector<std::string>& keys, const std::string& prefix) {
  const std::string normPrefix = joinKey(prefix, "");
  const std::string lead = normPrefix.empty() ? std::string() : normPrefix + "/";
  std::set<std::string> names;
  for (const std::string& key : keys) {
    const std::string k = joinKey(key, "");
    if (k.size() <= lead.size() || k.compare(0, lead.size(), lead) != 0) continue;
    const std::size_t slash = k.find('/', lead.size());
    names.insert(k.substr(lead.size(), slash == std::string::npos ? std::string::npos : slash - lead.size()));
  }
  return {names.begin(), names.end()};
}

}  // namespace skein
