// Read-side views of inventory (views.h), with the filters they take (the routes' queries,
// described in inventory/contract.h). Threads: callers hold the state's read lock.
#pragma once

#include "core/event.h"
#include "core/json.h"
#include "plant/inventory/views.h"
#include "plant/state.h"

namespace takt::plant::inventory {

struct LotFilter {
  std::string material, status, location, work_order;
  std::string text;   // in the lot id or the supplier's lot
  std::string after;  // paging: lot id to continue after
  int64_t limit = 100;
};
// Lots by id (by material: through the material's index).
LotList ListLots(const State& st, const LotFilter& f);
Result<LotView> GetLot(const State& st, const std::string& id);

struct MovementQuery {
  uint64_t after = 0;  // paging: the seq to continue after
  int64_t limit = 100;
};
// The journal events of a lot's movement history to read (History), oldest first, at most
// q.limit; `page.items` is left empty for the caller, who reads the events and describes each
// with MovementOf.
struct HistoryPage {
  LotMovements page;
  std::vector<uint64_t> seqs;
};
Result<HistoryPage> LotHistory(const State& st, const std::string& id, const MovementQuery& q);
// What journal event `e` (with its parsed `payload`) did to lot `lot`, whose unit is `uom`.
// Requires: e is one of the lot's history.
LotMovement MovementOf(const Event& e, const json::object& payload, const std::string& lot, const std::string& uom);

struct BalanceFilter {
  BalanceGrouping by = BalanceGrouping::kMaterial;
  std::string material, location, site, status;
};
// Stock on hand per material, lot or location, split by lot status. Quantities sum exact
// micro-units; a material's rows carry its own unit.
BalanceReport Balances(const State& st, const BalanceFilter& f);

struct ContainmentFilter {
  std::optional<CaseStatus> status;
  std::string after;
  int64_t limit = 100;
};
// Containment cases by id.
ContainmentList ListContainments(const State& st, const ContainmentFilter& f);
// One case with its held lots' current status and quantity.
Result<ContainmentView> GetContainment(const State& st, const std::string& id);

}  // namespace takt::plant::inventory
