// Shared by the production files; not part of the domain's interface.
#pragma once

#include "plant/production/production.h"

namespace takt::plant::production::detail {

using Drafts = Result<std::vector<EventDraft>>;

inline EventDraft Draft(std::string type, const json::object& payload) {
  return EventDraft{std::move(type), 1, Serialize(payload)};
}

// Order-level actions (orders.cc).
Drafts CreateOrder(const State& st, const json::value& body);
Drafts ChangeOrder(const State& st, const WorkOrder& wo, OrderAction action, const json::value& body, Timestamp now);
Drafts Reschedule(const WorkOrder& wo, const json::value& body);

// Operation-level actions (execution.cc, material.cc).
Drafts OperationAction(const State& st, const WorkOrder& wo, size_t op, const ProductionCommand& cmd,
                       const Context& ctx);
Drafts Consume(const State& st, const WorkOrder& wo, size_t op, const json::value& body, Timestamp now);
Drafts Produce(const State& st, const WorkOrder& wo, size_t op, const json::value& body);
// Backflush of the operation's flagged BOM lines up to its reported quantity (FEFO picks).
Drafts Backflush(const State& st, const WorkOrder& wo, size_t op, Timestamp now);

// Appliers (apply.cc is the dispatcher; these live beside their commands).
Status ApplyOrderEvent(State& st, const Event& e, const json::object& p);
Status ApplyOperationEvent(State& st, const Event& e, const json::object& p);
Status ApplyMaterialEvent(State& st, const Event& e, const json::object& p);

// Frees what an order still holds in inventory reservations.
void ReleaseReservations(State& st, WorkOrder& wo);

}  // namespace takt::plant::production::detail
