#include "core/stream/WakeTimer.h"

namespace skein {

WakeTimer::WakeTimer(std::function<void()> onWake) : onWake_(std::move(onWake)), thread_([this] { run(); }) {}

WakeTimer::~WakeTimer() { stop(); }

void WakeTimer::wakeAt(Clock::time_point when) {
  {
    std::lock_guard lock(mutex_);
    if (due_ && *due_ <= when) return;
    due_ = when;
  }
  changed_.notify_one();
}

void WakeTimer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WakeTimer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!due_) {
      changed_.wait(lock);
      continue;
    }
    const Clock::time_point due = *due_;  // a copy: wakeAt() may change due_ while we wait
    if (Clock::now() < due) {
      changed_.wait_until(lock, due);
      continue;  // re-check: an earlier time or stop() may have arrived
    }
    due_.reset();
    lock.unlock();
    onWake_();  // never called with the timer's mutex held
    lock.lock();
  }
}

}  // namespace skein
