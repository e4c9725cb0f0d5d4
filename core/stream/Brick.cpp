#include "core/stream/Brick.h"

namespace skein {

const std::uint8_t* Brick::channelData(int c) const {
  if (absent || c < 0 || c >= channels) return nullptr;
  const std::int64_t channelBytes = voxelsPerChannel() * static_cast<std::int64_t>(dataTypeSize(dtype));
  if ((c + 1) * channelBytes > data.size()) return nullptr;
  return data.constData() + c * channelBytes;
}

}  // namespace skein
