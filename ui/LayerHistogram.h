#pragma once
// The value histogram of a layer, computed from decoded bricks already in the RAM cache (the
// Layers panel uses the coarsest mag with enough loaded voxels: cheap, yet it covers what the
// planes show). Pure and thread-safe: run it on a worker thread.

#include <cstdint>
#include <vector>

#include "core/stream/Brick.h"

namespace skein::ui {

struct Histogram {
  double lo = 0;  // value at the left edge of bin 0
  double hi = 0;  // value at the right edge of the last bin
  std::vector<std::int64_t> counts;
  std::int64_t samples = 0;

  bool empty() const { return samples == 0 || counts.empty(); }
  double binWidth() const { return counts.empty() ? 0 : (hi - lo) / static_cast<double>(counts.size()); }
  // The value below which a fraction q (0..1) of the samples lie (bin resolution).
  double percentile(double q) const;
};

// Channel 0 of every non-absent brick, only its valid voxels, sampled with a stride so that at most
// `maxSamples` values are read. Integer types whose value span fits in `bins` get one bin per value
// (uint8: 256 bins over 0..255); otherwise `bins` bins span the sampled minimum to maximum.
Histogram computeHistogram(const std::vector<BrickPtr>& bricks, int bins = 256,
                           std::int64_t maxSamples = std::int64_t{1} << 20);

}  // namespace skein::ui
