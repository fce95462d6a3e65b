// Clock: where time comes from. Injected so that retraining rules and reports
// can be tested with a fake clock. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace lophoc {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

class SystemClock : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

// "2026-11-22T03:15:04Z"
std::string FormatIso8601(std::chrono::system_clock::time_point t);

}  // namespace lophoc
