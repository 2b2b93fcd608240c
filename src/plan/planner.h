// Planning as a service over the runtime: build the model of open work under the read lock,
// solve it outside the lock, check the result with the independent checker, and activate it
// through the single writer. Used by the HTTP adapter and the demo.
#pragma once

#include <string>
#include <vector>

#include "plan/plan.h"
#include "runtime/runtime.h"
#include "schedule/solver.h"

namespace takt::plan {

struct PlanRequest {
  bool repair = false;                  // keep what the disruption does not reach (FreezeUnaffected)
  int64_t frozen_horizon_s = 0;         // a plan keeps the active schedule's slots that start sooner
  std::vector<std::string> free_units;  // a repair also frees what is planned on these units
  schedule::SolveOptions options;
};

struct PlanResult {
  Scope scope;                             // what a repair or a frozen horizon kept and freed
  std::vector<std::string> unschedulable;  // orders left out, and why
  uint64_t seq = 0;                        // the schedule.activated event
  double seconds = 0;                      // from the call to the activation
};

// A plan (every open operation free but those fixed by a supervisor, what they wait for and the
// frozen horizon) or a repair (FreezeUnaffected first), solved from `now` and activated as `actor`. The whole call
// keeps to the request's time limit, to within the time to build the engine's start schedule and to check and activate
// the result (well under a second at 3,000 operations). Errors: kConflict when no released order has open work, for a
// repair when no schedule is active (field "schedule"), or (field "revision") when downtime, new order dates, master
// data the planner reads or another schedule came in during the solve twice running (it solves once more after the
// first, from `now` plus the time spent and for what is left of the limit); kUnavailable when request.options.cancel
// was set during the solve; kInternal when the engine fails or its schedule fails the checker. Nothing is activated on
// an error. Threads: blocks the caller for the solve; safe to call from several threads (each activation is one command
// of the writer), though PlanQueue runs one at a time.
Result<PlanResult> PlanAndActivate(runtime::Runtime& rt, const std::string& actor, Timestamp now,
                                   const PlanRequest& request);

}  // namespace takt::plan
