#pragma once
// Allocation-free number parsing and formatting for NML attribute values (std::from_chars /
// std::to_chars): the reader and writer handle millions of them.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace skein::skeleton::nml {

inline std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  return s;
}

// Any finite or non-finite double; the caller decides whether NaN/inf are acceptable.
inline bool parseDouble(std::string_view s, double& out) {
  s = trimmed(s);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// An integer in [lo, hi]. Integral decimals ("12.0", "1e3") are accepted: some writers emit
// integer fields as floats.
inline bool parseInteger(std::string_view s, std::int64_t& out, std::int64_t lo, std::int64_t hi) {
  s = trimmed(s);
  if (s.empty()) return false;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) {
    if (v < lo || v > hi) return false;
    out = v;
    return true;
  }
  double d = 0;
  if (!parseDouble(s, d) || !std::isfinite(d) || d != std::floor(d)) return false;
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

// Fast paths for NUL-terminated values (expat attribute values): plain decimal integers are
// parsed without strlen; anything else falls back to the general parsers above.
inline bool parseIntegerZ(const char* s, std::int64_t& out, std::int64_t lo, std::int64_t hi) {
  const char* p = s;
  bool negative = *p == '-';
  if (negative) ++p;
  std::uint64_t v = 0;
  int digits = 0;
  for (; *p >= '0' && *p <= '9' && digits < 18; ++p, ++digits) v = v * 10 + static_cast<std::uint64_t>(*p - '0');
  if (*p == '\0' && digits > 0) {
    auto signedValue = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    if (signedValue < lo || signedValue > hi) return false;
    out = signedValue;
    return true;
  }
  return parseInteger(s, out, lo, hi);
}

inline bool parseDoubleZ(const char* s, double& out) {
  const char* p = s;
  bool negative = *p == '-';
  if (negative) ++p;
  std::uint64_t v = 0;
  int digits = 0;
  for (; *p >= '0' && *p <= '9' && digits < 15; ++p, ++digits) v = v * 10 + static_cast<std::uint64_t>(*p - '0');
  if (*p == '\0' && digits > 0) {  // exact: fewer than 2^53
    out = negative ? -static_cast<double>(v) : static_cast<double>(v);
    return true;
  }
  return parseDouble(s, out);
}

inline bool parseBool(std::string_view s, bool& out) {
  s = trimmed(s);
  auto eq = [&](std::string_view word) {
    if (s.size() != word.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
      if ((s[i] | 0x20) != word[i]) return false;
    return true;
  };
  if (eq("true") || s == "1") {
    out = true;
    return true;
  }
  if (eq("false") || s == "0") {
    out = false;
    return true;
  }
  return false;
}

inline void appendInt(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// Shortest text that reads back to the same double. Integral values print without a fraction
// unless `forceFraction` (then "1.0", as webKnossos writes floats).
inline void appendDouble(std::string& out, double v, bool forceFraction) {
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e15) {
    appendInt(out, static_cast<std::int64_t>(v));
    if (forceFraction) out += ".0";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

inline void appendFloat(std::string& out, float v) {
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e7f) {
    appendInt(out, static_cast<std::int64_t>(v));
    out += ".0";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

}  // namespace skein::skeleton::nml
