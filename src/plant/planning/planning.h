// Planning state: when work units cannot work (planned maintenance, breakdowns) and the active
// schedule, which dispatch lists follow. The schedule itself is computed outside the plant (the
// engine is not deterministic under a time limit); the plant records and checks the result.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "plant/commands.h"
#include "plant/planning/views.h"
#include "plant/state.h"

namespace takt::plant::planning {

// Validates downtime records, schedule activations and fixed operations; returns their events or
// the refusal.
Result<std::vector<EventDraft>> Execute(const State& st, const PlanningCommand& cmd, const Context& ctx);

// A fixed operation (planning.fixed) against the state (fix.cc): the order is released or in
// progress, the operation has not started, the unit is an active work unit of the order's site
// that can run it, and the slot starts at or after `ctx.now`, the order's earliest start and the
// planned ends of what must come first, outside the unit's downtime (and, unless the operation
// may pause, with none before it ends), clear of running and other fixed operations on the unit
// and of fixed operations that must come after it. kConflict (field "schedule") without an active
// schedule; kUnprocessable with the offending field otherwise.
Result<std::vector<EventDraft>> Fix(const State& st, const FixOperation& fix, const Context& ctx);

// Applies equipment.downtime_recorded, schedule.activated (which ends the fixed operations it does
// not place at their fixed unit and start) and schedule.operation_fixed.
Status Apply(State& st, const Event& e, const json::object& payload);
// A breakdown the unit's machine data shows (see model::StateModel::replan_after_s): from `now`
// to when the planner assumes it ends. nullopt when the unit is not in one.
std::optional<std::pair<Timestamp, Timestamp>> BreakdownAfter(const State& st, const std::string& unit, Timestamp now);

// When a work unit cannot work from `from` on, merged and ordered: recorded downtime, the
// off-shift time and breaks of its shift calendar over the next kCalendarHorizonDays days, and
// a breakdown its machine data shows (BreakdownAfter, with `from` as now).
inline constexpr int64_t kCalendarHorizonDays = 60;
std::vector<std::pair<Timestamp, Timestamp>> DowntimeAfter(const State& st, const std::string& unit, Timestamp from);

// Microseconds of [from, to) outside the unit's recorded downtime and its calendar's off-shift
// time and breaks: the time it could work. Cost: O(days in the window) (calendar::Expand).
int64_t WorkingMicros(const State& st, const std::string& unit, Timestamp from, Timestamp to);

// The windows of [from, to) in which `units` (every active work unit when empty) cannot work:
// recorded downtime, the off-shift time and breaks of their shift calendars, and a breakdown
// their machine data shows at `now` (BreakdownAfter). By unit, then start. Cost: O(days) per unit.
DowntimeList Unavailable(const State& st, const std::vector<std::string>& units, Timestamp from, Timestamp to,
                         Timestamp now);

// The planned slot of an operation in the active schedule, if it has one.
const PlannedOperation* Planned(const State& st, const std::string& order, const std::string& operation);

// The active schedule: every planned operation, and per order the projected completion against
// the due date. kNotFound when no schedule was activated yet.
Result<ScheduleView> CurrentSchedule(const State& st);

json::object Encode(const Planning& p);
Result<Planning> DecodePlanning(const json::value& v);

}  // namespace takt::plant::planning
