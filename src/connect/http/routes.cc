// The route table: each family of routes brings its own (system, users, plant, performance,
// planning, resources), in a stable order.
#include "connect/http/route.h"

namespace takt::http {

void AddSystemRoutes(std::vector<Route>& out);
void AddUserRoutes(std::vector<Route>& out);
void AddResourceRoutes(std::vector<Route>& out);
void AddPlanRoutes(std::vector<Route>& out);
void AddPerformanceRoutes(std::vector<Route>& out);

namespace {

using P = plant::Permission;

// The handler of a route whose handler still reads its request itself (being moved onto Bind).
std::function<void(Call&, Reply)> UnboundHandler(const std::string&) {
  return [](Call& c, Reply reply) {
    HandlePlantRoute(c.rt, c.route, c.req, c.params, c.query, c.actor, std::move(reply));
  };
}

void AddUnboundRoutes(std::vector<Route>& r) {
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
  };
  for (const char* a : {"release", "hold", "resume", "cancel", "close"})
    production.push_back({"POST", order + "/" + a, P::kPlanProduction, false, std::string(a) + " the work order"});
  production.push_back({"POST", order + "/reschedule", P::kPlanProduction, false,
                        "new earliest start (late material), due date or priority; a repair takes them up"});
  for (const char* a : {"start", "pause", "resume", "report", "complete", "consume", "produce"})
    production.push_back({"POST", op + "/" + a, P::kExecuteProduction, false, std::string(a) + " an operation"});
  for (const char* a : {"release", "hold", "resume", "cancel", "close"})
    production.push_back({"POST", order + "/" + a, P::kPlanProduction, false, std::string(a) + " the work order"});
  production.push_back({"POST", order + "/reschedule", P::kPlanProduction, false,
                        "new earliest start (late material), due date or priority; a repair takes them up"});
  for (const char* a : {"start", "pause", "resume", "report", "complete", "consume", "produce"})
    production.push_back({"POST", op + "/" + a, P::kExecuteProduction, false, std::string(a) + " an operation"});
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
    AddUnboundRoutes(r);
    AddPlanRoutes(r);
    AddPerformanceRoutes(r);
    AddResourceRoutes(r);
    return r;
  }();
  return routes;
}

}  // namespace takt::http
