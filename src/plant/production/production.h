// Production commands and events: the work order lifecycle and shop-floor execution.
#pragma once

#include <vector>

#include "core/event.h"
#include "plant/commands.h"
#include "plant/state.h"

namespace takt::plant::production {

// Validates an order or operation request against the state; returns its events or the refusal.
// The request is structurally valid (as decoding through contract.h leaves it).
Result<std::vector<EventDraft>> Execute(const State& st, const ProductionCommand& cmd, const Context& ctx);

// A command from a request in JSON, decoded by its description (contract.h): for callers that
// hold JSON rather than a typed request (the demo, tests). The error names the offending field.
Result<ProductionCommand> DecodeCommand(OrderAction action, std::string order, std::string operation,
                                        const json::value& body);

// Applies a work_order.*, operation.* or material.* event, updating orders, lots and the lot
// graph together. Errors mean a broken invariant.
Status Apply(State& st, const Event& e, const json::object& payload);

// An order's stored forms: the work_order.created payload in units, the snapshot's in integer
// micro-units (kMicros). DecodeOrder(Encode(wo, f), f) == wo. These never change shape; the
// API shows orders through views.h instead.
json::object Encode(const WorkOrder& wo, QtyForm form = QtyForm::kUnits);
Result<WorkOrder> DecodeOrder(const json::value& v, QtyForm form = QtyForm::kUnits);

// Legal lifecycle moves, as data: docs/PRODUCTION.md shows the same table.
bool CanMove(OrderStatus from, OrderStatus to);

// Whether a work unit can run the operation: it belongs to the operation's work center, or
// carries its equipment class. (Site and retirement are the caller's to check.)
bool CanRun(const model::Equipment& unit, const Operation& op);

// Why `person` may not work on an operation needing `qualification` at `now`; empty if they may.
// A passed result without its own expiry lasts the qualification's validity_days, if any.
std::string LacksQualification(const MasterData& md, const model::Person& person, const std::string& qualification,
                               Timestamp now);

// Lots of `material` that may be consumed at `now` at the order's site, in FEFO order (earliest
// expiry first, then oldest) or FIFO (oldest first), as (lot, location, quantity) picks that
// cover `need` as far as stock allows.
struct Pick {
  std::string lot;
  std::string location;
  Quantity quantity;
};
std::vector<Pick> SuggestPicks(const State& st, const std::string& site, const std::string& material, Quantity need,
                               Timestamp now, bool fefo);

}  // namespace takt::plant::production
