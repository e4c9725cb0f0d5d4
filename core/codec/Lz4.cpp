#include "core/codec/Lz4.h"

#include <lz4.h>
#include <lz4hc.h>

#include <algorithm>
#include <cstring>

#include "core/codec/CodecUtil.h"
#include "core/codec/XxHash32.h"

namespace skein::codec {
namespace {

using detail::describeBytes;
using detail::invalidData;
using detail::loadLe32;
using detail::storeLe32;

// lz4-java LZ4BlockOutputStream framing (net.jpountz.lz4.LZ4BlockOutputStream).
constexpr std::uint8_t kJavaMagic[8] = {'L', 'Z', '4', 'B', 'l', 'o', 'c', 'k'};
constexpr std::size_t kJavaHeaderSize = 8 + 1 + 4 + 4 + 4;
constexpr std::uint8_t kJavaMethodRaw = 0x10;
constexpr std::uint8_t kJavaMethodLz4 = 0x20;
constexpr int kJavaLevelBase = 10;  // block size limit = 1 << (10 + token's low nibble)
constexpr std::uint32_t kJavaSeed = 0x9747b28c;
constexpr int kJavaMinBlockSize = 64;
constexpr int kJavaMaxBlockSize = 1 << (kJavaLevelBase + 0x0F);

// lz4-java's StreamingXXHash32.asChecksum() keeps only the low 28 bits.
std::uint32_t javaChecksum(ByteView block) { return xxHash32(block, kJavaSeed) & 0x0FFFFFFFu; }

// ceil(log2(blockSize)) - 10, clamped at 0, as LZ4BlockOutputStream.compressionLevel computes it.
int javaLevelNibble(int blockSize) {
  int bits = 0;
  while ((1 << bits) < blockSize) ++bits;
  return std::max(0, bits - kJavaLevelBase);
}

// Decodes a raw block into exactly `capacity` bytes at `dst`.
Status decodeBlockInto(ByteView in, std::uint8_t* dst, int capacity, const std::string& what) {
  if (in.size() > std::size_t(LZ4_MAX_INPUT_SIZE))
    return invalidData(what + " has " + describeBytes(in.size()) + ", more than an LZ4 block can hold");
  const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(dst),
                                    int(in.size()), capacity);
  if (n < 0)
    return invalidData(what + " is corrupt or does not decode to the expected " + describeBytes(capacity));
  if (n != capacity)
    return invalidData(what + " decodes to " + describeBytes(n) + ", expected " + describeBytes(capacity));
  return Status::success();
}

}  // namespace

Result<QByteArray> lz4BlockDecode(ByteView in, qsizetype decodedSize) {
  if (decodedSize < 0 || decodedSize > qsizetype(LZ4_MAX_INPUT_SIZE))
    return detail::invalidArgument("LZ4 block decoded size must be 0.." + std::to_string(LZ4_MAX_INPUT_SIZE) +
                                   ", got " + std::to_string(decodedSize));
  if (decodedSize == 0 && (in.empty() || (in.size() == 1 && in[0] == 0))) return QByteArray();
  if (in.empty()) return invalidData("LZ4 block is empty but " + describeBytes(decodedSize) + " were expected");
  // LZ4 expands at most 255:1 (one literal-length byte per 255 bytes of match), so a claimed size
  // far above that is rejected before allocating.
  if (std::uint64_t(decodedSize) > std::uint64_t(in.size()) * 256 + 16)
    return invalidData("LZ4 block of " + describeBytes(in.size()) + " cannot decode to the expected " +
                       describeBytes(decodedSize));
  QByteArray out = uninitializedBytes(decodedSize);
  SKEIN_TRY(decodeBlockInto(in, mutableData(out), int(decodedSize), "LZ4 block"));
  return out;
}

Result<QByteArray> lz4BlockEncode(ByteView in, int hcLevel) {
  if (in.size() > std::size_t(LZ4_MAX_INPUT_SIZE))
    return detail::invalidArgument("LZ4 cannot encode " + describeBytes(in.size()) + " in one block");
  const int srcSize = int(in.size());
  QByteArray out = uninitializedBytes(LZ4_compressBound(srcSize));
  const char* src = reinterpret_cast<const char*>(in.data());
  const int n = hcLevel > 0 ? LZ4_compress_HC(src, out.data(), srcSize, int(out.size()), hcLevel)
                            : LZ4_compress_default(src, out.data(), srcSize, int(out.size()));
  if (n <= 0) return makeError(ErrorCode::Internal, "LZ4 compression failed");
  out.resize(n);
  return out;
}

Result<QByteArray> lz4NumcodecsDecode(ByteView in, qsizetype maxSize) {
  if (in.size() < 4)
    return invalidData("numcodecs LZ4 data has " + std::to_string(in.size()) +
                       " bytes, fewer than its 4-byte size prefix");
  const std::uint32_t size = loadLe32(in.data());
  if (size > std::uint32_t(LZ4_MAX_INPUT_SIZE) || qsizetype(size) > maxSize)
    return invalidData("numcodecs LZ4 prefix claims " + describeBytes(size) + ", more than the limit of " +
                       describeBytes(std::min<qsizetype>(maxSize, LZ4_MAX_INPUT_SIZE)));
  auto decoded = lz4BlockDecode(in.subspan(4), qsizetype(size));
  if (!decoded) return decoded.error().withContext("numcodecs LZ4");
  return decoded;
}

Result<QByteArray> lz4NumcodecsEncode(ByteView in) {
  SKEIN_ASSIGN_OR_RETURN(QByteArray block, lz4BlockEncode(in));
  QByteArray out = uninitializedBytes(4 + block.size());
  storeLe32(mutableData(out), std::uint32_t(in.size()));
  std::memcpy(out.data() + 4, block.constData(), std::size_t(block.size()));
  return out;
}

Result<QByteArray> lz4JavaDecode(ByteView in, qsizetype maxSize) {
  QByteArray out;
  qsizetype outPos = 0;
  std::size_t pos = 0;
  // A stream normally ends with an empty block; like lz4-java's reader we also accept input that
  // stops right after a complete block (N5 readers read only the bytes they need).
  while (pos < in.size()) {
    const std::string where = "lz4-java block at byte " + std::to_string(pos);
    if (in.size() - pos < kJavaHeaderSize)
      return invalidData(where + " is truncated: " + std::to_string(in.size() - pos) +
                         " bytes left, a block header needs 21");
    const std::uint8_t* h = in.data() + pos;
    if (std::memcmp(h, kJavaMagic, sizeof kJavaMagic) != 0)
      return invalidData(where + " does not start with the \"LZ4Block\" magic");
    const std::uint8_t method = h[8] & 0xF0;
    const int level = kJavaLevelBase + (h[8] & 0x0F);
    const std::int32_t compressedLen = std::int32_t(loadLe32(h + 9));
    const std::int32_t decodedLen = std::int32_t(loadLe32(h + 13));
    const std::uint32_t check = loadLe32(h + 17);
    if (method != kJavaMethodRaw && method != kJavaMethodLz4)
      return invalidData(where + " has unknown compression method 0x" +
                         std::string(1, "0123456789abcdef"[method >> 4]) + "0");
    if (compressedLen < 0 || decodedLen < 0)
      return invalidData(where + " has a negative length");
    if (decodedLen > (1 << level))
      return invalidData(where + " claims " + describeBytes(std::uint32_t(decodedLen)) +
                         ", more than its block size of " + describeBytes(std::uint32_t(1) << level));
    if ((decodedLen == 0) != (compressedLen == 0))
      return invalidData(where + " has inconsistent lengths (" + std::to_string(compressedLen) +
                         " compressed, " + std::to_string(decodedLen) + " decoded)");
    if (method == kJavaMethodRaw && compressedLen != decodedLen)
      return invalidData(where + " is stored raw but its compressed length " + std::to_string(compressedLen) +
                         " differs from its decoded length " + std::to_string(decodedLen));
    pos += kJavaHeaderSize;
    if (decodedLen == 0) {  // end-of-stream marker; a concatenated stream may follow
      if (check != 0) return invalidData(where + " ends the stream but has a nonzero checksum");
      continue;
    }
    if (std::size_t(compressedLen) > in.size() - pos)
      return invalidData(where + " claims " + describeBytes(std::uint32_t(compressedLen)) +
                         " of compressed data but only " + describeBytes(in.size() - pos) + " remain");
    if (outPos + decodedLen > maxSize)
      return invalidData("lz4-java stream decodes to more than the limit of " + describeBytes(maxSize));
    if (outPos + decodedLen > out.size())
      out.resize(std::max<qsizetype>(outPos + decodedLen, std::min<qsizetype>(maxSize, out.size() * 2)));
    std::uint8_t* dst = mutableData(out) + outPos;
    ByteView payload = in.subspan(pos, std::size_t(compressedLen));
    if (method == kJavaMethodRaw)
      std::memcpy(dst, payload.data(), payload.size());
    else
      SKEIN_TRY(decodeBlockInto(payload, dst, decodedLen, where));
    if (javaChecksum(ByteView(dst, std::size_t(decodedLen))) != check)
      return invalidData(where + " fails its xxHash32 checksum");
    outPos += decodedLen;
    pos += std::size_t(compressedLen);
  }
  out.resize(outPos);
  return out;
}

Result<QByteArray> lz4JavaEncode(ByteView in, int blockSize) {
  if (blockSize < kJavaMinBlockSize || blockSize > kJavaMaxBlockSize)
    return detail::invalidArgument("lz4-java block size must be " + std::to_string(kJavaMinBlockSize) + ".." +
                                   std::to_string(kJavaMaxBlockSize) + ", got " + std::to_string(blockSize));
  const int nibble = javaLevelNibble(blockSize);
  const std::size_t blocks = (in.size() + std::size_t(blockSize) - 1) / std::size_t(blockSize);
  QByteArray out;
  out.reserve(qsizetype(blocks * (kJavaHeaderSize + std::size_t(LZ4_compressBound(blockSize))) + kJavaHeaderSize));
  QByteArray scratch = uninitializedBytes(LZ4_compressBound(blockSize));
  std::uint8_t header[kJavaHeaderSize];
  std::memcpy(header, kJavaMagic, sizeof kJavaMagic);

  for (std::size_t pos = 0; pos < in.size(); pos += std::size_t(blockSize)) {
    ByteView block = in.subspan(pos, std::min(in.size() - pos, std::size_t(blockSize)));
    const int len = int(block.size());
    int compressed = LZ4_compress_default(reinterpret_cast<const char*>(block.data()), scratch.data(), len,
                                          int(scratch.size()));
    const bool raw = compressed <= 0 || compressed >= len;  // lz4-java stores a block raw if LZ4 does not help
    if (raw) compressed = len;
    header[8] = std::uint8_t((raw ? kJavaMethodRaw : kJavaMethodLz4) | nibble);
    storeLe32(header + 9, std::uint32_t(compressed));
    storeLe32(header + 13, std::uint32_t(len));
    storeLe32(header + 17, javaChecksum(block));
    out.append(reinterpret_cast<const char*>(header), kJavaHeaderSize);
    if (raw)
      out.append(reinterpret_cast<const char*>(block.data()), len);
    else
      out.append(scratch.constData(), compressed);
  }
  header[8] = std::uint8_t(kJavaMethodRaw | nibble);
  storeLe32(header + 9, 0);
  storeLe32(header + 13, 0);
  storeLe32(header + 17, 0);
  out.append(reinterpret_cast<const char*>(header), kJavaHeaderSize);
  return out;
}

}  // namespace skein::codec
