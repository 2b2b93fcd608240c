// Inventory commands (receive, move, adjust, count, scrap, ship, status) and their events.
#pragma once

#include <vector>

#include "core/event.h"
#include "plant/commands.h"
#include "plant/state.h"

namespace takt::plant::inventory {

// Validates a lot movement against the state; returns its events or the refusal.
// Stock never goes negative; a lot that is not usable cannot be shipped.
Result<std::vector<EventDraft>> Execute(const State& st, const InventoryCommand& cmd, const Context& ctx);

// Applies a lot.* event. Errors mean a broken invariant.
Status Apply(State& st, const Event& e, const json::object& payload);

// Applies a foundation-era resource.* event of kind material_lot (a receipt, or a lot record
// update), so journals written before lots moved into inventory still replay.
Status ApplyLegacyLotResource(State& st, const Event& e, const json::object& payload);

// Converts `qty` in `uom` (empty = the lot's unit) into the material's unit, rounded to a
// micro-unit. `field` names the quantity in errors.
Result<Quantity> ToMaterialUnit(const MasterData& md, const std::string& material, Quantity qty, const std::string& uom,
                                const std::string& field);

// The location to take from: `given`, or the lot's only location when none is given.
Result<std::string> SourceLocation(const Lot& lot, const std::string& given);

// Moves `q` out of (negative) or into a lot's location, keeping no zero entries.
void AddOnHand(Lot& lot, const std::string& location, Quantity q);

// Lot as JSON: identity, status, quantities by location and the lot's balance sheet.
json::object Encode(const Lot& lot);
Result<Lot> DecodeLot(const json::value& v);

}  // namespace takt::plant::inventory
