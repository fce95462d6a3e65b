// RequestMetrics: the site's HTTP requests, counted by route pattern, method
// and status (lophoc_http_requests_total) and timed by route pattern
// (lophoc_http_request_duration_seconds). Labels are route PATTERNS
// ("/courses/{slug}"), never raw paths, and "unmatched" for every path no
// route serves, so the number of series stays bounded whatever clients send;
// methods outside GET HEAD POST PUT PATCH DELETE OPTIONS count as "other".
// HEAD is counted as HEAD and timed with its GET route.
//
// Thread-safe and lock-free: Record is called by every request at once
// (atomics in tables made at start-up); Write reads them at scrape time.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "server/app/metrics.h"
#include "server/http/router.h"

namespace lophoc::http {

class RequestMetrics {
 public:
  explicit RequestMetrics(const std::vector<RouteEntry>& routes);

  // `route`: the matched route's index in `routes`, or -1 when none matched.
  void Record(int route, const std::string& method, int status, double seconds);
  // A request refused at the edge, before any route ran (400, 408, 413, 431, 501).
  void RecordEdgeRefusal(int status);

  void Write(app::MetricsWriter& out) const;

 private:
  static constexpr size_t kSlots = 8192;  // (route, method, status) keys; a power of two
  struct Slot {
    std::atomic<uint64_t> key{0};
    std::atomic<uint64_t> count{0};
  };

  std::vector<std::string> labels_;         // per route, then kUnmatchedRoute
  std::vector<std::string> timed_methods_;  // per route: its method; unmatched: by method
  std::vector<std::unique_ptr<app::Histogram>> durations_;  // per route, then per method
  std::unique_ptr<Slot[]> slots_;
  std::atomic<uint64_t> untracked_{0};             // requests whose key found no free slot
  std::unique_ptr<std::atomic<uint64_t>[]> edge_;  // by status - 400
};

}  // namespace lophoc::http
