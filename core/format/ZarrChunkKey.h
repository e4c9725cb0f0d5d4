#pragma once
// Chunk key encodings: Zarr v3 "default" (c/1/2/3, 0-d: c) and "v2" / Zarr v2 (1.2.3, 0-d: 0).

#include <cstdint>
#include <span>
#include <string>

namespace skein::zarr {

struct ChunkKeyEncoding {
  char separator = '/';
  bool v2Style = false;  // no "c" prefix

  // Key of the chunk at `index` below the array node `arrayKey` ("" = store root).
  std::string key(const std::string& arrayKey, std::span<const std::int64_t> index) const {
    std::string k = arrayKey;
    if (!k.empty()) k += '/';
    if (!v2Style) {
      k += 'c';
      for (auto i : index) (k += separator) += std::to_string(i);
      return k;
    }
    if (index.empty()) return k + "0";
    for (std::size_t d = 0; d < index.size(); ++d) {
      if (d > 0) k += separator;
      k += std::to_string(index[d]);
    }
    return k;
  }
};

}  // namespace skein::zarr
