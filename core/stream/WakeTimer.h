#pragma once
// Calls a function at a requested time on its own small thread (used to resume bricks waiting out
// a retry back-off without needing an event loop). Only the earliest pending time is kept.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace skein {

class WakeTimer {
 public:
  using Clock = std::chrono::steady_clock;

  explicit WakeTimer(std::function<void()> onWake);
  ~WakeTimer();  // stops the thread; a pending wake is dropped
  WakeTimer(const WakeTimer&) = delete;
  WakeTimer& operator=(const WakeTimer&) = delete;

  // Wakes at `when` unless an earlier wake is already pending.
  void wakeAt(Clock::time_point when);
  void stop();

 private:
  void run();

  std::function<void()> onWake_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Clock::time_point> due_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after the members above exist
};

}  // namespace skein
