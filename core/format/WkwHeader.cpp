#include "core/format/WkwHeader.h"

#include <array>
#include <cstring>

namespace skein {

namespace {

constexpr std::array<std::pair<std::uint8_t, DataType>, 10> kVoxelTypes{{
    {1, DataType::UInt8}, {2, DataType::UInt16}, {3, DataType::UInt32}, {4, DataType::UInt64},
    {5, DataType::Float32}, {6, DataType::Float64}, {7, DataType::Int8}, {8, DataType::Int16},
    {9, DataType::Int32}, {10, DataType::Int64},
}};

constexpr int kMaxBlockLenLog2 = 10;
constexpr int kMaxFileLenLog2 = 8;
constexpr std::int64_t kMaxBlockBytes = std::int64_t(1) << 30;

}  // namespace

std::optional<DataType> wkwVoxelTypeToDataType(std::uint8_t code) {
  for (const auto& [c, t] : kVoxelTypes)
    if (c == code) return t;
  return std::nullopt;
}

std::optional<std::uint8_t> wkwVoxelTypeCode(DataType type) {
  for (const auto& [c, t] : kVoxelTypes)
    if (t == type) return c;
  return std::nullopt;
}

const char* wkwBlockTypeName(WkwBlockType type) {
  switch (type) {
    case WkwBlockType::Raw: return "raw";
    case WkwBlockType::Lz4: return "lz4";
    case WkwBlockType::Lz4hc: return "lz4hc";
  }
  return "raw";
}

Result<WkwHeader> parseWkwHeader(ByteView bytes, const std::string& where) {
  auto bad = [&](const std::string& what) { return makeError(ErrorCode::InvalidData, where + ": " + what); };
  if (bytes.size() < WkwHeader::kSize)
    return bad("WKW header is " + std::to_string(bytes.size()) + " bytes, expected 16");
  if (std::memcmp(bytes.data(), "WKW", 3) != 0) return bad("not a WKW file (magic bytes are not 'WKW')");
  if (bytes[3] != 1)
    return makeError(ErrorCode::Unsupported,
                     where + ": WKW version " + std::to_string(bytes[3]) + " is not supported (expected 1)");
  WkwHeader h;
  h.blockLenLog2 = bytes[4] & 0x0F;
  h.fileLenLog2 = bytes[4] >> 4;
  if (h.blockLenLog2 > kMaxBlockLenLog2 || h.fileLenLog2 > kMaxFileLenLog2)
    return bad("WKW block/file sizes 2^" + std::to_string(h.blockLenLog2) + " / 2^" +
               std::to_string(h.fileLenLog2) + " are out of range");
  if (bytes[5] < 1 || bytes[5] > 3) return bad("WKW block type " + std::to_string(bytes[5]) + " is unknown (expected 1, 2 or 3)");
  h.blockType = static_cast<WkwBlockType>(bytes[5]);
  auto type = wkwVoxelTypeToDataType(bytes[6]);
  if (!type) return bad("WKW voxel type " + std::to_string(bytes[6]) + " is unknown");
  h.dtype = *type;
  const std::size_t typeSize = dataTypeSize(h.dtype);
  const std::size_t voxelSize = bytes[7];
  if (voxelSize == 0 || voxelSize % typeSize != 0)
    return bad("WKW voxel size " + std::to_string(voxelSize) + " is not a multiple of the " +
               std::to_string(typeSize) + "-byte voxel type");
  h.numChannels = static_cast<int>(voxelSize / typeSize);
  if (h.blockBytes() > kMaxBlockBytes) return bad("WKW blocks larger than 1 GiB are not supported");
  std::uint64_t offset = 0;
  for (int i = 7; i >= 0; --i) offset = offset << 8 | bytes[8 + i];
  h.dataOffset = offset;
  return h;
}

QByteArray serializeWkwHeader(const WkwHeader& h) {
  QByteArray out(WkwHeader::kSize, '\0');
  auto* p = mutableData(out);
  std::memcpy(p, "WKW", 3);
  p[3] = 1;
  p[4] = static_cast<std::uint8_t>(h.fileLenLog2 << 4 | h.blockLenLog2);
  p[5] = static_cast<std::uint8_t>(h.blockType);
  p[6] = wkwVoxelTypeCode(h.dtype).value_or(1);
  p[7] = static_cast<std::uint8_t>(h.voxelSize());
  for (int i = 0; i < 8; ++i) p[8 + i] = static_cast<std::uint8_t>(h.dataOffset >> (8 * i));
  return out;
}

std::uint64_t wkwMortonEncode(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
  std::uint64_t index = 0;
  for (int i = 0; i < 21; ++i) {
    index |= std::uint64_t((x >> i) & 1) << (3 * i);
    index |= std::uint64_t((y >> i) & 1) << (3 * i + 1);
    index |= std::uint64_t((z >> i) & 1) << (3 * i + 2);
  }
  return index;
}

void wkwMortonDecode(std::uint64_t index, std::uint32_t& x, std::uint32_t& y, std::uint32_t& z) {
  x = y = z = 0;
  for (int i = 0; i < 21; ++i) {
    x |= static_cast<std::uint32_t>((index >> (3 * i)) & 1) << i;
    y |= static_cast<std::uint32_t>((index >> (3 * i + 1)) & 1) << i;
    z |= static_cast<std::uint32_t>((index >> (3 * i + 2)) & 1) << i;
  }
}

}  // namespace skein
