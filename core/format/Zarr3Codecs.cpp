#include "core/format/Zarr3Codecs.h"

#include <algorithm>

#include "core/format/ZarrJson.h"
#include "core/format/ZarrLayout.h"

namespace skein::zarr {

namespace {

constexpr int kMaxShardingDepth = 4;
constexpr std::int64_t kMaxChunksPerShard = std::int64_t(1) << 24;  // a 256 MiB index

struct CodecEntry {
  std::string name;
  nlohmann::json configuration;  // null when absent
  bool mustUnderstand = true;
};

Result<CodecEntry> parseCodecEntry(const nlohmann::json& j) {
  CodecEntry e;
  if (j.is_string()) {
    e.name = j.get<std::string>();
    return e;
  }
  if (!j.is_object() || !j.contains("name") || !j["name"].is_string())
    return makeError(ErrorCode::InvalidData, "codec entry must be a name or an object with a \"name\", found " + j.dump());
  e.name = j["name"].get<std::string>();
  if (auto it = j.find("configuration"); it != j.end()) {
    if (!it->is_object() && !it->is_null())
      return makeError(ErrorCode::InvalidData, "codec " + e.name + ": \"configuration\" must be an object");
    e.configuration = *it;
  }
  if (auto it = j.find("must_understand"); it != j.end() && it->is_boolean()) e.mustUnderstand = it->get<bool>();
  return e;
}

Result<bool> parseEndian(const CodecEntry& e, DataType type) {
  const nlohmann::json& cfg = e.configuration;
  if (cfg.is_object() && cfg.contains("endian") && !cfg["endian"].is_null()) {
    if (!cfg["endian"].is_string())
      return makeError(ErrorCode::InvalidData, "codec bytes: \"endian\" must be \"little\" or \"big\"");
    const std::string endian = cfg["endian"].get<std::string>();
    if (endian == "little") return false;
    if (endian == "big") return true;
    return makeError(ErrorCode::InvalidData, "codec bytes: unknown endian \"" + endian + "\"");
  }
  if (dataTypeSize(type) > 1)
    return makeError(ErrorCode::InvalidData,
                     "codec bytes needs \"endian\" for the " + std::string(dataTypeName(type)) + " data type");
  return false;
}

Result<std::vector<int>> parseTranspose(const CodecEntry& e, std::size_t rank) {
  const nlohmann::json& cfg = e.configuration;
  if (!cfg.is_object() || !cfg.contains("order"))
    return makeError(ErrorCode::InvalidData, "codec transpose needs an \"order\"");
  const nlohmann::json& order = cfg["order"];
  // Pre-final writers spelled the orders "C" and "F".
  if (order.is_string()) {
    const std::string s = order.get<std::string>();
    if (s == "F") return reversedAxes(rank);
    if (s == "C") {
      std::vector<int> id(rank);
      for (std::size_t i = 0; i < rank; ++i) id[i] = static_cast<int>(i);
      return id;
    }
    return makeError(ErrorCode::InvalidData, "codec transpose: unknown order \"" + s + "\"");
  }
  SKEIN_ASSIGN_OR_RETURN(Shape perm, parseIntList(order, "codec transpose \"order\"", 0));
  if (perm.size() != rank)
    return makeError(ErrorCode::InvalidData, "codec transpose: order has " + std::to_string(perm.size()) +
                                                 " entries but the array has " + std::to_string(rank) + " dimensions");
  std::vector<int> out(rank);
  std::vector<bool> seen(rank, false);
  for (std::size_t i = 0; i < rank; ++i) {
    if (perm[i] >= static_cast<std::int64_t>(rank) || seen[perm[i]])
      return makeError(ErrorCode::InvalidData, "codec transpose: order " + order.dump() + " is not a permutation");
    seen[perm[i]] = true;
    out[i] = static_cast<int>(perm[i]);
  }
  return out;
}

// index_codecs must describe a fixed-size encoding: bytes, optionally followed by crc32c.
Status parseIndexCodecs(const nlohmann::json& list, ShardingConfig& out) {
  if (!list.is_array() || list.empty())
    return makeError(ErrorCode::InvalidData, "sharding_indexed: \"index_codecs\" must be a non-empty list");
  std::size_t i = 0;
  SKEIN_ASSIGN_OR_RETURN(CodecEntry first, parseCodecEntry(list[0]));
  if (first.name != "bytes")
    return makeError(ErrorCode::Unsupported,
                     "sharding_indexed: index codec \"" + first.name + "\" is not supported (expected bytes [+ crc32c])");
  SKEIN_ASSIGN_OR_RETURN(out.indexBigEndian, parseEndian(first, DataType::UInt64));
  ++i;
  if (i < list.size()) {
    SKEIN_ASSIGN_OR_RETURN(CodecEntry second, parseCodecEntry(list[i]));
    if (second.name != "crc32c")
      return makeError(ErrorCode::Unsupported, "sharding_indexed: index codec \"" + second.name +
                                                   "\" is not supported (expected bytes [+ crc32c])");
    out.indexCrc32c = true;
    ++i;
  }
  if (i < list.size())
    return makeError(ErrorCode::Unsupported, "sharding_indexed: index codecs other than bytes [+ crc32c] are not supported");
  return {};
}

Result<ShardingConfig> parseSharding(const CodecEntry& e, const Shape& shardShape, DataType type, int depth) {
  if (depth >= kMaxShardingDepth)
    return makeError(ErrorCode::Unsupported, "sharding_indexed is nested more than " +
                                                 std::to_string(kMaxShardingDepth) + " levels deep");
  const nlohmann::json& cfg = e.configuration;
  if (!cfg.is_object()) return makeError(ErrorCode::InvalidData, "sharding_indexed needs a configuration");
  ShardingConfig s;
  if (!cfg.contains("chunk_shape"))
    return makeError(ErrorCode::InvalidData, "sharding_indexed needs a \"chunk_shape\"");
  SKEIN_ASSIGN_OR_RETURN(s.innerChunkShape, parseIntList(cfg["chunk_shape"], "sharding_indexed chunk_shape", 1));
  if (s.innerChunkShape.size() != shardShape.size())
    return makeError(ErrorCode::InvalidData, "sharding_indexed chunk_shape has " +
                                                 std::to_string(s.innerChunkShape.size()) + " dimensions but the shard has " +
                                                 std::to_string(shardShape.size()));
  for (std::size_t d = 0; d < shardShape.size(); ++d)
    if (shardShape[d] % s.innerChunkShape[d] != 0)
      return makeError(ErrorCode::InvalidData, "the shard shape " + nlohmann::json(shardShape).dump() +
                                                   " is not divisible by the inner chunk shape " +
                                                   nlohmann::json(s.innerChunkShape).dump());
  Shape perShard(shardShape.size());
  for (std::size_t d = 0; d < shardShape.size(); ++d) perShard[d] = shardShape[d] / s.innerChunkShape[d];
  if (!boundedProduct(perShard, kMaxChunksPerShard))
    return makeError(ErrorCode::Unsupported, "shards of " + nlohmann::json(perShard).dump() +
                                                 " inner chunks exceed the limit of " + std::to_string(kMaxChunksPerShard));
  if (!cfg.contains("codecs")) return makeError(ErrorCode::InvalidData, "sharding_indexed needs \"codecs\"");
  auto inner = parseZarr3Codecs(cfg["codecs"], s.innerChunkShape, type, depth + 1);
  if (!inner.ok()) return inner.error().withContext("sharding_indexed codecs");
  s.inner = std::make_shared<const Zarr3Chain>(std::move(*inner));
  if (cfg.contains("index_codecs")) {
    SKEIN_TRY(parseIndexCodecs(cfg["index_codecs"], s));
  } else {
    return makeError(ErrorCode::InvalidData, "sharding_indexed needs \"index_codecs\"");
  }
  if (auto it = cfg.find("index_location"); it != cfg.end()) {
    const std::string loc = it->is_string() ? it->get<std::string>() : it->dump();
    if (loc == "start") s.indexAtStart = true;
    else if (loc != "end")
      return makeError(ErrorCode::InvalidData, "sharding_indexed: index_location must be \"start\" or \"end\", found " + loc);
  }
  return s;
}

}  // namespace

Result<Zarr3Chain> parseZarr3Codecs(const nlohmann::json& codecs, const Shape& chunkShape, DataType type, int depth) {
  if (!codecs.is_array() || codecs.empty())
    return makeError(ErrorCode::InvalidData, "\"codecs\" must be a non-empty list");
  Zarr3Chain chain;
  enum class Stage { ArrayToArray, BytesToBytes } stage = Stage::ArrayToArray;
  bool haveArrayToBytes = false;
  for (const auto& j : codecs) {
    SKEIN_ASSIGN_OR_RETURN(CodecEntry e, parseCodecEntry(j));
    auto misplaced = [&](const char* kind) {
      return makeError(ErrorCode::InvalidData, "codec " + e.name + " (" + kind + ") is out of order in the codec chain");
    };
    if (e.name == "transpose") {
      if (stage != Stage::ArrayToArray) return misplaced("array to array");
      SKEIN_ASSIGN_OR_RETURN(auto order, parseTranspose(e, chunkShape.size()));
      chain.transposes.push_back(std::move(order));
    } else if (e.name == "bytes" || e.name == "endian") {
      if (stage != Stage::ArrayToArray) return makeError(ErrorCode::InvalidData, "the codec chain has two array to bytes codecs");
      SKEIN_ASSIGN_OR_RETURN(chain.bigEndian, parseEndian(e, type));
      stage = Stage::BytesToBytes;
      haveArrayToBytes = true;
    } else if (e.name == "sharding_indexed") {
      if (stage != Stage::ArrayToArray) return makeError(ErrorCode::InvalidData, "the codec chain has two array to bytes codecs");
      if (!chain.transposes.empty())
        return makeError(ErrorCode::Unsupported, "array to array codecs before sharding_indexed are not supported");
      SKEIN_ASSIGN_OR_RETURN(auto sharding, parseSharding(e, chunkShape, type, depth));
      chain.sharding = std::move(sharding);
      stage = Stage::BytesToBytes;
      haveArrayToBytes = true;
    } else if (auto bytesCodec = parseZarr3BytesCodec(e.name, e.configuration)) {
      if (!bytesCodec->ok()) return bytesCodec->error();
      if (stage != Stage::BytesToBytes) return misplaced("bytes to bytes");
      if (chain.sharding)
        return makeError(ErrorCode::Unsupported,
                         "bytes to bytes codecs after sharding_indexed (" + e.name + ") are not supported");
      chain.bytesCodecs.push_back(**bytesCodec);
    } else if (!e.mustUnderstand) {
      continue;  // the spec allows skipping extensions marked must_understand: false
    } else {
      return makeError(ErrorCode::Unsupported, "the codec \"" + e.name + "\" is not supported");
    }
  }
  if (!haveArrayToBytes)
    return makeError(ErrorCode::InvalidData, "the codec chain has no array to bytes codec (bytes or sharding_indexed)");
  if (!chain.sharding && !boundedProduct(chunkShape, kMaxChunkBytes / static_cast<std::int64_t>(dataTypeSize(type))))
    return makeError(ErrorCode::Unsupported, "chunks of shape " + nlohmann::json(chunkShape).dump() +
                                                 " are larger than the limit of " + std::to_string(kMaxChunkBytes) + " bytes");
  return chain;
}

Result<QByteArray> decodeZarr3Chunk(const Zarr3Chain& chain, QByteArray data, const Shape& chunkShape, DataType type) {
  const std::size_t es = dataTypeSize(type);
  const qsizetype rawSize = static_cast<qsizetype>(shapeProduct(chunkShape)) * static_cast<qsizetype>(es);
  // Intermediate sizes are unknown; no codec here expands its input by more than a few percent.
  const qsizetype intermediateCap = rawSize + rawSize / 8 + (qsizetype(1) << 16);
  for (std::size_t i = chain.bytesCodecs.size(); i-- > 0;) {
    const BytesCodec& c = chain.bytesCodecs[i];
    auto r = decodeBytesCodec(c, std::move(data), i == 0 ? rawSize : -1, intermediateCap);
    if (!r.ok()) return c.kind == BytesCodec::Kind::Crc32c ? r.error() : r.error().withContext(bytesCodecName(c.kind));
    data = std::move(*r);
  }
  if (data.size() != rawSize)
    return makeError(ErrorCode::InvalidData, "chunk is " + std::to_string(data.size()) + " bytes, expected " +
                                                 std::to_string(rawSize));
  if (chain.bigEndian && es > 1) byteSwapInPlace(mutableData(data), static_cast<std::size_t>(shapeProduct(chunkShape)), es);
  if (!chain.transposes.empty()) {
    // Shapes after each transpose, so each can be undone in reverse order.
    std::vector<Shape> shapes{chunkShape};
    for (const auto& order : chain.transposes) {
      Shape next(order.size());
      for (std::size_t i = 0; i < order.size(); ++i) next[i] = shapes.back()[order[i]];
      shapes.push_back(std::move(next));
    }
    for (std::size_t t = chain.transposes.size(); t-- > 0;)
      data = decodePermuted(reinterpret_cast<const std::uint8_t*>(data.constData()), shapes[t], chain.transposes[t], es);
  }
  return data;
}

Result<QByteArray> encodeZarr3Chunk(const Zarr3Chain& chain, const QByteArray& decoded, const Shape& chunkShape,
                                    DataType type) {
  const std::size_t es = dataTypeSize(type);
  QByteArray data = decoded;
  Shape shape = chunkShape;
  for (const auto& order : chain.transposes) {
    data = encodePermuted(reinterpret_cast<const std::uint8_t*>(data.constData()), shape, order, es);
    Shape next(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) next[i] = shape[order[i]];
    shape = std::move(next);
  }
  if (chain.bigEndian && es > 1) byteSwapInPlace(mutableData(data), static_cast<std::size_t>(shapeProduct(shape)), es);
  for (const BytesCodec& c : chain.bytesCodecs) {
    auto r = encodeBytesCodec(c, data, static_cast<int>(es));
    if (!r.ok()) return r.error().withContext(std::string("encoding ") + bytesCodecName(c.kind));
    data = std::move(*r);
  }
  return data;
}

std::int64_t shardIndexSize(const ShardingConfig& sharding, std::int64_t chunks) {
  return 16 * chunks + (sharding.indexCrc32c ? 4 : 0);
}

}  // namespace skein::zarr
