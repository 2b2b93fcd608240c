#include "metrics/collect.h"

namespace takt::metrics {

prometheus::MetricFamily& AddFamily(Families& out, std::string name, std::string help, prometheus::MetricType type) {
  prometheus::MetricFamily& f = out.emplace_back();
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

void AddSample(prometheus::MetricFamily& family, double value, std::vector<prometheus::ClientMetric::Label> labels) {
  prometheus::ClientMetric& m = family.metric.emplace_back();
  m.label = std::move(labels);
  switch (family.type) {
    case prometheus::MetricType::Counter:
      m.counter.value = value;
      break;
    case prometheus::MetricType::Gauge:
      m.gauge.value = value;
      break;
    default:
      m.untyped.value = value;
      break;
  }
}

void AddCounter(Families& out, std::string name, std::string help, double value) {
  AddSample(AddFamily(out, std::move(name), std::move(help), prometheus::MetricType::Counter), value);
}

void AddGauge(Families& out, std::string name, std::string help, double value) {
  AddSample(AddFamily(out, std::move(name), std::move(help), prometheus::MetricType::Gauge), value);
}

std::vector<double> LatencyBounds() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> SizeBounds() {
  std::vector<double> b;
  for (double v = 1; v <= 4096; v *= 2) b.push_back(v);
  return b;
}

}  // namespace takt::metrics
