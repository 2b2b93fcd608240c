// Read-side views of production, as JSON for the adapters. Threads: callers hold the state's
// read lock.
#pragma once

#include "plant/state.h"

namespace takt::plant::production {

struct OrderFilter {
  std::string status, site, product_definition;
  std::string after;
  size_t limit = 100;
};
json::object ListOrders(const State& st, const OrderFilter& f);

// The operations that may start now, for a work center or a work unit (exactly one is given):
// those in the active schedule first, in planned order (a unit's list leaves out operations
// planned on another unit), then the rest by priority, due date and order id. Each item names its material and
// qualification needs and the idle work units that can run it.
Result<json::object> DispatchList(const State& st, const std::string& work_center, const std::string& work_unit);

// Pick suggestions for the order's open material needs (FEFO or FIFO), with any shortfall.
Result<json::object> PickList(const State& st, const std::string& order, bool fefo, Timestamp now);

// Planned versus actual for the order and each operation: quantities, times, material.
Result<json::object> Performance(const State& st, const std::string& order);

}  // namespace takt::plant::production
