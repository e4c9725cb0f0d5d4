#include "ui/VoxelValue.h"

#include <QFloat16>
#include <QStringList>

#include <algorithm>
#include <cstring>

namespace skein::ui {

namespace {
template <typename T>
T load(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
}  // namespace

double elementAsDouble(const std::uint8_t* p, DataType dtype) {
  switch (dtype) {
    case DataType::Bool: case DataType::UInt8: return *p;
    case DataType::Int8: return load<std::int8_t>(p);
    case DataType::UInt16: return load<std::uint16_t>(p);
    case DataType::Int16: return load<std::int16_t>(p);
    case DataType::UInt32: return load<std::uint32_t>(p);
    case DataType::Int32: return load<std::int32_t>(p);
    case DataType::UInt64: return static_cast<double>(load<std::uint64_t>(p));
    case DataType::Int64: return static_cast<double>(load<std::int64_t>(p));
    case DataType::Float16: return static_cast<float>(load<qfloat16>(p));
    case DataType::Float32: return load<float>(p);
    case DataType::Float64: return load<double>(p);
  }
  return 0.0;
}

std::uint64_t elementAsId(const std::uint8_t* p, DataType dtype) {
  switch (dtype) {
    case DataType::UInt64: return load<std::uint64_t>(p);
    case DataType::Int64: return static_cast<std::uint64_t>(load<std::int64_t>(p));
    default: {
      const double d = elementAsDouble(p, dtype);
      return d > 0 ? static_cast<std::uint64_t>(d) : 0;
    }
  }
}

std::optional<VoxelValue> readBrickVoxel(const Brick& brick, const Vec3i& magVoxel) {
  const Vec3i local = magVoxel - brick.origin;
  for (int i = 0; i < 3; ++i)
    if (local[i] < 0 || local[i] >= brick.validExtent[i] || local[i] >= brick.extent[i]) return std::nullopt;
  const std::size_t es = dataTypeSize(brick.dtype);
  VoxelValue out;
  if (brick.absent) {
    if (brick.fillValue.size() != static_cast<qsizetype>(es)) return std::nullopt;
    const auto* fill = reinterpret_cast<const std::uint8_t*>(brick.fillValue.constData());
    out.fill = true;
    out.channels.assign(static_cast<std::size_t>(std::max(1, brick.channels)), elementAsDouble(fill, brick.dtype));
    out.id = elementAsId(fill, brick.dtype);
    return out;
  }
  const std::int64_t index = (local.z * brick.extent.y + local.y) * brick.extent.x + local.x;
  const std::int64_t perChannel = brick.voxelsPerChannel();
  const auto needed = static_cast<std::int64_t>(brick.channels) * perChannel * static_cast<std::int64_t>(es);
  if (brick.channels < 1 || brick.data.size() < needed) return std::nullopt;
  for (int c = 0; c < brick.channels; ++c) {
    const std::uint8_t* element = brick.channelData(c) + index * static_cast<std::int64_t>(es);
    out.channels.push_back(elementAsDouble(element, brick.dtype));
    if (c == 0) out.id = elementAsId(element, brick.dtype);
  }
  return out;
}

QString formatVoxelValue(const VoxelValue& value, DataType dtype, bool segmentation) {
  if (segmentation) return QString::number(value.id);
  QStringList parts;
  for (double v : value.channels)
    parts << (isFloat(dtype) ? QString::number(v, 'g', 5) : QString::number(static_cast<qint64>(v)));
  return parts.join(QStringLiteral(", "));
}

}  // namespace skein::ui
