// Scheduling over HTTP: plan the open work orders, repair after a disruption, record downtime.
// Plans and repairs run on the plan queue's thread (plan::PlanQueue), never on a server thread:
// the reply comes back from there once the schedule is activated, and the server goes on
// serving meanwhile.
#include "connect/http/util.h"
#include "plan/queue.h"
#include "plant/planning/planning.h"

namespace takt::http {
namespace {

Result<json::object> View(runtime::Runtime& rt) {
  return rt.Read([](const plant::Plant& p) { return plant::planning::ScheduleView(p.state()); });
}

// The body of a plan or repair request: time limit (at most `max_seconds`), seed, objective
// weights and (plans only) a frozen horizon.
Result<plan::PlanRequest> ReadRequest(const json::value& body, bool repair, double max_seconds) {
  FieldReader r(body, "");
  plan::PlanRequest q{.repair = repair};
  q.options = {.time_limit_s = r.Number("time_limit_s", FieldReader::kOptional).value_or(repair ? 0.5 : 5),
               .seed = static_cast<uint64_t>(r.Integer("seed", FieldReader::kOptional).value_or(1)),
               .threads = 2};
  q.options.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  if (!repair) q.frozen_horizon_s = r.Integer("frozen_horizon_s", FieldReader::kOptional).value_or(0);
  if (const json::value* obj = r.Any("objective", FieldReader::kOptional)) {
    FieldReader o(*obj, r.PathOf("objective"));
    q.options.objective = {.makespan_weight = o.Number("makespan_weight", FieldReader::kOptional).value_or(1),
                           .tardiness_weight = o.Number("tardiness_weight", FieldReader::kOptional).value_or(1)};
    r.Adopt(o);
  }
  TAKT_RETURN_IF_ERROR(r.Finish());
  if (!(q.options.time_limit_s > 0 && q.options.time_limit_s <= max_seconds))
    return Status::Invalid("from 0 to " + Serialize(Number(max_seconds)) + " seconds (this server's limit)",
                           "time_limit_s");
  if (q.frozen_horizon_s < 0 || q.frozen_horizon_s > 30 * 86400)
    return Status::Invalid("from 0 to 30 days in seconds", "frozen_horizon_s");
  const auto& w = q.options.objective;
  for (auto [v, field] : {std::pair{w.makespan_weight, "objective.makespan_weight"},
                          std::pair{w.tardiness_weight, "objective.tardiness_weight"}})
    if (!(v >= 0 && v <= 1e6)) return Status::Invalid("a weight from 0 to 1e6", field);
  if (w.makespan_weight + w.tardiness_weight <= 0)
    return Status::Invalid("give makespan or tardiness a weight above 0", "objective.makespan_weight");
  return q;
}

// The active schedule after a plan or repair, with what it left out.
Result<json::object> Outcome(runtime::Runtime& rt, const Result<plan::PlanResult>& planned) {
  if (!planned.ok()) return planned.status();
  auto view = View(rt);
  if (!view.ok()) return view;
  json::array left_out;
  for (const auto& u : planned->unschedulable) left_out.emplace_back(u);
  (*view)["unschedulable"] = std::move(left_out);
  return view;
}

json::value ErrorObject(const Status& s) {
  return json::object{
      {"error", json::object{{"code", CodeName(s.code())}, {"message", s.message()}, {"field", s.field()}}}};
}

}  // namespace

void HandlePlanRoute(runtime::Runtime& rt, plan::PlanQueue& plans, double max_seconds, const Route& route,
                     const Request& req, const Params& params, const Query& query, const std::string& actor,
                     Reply reply) {
  if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
  if (req.method == "GET") {
    auto v = View(rt);
    return reply(v.ok() ? Json(200, *v) : FromStatus(v.status()));
  }
  auto body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  if (route.path == "/api/v1/equipment/{id}/downtime") {
    // Recording downtime repairs the active schedule at once (unless "repair": false).
    json::object& o = body->as_object();
    bool repair = true;
    if (auto* v = o.if_contains("repair")) {
      if (!v->is_bool()) return reply(FromStatus(Status::Invalid("expected true or false", "repair")));
      repair = v->get_bool();
      o.erase("repair");
    }
    auto c = rt.Execute(plant::PlanningCommand{plant::PlanAction::kRecordDowntime, params.at("id"), *body}, actor);
    if (!c.ok()) return reply(FromStatus(c.status()));
    json::object out{{"equipment", params.at("id")}, {"recorded", true}};
    bool active = rt.Read([](const plant::Plant& p) { return p.state().planning.active.has_value(); });
    if (!repair || !active) return reply(Json(201, out));
    plan::PlanRequest q{.repair = true};
    q.options = {.time_limit_s = 0.5, .seed = 1, .threads = 2};
    q.options.objective = {.makespan_weight = 1, .tardiness_weight = 1};
    // The downtime is recorded whatever becomes of the repair: its outcome goes in "schedule".
    auto answer = std::make_shared<Reply>(std::move(reply));
    Status queued = plans.Submit(actor, q, [&rt, out, answer](Result<plan::PlanResult> planned) mutable {
      auto v = Outcome(rt, planned);
      out["schedule"] = v.ok() ? json::value(*v) : ErrorObject(v.status());
      (*answer)(Json(201, out));
    });
    if (!queued.ok()) {
      out["schedule"] = ErrorObject(queued);
      (*answer)(Json(201, out));
    }
    return;
  }
  auto q = ReadRequest(*body, route.path == "/api/v1/schedules/repair", max_seconds);
  if (!q.ok()) return reply(FromStatus(q.status()));
  auto answer = std::make_shared<Reply>(std::move(reply));
  Status queued = plans.Submit(actor, *q, [&rt, answer](Result<plan::PlanResult> planned) {
    auto v = Outcome(rt, planned);
    if (v.ok()) (*v)["seconds"] = planned->seconds;
    (*answer)(v.ok() ? Json(201, *v) : FromStatus(v.status()));
  });
  if (!queued.ok()) (*answer)(FromStatus(queued));
}

}  // namespace takt::http
