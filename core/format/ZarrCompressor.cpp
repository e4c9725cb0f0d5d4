#include "core/format/ZarrCompressor.h"

#include <blosc.h>

#include <cstring>

#include "core/codec/Crc32c.h"
#include "core/codec/Deflate.h"
#include "core/codec/Lz4.h"
#include "core/codec/Zstd.h"

namespace skein::zarr {

namespace {

Error badConfig(const std::string& codec, const std::string& what) {
  return makeError(ErrorCode::InvalidData, "codec " + codec + ": " + what);
}

// Optional integer member with a default; wrong types are errors.
Result<int> intMember(const nlohmann::json& obj, const char* name, int fallback, const std::string& codec) {
  if (!obj.is_object()) return fallback;
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) return badConfig(codec, std::string("\"") + name + "\" must be an integer");
  auto v = it->get<std::int64_t>();
  if (v < INT32_MIN || v > INT32_MAX) return badConfig(codec, std::string("\"") + name + "\" is out of range");
  return static_cast<int>(v);
}

Result<QByteArray> sizeChecked(Result<QByteArray> r, qsizetype expectedSize) {
  if (!r.ok()) return r;
  if (expectedSize >= 0 && r->size() != expectedSize)
    return makeError(ErrorCode::InvalidData, "decoded size is " + std::to_string(r->size()) + " bytes, expected " +
                                                 std::to_string(expectedSize));
  return r;
}

Result<QByteArray> decodeCrc32c(QByteArray in, qsizetype expectedSize) {
  if (in.size() < 4)
    return makeError(ErrorCode::InvalidData,
                     "crc32c: data is " + std::to_string(in.size()) + " bytes, shorter than the 4-byte checksum");
  const qsizetype n = in.size() - 4;
  std::uint32_t stored = 0;
  std::memcpy(&stored, in.constData() + n, 4);  // little-endian host
  const std::uint32_t computed = codec::crc32c(view(in).first(static_cast<std::size_t>(n)));
  if (stored != computed) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "crc32c mismatch (stored 0x%08x, computed 0x%08x)", stored, computed);
    return makeError(ErrorCode::InvalidData, buf);
  }
  in.chop(4);
  return sizeChecked(std::move(in), expectedSize);
}

codec::BloscShuffle shuffleFromV2(int s, int typesize) {
  if (s == -1) return typesize == 1 ? codec::BloscShuffle::Bit : codec::BloscShuffle::Byte;  // numcodecs AUTOSHUFFLE
  return s == 2 ? codec::BloscShuffle::Bit : s == 1 ? codec::BloscShuffle::Byte : codec::BloscShuffle::None;
}

Result<codec::BloscParams> bloscParams(const nlohmann::json& cfg, const std::string& codecName, bool v3) {
  codec::BloscParams p;
  if (cfg.is_object()) {
    auto cname = cfg.find("cname");
    if (cname != cfg.end()) {
      if (!cname->is_string()) return badConfig(codecName, "\"cname\" must be a string");
      p.cname = cname->get<std::string>();
    }
  }
  SKEIN_ASSIGN_OR_RETURN(p.clevel, intMember(cfg, "clevel", 5, codecName));
  SKEIN_ASSIGN_OR_RETURN(p.blocksize, intMember(cfg, "blocksize", 0, codecName));
  SKEIN_ASSIGN_OR_RETURN(p.typesize, intMember(cfg, "typesize", 0, codecName));
  if (v3) {
    std::string s = "noshuffle";
    if (cfg.is_object() && cfg.contains("shuffle")) {
      if (!cfg["shuffle"].is_string()) return badConfig(codecName, "\"shuffle\" must be a string");
      s = cfg["shuffle"].get<std::string>();
    }
    if (s == "noshuffle") p.shuffle = codec::BloscShuffle::None;
    else if (s == "shuffle") p.shuffle = codec::BloscShuffle::Byte;
    else if (s == "bitshuffle") p.shuffle = codec::BloscShuffle::Bit;
    else return badConfig(codecName, "unknown shuffle \"" + s + "\"");
  } else {
    SKEIN_ASSIGN_OR_RETURN(int s, intMember(cfg, "shuffle", 1, codecName));
    if (s < -1 || s > 2) return badConfig(codecName, "unknown shuffle " + std::to_string(s));
    p.shuffle = shuffleFromV2(s, p.typesize > 0 ? p.typesize : 2);
  }
  return p;
}

// The caller names the codec ("…/0.1: blosc: …"), so the message does not.
Error bloscError(const std::string& what) { return makeError(ErrorCode::InvalidData, what); }

// The checks of codec::bloscDecode (header against input length and expected size), then
// libblosc into `out`; a memcpyed frame is returned in place.
Result<ByteView> bloscDecodeInto(ByteView in, std::span<std::uint8_t> out) {
  constexpr std::size_t kHeader = BLOSC_MIN_HEADER_LENGTH;
  if (in.size() < kHeader) return bloscError("frame has " + std::to_string(in.size()) + " bytes, fewer than its header");
  std::uint32_t nbytes = 0, blocksize = 0, cbytes = 0;
  std::memcpy(&nbytes, in.data() + 4, 4);  // little-endian host
  std::memcpy(&blocksize, in.data() + 8, 4);
  std::memcpy(&cbytes, in.data() + 12, 4);
  const std::uint8_t version = in[0], flags = in[2], typesize = in[3];
  if (version != BLOSC_VERSION_FORMAT)
    return makeError(ErrorCode::Unsupported, "blosc frame has format version " + std::to_string(version));
  if ((flags & 0x08) || cbytes > in.size() || cbytes < kHeader)
    return bloscError("frame header is inconsistent with its " + std::to_string(in.size()) + " bytes");
  if (nbytes != out.size())
    return bloscError("header says the data decodes to " + std::to_string(nbytes) + " bytes but " +
                      std::to_string(out.size()) + " were expected");
  if (nbytes == 0) return ByteView(out.data(), 0);
  if (typesize == 0 || blocksize == 0 || blocksize > nbytes)
    return bloscError("header has typesize " + std::to_string(typesize) + " and block size " + std::to_string(blocksize));
  if (flags & BLOSC_MEMCPYED) {
    if (std::uint64_t(nbytes) + kHeader != cbytes)
      return bloscError("uncompressed frame holds " + std::to_string(cbytes - kHeader) + " bytes of payload, not " +
                        std::to_string(nbytes));
    return in.subspan(kHeader, nbytes);
  }
  const std::uint64_t nblocks = (std::uint64_t(nbytes) + blocksize - 1) / blocksize;
  if (kHeader + nblocks * 4 > cbytes) return bloscError("frame is too short for its table of block offsets");
  size_t checked = 0;
  if (blosc_cbuffer_validate(in.data(), cbytes, &checked) != 0 || checked != nbytes)
    return bloscError("frame header failed libblosc validation");
  const int n = blosc_decompress_ctx(in.data(), out.data(), out.size(), 1);
  if (n < 0 || std::uint32_t(n) != nbytes) return bloscError("corrupt frame (libblosc error " + std::to_string(n) + ")");
  return ByteView(out.data(), out.size());
}

}  // namespace

Result<ByteView> decodeBytesCodecInto(const BytesCodec& c, const QByteArray& in, std::span<std::uint8_t> out,
                                      QByteArray& spare) {
  if (c.kind == BytesCodec::Kind::Blosc) return bloscDecodeInto(view(in), out);
  SKEIN_ASSIGN_OR_RETURN(spare, decodeBytesCodec(c, in, static_cast<qsizetype>(out.size())));
  return view(spare);
}

const char* bytesCodecName(BytesCodec::Kind kind) {
  switch (kind) {
    case BytesCodec::Kind::Gzip: return "gzip";
    case BytesCodec::Kind::Zlib: return "zlib";
    case BytesCodec::Kind::Zstd: return "zstd";
    case BytesCodec::Kind::Blosc: return "blosc";
    case BytesCodec::Kind::Lz4: return "lz4";
    case BytesCodec::Kind::Crc32c: return "crc32c";
  }
  return "?";
}

Result<QByteArray> decodeBytesCodec(const BytesCodec& c, QByteArray in, qsizetype expectedSize, qsizetype maxSize) {
  switch (c.kind) {
    case BytesCodec::Kind::Gzip:
    case BytesCodec::Kind::Zlib: return codec::inflateAny(view(in), expectedSize, maxSize);
    case BytesCodec::Kind::Zstd: return codec::zstdDecode(view(in), expectedSize, maxSize);
    case BytesCodec::Kind::Blosc: return codec::bloscDecode(view(in), expectedSize);
    case BytesCodec::Kind::Lz4:
      return sizeChecked(codec::lz4NumcodecsDecode(view(in), expectedSize >= 0 ? expectedSize : maxSize), expectedSize);
    case BytesCodec::Kind::Crc32c: return decodeCrc32c(std::move(in), expectedSize);
  }
  return makeError(ErrorCode::Internal, "unknown bytes codec");
}

Result<QByteArray> encodeBytesCodec(const BytesCodec& c, const QByteArray& in, int typesize) {
  switch (c.kind) {
    case BytesCodec::Kind::Gzip: return codec::gzipEncode(view(in), c.level);
    case BytesCodec::Kind::Zlib: return codec::zlibEncode(view(in), c.level);
    case BytesCodec::Kind::Zstd: return codec::zstdEncode(view(in), c.level, c.zstdChecksum);
    case BytesCodec::Kind::Blosc: {
      codec::BloscParams p = c.blosc;
      if (p.typesize <= 0) p.typesize = typesize;
      return codec::bloscEncode(view(in), p);
    }
    case BytesCodec::Kind::Lz4: return codec::lz4NumcodecsEncode(view(in));
    case BytesCodec::Kind::Crc32c: {
      QByteArray out = in;
      const std::uint32_t crc = codec::crc32c(view(in));
      out.append(reinterpret_cast<const char*>(&crc), 4);  // little-endian host
      return out;
    }
  }
  return makeError(ErrorCode::Internal, "unknown bytes codec");
}

Result<BytesCodec> parseZarr2Compressor(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string())
    return makeError(ErrorCode::InvalidData, "compressor must be null or an object with an \"id\", found " + j.dump());
  const std::string id = j["id"].get<std::string>();
  BytesCodec c;
  if (id == "gzip" || id == "zlib") {
    c.kind = id == "gzip" ? BytesCodec::Kind::Gzip : BytesCodec::Kind::Zlib;
    SKEIN_ASSIGN_OR_RETURN(c.level, intMember(j, "level", 1, id));
  } else if (id == "zstd") {
    c.kind = BytesCodec::Kind::Zstd;
    SKEIN_ASSIGN_OR_RETURN(c.level, intMember(j, "level", 1, id));
    c.zstdChecksum = j.contains("checksum") && j["checksum"].is_boolean() && j["checksum"].get<bool>();
  } else if (id == "blosc") {
    c.kind = BytesCodec::Kind::Blosc;
    SKEIN_ASSIGN_OR_RETURN(c.blosc, bloscParams(j, id, false));
  } else if (id == "lz4") {
    c.kind = BytesCodec::Kind::Lz4;
  } else {
    return makeError(ErrorCode::Unsupported, "the compressor \"" + id + "\" is not supported");
  }
  return c;
}

nlohmann::json zarr2CompressorJson(const BytesCodec& c) {
  switch (c.kind) {
    case BytesCodec::Kind::Gzip: return {{"id", "gzip"}, {"level", c.level}};
    case BytesCodec::Kind::Zlib: return {{"id", "zlib"}, {"level", c.level}};
    case BytesCodec::Kind::Zstd: {
      // numcodecs before 0.13 rejects an unknown "checksum" argument: write it only when set.
      nlohmann::json j = {{"id", "zstd"}, {"level", c.level}};
      if (c.zstdChecksum) j["checksum"] = true;
      return j;
    }
    case BytesCodec::Kind::Lz4: return {{"id", "lz4"}, {"acceleration", 1}};
    case BytesCodec::Kind::Blosc:
      return {{"id", "blosc"},
              {"cname", c.blosc.cname},
              {"clevel", c.blosc.clevel},
              {"shuffle", static_cast<int>(c.blosc.shuffle)},
              {"blocksize", c.blosc.blocksize}};
    case BytesCodec::Kind::Crc32c: return {{"id", "crc32c"}};
  }
  return nullptr;
}

std::optional<Result<BytesCodec>> parseZarr3BytesCodec(const std::string& name, const nlohmann::json& cfg) {
  BytesCodec c;
  if (name == "gzip") {
    c.kind = BytesCodec::Kind::Gzip;
    auto level = intMember(cfg, "level", 5, name);
    if (!level.ok()) return Result<BytesCodec>(level.error());
    c.level = *level;
  } else if (name == "zstd") {
    c.kind = BytesCodec::Kind::Zstd;
    auto level = intMember(cfg, "level", 0, name);
    if (!level.ok()) return Result<BytesCodec>(level.error());
    c.level = *level;
    c.zstdChecksum = cfg.is_object() && cfg.contains("checksum") && cfg["checksum"].is_boolean() &&
                     cfg["checksum"].get<bool>();
  } else if (name == "blosc") {
    c.kind = BytesCodec::Kind::Blosc;
    auto p = bloscParams(cfg, name, true);
    if (!p.ok()) return Result<BytesCodec>(p.error());
    c.blosc = *p;
  } else if (name == "crc32c") {
    c.kind = BytesCodec::Kind::Crc32c;
  } else {
    return std::nullopt;
  }
  return Result<BytesCodec>(c);
}

nlohmann::json zarr3CodecJson(const BytesCodec& c) {
  switch (c.kind) {
    case BytesCodec::Kind::Gzip: return {{"name", "gzip"}, {"configuration", {{"level", c.level}}}};
    case BytesCodec::Kind::Zstd:
      return {{"name", "zstd"}, {"configuration", {{"level", c.level}, {"checksum", c.zstdChecksum}}}};
    case BytesCodec::Kind::Blosc: {
      const char* shuffle = c.blosc.shuffle == codec::BloscShuffle::Bit    ? "bitshuffle"
                            : c.blosc.shuffle == codec::BloscShuffle::Byte ? "shuffle"
                                                                           : "noshuffle";
      return {{"name", "blosc"},
              {"configuration",
               {{"cname", c.blosc.cname},
                {"clevel", c.blosc.clevel},
                {"shuffle", shuffle},
                {"typesize", c.blosc.typesize},
                {"blocksize", c.blosc.blocksize}}}};
    }
    case BytesCodec::Kind::Crc32c: return {{"name", "crc32c"}};
    case BytesCodec::Kind::Zlib: return {{"name", "zlib"}, {"configuration", {{"level", c.level}}}};
    case BytesCodec::Kind::Lz4: return {{"name", "lz4"}};
  }
  return nullptr;
}

}  // namespace skein::zarr
