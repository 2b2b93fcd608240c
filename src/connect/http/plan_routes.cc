// Scheduling over HTTP: plan the open work orders, repair after a disruption, record downtime.
// The engine runs on the calling server thread, outside the state lock, for at most the time
// limit given; the result goes through the writer as a schedule activation.
#include <chrono>

#include "connect/http/util.h"
#include "plan/planner.h"
#include "plant/planning/planning.h"

namespace takt::http {
namespace {

Result<json::object> View(runtime::Runtime& rt) {
  return rt.Read([](const plant::Plant& p) { return plant::planning::ScheduleView(p.state()); });
}

struct Limits {
  double time_limit_s;
  uint64_t seed;
};

Result<Limits> ReadLimits(const json::value& body, double default_s) {
  FieldReader r(body, "");
  Limits l{r.Number("time_limit_s", FieldReader::kOptional).value_or(default_s),
           static_cast<uint64_t>(r.Integer("seed", FieldReader::kOptional).value_or(1))};
  TAKT_RETURN_IF_ERROR(r.Finish());
  if (!(l.time_limit_s > 0 && l.time_limit_s <= 600)) return Status::Invalid("from 0 to 600 seconds", "time_limit_s");
  return l;
}

// Plans or repairs (plan::PlanAndActivate), then answers with the active schedule.
Result<json::object> PlanAndActivate(runtime::Runtime& rt, const std::string& actor, bool repair, Limits limits) {
  auto t0 = std::chrono::steady_clock::now();
  schedule::SolveOptions o{.time_limit_s = limits.time_limit_s, .seed = limits.seed, .threads = 2};
  o.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  auto planned = plan::PlanAndActivate(rt, actor, Now(), repair, o);
  if (!planned.ok()) return planned.status();
  auto view = View(rt);
  if (!view.ok()) return view;
  (*view)["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  json::array left_out;
  for (const auto& u : planned->unschedulable) left_out.emplace_back(u);
  (*view)["unschedulable"] = std::move(left_out);
  return view;
}

}  // namespace

void HandlePlanRoute(runtime::Runtime& rt, const Route& route, const Request& req, const Params& params,
                     const Query& query, const std::string& actor, Reply reply) {
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
    if (repair && active) {
      auto v = PlanAndActivate(rt, actor, true, {0.5, 1});
      out["schedule"] = v.ok() ? json::value(*v)
                               : json::value(json::object{{"error", json::object{{"code", CodeName(v.status().code())},
                                                                                 {"message", v.status().message()}}}});
    }
    return reply(Json(201, out));
  }
  bool repair = route.path == "/api/v1/schedules/repair";
  auto limits = ReadLimits(*body, repair ? 0.5 : 5);
  if (!limits.ok()) return reply(FromStatus(limits.status()));
  auto v = PlanAndActivate(rt, actor, repair, *limits);
  reply(v.ok() ? Json(201, *v) : FromStatus(v.status()));
}

}  // namespace takt::http
