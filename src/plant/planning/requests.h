// The planning domain's requests: downtime of a work unit (over the API) and the activation of a
// schedule the planner computed (from src/plan). Plain data; the JSON contract of the first is in
// planning/contract.h, the rules against the plant's state in planning.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace takt::plant::planning {

enum class DowntimeKind { kPlannedMaintenance, kBreakdown, kOther };

// POST /api/v1/equipment/{id}/downtime: [start, end) in which the unit cannot work.
struct RecordDowntime {
  Timestamp start, end;
  DowntimeKind kind = DowntimeKind::kOther;
  std::string reason;
  bool repair = true;  // for the adapter: repair the active schedule once recorded (the plant ignores it)
};

enum class ScheduleKind { kPlan, kRepair };

// POST /api/v1/schedules/active/fix: a supervisor's move of an operation that has not started (a drag
// in the Gantt). Every later repair and plan keeps it on `work_unit` from `start` (whole seconds,
// rounded up), and what it waits for in its slot, until a schedule can no longer keep it there.
struct FixOperation {
  std::string order, operation, work_unit;
  Timestamp start;
};

// An operation's slot: on `work_unit` from `start` to `end`, after a changeover of `changeover_s`
// just before `start`.
struct Assignment {
  std::string order, operation, work_unit;
  Timestamp start, end;
  int64_t changeover_s = 0;
};

// A schedule from the planner, built at planning revision `revision` (State::planning.revision).
struct ActivateSchedule {
  ScheduleKind kind = ScheduleKind::kPlan;
  int64_t revision = 0;
  Timestamp makespan;
  double weighted_tardiness = 0;  // in weighted seconds
  int64_t moved = 0, kept = 0;    // operations the engine placed, and those kept where they were
  std::vector<Assignment> assignments;
};

const char* DowntimeKindName(DowntimeKind k);
const char* ScheduleKindName(ScheduleKind k);

}  // namespace takt::plant::planning
