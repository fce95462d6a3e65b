// Clock: where time comes from. Injected so that retraining rules and reports
// can be tested with a fake clock. Implementations are thread-safe.
#pragma once

#include <chrono>

#include "kernel/calendar.h"  // FormatIso8601 and ParseIso8601, for most users of a Clock

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

}  // namespace lophoc
