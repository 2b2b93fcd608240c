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
    case model::Kind::kMaterialLot:
      return Permission::kWriteInventory;
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
        {"GET", "/api/v1/users", Permission::kManageUsers},
        {"POST", "/api/v1/users", Permission::kManageUsers},
        {"POST", "/api/v1/users/{name}/token", Permission::kManageUsers},
    };
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
