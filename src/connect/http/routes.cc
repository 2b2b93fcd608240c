// The route table: each family of routes brings its own, bound to its contract (route.h), in a
// stable order: the service, sessions, users, inventory, production, planning, performance, resources.
#include "connect/http/route.h"

namespace takt::http {

void AddSystemRoutes(std::vector<Route>& out);
void AddSessionRoutes(std::vector<Route>& out);
void AddUserRoutes(std::vector<Route>& out);
void AddInventoryRoutes(std::vector<Route>& out);
void AddProductionRoutes(std::vector<Route>& out);
void AddPlanRoutes(std::vector<Route>& out);
void AddPerformanceRoutes(std::vector<Route>& out);
void AddResourceRoutes(std::vector<Route>& out);

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> r;
    AddSystemRoutes(r);
    AddSessionRoutes(r);
    AddUserRoutes(r);
    AddInventoryRoutes(r);
    AddProductionRoutes(r);
    AddPlanRoutes(r);
    AddPerformanceRoutes(r);
    AddResourceRoutes(r);
    return r;
  }();
  return routes;
}

}  // namespace takt::http
