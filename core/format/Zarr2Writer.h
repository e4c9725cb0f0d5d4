#pragma once
// Creating Zarr v2 arrays (C order) that zarr-python 2 reads: writes .zarray (+ .zattrs), then
// chunks as write units; chunks that are entirely fill are not written (and removed if present).

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/codec/Blosc.h"
#include "core/format/ChunkedArray.h"
#include "core/store/Store.h"

namespace skein {

struct Zarr2CreateOptions {
  Shape shape;
  DataType dtype = DataType::UInt8;
  Shape chunks;

  enum class Compressor { None, Blosc, Gzip, Zlib, Zstd, Lz4 };
  Compressor compressor = Compressor::Blosc;
  int level = 5;  // gzip/zlib/zstd level, blosc clevel
  std::string bloscCname = "lz4";
  codec::BloscShuffle bloscShuffle = codec::BloscShuffle::Byte;

  char dimensionSeparator = '.';  // '.' or '/'
  QByteArray fillValue;           // one native little-endian element; empty = 0
  std::vector<std::string> dimensionNames;  // written as .zattrs _ARRAY_DIMENSIONS (xarray)
  nlohmann::json attributes = nlohmann::json::object();  // other .zattrs members
};

Result<std::unique_ptr<ArrayWriter>> createZarr2Array(StorePtr store, const std::string& key,
                                                      const Zarr2CreateOptions& options);

}  // namespace skein
