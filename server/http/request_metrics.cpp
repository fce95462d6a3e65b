#include "server/http/request_metrics.h"

#include <algorithm>
#include <tuple>

namespace lophoc::http {
namespace {

constexpr const char* kMethods[] = {"GET",   "HEAD",   "POST",    "PUT",
                                    "PATCH", "DELETE", "OPTIONS", "other"};
constexpr size_t kMethodCount = sizeof(kMethods) / sizeof(kMethods[0]);
constexpr int kEdgeStatuses = 200;  // 400-599

size_t MethodIndex(const std::string& method) {
  for (size_t i = 0; i + 1 < kMethodCount; ++i) {
    if (method == kMethods[i]) return i;
  }
  return kMethodCount - 1;
}

// The key of a (route slot, method, status): the slot is stored plus one so
// that no key is 0, which marks a free slot.
uint64_t Key(size_t route_slot, size_t method, int status) {
  return (static_cast<uint64_t>(route_slot + 1) << 24) | (static_cast<uint64_t>(method) << 16) |
         static_cast<uint64_t>(status & 0xFFFF);
}

}  // namespace

RequestMetrics::RequestMetrics(const std::vector<RouteEntry>& routes)
    : slots_(new Slot[kSlots]), edge_(new std::atomic<uint64_t>[kEdgeStatuses]) {
  for (const RouteEntry& r : routes) {
    labels_.push_back(RouteLabel(r.pattern));
    timed_methods_.push_back(r.method);
    durations_.push_back(std::make_unique<app::Histogram>());
  }
  labels_.push_back(kUnmatchedRoute);
  for (const char* m : kMethods) {
    timed_methods_.push_back(m);
    durations_.push_back(std::make_unique<app::Histogram>());
  }
  for (int i = 0; i < kEdgeStatuses; ++i) edge_[i].store(0);
}

void RequestMetrics::Record(int route, const std::string& method, int status, double seconds) {
  const size_t routes = labels_.size() - 1;
  const bool matched = route >= 0 && static_cast<size_t>(route) < routes;
  const size_t route_slot = matched ? static_cast<size_t>(route) : routes;
  const size_t m = MethodIndex(method);
  durations_[matched ? route_slot : routes + m]->Observe(seconds);

  const uint64_t key = Key(route_slot, m, status);
  size_t i = static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 51) & (kSlots - 1);
  for (size_t probes = 0; probes < kSlots; ++probes, i = (i + 1) & (kSlots - 1)) {
    uint64_t seen = slots_[i].key.load(std::memory_order_acquire);
    if (seen == 0) {
      uint64_t expected = 0;
      if (slots_[i].key.compare_exchange_strong(expected, key, std::memory_order_acq_rel)) {
        seen = key;
      } else {
        seen = expected;  // another request took the slot meanwhile
      }
    }
    if (seen == key) {
      slots_[i].count.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  untracked_.fetch_add(1, std::memory_order_relaxed);
}

void RequestMetrics::RecordEdgeRefusal(int status) {
  if (status >= 400 && status < 400 + kEdgeStatuses) {
    edge_[status - 400].fetch_add(1, std::memory_order_relaxed);
  }
}

void RequestMetrics::Write(app::MetricsWriter& out) const {
  struct Row {
    size_t route;
    size_t method;
    int status;
    uint64_t count;
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < kSlots; ++i) {
    const uint64_t key = slots_[i].key.load(std::memory_order_acquire);
    const uint64_t count = slots_[i].count.load(std::memory_order_relaxed);
    if (key == 0 || count == 0) continue;
    rows.push_back({static_cast<size_t>(key >> 24) - 1, static_cast<size_t>((key >> 16) & 0xFF),
                    static_cast<int>(key & 0xFFFF), count});
  }
  std::sort(rows.begin(), rows.end(), [this](const Row& a, const Row& b) {
    return std::tie(labels_[a.route], a.method, a.status) <
           std::tie(labels_[b.route], b.method, b.status);
  });
  const char* kRequests = "lophoc_http_requests_total";
  out.Family(kRequests, "HTTP requests answered, by route pattern, method and status", "counter");
  for (const Row& r : rows) {
    out.Sample(kRequests,
               {{"route", labels_[r.route]},
                {"method", kMethods[r.method]},
                {"status", std::to_string(r.status)}},
               static_cast<double>(r.count));
  }
  const char* kUntracked = "lophoc_http_requests_untracked_total";
  out.Family(kUntracked, "HTTP requests not in lophoc_http_requests_total (its table was full)",
             "counter");
  out.Sample(kUntracked, {}, static_cast<double>(untracked_.load(std::memory_order_relaxed)));

  const char* kDurations = "lophoc_http_request_duration_seconds";
  out.Family(kDurations, "Time from a request's arrival at the site to its answer, by route",
             "histogram");
  const size_t routes = labels_.size() - 1;
  for (size_t i = 0; i < durations_.size(); ++i) {
    const app::Histogram::Snapshot h = durations_[i]->Read();
    if (h.count == 0) continue;
    const std::string& route = i < routes ? labels_[i] : labels_[routes];
    out.HistogramSamples(kDurations, {{"route", route}, {"method", timed_methods_[i]}}, h);
  }

  const char* kEdge = "lophoc_http_edge_refusals_total";
  out.Family(kEdge, "Requests refused at the HTTP edge before any route ran, by status", "counter");
  for (int i = 0; i < kEdgeStatuses; ++i) {
    const uint64_t n = edge_[i].load(std::memory_order_relaxed);
    if (n > 0) out.Sample(kEdge, {{"status", std::to_string(400 + i)}}, static_cast<double>(n));
  }
}

}  // namespace lophoc::http
