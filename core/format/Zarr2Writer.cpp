#include "core/format/Zarr2Writer.h"

#include "core/format/Zarr2Metadata.h"
#include "core/format/ZarrJson.h"
#include "core/format/ZarrLayout.h"

namespace skein {

namespace {

using zarr::BytesCodec;

nlohmann::json compressorJson(const Zarr2CreateOptions& o) {
  BytesCodec c;
  c.level = o.level;
  switch (o.compressor) {
    case Zarr2CreateOptions::Compressor::None: return nullptr;
    case Zarr2CreateOptions::Compressor::Gzip: c.kind = BytesCodec::Kind::Gzip; break;
    case Zarr2CreateOptions::Compressor::Zlib: c.kind = BytesCodec::Kind::Zlib; break;
    case Zarr2CreateOptions::Compressor::Zstd: c.kind = BytesCodec::Kind::Zstd; break;
    case Zarr2CreateOptions::Compressor::Lz4: c.kind = BytesCodec::Kind::Lz4; break;
    case Zarr2CreateOptions::Compressor::Blosc:
      c.kind = BytesCodec::Kind::Blosc;
      c.blosc.cname = o.bloscCname;
      c.blosc.clevel = o.level;
      c.blosc.shuffle = o.bloscShuffle;
      break;
  }
  return zarr::zarr2CompressorJson(c);
}

class Zarr2Writer final : public ArrayWriter {
 public:
  Zarr2Writer(StorePtr store, std::string key, zarr::Zarr2Metadata md, const nlohmann::json& zarray)
      : store_(std::move(store)), key_(std::move(key)), md_(std::move(md)) {
    meta_ = zarr::zarr2ArrayMeta(md_, zarray, store_->describe(key_));
  }

  const ArrayMeta& meta() const override { return meta_; }
  Shape writeUnitShape() const override { return md_.chunks; }

  Status writeUnit(std::span<const std::int64_t> idx, const QByteArray& data) override {
    const std::size_t es = meta_.elementSize();
    if (idx.size() != md_.chunks.size())
      return makeError(ErrorCode::InvalidArgument, "write unit index has " + std::to_string(idx.size()) +
                                                       " dimensions, the array has " + std::to_string(md_.chunks.size()));
    const Shape grid = zarr::chunkGrid(md_.shape, md_.chunks);
    for (std::size_t d = 0; d < idx.size(); ++d)
      if (idx[d] < 0 || idx[d] >= std::max<std::int64_t>(grid[d], 1))
        return makeError(ErrorCode::InvalidArgument, "write unit index is outside the grid of " + meta_.location);
    const std::int64_t expected = zarr::shapeProduct(md_.chunks) * static_cast<std::int64_t>(es);
    if (data.size() != expected)
      return makeError(ErrorCode::InvalidArgument, "write unit data is " + std::to_string(data.size()) +
                                                       " bytes, expected " + std::to_string(expected));
    const std::string key = md_.keys.key(key_, idx);
    QByteArray chunk = data;
    zarr::fillOutsideExtent(mutableData(chunk), md_.chunks, zarr::validExtentOfChunk(md_.shape, md_.chunks, idx),
                            md_.fillValue);
    Status s;
    if (zarr::isAllFill(view(chunk), md_.fillValue)) {
      s = store_->remove(key);
    } else {
      if (md_.compressor) {
        auto enc = zarr::encodeBytesCodec(*md_.compressor, chunk, static_cast<int>(es));
        if (!enc.ok()) return enc.error().withContext("encoding " + key);
        chunk = std::move(*enc);
      }
      s = store_->write(key, chunk);
    }
    if (!s.ok() && s.error().code != ErrorCode::NotFound) return s.error().withContext("writing " + key);
    return {};
  }

 private:
  StorePtr store_;
  std::string key_;
  zarr::Zarr2Metadata md_;
  ArrayMeta meta_;
};

Status checkOptions(const Zarr2CreateOptions& o) {
  auto bad = [](const std::string& m) { return makeError(ErrorCode::InvalidArgument, "createZarr2Array: " + m); };
  if (o.chunks.size() != o.shape.size()) return bad("chunks and shape have different ranks");
  for (auto s : o.shape)
    if (s < 0) return bad("shape must not be negative");
  for (auto c : o.chunks)
    if (c <= 0) return bad("chunks must be positive");
  if (o.dimensionSeparator != '.' && o.dimensionSeparator != '/') return bad("dimensionSeparator must be '.' or '/'");
  if (!o.fillValue.isEmpty() && o.fillValue.size() != static_cast<qsizetype>(dataTypeSize(o.dtype)))
    return bad("fillValue must be exactly one element");
  if (!o.dimensionNames.empty() && o.dimensionNames.size() != o.shape.size())
    return bad("dimensionNames must have one entry per dimension");
  return {};
}

Status writeJson(Store& store, const std::string& key, const nlohmann::json& doc) {
  const std::string text = doc.dump(4);
  return store.write(key, QByteArray(text.data(), static_cast<qsizetype>(text.size())));
}

}  // namespace

Result<std::unique_ptr<ArrayWriter>> createZarr2Array(StorePtr store, const std::string& key,
                                                      const Zarr2CreateOptions& o) {
  if (!store) return makeError(ErrorCode::InvalidArgument, "createZarr2Array needs a store");
  SKEIN_TRY(checkOptions(o));
  const std::string node = zarr::normalizeNodeKey(key);
  const QByteArray fill = o.fillValue.isEmpty() ? zarr::zeroElement(o.dtype) : o.fillValue;
  nlohmann::json zarray = {
      {"zarr_format", 2},
      {"shape", o.shape},
      {"chunks", o.chunks},
      {"dtype", zarr::zarr2DtypeString(o.dtype)},
      {"compressor", compressorJson(o)},
      {"fill_value", zarr::fillValueToJson(fill, o.dtype)},
      {"order", "C"},
      {"filters", nullptr},
      {"dimension_separator", std::string(1, o.dimensionSeparator)},
  };
  nlohmann::json zattrs = o.attributes.is_object() ? o.attributes : nlohmann::json::object();
  if (!o.dimensionNames.empty()) zattrs["_ARRAY_DIMENSIONS"] = o.dimensionNames;
  auto md = zarr::parseZarr2ArrayMetadata(zarray, zattrs);
  if (!md.ok()) return md.error().withContext("createZarr2Array");
  SKEIN_TRY(writeJson(*store, zarr::joinKey(node, ".zarray"), zarray));
  if (!zattrs.empty()) SKEIN_TRY(writeJson(*store, zarr::joinKey(node, ".zattrs"), zattrs));
  return std::unique_ptr<ArrayWriter>(std::make_unique<Zarr2Writer>(std::move(store), node, std::move(*md), zarray));
}

}  // namespace skein
