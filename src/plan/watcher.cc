#include "plan/watcher.h"

#include <algorithm>
#include <set>

#include "plant/performance/queries.h"
#include "plant/performance/setup.h"
#include "plant/planning/planning.h"
#include "schedule/problem.h"

namespace takt::plan {

namespace {

using OpKey = std::pair<std::string, std::string>;

// Whether a running operation will end later than its slot by more than its tolerance: 5 minutes
// or a tenth of its planned time, whichever is longer, of its unit's working time. Its end is
// placed as the model places it, from now and pausing over the unit's downtime, after what is
// left of its planned time, or after RemainingSeconds once its counts have moved (`counted`): a
// rate without new counts behind it only grows with the clock. So an operation that reports
// nothing is late when it started late, or once its slot and the tolerance have run out. One
// with nothing left to make waits for its completion, and is never late.
bool RunsLate(const plant::State& st, const plant::production::WorkOrder& wo, const plant::production::Operation& op,
              const plant::planning::PlannedOperation& planned, Timestamp now, bool counted) {
  if (op.good + op.scrap >= wo.quantity) return false;
  schedule::Problem unit;  // `now` is the origin, as in the repair's model
  unit.machines = 1;
  unit.downtime = {UnitDowntime(st, op.work_unit, now)};
  const double tenth = (op.setup_time_s + op.run_time_per_unit_s * wo.quantity.ToDouble()) / 10;
  const int64_t tolerance = !(tenth > 300) ? 300 : std::min(static_cast<double>(kLongestSeconds), tenth);
  int64_t deadline = -1;  // seconds from now
  if (planned.end >= now) {
    deadline = unit.Place(0, (planned.end.micros - now.micros) / 1'000'000, tolerance, /*may_pause=*/true).end;
  } else {  // the slot has ended: some of the tolerance may be spent
    const int64_t spent = plant::planning::WorkingMicros(st, op.work_unit, planned.end, now) / 1'000'000;
    if (spent < tolerance) deadline = unit.Place(0, 0, tolerance - spent, true).end;
  }
  const int64_t rest = counted ? RemainingSeconds(st, wo, op, now) : PlannedSecondsLeft(st, wo, op, now);
  return unit.Place(0, 0, rest, true, /*fixed=*/true).end > deadline;
}

}  // namespace

Result<WatchResult> BreakdownWatcher::Tick(Timestamp now) {
  // The repair's model starts at whole seconds: a unit judged down at a later instant would be
  // missing from it.
  now = PlanningOrigin(now);
  if (now < retry_at_) return WatchResult{};
  struct Seen {
    std::map<std::string, Timestamp> down;         // units down as of now: the end the planner now assumes
    std::map<std::string, Timestamp> assumed;      // and the end from the start of the stop alone
    std::vector<std::pair<OpKey, Quantity>> late;  // running operations that overrun, and their counts
    bool active = false;
  };
  Seen seen = rt_.Read([&](const plant::Plant& p) {
    const plant::State& st = p.state();
    Seen out;
    std::set<OpKey> open;  // running or paused
    out.active = st.planning.active.has_value();
    if (out.active) {
      // Counts as first seen under this schedule: as near as the watcher knows, those it was made with.
      if (st.planning.active->id != counts_of_) made_.clear();
      counts_of_ = st.planning.active->id;
      std::map<OpKey, Quantity> made;
      for (const auto& [key, planned] : st.planning.active->ops) {
        const auto* wo = st.prod.Find(key.first);
        const auto i = wo ? plant::production::OperationIndex(*wo, key.second) : std::nullopt;
        const auto* op = i ? &wo->operations[*i] : nullptr;
        if (!op) continue;
        auto seen_made = made_.find(key);
        if (op->status == plant::production::OpStatus::kPaused) {
          if (seen_made != made_.end()) made.insert(*seen_made);
          open.insert(key);
        }
        if (op->status != plant::production::OpStatus::kRunning) continue;
        open.insert(key);
        const Quantity now_made = op->good + op->scrap;
        made[key] = seen_made == made_.end() ? now_made : seen_made->second;
        if (!RunsLate(st, *wo, *op, planned, now, made[key] != now_made)) continue;
        // Repaired for already with these counts: again only after a wait that doubles.
        auto o = overruns_.find(key);
        if (o != overruns_.end() && o->second.made == now_made && now.micros < o->second.at.micros + o->second.wait_us)
          continue;
        out.late.push_back({key, now_made});
      }
      made_ = std::move(made);  // what completed is forgotten
      std::erase_if(overruns_, [&](const auto& o) { return !open.count(o.first); });
    }
    for (const auto& [id, e] : st.md.equipment)
      if (!e.meta.retired && e.level == model::EquipmentLevel::kWorkUnit)
        if (auto window = plant::planning::BreakdownAfter(st, id, now)) {
          out.down[id] = window->second;
          out.assumed[id] = {plant::performance::DownSince(st, id, now)->micros +
                             plant::performance::SetupOf(st, id).model->expected_stop_s * 1'000'000};
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
  for (const auto& [key, made] : seen.late) r.late.push_back(key.first + "/" + key.second);
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
  for (const auto& [key, made] : seen.late) {
    constexpr int64_t kHour = 3600'000'000, kDay = 24 * kHour;
    auto [o, fresh] = overruns_.try_emplace(key, Overrun{made, now, kHour});
    if (!fresh) o->second = {made, now, o->second.made == made ? std::min(2 * o->second.wait_us, kDay) : kHour};
  }
  return r;
}

}  // namespace takt::plan
