#pragma once
// A thread-safe in-memory store (tests, scratch data, zips downloaded into RAM).

#include <map>
#include <mutex>

#include "core/store/Store.h"

namespace skein {

class MemoryStore final : public Store {
 public:
  MemoryStore() = default;

  Result<std::optional<QByteArray>> read(const std::string& key, std::optional<ByteRange> range = std::nullopt,
                                         const CancelToken& cancel = {}) override;
  Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& cancel = {}) override;
  Result<std::vector<std::string>> list(const std::string& prefix) override;
  bool writable() const override { return true; }
  Status write(const std::string& key, const QByteArray& bytes) override;
  Status remove(const std::string& key) override;
  std::string describe(const std::string& key) const override;

  std::size_t objectCount() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, QByteArray> objects_;  // keys normalised with joinKey
};

}  // namespace skein
