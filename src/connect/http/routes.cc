#include "connect/http/api.h"
#include "model/kinds.h"

namespace takt::http {

using plant::Permission;

Permission WritePermission(model::Kind k) {
  switch (k) {
    case model::Kind::kPerson:
    case model::Kind::kPersonnelClass:
    case model::Kind::kQualification:
      return Permission::kWriteWorkforce;
    default:
      return Permission::kWriteMasterData;
  }
}

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> r = {
        {"GET", "/api/v1/health", std::nullopt},
        {"GET", "/api/v1/openapi.json", std::nullopt},
        {"GET", "/api/v1/me", std::nullopt, true},
        {"GET", "/api/v1/journal", Permission::kReadJournal},
        {"GET", "/metrics", Permission::kReadJournal, false,
         "operational metrics in the Prometheus text format (also unauthenticated on --metrics-listen)"},
        {"GET", "/api/v1/users", Permission::kManageUsers, false, "list users with their role and status"},
        {"POST", "/api/v1/users", Permission::kManageUsers, false, "create a user; the reply holds its token, once"},
        {"GET", "/api/v1/users/{name}", Permission::kManageUsers, false, "a user with its role and status"},
        {"POST", "/api/v1/users/{name}/token", Permission::kManageUsers, false,
         "issue a new token for a user (revokes the old one); the reply holds it, once"},
        {"POST", "/api/v1/users/{name}/disable", Permission::kManageUsers, false,
         "disable a user with a reason: their token stops working (never the last enabled admin)"},
        {"POST", "/api/v1/users/{name}/enable", Permission::kManageUsers, false, "enable a disabled user again"},
        {"POST", "/api/v1/users/{name}/role", Permission::kManageUsers, false,
         "give a user another role (never demotes the last enabled admin)"},
    };
    using P = Permission;
    const std::string lots = "/api/v1/material-lots", lot = lots + "/{id}";
    const std::string orders = "/api/v1/work-orders", order = orders + "/{id}";
    const std::string op = order + "/operations/{operation}";
    std::vector<Route> production = {
        {"GET", lots, P::kReadResources, false, "list lots (filters: material, status, location, work_order)"},
        {"POST", lots, P::kWriteInventory, false, "receive a lot from a supplier or ERP"},
        {"GET", lot, P::kReadResources, false, "a lot with its quantity by location"},
        {"POST", lot + "/move", P::kWriteInventory, false, "move quantity to another storage location"},
        {"POST", lot + "/count", P::kWriteInventory, false, "record a cycle count (adjusts to the counted quantity)"},
        {"POST", lot + "/scrap", P::kWriteInventory, false, "scrap quantity with a reason"},
        {"POST", lot + "/ship", P::kWriteInventory, false, "ship quantity against a reference"},
        {"POST", lot + "/adjust", P::kControlInventory, false, "adjust quantity with a reason"},
        {"POST", lot + "/status", P::kControlInventory, false,
         "place a hold (on_hold, quarantine, expired) or release one (available, naming the hold if several)"},
        {"GET", "/api/v1/containments", P::kReadResources, false, "list containment cases (filter: status)"},
        {"POST", "/api/v1/containments", P::kControlInventory, false,
         "open a containment case: hold lots and every lot made from them, now and later"},
        {"GET", "/api/v1/containments/{id}", P::kReadResources, false, "a containment case with the lots it holds"},
        {"POST", "/api/v1/containments/{id}/release", P::kControlInventory, false,
         "release a containment case and every hold it placed"},
        {"GET", lot + "/trace", P::kReadResources, false, "backward or forward genealogy trace"},
        {"GET", lot + "/as-built", P::kReadResources, false, "how a lot was made: order, operations, inputs"},
        {"GET", lot + "/recall", P::kReadResources, false,
         "every downstream lot, with location, status and every shipment"},
        {"GET", "/api/v1/inventory/balances", P::kReadResources, false, "balances by material, lot or location"},
        {"GET", orders, P::kReadResources, false, "list work orders (filters: status, site, product)"},
        {"POST", orders, P::kPlanProduction, false, "create a work order from a product definition"},
        {"GET", order, P::kReadResources, false, "a work order with its operations and materials"},
        {"GET", order + "/picks", P::kReadResources, false, "FEFO or FIFO pick suggestion for open material needs"},
        {"GET", order + "/performance", P::kReadResources, false, "planned versus actual, per order and operation"},
        {"GET", "/api/v1/dispatch", P::kReadResources, false, "operations that may start, per work center or unit"},
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
    for (const char* a : {"release", "hold", "resume", "cancel", "close"})
      production.push_back({"POST", order + "/" + a, P::kPlanProduction, false, std::string(a) + " the work order"});
    production.push_back({"POST", order + "/reschedule", P::kPlanProduction, false,
                          "new earliest start (late material), due date or priority; a repair takes them up"});
    for (const char* a : {"start", "pause", "resume", "report", "complete", "consume", "produce"})
      production.push_back({"POST", op + "/" + a, P::kExecuteProduction, false, std::string(a) + " an operation"});
    r.insert(r.end(), production.begin(), production.end());
    for (model::Kind k : model::kAllKinds) {
      std::string base = "/api/v1/" + std::string(model::KindCollection(k));
      r.push_back({"GET", base, Permission::kReadResources});
      r.push_back({"POST", base, WritePermission(k)});
      r.push_back({"GET", base + "/{id}", Permission::kReadResources});
      r.push_back({"PUT", base + "/{id}", WritePermission(k)});
      r.push_back({"DELETE", base + "/{id}", WritePermission(k)});
    }
    return r;
  }();
  return routes;
}

}  // namespace takt::http
