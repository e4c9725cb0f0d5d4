#include "core/dataset/ElementConvert.h"

#include <cstring>
#include <limits>
#include <type_traits>
#include <string>

namespace skein {

namespace {

template <typename S, typename D>
void convertTyped(const void* src, void* dst, std::int64_t count) {
  const auto* s = static_cast<const S*>(src);
  auto* d = static_cast<D*>(dst);
  for (std::int64_t i = 0; i < count; ++i) {
    S v;
    std::memcpy(&v, s + i, sizeof(S));
    D r;
    if constexpr (std::is_floating_point_v<S> && std::is_integral_v<D>) {
      // Out-of-range float → integer casts are undefined; saturate (NaN → 0) instead.
      if (!(v == v)) r = 0;
      else if (v <= static_cast<S>(std::numeric_limits<D>::lowest())) r = std::numeric_limits<D>::lowest();
      else if (v >= static_cast<S>(std::numeric_limits<D>::max())) r = std::numeric_limits<D>::max();
      else r = static_cast<D>(v);
    } else {
      r = static_cast<D>(v);
    }
    std::memcpy(d + i, &r, sizeof(D));
  }
}

template <typename S>
bool convertFrom(const void* src, void* dst, DataType to, std::int64_t count) {
  switch (to) {
    case DataType::Bool:
    case DataType::UInt8: convertTyped<S, std::uint8_t>(src, dst, count); return true;
    case DataType::Int8: convertTyped<S, std::int8_t>(src, dst, count); return true;
    case DataType::Int16: convertTyped<S, std::int16_t>(src, dst, count); return true;
    case DataType::UInt16: convertTyped<S, std::uint16_t>(src, dst, count); return true;
    case DataType::Int32: convertTyped<S, std::int32_t>(src, dst, count); return true;
    case DataType::UInt32: convertTyped<S, std::uint32_t>(src, dst, count); return true;
    case DataType::Int64: convertTyped<S, std::int64_t>(src, dst, count); return true;
    case DataType::UInt64: convertTyped<S, std::uint64_t>(src, dst, count); return true;
    case DataType::Float32: convertTyped<S, float>(src, dst, count); return true;
    case DataType::Float64: convertTyped<S, double>(src, dst, count); return true;
    case DataType::Float16: return false;
  }
  return false;
}

}  // namespace

Status convertElements(const void* src, DataType from, void* dst, DataType to, std::int64_t count) {
  if (from == to) {
    std::memcpy(dst, src, static_cast<std::size_t>(count) * dataTypeSize(from));
    return {};
  }
  bool ok = false;
  switch (from) {
    case DataType::Bool:
    case DataType::UInt8: ok = convertFrom<std::uint8_t>(src, dst, to, count); break;
    case DataType::Int8: ok = convertFrom<std::int8_t>(src, dst, to, count); break;
    case DataType::Int16: ok = convertFrom<std::int16_t>(src, dst, to, count); break;
    case DataType::UInt16: ok = convertFrom<std::uint16_t>(src, dst, to, count); break;
    case DataType::Int32: ok = convertFrom<std::int32_t>(src, dst, to, count); break;
    case DataType::UInt32: ok = convertFrom<std::uint32_t>(src, dst, to, count); break;
    case DataType::Int64: ok = convertFrom<std::int64_t>(src, dst, to, count); break;
    case DataType::UInt64: ok = convertFrom<std::uint64_t>(src, dst, to, count); break;
    case DataType::Float32: ok = convertFrom<float>(src, dst, to, count); break;
    case DataType::Float64: ok = convertFrom<double>(src, dst, to, count); break;
    case DataType::Float16: ok = false; break;
  }
  if (!ok)
    return makeError(ErrorCode::Unsupported, "cannot convert " + std::string(dataTypeName(from)) + " values to " +
                                                 std::string(dataTypeName(to)));
  return {};
}

}  // namespace skein
