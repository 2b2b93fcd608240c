// Operational metrics for GET /metrics, on prometheus-cpp's core library. A component keeps what
// it counts on a hot path in prometheus::Family<Counter|Histogram> of a prometheus::Registry of
// its own, and values read at scrape time (a queue depth, a journal head) in a metrics::Computed
// (metrics/collect.h); it adds both to the process's metrics::Registry, which collects every
// component's families at each scrape and writes them in the Prometheus text format (0.0.4).
// prometheus-cpp's pull server is not used: Takt's own HTTP server serves the scrape.
//
// This header brings no prometheus header: include it where a Registry is passed or scraped;
// the files that define metrics include metrics/collect.h.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace prometheus {
class Collectable;
}  // namespace prometheus

namespace takt::metrics {

// The collectables /metrics serves. Threads: any (Add, the handles it returns, Scrape).
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Collects `c` at every scrape, after those added before, until the returned handle is
  // destroyed; destroying it waits for a scrape in progress. So a component that destroys its
  // handle first may then destroy what its collectables read.
  [[nodiscard]] std::shared_ptr<void> Add(std::shared_ptr<const prometheus::Collectable> c);

  // Every collectable's families in the text format (0.0.4).
  std::string Scrape() const;

 private:
  struct Entry {
    uint64_t id;
    std::shared_ptr<const prometheus::Collectable> collectable;
  };
  mutable std::mutex mu_;
  std::vector<Entry> entries_;  // guarded by mu_
  uint64_t next_ = 0;           // guarded by mu_
};

}  // namespace takt::metrics
