#include "plan/watcher.h"

#include "plant/performance/queries.h"
#include "plant/planning/planning.h"

namespace takt::plan {

Result<std::vector<std::string>> BreakdownWatcher::Tick(Timestamp now) {
  struct Seen {
    std::map<std::string, Timestamp> down;
    bool active = false;
  };
  Seen seen = rt_.Read([&](const plant::Plant& p) {
    Seen out{{}, p.state().planning.active.has_value()};
    for (const auto& [id, e] : p.state().md.equipment)
      if (!e.meta.retired && e.level == model::EquipmentLevel::kWorkUnit)
        if (plant::planning::BreakdownAfter(p.state(), id, now))
          out.down.emplace(id, *plant::performance::DownSince(p.state(), id, now));
    return out;
  });
  std::vector<std::string> changed;
  for (const auto& [unit, since] : seen.down)
    if (auto it = down_.find(unit); it == down_.end() || it->second != since) changed.push_back(unit);
  for (const auto& [unit, since] : down_)
    if (!seen.down.count(unit)) changed.push_back(unit);
  down_ = std::move(seen.down);
  if (changed.empty() || !seen.active) return std::vector<std::string>{};
  PlanRequest q{.repair = true};
  q.options = {.time_limit_s = 0.5, .seed = 1, .threads = 2};
  q.options.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  auto r = PlanAndActivate(rt_, "system:planner", now, q);
  // Nothing left to plan is no failure of the watcher.
  if (!r.ok() && !(r.status().code() == Code::kConflict && r.status().field().empty())) return r.status();
  return changed;
}

}  // namespace takt::plan
