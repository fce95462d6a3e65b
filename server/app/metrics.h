// Metrics: the server's counters, gauges and histograms, and their Prometheus
// text exposition (format 0.0.4), written when /metrics is scraped.
//
// Two kinds of value:
// - owned ones (NewCounter, NewGauge, NewHistogram): the code that counts
//   keeps the returned reference and updates it with atomics (lock-free: a
//   request never takes a lock to count);
// - values computed at scrape time (AddGauge, AddCounter with a function):
//   totals read from the database, queue depths, memory. A function that
//   cannot answer returns NaN, written as such.
// Families with labels that are only known while serving (HTTP requests by
// route) are written by collectors (AddCollector).
//
// Thread-safety: registering and Render take a mutex (start-up and scrapes
// only); Counter, Gauge and Histogram updates are lock-free and may race with
// Render. Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and be registered once
// (std::logic_error otherwise: a programming error at start-up). Referenced
// objects and everything a function or collector captures must outlive the
// last Render.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lophoc::app {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Request durations and the like, in seconds.
inline const std::vector<double> kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                    0.25,  0.5,    1,     2.5,  5,     10};

// Observations counted in fixed buckets (upper bounds, ascending; +Inf is
// implicit), with their sum.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds = kLatencyBuckets);
  void Observe(double v);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<uint64_t> cumulative;  // per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  // Consistent within itself: the +Inf bucket is the count.
  Snapshot Read() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // not cumulative; bounds_.size() + 1
  std::atomic<double> sum_{0};
};

// Writes the text exposition: each family's # HELP and # TYPE lines, then its
// samples (which must follow before the next family starts).
class MetricsWriter {
 public:
  // `type`: "counter", "gauge" or "histogram".
  void Family(std::string_view name, std::string_view help, std::string_view type);
  void Sample(std::string_view name, const MetricLabels& labels, double value);
  // name_bucket{...,le="..."}, name_sum and name_count.
  void HistogramSamples(std::string_view name, const MetricLabels& labels,
                        const Histogram::Snapshot& h);
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// Whether `name` is a valid metric name.
bool ValidMetricName(std::string_view name);

class Metrics {
 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  Counter& NewCounter(const std::string& name, const std::string& help);
  Gauge& NewGauge(const std::string& name, const std::string& help);
  Histogram& NewHistogram(const std::string& name, const std::string& help,
                          std::vector<double> bounds = kLatencyBuckets);

  // Computed at each scrape. Several calls with the same name and help and
  // different labels make one family.
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read);
  void AddGauge(const std::string& name, const std::string& help, MetricLabels labels,
                std::function<double()> read);
  // A total computed at each scrape (it must never go down while the
  // process runs, e.g. rows that are never deleted).
  void AddCounter(const std::string& name, const std::string& help, MetricLabels labels,
                  std::function<double()> read);

  // Writes families of its own (each name once, not registered here).
  void AddCollector(std::function<void(MetricsWriter&)> write);

  // Everything, in registration order.
  std::string Render() const;

 private:
  struct Family {
    std::string name;
    std::string help;
    std::string type;
    std::vector<std::pair<MetricLabels, std::function<double()>>> samples;
    const Histogram* histogram = nullptr;
    std::function<void(MetricsWriter&)> collector;
  };
  Family& Register(const std::string& name, const std::string& help, const std::string& type,
                   bool may_extend);

  mutable std::mutex mu_;
  std::vector<Family> families_;
  std::deque<Counter> counters_;  // deques: references stay valid as they grow
  std::deque<Gauge> gauges_;
  std::deque<Histogram> histograms_;
};

// Adds lophoc_build_info{version,commit} 1, process_start_time_seconds,
// process_resident_memory_bytes (/proc/self/statm) and process_open_fds
// (/proc/self/fd).
void AddProcessMetrics(Metrics& metrics, std::chrono::system_clock::time_point started);

}  // namespace lophoc::app
