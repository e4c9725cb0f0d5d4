#include "core/sample/SampleDataset.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "core/dataset/WebknossosProperties.h"
#include "core/sample/EmVolume.h"
#include "core/sample/SampleWriters.h"

namespace skein::sample {

namespace {

constexpr std::int64_t kTile = 256;  // mag-1 voxels per tile side

// Runs fn(i) for i in [0, count) on `threads` threads.
template <typename Fn>
void parallelFor(int threads, std::int64_t count, Fn&& fn) {
  std::atomic<std::int64_t> next{0};
  auto worker = [&] {
    for (std::int64_t i = next++; i < count; i = next++) fn(i);
  };
  const int n = static_cast<int>(std::min<std::int64_t>(threads, count));
  if (n <= 1) return worker();
  std::vector<std::thread> pool;
  for (int t = 0; t < n; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
}

std::int64_t nextPow2(std::int64_t v) {
  std::int64_t p = 1;
  while (p < v) p <<= 1;
  return p;
}

Vec3i magSize(const Vec3i& size, int level) {
  const std::int64_t m = std::int64_t{1} << level;
  return {ceilDiv(size.x, m), ceilDiv(size.y, m), ceilDiv(size.z, m)};
}

// One tile's voxels at one level: C order (x fastest) over `box` (in that level's voxels).
struct TileData {
  Box3i box;
  QByteArray color;  // uint8
  QByteArray seg;    // uint32
};

// Copies `region` (inside both boxes) from one x-fastest buffer to another.
void copyRegion(const char* src, const Box3i& srcBox, char* dst, const Box3i& dstBox, const Box3i& region,
                std::size_t es) {
  const std::size_t rowBytes = static_cast<std::size_t>(region.size.x) * es;
  for (std::int64_t z = region.min.z; z < region.max().z; ++z)
    for (std::int64_t y = region.min.y; y < region.max().y; ++y) {
      const std::int64_t s = ((z - srcBox.min.z) * srcBox.size.y + (y - srcBox.min.y)) * srcBox.size.x +
                             (region.min.x - srcBox.min.x);
      const std::int64_t d = ((z - dstBox.min.z) * dstBox.size.y + (y - dstBox.min.y)) * dstBox.size.x +
                             (region.min.x - dstBox.min.x);
      std::memcpy(dst + d * static_cast<std::int64_t>(es), src + s * static_cast<std::int64_t>(es), rowBytes);
    }
}

struct WriteJob {
  ArrayWriter* writer;
  Shape unitIndex;
  QByteArray data;
};

class PyramidWriter {
 public:
  struct Level {
    Vec3i size;  // mag voxels
    Vec3i unit;
    std::unique_ptr<ArrayWriter> color, seg;
  };

  PyramidWriter(std::string format, std::vector<Level> levels) : format_(std::move(format)), levels_(std::move(levels)) {}

  // Cuts one tile of one level into write units; complete units become jobs.
  void deliver(int level, const TileData& tile, std::vector<WriteJob>& jobs) {
    Level& L = levels_[static_cast<std::size_t>(level)];
    const Box3i array{{0, 0, 0}, L.size};
    const Box3i valid = tile.box.intersect(array);
    if (valid.empty()) return;
    Vec3i first, last;
    for (int a = 0; a < 3; ++a) {
      first[a] = valid.min[a] / L.unit[a];
      last[a] = (valid.max()[a] - 1) / L.unit[a];
    }
    for (std::int64_t uz = first.z; uz <= last.z; ++uz)
      for (std::int64_t uy = first.y; uy <= last.y; ++uy)
        for (std::int64_t ux = first.x; ux <= last.x; ++ux) {
          const Vec3i u{ux, uy, uz};
          const Box3i unitBox{u * L.unit, L.unit};
          const Box3i unitValid = unitBox.intersect(array);
          const Box3i region = unitValid.intersect(tile.box);
          if (unitBox == tile.box) {  // the tile is exactly this unit: hand the buffers over
            addJobs(L, u, tile.color, tile.seg, jobs);
            continue;
          }
          auto key = std::make_tuple(level, ux, uy, uz);
          auto it = pending_.find(key);
          if (it == pending_.end()) {
            Pending p;
            const qsizetype n = static_cast<qsizetype>(L.unit.product());
            p.color = QByteArray(n, '\0');  // zeroed: parts outside the array stay deterministic
            p.seg = QByteArray(n * 4, '\0');
            it = pending_.emplace(key, std::move(p)).first;
          }
          copyRegion(tile.color.constData(), tile.box, it->second.color.data(), unitBox, region, 1);
          copyRegion(tile.seg.constData(), tile.box, it->second.seg.data(), unitBox, region, 4);
          it->second.filled += region.volume();
          if (it->second.filled == unitValid.volume()) {
            addJobs(L, u, it->second.color, it->second.seg, jobs);
            pending_.erase(it);
          }
        }
  }

  bool done() const { return pending_.empty(); }

 private:
  struct Pending {
    QByteArray color, seg;
    std::int64_t filled = 0;
  };

  void addJobs(Level& L, const Vec3i& u, const QByteArray& color, const QByteArray& seg, std::vector<WriteJob>& jobs) {
    const Shape index = sampleChannelAxis(format_) == 0 ? Shape{0, u.z, u.y, u.x} : Shape{u.z, u.y, u.x, 0};
    jobs.push_back({L.color.get(), index, color});
    jobs.push_back({L.seg.get(), index, seg});
  }

  std::string format_;
  std::vector<Level> levels_;
  std::map<std::tuple<int, std::int64_t, std::int64_t, std::int64_t>, Pending> pending_;
};

TileData downsample(const TileData& in, int threads) {
  TileData out;
  out.box = {{in.box.min.x / 2, in.box.min.y / 2, in.box.min.z / 2},
             {in.box.size.x / 2, in.box.size.y / 2, in.box.size.z / 2}};
  const std::int64_t slice = out.box.size.x * out.box.size.y;
  out.color = QByteArray(static_cast<qsizetype>(out.box.volume()), Qt::Uninitialized);
  out.seg = QByteArray(static_cast<qsizetype>(out.box.volume() * 4), Qt::Uninitialized);
  const Vec3i inSlab{in.box.size.x, in.box.size.y, 2};
  const std::int64_t inSlice = in.box.size.x * in.box.size.y;
  parallelFor(threads, out.box.size.z, [&](std::int64_t z) {
    downsampleMean2(reinterpret_cast<const std::uint8_t*>(in.color.constData()) + 2 * z * inSlice, inSlab,
                    reinterpret_cast<std::uint8_t*>(out.color.data()) + z * slice);
    downsampleFirst2(reinterpret_cast<const std::uint32_t*>(in.seg.constData()) + 2 * z * inSlice, inSlab,
                     reinterpret_cast<std::uint32_t*>(out.seg.data()) + z * slice);
  });
  return out;
}

}  // namespace

bool isSampleFormat(const std::string& format) {
  return format == "zarr3" || format == "zarr" || format == "wkw" || format == "n5";
}

int sampleMagCount(const Vec3i& size) {
  const std::int64_t minDim = std::min({size.x, size.y, size.z});
  int levels = 4;
  while (levels < 9 && (minDim >> levels) >= 32) ++levels;
  return levels;
}

Dataset sampleDatasetModel(const SampleDatasetOptions& options) {
  Dataset ds;
  ds.name = "skein_sample";
  ds.sourceKind = "webknossos";
  ds.voxelSize.factor = kSampleVoxelSize;
  ds.voxelSize.unit = "nanometer";
  const EmVolume volume({options.seed, options.size, 40});
  const int levels = sampleMagCount(options.size);
  for (const char* name : {"color", "segmentation"}) {
    Layer l;
    l.name = name;
    const bool seg = std::string(name) == "segmentation";
    l.category = seg ? LayerCategory::Segmentation : LayerCategory::Color;
    l.dtype = seg ? DataType::UInt32 : DataType::UInt8;
    l.dataFormat = options.format;
    l.boundingBox = {{0, 0, 0}, options.size};
    if (seg) l.largestSegmentId = volume.largestSegmentId();
    for (int level = 0; level < levels; ++level) {
      Mag m;
      const std::int64_t f = std::int64_t{1} << level;
      m.factor = {f, f, f};
      m.path = l.name + "/" + std::to_string(f);
      m.declaredAxisOrder = sampleAxisOrder(options.format);
      l.mags.push_back(std::move(m));
    }
    ds.layers.push_back(std::move(l));
  }
  return ds;
}

Status createSampleDataset(StorePtr store, const SampleDatasetOptions& options) {
  if (!isSampleFormat(options.format))
    return makeError(ErrorCode::InvalidArgument, "unknown sample format \"" + options.format +
                                                     "\" (expected zarr3, zarr, wkw or n5)");
  for (int a = 0; a < 3; ++a)
    if (options.size[a] < kSampleMinSize || options.size[a] > kSampleMaxSize)
      return makeError(ErrorCode::InvalidArgument, "sample size must be between " + std::to_string(kSampleMinSize) +
                                                       " and " + std::to_string(kSampleMaxSize) + " voxels per side");
  if (!store->writable()) return makeError(ErrorCode::InvalidArgument, store->describe("") + " is not writable");
  const int threads = options.threads > 0 ? options.threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const Dataset model = sampleDatasetModel(options);
  const int levels = static_cast<int>(model.layers.front().mags.size());

  std::vector<PyramidWriter::Level> plan;
  for (int level = 0; level < levels; ++level) {
    PyramidWriter::Level L;
    L.size = magSize(options.size, level);
    L.unit = sampleWriteUnit(options.format, L.size);
    const std::string dir = std::to_string(std::int64_t{1} << level);
    SKEIN_ASSIGN_OR_RETURN(L.color, createSampleArray(store, "color/" + dir, options.format, L.size, DataType::UInt8));
    SKEIN_ASSIGN_OR_RETURN(L.seg, createSampleArray(store, "segmentation/" + dir, options.format, L.size, DataType::UInt32));
    plan.push_back(std::move(L));
  }
  PyramidWriter pyramid(options.format, std::move(plan));
  SKEIN_TRY(writeSampleGroups(*store, model, options.format));

  const EmVolume volume({options.seed, options.size, 40});
  const std::int64_t tile = std::min<std::int64_t>(kTile, nextPow2(std::max({options.size.x, options.size.y, options.size.z})));
  const Vec3i tiles{ceilDiv(options.size.x, tile), ceilDiv(options.size.y, tile), ceilDiv(options.size.z, tile)};
  std::int64_t done = 0;
  for (std::int64_t tz = 0; tz < tiles.z; ++tz)
    for (std::int64_t ty = 0; ty < tiles.y; ++ty)
      for (std::int64_t tx = 0; tx < tiles.x; ++tx) {
        TileData t;
        t.box = {{tx * tile, ty * tile, tz * tile}, {tile, tile, tile}};
        t.color = QByteArray(static_cast<qsizetype>(t.box.volume()), Qt::Uninitialized);
        t.seg = QByteArray(static_cast<qsizetype>(t.box.volume() * 4), Qt::Uninitialized);
        // Slabs of 8 z-slices: whole sub-blocks of the generator, many per thread.
        const std::int64_t slab = 8, slice = tile * tile;
        parallelFor(threads, ceilDiv(tile, slab), [&](std::int64_t i) {
          const Box3i part{{t.box.min.x, t.box.min.y, t.box.min.z + i * slab}, {tile, tile, slab}};
          volume.fill(part, reinterpret_cast<std::uint8_t*>(t.color.data()) + i * slab * slice,
                      reinterpret_cast<std::uint32_t*>(t.seg.data()) + i * slab * slice);
        });
        std::vector<WriteJob> jobs;
        for (int level = 0; level < levels; ++level) {
          if (level > 0) t = downsample(t, threads);
          pyramid.deliver(level, t, jobs);
        }
        std::mutex errorMutex;
        std::optional<Error> error;
        parallelFor(threads, static_cast<std::int64_t>(jobs.size()), [&](std::int64_t i) {
          WriteJob& job = jobs[static_cast<std::size_t>(i)];
          Status s = job.writer->writeUnit(job.unitIndex, job.data);
          if (!s.ok()) {
            std::lock_guard lock(errorMutex);
            if (!error) error = s.error();
          }
        });
        if (error) return *error;
        if (options.progress) options.progress(static_cast<double>(++done) / static_cast<double>(tiles.product()));
      }
  if (!pyramid.done()) return makeError(ErrorCode::Internal, "sample writer left write units unfinished");

  const std::string props = datasourcePropertiesToJson(model).dump(2);
  return store->write("datasource-properties.json", QByteArray(props.data(), static_cast<qsizetype>(props.size())));
}

}  // namespace skein::sample
