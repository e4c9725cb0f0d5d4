#include "core/store/HostLimiter.h"

#include <chrono>

namespace skein {

bool HostLimiter::acquire(const QString& origin, const CancelToken& cancel) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (cancel.isCancelled()) return false;
    int& used = inUse_[origin];
    if (used < max_) {
      ++used;
      return true;
    }
    // CancelToken has no callback, so poll it while waiting.
    freed_.wait_for(lock, std::chrono::milliseconds(10));
  }
}

void HostLimiter::release(const QString& origin) {
  {
    std::lock_guard lock(mutex_);
    auto it = inUse_.find(origin);
    if (it != inUse_.end() && --it->second <= 0) inUse_.erase(it);
  }
  freed_.notify_all();
}

}  // namespace skein
