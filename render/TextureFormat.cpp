#include "render/TextureFormat.h"

#include <cstring>

namespace skein::render {

namespace {

template <typename T>
void toFloat(const QByteArray& in, float* out, std::int64_t n) {
  const auto* src = reinterpret_cast<const T*>(in.constData());
  for (std::int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(src[i]);
}

// IEEE half → float (for float16 layers).
float halfToFloat(std::uint16_t h) {
  const std::uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
  std::uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal
      int e = -1;
      std::uint32_t m = mant;
      do { ++e; m <<= 1; } while ((m & 0x400) == 0);
      bits = sign | ((127 - 15 - e) << 23) | ((m & 0x3FF) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7F800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

template <typename T>
void toUint32(const QByteArray& in, std::uint32_t* out, std::int64_t n) {
  const auto* src = reinterpret_cast<const T*>(in.constData());
  for (std::int64_t i = 0; i < n; ++i) out[i] = static_cast<std::uint32_t>(src[i]);
}

}  // namespace

TextureFormat textureFormatFor(DataType dtype, int channels, bool segmentation) {
  TextureFormat f;
  if (segmentation) {
    f.integer = true;
    f.valueScale = 1.0;
    if (dataTypeSize(dtype) == 8) {
      f.internalFormat = GL_RG32UI; f.format = GL_RG_INTEGER; f.type = GL_UNSIGNED_INT;
      f.bytesPerVoxel = 8; f.components = 2;
    } else {
      f.internalFormat = GL_R32UI; f.format = GL_RED_INTEGER; f.type = GL_UNSIGNED_INT;
      f.bytesPerVoxel = 4; f.components = 1;
    }
    return f;
  }
  const int c = channels >= 3 ? 3 : 1;  // RGB for multi-channel colour, else the first channel
  f.components = c;
  static const GLenum r8[] = {GL_R8, GL_RG8, GL_RGB8}, r16[] = {GL_R16, GL_RG16, GL_RGB16},
                      r32f[] = {GL_R32F, GL_RG32F, GL_RGB32F};
  const GLenum fmt = c == 3 ? GL_RGB : GL_RED;
  if (dtype == DataType::UInt8 || dtype == DataType::Bool) {
    f.internalFormat = r8[c - 1]; f.format = fmt; f.type = GL_UNSIGNED_BYTE; f.bytesPerVoxel = c;
    f.valueScale = 255.0;
  } else if (dtype == DataType::UInt16) {
    f.internalFormat = r16[c - 1]; f.format = fmt; f.type = GL_UNSIGNED_SHORT; f.bytesPerVoxel = 2 * c;
    f.valueScale = 65535.0;
  } else {
    f.internalFormat = r32f[c - 1]; f.format = fmt; f.type = GL_FLOAT; f.bytesPerVoxel = 4 * c;
    f.valueScale = 1.0;
  }
  return f;
}

QByteArray convertForTexture(const QByteArray& data, std::int64_t voxels, DataType dtype, int channels,
                             const TextureFormat& format) {
  const std::size_t es = dataTypeSize(dtype);
  // Segmentation: channel 0 only, as uint32 (or both words of a uint64).
  if (format.integer) {
    if (channels == 1 && (es == 8 || es == 4)) return data;
    if (es == 8) {
      QByteArray out(voxels * 8, Qt::Uninitialized);
      for (std::int64_t v = 0; v < voxels; ++v) std::memcpy(out.data() + v * 8, data.constData() + v * channels * 8, 8);
      return out;
    }
    QByteArray picked = data;
    if (channels != 1) {
      picked = QByteArray(voxels * static_cast<qsizetype>(es), Qt::Uninitialized);
      for (std::int64_t v = 0; v < voxels; ++v)
        std::memcpy(picked.data() + v * es, data.constData() + v * channels * es, es);
    }
    QByteArray out(voxels * 4, Qt::Uninitialized);
    auto* o = reinterpret_cast<std::uint32_t*>(out.data());
    switch (dtype) {
      case DataType::Int8: toUint32<std::int8_t>(picked, o, voxels); break;
      case DataType::UInt16: toUint32<std::uint16_t>(picked, o, voxels); break;
      case DataType::Int16: toUint32<std::int16_t>(picked, o, voxels); break;
      case DataType::Float16: toUint32<std::uint16_t>(picked, o, voxels); break;
      case DataType::Float32: std::memcpy(o, picked.constData(), static_cast<std::size_t>(voxels) * 4); break;
      default: toUint32<std::uint8_t>(picked, o, voxels); break;
    }
    return out;
  }
  // Colour: the first `comps` channels, converted to the texture's element type.
  const int comps = format.components;
  const bool sameLayout = channels == comps;
  if (sameLayout && (dtype == DataType::UInt8 || dtype == DataType::UInt16 || dtype == DataType::Float32 ||
                     dtype == DataType::Bool))
    return data;
  const std::int64_t n = voxels * comps;
  QByteArray picked = data;
  if (!sameLayout) {
    picked = QByteArray(n * static_cast<qsizetype>(es), Qt::Uninitialized);
    for (std::int64_t v = 0; v < voxels; ++v)
      std::memcpy(picked.data() + v * comps * es, data.constData() + v * channels * es, comps * es);
  }
  if (format.type == GL_UNSIGNED_BYTE || format.type == GL_UNSIGNED_SHORT) return picked;
  QByteArray out(n * 4, Qt::Uninitialized);
  auto* o = reinterpret_cast<float*>(out.data());
  switch (dtype) {
    case DataType::Int8: toFloat<std::int8_t>(picked, o, n); break;
    case DataType::Int16: toFloat<std::int16_t>(picked, o, n); break;
    case DataType::Int32: toFloat<std::int32_t>(picked, o, n); break;
    case DataType::UInt32: toFloat<std::uint32_t>(picked, o, n); break;
    case DataType::Int64: toFloat<std::int64_t>(picked, o, n); break;
    case DataType::UInt64: toFloat<std::uint64_t>(picked, o, n); break;
    case DataType::Float64: toFloat<double>(picked, o, n); break;
    case DataType::Float32: std::memcpy(o, picked.constData(), static_cast<std::size_t>(n) * 4); break;
    case DataType::Float16: {
      const auto* h = reinterpret_cast<const std::uint16_t*>(picked.constData());
      for (std::int64_t i = 0; i < n; ++i) o[i] = halfToFloat(h[i]);
      break;
    }
    default: toFloat<std::uint8_t>(picked, o, n); break;
  }
  return out;
}

}  // namespace skein::render
