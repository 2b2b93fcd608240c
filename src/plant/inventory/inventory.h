// Inventory commands (receive, move, adjust, count, scrap, ship, holds, containment cases) and
// their events.
#pragma once

#include <vector>

#include "core/event.h"
#include "plant/commands.h"
#include "plant/state.h"

namespace takt::plant::inventory {

// Validates a lot movement or hold against the state; returns its events or the refusal.
// Stock never goes negative; a lot that is not usable cannot be shipped; no accepted command
// takes a stored quantity past Quantity::kMaxStoredMicros (422 with the field instead).
Result<std::vector<EventDraft>> Execute(const State& st, const InventoryCommand& cmd, const Context& ctx);
// Opens or releases a containment case.
Result<std::vector<EventDraft>> Execute(const State& st, const ContainmentCommand& cmd, const Context& ctx);

// Applies a lot.* or containment.* event. Errors mean a broken invariant.
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

// Refuses (422, `field`) a command that would take `stored` + `add` past the stored bound.
Status CheckBound(Quantity stored, Quantity add, const std::string& field, const std::string& what);
// The same for a material's stock over the plant.
Status CheckStockBound(const State& st, const std::string& material, Quantity add, const std::string& field);

// Projection helpers, checked: an overflow of int64 is a broken invariant (kInternal).
// Moves `q` out of (negative) or into a lot's location, keeping no zero entries, and keeps the
// material's stock in step.
Status AddOnHand(Inventory& inv, Lot& lot, const std::string& location, Quantity q);
// `into` += `q`.
Status Accrue(Quantity& into, Quantity q, std::string_view what);
// Records that event `e` changed the lot: its update time and its history.
void Touch(Lot& lot, const Event& e);
// Records that `by` (consumed, shipped, scrapped, depleted) may have taken a lot's last stock.
void NoteEmptied(Lot& lot, const char* by);

// Places a hold (its id from the lot's sequence).
void PlaceHold(Lot& lot, Hold h);
// The open containment cases that hold any of `lots`, as (case, source), first hold first.
std::vector<std::pair<std::string, std::string>> OpenCasesHolding(const State& st,
                                                                  const std::vector<std::string>& lots);
// Holds `lot` under an open case (a lot produced from a held input); records it in the case.
Status HoldUnderCase(Inventory& inv, Lot& lot, const std::string& case_id, const std::string& source, const Event& e);

// Lot as JSON. kUnits is the API's view (views.h, described in inventory/contract.h); kMicros
// the snapshot form (integer micro-units, plus the fields only the projection needs):
// Decode(Encode(lot, kMicros), kMicros) == lot.
json::object Encode(const Lot& lot, QtyForm form = QtyForm::kUnits);
Result<Lot> DecodeLot(const json::value& v, QtyForm form);

// A containment case in the snapshot form (the API's view is ContainmentView).
json::object Encode(const Containment& c);
Result<Containment> DecodeContainment(const json::value& v);

}  // namespace takt::plant::inventory
