#include "core/store/HttpExchange.h"

#include <chrono>

namespace skein {

void HttpExchange::complete(ExchangeOutcome outcome) {
  {
    std::lock_guard lock(mutex_);
    if (done_) return;
    outcome_ = std::move(outcome);
    done_ = true;
  }
  doneCv_.notify_all();
}

bool HttpExchange::abandoned() const {
  std::lock_guard lock(mutex_);
  return abandoned_;
}

std::optional<ExchangeOutcome> HttpExchange::wait(const CancelToken& cancel) {
  std::unique_lock lock(mutex_);
  while (!done_) {
    if (cancel.isCancelled()) {
      abandoned_ = true;
      lock.unlock();
      if (wake_) wake_();
      return std::nullopt;
    }
    // CancelToken has no callback, so poll it while waiting.
    doneCv_.wait_for(lock, std::chrono::milliseconds(10));
  }
  return std::move(outcome_);
}

}  // namespace skein
