#include "core/format/N5Block.h"

#include <algorithm>

namespace skein {

namespace {

std::uint32_t loadBe32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | std::uint32_t(p[3]);
}
std::uint16_t loadBe16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

void appendBe32(QByteArray& out, std::uint32_t v) {
  const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.append(b, 4);
}
void appendBe16(QByteArray& out, std::uint16_t v) {
  const char b[2] = {char(v >> 8), char(v)};
  out.append(b, 2);
}

}  // namespace

void swapElementBytes(QByteArray& data, std::size_t elementSize) {
  if (elementSize <= 1) return;
  auto* p = reinterpret_cast<std::uint8_t*>(data.data());
  const std::size_t n = static_cast<std::size_t>(data.size()) / elementSize;
  for (std::size_t i = 0; i < n; ++i, p += elementSize) std::reverse(p, p + elementSize);
}

Result<N5Block> decodeN5Block(ByteView bytes, const N5BlockCodec& codec, const std::string& where) {
  if (bytes.size() < 4)
    return makeError(ErrorCode::InvalidData, where + ": N5 block is " + std::to_string(bytes.size()) +
                                                 " bytes, shorter than its 4-byte header");
  const std::uint16_t mode = loadBe16(bytes.data());
  if (mode == 1)
    return makeError(ErrorCode::Unsupported, where + ": N5 block uses varlength mode (1), which is not supported");
  if (mode == 2)
    return makeError(ErrorCode::Unsupported, where + ": N5 block uses object mode (2), which is not supported");
  if (mode != 0)
    return makeError(ErrorCode::InvalidData, where + ": N5 block mode " + std::to_string(mode) +
                                                 " is unknown (expected 0 = default)");
  const std::size_t ndim = loadBe16(bytes.data() + 2);
  if (ndim != codec.blockSize.size())
    return makeError(ErrorCode::InvalidData, where + ": N5 block header has " + std::to_string(ndim) +
                                                 " dimensions, the dataset has " +
                                                 std::to_string(codec.blockSize.size()));
  const std::size_t headerSize = 4 + 4 * ndim;
  if (bytes.size() < headerSize)
    return makeError(ErrorCode::InvalidData, where + ": N5 block is shorter than its " + std::to_string(headerSize) +
                                                 "-byte header");
  N5Block block;
  block.size.resize(ndim);
  std::int64_t elements = 1;
  for (std::size_t d = 0; d < ndim; ++d) {
    block.size[d] = loadBe32(bytes.data() + 4 + 4 * d);
    if (block.size[d] > codec.blockSize[d])
      return makeError(ErrorCode::InvalidData, where + ": N5 block size " + std::to_string(block.size[d]) +
                                                   " in dimension " + std::to_string(d) +
                                                   " is larger than the dataset blockSize " +
                                                   std::to_string(codec.blockSize[d]));
    elements *= block.size[d];
  }
  const std::size_t es = dataTypeSize(codec.dtype);
  const auto expected = static_cast<qsizetype>(elements * static_cast<std::int64_t>(es));
  if (expected == 0) return block;  // an empty block: nothing to decode
  SKEIN_ASSIGN_OR_RETURN(block.data, codec.compression.decode(bytes.subspan(headerSize), expected, where));
  swapElementBytes(block.data, es);
  return block;
}

Result<QByteArray> encodeN5Block(const N5Block& block, const N5BlockCodec& codec) {
  const std::size_t es = dataTypeSize(codec.dtype);
  QByteArray bigEndian = block.data;
  swapElementBytes(bigEndian, es);
  SKEIN_ASSIGN_OR_RETURN(QByteArray payload, codec.compression.encode(view(bigEndian), static_cast<int>(es)));
  QByteArray out;
  out.reserve(static_cast<qsizetype>(4 + 4 * block.size.size()) + payload.size());
  appendBe16(out, 0);
  appendBe16(out, static_cast<std::uint16_t>(block.size.size()));
  for (auto s : block.size) appendBe32(out, static_cast<std::uint32_t>(s));
  out.append(payload);
  return out;
}

}  // namespace skein
