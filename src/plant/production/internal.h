// Shared by the production files; not part of the domain's interface.
#pragma once

#include "plant/production/production.h"

namespace takt::plant::production::detail {

using Drafts = Result<std::vector<EventDraft>>;

inline EventDraft Draft(std::string type, const json::object& payload) {
  return EventDraft{std::move(type), 1, Serialize(payload)};
}

// Order-level requests (orders.cc): release, hold, resume, cancel, close, reschedule.
Drafts CreateOrder(const State& st, const CreateWorkOrder& req);
Drafts ChangeOrder(const State& st, const WorkOrder& wo, const Request& req, Timestamp now);
Drafts Reschedule(const WorkOrder& wo, const RescheduleWorkOrder& req);

// Operation-level requests (execution.cc, material.cc).
Drafts OperationAction(const State& st, const WorkOrder& wo, size_t op, const Request& req, const Context& ctx);
Drafts Consume(const State& st, const WorkOrder& wo, size_t op, const ConsumeMaterial& req, Timestamp now);
Drafts Produce(const State& st, const WorkOrder& wo, size_t op, const ProduceMaterial& req);
// Backflush of the operation's flagged BOM lines up to its reported quantity (FEFO picks).
Drafts Backflush(const State& st, const WorkOrder& wo, size_t op, Timestamp now);

// Appliers (apply.cc is the dispatcher; these live beside their commands).
Status ApplyOrderEvent(State& st, const Event& e, const json::object& p);
Status ApplyOperationEvent(State& st, const Event& e, const json::object& p);
Status ApplyMaterialEvent(State& st, const Event& e, const json::object& p);

// Frees what an order still holds in inventory reservations.
void ReleaseReservations(State& st, WorkOrder& wo);

}  // namespace takt::plant::production::detail
