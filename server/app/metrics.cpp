#include "server/app/metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "server/app/build_info.h"

namespace lophoc::app {
namespace {

// A sample value: integers without an exponent (counts of bytes pass 2^53
// only in theory), others with enough digits to read back the same double.
std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char text[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", v);
    return text;
  }
  // The shortest text that reads back as `v` ("0.0025", not 0.0025000000000000001).
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, v);
    if (std::strtod(text, nullptr) == v) break;
  }
  return text;
}

// A label value: backslash, double quote and line feed escaped.
std::string EscapeLabel(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// HELP text: backslash and line feed escaped.
std::string EscapeHelp(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string LabelText(const MetricLabels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ",";
    out += labels[i].first + "=\"" + EscapeLabel(labels[i].second) + "\"";
  }
  return out + "}";
}

double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0;
  long pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return std::nan("");
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return std::nan("");
  double n = 0;
  while (const dirent* e = readdir(dir)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(dir);
  return n - 1;  // the directory being read
}

}  // namespace

bool ValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  double sum = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(sum, sum + v, std::memory_order_relaxed)) {
  }
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.bounds = bounds_;
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

void MetricsWriter::Family(std::string_view name, std::string_view help, std::string_view type) {
  out_ += "# HELP " + std::string(name) + " " + EscapeHelp(help) + "\n";
  out_ += "# TYPE " + std::string(name) + " " + std::string(type) + "\n";
}

void MetricsWriter::Sample(std::string_view name, const MetricLabels& labels, double value) {
  out_ += std::string(name) + LabelText(labels) + " " + FormatValue(value) + "\n";
}

void MetricsWriter::HistogramSamples(std::string_view name, const MetricLabels& labels,
                                     const Histogram::Snapshot& h) {
  const std::string base(name);
  for (size_t i = 0; i < h.cumulative.size(); ++i) {
    MetricLabels with_le = labels;
    with_le.emplace_back("le", i < h.bounds.size() ? FormatValue(h.bounds[i]) : "+Inf");
    Sample(base + "_bucket", with_le, static_cast<double>(h.cumulative[i]));
  }
  Sample(base + "_sum", labels, h.sum);
  Sample(base + "_count", labels, static_cast<double>(h.count));
}

Metrics::Family& Metrics::Register(const std::string& name, const std::string& help,
                                   const std::string& type, bool may_extend) {
  if (!ValidMetricName(name)) throw std::logic_error("invalid metric name: " + name);
  for (Family& f : families_) {
    if (f.name != name) continue;
    if (may_extend && f.type == type && f.help == help && !f.samples.empty()) return f;
    throw std::logic_error("metric registered twice: " + name);
  }
  families_.push_back(Family{name, help, type, {}, nullptr, {}});
  return families_.back();
}

Counter& Metrics::NewCounter(const std::string& name, const std::string& help) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = Register(name, help, "counter", false);
  Counter* c = &counters_.emplace_back();
  f.samples.emplace_back(MetricLabels{}, [c] { return static_cast<double>(c->Value()); });
  return *c;
}

Gauge& Metrics::NewGauge(const std::string& name, const std::string& help) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = Register(name, help, "gauge", false);
  Gauge* g = &gauges_.emplace_back();
  f.samples.emplace_back(MetricLabels{}, [g] { return static_cast<double>(g->Value()); });
  return *g;
}

Histogram& Metrics::NewHistogram(const std::string& name, const std::string& help,
                                 std::vector<double> bounds) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = Register(name, help, "histogram", false);
  Histogram* h = &histograms_.emplace_back(std::move(bounds));
  f.histogram = h;
  return *h;
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<double()> read) {
  AddGauge(name, help, {}, std::move(read));
}

void Metrics::AddGauge(const std::string& name, const std::string& help, MetricLabels labels,
                       std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mu_);
  Register(name, help, "gauge", true).samples.emplace_back(std::move(labels), std::move(read));
}

void Metrics::AddCounter(const std::string& name, const std::string& help, MetricLabels labels,
                         std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mu_);
  Register(name, help, "counter", true).samples.emplace_back(std::move(labels), std::move(read));
}

void Metrics::AddCollector(std::function<void(MetricsWriter&)> write) {
  std::lock_guard<std::mutex> lock(mu_);
  families_.push_back(Family{"", "", "", {}, nullptr, std::move(write)});
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  MetricsWriter out;
  for (const Family& f : families_) {
    if (f.collector) {
      f.collector(out);
      continue;
    }
    out.Family(f.name, f.help, f.type);
    if (f.histogram != nullptr) out.HistogramSamples(f.name, {}, f.histogram->Read());
    for (const auto& [labels, read] : f.samples) out.Sample(f.name, labels, read());
  }
  return out.text();
}

void AddProcessMetrics(Metrics& metrics, std::chrono::system_clock::time_point started) {
  metrics.AddGauge("lophoc_build_info", "The running version and the git commit it was built from",
                   {{"version", kVersion}, {"commit", kCommit}}, [] { return 1.0; });
  const double start_seconds = std::chrono::duration<double>(started.time_since_epoch()).count();
  metrics.AddGauge("process_start_time_seconds", "Start time of the process since the Unix epoch",
                   [start_seconds] { return std::floor(start_seconds); });
  metrics.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes", ResidentBytes);
  metrics.AddGauge("process_open_fds", "Number of open file descriptors", OpenFds);
}

}  // namespace lophoc::app
