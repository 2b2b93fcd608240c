#include "plan/planner.h"

#include <algorithm>
#include <chrono>

#include "schedule/checker.h"

namespace takt::plan {

namespace {

Result<PlanResult> Once(runtime::Runtime& rt, const std::string& actor, Timestamp now, const PlanRequest& request) {
  const bool repair = request.repair;
  struct Built {
    Model model;
    Scope scope;
    bool had_schedule = false;
  };
  Built b = rt.Read([&](const plant::Plant& p) {
    Built out{BuildModel(p.state(), now), {}, p.state().planning.active.has_value()};
    if (repair && out.had_schedule) out.scope = FreezeUnaffected(p.state(), out.model, INT64_MAX, request.free_units);
    // A plan keeps the frozen horizon, and fixed operations with what they wait for.
    if (!repair && out.had_schedule && (request.frozen_horizon_s > 0 || !p.state().planning.fixed.empty()))
      out.scope = FreezeUnaffected(p.state(), out.model, request.frozen_horizon_s);
    return out;
  });
  if (repair && !b.had_schedule) return Status::Conflict("no active schedule to repair: plan first", "schedule");
  if (b.model.problem.jobs.empty())
    return Status::Conflict("no released work orders with open operations to schedule", "");
  auto solved = schedule::Solve(b.model.problem, request.options);
  if (request.options.cancel && request.options.cancel->load())
    return Status(Code::kUnavailable, "planning stopped (the server is stopping): nothing was activated");
  if (!solved.ok()) return Status::Internal("scheduling failed: " + solved.status().message());
  // Nothing reaches the plant that the independent checker has not accepted.
  if (Status checked = schedule::CheckSchedule(b.model.problem, *solved); !checked.ok())
    return Status::Internal("the engine's schedule fails the check: " + checked.message());
  using plant::planning::ScheduleKind;
  plant::PlanningCommand activate{plant::PlanAction::kActivateSchedule};
  activate.schedule = Activation(b.model, *solved, repair ? ScheduleKind::kRepair : ScheduleKind::kPlan, b.scope);
  auto committed = rt.Execute(std::move(activate), actor);
  if (!committed.ok()) return committed.status();
  return PlanResult{b.scope, std::move(b.model.unschedulable), committed->last_seq};
}

}  // namespace

Result<PlanResult> PlanAndActivate(runtime::Runtime& rt, const std::string& actor, Timestamp now,
                                   const PlanRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  auto r = Once(rt, actor, now, request);
  // Something the plan depends on changed while it was solved: once more from the new state and
  // the time it is now, within what is left of the time limit, which bounds the whole call.
  if (!r.ok() && r.status().code() == Code::kConflict && r.status().field() == "revision") {
    const auto spent = std::chrono::steady_clock::now() - start;
    PlanRequest again = request;
    again.options.time_limit_s =
        std::max(0.0, request.options.time_limit_s - std::chrono::duration<double>(spent).count());
    r = Once(rt, actor, {now.micros + std::chrono::duration_cast<std::chrono::microseconds>(spent).count()}, again);
  }
  if (r.ok()) r->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace takt::plan
