#include "core/store/MemoryStore.h"

#include "core/store/StoreKeys.h"

namespace skein {

Result<std::optional<QByteArray>> MemoryStore::read(const std::string& key, std::optional<ByteRange> range,
                                                    const CancelToken& cancel) {
  SKEIN_TRY(checkKey(key));
  if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "reading " + describe(key) + " was cancelled");
  QByteArray bytes;
  {
    std::lock_guard lock(mutex_);
    const auto it = objects_.find(joinKey(key, ""));
    if (it == objects_.end()) return std::optional<QByteArray>{};
    bytes = it->second;  // implicitly shared: no copy
  }
  SKEIN_ASSIGN_OR_RETURN(const auto span, resolveRange(range, bytes.size(), describe(key)));
  if (span.first == 0 && span.second == bytes.size()) return std::optional<QByteArray>{std::move(bytes)};
  return std::optional<QByteArray>{bytes.mid(span.first, span.second - span.first)};
}

Result<std::optional<std::int64_t>> MemoryStore::size(const std::string& key, const CancelToken& /*cancel*/) {
  SKEIN_TRY(checkKey(key));
  std::lock_guard lock(mutex_);
  const auto it = objects_.find(joinKey(key, ""));
  if (it == objects_.end()) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{it->second.size()};
}

Result<std::vector<std::string>> MemoryStore::list(const std::string& prefix) {
  SKEIN_TRY(checkKey(prefix));
  std::vector<std::string> keys;
  {
    std::lock_guard lock(mutex_);
    keys.reserve(objects_.size());
    for (const auto& entry : objects_) keys.push_back(entry.first);
  }
  return childrenOf(keys, prefix);
}

Status MemoryStore::write(const std::string& key, const QByteArray& bytes) {
  SKEIN_TRY(checkKey(key));
  const std::string k = joinKey(key, "");
  if (k.empty()) return makeError(ErrorCode::InvalidArgument, "cannot write to an empty key");
  std::lock_guard lock(mutex_);
  objects_[k] = bytes;
  return Status::success();
}

Status MemoryStore::remove(const std::string& key) {
  SKEIN_TRY(checkKey(key));
  std::lock_guard lock(mutex_);
  objects_.erase(joinKey(key, ""));
  return Status::success();
}

std::string MemoryStore::describe(const std::string& key) const { return "memory:" + joinKey(key, ""); }

std::size_t MemoryStore::objectCount() const {
  std::lock_guard lock(mutex_);
  return objects_.size();
}

}  // namespace skein
