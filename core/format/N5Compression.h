#pragma once
// The "compression" object of an N5 dataset's attributes.json: raw, gzip (gzip or zlib stream),
// blosc (n5-blosc), zstd (n5-zstandard) and lz4 (lz4-java LZ4BlockOutputStream framing).
// bzip2 and xz are valid N5 but not supported here.

#include <nlohmann/json_fwd.hpp>

#include "core/base/Bytes.h"
#include "core/base/Result.h"
#include "core/codec/Blosc.h"

namespace skein {

struct N5Compression {
  enum class Type { Raw, Gzip, Blosc, Zstd, Lz4 };
  Type type = Type::Raw;
  int level = -1;           // gzip (-1 = zlib default) and zstd (-1 = zstd default)
  bool useZlib = false;     // gzip: true writes an RFC 1950 zlib stream instead of RFC 1952 gzip
  codec::BloscParams blosc; // blosc: cname, clevel, shuffle, blocksize (typesize = element size)
  int lz4BlockSize = 65536; // lz4: LZ4Block framing block size

  static N5Compression raw() { return {}; }
  static N5Compression gzip(int level = -1, bool useZlib = false);
  static N5Compression zstd(int level = 3);
  static N5Compression lz4(int blockSize = 65536);
  static N5Compression bloscWith(const codec::BloscParams& params);

  // Parses the dataset attributes: "compression": {"type": …} or the legacy "compressionType".
  // A missing compression means raw (as N5 Java reads it). `where` names the file for errors.
  static Result<N5Compression> fromAttributes(const nlohmann::json& attributes, const std::string& where);
  nlohmann::json toJson() const;
  const char* typeName() const;

  // Decodes a block payload to exactly expectedSize bytes (errors name `where`).
  Result<QByteArray> decode(ByteView payload, qsizetype expectedSize, const std::string& where) const;
  Result<QByteArray> encode(ByteView data, int typeSize) const;
};

}  // namespace skein
