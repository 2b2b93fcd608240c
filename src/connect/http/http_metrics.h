// The HTTP adapter's request metrics (docs/PERFORMANCE.md): requests by method, route template and
// status class, and their latency, on prometheus-cpp. A series appears with its first request.
#pragma once

#include <cstddef>
#include <memory>

namespace takt::metrics {
class Registry;
}  // namespace takt::metrics

namespace takt::http {

struct HttpMetrics {
  // Series for the routes of Routes() and for requests that matched none, scraped through
  // `registry` while this lives (none if null; else it must outlive this).
  explicit HttpMetrics(metrics::Registry* registry);
  ~HttpMetrics();

  // A reply with `status` to a request for Routes()[route] (an index past the end: no route),
  // `seconds` after the request was parsed. Threads: any; lock-free once the series exists.
  void Record(size_t route, int status, double seconds);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace takt::http
