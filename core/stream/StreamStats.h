#pragma once
// A snapshot of the streaming engine for the statistics panel and the status bar.

#include <cstdint>
#include <string>

namespace skein {

struct StreamStats {
  std::uint64_t generation = 0;
  // RAM cache
  std::int64_t ramBytesUsed = 0;
  std::int64_t ramBytesReserved = 0;  // promised to bricks being loaded
  std::int64_t ramBudgetBytes = 0;
  std::int64_t gpuBytesUsed = 0;  // as reported by the renderer
  std::int64_t gpuBudgetBytes = 0;
  bool budgetStalled = false;  // wanted bricks wait because the RAM budget is full of visible ones
  // Bricks per state, now
  std::int64_t queued = 0;
  std::int64_t loading = 0;  // = requests in flight
  std::int64_t decoded = 0;
  std::int64_t missing = 0;
  std::int64_t failed = 0;
  std::int64_t visibleWanted = 0;   // visible bricks in the current request set
  std::int64_t visibleReady = 0;    // … of which decoded or missing
  // Totals since start
  std::int64_t loadedTotal = 0;
  std::int64_t bytesLoadedTotal = 0;
  std::int64_t missingTotal = 0;
  std::int64_t failuresTotal = 0;   // bricks that ended as failed
  std::int64_t retriesTotal = 0;
  std::int64_t cancelledTotal = 0;  // in-flight reads aborted because the view moved on
  std::int64_t droppedTotal = 0;    // queued requests dropped by a newer generation
  std::int64_t evictedTotal = 0;
  std::string lastError;            // the latest failure, one sentence
};

// "1.5 GiB", "512 KiB", "12 B".
std::string formatBytes(std::int64_t bytes);

// One line for the status bar: loading progress, failures and missing chunks, and a clear warning
// when the RAM budget stalls loading. Empty when there is nothing to say.
std::string describeStreamStatus(const StreamStats& stats);

}  // namespace skein
