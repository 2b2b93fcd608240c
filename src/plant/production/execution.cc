// Operator execution: start, pause, resume, report and complete an operation on a work unit.
#include "plant/inventory/inventory.h"
#include "plant/production/internal.h"

namespace takt::plant::production {
namespace detail {
namespace {

using model::EquipmentLevel;

json::object Key(const WorkOrder& wo, size_t op) {
  return {{"order", wo.id}, {"operation", wo.operations[op].id}};
}

// Checks that each of the crew is an active person holding the operation's qualification at
// `now` (the request's description made them ids, each named once).
Status CheckCrew(const State& st, const Operation& op, const std::vector<std::string>& crew, Timestamp now) {
  for (size_t i = 0; i < crew.size(); ++i) {
    std::string field = "operators[" + std::to_string(i) + "]";
    auto person = st.md.persons.find(crew[i]);
    if (person == st.md.persons.end() || person->second.meta.retired)
      return Status::Unprocessable("no active person '" + crew[i] + "'", field);
    if (std::string why = LacksQualification(st.md, person->second, op.qualification, now); !why.empty())
      return Status::Unprocessable(why, field);
  }
  return Status::Ok();
}

json::array Ids(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

Drafts Start(const State& st, const WorkOrder& wo, size_t i, const StartOperation& req, Timestamp now) {
  const Operation& op = wo.operations[i];
  const std::string& unit_id = req.work_unit;
  TAKT_RETURN_IF_ERROR(CheckCrew(st, op, req.operators, now));
  if (op.status != OpStatus::kPending)
    return Status::Conflict("operation '" + op.id + "' is " + OpStatusName(op.status), "operation");
  for (size_t k : Predecessors(wo, i))
    if (wo.operations[k].status != OpStatus::kCompleted)
      return Status::Conflict("operation '" + wo.operations[k].id + "' must be completed first", "operation");
  auto unit = st.md.equipment.find(unit_id);
  if (unit == st.md.equipment.end() || unit->second.meta.retired || unit->second.level != EquipmentLevel::kWorkUnit)
    return Status::Unprocessable("no active work unit '" + unit_id + "'", "work_unit");
  if (SiteOf(st.md, unit_id) != wo.site)
    return Status::Unprocessable("work unit '" + unit_id + "' is not at site '" + wo.site + "'", "work_unit");
  if (!CanRun(unit->second, op))
    return Status::Unprocessable(
        "work unit '" + unit_id + "' cannot run operation '" + op.id + "' (needs " +
            (op.work_center.empty() ? "class " + op.equipment_class : "work center " + op.work_center) + ")",
        "work_unit");
  if (auto busy = st.prod.busy_units.find(unit_id); busy != st.prod.busy_units.end())
    return Status::Conflict("work unit '" + unit_id + "' is busy with work order '" + busy->second + "'", "work_unit");
  json::object p = Key(wo, i);
  p["work_unit"] = unit_id;
  p["crew"] = Ids(req.operators);
  return std::vector<EventDraft>{Draft("operation.started", p)};
}

Drafts Report(const WorkOrder& wo, size_t i, const ReportOperation& req) {
  const Operation& op = wo.operations[i];
  const Quantity good = req.good, scrap = req.scrap;
  // What may come out of an operation: the order plus tolerance where a branch starts, what its
  // predecessors passed on (plus tolerance) for the others.
  const bool first = wo.operations[i].predecessors.empty();
  Quantity limit = first ? wo.Ceiling() : InputOf(wo, i).Times(1.0 + wo.tolerance);
  Quantity total = op.good + op.scrap + good + scrap;
  if (total > limit)
    return Status::Conflict("over-reporting: " + std::to_string(total.ToDouble()) + " " + wo.uom + " would exceed " +
                                std::to_string(limit.ToDouble()) +
                                (first ? " (order quantity plus tolerance)" : " (good from the previous operations)"),
                            "good");
  // Each operation's totals stay within the stored bound (an assembly deep in a routing with a
  // tolerance could otherwise grow past it).
  TAKT_RETURN_IF_ERROR(inventory::CheckBound(op.good, good, "good", "operation '" + op.id + "' good in total"));
  TAKT_RETURN_IF_ERROR(inventory::CheckBound(op.scrap, scrap, "scrap", "operation '" + op.id + "' scrap in total"));
  json::object p = Key(wo, i);
  p["good"] = ToJson(good);
  p["scrap"] = ToJson(scrap);
  p["scrap_reason"] = req.scrap_reason;
  return std::vector<EventDraft>{Draft("operation.reported", p)};
}

// Closes the running interval: machine time, and labour time for each crew member.
void StopClock(Operation& op, Timestamp now) {
  if (op.status != OpStatus::kRunning || !op.running_since) return;
  int64_t d = now.micros - op.running_since->micros;
  op.machine_us += d;
  op.labour_us += d * static_cast<int64_t>(op.crew.size());
  op.running_since.reset();
}

std::vector<std::string> Crew(const json::object& p) {
  std::vector<std::string> crew;
  for (const auto& c : p.at("crew").as_array()) crew.emplace_back(c.as_string());
  return crew;
}

}  // namespace

Drafts OperationAction(const State& st, const WorkOrder& wo, size_t i, const Request& req, const Context& ctx) {
  if (wo.status != OrderStatus::kReleased && wo.status != OrderStatus::kInProgress)
    return Status::Conflict("work order '" + wo.id + "' is " + OrderStatusName(wo.status), "status");
  const Operation& op = wo.operations[i];
  if (auto* start = std::get_if<StartOperation>(&req)) return Start(st, wo, i, *start, ctx.now);
  bool active = op.status == OpStatus::kRunning || op.status == OpStatus::kPaused;
  if (!active)
    return Status::Conflict("operation '" + op.id + "' is " + OpStatusName(op.status) + ", not started", "operation");
  if (auto* pause = std::get_if<PauseOperation>(&req)) {
    if (op.status != OpStatus::kRunning) return Status::Conflict("operation '" + op.id + "' is paused", "operation");
    json::object p = Key(wo, i);
    p["reason"] = pause->reason;
    return std::vector<EventDraft>{Draft("operation.paused", p)};
  }
  if (auto* resume = std::get_if<ResumeOperation>(&req)) {
    TAKT_RETURN_IF_ERROR(CheckCrew(st, op, resume->operators, ctx.now));
    if (op.status != OpStatus::kPaused) return Status::Conflict("operation '" + op.id + "' is running", "operation");
    std::vector<std::string> crew = resume->operators;
    if (crew.empty()) {  // the same crew returns: their qualifications must still hold
      for (const auto& id : op.crew) {
        const model::Person& person = st.md.persons.at(id);
        if (person.meta.retired) return Status::Unprocessable("person '" + id + "' is retired", "operators");
        if (std::string why = LacksQualification(st.md, person, op.qualification, ctx.now); !why.empty())
          return Status::Unprocessable(why, "operators");
      }
      crew = op.crew;
    }
    json::object p = Key(wo, i);
    p["crew"] = Ids(crew);
    return std::vector<EventDraft>{Draft("operation.resumed", p)};
  }
  if (auto* report = std::get_if<ReportOperation>(&req)) return Report(wo, i, *report);
  if (auto* consume = std::get_if<ConsumeMaterial>(&req)) return Consume(st, wo, i, *consume, ctx.now);
  if (auto* produce = std::get_if<ProduceMaterial>(&req)) return Produce(st, wo, i, *produce);
  if (auto* complete = std::get_if<CompleteOperation>(&req)) {
    // Completing with nothing reported ends the operation's flow: the next ones may take
    // nothing from it. It takes a statement, with a reason, that nothing was produced.
    const bool reported = op.good.positive() || op.scrap.positive();
    if (!reported && !complete->nothing_produced)
      return Status::Unprocessable("operation '" + op.id +
                                       "' has no good or scrap reported: report them, or state "
                                       "\"nothing_produced\": {\"reason\": ...}",
                                   "nothing_produced");
    if (reported && complete->nothing_produced)
      return Status::Unprocessable("operation '" + op.id + "' has good or scrap reported", "nothing_produced");
    auto drafts = Backflush(st, wo, i, ctx.now);
    if (!drafts.ok()) return drafts;
    json::object p = Key(wo, i);
    p["nothing_produced"] = complete->nothing_produced ? json::value(complete->nothing_produced->reason) : nullptr;
    drafts->push_back(EventDraft{"operation.completed", 2, Serialize(p)});
    return drafts;
  }
  return Status::Internal("not an operation request");
}

Status ApplyOperationEvent(State& st, const Event& e, const json::object& p) {
  WorkOrder* wo = st.prod.Find(std::string_view(p.at("order").as_string()));
  if (!wo) return Status::Internal("unknown work order");
  auto i = OperationIndex(*wo, std::string_view(p.at("operation").as_string()));
  if (!i) return Status::Internal("unknown operation");
  Operation& op = wo->operations[*i];
  if (e.type == "operation.started") {
    if (op.status != OpStatus::kPending) return Status::Internal("operation already started");
    op.status = OpStatus::kRunning;
    op.work_unit = std::string(p.at("work_unit").as_string());
    op.crew = Crew(p);
    op.operators.insert(op.crew.begin(), op.crew.end());
    op.running_since = e.time;
    op.started_at = e.time;
    st.prod.busy_units[op.work_unit] = wo->id;
    if (wo->status == OrderStatus::kReleased) {
      wo->status = OrderStatus::kInProgress;
      wo->started_at = e.time;
    }
  } else if (e.type == "operation.paused") {
    StopClock(op, e.time);
    op.status = OpStatus::kPaused;
  } else if (e.type == "operation.resumed") {
    op.status = OpStatus::kRunning;
    op.crew = Crew(p);
    op.operators.insert(op.crew.begin(), op.crew.end());
    op.running_since = e.time;
  } else if (e.type == "operation.reported") {
    auto good = Quantity::FromStored(p.at("good").to_number<double>());
    auto scrap = Quantity::FromStored(p.at("scrap").to_number<double>());
    if (!good || !scrap) return Status::Internal("bad quantity");
    TAKT_RETURN_IF_ERROR(inventory::Accrue(op.good, *good, "operation good"));
    TAKT_RETURN_IF_ERROR(inventory::Accrue(op.scrap, *scrap, "operation scrap"));
    if (scrap->positive())
      TAKT_RETURN_IF_ERROR(inventory::Accrue(op.scrap_by_reason[std::string(p.at("scrap_reason").as_string())], *scrap,
                                             "operation scrap"));
  } else if (e.type == "operation.completed") {
    StopClock(op, e.time);
    if (e.version >= 2 && !p.at("nothing_produced").is_null())
      op.nothing_produced = std::string(p.at("nothing_produced").as_string());
    op.status = OpStatus::kCompleted;
    op.completed_at = e.time;
    op.crew.clear();
    st.prod.busy_units.erase(op.work_unit);
    bool all = true;
    for (const Operation& o : wo->operations) all &= o.status == OpStatus::kCompleted;
    if (all) {
      wo->status = OrderStatus::kCompleted;
      wo->completed_at = e.time;
      ReleaseReservations(st, *wo);
    }
  } else {
    return Status::Internal("unknown type");
  }
  return Status::Ok();
}

}  // namespace detail

// A passed result's own expiry, else the qualification's validity from the test date.
std::optional<Timestamp> Expiry(const model::QualificationResult& q, std::optional<int64_t> validity_days) {
  if (q.expires_at) return q.expires_at;
  if (!validity_days) return std::nullopt;
  return Timestamp{q.tested_at.micros + *validity_days * 86'400'000'000};
}

bool CanRun(const model::Equipment& unit, const Operation& op) {
  if (!op.work_center.empty()) return unit.parent == op.work_center;
  for (const auto& c : unit.classes)
    if (c == op.equipment_class) return true;
  return false;
}

std::string LacksQualification(const MasterData& md, const model::Person& person, const std::string& qualification,
                               Timestamp now) {
  if (qualification.empty()) return {};
  auto spec = md.qualifications.find(qualification);
  std::optional<int64_t> validity_days = spec == md.qualifications.end() ? std::nullopt : spec->second.validity_days;
  // The latest test taken by `now` decides: a failed retest withdraws an earlier pass.
  const model::QualificationResult* latest = nullptr;
  std::optional<Timestamp> first_future;
  for (const auto& q : person.qualifications) {
    if (q.qualification != qualification) continue;
    if (q.tested_at > now) {
      if (q.passed && (!first_future || q.tested_at < *first_future)) first_future = q.tested_at;
    } else if (!latest || q.tested_at >= latest->tested_at) {
      latest = &q;
    }
  }
  std::string who = "person '" + person.meta.id + "'";
  if (!latest) {
    if (first_future) return who + " qualifies for '" + qualification + "' only from " + FormatIso8601(*first_future);
    return who + " does not hold qualification '" + qualification + "'";
  }
  if (!latest->passed)
    return who + " failed qualification '" + qualification + "' on " + FormatIso8601(latest->tested_at);
  if (auto end = Expiry(*latest, validity_days); end && *end <= now)
    return who + " qualification '" + qualification + "' expired on " + FormatIso8601(*end);
  return {};
}

}  // namespace takt::plant::production
