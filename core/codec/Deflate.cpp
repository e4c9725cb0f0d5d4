#include "core/codec/Deflate.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "core/codec/CodecUtil.h"

namespace skein::codec {
namespace {

using detail::describeBytes;
using detail::invalidData;

struct InflateStream {
  z_stream zs{};
  bool initialised = false;
  ~InflateStream() {
    if (initialised) inflateEnd(&zs);
  }
};

struct DeflateStream {
  z_stream zs{};
  bool initialised = false;
  ~DeflateStream() {
    if (initialised) deflateEnd(&zs);
  }
};

std::string zlibMessage(const z_stream& zs, int ret) {
  if (zs.msg) return zs.msg;
  return "zlib error " + std::to_string(ret);
}

bool startsWithGzipMagic(ByteView rest) { return rest.size() >= 2 && rest[0] == 0x1f && rest[1] == 0x8b; }

// windowBits: 15 = zlib, 15 + 16 = gzip.
Result<QByteArray> deflateWith(ByteView in, int level, int windowBits) {
  if (level < -1 || level > 9)
    return detail::invalidArgument("deflate level must be -1..9, got " + std::to_string(level));
  DeflateStream s;
  if (deflateInit2(&s.zs, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return makeError(ErrorCode::Internal, "deflateInit2 failed");
  s.initialised = true;
  QByteArray out = uninitializedBytes(qsizetype(deflateBound(&s.zs, uLong(in.size()))));
  std::size_t inPos = 0;
  qsizetype outPos = 0;
  for (;;) {
    if (s.zs.avail_in == 0 && inPos < in.size()) {
      const std::size_t n = std::min<std::size_t>(in.size() - inPos, UINT_MAX);
      s.zs.next_in = const_cast<Bytef*>(in.data() + inPos);
      s.zs.avail_in = uInt(n);
      inPos += n;
    }
    if (outPos == out.size()) out.resize(out.size() + out.size() / 2 + 64);
    s.zs.next_out = mutableData(out) + outPos;
    s.zs.avail_out = uInt(std::min<qsizetype>(out.size() - outPos, UINT_MAX));
    const uInt before = s.zs.avail_out;
    const int flush = inPos == in.size() ? Z_FINISH : Z_NO_FLUSH;
    const int ret = deflate(&s.zs, flush);
    outPos += before - s.zs.avail_out;
    if (ret == Z_STREAM_END) break;
    if (ret != Z_OK && ret != Z_BUF_ERROR) return makeError(ErrorCode::Internal, zlibMessage(s.zs, ret));
  }
  out.resize(outPos);
  return out;
}

}  // namespace

Result<QByteArray> inflateAny(ByteView in, qsizetype expectedSize, qsizetype maxSize) {
  if (in.empty()) return invalidData("gzip/zlib data is empty");
  if (expectedSize > maxSize)
    return invalidData("expected decoded size " + describeBytes(expectedSize) + " exceeds the limit of " +
                       describeBytes(maxSize));
  // The buffer may grow to limit + 1 bytes: reaching that byte proves the data decodes to too much.
  const qsizetype limit = expectedSize >= 0 ? expectedSize : maxSize;
  const qsizetype hardCap = limit + 1;
  // Deflate expands at most ~1032:1, which bounds the first allocation even when the caller's
  // expected size is wrong; unknown sizes start smaller and grow.
  const qsizetype plausible = qsizetype(in.size()) * (expectedSize >= 0 ? 1032 : 4) + 4096;
  const qsizetype initial = std::min(hardCap, plausible);
  QByteArray out = uninitializedBytes(initial);

  InflateStream s;
  if (inflateInit2(&s.zs, 15 + 32) != Z_OK) return makeError(ErrorCode::Internal, "inflateInit2 failed");
  s.initialised = true;

  std::size_t inPos = 0;  // bytes of `in` handed to zlib so far
  qsizetype outPos = 0;
  for (;;) {
    if (s.zs.avail_in == 0 && inPos < in.size()) {
      const std::size_t n = std::min<std::size_t>(in.size() - inPos, UINT_MAX);
      s.zs.next_in = const_cast<Bytef*>(in.data() + inPos);
      s.zs.avail_in = uInt(n);
      inPos += n;
    }
    if (outPos == out.size()) {
      if (out.size() >= hardCap) break;  // reported below as "more than limit"
      out.resize(std::min<qsizetype>(hardCap, out.size() * 2));
    }
    s.zs.next_out = mutableData(out) + outPos;
    s.zs.avail_out = uInt(std::min<qsizetype>(out.size() - outPos, UINT_MAX));
    const uInt before = s.zs.avail_out;
    const int ret = inflate(&s.zs, Z_NO_FLUSH);
    outPos += before - s.zs.avail_out;
    if (outPos > limit) break;
    const std::size_t consumed = inPos - s.zs.avail_in;
    if (ret == Z_STREAM_END) {
      ByteView rest = in.subspan(consumed);
      if (rest.empty()) break;
      if (!startsWithGzipMagic(rest))
        return invalidData("gzip/zlib stream ends at byte " + std::to_string(consumed) + " but " +
                           std::to_string(rest.size()) + " more bytes follow");
      if (inflateReset(&s.zs) != Z_OK) return makeError(ErrorCode::Internal, "inflateReset failed");
      continue;
    }
    if (ret == Z_NEED_DICT) return invalidData("zlib stream needs a preset dictionary, which is not supported");
    if (ret != Z_OK && ret != Z_BUF_ERROR)
      return invalidData("corrupt gzip/zlib data at input byte " + std::to_string(consumed) + ": " +
                         zlibMessage(s.zs, ret));
    if (consumed == in.size() && s.zs.avail_out > 0)
      return invalidData("gzip/zlib data is truncated: the stream does not end within the " +
                         std::to_string(in.size()) + " input bytes");
  }
  if (outPos > limit) {
    if (expectedSize >= 0)
      return invalidData("gzip/zlib data decodes to more than the expected " + describeBytes(expectedSize));
    return invalidData("gzip/zlib data decodes to more than the limit of " + describeBytes(maxSize));
  }
  if (expectedSize >= 0 && outPos != expectedSize)
    return invalidData("gzip/zlib data decodes to " + describeBytes(outPos) + ", expected " +
                       describeBytes(expectedSize));
  out.resize(outPos);
  return out;
}

Result<QByteArray> gzipEncode(ByteView in, int level) { return deflateWith(in, level, 15 + 16); }
Result<QByteArray> zlibEncode(ByteView in, int level) { return deflateWith(in, level, 15); }

}  // namespace skein::codec
