#pragma once
// Helpers shared by the Zarr tests (header only: every tst_*.cpp is its own executable).

#include <QtCore/qfloat16.h>

#include <cstring>
#include <mutex>
#include <vector>

#include "core/format/ArrayRegion.h"
#include "core/format/ChunkedArray.h"
#include "core/store/FileStore.h"
#include "core/store/MemoryStore.h"
#include "tests/support/TestEnv.h"

namespace skein::test {

inline StorePtr fixtureStore(const QString& relative) {
  return std::make_shared<FileStore>(fixture(relative), FileStore::Mode::ReadOnly);
}

// The whole array, C order, native little-endian.
inline Result<QByteArray> readWholeArray(const ChunkedArray& array, int threads = 1) {
  const ArrayMeta& m = array.meta();
  std::int64_t n = 1;
  for (auto s : m.shape) n *= s;
  QByteArray out(static_cast<qsizetype>(n * static_cast<std::int64_t>(m.elementSize())), Qt::Uninitialized);
  Shape offset(m.shape.size(), 0);
  RegionReadOptions options;
  options.threads = threads;
  Status s = readRegion(array, offset, m.shape, out.data(), options);
  if (!s.ok()) return s.error();
  return out;
}

// Element i of a decoded buffer as double (float16 through its bit pattern; bool as 0/1).
inline double elementAsDouble(const QByteArray& buffer, std::int64_t i, DataType type) {
  const char* p = buffer.constData() + i * static_cast<std::int64_t>(dataTypeSize(type));
  auto load = [p](auto v) {
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  switch (type) {
    case DataType::Bool: return load(std::uint8_t{}) != 0 ? 1.0 : 0.0;
    case DataType::Int8: return load(std::int8_t{});
    case DataType::Int16: return load(std::int16_t{});
    case DataType::Int32: return load(std::int32_t{});
    case DataType::Int64: return static_cast<double>(load(std::int64_t{}));
    case DataType::UInt8: return load(std::uint8_t{});
    case DataType::UInt16: return load(std::uint16_t{});
    case DataType::UInt32: return load(std::uint32_t{});
    case DataType::UInt64: return static_cast<double>(load(std::uint64_t{}));
    case DataType::Float16: return static_cast<float>(load(qfloat16{}));
    case DataType::Float32: return load(float{});
    case DataType::Float64: return load(double{});
  }
  return 0;
}

template <typename T>
T elementAt(const QByteArray& buffer, std::int64_t i) {
  T v;
  std::memcpy(&v, buffer.constData() + i * static_cast<std::int64_t>(sizeof(T)), sizeof(T));
  return v;
}

// A store wrapper that records every read (key and range) for asserting the access pattern.
class CountingStore final : public Store {
 public:
  struct Read {
    std::string key;
    std::optional<ByteRange> range;
  };
  explicit CountingStore(StorePtr base) : base_(std::move(base)) {}

  Result<std::optional<QByteArray>> read(const std::string& key, std::optional<ByteRange> range,
                                         const CancelToken& cancel) override {
    {
      std::lock_guard lock(mutex_);
      reads_.push_back({key, range});
    }
    return base_->read(key, range, cancel);
  }
  Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& cancel) override {
    return base_->size(key, cancel);
  }
  Result<std::vector<std::string>> list(const std::string& prefix) override { return base_->list(prefix); }
  bool writable() const override { return base_->writable(); }
  Status write(const std::string& key, const QByteArray& bytes) override { return base_->write(key, bytes); }
  Status remove(const std::string& key) override { return base_->remove(key); }
  std::string describe(const std::string& key) const override { return base_->describe(key); }

  std::vector<Read> reads() const {
    std::lock_guard lock(mutex_);
    return reads_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    reads_.clear();
  }

 private:
  StorePtr base_;
  mutable std::mutex mutex_;
  std::vector<Read> reads_;
};

}  // namespace skein::test
