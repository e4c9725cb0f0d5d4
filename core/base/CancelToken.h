#pragma once
// Cooperative cancellation shared between the requester and the worker doing the job.
// A default-constructed token can never be cancelled (and costs nothing); make() creates one that
// can, shared by copies.

#include <atomic>
#include <memory>

namespace skein {

class CancelToken {
 public:
  CancelToken() = default;
  static CancelToken make() {
    CancelToken t;
    t.flag_ = std::make_shared<std::atomic<bool>>(false);
    return t;
  }
  void cancel() const {
    if (flag_) flag_->store(true, std::memory_order_relaxed);
  }
  bool isCancelled() const { return flag_ && flag_->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace skein
