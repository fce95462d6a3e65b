// Periodic: runs a function every `period` on a thread of its own until
// Stop(), which wakes the thread, runs the function once more and joins.
// Used for the server's housekeeping (visit counts, expired sessions).
// Start and Stop from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace lophoc::app {

class Periodic {
 public:
  Periodic() = default;
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;
  ~Periodic() { Stop(); }

  void Start(std::chrono::seconds period, std::function<void()> fn);
  void Stop();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  std::function<void()> fn_;
  bool stopping_ = false;
};

}  // namespace lophoc::app
