// Periodic: runs a function every `period` on a thread of its own until
// Stop(), which wakes the thread, runs the function once more (unless made
// with AtStop::kJustStop) and joins. Used for the server's housekeeping
// (visit counts, expired sessions) and the HTTP server's connection sweeper
// (http::Ticker). Start and Stop from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace lophoc::app {

class Periodic {
 public:
  // Whether Stop() runs the function a last time before it joins.
  enum class AtStop { kRunOnceMore, kJustStop };

  explicit Periodic(AtStop at_stop = AtStop::kRunOnceMore) : at_stop_(at_stop) {}
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;
  ~Periodic() { Stop(); }

  void Start(std::chrono::milliseconds period, std::function<void()> fn);
  void Stop();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  std::function<void()> fn_;
  const AtStop at_stop_;
  bool stopping_ = false;
};

}  // namespace lophoc::app
