// What the planning queries answer: the active schedule with each order's projected completion,
// and when work units cannot work. Plain data; its JSON form is described in planning/contract.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plant/planning/requests.h"

namespace takt::plant::planning {

struct OrderProjection {
  std::string order;
  std::string status;  // the work order's
  int64_t priority = 0;
  Timestamp due, projected_completion;
  int64_t lateness_s = 0;  // negative: early
  bool on_time = true;
};

// A planned operation as the schedule shows it: its slot, whether a supervisor fixed it there, and
// the work units it could be moved to.
struct ScheduledOperation : Assignment {
  bool fixed = false;
  std::vector<std::string> eligible_units;  // active units of its site that can run it; none once started
};

struct ScheduleView {
  std::string id;
  ScheduleKind kind = ScheduleKind::kPlan;
  Timestamp created_at;
  std::string created_by;
  Timestamp makespan;
  double weighted_tardiness_s = 0;
  int64_t moved = 0, kept = 0;
  int64_t late_orders = 0;
  std::vector<OrderProjection> orders;
  std::vector<ScheduledOperation> operations;
};

// Why a work unit cannot work in a window: recorded downtime (its kind), its shift calendar (off
// shift, a break), or a breakdown its machine data shows (the planner's estimate of its end).
enum class WindowKind { kPlannedMaintenance, kBreakdown, kOther, kOffShift, kBreak, kDetectedBreakdown };

struct DowntimeWindow {
  std::string work_unit;
  Timestamp start, end;
  WindowKind kind = WindowKind::kOther;
  std::string id;      // a recorded downtime's (DT-n); empty otherwise
  std::string reason;  // a recorded downtime's; the shift's id for a break
};

// The windows of [from, to) in which work units cannot work, by unit and start; they may overlap.
struct DowntimeList {
  Timestamp from, to;
  std::vector<DowntimeWindow> items;
};

}  // namespace takt::plant::planning
