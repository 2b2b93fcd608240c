// For the files that define metrics: values computed at scrape time, and the bucket bounds Takt's
// histograms share. Brings prometheus-cpp's collectable and family types; the families that
// hot paths update (prometheus::Family<Counter|Histogram>) come from <prometheus/family.h> and
// friends, included by those files alone. Keep this header out of widely included headers.
//
// Help texts must not hold a backslash or a newline: prometheus-cpp 1.0 writes them unescaped.
// Names are constants: prometheus-cpp throws std::invalid_argument for an invalid metric or label
// name when a family or series is made, a programming error that any test run shows.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace takt::metrics {

using Families = std::vector<prometheus::MetricFamily>;

// A collectable whose families `collect` appends at each scrape: for values read on demand (a
// queue depth, a journal head, a copy of counters another thread keeps), which cost nothing
// between scrapes. Threads: `collect` runs on the scraping thread.
class Computed final : public prometheus::Collectable {
 public:
  explicit Computed(std::function<void(Families&)> collect) : collect_(std::move(collect)) {}
  Families Collect() const override {
    Families out;
    collect_(out);
    return out;
  }

 private:
  std::function<void(Families&)> collect_;
};

// Appends an empty family of `type` (counter, gauge or untyped) to `out`; see AddSample.
prometheus::MetricFamily& AddFamily(Families& out, std::string name, std::string help, prometheus::MetricType type);
// Appends a sample to a counter, gauge or untyped family.
void AddSample(prometheus::MetricFamily& family, double value,
               std::vector<prometheus::ClientMetric::Label> labels = {});
// A family of one sample without labels.
void AddCounter(Families& out, std::string name, std::string help, double value);
void AddGauge(Families& out, std::string name, std::string help, double value);

// Bucket bounds for latencies in seconds (0.1 ms to 10 s) and for sizes (1 to 4096, powers of two).
std::vector<double> LatencyBounds();
std::vector<double> SizeBounds();

}  // namespace takt::metrics
