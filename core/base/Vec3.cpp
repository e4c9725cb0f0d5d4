#include "core/base/Vec3.h"

namespace skein {

std::string Vec3i::toString() const {
  return std::to_string(x) + "," + std::to_string(y) + "," + std::to_string(z);
}

std::string Box3i::toString() const { return min.toString() + "," + size.toString(); }

}  // namespace skein
