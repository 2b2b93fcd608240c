// Entry points of the production domain: route a command to its validator and an event to
// its applier.
#include "plant/production/internal.h"

namespace takt::plant::production {

namespace {

// Whether a request concerns one operation of the order (the command names it).
bool OnOperation(const Request& r) {
  return std::holds_alternative<StartOperation>(r) || std::holds_alternative<PauseOperation>(r) ||
         std::holds_alternative<ResumeOperation>(r) || std::holds_alternative<ReportOperation>(r) ||
         std::holds_alternative<CompleteOperation>(r) || std::holds_alternative<ConsumeMaterial>(r) ||
         std::holds_alternative<ProduceMaterial>(r);
}

}  // namespace

Result<std::vector<EventDraft>> Execute(const State& st, const ProductionCommand& c, const Context& ctx) {
  if (auto* create = std::get_if<CreateWorkOrder>(&c.request)) return detail::CreateOrder(st, *create);
  const WorkOrder* wo = st.prod.Find(c.order);
  if (!wo) return Status::NotFound("no work order '" + c.order + "'", "order");
  if (!OnOperation(c.request)) return detail::ChangeOrder(st, *wo, c.request, ctx.now);
  auto i = OperationIndex(*wo, c.operation);
  if (!i) return Status::NotFound("work order '" + c.order + "' has no operation '" + c.operation + "'", "operation");
  return detail::OperationAction(st, *wo, *i, c.request, ctx);
}

Status Apply(State& st, const Event& e, const json::object& p) {
  // Version 2 of material.produced adds the containment cases its lots are born under, of
  // operation.completed the statement that nothing was produced; version 1 still replays.
  const bool has_v2 = e.type == "material.produced" || e.type == "operation.completed";
  if (e.version != 1 && !(has_v2 && e.version == 2))
    return Status::Internal("unsupported version " + std::to_string(e.version));
  try {
    if (e.type.starts_with("work_order.")) return detail::ApplyOrderEvent(st, e, p);
    if (e.type.starts_with("operation.")) return detail::ApplyOperationEvent(st, e, p);
    if (e.type.starts_with("material.")) return detail::ApplyMaterialEvent(st, e, p);
  } catch (const std::exception& ex) {
    return Status::Internal(ex.what());
  }
  return Status::Internal("unknown type");
}

}  // namespace takt::plant::production
