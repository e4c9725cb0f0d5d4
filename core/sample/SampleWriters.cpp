#include "core/sample/SampleWriters.h"

#include <algorithm>

#include "core/format/N5Array.h"
#include "core/format/WkwArray.h"
#include "core/format/Zarr2Writer.h"
#include "core/format/Zarr3Writer.h"

namespace skein::sample {

using nlohmann::json;

namespace {

constexpr std::int64_t kMaxUnit = 256;   // shard / file cube edge
constexpr std::int64_t kChunk = 64;      // zarr v2 / n5 chunk edge
constexpr std::int64_t kInnerChunk = 32; // zarr v3 inner chunk edge

std::int64_t nextPow2(std::int64_t v) {
  std::int64_t p = 1;
  while (p < v) p <<= 1;
  return p;
}

std::int64_t unitEdge(const Vec3i& magSize, std::int64_t cap) {
  const std::int64_t maxDim = std::max({magSize.x, magSize.y, magSize.z});
  return std::min(cap, std::max<std::int64_t>(8, nextPow2(maxDim)));
}

Shape arrayShape(const std::string& format, const Vec3i& s) {
  return sampleChannelAxis(format) == 0 ? Shape{1, s.z, s.y, s.x} : Shape{s.z, s.y, s.x, 1};
}

Shape unitShape(const std::string& format, const Vec3i& u) {
  return sampleChannelAxis(format) == 0 ? Shape{1, u.z, u.y, u.x} : Shape{u.z, u.y, u.x, 1};
}

codec::BloscParams bloscLz4(DataType dtype) {
  codec::BloscParams p;
  p.cname = "lz4";
  p.clevel = 5;
  p.shuffle = codec::BloscShuffle::Byte;
  p.typesize = static_cast<int>(dataTypeSize(dtype));
  return p;
}

json omeMultiscales(const Layer& layer, const Vec3d& voxelSize, bool withVersion) {
  json datasets = json::array();
  for (const Mag& m : layer.mags) {
    const double f = static_cast<double>(m.factor.x);
    // Coarse voxels are centred on the block of fine voxels they summarise.
    const double shift = (f - 1.0) / 2.0;
    datasets.push_back(
        {{"path", std::to_string(m.factor.x)},
         {"coordinateTransformations",
          {{{"type", "scale"}, {"scale", {1.0, voxelSize.z * f, voxelSize.y * f, voxelSize.x * f}}},
           {{"type", "translation"},
            {"translation", {0.0, voxelSize.z * shift, voxelSize.y * shift, voxelSize.x * shift}}}}}});
  }
  json axes = {{{"name", "c"}, {"type", "channel"}},
               {{"name", "z"}, {"type", "space"}, {"unit", "nanometer"}},
               {{"name", "y"}, {"type", "space"}, {"unit", "nanometer"}},
               {{"name", "x"}, {"type", "space"}, {"unit", "nanometer"}}};
  json ms = {{"name", layer.name}, {"axes", axes}, {"datasets", datasets}};
  if (withVersion) ms["version"] = "0.4";
  return json::array({ms});
}

Status writeJson(Store& store, const std::string& key, const json& j) {
  const std::string text = j.dump(2);
  return store.write(key, QByteArray(text.data(), static_cast<qsizetype>(text.size())));
}

}  // namespace

int sampleChannelAxis(const std::string& format) { return format == "zarr3" || format == "zarr" ? 0 : 3; }

Vec3i sampleWriteUnit(const std::string& format, const Vec3i& magSize) {
  std::int64_t e = format == "zarr3" || format == "wkw" ? unitEdge(magSize, kMaxUnit) : kChunk;
  if (format == "wkw") e = std::max<std::int64_t>(e, 32);  // at least one 32³ block per file
  return {e, e, e};
}

std::optional<AxisMap> sampleAxisOrder(const std::string& format) {
  if (format == "zarr3" || format == "zarr") return AxisMap{3, 2, 1, 0};  // x, y, z, c
  if (format == "n5") return AxisMap{1, 2, 3, 0};                         // N5 order [c, x, y, z]
  return std::nullopt;
}

Result<std::unique_ptr<ArrayWriter>> createSampleArray(StorePtr store, const std::string& key,
                                                       const std::string& format, const Vec3i& magSize,
                                                       DataType dtype) {
  const Vec3i unit = sampleWriteUnit(format, magSize);
  if (format == "zarr3") {
    Zarr3CreateOptions o;
    o.shape = arrayShape(format, magSize);
    o.dtype = dtype;
    const std::int64_t inner = std::min(kInnerChunk, unit.x);
    o.chunkShape = {1, inner, inner, inner};
    o.shardShape = unitShape(format, unit);
    o.compression = Zarr3CreateOptions::Compression::Blosc;
    o.bloscCname = "lz4";
    o.level = 5;
    o.dimensionNames = {"c", "z", "y", "x"};
    return createZarr3Array(store, key, o);
  }
  if (format == "zarr") {
    Zarr2CreateOptions o;
    o.shape = arrayShape(format, magSize);
    o.dtype = dtype;
    o.chunks = unitShape(format, unit);
    o.compressor = Zarr2CreateOptions::Compressor::Blosc;
    o.bloscCname = "lz4";
    o.level = 5;
    o.dimensionSeparator = '/';
    return createZarr2Array(store, key, o);
  }
  if (format == "n5") {
    N5CreateOptions o;
    o.shape = arrayShape(format, magSize);
    o.chunkShape = unitShape(format, unit);
    o.dtype = dtype;
    o.compression = N5Compression::bloscWith(bloscLz4(dtype));
    return createN5Array(store, key, o);
  }
  if (format == "wkw") {
    WkwCreateOptions o;
    o.shape = arrayShape(format, magSize);
    o.dtype = dtype;
    o.blockType = WkwBlockType::Lz4;
    o.blockLenLog2 = 5;
    int fileLog2 = 0;
    while ((std::int64_t{32} << fileLog2) < unit.x) ++fileLog2;
    o.fileLenLog2 = fileLog2;
    return createWkwArray(store, key, o);
  }
  return makeError(ErrorCode::InvalidArgument, "unknown sample format \"" + format + "\"");
}

Status writeSampleGroups(Store& store, const Dataset& model, const std::string& format) {
  if (format == "zarr3") {
    SKEIN_TRY(writeJson(store, "zarr.json", {{"zarr_format", 3}, {"node_type", "group"}, {"attributes", json::object()}}));
    for (const Layer& l : model.layers)
      SKEIN_TRY(writeJson(store, l.name + "/zarr.json",
                          {{"zarr_format", 3},
                           {"node_type", "group"},
                           {"attributes",
                            {{"ome", {{"version", "0.5"}, {"multiscales", omeMultiscales(l, model.voxelSize.factor, false)}}}}}}));
  } else if (format == "zarr") {
    SKEIN_TRY(writeJson(store, ".zgroup", {{"zarr_format", 2}}));
    for (const Layer& l : model.layers) {
      SKEIN_TRY(writeJson(store, l.name + "/.zgroup", {{"zarr_format", 2}}));
      SKEIN_TRY(writeJson(store, l.name + "/.zattrs", {{"multiscales", omeMultiscales(l, model.voxelSize.factor, true)}}));
    }
  }
  return {};
}

}  // namespace skein::sample
