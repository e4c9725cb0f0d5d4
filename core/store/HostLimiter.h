#pragma once
// Bounds the number of simultaneous requests per origin. acquire() blocks the calling worker
// thread until a slot is free or the request is cancelled.

#include <QString>

#include <condition_variable>
#include <map>
#include <mutex>

#include "core/base/CancelToken.h"

namespace skein {

class HostLimiter {
 public:
  explicit HostLimiter(int maxPerHost) : max_(maxPerHost < 1 ? 1 : maxPerHost) {}

  // False when cancelled before a slot became free.
  bool acquire(const QString& origin, const CancelToken& cancel);
  void release(const QString& origin);

 private:
  const int max_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::map<QString, int> inUse_;
};

// Holds one slot for a scope.
class HostSlot {
 public:
  HostSlot(HostLimiter& limiter, QString origin, const CancelToken& cancel)
      : limiter_(limiter), origin_(std::move(origin)), held_(limiter.acquire(origin_, cancel)) {}
  ~HostSlot() {
    if (held_) limiter_.release(origin_);
  }
  HostSlot(const HostSlot&) = delete;
  HostSlot& operator=(const HostSlot&) = delete;
  bool held() const { return held_; }

 private:
  HostLimiter& limiter_;
  QString origin_;
  bool held_;
};

}  // namespace skein
