#include "connect/http/http_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <algorithm>
#include <atomic>

#include "connect/http/api.h"
#include "metrics/collect.h"
#include "metrics/metrics.h"

namespace takt::http {

struct HttpMetrics::Impl {
  // A route's series, made by the first request that needs one (Family::Add under the family's
  // lock; it returns the same series to threads that race for it).
  struct PerRoute {
    std::atomic<prometheus::Counter*> by_class[5] = {};  // 1xx .. 5xx
    std::atomic<prometheus::Histogram*> seconds = nullptr;
  };

  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("takt_http_requests_total")
          .Help("HTTP requests by method, route template and status class")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency =
      prometheus::BuildHistogram()
          .Name("takt_http_request_seconds")
          .Help("Time from a parsed request to its reply, body encoded, being handed to the transport")
          .Register(*registry);
  const size_t unmatched = Routes().size();  // the last slot
  std::unique_ptr<PerRoute[]> routes{new PerRoute[unmatched + 1]};
  const prometheus::Histogram::BucketBoundaries bounds = metrics::LatencyBounds();
  std::shared_ptr<void> handle;

  prometheus::Labels RouteLabels(size_t i) const {
    if (i == unmatched) return {{"method", ""}, {"route", "unmatched"}};
    return {{"method", Routes()[i].method}, {"route", Routes()[i].path}};
  }
};

HttpMetrics::HttpMetrics(metrics::Registry* registry) : impl_(std::make_unique<Impl>()) {
  if (registry) impl_->handle = registry->Add(impl_->registry);
}

HttpMetrics::~HttpMetrics() {
  impl_->handle.reset();  // no scrape reads the series from here on
}

void HttpMetrics::Record(size_t route, int status, double seconds) {
  static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  Impl& m = *impl_;
  const size_t i = std::min(route, m.unmatched);
  Impl::PerRoute& r = m.routes[i];
  const int c = std::clamp(status / 100, 1, 5) - 1;
  prometheus::Counter* counter = r.by_class[c].load(std::memory_order_acquire);
  if (!counter) {
    prometheus::Labels labels = m.RouteLabels(i);
    labels.emplace("code", kClasses[c]);
    counter = &m.requests.Add(labels);
    r.by_class[c].store(counter, std::memory_order_release);
  }
  counter->Increment();
  prometheus::Histogram* latency = r.seconds.load(std::memory_order_acquire);
  if (!latency) {
    latency = &m.latency.Add(m.RouteLabels(i), m.bounds);
    r.seconds.store(latency, std::memory_order_release);
  }
  latency->Observe(seconds);
}

}  // namespace takt::http
