// LoginLimiter: counts failed logins per key (an account, a client address)
// in a sliding window, in memory. Thread-safe. Counts are lost on restart,
// which is acceptable: they only slow down guessing.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/app/clock.h"

namespace lophoc::app {

class LoginLimiter {
 public:
  // After `max_failures` failures within `window`, a key is blocked until the
  // oldest of them leaves the window.
  LoginLimiter(const Clock* clock, int max_failures, std::chrono::seconds window)
      : clock_(clock), max_failures_(max_failures), window_(window) {}

  // Seconds until `key` may try again; 0 when it may try now.
  int RetryAfterSeconds(const std::string& key);
  void RecordFailure(const std::string& key);
  // Forgets the failures of `key` (after a successful login).
  void Reset(const std::string& key);

 private:
  using TimePoint = std::chrono::system_clock::time_point;
  void Prune(std::deque<TimePoint>& times, TimePoint now) const;

  const Clock* clock_;
  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<TimePoint>> failures_;
};

}  // namespace lophoc::app
