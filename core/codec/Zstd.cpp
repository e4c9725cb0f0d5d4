#include "core/codec/Zstd.h"

#include <zstd.h>

#include <algorithm>
#include <memory>

#include "core/codec/CodecUtil.h"

namespace skein::codec {
namespace {

using detail::describeBytes;
using detail::invalidData;

struct DCtxDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};
struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

// Sum of the content sizes declared by the frame headers; nullopt when a frame does not declare
// it. Errors for input that is not a sequence of complete frames.
Result<std::optional<std::uint64_t>> declaredContentSize(ByteView in) {
  std::uint64_t total = 0;
  bool allKnown = true;
  std::size_t pos = 0;
  while (pos < in.size()) {
    const void* frame = in.data() + pos;
    const std::size_t remaining = in.size() - pos;
    const std::size_t frameSize = ZSTD_findFrameCompressedSize(frame, remaining);
    if (ZSTD_isError(frameSize))
      return invalidData("zstd frame at byte " + std::to_string(pos) + " of " + std::to_string(in.size()) +
                         " is invalid or truncated: " + ZSTD_getErrorName(frameSize));
    const unsigned long long content = ZSTD_getFrameContentSize(frame, remaining);
    if (content == ZSTD_CONTENTSIZE_ERROR)
      return invalidData("zstd frame at byte " + std::to_string(pos) + " has an invalid header");
    if (content == ZSTD_CONTENTSIZE_UNKNOWN)
      allKnown = false;
    else
      total += content;
    pos += frameSize;
  }
  if (!allKnown) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{total};
}

}  // namespace

Result<QByteArray> zstdDecode(ByteView in, qsizetype expectedSize, qsizetype maxSize) {
  if (in.empty()) return invalidData("zstd data is empty");
  if (expectedSize > maxSize)
    return invalidData("expected decoded size " + describeBytes(expectedSize) + " exceeds the limit of " +
                       describeBytes(maxSize));
  const qsizetype limit = expectedSize >= 0 ? expectedSize : maxSize;
  SKEIN_ASSIGN_OR_RETURN(const std::optional<std::uint64_t> declared, declaredContentSize(in));
  if (declared) {
    if (expectedSize >= 0 && *declared != std::uint64_t(expectedSize))
      return invalidData("zstd frame headers declare " + describeBytes(*declared) + " but " +
                         describeBytes(expectedSize) + " were expected");
    if (*declared > std::uint64_t(limit))
      return invalidData("zstd frame headers declare " + describeBytes(*declared) + ", more than the limit of " +
                         describeBytes(maxSize));
  }

  // One byte beyond the limit lets us notice data that decodes to too much.
  const qsizetype hardCap = limit + 1;
  qsizetype initial = declared ? qsizetype(*declared) + 1
                               : std::min<qsizetype>(hardCap, std::max<qsizetype>(65536, qsizetype(in.size()) * 8));
  QByteArray out = uninitializedBytes(initial);

  std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
  if (!dctx) return makeError(ErrorCode::Internal, "ZSTD_createDCtx failed");
  ZSTD_inBuffer ib{in.data(), in.size(), 0};
  qsizetype outPos = 0;
  std::size_t ret = 0;
  for (;;) {
    if (outPos == out.size()) {
      if (out.size() >= hardCap) break;
      out.resize(std::min<qsizetype>(hardCap, out.size() * 2));
    }
    ZSTD_outBuffer ob{mutableData(out), std::size_t(out.size()), std::size_t(outPos)};
    ret = ZSTD_decompressStream(dctx.get(), &ob, &ib);
    if (ZSTD_isError(ret))
      return invalidData("corrupt zstd data near input byte " + std::to_string(ib.pos) + ": " +
                         ZSTD_getErrorName(ret));
    outPos = qsizetype(ob.pos);
    if (outPos > limit) break;
    if (ib.pos == ib.size && ret == 0) break;  // every frame complete and flushed
    if (ib.pos == ib.size && ob.pos < ob.size)
      return invalidData("zstd data is truncated: the last frame does not end within the " +
                         std::to_string(in.size()) + " input bytes");
  }
  if (outPos > limit) {
    if (expectedSize >= 0)
      return invalidData("zstd data decodes to more than the expected " + describeBytes(expectedSize));
    return invalidData("zstd data decodes to more than the limit of " + describeBytes(maxSize));
  }
  if (expectedSize >= 0 && outPos != expectedSize)
    return invalidData("zstd data decodes to " + describeBytes(outPos) + ", expected " +
                       describeBytes(expectedSize));
  out.resize(outPos);
  return out;
}

Result<QByteArray> zstdEncode(ByteView in, int level, bool checksum) {
  if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel())
    return detail::invalidArgument("zstd level must be " + std::to_string(ZSTD_minCLevel()) + ".." +
                                   std::to_string(ZSTD_maxCLevel()) + ", got " + std::to_string(level));
  std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
  if (!cctx) return makeError(ErrorCode::Internal, "ZSTD_createCCtx failed");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, checksum ? 1 : 0);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_contentSizeFlag, 1);
  QByteArray out = uninitializedBytes(qsizetype(ZSTD_compressBound(in.size())));
  const std::size_t n = ZSTD_compress2(cctx.get(), mutableData(out), std::size_t(out.size()), in.data(), in.size());
  if (ZSTD_isError(n)) return makeError(ErrorCode::Internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(qsizetype(n));
  return out;
}

}  // namespace skein::codec
