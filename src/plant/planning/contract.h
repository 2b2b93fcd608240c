// The JSON contract of the planning domain: recording downtime, fixing an operation, the active
// schedule and the downtime windows as the API shows them, described once (core/contract).
// Include from .cc files only.
#pragma once

#include "core/contract/schema.h"
#include "plant/planning/views.h"

namespace takt::contract {

template <>
struct EnumNames<plant::planning::DowntimeKind> {
  using K = plant::planning::DowntimeKind;
  static constexpr std::pair<K, std::string_view> kValues[] = {
      {K::kPlannedMaintenance, "planned_maintenance"}, {K::kBreakdown, "breakdown"}, {K::kOther, "other"}};
};
template <>
struct EnumNames<plant::planning::ScheduleKind> {
  using K = plant::planning::ScheduleKind;
  static constexpr std::pair<K, std::string_view> kValues[] = {{K::kPlan, "plan"}, {K::kRepair, "repair"}};
};

template <>
struct Describe<plant::planning::RecordDowntime> {
  using D = plant::planning::RecordDowntime;
  static constexpr std::string_view kName = "RecordDowntime";
  static constexpr std::string_view kDoc =
      "Time a work unit cannot work: planned maintenance (planned downtime in its KPIs), a breakdown, or other. "
      "The planner keeps operations out of it.";
  static constexpr auto kFields =
      std::tuple{Field("start", &D::start, kRequired), Field("end", &D::end, kRequired, "after start"),
                 Field("kind", &D::kind, kRequired), Field("reason", &D::reason, kOptional),
                 Field("repair", &D::repair, kOptional,
                       "repair the active schedule at once (default true); the reply's schedule says how it went")};
  static void Check(D& d, const json::object&, Decoder& dec) {
    if (!(d.start < d.end)) dec.Invalid("end", "end must be after start");
  }
};

template <>
struct EnumNames<plant::planning::WindowKind> {
  using K = plant::planning::WindowKind;
  static constexpr std::pair<K, std::string_view> kValues[] = {{K::kPlannedMaintenance, "planned_maintenance"},
                                                               {K::kBreakdown, "breakdown"},
                                                               {K::kOther, "other"},
                                                               {K::kOffShift, "off_shift"},
                                                               {K::kBreak, "break"},
                                                               {K::kDetectedBreakdown, "detected_breakdown"}};
};

template <>
struct Describe<plant::planning::FixOperation> {
  using F = plant::planning::FixOperation;
  static constexpr std::string_view kName = "FixOperation";
  static constexpr std::string_view kDoc =
      "Moves an operation that has not started to a work unit and start, and keeps it there: the active schedule is "
      "repaired around it, and later repairs and plans keep it (with what it waits for) until it starts or a "
      "schedule can no longer keep it there (a breakdown over its slot). Refused (422) for a unit that cannot run "
      "it, a start before what must come first ends, in the past, in the unit's downtime, or over another fixed or "
      "running operation.";
  static constexpr auto kFields = std::tuple{
      Field("order", &F::order, kRequired | kId, "the work order"),
      Field("operation", &F::operation, kRequired | kId, "the routing operation's id"),
      Field("work_unit", &F::work_unit, kRequired | kId, "an active work unit of the order's site that can run it"),
      Field("start", &F::start, kRequired, "rounded up to the whole second")};
};

template <>
struct Describe<plant::planning::ScheduledOperation> {
  using A = plant::planning::ScheduledOperation;
  static constexpr std::string_view kName = "PlannedOperation";
  static constexpr auto kFields =
      std::tuple{Field("order", &A::order, kRequired),
                 Field("operation", &A::operation, kRequired, "the routing operation's id"),
                 Field("work_unit", &A::work_unit, kRequired),
                 Field("start", &A::start, kRequired),
                 Field("end", &A::end, kRequired, "paused over the unit's downtime where the operation may pause"),
                 Field("changeover_s", &A::changeover_s, kRequired,
                       "the unit's changeover (setup matrix) just before start, in seconds"),
                 Field("fixed", &A::fixed, kRequired, "a supervisor fixed it on this unit and start"),
                 Field("eligible_units", &A::eligible_units, kRequired,
                       "the active work units of its site that can run it (where it may be moved); empty once it "
                       "started")};
};

template <>
struct Describe<plant::planning::DowntimeWindow> {
  using W = plant::planning::DowntimeWindow;
  static constexpr std::string_view kName = "DowntimeWindow";
  static constexpr auto kFields = std::tuple{
      Field("work_unit", &W::work_unit, kRequired),
      Field("start", &W::start, kRequired),
      Field("end", &W::end, kRequired),
      Field("kind", &W::kind, kRequired,
            "recorded downtime (planned_maintenance, breakdown, other), the shift calendar (off_shift, break), or a "
            "breakdown the unit's machine data shows (detected_breakdown, until the planner expects it to end)"),
      Field("id", &W::id, kOmitIfEmpty, "the recorded downtime's id"),
      Field("reason", &W::reason, kOmitIfEmpty, "the recorded downtime's reason; the shift of a break")};
};

template <>
struct Describe<plant::planning::DowntimeList> {
  using L = plant::planning::DowntimeList;
  static constexpr std::string_view kName = "DowntimeList";
  static constexpr std::string_view kDoc =
      "When work units cannot work, as the planner sees it: recorded downtime, off-shift time and breaks of their "
      "shift calendars, and breakdowns their machine data shows. Windows may overlap.";
  static constexpr auto kFields = std::tuple{Field("from", &L::from, kRequired), Field("to", &L::to, kRequired),
                                             Field("items", &L::items, kRequired, "by work unit, then start")};
};

template <>
struct Describe<plant::planning::OrderProjection> {
  using O = plant::planning::OrderProjection;
  static constexpr std::string_view kName = "OrderProjection";
  static constexpr auto kFields = std::tuple{
      Field("order", &O::order, kRequired),
      Field("status", &O::status, kRequired, "the work order's status"),
      Field("priority", &O::priority, kRequired, "1 is the most urgent"),
      Field("due", &O::due, kRequired),
      Field("projected_completion", &O::projected_completion, kRequired, "when its last planned operation ends"),
      Field("lateness_s", &O::lateness_s, kRequired, "projected completion less due date, in seconds; negative: early"),
      Field("on_time", &O::on_time, kRequired)};
};

template <>
struct Describe<plant::planning::ScheduleView> {
  using S = plant::planning::ScheduleView;
  static constexpr std::string_view kName = "Schedule";
  static constexpr std::string_view kDoc =
      "The active schedule: every planned operation, and per order its projected completion against its due date.";
  static constexpr auto kFields = std::tuple{
      Field("id", &S::id, kRequired, "S-1, S-2, ... in order of activation"),
      Field("kind", &S::kind, kRequired, "a plan, or a repair that kept what a disruption did not reach"),
      Field("created_at", &S::created_at, kRequired),
      Field("created_by", &S::created_by, kRequired, "the actor (user:NAME, or system:planner for the watcher)"),
      Field("makespan", &S::makespan, kRequired, "when the last planned operation ends"),
      Field("weighted_tardiness_s", &S::weighted_tardiness_s, kRequired,
            "the sum over orders of lateness times weight (1000 / priority), in weighted seconds"),
      Field("moved", &S::moved, kRequired, "operations the engine placed"),
      Field("kept", &S::kept, kRequired, "operations kept in their slot (a repair, a frozen horizon)"),
      Field("late_orders", &S::late_orders, kRequired, "orders projected to complete after their due date"),
      Field("orders", &S::orders, kRequired, "by order id"),
      Field("operations", &S::operations, kRequired, "by order and operation id")};
};

}  // namespace takt::contract
