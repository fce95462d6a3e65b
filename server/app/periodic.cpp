#include "server/app/periodic.h"

namespace lophoc::app {

void Periodic::Start(std::chrono::milliseconds period, std::function<void()> fn) {
  fn_ = std::move(fn);
  stopping_ = false;
  thread_ = std::thread([this, period] {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait_for(lock, period, [this] { return stopping_; });
      const bool last = stopping_;
      if (last && at_stop_ == AtStop::kJustStop) return;
      lock.unlock();
      fn_();
      if (last) return;
      lock.lock();
    }
  });
}

void Periodic::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace lophoc::app
