#include "core/stream/BrickKey.h"

namespace skein {

std::string BrickKey::toString() const {
  return layer + "/mag" + std::to_string(mag) + "/" + grid.toString();
}

}  // namespace skein
