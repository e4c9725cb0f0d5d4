#include "core/stream/StreamingEngine.h"

#include <QRunnable>
#include <QThreadPool>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/dataset/Dataset.h"
#include "core/stream/BrickReader.h"
#include "core/stream/ChunkCache.h"
#include "core/stream/WakeTimer.h"

namespace skein {

namespace {

using Clock = std::chrono::steady_clock;

// Bounds on bookkeeping that would otherwise grow without limit over a long session.
constexpr std::size_t kMaxReady = 65536;    // undrained deliveries (the cache still has the bricks)
constexpr std::size_t kMaxFailed = 65536;   // remembered failures

// One registered mag.
struct Source {
  ArrayPtr array;
  AxisMap axes;
  std::string host;
  std::int64_t reserveBytes = 0;  // what a brick of this mag may cost in RAM
};

// A brick that is queued (possibly waiting out a back-off) or being loaded.
struct Job {
  BrickState state = BrickState::Queued;
  PriorityTier tier = PriorityTier::Visible;
  double priority = 0;
  std::uint64_t seq = 0;  // FIFO among equal priorities; also makes queue entries unique
  int failedAttempts = 0;
  Clock::time_point notBefore{};
  CancelToken cancel;  // of the read in flight
  bool wanted = true;  // in the latest request set
};

// A read handed from dispatch() to a worker thread.
struct PendingRead {
  BrickKey key;
  ArrayPtr array;
  AxisMap axes;
  CancelToken cancel;
  std::string host;
  std::int64_t reserve = 0;
};

struct QueueEntry {
  PriorityTier tier;
  double priority;
  std::uint64_t seq;
  BrickKey key;
  bool operator<(const QueueEntry& o) const {
    if (tier != o.tier) return tier < o.tier;
    if (priority != o.priority) return priority > o.priority;
    return seq < o.seq;
  }
};

bool outranks(const BrickRequest& a, const BrickRequest& b) {
  return a.tier != b.tier ? a.tier < b.tier : a.priority > b.priority;
}

}  // namespace

std::string hostKeyOf(const std::string& location) {
  const auto scheme = location.find("://");
  if (scheme == std::string::npos || location.compare(0, 4, "file") == 0) return "local";
  const auto begin = scheme + 3;
  auto end = location.find('/', begin);
  std::string authority = location.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);  // drop userinfo
  return location.substr(0, begin) + authority;
}

// The engine's state lives here. Impl is also the one QRunnable the pool runs, once per read:
// each run() takes the next PendingRead under `mutex`, so everything a worker touches was handed
// over through that mutex (which also lets ThreadSanitizer see the hand-over).
struct StreamingEngine::Impl : QRunnable {
  explicit Impl(const StreamSettings& s) : settings(s), cache(s.ramBudgetBytes), timer([this] { onTimer(); }) {
    setAutoDelete(false);
    pool.setMaxThreadCount(std::max(1, s.maxConcurrentJobs));
  }

  // --- state, guarded by `mutex` -------------------------------------------------------------
  mutable std::mutex mutex;
  std::condition_variable progress;  // signalled when a job finishes or the queue changes
  StreamSettings settings;
  std::map<std::string, std::vector<Source>> layers;
  ChunkCache cache;
  using JobMap = std::unordered_map<BrickKey, Job, BrickKeyHash>;
  JobMap jobs;
  std::set<QueueEntry> queue;  // queued jobs, most important first
  std::unordered_map<BrickKey, std::string, BrickKeyHash> failed;
  std::unordered_map<BrickKey, BrickRequest, BrickKeyHash> wanted;  // the latest request set
  std::map<std::string, int> hostActive;
  std::deque<PendingRead> pendingReads;  // started reads not yet picked up by a worker
  int activeRuns = 0;                     // run() calls not yet finished
  std::deque<ReadyBrick> ready;
  std::function<void()> readyCallback;
  std::uint64_t generation = 0;
  std::uint64_t nextSeq = 0;
  int running = 0;
  std::int64_t reserved = 0;
  bool budgetStalled = false;  // a visible brick waits for RAM (shown to the user)
  bool budgetBlocked = false;  // some brick waits for RAM (prefetch may wait quietly)
  bool shuttingDown = false;
  StreamStats totals;  // only the *Total fields and lastError are kept here
  std::int64_t gpuUsed = 0;

  QThreadPool pool;
  WakeTimer timer;  // last: its thread calls onTimer()

  const Source* sourceOf(const BrickKey& key) const {
    auto it = layers.find(key.layer);
    if (it == layers.end() || key.mag < 0 || key.mag >= static_cast<int>(it->second.size())) return nullptr;
    const Source& s = it->second[key.mag];
    return s.array ? &s : nullptr;
  }

  void enqueue(const BrickKey& key, Job& job) {
    job.state = BrickState::Queued;
    job.seq = nextSeq++;
    queue.insert({job.tier, job.priority, job.seq, key});
  }
  void unqueue(const BrickKey& key, const Job& job) { queue.erase({job.tier, job.priority, job.seq, key}); }

  // Returns true when the ready callback should be called (the queue was empty).
  bool pushReady(ReadyBrick r) {
    const bool wasEmpty = ready.empty();
    if (ready.size() >= kMaxReady) ready.pop_front();  // nobody drains: keep the newest
    ready.push_back(std::move(r));
    return wasEmpty && !shuttingDown;
  }

  void markFailed(const BrickKey& key, std::string error, bool& notify) {
    ++totals.failuresTotal;
    totals.lastError = error;
    if (failed.size() >= kMaxFailed) forgetUnwantedFailures();
    failed[key] = error;
    notify |= pushReady({key, BrickState::Failed, nullptr, std::move(error)});
  }

  void forgetUnwantedFailures() {
    for (auto it = failed.begin(); it != failed.end();) it = wanted.count(it->first) ? std::next(it) : failed.erase(it);
  }

  std::chrono::milliseconds backoff(int failedAttempts) const {
    std::int64_t ms = std::max(0, settings.initialBackoffMs);
    for (int i = 1; i < failedAttempts && ms < settings.maxBackoffMs; ++i) ms *= 2;
    return std::chrono::milliseconds(std::min<std::int64_t>(ms, std::max(0, settings.maxBackoffMs)));
  }

  // Starts as many queued jobs as the limits allow: most important first, skipping jobs waiting out
  // a back-off and hosts at their limit; stops at the first job the RAM budget cannot take.
  void dispatch() {
    if (shuttingDown) return;
    const Clock::time_point now = Clock::now();
    std::optional<Clock::time_point> nextWake;
    bool stalled = false, blocked = false;
    const int perHost = std::max(1, settings.maxRequestsPerHost);
    for (auto it = queue.begin(); it != queue.end() && running < std::max(1, settings.maxConcurrentJobs);) {
      const BrickKey key = it->key;
      Job& job = jobs.at(key);
      if (job.notBefore > now) {
        nextWake = nextWake ? std::min(*nextWake, job.notBefore) : job.notBefore;
        ++it;
        continue;
      }
      const Source* source = sourceOf(key);
      if (!source) {  // the layer went away while it was queued
        it = queue.erase(it);
        jobs.erase(key);
        continue;
      }
      if (hostActive[source->host] >= perHost) {
        if (!anyHostFree(perHost)) break;  // no need to scan a long queue
        ++it;
        continue;
      }
      if (!cache.makeRoom(reserved + source->reserveBytes, job.tier)) {
        blocked = true;
        stalled = job.tier == PriorityTier::Visible;
        break;  // less important bricks may evict even less
      }
      it = queue.erase(it);
      start(key, job, *source);
    }
    budgetStalled = stalled || cache.used() > cache.budget();
    budgetBlocked = blocked;
    if (nextWake) timer.wakeAt(*nextWake);
  }

  bool anyHostFree(int perHost) {
    for (const auto& [name, mags] : layers)
      for (const Source& source : mags)
        if (source.array && hostActive[source.host] < perHost) return true;
    return false;
  }

  void start(const BrickKey& key, Job& job, const Source& source) {
    job.state = BrickState::Loading;
    job.cancel = CancelToken::make();
    reserved += source.reserveBytes;
    ++hostActive[source.host];
    ++running;
    ++activeRuns;
    // The read keeps what it needs to settle the job even if the layer is replaced meanwhile.
    pendingReads.push_back({key, source.array, source.axes, job.cancel, source.host, source.reserveBytes});
    pool.start(this);
  }

  void run() override {
    PendingRead read;
    {
      std::lock_guard lock(mutex);
      read = std::move(pendingReads.front());  // one entry per start()
      pendingReads.pop_front();
    }
    Result<BrickPtr> result = readBrick(*read.array, read.axes, read.key, read.cancel);  // no lock held here
    finish(read.key, read.array, read.cancel, read.host, read.reserve, std::move(result));
    std::lock_guard lock(mutex);
    --activeRuns;
    progress.notify_all();  // under the lock: the destructor may free `progress` right after
  }

  void finish(const BrickKey& key, const ArrayPtr& array, const CancelToken& cancel, const std::string& host,
              std::int64_t reserve, Result<BrickPtr> result) {
    std::function<void()> callback;
    {
      std::lock_guard lock(mutex);
      --running;
      --hostActive[host];
      reserved -= reserve;
      bool notify = false;
      auto it = jobs.find(key);
      if (it != jobs.end() && it->second.state == BrickState::Loading)  // loading jobs are only erased here
        settle(it, array, cancel, std::move(result), notify);
      dispatch();
      if (notify) callback = readyCallback;
    }
    if (callback) callback();
    progress.notify_all();
  }

  // Decides what becomes of a finished read: cached, queued again (cancelled but wanted again,
  // layer replaced, or a retry after a back-off), dropped, or failed for good.
  void settle(JobMap::iterator it, const ArrayPtr& array, const CancelToken& cancel, Result<BrickPtr> result,
              bool& notify) {
    const BrickKey key = it->first;
    Job& job = it->second;
    const bool stillWanted = job.wanted && !shuttingDown;
    const Source* source = sourceOf(key);
    if (!source || source->array != array) {  // the layer was removed or replaced meanwhile
      if (source && stillWanted) {
        job.failedAttempts = 0;
        requeue(key, job, {});  // read it again from the new array
      } else {
        jobs.erase(it);
      }
      return;
    }
    if (result.ok()) {  // kept even if cancelled meanwhile: the data is good
      jobs.erase(it);
      storeBrick(key, std::move(result).value(), notify);
      return;
    }
    if (cancel.isCancelled() || result.error().code == ErrorCode::Cancelled) {
      ++totals.cancelledTotal;
      if (stillWanted)
        requeue(key, job, {});  // requested again after it was cancelled
      else
        jobs.erase(it);
      return;
    }
    if (!stillWanted) {
      jobs.erase(it);  // nobody wants it any more: no retry
      return;
    }
    if (job.failedAttempts < settings.maxRetries) {
      ++job.failedAttempts;
      ++totals.retriesTotal;
      totals.lastError = result.error().message;
      requeue(key, job, Clock::now() + backoff(job.failedAttempts));
      return;
    }
    jobs.erase(it);
    markFailed(key, result.error().message, notify);
  }

  void requeue(const BrickKey& key, Job& job, Clock::time_point notBefore) {
    job.notBefore = notBefore;
    enqueue(key, job);
  }

  void storeBrick(const BrickKey& key, BrickPtr brick, bool& notify) {
    auto w = wanted.find(key);
    const PriorityTier tier = w == wanted.end() ? PriorityTier::Recent : w->second.tier;
    cache.insert(brick, tier);
    cache.trim();
    ++totals.loadedTotal;
    totals.bytesLoadedTotal += static_cast<std::int64_t>(brick->data.size());
    if (brick->absent) ++totals.missingTotal;
    const BrickState state = brick->absent ? BrickState::Missing : BrickState::Decoded;
    notify |= pushReady({key, state, std::move(brick), {}, tier});
  }

  void onTimer() {
    {
      std::lock_guard lock(mutex);
      dispatch();
    }
    progress.notify_all();
  }

  // Requests the bricks of the current wish list that are neither cached, loading nor failed.
  void applyRequests(bool& notify) {
    for (const auto& [key, request] : wanted) {
      if (cache.protect(key, request.tier)) continue;
      if (failed.count(key)) continue;
      auto jobIt = jobs.find(key);
      if (jobIt != jobs.end()) {
        Job& job = jobIt->second;
        job.wanted = true;
        if (job.state == BrickState::Queued && (job.tier != request.tier || job.priority != request.priority)) {
          unqueue(key, job);
          job.tier = request.tier;
          job.priority = request.priority;
          queue.insert({job.tier, job.priority, job.seq, key});
        } else {
          job.tier = request.tier;
          job.priority = request.priority;
        }
        continue;
      }
      if (!sourceOf(key)) {
        markFailed(key, "brick " + key.toString() + ": no array is registered for layer \"" + key.layer +
                            "\" mag index " + std::to_string(key.mag),
                   notify);
        continue;
      }
      Job job;
      job.tier = request.tier;
      job.priority = request.priority;
      enqueue(key, jobs.emplace(key, std::move(job)).first->second);
    }
  }

  // Drops queued jobs that are no longer wanted and cancels such reads in flight.
  void dropUnwanted() {
    for (auto it = jobs.begin(); it != jobs.end();) {
      Job& job = it->second;
      job.wanted = wanted.count(it->first) != 0;
      if (job.wanted) {
        ++it;
      } else if (job.state == BrickState::Queued) {
        unqueue(it->first, job);
        ++totals.droppedTotal;
        it = jobs.erase(it);
      } else {
        job.cancel.cancel();
        ++it;
      }
    }
  }

  bool idle() const {
    if (running > 0) return false;
    const auto now = Clock::now();
    for (const auto& entry : queue)
      if (jobs.at(entry.key).notBefore > now) return false;  // a retry is pending
    return queue.empty() || budgetBlocked;
  }

  StreamStats snapshot() const {
    StreamStats s = totals;
    s.generation = generation;
    s.ramBytesUsed = cache.used();
    s.ramBytesReserved = reserved;
    s.ramBudgetBytes = cache.budget();
    s.gpuBytesUsed = gpuUsed;
    s.gpuBudgetBytes = settings.gpuBudgetBytes;
    s.budgetStalled = budgetStalled;
    s.loading = running;
    s.queued = static_cast<std::int64_t>(jobs.size()) - running;
    s.missing = static_cast<std::int64_t>(cache.absentCount());
    s.decoded = static_cast<std::int64_t>(cache.size()) - s.missing;
    s.failed = static_cast<std::int64_t>(failed.size());
    s.evictedTotal = cache.evictedTotal();
    for (const auto& [key, request] : wanted) {
      if (request.tier != PriorityTier::Visible) continue;
      ++s.visibleWanted;
      if (cache.contains(key)) ++s.visibleReady;
    }
    return s;
  }
};

StreamingEngine::StreamingEngine(StreamSettings settings) : d_(std::make_unique<Impl>(settings)) {}

StreamingEngine::~StreamingEngine() {
  {
    std::lock_guard lock(d_->mutex);
    d_->shuttingDown = true;
    d_->queue.clear();
    for (auto& [key, job] : d_->jobs) job.cancel.cancel();
  }
  {
    // Wait through our own mutex (not only the pool's) so that the end of every run() visibly
    // happens before the members are destroyed.
    std::unique_lock lock(d_->mutex);
    d_->progress.wait(lock, [this] { return d_->activeRuns == 0; });
  }
  d_->pool.waitForDone();
  d_->timer.stop();
}

void StreamingEngine::setSettings(const StreamSettings& settings) {
  {
    std::lock_guard lock(d_->mutex);
    d_->settings = settings;
    d_->cache.setBudget(settings.ramBudgetBytes);
    d_->cache.trim();
    d_->pool.setMaxThreadCount(std::max(1, settings.maxConcurrentJobs));
    d_->dispatch();
  }
  d_->progress.notify_all();
}

StreamSettings StreamingEngine::settings() const {
  std::lock_guard lock(d_->mutex);
  return d_->settings;
}

Status StreamingEngine::addLayer(const Layer& layer) {
  for (std::size_t i = 0; i < layer.mags.size(); ++i) {
    const Mag& mag = layer.mags[i];
    if (!mag.array)
      return makeError(ErrorCode::InvalidArgument, "layer \"" + layer.name + "\" mag " + magToString(mag.factor) +
                                                       " has no open array");
    SKEIN_TRY(validateAxes(mag.axes, mag.array->meta().shape.size(),
                           "layer \"" + layer.name + "\" mag " + magToString(mag.factor)));
  }
  removeLayer(layer.name);
  for (std::size_t i = 0; i < layer.mags.size(); ++i)
    SKEIN_TRY(addSource(layer.name, static_cast<int>(i), layer.mags[i].array, layer.mags[i].axes));
  return {};
}

Status StreamingEngine::addSource(const std::string& layer, int magIndex, std::shared_ptr<const ChunkedArray> array,
                                  const AxisMap& axes) {
  if (!array || magIndex < 0 || magIndex > 64)
    return makeError(ErrorCode::InvalidArgument, "layer \"" + layer + "\": invalid mag index or no array");
  const ArrayMeta& meta = array->meta();
  SKEIN_TRY(validateAxes(axes, meta.shape.size(), meta.location));
  if (meta.chunkShape.size() != meta.shape.size())
    return makeError(ErrorCode::InvalidData, meta.location + ": chunk shape and shape differ in rank");
  Source source{array, axes, hostKeyOf(meta.location), brickPayloadBytes(meta, axes) + Brick::kOverheadBytes};
  {
    std::lock_guard lock(d_->mutex);
    auto& mags = d_->layers[layer];
    if (static_cast<int>(mags.size()) <= magIndex) mags.resize(static_cast<std::size_t>(magIndex) + 1);
    mags[static_cast<std::size_t>(magIndex)] = std::move(source);
    // Bricks read from a replaced array are stale.
    auto sameMag = [&](const BrickKey& k) { return k.layer == layer && k.mag == magIndex; };
    for (auto it = d_->failed.begin(); it != d_->failed.end();) it = sameMag(it->first) ? d_->failed.erase(it) : std::next(it);
    for (const BrickKey& key : d_->cache.keys())
      if (sameMag(key)) d_->cache.erase(key);
  }
  return {};
}

void StreamingEngine::removeLayer(const std::string& layer) {
  std::lock_guard lock(d_->mutex);
  d_->layers.erase(layer);
  for (auto it = d_->jobs.begin(); it != d_->jobs.end();) {
    if (it->first.layer != layer) {
      ++it;
    } else if (it->second.state == BrickState::Queued) {
      d_->unqueue(it->first, it->second);
      it = d_->jobs.erase(it);
    } else {
      it->second.cancel.cancel();  // finish() discards it
      ++it;
    }
  }
  for (const BrickKey& key : d_->cache.keys())
    if (key.layer == layer) d_->cache.erase(key);
  for (auto it = d_->failed.begin(); it != d_->failed.end();)
    it = it->first.layer == layer ? d_->failed.erase(it) : std::next(it);
}

bool StreamingEngine::setRequests(std::uint64_t generation, std::vector<BrickRequest> requests) {
  std::function<void()> callback;
  {
    std::lock_guard lock(d_->mutex);
    if (generation < d_->generation || d_->shuttingDown) return false;
    d_->generation = generation;
    d_->wanted.clear();
    d_->wanted.reserve(requests.size());
    for (BrickRequest& r : requests) {
      auto [it, inserted] = d_->wanted.try_emplace(r.key, r);
      if (!inserted && outranks(r, it->second)) it->second = std::move(r);
    }
    d_->cache.unprotectAll();
    d_->dropUnwanted();
    bool notify = false;
    d_->applyRequests(notify);
    d_->dispatch();
    if (notify) callback = d_->readyCallback;
  }
  d_->progress.notify_all();
  if (callback) callback();
  return true;
}

BrickPtr StreamingEngine::lookup(const BrickKey& key) {
  std::lock_guard lock(d_->mutex);
  return d_->cache.touch(key);
}

BrickState StreamingEngine::state(const BrickKey& key) const {
  std::lock_guard lock(d_->mutex);
  if (BrickPtr b = d_->cache.find(key)) return b->absent ? BrickState::Missing : BrickState::Decoded;
  if (auto it = d_->jobs.find(key); it != d_->jobs.end()) return it->second.state;
  if (d_->failed.count(key)) return BrickState::Failed;
  return BrickState::Unknown;
}

std::string StreamingEngine::failureOf(const BrickKey& key) const {
  std::lock_guard lock(d_->mutex);
  auto it = d_->failed.find(key);
  return it == d_->failed.end() ? std::string() : it->second;
}

void StreamingEngine::setReadyCallback(std::function<void()> callback) {
  std::lock_guard lock(d_->mutex);
  d_->readyCallback = std::move(callback);
}

std::vector<ReadyBrick> StreamingEngine::drainReady(std::size_t maxCount) {
  std::lock_guard lock(d_->mutex);
  std::vector<ReadyBrick> out;
  const std::size_t n = std::min(maxCount, d_->ready.size());
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(std::move(d_->ready.front()));
    d_->ready.pop_front();
  }
  return out;
}

std::size_t StreamingEngine::drainReadyUntil(std::chrono::steady_clock::time_point deadline,
                                             const std::function<void(ReadyBrick&&)>& consume) {
  std::size_t count = 0;
  while (count == 0 || Clock::now() < deadline) {
    ReadyBrick next;
    {
      std::lock_guard lock(d_->mutex);
      if (d_->ready.empty()) break;
      next = std::move(d_->ready.front());
      d_->ready.pop_front();
    }
    consume(std::move(next));  // without the lock: the consumer may call back into the engine
    ++count;
  }
  return count;
}

std::size_t StreamingEngine::readyCount() const {
  std::lock_guard lock(d_->mutex);
  return d_->ready.size();
}

void StreamingEngine::setGpuUsage(std::int64_t bytes) {
  std::lock_guard lock(d_->mutex);
  d_->gpuUsed = bytes;
}

StreamStats StreamingEngine::stats() const {
  std::lock_guard lock(d_->mutex);
  return d_->snapshot();
}

void StreamingEngine::retryFailed() {
  std::function<void()> callback;
  {
    std::lock_guard lock(d_->mutex);
    d_->failed.clear();
    bool notify = false;
    d_->applyRequests(notify);
    d_->dispatch();
    if (notify) callback = d_->readyCallback;
  }
  d_->progress.notify_all();
  if (callback) callback();
}

void StreamingEngine::clearCache() {
  std::lock_guard lock(d_->mutex);
  d_->cache.clear();
}

bool StreamingEngine::waitForIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(d_->mutex);
  return d_->progress.wait_for(lock, timeout, [this] { return d_->idle(); });
}

}  // namespace skein
