#include "core/codec/Blosc.h"

#include <blosc.h>

#include "core/codec/CodecUtil.h"

namespace skein::codec {
namespace {

using detail::describeBytes;
using detail::invalidData;
using detail::loadLe32;

constexpr std::size_t kHeaderSize = BLOSC_MIN_HEADER_LENGTH;  // 16
constexpr std::uint8_t kFlagMemcpyed = BLOSC_MEMCPYED;
constexpr std::uint8_t kFlagReserved = 0x08;

}  // namespace

Result<QByteArray> bloscDecode(ByteView in, qsizetype expectedSize) {
  if (in.size() < kHeaderSize)
    return invalidData("blosc frame has " + std::to_string(in.size()) + " bytes, fewer than its 16-byte header");
  const std::uint8_t version = in[0];
  const std::uint8_t flags = in[2];
  const std::uint8_t typesize = in[3];
  const std::uint32_t nbytes = loadLe32(in.data() + 4);
  const std::uint32_t blocksize = loadLe32(in.data() + 8);
  const std::uint32_t cbytes = loadLe32(in.data() + 12);

  if (version != BLOSC_VERSION_FORMAT)
    return makeError(ErrorCode::Unsupported, "blosc frame has format version " + std::to_string(version) +
                                                 "; libblosc 1.x reads only version " +
                                                 std::to_string(BLOSC_VERSION_FORMAT));
  if (flags & kFlagReserved)
    return invalidData("blosc header sets the reserved flag bit 3 (flags byte " + std::to_string(flags) + ")");
  if (cbytes > in.size())
    return invalidData("blosc header says " + describeBytes(cbytes) + " but the input has " +
                       describeBytes(in.size()));
  if (cbytes < kHeaderSize)
    return invalidData("blosc header says the frame has " + std::to_string(cbytes) +
                       " bytes, fewer than its own 16-byte header");
  if (nbytes > std::uint32_t(BLOSC_MAX_BUFFERSIZE))
    return invalidData("blosc header claims " + describeBytes(nbytes) + " of decoded data, more than Blosc 1 allows");
  if (expectedSize >= 0 && qsizetype(nbytes) != expectedSize)
    return invalidData("blosc header says the data decodes to " + describeBytes(nbytes) + " but " +
                       describeBytes(expectedSize) + " were expected");
  if (nbytes == 0) return QByteArray();

  // The rest mirrors libblosc's own checks, so that we can say what is wrong.
  if (typesize == 0) return invalidData("blosc header has typesize 0");
  if (blocksize == 0 || blocksize > nbytes)
    return invalidData("blosc header has block size " + std::to_string(blocksize) + " for " +
                       std::to_string(nbytes) + " decoded bytes");
  if (flags & kFlagMemcpyed) {
    if (std::uint64_t(nbytes) + kHeaderSize != cbytes)
      return invalidData("uncompressed (memcpyed) blosc frame holds " + describeBytes(cbytes - kHeaderSize) +
                         " of payload but its header says " + describeBytes(nbytes));
  } else {
    const std::uint64_t nblocks = (std::uint64_t(nbytes) + blocksize - 1) / blocksize;
    if (kHeaderSize + nblocks * 4 > cbytes)
      return invalidData("blosc frame of " + std::to_string(cbytes) + " bytes is too short for its table of " +
                         std::to_string(nblocks) + " block offsets");
  }

  size_t checkedNbytes = 0;
  if (blosc_cbuffer_validate(in.data(), cbytes, &checkedNbytes) != 0 || checkedNbytes != nbytes)
    return invalidData("blosc frame header failed libblosc validation");

  QByteArray out = uninitializedBytes(qsizetype(nbytes));
  const int n = blosc_decompress_ctx(in.data(), out.data(), std::size_t(out.size()), 1);
  if (n < 0) {
    const char* codec = blosc_cbuffer_complib(in.data());
    return invalidData("corrupt blosc frame (" + std::string(codec ? codec : "unknown codec") +
                       "): libblosc error " + std::to_string(n));
  }
  if (std::uint32_t(n) != nbytes)
    return invalidData("blosc frame decoded to " + describeBytes(std::uint32_t(n)) + " instead of the " +
                       describeBytes(nbytes) + " its header announces");
  return out;
}

Result<QByteArray> bloscEncode(ByteView in, const BloscParams& params) {
  if (in.size() > std::size_t(BLOSC_MAX_BUFFERSIZE))
    return detail::invalidArgument("blosc cannot encode " + describeBytes(in.size()) + "; the limit is " +
                                   describeBytes(BLOSC_MAX_BUFFERSIZE));
  if (blosc_compname_to_compcode(params.cname.c_str()) < 0)
    return makeError(ErrorCode::Unsupported,
                     "blosc compressor '" + params.cname + "' is not available (libblosc has: " +
                         blosc_list_compressors() + ")");
  if (params.clevel < 0 || params.clevel > 9)
    return detail::invalidArgument("blosc clevel must be 0..9, got " + std::to_string(params.clevel));
  if (params.typesize < 1 || params.typesize > BLOSC_MAX_TYPESIZE)
    return detail::invalidArgument("blosc typesize must be 1..255, got " + std::to_string(params.typesize));
  if (params.blocksize < 0)
    return detail::invalidArgument("blosc blocksize must be >= 0, got " + std::to_string(params.blocksize));

  QByteArray out = uninitializedBytes(qsizetype(in.size() + BLOSC_MAX_OVERHEAD));
  const int n = blosc_compress_ctx(params.clevel, int(params.shuffle), std::size_t(params.typesize), in.size(),
                                   in.data(), out.data(), std::size_t(out.size()), params.cname.c_str(),
                                   std::size_t(params.blocksize), 1);
  if (n <= 0) return makeError(ErrorCode::Internal, "blosc compression failed with code " + std::to_string(n));
  out.resize(n);
  return out;
}

}  // namespace skein::codec
