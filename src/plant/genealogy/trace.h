// Genealogy views over the lot graph, lots and orders, as JSON for the adapters.
// Threads: callers hold the state's read lock. Part of takt_plant (the graph itself is
// takt_genealogy, which needs only core).
#pragma once

#include "plant/state.h"

namespace takt::plant {

// Lots reached from `lot` (backward: what it contains; forward: where it went), breadth first,
// sorted by depth then id. At most `limit` lots are listed; `truncated` says if more exist.
Result<json::object> TraceLots(const State& st, const std::string& lot, genealogy::Direction dir, uint32_t max_depth,
                               size_t limit);

// How a lot was made: producing order and operation, equipment, operators, times, and the input
// lots with the quantities consumed into it (unit-level inputs first, then order-level).
Result<json::object> AsBuilt(const State& st, const std::string& lot);

// Recall impact: every downstream lot of `lot` with its location, status and every shipment;
// end items (lots that went into nothing further) are flagged and counted. `shipments` lists
// every shipment (reference, quantity, time, actor) of the lot itself and of the lots listed.
Result<json::object> Recall(const State& st, const std::string& lot, size_t limit);

}  // namespace takt::plant
