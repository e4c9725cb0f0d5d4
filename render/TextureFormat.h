#pragma once
// How a layer's voxels live on the GPU. Normalised formats keep uint8/uint16 compact; other colour
// types become 32-bit float (the shader works in raw value units); segmentation ids stay exact as
// unsigned integers (uint64 as two 32-bit words), never through float.

#include <QByteArray>
#include <QOpenGLFunctions_3_3_Core>

#include "core/base/DataType.h"

namespace skein::render {

struct TextureFormat {
  GLenum internalFormat = GL_R8;
  GLenum format = GL_RED;
  GLenum type = GL_UNSIGNED_BYTE;
  int bytesPerVoxel = 1;     // after conversion
  int components = 1;        // texture components
  bool integer = false;      // usampler3D (segmentation)
  double valueScale = 255.0; // normalised texel value × valueScale = raw value (1 for float/integer)
};

TextureFormat textureFormatFor(DataType dtype, int channels, bool segmentation);

// Converts `voxels` voxels of `dtype` × `channels` (channel fastest, little-endian) into the
// layout `format` expects. Returns the input unchanged (shared) when no conversion is needed.
QByteArray convertForTexture(const QByteArray& data, std::int64_t voxels, DataType dtype, int channels,
                             const TextureFormat& format);

}  // namespace skein::render
