// The plant's open work as a scheduling problem, and the way back. Pure functions over a
// plant::State (callers hold the read lock while building, not while solving).
//
// Times in the model are whole seconds from `origin` (the moment of planning). Jobs are the
// released and in-progress work orders; operations are their open routing steps (branches become
// predecessor lists; a step that cannot be planned holds back what follows it), runnable on
// every active work unit of the order's site that the step's work center or equipment class
// allows, for setup + run time x quantity still to make. Running and paused operations are
// fixed on their unit from the origin for what is left of their planned time; the rest waits for
// the order's earliest start (its operations' release). Machine downtime
// is the work units' recorded downtime. Due dates and priorities (weight 1000 / priority) feed
// the tardiness objective.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "plant/planning/requests.h"
#include "plant/state.h"
#include "schedule/problem.h"

namespace takt::plan {

struct OpRef {
  std::string order;
  std::string operation;
};

struct Model {
  schedule::Problem problem;
  Timestamp origin;
  std::vector<std::string> units;          // machine index -> work unit id
  std::vector<std::vector<OpRef>> ops;     // [job][k] -> plant operation
  std::vector<std::string> unschedulable;  // orders left out, and why
  int64_t revision = 0;                    // of the planning inputs it was built from
};

Model BuildModel(const plant::State& st, Timestamp now);

// Whole seconds a started operation still needs at `now`: what is left to make at its run rate,
// or what is left of its planned time if that is more. The model holds running work this long,
// in its unit's working time.
int64_t RemainingSeconds(const plant::State& st, const plant::production::WorkOrder& wo,
                         const plant::production::Operation& op, Timestamp now);
// The second part alone: setup + run time x quantity, less the time it ran (earlier stretches,
// and the unit's working time in the current one: plant::planning::WorkingMicros, over its last
// year); 0 when used up.
int64_t PlannedSecondsLeft(const plant::State& st, const plant::production::WorkOrder& wo,
                           const plant::production::Operation& op, Timestamp now);

// The longest time the model gives one operation (2^30 s, about 34 years): times along a unit
// are sums, and thousands of operations at this cap still fit in int64 microseconds.
inline constexpr int64_t kLongestSeconds = int64_t{1} << 30;

// The unit's downtime (plant::planning::DowntimeAfter) as the model holds it: whole seconds from
// `origin` (a PlanningOrigin), windows that rounding makes touch joined. Ascending.
std::vector<schedule::Interval> UnitDowntime(const plant::State& st, const std::string& unit, Timestamp origin);

// A repair: fixes every operation that can keep its slot in the active schedule (its unit and
// start) and leaves free only those the disruption reaches: an operation whose slot now crosses
// downtime, starts before its release (a later earliest start), before its predecessors or its
// unit's previous operation and the changeover from it can end (a late or moved operation), or
// follows a predecessor that moves. New operations are free too. With `horizon_s`, a slot
// starting that many seconds or more after the origin is freed as well: a plan with a frozen
// horizon keeps what the shop floor was already told and replans the rest. Operations planned on
// `free_units` are freed too (a unit back from a breakdown: what was pushed out may come back in).
// Operations a supervisor fixed (st.planning.fixed) take their fixed unit and start instead of
// their slot, whatever the horizon and `free_units`; what they wait for keeps its unit and slot,
// or the earliest start after it that it can have there when late; an operation that would end (with the changeover
// after it) past the start of the next fixed one on its unit moves. A fixed operation the model cannot keep there (an
// ineligible unit, a start in the past, before its release or in downtime, its unit or what it waits for taken longer)
// is treated as any other, and the activation then ends it. REQUIRES: st.planning.active.
struct Scope {
  int moved = 0;  // operations left to the engine
  int kept = 0;   // operations fixed where they were (running ones included)
};
Scope FreezeUnaffected(const plant::State& st, Model& m, int64_t horizon_s = INT64_MAX,
                       const std::vector<std::string>& free_units = {});

// The model's time origin for planning at `now`: whole seconds, rounded down.
inline Timestamp PlanningOrigin(Timestamp now) {
  return {now.micros - now.micros % 1'000'000};
}

// The schedule activation (plant::PlanAction::kActivateSchedule) of a solution.
plant::planning::ActivateSchedule Activation(const Model& m, const schedule::Schedule& s,
                                             plant::planning::ScheduleKind kind, Scope scope);

}  // namespace takt::plan
