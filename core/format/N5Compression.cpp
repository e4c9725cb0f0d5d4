#include "core/format/N5Compression.h"

#include <nlohmann/json.hpp>

#include "core/codec/Deflate.h"
#include "core/codec/Lz4.h"
#include "core/codec/Zstd.h"

namespace skein {

namespace {

Error unsupported(const std::string& where, const std::string& type) {
  return makeError(ErrorCode::Unsupported,
                   where + ": N5 compression '" + type + "' is not supported (expected raw, gzip, blosc, zstd or lz4)");
}

int intField(const nlohmann::json& j, const char* name, int fallback) {
  auto it = j.find(name);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

}  // namespace

N5Compression N5Compression::gzip(int level, bool useZlib) {
  N5Compression c;
  c.type = Type::Gzip;
  c.level = level;
  c.useZlib = useZlib;
  return c;
}

N5Compression N5Compression::zstd(int level) {
  N5Compression c;
  c.type = Type::Zstd;
  c.level = level;
  return c;
}

N5Compression N5Compression::lz4(int blockSize) {
  N5Compression c;
  c.type = Type::Lz4;
  c.lz4BlockSize = blockSize;
  return c;
}

N5Compression N5Compression::bloscWith(const codec::BloscParams& params) {
  N5Compression c;
  c.type = Type::Blosc;
  c.blosc = params;
  return c;
}

Result<N5Compression> N5Compression::fromAttributes(const nlohmann::json& attributes, const std::string& where) {
  N5Compression c;
  auto it = attributes.find("compression");
  if (it == attributes.end()) {
    // Legacy (N5 < 2.0) form: "compressionType": "raw" | "gzip" | …, without parameters.
    auto legacy = attributes.find("compressionType");
    if (legacy == attributes.end()) return c;
    if (!legacy->is_string())
      return makeError(ErrorCode::InvalidData, where + ": \"compressionType\" must be a string");
    return fromAttributes(nlohmann::json{{"compression", {{"type", legacy->get<std::string>()}}}}, where);
  }
  if (!it->is_object() || !it->contains("type") || !(*it)["type"].is_string())
    return makeError(ErrorCode::InvalidData, where + ": \"compression\" must be an object with a string \"type\"");
  const nlohmann::json& j = *it;
  const std::string type = j["type"].get<std::string>();
  if (type == "raw") {
    c.type = Type::Raw;
  } else if (type == "gzip") {
    c.type = Type::Gzip;
    c.level = intField(j, "level", -1);
    auto z = j.find("useZlib");
    c.useZlib = z != j.end() && z->is_boolean() && z->get<bool>();
  } else if (type == "zstd") {
    c.type = Type::Zstd;
    c.level = intField(j, "level", 3);
  } else if (type == "lz4") {
    c.type = Type::Lz4;
    c.lz4BlockSize = intField(j, "blockSize", 65536);
  } else if (type == "blosc") {
    c.type = Type::Blosc;
    auto cname = j.find("cname");
    if (cname != j.end() && cname->is_string()) c.blosc.cname = cname->get<std::string>();
    c.blosc.clevel = intField(j, "clevel", 5);
    const int shuffle = intField(j, "shuffle", 1);
    if (shuffle < 0 || shuffle > 2)
      return makeError(ErrorCode::InvalidData, where + ": blosc \"shuffle\" must be 0, 1 or 2");
    c.blosc.shuffle = static_cast<codec::BloscShuffle>(shuffle);
    c.blosc.blocksize = intField(j, "blocksize", 0);
  } else {
    return unsupported(where, type);
  }
  return c;
}

const char* N5Compression::typeName() const {
  switch (type) {
    case Type::Raw: return "raw";
    case Type::Gzip: return "gzip";
    case Type::Blosc: return "blosc";
    case Type::Zstd: return "zstd";
    case Type::Lz4: return "lz4";
  }
  return "raw";
}

nlohmann::json N5Compression::toJson() const {
  nlohmann::json j{{"type", typeName()}};
  switch (type) {
    case Type::Raw: break;
    case Type::Gzip:
      j["level"] = level;
      j["useZlib"] = useZlib;
      break;
    case Type::Zstd: j["level"] = level; break;
    case Type::Lz4: j["blockSize"] = lz4BlockSize; break;
    case Type::Blosc:
      j["cname"] = blosc.cname;
      j["clevel"] = blosc.clevel;
      j["shuffle"] = static_cast<int>(blosc.shuffle);
      j["blocksize"] = blosc.blocksize;
      break;
  }
  return j;
}

Result<QByteArray> N5Compression::decode(ByteView payload, qsizetype expectedSize, const std::string& where) const {
  Result<QByteArray> decoded = QByteArray();
  switch (type) {
    case Type::Raw:
      if (static_cast<qsizetype>(payload.size()) != expectedSize)
        return makeError(ErrorCode::InvalidData, where + ": raw block payload has " + std::to_string(payload.size()) +
                                                     " bytes, expected " + std::to_string(expectedSize));
      return QByteArray(reinterpret_cast<const char*>(payload.data()), expectedSize);
    case Type::Gzip: decoded = codec::inflateAny(payload, expectedSize); break;
    case Type::Blosc: decoded = codec::bloscDecode(payload, expectedSize); break;
    case Type::Zstd: decoded = codec::zstdDecode(payload, expectedSize); break;
    case Type::Lz4: decoded = codec::lz4JavaDecode(payload, expectedSize); break;
  }
  if (!decoded.ok()) return decoded.error().withContext(where + " (" + typeName() + ")");
  if (decoded->size() != expectedSize)
    return makeError(ErrorCode::InvalidData, where + ": " + typeName() + " payload decodes to " +
                                                 std::to_string(decoded->size()) + " bytes, expected " +
                                                 std::to_string(expectedSize));
  return decoded;
}

Result<QByteArray> N5Compression::encode(ByteView data, int typeSize) const {
  switch (type) {
    case Type::Raw: return QByteArray(reinterpret_cast<const char*>(data.data()), static_cast<qsizetype>(data.size()));
    case Type::Gzip: {
      const int lvl = level < 0 ? 6 : level;
      return useZlib ? codec::zlibEncode(data, lvl) : codec::gzipEncode(data, lvl);
    }
    case Type::Blosc: {
      codec::BloscParams p = blosc;
      p.typesize = typeSize;
      return codec::bloscEncode(data, p);
    }
    case Type::Zstd: return codec::zstdEncode(data, level < 0 ? 3 : level);
    case Type::Lz4: return codec::lz4JavaEncode(data, lz4BlockSize > 0 ? lz4BlockSize : 65536);
  }
  return makeError(ErrorCode::Internal, "unknown N5 compression");
}

}  // namespace skein
