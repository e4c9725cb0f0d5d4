#pragma once
// The `info` JSON of a Neuroglancer precomputed volume (google/neuroglancer
// src/datasource/precomputed/volume.md) and its sharding spec (sharded.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/Bytes.h"
#include "core/base/DataType.h"
#include "core/base/Result.h"
#include "core/base/Vec3.h"

namespace skein {

struct PrecomputedSharding {
  enum class Hash { Identity, MurmurHash3X86_128 };
  int preshiftBits = 0;
  Hash hash = Hash::Identity;
  int minishardBits = 0;
  int shardBits = 0;
  bool minishardIndexGzip = false;  // "minishard_index_encoding": "gzip"
  bool dataGzip = false;            // "data_encoding": "gzip"
};

struct PrecomputedScale {
  std::string key;  // relative path of the scale's chunks
  Vec3i size;       // voxels (x, y, z)
  Vec3i voxelOffset;
  Vec3d resolution;               // nm per voxel
  std::vector<Vec3i> chunkSizes;  // the reader uses the first
  std::string encoding;           // raw | jpeg | compressed_segmentation | png | compresso | jxl
  Vec3i compressedSegmentationBlockSize;
  std::optional<PrecomputedSharding> sharding;
  int jpegQuality = 75;  // write hint
  nlohmann::json extra = nlohmann::json::object();  // other keys of the scale, kept on write

  Vec3i chunkSize() const { return chunkSizes.empty() ? Vec3i{} : chunkSizes.front(); }
};

struct PrecomputedInfo {
  std::string type = "image";  // "image" | "segmentation"
  DataType dtype = DataType::UInt8;
  int numChannels = 1;
  std::vector<PrecomputedScale> scales;
  nlohmann::json extra = nlohmann::json::object();  // other top-level keys (mesh, skeletons, …), kept on write
};

// Validates the structure (sizes, chunk sizes, data type, sharding spec). Encodings are not
// checked here: an unsupported encoding only fails when that scale is opened.
Result<PrecomputedInfo> parsePrecomputedInfo(const nlohmann::json& info);
Result<PrecomputedInfo> parsePrecomputedInfo(const QByteArray& bytes, const std::string& where);
Result<PrecomputedSharding> parsePrecomputedSharding(const nlohmann::json& sharding);

nlohmann::json precomputedInfoToJson(const PrecomputedInfo& info);
nlohmann::json precomputedShardingToJson(const PrecomputedSharding& sharding);

}  // namespace skein
