// The route table: each family of routes brings its own (system, users, inventory, production,
// performance, planning, resources), in a stable order.
#include "connect/http/live.h"
#include "connect/http/route.h"

namespace takt::http {

void AddSystemRoutes(std::vector<Route>& out);
void AddUserRoutes(std::vector<Route>& out);
void AddResourceRoutes(std::vector<Route>& out);
void AddInventoryRoutes(std::vector<Route>& out);
void AddProductionRoutes(std::vector<Route>& out);

namespace {

using P = plant::Permission;

void Live(Call& c, Reply reply) {
  if (Status s = OnlyParams(c.query, {"equipment"}); !s.ok()) return reply(FromStatus(s));
  if (!c.query.count("equipment")) return reply(FromStatus(Status::Invalid("required", "equipment")));
  auto stream = c.live.Open(c.query.at("equipment"));
  if (!stream.ok()) return reply(FromStatus(stream.status()));
  Response r;
  r.stream = std::move(stream).value();
  reply(std::move(r));
}

// The handler of a route whose handler still reads its request itself (being moved onto Bind).
std::function<void(Call&, Reply)> UnboundHandler(const std::string& p) {
  if (p.starts_with("/api/v1/schedules") || p == "/api/v1/equipment/{id}/downtime")
    return [](Call& c, Reply reply) {
      HandlePlanRoute(c.rt, c.plans, c.options.max_plan_seconds, c.route, c.req, c.params, c.query, c.actor,
                      std::move(reply));
    };
  if (p == "/api/v1/live") return Live;
  if (p == "/api/v1/machine-data" || p == "/api/v1/kpi" || p == "/api/v1/equipment/{id}/machine-state" ||
      p.starts_with("/api/v1/equipment/{id}/stops"))
    return [](Call& c, Reply reply) {
      HandlePerformanceRoute(c.rt, c.route, c.req, c.params, c.query, c.actor, std::move(reply));
    };
  return nullptr;
}

void AddUnboundRoutes(std::vector<Route>& r) {
  std::vector<Route> production = {
      {"POST", "/api/v1/schedules", P::kPlanProduction, false,
       "schedule the released work orders (time_limit_s, seed, objective, frozen_horizon_s)"},
      {"GET", "/api/v1/schedules/active", P::kReadResources, false,
       "the active schedule: planned operations, projected completion against due dates"},
      {"POST", "/api/v1/schedules/repair", P::kPlanProduction, false,
       "reschedule only what a disruption reached, keeping the rest"},
      {"POST", "/api/v1/equipment/{id}/downtime", P::kPlanProduction, false,
       "record planned maintenance or a breakdown of a work unit (repairs the active schedule)"},
      {"POST", "/api/v1/machine-data", P::kRecordMachineData, false,
       "a batch of machine readings: states, counts, process values (all or nothing)"},
      {"GET", "/api/v1/kpi", P::kReadResources, false,
       "OEE, ISO 22400 KPIs, loss waterfall and downtime Pareto for equipment over a window"},
      {"GET", "/api/v1/equipment/{id}/machine-state", P::kReadResources, false,
       "a work unit's current state, since when, and its latest process values"},
      {"GET", "/api/v1/equipment/{id}/stops", P::kReadResources, false, "a work unit's stops with their reasons"},
      {"GET", "/api/v1/live", P::kReadResources, false,
       "server-sent events for a hierarchy node: state changes at once, KPIs every 5 s"},
      {"POST", "/api/v1/equipment/{id}/stops/classify", P::kExecuteProduction, false,
       "give a stop its downtime reason (updates every KPI it touches)"},
  };
  for (Route& route : production) {
    route.handler = UnboundHandler(route.path);
    r.push_back(std::move(route));
  }
}

}  // namespace

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> r;
    AddSystemRoutes(r);
    AddUserRoutes(r);
    AddInventoryRoutes(r);
    AddProductionRoutes(r);
    AddUnboundRoutes(r);
    AddResourceRoutes(r);
    return r;
  }();
  return routes;
}

}  // namespace takt::http
