#pragma once
// Creating Zarr v3 arrays: writes zarr.json, then shards (or chunks) as whole write units.
// Inner chunks equal to the fill value are stored as empty index entries; a shard (or chunk) that
// is entirely fill is not written (and removed if it existed).

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/codec/Blosc.h"
#include "core/format/ChunkedArray.h"
#include "core/store/Store.h"

namespace skein {

struct Zarr3CreateOptions {
  Shape shape;
  DataType dtype = DataType::UInt8;
  Shape chunkShape;  // the decode unit (the inner chunk when sharded)
  Shape shardShape;  // empty: unsharded; otherwise a multiple of chunkShape in every dimension

  enum class Compression { None, Gzip, Zstd, Blosc };
  Compression compression = Compression::None;
  int level = 5;  // gzip/zstd level, blosc clevel
  std::string bloscCname = "lz4";
  codec::BloscShuffle bloscShuffle = codec::BloscShuffle::Byte;
  bool chunkCrc32c = false;  // append crc32c to every chunk
  bool bigEndian = false;    // the bytes codec's endian

  bool indexAtStart = false;  // sharding index_location
  bool indexCrc32c = true;

  QByteArray fillValue;  // one native little-endian element; empty = 0
  std::vector<std::string> dimensionNames;  // empty = none; "" = null
  nlohmann::json attributes = nlohmann::json::object();
};

// Writes `key`/zarr.json (replacing an existing one) and returns a writer for the data.
Result<std::unique_ptr<ArrayWriter>> createZarr3Array(StorePtr store, const std::string& key,
                                                      const Zarr3CreateOptions& options);

}  // namespace skein
