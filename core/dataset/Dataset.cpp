#include "core/dataset/Dataset.h"

#include <algorithm>
#include <charconv>
#include <tuple>

namespace skein {

const Mag* Layer::findMag(const Vec3i& factor) const {
  for (const Mag& m : mags)
    if (m.factor == factor) return &m;
  return nullptr;
}

Mag* Layer::findMag(const Vec3i& factor) {
  for (Mag& m : mags)
    if (m.factor == factor) return &m;
  return nullptr;
}

const Layer* Dataset::findLayer(const std::string& layerName) const {
  for (const Layer& l : layers)
    if (l.name == layerName) return &l;
  return nullptr;
}

Layer* Dataset::findLayer(const std::string& layerName) {
  for (Layer& l : layers)
    if (l.name == layerName) return &l;
  return nullptr;
}

namespace {

bool parsePositiveInt(std::string_view s, std::int64_t& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && out > 0;
}

}  // namespace

std::optional<Vec3i> parseMagString(const std::string& text) {
  std::string_view s = text;
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  std::vector<std::int64_t> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-' || s[i] == ',') {
      std::int64_t v = 0;
      if (!parsePositiveInt(s.substr(start, i - start), v)) return std::nullopt;
      parts.push_back(v);
      start = i + 1;
    }
  }
  if (parts.size() == 1) return Vec3i{parts[0], parts[0], parts[0]};
  if (parts.size() == 3) return Vec3i{parts[0], parts[1], parts[2]};
  return std::nullopt;
}

std::string magToString(const Vec3i& mag) {
  return std::to_string(mag.x) + "-" + std::to_string(mag.y) + "-" + std::to_string(mag.z);
}

const char* layerCategoryName(LayerCategory c) {
  return c == LayerCategory::Segmentation ? "segmentation" : "color";
}

void sortMags(std::vector<Mag>& mags) {
  std::stable_sort(mags.begin(), mags.end(), [](const Mag& a, const Mag& b) {
    return std::make_tuple(a.factor.product(), a.factor.x, a.factor.y, a.factor.z) <
           std::make_tuple(b.factor.product(), b.factor.x, b.factor.y, b.factor.z);
  });
}

}  // namespace skein
