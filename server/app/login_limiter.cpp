#include "server/app/login_limiter.h"

namespace lophoc::app {

void LoginLimiter::Prune(std::deque<TimePoint>& times, TimePoint now) const {
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

int LoginLimiter::RetryAfterSeconds(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  const TimePoint now = clock_->Now();
  Prune(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(it->second.size()) < max_failures_) return 0;
  const auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.front() + window_ - now);
  return std::max(1, static_cast<int>(wait.count()));
}

void LoginLimiter::RecordFailure(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& times = failures_[key];
  const TimePoint now = clock_->Now();
  Prune(times, now);
  times.push_back(now);
  // Keep memory bounded under a flood: only the newest max_failures_ matter.
  while (static_cast<int>(times.size()) > max_failures_) times.pop_front();
}

void LoginLimiter::Reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(key);
}

}  // namespace lophoc::app
