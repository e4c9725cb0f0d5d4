#pragma once
// Internal to the NML reader: limits and message helpers shared by the element readers.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/skeleton/NmlNumbers.h"
#include "core/skeleton/SkeletonTypes.h"

namespace skein::skeleton::nml {

inline constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
inline constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
inline constexpr double kFloatLimit = 3.0e38;

// An attribute value for an error message, shortened.
inline std::string quoted(const char* value) {
  std::string v(value);
  if (v.size() > 40) v = v.substr(0, 40) + "...";
  return "\"" + v + "\"";
}

// "<element>" (built by appending: GCC 12 warns falsely about `"<" + std::string(...)`).
inline std::string tag(std::string_view element) {
  std::string s;
  s.reserve(element.size() + 2);
  s += '<';
  s += element;
  s += '>';
  return s;
}

inline std::string edgeText(const Edge& e) { return std::to_string(e.source) + "-" + std::to_string(e.target); }

// Direction-independent key of an edge (for duplicate detection).
inline std::uint64_t edgeKey(const Edge& e) {
  auto lo = static_cast<std::uint32_t>(std::min(e.source, e.target));
  auto hi = static_cast<std::uint32_t>(std::max(e.source, e.target));
  return (std::uint64_t(lo) << 32) | hi;
}

// Attribute-name comparison without strlen (names come NUL-terminated from expat).
template <std::size_t N>
inline bool nameIs(const char* name, const char (&literal)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (name[i] != literal[i]) return false;
  return true;
}

}  // namespace skein::skeleton::nml
