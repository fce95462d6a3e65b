#include "server/app/login_limiter.h"

#include <algorithm>

namespace lophoc::app {
namespace {

int CeilSeconds(std::chrono::system_clock::duration d) {
  const auto s = std::chrono::ceil<std::chrono::seconds>(d);
  return std::max(1, static_cast<int>(s.count()));
}

}  // namespace

void LoginLimiter::Prune(std::deque<TimePoint>& times, TimePoint now) const {
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

int LoginLimiter::RetryAfterSeconds(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  std::deque<TimePoint>* times = failures_.Find(key);
  if (times == nullptr) return 0;
  const TimePoint now = clock_->Now();
  Prune(*times, now);
  if (times->empty()) {
    failures_.Erase(key);
    return 0;
  }
  if (static_cast<int>(times->size()) < max_failures_) return 0;
  return CeilSeconds(times->front() + window_ - now);
}

void LoginLimiter::RecordFailure(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& times = failures_.Touch(key);
  const TimePoint now = clock_->Now();
  Prune(times, now);
  times.push_back(now);
  // Keep memory bounded under a flood: only the newest max_failures_ matter.
  while (static_cast<int>(times.size()) > max_failures_) times.pop_front();
}

void LoginLimiter::Reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.Erase(key);
}

size_t LoginLimiter::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_.size();
}

std::chrono::seconds FailureDelay::DelayAfter(int failures) const {
  if (failures < free_failures_) return std::chrono::seconds(0);
  const int doublings = std::min(failures - free_failures_, 30);
  return std::min(max_delay_, std::chrono::seconds(int64_t{1} << doublings));
}

int FailureDelay::RetryAfterSeconds(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  Failures* f = keys_.Find(key);
  if (f == nullptr) return 0;
  const TimePoint now = clock_->Now();
  if (f->last + window_ <= now) {
    keys_.Erase(key);
    return 0;
  }
  const TimePoint free_at = f->last + DelayAfter(f->count);
  return free_at <= now ? 0 : CeilSeconds(free_at - now);
}

void FailureDelay::RecordFailure(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  Failures& f = keys_.Touch(key);
  const TimePoint now = clock_->Now();
  if (f.count > 0 && f.last + window_ <= now) f.count = 0;
  f.count = std::min(f.count + 1, 1 << 20);
  f.last = now;
}

size_t FailureDelay::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return keys_.size();
}

void RecentKeys::Remember(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  keys_.Touch(key) = clock_->Now();
}

bool RecentKeys::Contains(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint* seen = keys_.Find(key);
  if (seen == nullptr) return false;
  if (*seen + ttl_ <= clock_->Now()) {
    keys_.Erase(key);
    return false;
  }
  return true;
}

}  // namespace lophoc::app
