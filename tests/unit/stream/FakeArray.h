#pragma once
// An in-memory ChunkedArray for scheduler and conversion tests: chunk contents come from a value
// function of the global element index, and a handler can delay, fail or drop any read. Every
// readChunk call is logged (with a shared log across arrays, to record the global call order) and
// the number of simultaneous calls is tracked.

#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/format/ChunkedArray.h"

namespace skein::test {

using Index = std::vector<std::int64_t>;

struct CallLog {
  std::mutex mutex;
  std::vector<std::pair<std::string, Index>> calls;  // (array name, chunk index) in call order
  std::atomic<int> active{0};
  std::atomic<int> maxActive{0};

  void add(const std::string& name, const Index& idx) {
    std::lock_guard lock(mutex);
    calls.emplace_back(name, idx);
  }
  std::vector<std::pair<std::string, Index>> snapshot() {
    std::lock_guard lock(mutex);
    return calls;
  }
  int count(const std::string& name, const Index& idx) {
    std::lock_guard lock(mutex);
    int n = 0;
    for (const auto& c : calls) n += c.first == name && c.second == idx;
    return n;
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return calls.size();
  }
};

// A gate the handler can wait on; waiting gives up when the read is cancelled.
class Gate {
 public:
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }
  // True when opened, false when the token was cancelled (or 10 s passed).
  bool wait(const CancelToken& cancel) {
    std::unique_lock lock(mutex_);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!open_) {
      if (cancel.isCancelled() || std::chrono::steady_clock::now() > until) return false;
      cv_.wait_for(lock, std::chrono::milliseconds(1));
    }
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

inline ArrayMeta makeMeta(Shape shape, Shape chunkShape, DataType dtype, std::string location = "/data/fake") {
  ArrayMeta m;
  m.format = "fake";
  m.shape = std::move(shape);
  m.chunkShape = std::move(chunkShape);
  m.dtype = dtype;
  m.fillValue = QByteArray(static_cast<qsizetype>(dataTypeSize(dtype)), '\0');
  m.location = std::move(location);
  return m;
}

class FakeArray : public ChunkedArray {
 public:
  using Read = Result<std::optional<QByteArray>>;
  // Handler: return std::nullopt from the outer optional to produce the normal chunk.
  using Handler = std::function<std::optional<Read>(const Index& chunk, const CancelToken& cancel)>;
  using ValueFn = std::function<std::uint64_t(const Index& element)>;

  FakeArray(ArrayMeta meta, std::string name = "a", std::shared_ptr<CallLog> log = std::make_shared<CallLog>())
      : meta_(std::move(meta)), name_(std::move(name)), log_(std::move(log)) {}

  void setHandler(Handler h) { handler_ = std::move(h); }
  void setValues(ValueFn f) { values_ = std::move(f); }
  CallLog& log() const { return *log_; }
  const std::string& name() const { return name_; }

  const ArrayMeta& meta() const override { return meta_; }
  std::string chunkKey(std::span<const std::int64_t> idx) const override {
    std::string k = name_;
    for (auto i : idx) k += "/" + std::to_string(i);
    return k;
  }

  Read readChunk(std::span<const std::int64_t> chunkIndex, const CancelToken& cancel = {}) const override {
    const Index idx(chunkIndex.begin(), chunkIndex.end());
    log_->add(name_, idx);
    const int now = ++log_->active;
    int seen = log_->maxActive.load();
    while (now > seen && !log_->maxActive.compare_exchange_weak(seen, now)) {
    }
    std::optional<Read> custom;
    if (handler_) custom = handler_(idx, cancel);
    --log_->active;
    if (custom) return std::move(*custom);
    return Read(std::optional<QByteArray>(makeChunk(idx)));
  }

  // The chunk at `idx` as the value function defines it (C order over chunkShape).
  QByteArray makeChunk(const Index& idx) const {
    const std::size_t nd = meta_.chunkShape.size(), es = meta_.elementSize();
    QByteArray out(static_cast<qsizetype>(meta_.chunkElements() * static_cast<std::int64_t>(es)), '\0');
    Index local(nd, 0), global(nd, 0);
    for (std::int64_t i = 0; i < meta_.chunkElements(); ++i) {
      for (std::size_t d = 0; d < nd; ++d) global[d] = idx[d] * meta_.chunkShape[d] + local[d];
      const std::uint64_t v = values_ ? values_(global) : 0;
      std::memcpy(out.data() + i * static_cast<std::int64_t>(es), &v, es);  // little-endian host
      for (std::size_t d = nd; d-- > 0;) {
        if (++local[d] < meta_.chunkShape[d]) break;
        local[d] = 0;
      }
    }
    return out;
  }

 private:
  ArrayMeta meta_;
  std::string name_;
  std::shared_ptr<CallLog> log_;
  Handler handler_;
  ValueFn values_;
};

}  // namespace skein::test
