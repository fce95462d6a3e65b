// Threads of the HTTP server (server/http/pistache_adapter.h) apart from
// Pistache's own: WorkerPool, a fixed number of threads that run queued jobs
// in the order they came, with a bounded queue (requests that may wait:
// writes, password hashing); Ticker, a thread that runs one job at a steady
// pace (the connections' deadlines).
//
// Thread-safe: Post may be called from any thread; Start and Stop from one.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/app/periodic.h"

namespace lophoc::http {

class WorkerPool {
 public:
  using Job = std::function<void()>;

  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() { Stop(); }

  // Starts `threads` threads; at most `queue_limit` jobs wait at a time.
  void Start(int threads, size_t queue_limit);
  // Queues `job`; false when the queue is full or the pool is stopping (the
  // caller answers 503).
  bool Post(Job job);
  // Runs what is queued, then joins the threads. Later Posts are refused.
  void Stop();

  // Jobs waiting (not yet running), and Posts refused so far; lock-free,
  // for metrics.
  size_t Queued() const { return queued_.load(std::memory_order_relaxed); }
  uint64_t Refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  std::vector<std::thread> threads_;
  size_t limit_ = 0;
  bool stopping_ = false;
  std::atomic<size_t> queued_{0};  // jobs_.size(), readable without mu_
  std::atomic<uint64_t> refused_{0};
};

// Runs a job every `period` on a thread of its own until Stop(), which wakes
// the thread and joins it; the job does not run again.
class Ticker : public app::Periodic {
 public:
  Ticker() : app::Periodic(app::Periodic::AtStop::kJustStop) {}
};

}  // namespace lophoc::http
