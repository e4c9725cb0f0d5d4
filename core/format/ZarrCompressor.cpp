#include "core/format/ZarrCompressor.h"

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

}  // namespace

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
