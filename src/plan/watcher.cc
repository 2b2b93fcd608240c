#include "plan/watcher.h"

#include <algorithm>

#include "plant/performance/queries.h"
#include "plant/performance/setup.h"
#include "plant/planning/planning.h"

namespace takt::plan {

namespace {

// Whether a running operation will end later than its slot by more than 5 minutes or a tenth of
// the slot, whichever is longer, judged as the model would hold it (RemainingSeconds).
bool RunsLate(const plant::State& st, const std::string& order, const std::string& operation,
              const plant::planning::PlannedOperation& planned, Timestamp now) {
  const auto* wo = st.prod.Find(order);
  if (!wo) return false;
  for (const auto& op : wo->operations) {
    if (op.id != operation) continue;
    if (op.status != plant::production::OpStatus::kRunning) return false;
    const int64_t slack = std::max<int64_t>(300'000'000, (planned.end.micros - planned.start.micros) / 10);
    return now.micros + RemainingSeconds(*wo, op, now) * 1'000'000 > planned.end.micros + slack;
  }
  return false;
}

}  // namespace

Result<WatchResult> BreakdownWatcher::Tick(Timestamp now) {
  // The repair's model starts at whole seconds: a unit judged down at a later instant would be
  // missing from it.
  now = PlanningOrigin(now);
  if (now < retry_at_) return WatchResult{};
  struct Seen {
    std::map<std::string, Timestamp> down;     // units down as of now: the end the planner now assumes
    std::map<std::string, Timestamp> assumed;  // and the end from the start of the stop alone
    std::vector<std::string> late;             // running operations, as "order/operation"
    bool active = false;
  };
  Seen seen = rt_.Read([&](const plant::Plant& p) {
    Seen out{{}, {}, {}, p.state().planning.active.has_value()};
    if (out.active)
      for (const auto& [key, planned] : p.state().planning.active->ops)
        if (RunsLate(p.state(), key.first, key.second, planned, now)) out.late.push_back(key.first + "/" + key.second);
    for (const auto& [id, e] : p.state().md.equipment)
      if (!e.meta.retired && e.level == model::EquipmentLevel::kWorkUnit)
        if (auto window = plant::planning::BreakdownAfter(p.state(), id, now)) {
          out.down[id] = window->second;
          out.assumed[id] = {plant::performance::DownSince(p.state(), id, now)->micros +
                             plant::performance::SetupOf(p.state(), id).model->expected_stop_s * 1'000'000};
        }
    return out;
  });
  WatchResult r;
  for (const auto& [unit, until] : seen.down) {
    auto it = down_.find(unit);
    // New; or still down when the last repair assumed it back; or the stop, reckoned anew (late
    // data, a reclassified first stretch), ends later than that repair assumed.
    if (it == down_.end() || now >= it->second || seen.assumed[unit] > it->second) r.down.push_back(unit);
  }
  for (const auto& [unit, until] : down_)
    if (!seen.down.count(unit)) r.back.push_back(unit);
  r.late = std::move(seen.late);
  if ((r.down.empty() && r.back.empty() && r.late.empty()) || !seen.active) return r;

  PlanRequest q{.repair = true, .free_units = r.back};
  q.options = {.time_limit_s = 0.5, .seed = 1, .threads = 2};
  q.options.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  auto planned = PlanAndActivate(rt_, "system:planner", now, q);
  // Nothing left to plan is no failure of the watcher; any other error is tried again, after
  // 15 s, 30 s, ... up to 15 min while it persists.
  if (!planned.ok() && !(planned.status().code() == Code::kConflict && planned.status().field().empty())) {
    failures_ = std::min(failures_ + 1, 7);
    retry_at_ = {now.micros + std::min<int64_t>(15LL << (failures_ - 1), 900) * 1'000'000};
    return planned.status();
  }
  failures_ = 0;
  r.repaired = planned.ok();
  for (const auto& unit : r.down) down_[unit] = seen.down[unit];
  for (const auto& unit : r.back) down_.erase(unit);
  return r;
}

}  // namespace takt::plan
