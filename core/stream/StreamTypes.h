#pragma once
// Vocabulary shared by the streaming engine, the slice planner and the consumers (renderer, CLI).

#include <cstdint>
#include <string>

#include "core/stream/Brick.h"

namespace skein {

// Which kind of need a request expresses; a lower tier always outranks a higher one
// (Neuroglancer chunk manager: VISIBLE > PREFETCH > RECENT).
enum class PriorityTier : std::uint8_t { Visible = 0, Prefetch = 1, Recent = 2 };

enum class BrickState : std::uint8_t {
  Unknown,  // never requested, or evicted
  Queued,   // waiting for a worker (includes waiting out a retry back-off)
  Loading,  // a worker is reading and decoding it
  Decoded,  // in the RAM cache
  Missing,  // the chunk is absent in the store: renders as fill, never read again
  Failed,   // failed after all retries: renders as missing, counted in the statistics
};
const char* brickStateName(BrickState state);

struct BrickRequest {
  BrickKey key;
  PriorityTier tier = PriorityTier::Visible;
  double priority = 0;  // within a tier, higher is more important
};

// One finished brick handed to the consumer thread.
struct ReadyBrick {
  BrickKey key;
  BrickState state = BrickState::Decoded;  // Decoded, Missing or Failed
  BrickPtr brick;                          // null when Failed
  std::string error;                       // why it failed (one sentence)
  PriorityTier tier = PriorityTier::Visible;  // how it was requested when it arrived
};

struct StreamSettings {
  std::int64_t ramBudgetBytes = std::int64_t{2} << 30;  // decoded bricks in RAM
  std::int64_t gpuBudgetBytes = std::int64_t{1} << 30;  // enforced by the renderer's GPU brick cache
  int maxRequestsPerHost = 16;  // simultaneous chunk reads per server (or per local disk)
  int maxConcurrentJobs = 24;   // worker threads reading and decoding bricks
  int maxRetries = 3;           // retries of a failing brick before it is marked failed
  int initialBackoffMs = 100;   // delay before the first retry, doubled each time
  int maxBackoffMs = 5000;
};

}  // namespace skein
