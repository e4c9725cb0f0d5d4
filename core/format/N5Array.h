#pragma once
// N5 datasets (saalfeldlab/n5 4.0.0 "default" blocks) as ChunkedArrays.
//
// Logical view: the N5 dimensions REVERSED, in C order — exactly what zarr-python's N5Store and
// tensorstore show. N5 "dimensions" [x, y, z] is logical shape [z, y, x]; N5 block key "x/y/z"
// is logical chunk index [z, y, x]. dimensionNames = the "axes" attribute reversed, or empty.
// Edge blocks may be truncated (Java, z5) or full-size padded (zarr-python, tensorstore); the
// reader honours each block's header. N5 defines no fill value: absent blocks read as 0.

#include <memory>
#include <string>
#include <vector>

#include "core/format/ChunkedArray.h"
#include "core/format/N5Compression.h"
#include "core/store/Store.h"

namespace skein {

// `key` is the dataset directory (holding attributes.json), "" for the store root.
Result<std::shared_ptr<ChunkedArray>> openN5Array(StorePtr store, const std::string& key);

struct N5CreateOptions {
  // Both in the LOGICAL order (C order, = N5 order reversed), like ArrayMeta::shape: shape {z, y, x}
  // is written as "dimensions": [x, y, z].
  Shape shape;
  Shape chunkShape;
  DataType dtype = DataType::UInt8;
  N5Compression compression;                 // raw unless set
  std::vector<std::string> dimensionNames;  // logical order; written reversed as "axes" if not empty
};

// Writes <key>/attributes.json (keeping other attributes already there) and, when the store root
// has no attributes.json yet, the root's {"n5": "4.0.0"}. The write unit is one block (logical
// chunkShape); edge blocks are written truncated, as N5 Java does (zarr-python's N5Store reads
// them: tst_n5_zarr_python).
Result<std::unique_ptr<ArrayWriter>> createN5Array(StorePtr store, const std::string& key,
                                                   const N5CreateOptions& options);

}  // namespace skein
