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

// Validates downtime records and schedule activations; returns their events or the refusal.
Result<std::vector<EventDraft>> Execute(const State& st, const PlanningCommand& cmd, const Context& ctx);

// Applies equipment.downtime_recorded and schedule.activated.
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

// The planned slot of an operation in the active schedule, if it has one.
const PlannedOperation* Planned(const State& st, const std::string& order, const std::string& operation);

// The active schedule: every planned operation, and per order the projected completion against
// the due date. kNotFound when no schedule was activated yet.
Result<ScheduleView> CurrentSchedule(const State& st);

json::object Encode(const Planning& p);
Result<Planning> DecodePlanning(const json::value& v);

}  // namespace takt::plant::planning
