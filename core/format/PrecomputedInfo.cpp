#include "core/format/PrecomputedInfo.h"

#include <algorithm>

namespace skein {

namespace {

using nlohmann::json;

// Decoded chunks above this size are refused (corrupt chunk sizes must not allocate gigabytes).
constexpr std::int64_t kMaxChunkBytes = std::int64_t(1) << 31;

Error invalid(const std::string& what) { return makeError(ErrorCode::InvalidData, "precomputed info: " + what); }

Result<Vec3i> parseVec3i(const json& j, const std::string& name, std::int64_t minimum) {
  if (!j.is_array() || j.size() != 3) return invalid("\"" + name + "\" must be an array of 3 integers");
  Vec3i v;
  for (int i = 0; i < 3; ++i) {
    if (!j[i].is_number_integer() || j[i].get<std::int64_t>() < minimum ||
        j[i].get<std::int64_t>() > (std::int64_t(1) << 40))
      return invalid("\"" + name + "\" holds " + j[i].dump() + ", expected an integer >= " + std::to_string(minimum));
    v[i] = j[i].get<std::int64_t>();
  }
  return v;
}

Result<Vec3d> parseVec3d(const json& j, const std::string& name) {
  if (!j.is_array() || j.size() != 3) return invalid("\"" + name + "\" must be an array of 3 numbers");
  for (const auto& v : j)
    if (!v.is_number()) return invalid("\"" + name + "\" must be an array of 3 numbers");
  return Vec3d{j[0].get<double>(), j[1].get<double>(), j[2].get<double>()};
}

Result<int> parseBits(const json& j, const char* name, int maximum) {
  auto it = j.find(name);
  if (it == j.end()) return invalid(std::string("sharding needs \"") + name + "\"");
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > maximum)
    return invalid(std::string("sharding \"") + name + "\" must be an integer in 0…" + std::to_string(maximum));
  return it->get<int>();
}

Result<bool> parseIsGzip(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return false;
  if (*it == "raw") return false;
  if (*it == "gzip") return true;
  return invalid(std::string("sharding \"") + name + "\" must be \"raw\" or \"gzip\", not " + it->dump());
}

Result<PrecomputedScale> parseScale(const json& j, std::size_t index) {
  const std::string where = "scale " + std::to_string(index);
  if (!j.is_object()) return invalid(where + " is not an object");
  PrecomputedScale s;
  auto key = j.find("key");
  if (key == j.end() || !key->is_string() || key->get<std::string>().empty())
    return invalid(where + " needs a non-empty string \"key\"");
  s.key = key->get<std::string>();
  auto field = [&](const char* name) -> const json& {
    static const json kNull;
    auto it = j.find(name);
    return it == j.end() ? kNull : *it;
  };
  SKEIN_ASSIGN_OR_RETURN(s.size, parseVec3i(field("size"), where + " size", 0));
  SKEIN_ASSIGN_OR_RETURN(s.resolution, parseVec3d(field("resolution"), where + " resolution"));
  if (j.contains("voxel_offset")) {
    SKEIN_ASSIGN_OR_RETURN(s.voxelOffset, parseVec3i(field("voxel_offset"), where + " voxel_offset", -(std::int64_t(1) << 40)));
  }
  const json& chunks = field("chunk_sizes");
  if (!chunks.is_array() || chunks.empty()) return invalid(where + " needs a non-empty \"chunk_sizes\" array");
  for (const auto& c : chunks) {
    SKEIN_ASSIGN_OR_RETURN(Vec3i chunk, parseVec3i(c, where + " chunk_sizes", 1));
    if (chunk.product() > (std::int64_t(1) << 30)) return invalid(where + " has chunks of more than 2^30 voxels");
    s.chunkSizes.push_back(chunk);
  }
  const json& encoding = field("encoding");
  if (!encoding.is_string()) return invalid(where + " needs a string \"encoding\"");
  s.encoding = encoding.get<std::string>();
  if (s.encoding == "compressed_segmentation") {
    SKEIN_ASSIGN_OR_RETURN(s.compressedSegmentationBlockSize,
                           parseVec3i(field("compressed_segmentation_block_size"),
                                      where + " compressed_segmentation_block_size", 1));
  }
  if (field("jpeg_quality").is_number_integer()) s.jpegQuality = field("jpeg_quality").get<int>();
  if (const json& sharding = field("sharding"); !sharding.is_null()) {
    auto parsed = parsePrecomputedSharding(sharding);
    if (!parsed.ok()) return parsed.error().withContext(where);
    s.sharding = *parsed;
    if (s.chunkSizes.size() != 1) return invalid(where + " is sharded, so it must have exactly one chunk size");
  }
  for (const auto& [k, v] : j.items()) {
    static const char* kKnown[] = {"key", "size", "resolution", "voxel_offset", "chunk_sizes", "encoding",
                                   "compressed_segmentation_block_size", "jpeg_quality", "sharding"};
    if (std::find(std::begin(kKnown), std::end(kKnown), k) == std::end(kKnown)) s.extra[k] = v;
  }
  return s;
}

Result<PrecomputedInfo> parseInfo(const json& j) {
  if (!j.is_object()) return invalid("not a JSON object");
  if (auto t = j.find("@type"); t != j.end() && *t != "neuroglancer_multiscale_volume")
    return invalid("\"@type\" is " + t->dump() + ", expected \"neuroglancer_multiscale_volume\"");
  PrecomputedInfo info;
  if (auto t = j.find("type"); t != j.end()) {
    if (!t->is_string()) return invalid("\"type\" must be a string");
    info.type = t->get<std::string>();
  }
  auto dt = j.find("data_type");
  if (dt == j.end() || !dt->is_string()) return invalid("\"data_type\" must be a string");
  auto type = dataTypeFromName(dt->get<std::string>());
  if (!type || *type == DataType::Bool || *type == DataType::Float16)
    return makeError(ErrorCode::Unsupported, "precomputed info: data_type " + dt->dump() + " is not supported");
  info.dtype = *type;
  auto nc = j.find("num_channels");
  if (nc == j.end() || !nc->is_number_integer() || nc->get<std::int64_t>() < 1 || nc->get<std::int64_t>() > 4096)
    return invalid("\"num_channels\" must be an integer in 1…4096");
  info.numChannels = nc->get<int>();
  auto scales = j.find("scales");
  if (scales == j.end() || !scales->is_array() || scales->empty()) return invalid("\"scales\" must be a non-empty array");
  const auto voxelBytes = static_cast<std::int64_t>(dataTypeSize(info.dtype)) * info.numChannels;
  for (std::size_t i = 0; i < scales->size(); ++i) {
    SKEIN_ASSIGN_OR_RETURN(PrecomputedScale scale, parseScale((*scales)[i], i));
    for (const Vec3i& chunk : scale.chunkSizes)
      if (chunk.product() * voxelBytes > kMaxChunkBytes)
        return invalid("scale " + std::to_string(i) + " has chunks larger than 2 GiB");
    info.scales.push_back(std::move(scale));
  }
  for (const auto& [k, v] : j.items())
    if (k != "@type" && k != "type" && k != "data_type" && k != "num_channels" && k != "scales") info.extra[k] = v;
  return info;
}

json toJsonArray(const Vec3i& v) { return json::array({v.x, v.y, v.z}); }

}  // namespace

Result<PrecomputedSharding> parsePrecomputedSharding(const json& j) {
  if (!j.is_object()) return invalid("\"sharding\" must be an object");
  if (auto t = j.find("@type"); t == j.end() || *t != "neuroglancer_uint64_sharded_v1")
    return makeError(ErrorCode::Unsupported, "precomputed info: sharding \"@type\" must be \"neuroglancer_uint64_sharded_v1\"");
  PrecomputedSharding s;
  SKEIN_ASSIGN_OR_RETURN(s.preshiftBits, parseBits(j, "preshift_bits", 64));
  SKEIN_ASSIGN_OR_RETURN(s.minishardBits, parseBits(j, "minishard_bits", 32));
  SKEIN_ASSIGN_OR_RETURN(s.shardBits, parseBits(j, "shard_bits", 64));
  if (s.minishardBits + s.shardBits > 64) return invalid("sharding minishard_bits + shard_bits exceeds 64");
  auto hash = j.find("hash");
  if (hash == j.end() || !hash->is_string()) return invalid("sharding needs a string \"hash\"");
  if (*hash == "identity") s.hash = PrecomputedSharding::Hash::Identity;
  else if (*hash == "murmurhash3_x86_128") s.hash = PrecomputedSharding::Hash::MurmurHash3X86_128;
  else return makeError(ErrorCode::Unsupported, "precomputed info: sharding hash " + hash->dump() + " is not supported");
  SKEIN_ASSIGN_OR_RETURN(s.minishardIndexGzip, parseIsGzip(j, "minishard_index_encoding"));
  SKEIN_ASSIGN_OR_RETURN(s.dataGzip, parseIsGzip(j, "data_encoding"));
  return s;
}

Result<PrecomputedInfo> parsePrecomputedInfo(const json& info) {
  try {
    return parseInfo(info);
  } catch (const json::exception& e) {
    return invalid(e.what());
  }
}

Result<PrecomputedInfo> parsePrecomputedInfo(const QByteArray& bytes, const std::string& where) {
  json j = json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
  if (j.is_discarded()) return makeError(ErrorCode::InvalidData, where + ": not valid JSON");
  auto r = parsePrecomputedInfo(j);
  if (!r.ok()) return r.error().withContext(where);
  return r;
}

json precomputedShardingToJson(const PrecomputedSharding& s) {
  return json{{"@type", "neuroglancer_uint64_sharded_v1"},
              {"preshift_bits", s.preshiftBits},
              {"hash", s.hash == PrecomputedSharding::Hash::Identity ? "identity" : "murmurhash3_x86_128"},
              {"minishard_bits", s.minishardBits},
              {"shard_bits", s.shardBits},
              {"minishard_index_encoding", s.minishardIndexGzip ? "gzip" : "raw"},
              {"data_encoding", s.dataGzip ? "gzip" : "raw"}};
}

json precomputedInfoToJson(const PrecomputedInfo& info) {
  json j = info.extra.is_object() ? info.extra : json::object();
  j["@type"] = "neuroglancer_multiscale_volume";
  j["type"] = info.type;
  j["data_type"] = std::string(dataTypeName(info.dtype));
  j["num_channels"] = info.numChannels;
  json scales = json::array();
  for (const auto& s : info.scales) {
    json sj = s.extra.is_object() ? s.extra : json::object();
    sj["key"] = s.key;
    sj["size"] = toJsonArray(s.size);
    sj["voxel_offset"] = toJsonArray(s.voxelOffset);
    sj["resolution"] = json::array({s.resolution.x, s.resolution.y, s.resolution.z});
    json chunks = json::array();
    for (const auto& c : s.chunkSizes) chunks.push_back(toJsonArray(c));
    sj["chunk_sizes"] = chunks;
    sj["encoding"] = s.encoding;
    if (s.encoding == "compressed_segmentation")
      sj["compressed_segmentation_block_size"] = toJsonArray(s.compressedSegmentationBlockSize);
    if (s.encoding == "jpeg") sj["jpeg_quality"] = s.jpegQuality;
    if (s.sharding) sj["sharding"] = precomputedShardingToJson(*s.sharding);
    scales.push_back(sj);
  }
  j["scales"] = scales;
  return j;
}

}  // namespace skein
