#include "schedule/problem.h"

#include <algorithm>

namespace takt::schedule {

Problem::Placement Problem::Place(int m, int64_t ready, int64_t duration, bool may_pause, bool fixed) const {
  if (downtime.empty() || downtime[m].empty()) return {ready, ready + duration};
  const auto& down = downtime[m];
  // The first downtime that ends after `ready`: nothing earlier matters.
  auto it = std::upper_bound(down.begin(), down.end(), ready, [](int64_t t, const Interval& x) { return t < x.end; });
  int64_t start = ready;
  if (!may_pause) {
    if (fixed) return {start, start + duration};
    for (; it != down.end() && it->start < start + duration; ++it) start = std::max(start, it->end);
    return {start, start + duration};
  }
  if (!fixed)  // never start in downtime
    for (; it != down.end() && it->start <= start; ++it) start = std::max(start, it->end);
  int64_t at = start, left = duration;
  for (; it != down.end() && it->start < at + left; ++it) {
    left -= std::max<int64_t>(0, it->start - at);
    at = std::max(at, it->end);
  }
  return {start, at + left};
}

bool Problem::SetupsWellFormed() const {
  if (setups.empty()) return true;
  if (static_cast<int>(setups.size()) != machines || setups[0].empty()) return false;
  const size_t classes = setups[0].size() - 1;
  for (const auto& m : setups) {
    if (m.size() != classes + 1) return false;
    for (const auto& row : m)
      if (row.size() != classes || std::any_of(row.begin(), row.end(), [](int64_t v) { return v < 0; })) return false;
  }
  for (size_t j = 0; j < jobs.size(); ++j)
    for (size_t k = 0; k < jobs[j].operations.size(); ++k)
      if (jobs[j].operations[k].setup_class < -1 ||
          static_cast<size_t>(SetupClass(static_cast<int>(j), static_cast<int>(k))) >= classes)
        return false;
  return true;
}

std::vector<int> Job::PredecessorsOf(int k) const {
  const auto& listed = operations[k].predecessors;
  if (listed) return *listed;
  return k > 0 ? std::vector<int>{k - 1} : std::vector<int>{};
}

}  // namespace takt::schedule
