#include "core/stream/StreamTypes.h"

namespace skein {

const char* brickStateName(BrickState state) {
  switch (state) {
    case BrickState::Unknown: return "unknown";
    case BrickState::Queued: return "queued";
    case BrickState::Loading: return "loading";
    case BrickState::Decoded: return "decoded";
    case BrickState::Missing: return "missing";
    case BrickState::Failed: return "failed";
  }
  return "unknown";
}

}  // namespace skein
