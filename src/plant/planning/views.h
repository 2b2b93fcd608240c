// What the planning queries answer: the active schedule with each order's projected completion.
// Plain data; its JSON form is described in planning/contract.h.
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
  std::vector<Assignment> operations;
};

}  // namespace takt::plant::planning
