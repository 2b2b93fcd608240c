// Scheduling over HTTP: plan the open work orders, repair after a disruption, record and read
// downtime, fix an operation where a supervisor moved it.
// Plans and repairs run on the plan queue's thread (plan::PlanQueue), never on a server thread:
// the reply comes back from there once the schedule is activated, and the server goes on
// serving meanwhile.
#include "connect/http/route.h"
#include "plan/queue.h"
#include "plant/planning/contract.h"
#include "plant/planning/planning.h"

namespace takt::http {

using plant::planning::ScheduleView;

// Objective weights: makespan_weight * makespan + tardiness_weight * weighted tardiness.
struct Objective {
  double makespan_weight = 1;
  double tardiness_weight = 1;
};
// POST /api/v1/schedules/repair.
struct RepairSchedule {
  std::optional<double> time_limit_s;
  int64_t seed = 1;
  Objective objective;
};
// POST /api/v1/schedules: a repair's fields, and a frozen horizon.
struct PlanSchedule : RepairSchedule {
  int64_t frozen_horizon_s = 0;
};

// The active schedule after a plan or repair, with what it left out.
struct ScheduleOutcome {
  ScheduleView schedule;
  std::vector<std::string> unschedulable;
  std::optional<double> seconds;
};
// A repair's outcome where the request itself succeeded anyway: the schedule, or the error.
struct OutcomeOrError {
  static json::value Write(const std::optional<Result<ScheduleOutcome>>& o);
  static bool Empty(const std::optional<Result<ScheduleOutcome>>& o) { return !o; }
  static json::object Schema(contract::SchemaRegistry& r, const contract::FieldInfo&);
};
struct DowntimeRecorded {
  std::string equipment;
  bool recorded = true;
  std::optional<Result<ScheduleOutcome>> schedule;
};
// POST /api/v1/schedules/active/fix: the operation fixed, and the repair around it.
struct OperationFixed {
  std::string order, operation, work_unit;
  Timestamp start;
  std::optional<Result<ScheduleOutcome>> schedule;
};
// GET /api/v1/downtime.
struct DowntimeQuery {
  std::optional<Timestamp> from, to;
  std::string work_unit;
};
inline constexpr int64_t kLongestDowntimeWindowDays = 62;

}  // namespace takt::http

namespace takt::contract {
using namespace http;

template <>
struct Describe<Objective> {
  static constexpr std::string_view kName = "Objective";
  static constexpr auto kFields =
      std::tuple{Field("makespan_weight", &Objective::makespan_weight, kOptional, "default 1", Range(0, 1e6)),
                 Field("tardiness_weight", &Objective::tardiness_weight, kOptional,
                       "of the orders' lateness, each weighted 1000 / priority; default 1", Range(0, 1e6))};
  static void Check(Objective& o, const json::object&, Decoder& d) {
    if (o.makespan_weight + o.tardiness_weight <= 0)
      d.Invalid("makespan_weight", "give makespan or tardiness a weight above 0");
  }
};

inline constexpr auto kSolveFields =
    std::tuple{Field("time_limit_s", &RepairSchedule::time_limit_s, kOptional,
                     "seconds the engine may search: default 5 for a plan, 0.5 for a repair; at most the server's "
                     "--max-plan-seconds (120 by default)",
                     Limits{0, std::numeric_limits<double>::infinity(), true}),
               Field("seed", &RepairSchedule::seed, kOptional, "of the engine's search (default 1)", Range(0, 9.2e18)),
               Field("objective", &RepairSchedule::objective, kOptional)};

template <>
struct Describe<RepairSchedule> {
  static constexpr std::string_view kName = "RepairSchedule";
  static constexpr std::string_view kDoc =
      "Reschedules only what a disruption reached (new downtime, a late order, a moved operation): every other "
      "operation of the active schedule keeps its unit and start.";
  static constexpr auto kFields = kSolveFields;
};
template <>
struct Describe<PlanSchedule> {
  static constexpr std::string_view kName = "PlanSchedule";
  static constexpr std::string_view kDoc = "Schedules the released and in-progress work orders' open operations.";
  static constexpr auto kFields = std::tuple_cat(
      kSolveFields, std::tuple{Field("frozen_horizon_s", &PlanSchedule::frozen_horizon_s, kOptional,
                                     "keep the active schedule's slots that start within this many seconds (as a "
                                     "repair would); default 0",
                                     Range(0, 30 * 86400))});
};

template <>
struct Describe<ScheduleOutcome> {
  static constexpr std::string_view kName = "ScheduleOutcome";
  static constexpr std::string_view kDoc = "The active schedule after the plan or repair.";
  static constexpr auto kFields =
      std::tuple{Inline(&ScheduleOutcome::schedule),
                 Field("unschedulable", &ScheduleOutcome::unschedulable, kRequired, "orders left out, and why"),
                 Field("seconds", &ScheduleOutcome::seconds, kOmitIfEmpty, "from the request to the activation")};
};
template <>
struct Describe<DowntimeRecorded> {
  static constexpr std::string_view kName = "DowntimeRecorded";
  static constexpr auto kFields = std::tuple{
      Field("equipment", &DowntimeRecorded::equipment, kRequired),
      Field("recorded", &DowntimeRecorded::recorded, kRequired, "always true: the downtime is recorded"),
      FieldAs<OutcomeOrError>("schedule", &DowntimeRecorded::schedule, kOmitIfEmpty,
                              "the repaired schedule, or why the repair failed; absent without an active schedule "
                              "or with repair false")};
};

template <>
struct Describe<OperationFixed> {
  static constexpr std::string_view kName = "OperationFixed";
  static constexpr auto kFields = std::tuple{
      Field("order", &OperationFixed::order, kRequired), Field("operation", &OperationFixed::operation, kRequired),
      Field("work_unit", &OperationFixed::work_unit, kRequired),
      Field("start", &OperationFixed::start, kRequired, "as fixed: the start asked, rounded up to the whole second"),
      FieldAs<OutcomeOrError>("schedule", &OperationFixed::schedule, kRequired,
                              "the schedule repaired around it, or why the repair failed (the operation stays "
                              "fixed: the next repair or plan keeps it)")};
};
template <>
struct Describe<DowntimeQuery> {
  static constexpr std::string_view kName = "DowntimeQuery";
  static constexpr auto kFields = std::tuple{
      Field("from", &DowntimeQuery::from, kOptional, "windows that end after it; default now"),
      Field("to", &DowntimeQuery::to, kOptional, "windows that start before it; default 7 days after from, at most 62"),
      Field("work_unit", &DowntimeQuery::work_unit, kId, "one work unit; default every active one")};
};

}  // namespace takt::contract

namespace takt::http {

json::value OutcomeOrError::Write(const std::optional<Result<ScheduleOutcome>>& o) {
  if (!o) return nullptr;
  if (o->ok()) return contract::Encode(**o);
  const Status& s = o->status();
  return contract::Encode(ErrorBody{{CodeName(s.code()), s.message(), s.field()}});
}

json::object OutcomeOrError::Schema(contract::SchemaRegistry& r, const contract::FieldInfo&) {
  return json::object{{"anyOf", json::array{r.Ref<ScheduleOutcome>(), r.Ref<ErrorBody>()}}};
}

namespace {

using P = plant::Permission;

Result<ScheduleView> Active(runtime::Runtime& rt) {
  return rt.Read([](const plant::Plant& p) { return plant::planning::CurrentSchedule(p.state()); });
}

Result<ScheduleOutcome> Outcome(runtime::Runtime& rt, const Result<plan::PlanResult>& planned) {
  if (!planned.ok()) return planned.status();
  auto view = Active(rt);
  if (!view.ok()) return view.status();
  return ScheduleOutcome{std::move(view).value(), planned->unschedulable, std::nullopt};
}

// A plan or repair request for the engine; the time limit at most the server's `max_seconds`.
Result<plan::PlanRequest> ToRequest(const RepairSchedule& body, bool repair, int64_t frozen_horizon_s,
                                    double max_seconds) {
  plan::PlanRequest q{.repair = repair, .frozen_horizon_s = frozen_horizon_s};
  q.options = {.time_limit_s = body.time_limit_s.value_or(repair ? 0.5 : 5),
               .seed = static_cast<uint64_t>(body.seed),
               .threads = 2};
  q.options.objective = {.makespan_weight = body.objective.makespan_weight,
                         .tardiness_weight = body.objective.tardiness_weight};
  if (q.options.time_limit_s > max_seconds)
    return Status::Invalid("from 0 to " + Serialize(Number(max_seconds)) + " seconds (this server's limit)",
                           "time_limit_s");
  return q;
}

// Queues the plan or repair; the answer comes from the planning thread once it is activated.
void Solve(Call& c, const Result<plan::PlanRequest>& q, Answer<ScheduleOutcome> answer) {
  if (!q.ok()) return answer(q.status());
  Status queued = c.plans.Submit(c.actor, *q, [&rt = c.rt, answer](Result<plan::PlanResult> planned) {
    auto v = Outcome(rt, planned);
    if (v.ok()) v->seconds = planned->seconds;
    answer(v);
  });
  if (!queued.ok()) answer(queued);
}

// The repair that recording downtime or fixing an operation asks for: the defaults of a repair.
plan::PlanRequest RepairAfterChange() {
  plan::PlanRequest q{.repair = true};
  q.options = {.time_limit_s = 0.5, .seed = 1, .threads = 2};
  q.options.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  return q;
}

// Records the downtime, then (unless told not to) repairs the active schedule: the downtime is
// recorded whatever becomes of the repair, whose outcome goes in "schedule".
void RecordDowntime(Call& c, plant::planning::RecordDowntime body, Answer<DowntimeRecorded> answer) {
  std::string unit = c.param("id");
  bool repair = body.repair;
  plant::PlanningCommand cmd{plant::PlanAction::kRecordDowntime, unit, std::move(body)};
  c.rt.Submit(
      std::move(cmd), c.actor,
      [&rt = c.rt, &plans = c.plans, actor = c.actor, unit, repair, answer](const Result<runtime::Committed>& r) {
        if (!r.ok()) return answer(r.status());
        DowntimeRecorded out{unit};
        bool active = rt.Read([](const plant::Plant& p) { return p.state().planning.active.has_value(); });
        if (!repair || !active) return answer(out);
        Status queued =
            plans.Submit(actor, RepairAfterChange(), [&rt, out, answer](Result<plan::PlanResult> planned) mutable {
              out.schedule = Outcome(rt, planned);
              answer(out);
            });
        if (!queued.ok()) {
          out.schedule = Result<ScheduleOutcome>(queued);
          answer(out);
        }
      });
}

// Records the fixed operation, then repairs the active schedule around it.
void FixOperation(Call& c, plant::planning::FixOperation body, Answer<OperationFixed> answer) {
  OperationFixed out{body.order, body.operation, body.work_unit, body.start, std::nullopt};
  plant::PlanningCommand cmd{plant::PlanAction::kFixOperation};
  cmd.fix = std::move(body);
  c.rt.Submit(
      std::move(cmd), c.actor,
      [&rt = c.rt, &plans = c.plans, actor = c.actor, out, answer](const Result<runtime::Committed>& r) mutable {
        if (!r.ok()) return answer(r.status());
        rt.Read([&](const plant::Plant& p) {  // the start as fixed (whole seconds)
          const auto& fixed = p.state().planning.fixed;
          if (auto f = fixed.find({out.order, out.operation}); f != fixed.end()) out.start = f->second.start;
        });
        Status queued =
            plans.Submit(actor, RepairAfterChange(), [&rt, out, answer](Result<plan::PlanResult> planned) mutable {
              out.schedule = Outcome(rt, planned);
              answer(out);
            });
        if (!queued.ok()) {
          out.schedule = Result<ScheduleOutcome>(queued);
          answer(out);
        }
      });
}

Result<plant::planning::DowntimeList> Downtime(runtime::Runtime& rt, const DowntimeQuery& q) {
  const Timestamp now = Now();
  const Timestamp from = q.from.value_or(now);
  const Timestamp to = q.to.value_or(Timestamp{from.micros + 7 * 86'400'000'000LL});
  if (!(from < to)) return Status::Invalid("to must be after from", "to");
  if (to.micros - from.micros > kLongestDowntimeWindowDays * 86'400'000'000LL)
    return Status::Invalid("at most " + std::to_string(kLongestDowntimeWindowDays) + " days after from", "to");
  return rt.Read([&](const plant::Plant& p) -> Result<plant::planning::DowntimeList> {
    std::vector<std::string> units;
    if (!q.work_unit.empty()) {
      auto u = p.master_data().equipment.find(q.work_unit);
      if (u == p.master_data().equipment.end() || u->second.level != model::EquipmentLevel::kWorkUnit)
        return Status::NotFound("no work unit '" + q.work_unit + "'", "work_unit");
      units.push_back(q.work_unit);
    }
    return plant::planning::Unavailable(p.state(), units, from, to, now);
  });
}

}  // namespace

void AddPlanRoutes(std::vector<Route>& out) {
  out.push_back(Bind<NoQuery, PlanSchedule, ScheduleOutcome>(
      {"POST", "/api/v1/schedules", P::kPlanProduction,
       "schedule the released work orders and activate the schedule (time_limit_s, seed, objective, "
       "frozen_horizon_s)",
       201},
      [](Call& c, const NoQuery&, PlanSchedule body, Answer<ScheduleOutcome> answer) {
        Solve(c, ToRequest(body, false, body.frozen_horizon_s, c.options.max_plan_seconds), answer);
      }));
  out.push_back(Bind<NoQuery, NoBody, ScheduleView>(
      {"GET", "/api/v1/schedules/active", P::kReadResources,
       "the active schedule: planned operations, projected completion against due dates"},
      [](Call& c, const NoQuery&, NoBody, Answer<ScheduleView> answer) { answer(Active(c.rt)); }));
  out.push_back(Bind<NoQuery, RepairSchedule, ScheduleOutcome>(
      {"POST", "/api/v1/schedules/repair", P::kPlanProduction,
       "reschedule only what a disruption reached, keeping the rest", 201},
      [](Call& c, const NoQuery&, RepairSchedule body, Answer<ScheduleOutcome> answer) {
        Solve(c, ToRequest(body, true, 0, c.options.max_plan_seconds), answer);
      }));
  out.push_back(Bind<NoQuery, plant::planning::RecordDowntime, DowntimeRecorded>(
      {"POST", "/api/v1/equipment/{id}/downtime", P::kPlanProduction,
       "record planned maintenance or a breakdown of a work unit (repairs the active schedule)", 201},
      [](Call& c, const NoQuery&, plant::planning::RecordDowntime body, Answer<DowntimeRecorded> answer) {
        RecordDowntime(c, std::move(body), answer);
      }));
  out.push_back(Bind<NoQuery, plant::planning::FixOperation, OperationFixed>(
      {"POST", "/api/v1/schedules/active/fix", P::kPlanProduction,
       "move an operation that has not started to a work unit and start and keep it there; repairs the rest of the "
       "active schedule around it",
       201},
      [](Call& c, const NoQuery&, plant::planning::FixOperation body, Answer<OperationFixed> answer) {
        FixOperation(c, std::move(body), answer);
      }));
  out.push_back(Bind<DowntimeQuery, NoBody, plant::planning::DowntimeList>(
      {"GET", "/api/v1/downtime", P::kReadResources,
       "when work units cannot work in a window: recorded downtime, shift calendars' off-shift time and breaks, "
       "breakdowns machine data shows"},
      [](Call& c, const DowntimeQuery& q, NoBody, Answer<plant::planning::DowntimeList> answer) {
        answer(Downtime(c.rt, q));
      }));
}

}  // namespace takt::http
