// Read-side views of inventory, as JSON for the adapters. Threads: callers hold the state's
// read lock.
#pragma once

#include "plant/state.h"

namespace takt::plant::inventory {

struct LotFilter {
  std::string material, status, location, work_order, text;
  std::string after;  // paging: lot id to continue after
  size_t limit = 100;
};
// {"items": [lot...], "next_after": id|null}
json::object ListLots(const State& st, const LotFilter& f);

struct BalanceFilter {
  std::string by = "material";  // material | lot | location
  std::string material, location, site, status;
};
// {"by": .., "items": [{material|lot|location.., "quantity", "uom", "by_status": {...}}]}.
// Quantities sum exact micro-units; a material's rows carry its own unit.
Result<json::object> Balances(const State& st, const BalanceFilter& f);

// Containment cases by id, optionally only `status` (open | released):
// {"items": [case...], "next_after": id|null}.
json::object ListContainments(const State& st, const std::string& status, const std::string& after, size_t limit);
// One case with its held lots' current status and quantity.
Result<json::object> GetContainment(const State& st, const std::string& id);

}  // namespace takt::plant::inventory
