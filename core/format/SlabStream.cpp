#include "core/format/SlabStream.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <thread>
#include <vector>

#include "core/format/BoxCopy.h"

namespace skein {
namespace {

constexpr std::size_t kSlabAlignment = 4096;

struct ChunkTask {
  std::int64_t slab = 0;
  Shape chunk;
};

// Chunks intersecting each slab, slab by slab, in C order within a slab.
std::vector<ChunkTask> chunkTasks(const ArrayMeta& m, std::size_t dim, std::int64_t rowsPerSlab, std::int64_t slabs) {
  const std::size_t nd = m.shape.size();
  const Shape grid = m.chunkGridShape();
  std::vector<ChunkTask> tasks;
  for (std::int64_t s = 0; s < slabs; ++s) {
    Shape first(nd, 0), last(nd);
    for (std::size_t d = 0; d < nd; ++d) last[d] = grid[d] - 1;
    const std::int64_t lo = s * rowsPerSlab, hi = std::min(lo + rowsPerSlab, m.shape[dim]);
    first[dim] = lo / m.chunkShape[dim];
    last[dim] = (hi - 1) / m.chunkShape[dim];
    Shape idx = first;
    while (true) {
      tasks.push_back({s, idx});
      std::size_t d = nd;
      while (d > 0) {
        --d;
        if (++idx[d] <= last[d]) break;
        idx[d] = first[d];
        if (d == 0) goto nextSlab;
      }
    }
  nextSlab:;
  }
  return tasks;
}

// Shared state of the workers and the consuming thread.
class SlabPipeline {
 public:
  explicit SlabPipeline(std::vector<std::int64_t> pending) : pending_(std::move(pending)) {}

  // Worker: blocks until slab `s` may be written into (its buffer was consumed); false on stop.
  bool waitForBuffer(std::int64_t s) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || s < consumed_ + 2; });
    return !stopped_;
  }
  // Worker: one chunk of slab `s` done.
  void chunkDone(std::int64_t s) {
    std::lock_guard lock(mutex_);
    if (--pending_[static_cast<std::size_t>(s)] == 0) changed_.notify_all();
  }
  void fail(Error e) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(e);
    stopped_ = true;
    changed_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  // Consumer: blocks until slab `s` is complete; false on stop.
  bool waitForSlab(std::int64_t s) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || pending_[static_cast<std::size_t>(s)] == 0; });
    return !stopped_;
  }
  void slabConsumed() {
    std::lock_guard lock(mutex_);
    ++consumed_;
    changed_.notify_all();
  }
  std::optional<Error> error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::int64_t> pending_;  // chunks still to read, per slab
  std::int64_t consumed_ = 0;  // slabs handed to the consumer
  bool stopped_ = false;
  std::optional<Error> error_;
};

}  // namespace

Status streamSlabs(const ChunkedArray& array, const SlabStreamOptions& options,
                   const std::function<Status(const std::uint8_t* data, std::size_t bytes)>& consume) {
  const ArrayMeta& m = array.meta();
  const std::size_t nd = m.shape.size();
  if (nd == 0 || options.dim >= nd || options.rowsPerSlab < 1)
    return makeError(ErrorCode::InvalidArgument, "cannot cut " + m.location + " into slabs along dimension " +
                                                     std::to_string(options.dim));
  for (std::size_t d = 0; d < nd; ++d) {
    if (m.shape[d] == 0) return {};
    if (d < options.dim && m.shape[d] != 1)
      return makeError(ErrorCode::InvalidArgument, "slabs of " + m.location + " along dimension " +
                                                       std::to_string(options.dim) + " would not be contiguous");
  }
  const std::size_t es = m.elementSize();
  std::int64_t rowBytes = static_cast<std::int64_t>(es);
  for (std::size_t d = options.dim + 1; d < nd; ++d) rowBytes *= m.shape[d];
  const std::int64_t rows = m.shape[options.dim], step = options.rowsPerSlab;
  const std::int64_t slabs = (rows + step - 1) / step;

  std::vector<ChunkTask> tasks = chunkTasks(m, options.dim, step, slabs);
  std::vector<std::int64_t> pending(static_cast<std::size_t>(slabs), 0);
  for (const auto& t : tasks) ++pending[static_cast<std::size_t>(t.slab)];
  SlabPipeline pipeline(std::move(pending));
  // Slab s is assembled in buffers[s % 2]. Left uninitialised: the workers' first touches fault
  // the pages in on both cores (measured: transparent huge pages or MAP_POPULATE cost more here).
  // Page-aligned, so that chunk rows that are whole cache lines in the array are whole lines in
  // memory too (a streaming store into half a line is slower than a cached one).
  struct AlignedFree {
    void operator()(std::uint8_t* p) const { ::operator delete[](p, std::align_val_t(kSlabAlignment)); }
  };
  std::vector<std::unique_ptr<std::uint8_t[], AlignedFree>> buffers;
  const std::int64_t slabBytes = std::min(step, rows) * rowBytes;
  for (std::int64_t b = 0; b < std::min<std::int64_t>(2, slabs); ++b) {
    buffers.emplace_back(static_cast<std::uint8_t*>(::operator new[](static_cast<std::size_t>(slabBytes),
                                                                      std::align_val_t(kSlabAlignment), std::nothrow)));
    if (!buffers.back())
      return makeError(ErrorCode::Io, "cannot allocate " + std::to_string(slabBytes) + " bytes for streaming " +
                                          m.location);
  }

  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    ChunkScratch scratch;  // reused for every chunk this thread reads
    Shape origin(nd, 0), shape(m.shape), lo(nd), hi(nd), chunkOrigin(nd);
    while (true) {
      const std::size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      const ChunkTask& task = tasks[i];
      if (!pipeline.waitForBuffer(task.slab)) return;
      if (options.cancel.isCancelled()) return pipeline.fail(makeError(ErrorCode::Cancelled, "read cancelled"));
      origin[options.dim] = task.slab * step;
      shape[options.dim] = std::min(step, rows - origin[options.dim]);
      std::uint8_t* data = buffers[static_cast<std::size_t>(task.slab % 2)].get();
      auto written = array.readChunkInto(task.chunk, {data, origin, shape, /*streaming=*/true}, scratch, options.cancel);
      if (!written.ok()) return pipeline.fail(written.error());
      if (!*written) {  // absent: the fill value
        for (std::size_t d = 0; d < nd; ++d) chunkOrigin[d] = task.chunk[d] * m.chunkShape[d];
        if (chunkPartInBox(chunkOrigin, m.chunkShape, origin, shape, m.shape, lo, hi))
          fillBlock({data, origin, shape}, lo, hi, m.fillValue);
      }
      pipeline.chunkDone(task.slab);
    }
  };
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(tasks.size())));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);

  for (std::int64_t s = 0; s < slabs; ++s) {
    if (!pipeline.waitForSlab(s)) break;
    const std::int64_t slabRows = std::min(step, rows - s * step);
    Status consumed = consume(buffers[static_cast<std::size_t>(s % 2)].get(), static_cast<std::size_t>(slabRows * rowBytes));
    if (!consumed.ok()) {
      pipeline.fail(consumed.error());
      break;
    }
    pipeline.slabConsumed();
  }
  pipeline.stop();
  for (auto& t : pool) t.join();
  if (auto e = pipeline.error()) return *e;
  return {};
}

}  // namespace skein
