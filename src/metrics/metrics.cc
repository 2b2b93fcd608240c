#include "metrics/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

namespace takt::metrics {

Registry::Registry() = default;
Registry::~Registry() = default;

std::shared_ptr<void> Registry::Add(std::shared_ptr<const prometheus::Collectable> c) {
  uint64_t id;
  {
    std::lock_guard l(mu_);
    id = next_++;
    entries_.push_back({id, std::move(c)});
  }
  return std::shared_ptr<void>(nullptr, [this, id](void*) {
    std::lock_guard l(mu_);
    std::erase_if(entries_, [id](const Entry& e) { return e.id == id; });
  });
}

std::string Registry::Scrape() const {
  std::vector<prometheus::MetricFamily> families;
  {
    // Collecting under the lock keeps each component alive until its families are copied out.
    std::lock_guard l(mu_);
    for (const auto& e : entries_) {
      auto f = e.collectable->Collect();
      families.insert(families.end(), std::make_move_iterator(f.begin()), std::make_move_iterator(f.end()));
    }
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace takt::metrics
