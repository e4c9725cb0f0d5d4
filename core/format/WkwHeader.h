#pragma once
// The 16-byte WKW header (scalableminds/webknossos-wrap), found in header.wkw (a template with
// dataOffset 0) and at the start of every .wkw file, and the Morton block order inside a file.

#include <cstdint>
#include <optional>
#include <string>

#include "core/base/Bytes.h"
#include "core/base/DataType.h"
#include "core/base/Result.h"

namespace skein {

enum class WkwBlockType : std::uint8_t { Raw = 1, Lz4 = 2, Lz4hc = 3 };

struct WkwHeader {
  static constexpr std::size_t kSize = 16;
  int blockLenLog2 = 5;  // log2(voxels per block side)
  int fileLenLog2 = 5;   // log2(blocks per file side)
  WkwBlockType blockType = WkwBlockType::Raw;
  DataType dtype = DataType::UInt8;
  int numChannels = 1;
  std::uint64_t dataOffset = 0;

  std::int64_t blockLen() const { return std::int64_t(1) << blockLenLog2; }
  std::int64_t fileLenBlocks() const { return std::int64_t(1) << fileLenLog2; }
  std::int64_t fileLenVoxels() const { return std::int64_t(1) << (blockLenLog2 + fileLenLog2); }
  std::int64_t blocksPerFile() const { return std::int64_t(1) << (3 * fileLenLog2); }
  std::int64_t voxelSize() const { return static_cast<std::int64_t>(dataTypeSize(dtype)) * numChannels; }
  std::int64_t blockBytes() const { return (std::int64_t(1) << (3 * blockLenLog2)) * voxelSize(); }
  bool compressed() const { return blockType != WkwBlockType::Raw; }
  // Where block data starts in a data file: after the header, and the jump table when compressed.
  std::uint64_t fileDataOffset() const {
    return kSize + (compressed() ? 8 * static_cast<std::uint64_t>(blocksPerFile()) : 0);
  }
};

// Validates magic, version, sizes (block side <= 2^10 voxels, file side <= 2^8 blocks), block and
// voxel types. `where` names the file for errors.
Result<WkwHeader> parseWkwHeader(ByteView bytes, const std::string& where);
QByteArray serializeWkwHeader(const WkwHeader& header);

// WKW voxelType codes (1 u8, 2 u16, 3 u32, 4 u64, 5 f32, 6 f64, 7 i8, 8 i16, 9 i32, 10 i64).
std::optional<DataType> wkwVoxelTypeToDataType(std::uint8_t code);
std::optional<std::uint8_t> wkwVoxelTypeCode(DataType type);
const char* wkwBlockTypeName(WkwBlockType type);

// Morton (Z-order) index of a block inside its file: x in bit 0, y in bit 1, z in bit 2.
std::uint64_t wkwMortonEncode(std::uint32_t x, std::uint32_t y, std::uint32_t z);
void wkwMortonDecode(std::uint64_t index, std::uint32_t& x, std::uint32_t& y, std::uint32_t& z);

}  // namespace skein
