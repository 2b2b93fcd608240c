// Read-side views of production for the adapters (views.h; contract.h describes them and the
// queries). Threads: callers hold the state's read lock.
#pragma once

#include "plant/production/views.h"
#include "plant/state.h"

namespace takt::plant::production {

struct OrderFilter {
  std::optional<OrderStatus> status;
  std::string site, product_definition;
  std::optional<Timestamp> due_from;  // due at or after
  std::optional<Timestamp> due_to;    // due before (exclusive)
  std::string text;                   // in the id or description, ignoring case
  std::string after;
  int64_t limit = 100;
};
WorkOrderPage ListOrders(const State& st, const OrderFilter& f);

// The order as GET /api/v1/work-orders/{id} shows it; kNotFound (field "id") if there is none.
Result<WorkOrderView> GetOrder(const State& st, const std::string& id);

// Exactly one of the two is given (the query's description checks it).
struct DispatchQuery {
  std::string work_center, work_unit;
};
// The operations that may start now, for a work center or a work unit: those in the active
// schedule first, in planned order (a unit's list leaves out operations planned on another
// unit), then the rest by priority, due date and order id. Each item names its material and
// qualification needs and the idle work units that can run it. `in_progress` lists what holds each
// unit of the list now: the operation running or paused there (a terminal shows it on top).
Result<DispatchList> Dispatch(const State& st, const DispatchQuery& q);

struct PickQuery {
  PickStrategy strategy = PickStrategy::kFefo;
};
// Pick suggestions for the order's open material needs (FEFO or FIFO), with any shortfall.
Result<PickList> Picks(const State& st, const std::string& order, PickStrategy strategy, Timestamp now);

// Planned versus actual for the order and each operation: quantities, times, material.
Result<OrderPerformance> Performance(const State& st, const std::string& order);

}  // namespace takt::plant::production
