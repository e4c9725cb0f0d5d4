#include "core/format/WkwArray.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/format/WkwFile.h"

namespace skein {

namespace {

ArrayMeta makeMeta(const WkwHeader& h, Shape shape, std::string location) {
  ArrayMeta m;
  m.format = "wkw";
  m.shape = std::move(shape);
  m.chunkShape = {h.blockLen(), h.blockLen(), h.blockLen(), h.numChannels};
  m.dtype = h.dtype;
  m.fillValue = QByteArray(static_cast<qsizetype>(dataTypeSize(h.dtype)), '\0');
  m.dimensionNames = {"z", "y", "x", "c"};
  m.codecs = nlohmann::json{{"blockType", wkwBlockTypeName(h.blockType)},
                            {"blockLen", h.blockLen()},
                            {"fileLen", h.fileLenBlocks()},
                            {"voxelSize", h.voxelSize()}};
  m.location = std::move(location);
  return m;
}

std::string fileKey(const std::string& magKey, std::int64_t fz, std::int64_t fy, std::int64_t fx) {
  return joinKey(magKey, "z" + std::to_string(fz) + "/y" + std::to_string(fy) + "/x" + std::to_string(fx) + ".wkw");
}

// "z12" → 12 for prefix 'z' (and suffix ".wkw" where given); nullopt for other names.
std::optional<std::int64_t> parseCoordinateName(const std::string& name, char prefix, std::string_view suffix = {}) {
  if (name.size() < 2 + suffix.size() || name[0] != prefix) return std::nullopt;
  if (!suffix.empty() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return std::nullopt;
  const char* begin = name.data() + 1;
  const char* end = name.data() + name.size() - suffix.size();
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || value < 0) return std::nullopt;
  return value;
}

// The bounding box of the data files present, in whole file cubes: [z, y, x, c].
Result<Shape> shapeFromFiles(Store& store, const std::string& key, const WkwHeader& h) {
  std::int64_t maxZ = -1, maxY = -1, maxX = -1;
  auto list = [&](const std::string& prefix) -> Result<std::vector<std::string>> {
    auto r = store.list(prefix);
    if (!r.ok())
      return r.error().withContext(store.describe(key) + ": deriving the WKW array shape needs a listable store "
                                                         "(pass the shape from the layer bounding box instead)");
    return r;
  };
  SKEIN_ASSIGN_OR_RETURN(auto zs, list(key));
  for (const auto& zName : zs) {
    auto z = parseCoordinateName(zName, 'z');
    if (!z) continue;
    SKEIN_ASSIGN_OR_RETURN(auto ys, list(joinKey(key, zName)));
    for (const auto& yName : ys) {
      auto y = parseCoordinateName(yName, 'y');
      if (!y) continue;
      SKEIN_ASSIGN_OR_RETURN(auto xs, list(joinKey(joinKey(key, zName), yName)));
      for (const auto& xName : xs) {
        auto x = parseCoordinateName(xName, 'x', ".wkw");
        if (!x) continue;
        maxZ = std::max(maxZ, *z);
        maxY = std::max(maxY, *y);
        maxX = std::max(maxX, *x);
      }
    }
  }
  const std::int64_t fl = h.fileLenVoxels();
  return Shape{(maxZ + 1) * fl, (maxY + 1) * fl, (maxX + 1) * fl, h.numChannels};
}

std::string checkIndex(std::span<const std::int64_t> index, const ArrayMeta& meta, const Shape& grid) {
  if (index.size() != 4) return "WKW chunk index needs 4 dimensions [z, y, x, c], got " + std::to_string(index.size());
  for (std::size_t d = 0; d < 4; ++d)
    if (index[d] < 0 || index[d] >= grid[d])
      return "chunk index " + std::to_string(index[d]) + " in dimension " + meta.dimensionNames[d] +
             " is outside the grid (size " + std::to_string(grid[d]) + ")";
  return {};
}

class WkwArrayReader final : public ChunkedArray {
 public:
  WkwArrayReader(StorePtr store, std::string key, const WkwHeader& header, Shape shape)
      : store_(std::move(store)), key_(std::move(key)), header_(header),
        meta_(makeMeta(header, std::move(shape), store_->describe(key_))), grid_(meta_.chunkGridShape()) {}

  const ArrayMeta& meta() const override { return meta_; }

  std::string chunkKey(std::span<const std::int64_t> i) const override {
    if (i.size() != 4) return store_->describe(key_);
    const int shift = header_.fileLenLog2;
    return fileKey(key_, i[0] >> shift, i[1] >> shift, i[2] >> shift);
  }

  Result<std::optional<QByteArray>> readChunk(std::span<const std::int64_t> i, const CancelToken& cancel) const override {
    if (auto problem = checkIndex(i, meta_, grid_); !problem.empty())
      return makeError(ErrorCode::InvalidArgument, store_->describe(key_) + ": " + problem);
    const std::string key = chunkKey(i);
    std::shared_ptr<const WkwFileIndex> index = cache_.find(key);
    if (!index) {
      SKEIN_ASSIGN_OR_RETURN(std::optional<WkwFileIndex> loaded, readWkwFileIndex(*store_, key, header_, cancel));
      if (!loaded) return std::optional<QByteArray>();
      index = std::make_shared<const WkwFileIndex>(std::move(*loaded));
      cache_.insert(key, index);
    }
    const auto mask = static_cast<std::uint32_t>(header_.fileLenBlocks() - 1);
    const auto m = static_cast<std::int64_t>(wkwMortonEncode(static_cast<std::uint32_t>(i[2]) & mask,
                                                             static_cast<std::uint32_t>(i[1]) & mask,
                                                             static_cast<std::uint32_t>(i[0]) & mask));
    const ByteRange range = index->blockRange(m);
    const std::string where = store_->describe(key) + " block " + std::to_string(m);
    auto stored = store_->read(key, range, cancel);
    if (!stored.ok()) return stored.error().withContext(where);
    if (!*stored) return std::optional<QByteArray>();  // the file vanished since its index was read
    if ((*stored)->size() != range.length)
      return makeError(ErrorCode::InvalidData, where + ": bytes " + std::to_string(range.offset) + "+" +
                                                   std::to_string(range.length) + " lie beyond the end of the file");
    SKEIN_ASSIGN_OR_RETURN(QByteArray block, decodeWkwBlock(view(**stored), index->header, where));
    return std::optional<QByteArray>(std::move(block));
  }

 private:
  StorePtr store_;
  std::string key_;
  WkwHeader header_;
  ArrayMeta meta_;
  Shape grid_;
  mutable WkwFileIndexCache cache_;
};

class WkwArrayWriter final : public ArrayWriter {
 public:
  WkwArrayWriter(StorePtr store, std::string key, const WkwHeader& header, Shape shape)
      : store_(std::move(store)), key_(std::move(key)), header_(header),
        meta_(makeMeta(header, std::move(shape), store_->describe(key_))) {}

  const ArrayMeta& meta() const override { return meta_; }
  Shape writeUnitShape() const override {
    const std::int64_t fl = header_.fileLenVoxels();
    return {fl, fl, fl, header_.numChannels};
  }

  Status writeUnit(std::span<const std::int64_t> unit, const QByteArray& data) override {
    const std::int64_t fl = header_.fileLenVoxels();
    if (unit.size() != 4 || unit[3] != 0)
      return makeError(ErrorCode::InvalidArgument, store_->describe(key_) + ": WKW write unit index must be [z, y, x, 0]");
    for (std::size_t d = 0; d < 3; ++d)
      if (unit[d] < 0 || unit[d] * fl >= meta_.shape[d])
        return makeError(ErrorCode::InvalidArgument, store_->describe(key_) + ": WKW file index " +
                                                         std::to_string(unit[d]) + " is outside the array");
    const std::int64_t vs = header_.voxelSize();
    if (data.size() != fl * fl * fl * vs)
      return makeError(ErrorCode::InvalidArgument, store_->describe(key_) + ": WKW file cube has " +
                                                       std::to_string(data.size()) + " bytes, expected " +
                                                       std::to_string(fl * fl * fl * vs));
    SKEIN_ASSIGN_OR_RETURN(QByteArray bytes, encodeWkwFile(header_, zeroOutside(unit, data)));
    return store_->write(fileKey(key_, unit[0], unit[1], unit[2]), bytes);
  }

 private:
  // The cube with the voxels beyond the array's end set to 0 (the caller's values there are ignored).
  QByteArray zeroOutside(std::span<const std::int64_t> unit, const QByteArray& data) const {
    const std::int64_t fl = header_.fileLenVoxels(), vs = header_.voxelSize();
    std::int64_t inside[3];
    for (int d = 0; d < 3; ++d) inside[d] = std::min(fl, meta_.shape[d] - unit[d] * fl);
    if (inside[0] == fl && inside[1] == fl && inside[2] == fl) return data;
    QByteArray cube(data.size(), '\0');
    for (std::int64_t z = 0; z < inside[0]; ++z)
      for (std::int64_t y = 0; y < inside[1]; ++y) {
        const std::int64_t offset = (z * fl + y) * fl * vs;
        std::memcpy(cube.data() + offset, data.constData() + offset, static_cast<std::size_t>(inside[2] * vs));
      }
    return cube;
  }

  StorePtr store_;
  std::string key_;
  WkwHeader header_;
  ArrayMeta meta_;
};

}  // namespace

Result<std::shared_ptr<ChunkedArray>> openWkwArray(StorePtr store, const std::string& key,
                                                   std::optional<Shape> logicalShape) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "openWkwArray: no store");
  const std::string headerKey = joinKey(key, "header.wkw");
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, store->read(headerKey));
  if (!bytes) return makeError(ErrorCode::NotFound, store->describe(headerKey) + " does not exist (not a WKW mag)");
  SKEIN_ASSIGN_OR_RETURN(WkwHeader header, parseWkwHeader(view(*bytes), store->describe(headerKey)));
  Shape shape;
  if (logicalShape) {
    shape = *logicalShape;
    if (shape.size() != 4 || shape[3] != header.numChannels || shape[0] < 0 || shape[1] < 0 || shape[2] < 0)
      return makeError(ErrorCode::InvalidArgument, store->describe(key) + ": WKW shape must be [z, y, x, " +
                                                       std::to_string(header.numChannels) + "]");
  } else {
    SKEIN_ASSIGN_OR_RETURN(shape, shapeFromFiles(*store, key, header));
  }
  return std::shared_ptr<ChunkedArray>(std::make_shared<WkwArrayReader>(std::move(store), key, header, std::move(shape)));
}

Result<std::unique_ptr<ArrayWriter>> createWkwArray(StorePtr store, const std::string& key,
                                                    const WkwCreateOptions& options) {
  if (!store || !store->writable())
    return makeError(ErrorCode::InvalidArgument, "createWkwArray: the store is not writable");
  const std::string where = store->describe(key);
  const Shape& s = options.shape;
  if (s.size() != 4 || s[0] < 0 || s[1] < 0 || s[2] < 0 || s[3] < 1)
    return makeError(ErrorCode::InvalidArgument, where + ": WKW shape must be [z, y, x, c] with c >= 1");
  if (!wkwVoxelTypeCode(options.dtype))
    return makeError(ErrorCode::Unsupported, where + ": WKW has no " + std::string(dataTypeName(options.dtype)) + " voxel type");
  if (options.blockLenLog2 < 0 || options.blockLenLog2 > 10 || options.fileLenLog2 < 0 || options.fileLenLog2 > 8)
    return makeError(ErrorCode::InvalidArgument, where + ": WKW block side must be 2^0…2^10 voxels, file side 2^0…2^8 blocks");
  WkwHeader header;
  header.blockLenLog2 = options.blockLenLog2;
  header.fileLenLog2 = options.fileLenLog2;
  header.blockType = options.blockType;
  header.dtype = options.dtype;
  header.numChannels = static_cast<int>(s[3]);
  if (header.voxelSize() > 255)
    return makeError(ErrorCode::InvalidArgument, where + ": WKW voxels are at most 255 bytes (type size × channels)");
  if (header.fileLenVoxels() > 4096 || header.blockBytes() > (std::int64_t(1) << 30))
    return makeError(ErrorCode::InvalidArgument, where + ": WKW files larger than 4096³ voxels are not supported");
  header.dataOffset = 0;  // header.wkw is a template: no data follows it
  SKEIN_TRY(store->write(joinKey(key, "header.wkw"), serializeWkwHeader(header)));
  return std::unique_ptr<ArrayWriter>(std::make_unique<WkwArrayWriter>(std::move(store), key, header, s));
}

}  // namespace skein
