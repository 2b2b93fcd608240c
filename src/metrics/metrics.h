// Operational metrics in the Prometheus text exposition format (0.0.4): counters and histograms
// that the runtime, the HTTP adapter and the Sparkplug host keep as members, and a registry of
// collectors that write them (and gauges read on demand) when /metrics is scraped.
//
// Threads: Counter and Histogram may be updated from any thread (relaxed atomics, no locks);
// Registry::Add, the handles it returns and Scrape may be used from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace takt::metrics {

class Counter {
 public:
  void Add(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

// Observations counted in buckets with fixed upper bounds (ascending), plus their count and sum.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }  // not cumulative
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1: the last is +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Bounds for latencies in seconds (0.1 ms to 10 s) and for sizes (1 to 4096, powers of two).
std::vector<double> LatencyBounds();
std::vector<double> SizeBounds();

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

// Writes the text format. Each family (name) is announced once, before its samples.
class Writer {
 public:
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);
  // name_bucket{le=...}, name_sum and name_count of `h`; the family must be announced.
  void Histogram(std::string_view name, const Labels& labels, const metrics::Histogram& h);
  // A one-sample family.
  void Gauge(std::string_view name, std::string_view help, double value);
  void CounterValue(std::string_view name, std::string_view help, uint64_t value);
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Registry {
 public:
  using Collector = std::function<void(Writer&)>;
  // Adds a collector; it is removed when the returned handle is destroyed.
  [[nodiscard]] std::shared_ptr<void> Add(Collector c);
  // Every collector's metrics, in the order they were added.
  std::string Scrape() const;

 private:
  struct Entry {
    uint64_t id;
    Collector collect;
  };
  mutable std::mutex mu_;
  std::vector<Entry> entries_;
  uint64_t next_ = 0;
};

}  // namespace takt::metrics
