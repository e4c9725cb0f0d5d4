#pragma once
// WKW (webknossos-wrap) mags as ChunkedArrays.
//
// Logical view: [z, y, x, c] in C order (x fastest, channels interleaved per voxel, exactly the
// byte layout inside a WKW block), dimensionNames {"z", "y", "x", "c"}. One chunk = one WKW block
// (blockLen³ voxels × channels), so readChunk decodes a single block: the file's jump table is read
// once by a ranged request (and kept in a small LRU cache), then each block by its byte range.
// Absent files read as 0. webKnossos uint24 (RGB) = 3 channels of uint8.

#include <memory>
#include <optional>
#include <string>

#include "core/format/ChunkedArray.h"
#include "core/format/WkwHeader.h"
#include "core/store/Store.h"

namespace skein {

// `key` is the mag directory holding header.wkw (e.g. "color/1"). `logicalShape` ([z, y, x, c]) is
// usually the layer bounding box end in this mag; without it the shape is derived from the files
// present (z*/y*/x*.wkw, whole file cubes), which needs a store that can list.
Result<std::shared_ptr<ChunkedArray>> openWkwArray(StorePtr store, const std::string& key,
                                                   std::optional<Shape> logicalShape = {});

struct WkwCreateOptions {
  Shape shape;  // logical [z, y, x, c]; c = number of channels
  DataType dtype = DataType::UInt8;
  WkwBlockType blockType = WkwBlockType::Raw;  // Lz4 / Lz4hc write a jump table + raw LZ4 blocks
  int blockLenLog2 = 5;                        // 32³-voxel blocks
  int fileLenLog2 = 5;                         // 32³ blocks per file
};

// Writes <key>/header.wkw. The write unit is one whole file cube [fileLen, fileLen, fileLen, c]
// (files are written whole; Store::write replaces them atomically); voxels outside the array are
// written as 0.
Result<std::unique_ptr<ArrayWriter>> createWkwArray(StorePtr store, const std::string& key,
                                                    const WkwCreateOptions& options);

}  // namespace skein
