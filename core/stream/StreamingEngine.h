#pragma once
// The streaming engine: turns the viewer's wish list of bricks into reads on a bounded pool of
// worker threads and hands decoded bricks back to the consumer (GUI) thread.
//
//  - setRequests(generation, list) replaces the wish list. Each request has a tier (visible >
//    prefetch > recent) and a priority inside the tier; coarser mags should carry higher priorities
//    (SlicePlanner does that). Queued work no longer requested is dropped, and in-flight reads no
//    longer requested have their CancelToken cancelled (aborting HTTP requests).
//  - Reads run on a QThreadPool owned by the engine, at most maxRequestsPerHost at once per host.
//  - Decoded bricks go to a RAM cache with a byte budget (ChunkCache: LRU, visible bricks pinned);
//    absent chunks are remembered as "missing" and never read again; failing reads are retried with
//    exponential back-off, then remembered as failed and counted.
//  - Finished bricks wait in a thread-safe ready queue; the consumer drains it once per frame
//    (uploading to the GPU under a deadline) after the ready callback told it there is something.
//
// All public methods are thread-safe; no lock is held while a worker reads or decodes, and the
// engine never calls into widgets.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/base/Result.h"
#include "core/stream/StreamStats.h"
#include "core/stream/StreamTypes.h"

namespace skein {

class ChunkedArray;
struct AxisMap;
struct Layer;

class StreamingEngine {
 public:
  explicit StreamingEngine(StreamSettings settings = {});
  ~StreamingEngine();  // cancels in-flight reads and waits for the workers
  StreamingEngine(const StreamingEngine&) = delete;
  StreamingEngine& operator=(const StreamingEngine&) = delete;

  // Budgets and limits take effect at once (a smaller RAM budget evicts at once).
  void setSettings(const StreamSettings& settings);
  StreamSettings settings() const;

  // Registers every mag of `layer` (their arrays must be open); replaces a layer of the same name.
  Status addLayer(const Layer& layer);
  // Registers one mag of a layer directly (mag indices are the layer's, finest = 0).
  Status addSource(const std::string& layer, int magIndex, std::shared_ptr<const ChunkedArray> array,
                   const AxisMap& axes);
  // Cancels the layer's work and forgets its bricks.
  void removeLayer(const std::string& layer);

  // Replaces the wish list. Requests of an older generation than the latest are ignored (returns
  // false). Duplicate keys keep their most important request.
  bool setRequests(std::uint64_t generation, std::vector<BrickRequest> requests);

  // The cached brick (decoded, or absent with `absent` set), marking it recently used; or null.
  BrickPtr lookup(const BrickKey& key);
  BrickState state(const BrickKey& key) const;
  std::string failureOf(const BrickKey& key) const;  // why a Failed brick failed

  // Called on a worker thread whenever the ready queue goes from empty to non-empty; post to the
  // GUI thread from there (e.g. QMetaObject::invokeMethod with Qt::QueuedConnection).
  void setReadyCallback(std::function<void()> callback);
  std::vector<ReadyBrick> drainReady(std::size_t maxCount = SIZE_MAX);
  // Hands ready bricks to `consume` one by one until the deadline passes (at least one when any is
  // ready); the rest stay queued. Returns how many were consumed.
  std::size_t drainReadyUntil(std::chrono::steady_clock::time_point deadline,
                              const std::function<void(ReadyBrick&&)>& consume);
  std::size_t readyCount() const;

  // The renderer reports its GPU cache use so that one statistics snapshot holds both budgets.
  void setGpuUsage(std::int64_t bytes);
  StreamStats stats() const;

  // Forgets failed bricks so that requests read them again.
  void retryFailed();
  // Drops every cached brick (decoded and missing).
  void clearCache();

  // Blocks until nothing is loading and nothing queued could start (tests, skeinctl). False on
  // timeout.
  bool waitForIdle(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

// The host part of an array location, for the per-host request limit: "https://host:port" for
// URLs, "local" for paths.
std::string hostKeyOf(const std::string& location);

}  // namespace skein
