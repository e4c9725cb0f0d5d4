#include "ui/LayerHistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/VoxelValue.h"

namespace skein::ui {

namespace {

std::int64_t validVoxels(const Brick& b) {
  if (b.absent || b.data.isEmpty()) return 0;
  const Vec3i v{std::min(b.validExtent.x, b.extent.x), std::min(b.validExtent.y, b.extent.y),
                std::min(b.validExtent.z, b.extent.z)};
  return v.x > 0 && v.y > 0 && v.z > 0 ? v.product() : 0;
}

// Reads every `stride`-th valid voxel of channel 0; `counter` runs on across bricks.
void sampleBrick(const Brick& b, std::int64_t stride, std::int64_t& counter, std::vector<double>& out) {
  const std::uint8_t* data = b.channelData(0);
  if (!data) return;
  const auto es = static_cast<std::int64_t>(dataTypeSize(b.dtype));
  const Vec3i v{std::min(b.validExtent.x, b.extent.x), std::min(b.validExtent.y, b.extent.y),
                std::min(b.validExtent.z, b.extent.z)};
  for (std::int64_t z = 0; z < v.z; ++z)
    for (std::int64_t y = 0; y < v.y; ++y) {
      const std::int64_t row = (z * b.extent.y + y) * b.extent.x;
      for (std::int64_t x = 0; x < v.x; ++x)
        if (counter++ % stride == 0) out.push_back(elementAsDouble(data + (row + x) * es, b.dtype));
    }
}

}  // namespace

double Histogram::percentile(double q) const {
  if (empty()) return lo;
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(samples);
  std::int64_t running = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    running += counts[i];
    if (static_cast<double>(running) >= target) return lo + binWidth() * static_cast<double>(i);
  }
  return hi;
}

Histogram computeHistogram(const std::vector<BrickPtr>& bricks, int bins, std::int64_t maxSamples) {
  Histogram h;
  if (bins <= 0 || bricks.empty()) return h;
  std::int64_t total = 0;
  for (const auto& b : bricks)
    if (b) total += validVoxels(*b);
  if (total == 0) return h;
  const std::int64_t stride = std::max<std::int64_t>(1, (total + maxSamples - 1) / std::max<std::int64_t>(1, maxSamples));
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(std::min(total, maxSamples) + 1));
  std::int64_t counter = 0;
  DataType dtype = DataType::UInt8;
  for (const auto& b : bricks)
    if (b && validVoxels(*b) > 0) {
      dtype = b->dtype;
      sampleBrick(*b, stride, counter, values);
    }
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!std::isfinite(lo)) return h;
  if (!isFloat(dtype)) {
    if (dtype == DataType::UInt8 || dtype == DataType::Bool) lo = 0, hi = 255;
    if (dtype == DataType::Int8) lo = -128, hi = 127;
    hi += 1;  // integer values sit at the left edge of their bin
    if (hi - lo <= bins) bins = static_cast<int>(hi - lo);
  } else if (hi <= lo) {
    hi = lo + 1;
  }
  h.lo = lo;
  h.hi = hi;
  h.counts.assign(static_cast<std::size_t>(bins), 0);
  const double scale = bins / (hi - lo);
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    const auto bin = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((v - lo) * scale)), 0, bins - 1);
    ++h.counts[static_cast<std::size_t>(bin)];
    ++h.samples;
  }
  return h;
}

}  // namespace skein::ui
