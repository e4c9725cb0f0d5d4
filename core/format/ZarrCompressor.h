#pragma once
// Bytes-to-bytes codecs shared by Zarr v2 (`compressor`) and Zarr v3 (gzip, zstd, blosc, crc32c):
// the wire formats are identical, only the JSON spelling differs.

#include <nlohmann/json.hpp>

#include "core/base/Bytes.h"
#include "core/base/Result.h"
#include "core/codec/Blosc.h"

namespace skein::zarr {

struct BytesCodec {
  enum class Kind { Gzip, Zlib, Zstd, Blosc, Lz4, Crc32c };
  Kind kind = Kind::Gzip;
  int level = 5;              // gzip, zlib, zstd (blosc uses blosc.clevel)
  bool zstdChecksum = false;  // zstd: write a content checksum
  codec::BloscParams blosc;   // blosc: cname, clevel, shuffle, typesize (0 = element size), blocksize
};

const char* bytesCodecName(BytesCodec::Kind kind);
inline BytesCodec makeBytesCodec(BytesCodec::Kind kind) {
  BytesCodec c;
  c.kind = kind;
  return c;
}

// Decodes `in`. expectedSize >= 0: the decoded size must be exactly that (checked by the codec
// where it can, so a wrong size never allocates more than expected). The input is taken by value
// so that crc32c can drop its 4 trailing bytes without copying.
Result<QByteArray> decodeBytesCodec(const BytesCodec& codec, QByteArray in, qsizetype expectedSize,
                                    qsizetype maxSize = qsizetype(1) << 32);
// Decodes `in` to exactly out.size() bytes without allocating: blosc writes into `out`; a blosc
// frame stored uncompressed (memcpyed, as blosc does with incompressible data) is not copied at
// all, the returned view then points into `in`. Other codecs decode into a new array stored in
// `spare` (`out` is not used) and the view points there. Returns the out.size() decoded bytes.
Result<ByteView> decodeBytesCodecInto(const BytesCodec& codec, const QByteArray& in, std::span<std::uint8_t> out,
                                      QByteArray& spare);

// typesize: element size, used by blosc when its params do not set one.
Result<QByteArray> encodeBytesCodec(const BytesCodec& codec, const QByteArray& in, int typesize);

// Zarr v2 numcodecs JSON ({"id": "blosc", …}); null is handled by the caller.
Result<BytesCodec> parseZarr2Compressor(const nlohmann::json& compressor);
nlohmann::json zarr2CompressorJson(const BytesCodec& codec);

// Zarr v3 codec configuration of gzip, zstd, blosc or crc32c; std::nullopt when `name` is not
// one of those.
std::optional<Result<BytesCodec>> parseZarr3BytesCodec(const std::string& name, const nlohmann::json& configuration);
nlohmann::json zarr3CodecJson(const BytesCodec& codec);

}  // namespace skein::zarr
