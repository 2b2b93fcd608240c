#include "plant/planning/planning.h"

#include <algorithm>

#include "plant/calendar/shift_calendar.h"
#include "plant/performance/queries.h"
#include "plant/performance/setup.h"
#include "plant/planning/contract.h"
#include "plant/production/production.h"

namespace takt::plant::planning {
namespace {

Result<std::vector<EventDraft>> Record(const State& st, const std::string& equipment, const RecordDowntime& d) {
  auto unit = st.md.equipment.find(equipment);
  if (unit == st.md.equipment.end() || unit->second.meta.retired ||
      unit->second.level != model::EquipmentLevel::kWorkUnit)
    return Status::NotFound("no active work unit '" + equipment + "'", "id");
  if (!(d.start < d.end)) return Status::Invalid("end must be after start", "end");
  json::object p{{"id", "DT-" + std::to_string(st.planning.next_downtime)},
                 {"equipment", equipment},
                 {"start", FormatIso8601(d.start)},
                 {"end", FormatIso8601(d.end)},
                 {"kind", DowntimeKindName(d.kind)},
                 {"reason", d.reason}};
  return std::vector<EventDraft>{{"equipment.downtime_recorded", 1, Serialize(p)}};
}

// A schedule from the planner: each assignment must name a work unit. Assignments that went stale
// while the planner worked (the operation completed or started on another unit, the order was
// held or cancelled, the unit was retired) are dropped, not refused. Downtime, new order dates,
// master data the planner reads and other schedules are refused instead (planning.revision).
Result<std::vector<EventDraft>> Activate(const State& st, const ActivateSchedule& c) {
  // Dropping stale assignments below covers work that moved on; downtime, new order dates or
  // another schedule recorded while this one was computed would be silently overruled.
  if (c.revision != st.planning.revision)
    return Status::Conflict(
        "the schedule is stale: downtime, new order dates or another schedule came in while it was computed; "
        "plan again",
        "revision");
  json::array kept_list;
  for (size_t i = 0; i < c.assignments.size(); ++i) {
    const Assignment& a = c.assignments[i];
    auto at = [&](const char* field) { return "assignments[" + std::to_string(i) + "]." + field; };
    if (a.end < a.start) return Status::Invalid("ends before it starts", at("end"));
    if (a.changeover_s < 0 || a.changeover_s > 366 * 86400)
      return Status::Invalid("a changeover is 0 to a year", at("changeover_s"));
    auto u = st.md.equipment.find(a.work_unit);
    if (u == st.md.equipment.end() || u->second.level != model::EquipmentLevel::kWorkUnit)
      return Status::Unprocessable("no work unit '" + a.work_unit + "'", at("work_unit"));
    if (u->second.meta.retired) continue;  // retired while the planner worked
    const production::WorkOrder* wo = st.prod.Find(a.order);
    if (!wo || !wo->Active()) continue;
    auto k = production::OperationIndex(*wo, a.operation);
    if (!k) continue;
    // Work moves on while the planner computes: what completed, what started on another unit,
    // and what an order put on hold will not start are no longer the schedule's to give.
    const production::Operation& o = wo->operations[*k];
    using production::OpStatus;
    if (o.status == OpStatus::kCompleted) continue;
    if (o.status != OpStatus::kPending && o.work_unit != a.work_unit) continue;
    if (o.status == OpStatus::kPending && wo->status == production::OrderStatus::kOnHold) continue;
    kept_list.push_back(json::object{{"order", a.order},
                                     {"operation", a.operation},
                                     {"work_unit", a.work_unit},
                                     {"start", FormatIso8601(a.start)},
                                     {"end", FormatIso8601(a.end)},
                                     {"changeover_s", a.changeover_s}});
  }
  json::object p{{"id", "S-" + std::to_string(st.planning.next_schedule)},
                 {"kind", ScheduleKindName(c.kind)},
                 {"makespan", FormatIso8601(c.makespan)},
                 {"weighted_tardiness", Number(c.weighted_tardiness)},
                 {"moved", c.moved},
                 {"kept", c.kept},
                 {"assignments", std::move(kept_list)}};
  return std::vector<EventDraft>{{"schedule.activated", 1, Serialize(p)}};
}

Timestamp T(const json::value& v) {
  auto t = ParseIso8601(std::string_view(v.as_string()));
  if (!t) throw std::invalid_argument("bad time");
  return *t;
}

std::string S(const json::object& o, std::string_view k) {
  return std::string(o.at(k).as_string());
}

// The fields an event and a snapshot share: what a schedule says, not who made it when.
void ReadSchedule(const json::object& o, std::string_view ops_key, ActiveSchedule& s) {
  s.id = S(o, "id");
  s.kind = S(o, "kind");
  s.makespan = T(o.at("makespan"));
  s.weighted_tardiness = o.at("weighted_tardiness").to_number<double>();
  s.moved = o.at("moved").to_number<int64_t>();
  s.kept = o.at("kept").to_number<int64_t>();
  for (const auto& v : o.at(ops_key).as_array()) {
    const auto& a = v.as_object();
    const json::value* c = a.if_contains("changeover_s");  // absent before setup matrices
    s.ops[{S(a, "order"), S(a, "operation")}] = {S(a, "work_unit"), T(a.at("start")), T(a.at("end")),
                                                 c ? c->to_number<int64_t>() : 0};
  }
}

json::array WriteOps(const ActiveSchedule& s) {
  json::array ops;
  for (const auto& [key, op] : s.ops)
    ops.push_back(json::object{{"order", key.first},
                               {"operation", key.second},
                               {"work_unit", op.work_unit},
                               {"start", FormatIso8601(op.start)},
                               {"end", FormatIso8601(op.end)},
                               {"changeover_s", op.changeover_s}});
  return ops;
}

}  // namespace

const char* DowntimeKindName(DowntimeKind k) {
  return contract::NameOf(k).data();
}
const char* ScheduleKindName(ScheduleKind k) {
  return contract::NameOf(k).data();
}

Result<std::vector<EventDraft>> Execute(const State& st, const PlanningCommand& c, const Context& ctx) {
  switch (c.action) {
    case PlanAction::kRecordDowntime:
      return Record(st, c.equipment, c.downtime);
    case PlanAction::kFixOperation:
      return Fix(st, c.fix, ctx);
    case PlanAction::kActivateSchedule:
      break;
  }
  return Activate(st, c.schedule);
}

Status Apply(State& st, const Event& e, const json::object& p) {
  if (e.version != 1) return Status::Internal("unsupported version " + std::to_string(e.version));
  try {
    if (e.type == "equipment.downtime_recorded") {
      Downtime d{S(p, "id"),   S(p, "equipment"), T(p.at("start")), T(p.at("end")),
                 S(p, "kind"), S(p, "reason"),    e.time,           e.actor};
      auto& list = st.planning.downtime[d.equipment];
      list.insert(std::upper_bound(list.begin(), list.end(), d,
                                   [](const Downtime& a, const Downtime& b) { return a.start < b.start; }),
                  std::move(d));
      ++st.planning.next_downtime;
      ++st.planning.revision;
      return Status::Ok();
    }
    if (e.type == "schedule.operation_fixed") {
      st.planning.fixed[{S(p, "order"), S(p, "operation")}] = {S(p, "work_unit"), T(p.at("start")), e.time, e.actor};
      ++st.planning.revision;
      return Status::Ok();
    }
    if (e.type != "schedule.activated") return Status::Internal("unknown type");
    ActiveSchedule s;
    ReadSchedule(p, "assignments", s);
    s.created_at = e.time;
    s.created_by = e.actor;
    // A fixed operation lasts while schedules keep it where it was fixed: one that could not be
    // kept there (a breakdown over its slot), that started or that was dropped is no longer fixed.
    std::erase_if(st.planning.fixed, [&](const auto& f) {
      auto it = s.ops.find(f.first);
      return it == s.ops.end() || it->second.work_unit != f.second.work_unit || it->second.start != f.second.start;
    });
    st.planning.active = std::move(s);
    ++st.planning.next_schedule;
    ++st.planning.revision;
  } catch (const std::exception& ex) {
    return Status::Internal(ex.what());
  }
  return Status::Ok();
}

std::optional<std::pair<Timestamp, Timestamp>> BreakdownAfter(const State& st, const std::string& unit, Timestamp now) {
  const model::StateModel& model = *performance::SetupOf(st, unit).model;
  if (model.replan_after_s <= 0) return std::nullopt;
  auto since = performance::DownSince(st, unit, now);
  constexpr int64_t kSecond = 1'000'000;
  if (!since || now.micros - since->micros < model.replan_after_s * kSecond) return std::nullopt;
  return std::pair{now, Timestamp{std::max(since->micros + model.expected_stop_s * kSecond,
                                           now.micros + model.replan_after_s * kSecond)}};
}

namespace {

using Windows = std::vector<std::pair<Timestamp, Timestamp>>;

// Sorted and merged where they touch or overlap.
Windows Merged(Windows windows) {
  std::sort(windows.begin(), windows.end());
  Windows out;
  for (const auto& w : windows) {
    if (!out.empty() && w.first <= out.back().second)
      out.back().second = std::max(out.back().second, w.second);
    else
      out.push_back(w);
  }
  return out;
}

// The unit's shift calendar over [from, to) in its site's time zone; none without a calendar.
std::vector<calendar::Segment> CalendarSegments(const State& st, const std::string& unit, Timestamp from,
                                                Timestamp to) {
  const model::ShiftCalendar* cal = performance::CalendarOf(st.md, unit);
  if (!cal) return {};
  std::string tz = "UTC";
  if (auto site = st.md.equipment.find(SiteOf(st.md, unit)); site != st.md.equipment.end()) tz = site->second.time_zone;
  auto segs = calendar::Expand(*cal, tz, from, to);
  return segs.ok() ? std::move(segs).value() : std::vector<calendar::Segment>{};
}

// Recorded downtime that ends after `from` (from `from` on), and the calendar's off-shift time
// and breaks within [from, to); unmerged.
Windows PlannedDowntime(const State& st, const std::string& unit, Timestamp from, Timestamp to) {
  Windows windows;
  if (auto it = st.planning.downtime.find(unit); it != st.planning.downtime.end())
    for (const Downtime& d : it->second)
      if (d.end > from) windows.push_back({std::max(d.start, from), d.end});
  for (const auto& s : CalendarSegments(st, unit, from, to))
    if (s.kind != calendar::Planned::kWorking) windows.push_back({s.start, s.end});
  return windows;
}

}  // namespace

std::vector<std::pair<Timestamp, Timestamp>> DowntimeAfter(const State& st, const std::string& unit, Timestamp from) {
  Windows windows = PlannedDowntime(st, unit, from, {from.micros + kCalendarHorizonDays * 86'400'000'000LL});
  if (auto down = BreakdownAfter(st, unit, from)) windows.push_back(*down);
  return Merged(std::move(windows));
}

int64_t WorkingMicros(const State& st, const std::string& unit, Timestamp from, Timestamp to) {
  if (!(from < to)) return 0;
  int64_t working = to.micros - from.micros;
  for (const auto& [start, end] : Merged(PlannedDowntime(st, unit, from, to)))
    if (start < to) working -= std::min(end, to).micros - start.micros;
  return std::max<int64_t>(0, working);
}

DowntimeList Unavailable(const State& st, const std::vector<std::string>& units, Timestamp from, Timestamp to,
                         Timestamp now) {
  DowntimeList out{from, to, {}};
  std::vector<std::string> ids = units;
  if (ids.empty())
    for (const auto& [id, e] : st.md.equipment)
      if (!e.meta.retired && e.level == model::EquipmentLevel::kWorkUnit) ids.push_back(id);
  for (const std::string& unit : ids) {
    const size_t first = out.items.size();
    if (auto it = st.planning.downtime.find(unit); it != st.planning.downtime.end())
      for (const Downtime& d : it->second)
        if (d.end > from && d.start < to)
          out.items.push_back({unit, d.start, d.end,
                               contract::ParseName<WindowKind>(d.kind).value_or(WindowKind::kOther), d.id, d.reason});
    for (const auto& s : CalendarSegments(st, unit, from, to))
      if (s.kind != calendar::Planned::kWorking)
        out.items.push_back({unit, s.start, s.end,
                             s.kind == calendar::Planned::kBreak ? WindowKind::kBreak : WindowKind::kOffShift, "",
                             s.shift});
    if (auto b = BreakdownAfter(st, unit, now); b && b->second > from && b->first < to)
      out.items.push_back({unit, b->first, b->second, WindowKind::kDetectedBreakdown, "", ""});
    std::stable_sort(out.items.begin() + static_cast<std::ptrdiff_t>(first), out.items.end(),
                     [](const DowntimeWindow& a, const DowntimeWindow& b) { return a.start < b.start; });
  }
  return out;
}

const PlannedOperation* Planned(const State& st, const std::string& order, const std::string& operation) {
  if (!st.planning.active) return nullptr;
  auto it = st.planning.active->ops.find({order, operation});
  return it == st.planning.active->ops.end() ? nullptr : &it->second;
}

Result<ScheduleView> CurrentSchedule(const State& st) {
  if (!st.planning.active) return Status::NotFound("no schedule has been activated yet", "");
  const ActiveSchedule& s = *st.planning.active;
  ScheduleView v{s.id,         s.kind == "repair" ? ScheduleKind::kRepair : ScheduleKind::kPlan,
                 s.created_at, s.created_by,
                 s.makespan,   s.weighted_tardiness,
                 s.moved,      s.kept};
  std::map<std::string, Timestamp> completion;
  std::map<std::string, std::vector<const model::Equipment*>, std::less<>> units;  // active work units by site
  for (const auto& [id, e] : st.md.equipment)
    if (!e.meta.retired && e.level == model::EquipmentLevel::kWorkUnit) units[SiteOf(st.md, id)].push_back(&e);
  for (const auto& [key, p] : s.ops) {
    ScheduledOperation op{{key.first, key.second, p.work_unit, p.start, p.end, p.changeover_s}};
    if (auto f = st.planning.fixed.find(key); f != st.planning.fixed.end())
      op.fixed = f->second.work_unit == p.work_unit && f->second.start == p.start;
    const production::WorkOrder* wo = st.prod.Find(key.first);
    auto k = wo ? production::OperationIndex(*wo, key.second) : std::nullopt;
    if (k && wo->operations[*k].status == production::OpStatus::kPending)
      if (auto site = units.find(wo->site); site != units.end())
        for (const model::Equipment* e : site->second)
          if (production::CanRun(*e, wo->operations[*k])) op.eligible_units.push_back(e->meta.id);
    v.operations.push_back(std::move(op));
    auto [it, fresh] = completion.try_emplace(key.first, p.end);
    if (!fresh) it->second = std::max(it->second, p.end);
  }
  for (const auto& [id, end] : completion) {
    const production::WorkOrder* wo = st.prod.Find(id);
    if (!wo) continue;
    int64_t lateness_s = (end.micros - wo->due.micros) / 1'000'000;
    v.late_orders += lateness_s > 0;
    v.orders.push_back(
        {id, production::OrderStatusName(wo->status), wo->priority, wo->due, end, lateness_s, lateness_s <= 0});
  }
  return v;
}

json::object Encode(const Planning& p) {
  json::array downtime;
  for (const auto& [unit, list] : p.downtime)
    for (const Downtime& d : list)
      downtime.push_back(json::object{{"id", d.id},
                                      {"equipment", d.equipment},
                                      {"start", FormatIso8601(d.start)},
                                      {"end", FormatIso8601(d.end)},
                                      {"kind", d.kind},
                                      {"reason", d.reason},
                                      {"recorded_at", FormatIso8601(d.recorded_at)},
                                      {"recorded_by", d.recorded_by}});
  json::array fixed;
  for (const auto& [key, f] : p.fixed)
    fixed.push_back(json::object{{"order", key.first},
                                 {"operation", key.second},
                                 {"work_unit", f.work_unit},
                                 {"start", FormatIso8601(f.start)},
                                 {"fixed_at", FormatIso8601(f.fixed_at)},
                                 {"fixed_by", f.fixed_by}});
  json::object out{{"downtime", std::move(downtime)},
                   {"fixed", std::move(fixed)},
                   {"next_downtime", p.next_downtime},
                   {"next_schedule", p.next_schedule},
                   {"revision", p.revision}};
  if (p.active) {
    const ActiveSchedule& s = *p.active;
    out["active"] = json::object{{"id", s.id},
                                 {"kind", s.kind},
                                 {"created_at", FormatIso8601(s.created_at)},
                                 {"created_by", s.created_by},
                                 {"makespan", FormatIso8601(s.makespan)},
                                 {"weighted_tardiness", s.weighted_tardiness},
                                 {"moved", s.moved},
                                 {"kept", s.kept},
                                 {"ops", WriteOps(s)}};
  } else {
    out["active"] = nullptr;
  }
  return out;
}

Result<Planning> DecodePlanning(const json::value& v) {
  Planning p;
  try {
    const auto& o = v.as_object();
    for (const auto& dv : o.at("downtime").as_array()) {
      const auto& d = dv.as_object();
      p.downtime[S(d, "equipment")].push_back({S(d, "id"), S(d, "equipment"), T(d.at("start")), T(d.at("end")),
                                               S(d, "kind"), S(d, "reason"), T(d.at("recorded_at")),
                                               S(d, "recorded_by")});
    }
    if (const json::value* fixed = o.if_contains("fixed"))  // absent before operations could be fixed
      for (const auto& fv : fixed->as_array()) {
        const auto& f = fv.as_object();
        p.fixed[{S(f, "order"), S(f, "operation")}] = {S(f, "work_unit"), T(f.at("start")), T(f.at("fixed_at")),
                                                       S(f, "fixed_by")};
      }
    p.next_downtime = o.at("next_downtime").to_number<int64_t>();
    p.next_schedule = o.at("next_schedule").to_number<int64_t>();
    p.revision = o.at("revision").to_number<int64_t>();
    if (!o.at("active").is_null()) {
      const auto& a = o.at("active").as_object();
      ActiveSchedule s;
      ReadSchedule(a, "ops", s);
      s.created_at = T(a.at("created_at"));
      s.created_by = S(a, "created_by");
      p.active = std::move(s);
    }
  } catch (const std::exception& e) {
    return Status::Internal(std::string("planning: ") + e.what());
  }
  return p;
}

}  // namespace takt::plant::planning
