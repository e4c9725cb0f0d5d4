#pragma once
// The Zarr v3 codec chain: 0+ array->array codecs (transpose), exactly one array->bytes codec
// (bytes or sharding_indexed), then 0+ bytes->bytes codecs (gzip, zstd, blosc, crc32c).

#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/format/ChunkedArray.h"
#include "core/format/ZarrCompressor.h"

namespace skein::zarr {

struct Zarr3Chain;

// sharding_indexed configuration. Index entries are (offset, nbytes) uint64 pairs in C order over
// the inner-chunk grid of a shard, offsets from the start of the shard.
struct ShardingConfig {
  Shape innerChunkShape;
  std::shared_ptr<const Zarr3Chain> inner;  // codecs of the inner chunks
  bool indexAtStart = false;
  bool indexBigEndian = false;
  bool indexCrc32c = false;
};

struct Zarr3Chain {
  std::vector<std::vector<int>> transposes;  // array->array, in encode order
  bool bigEndian = false;                    // the `bytes` codec (when not sharded)
  std::optional<ShardingConfig> sharding;    // set when the array->bytes codec is sharding_indexed
  std::vector<BytesCodec> bytesCodecs;       // bytes->bytes, in encode order
};

// Parses the `codecs` list for chunks of `chunkShape`. Validates order and configurations; an
// unknown codec is Unsupported unless it says "must_understand": false (then it is skipped).
Result<Zarr3Chain> parseZarr3Codecs(const nlohmann::json& codecs, const Shape& chunkShape, DataType type,
                                    int depth = 0);

// Decodes one stored chunk of an unsharded chain into C order over chunkShape, native endian.
Result<QByteArray> decodeZarr3Chunk(const Zarr3Chain& chain, QByteArray encoded, const Shape& chunkShape,
                                    DataType type);
// Encodes a C-order chunk (unsharded chain).
Result<QByteArray> encodeZarr3Chunk(const Zarr3Chain& chain, const QByteArray& decoded, const Shape& chunkShape,
                                    DataType type);

// Size in bytes of an encoded shard index for `chunks` inner chunks.
std::int64_t shardIndexSize(const ShardingConfig& sharding, std::int64_t chunks);

}  // namespace skein::zarr
