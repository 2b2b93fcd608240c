// A supervisor fixes an operation on a unit and start (a drag in the Gantt): the rules against the
// state. The planner keeps it there (plan::FreezeUnaffected); these checks refuse what it could not.
#include <algorithm>
#include <cmath>

#include "plant/planning/planning.h"
#include "plant/production/production.h"

namespace takt::plant::planning {
namespace {

using production::OpStatus;
constexpr int64_t kSecond = 1'000'000;

std::string OpName(const production::WorkOrder& wo, const production::Operation& op) {
  return "operation " + op.id + " of " + wo.id;
}

std::string KindText(WindowKind k) {
  switch (k) {
    case WindowKind::kPlannedMaintenance:
      return "planned maintenance";
    case WindowKind::kBreakdown:
    case WindowKind::kDetectedBreakdown:
      return "a breakdown";
    case WindowKind::kOffShift:
      return "off shift";
    case WindowKind::kBreak:
      return "a break";
    case WindowKind::kOther:
      break;
  }
  return "downtime";
}

// The slot of `op` on `unit` from `start`: its end, for its planned time (as the planner counts it:
// setup + run time x what is left to make, whole seconds) paused over downtime where it may pause.
// Refused when it would start in downtime, or cross some without being allowed to pause.
Result<Timestamp> SlotEnd(const State& st, const production::WorkOrder& wo, const production::Operation& op,
                          const std::string& unit, Timestamp start) {
  const double left = std::max(0.0, (wo.quantity - op.good - op.scrap).ToDouble());
  const double planned = op.setup_time_s + op.run_time_per_unit_s * left;
  const int64_t seconds = planned > 0 ? static_cast<int64_t>(std::ceil(std::min(planned, 1e9))) : 0;
  int64_t at = start.micros, rest = seconds * kSecond;
  const Timestamp horizon{start.micros + kCalendarHorizonDays * 86'400 * kSecond};
  for (const DowntimeWindow& w : Unavailable(st, {unit}, start, horizon, start).items) {
    if (w.end.micros <= start.micros || w.start.micros >= at + rest) continue;
    const std::string what = unit + " cannot work from " + FormatIso8601(w.start) + " to " + FormatIso8601(w.end) +
                             " (" + KindText(w.kind) + ")";
    if (w.start.micros <= start.micros) return Status::Unprocessable(what + ": start outside it", "start");
    if (!op.may_pause)
      return Status::Unprocessable(what + ", and " + OpName(wo, op) + " may not pause: give it a start where its " +
                                       std::to_string((seconds + 59) / 60) + " min fit",
                                   "start");
    rest -= std::max<int64_t>(0, w.start.micros - at);  // windows may overlap
    at = std::max(at, w.end.micros);
  }
  return Timestamp{at + rest};
}

}  // namespace

Result<std::vector<EventDraft>> Fix(const State& st, const FixOperation& f, const Context& ctx) {
  if (!st.planning.active) return Status::Conflict("no active schedule to fix an operation in: plan first", "schedule");
  const production::WorkOrder* wo = st.prod.Find(f.order);
  if (!wo) return Status::Unprocessable("no work order '" + f.order + "'", "order");
  if (wo->status != production::OrderStatus::kReleased && wo->status != production::OrderStatus::kInProgress)
    return Status::Unprocessable("work order " + wo->id + " is " + production::OrderStatusName(wo->status) +
                                     ": only released and in-progress orders are planned",
                                 "order");
  auto k = production::OperationIndex(*wo, f.operation);
  if (!k) return Status::Unprocessable("work order " + wo->id + " has no operation '" + f.operation + "'", "operation");
  const production::Operation& op = wo->operations[*k];
  if (op.status == OpStatus::kCompleted) return Status::Unprocessable(OpName(*wo, op) + " is completed", "operation");
  if (op.status != OpStatus::kPending)
    return Status::Unprocessable(OpName(*wo, op) + " has started on " + op.work_unit + ": it stays there", "operation");

  auto unit = st.md.equipment.find(f.work_unit);
  if (unit == st.md.equipment.end() || unit->second.meta.retired ||
      unit->second.level != model::EquipmentLevel::kWorkUnit)
    return Status::Unprocessable("no active work unit '" + f.work_unit + "'", "work_unit");
  if (SiteOf(st.md, f.work_unit) != wo->site)
    return Status::Unprocessable(f.work_unit + " is not at site " + wo->site + " of work order " + wo->id, "work_unit");
  if (!production::CanRun(unit->second, op))
    return Status::Unprocessable(
        f.work_unit + " cannot run " + OpName(*wo, op) + ": it needs " +
            (op.work_center.empty() ? "equipment class " + op.equipment_class : "work center " + op.work_center),
        "work_unit");

  // Whole seconds, as the planner's model counts (rounded up, so never before what was asked).
  const Timestamp start{f.start.micros >= 0 ? (f.start.micros + kSecond - 1) / kSecond * kSecond
                                            : f.start.micros / kSecond * kSecond};
  if (start < ctx.now) return Status::Unprocessable("start is in the past", "start");
  if (wo->earliest_start && start < *wo->earliest_start)
    return Status::Unprocessable("work order " + wo->id + " may not start before " +
                                     FormatIso8601(*wo->earliest_start) + " (its earliest start)",
                                 "start");

  // Where a fixed operation ends: at its planned slot if the schedule keeps it, else as planned.
  auto fixed_end = [&](const production::WorkOrder& o, const production::Operation& p,
                       const FixedOperation& fx) -> std::optional<Timestamp> {
    const PlannedOperation* slot = Planned(st, o.id, p.id);
    if (slot && slot->work_unit == fx.work_unit && slot->start == fx.start) return slot->end;
    auto end = SlotEnd(st, o, p, fx.work_unit, fx.start);
    return end.ok() ? std::optional(*end) : std::nullopt;
  };
  // Precedence: what must come first is planned (or fixed) to end by then.
  for (size_t p : production::Predecessors(*wo, *k)) {
    const production::Operation& pre = wo->operations[p];
    if (pre.status == OpStatus::kCompleted) continue;
    std::optional<Timestamp> end;
    if (auto fx = st.planning.fixed.find({wo->id, pre.id}); fx != st.planning.fixed.end())
      end = fixed_end(*wo, pre, fx->second);
    else if (const PlannedOperation* slot = Planned(st, wo->id, pre.id))
      end = slot->end;
    if (!end)
      return Status::Unprocessable(OpName(*wo, pre) + " comes first and has no planned slot: repair the schedule first",
                                   "start");
    if (*end > start)
      return Status::Unprocessable(OpName(*wo, pre) + " comes first and is planned to end at " + FormatIso8601(*end) +
                                       ": start " + op.id + " then or later",
                                   "start");
  }
  auto end = SlotEnd(st, *wo, op, f.work_unit, start);
  if (!end.ok()) return end.status();
  // Fixed operations that must come after it.
  for (size_t i = 0; i < wo->operations.size(); ++i) {
    const auto preds = production::Predecessors(*wo, i);
    if (std::find(preds.begin(), preds.end(), *k) == preds.end()) continue;
    auto fx = st.planning.fixed.find({wo->id, wo->operations[i].id});
    if (fx != st.planning.fixed.end() && fx->second.start < *end)
      return Status::Unprocessable(OpName(*wo, wo->operations[i]) + " comes after it and is fixed to start at " +
                                       FormatIso8601(fx->second.start) + ", before it would end (" +
                                       FormatIso8601(*end) + ")",
                                   "start");
  }
  // The unit is free then: no running operation (as planned) and no other fixed one overlaps.
  for (const auto& [key, slot] : st.planning.active->ops) {
    if (slot.work_unit != f.work_unit || !(slot.start < *end && start < slot.end)) continue;
    const production::WorkOrder* o = st.prod.Find(key.first);
    auto i = o ? production::OperationIndex(*o, key.second) : std::nullopt;
    if (i && (o->operations[*i].status == OpStatus::kRunning || o->operations[*i].status == OpStatus::kPaused))
      return Status::Unprocessable(f.work_unit + " runs " + OpName(*o, o->operations[*i]) + " until " +
                                       FormatIso8601(slot.end) + " (as planned)",
                                   "start");
  }
  for (const auto& [key, fx] : st.planning.fixed) {
    if (fx.work_unit != f.work_unit || key == std::pair{wo->id, op.id}) continue;
    const production::WorkOrder* o = st.prod.Find(key.first);
    auto i = o ? production::OperationIndex(*o, key.second) : std::nullopt;
    if (!i || o->operations[*i].status != OpStatus::kPending) continue;
    auto other = fixed_end(*o, o->operations[*i], fx);
    if (other && fx.start < *end && start < *other)
      return Status::Unprocessable("overlaps " + OpName(*o, o->operations[*i]) + ", fixed on " + f.work_unit +
                                       " from " + FormatIso8601(fx.start) + " to " + FormatIso8601(*other),
                                   "start");
  }
  json::object p{{"order", wo->id}, {"operation", op.id}, {"work_unit", f.work_unit}, {"start", FormatIso8601(start)}};
  return std::vector<EventDraft>{{"schedule.operation_fixed", 1, Serialize(p)}};
}

}  // namespace takt::plant::planning
