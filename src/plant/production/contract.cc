// Rules across the fields of production's requests (contract.h), its reply codecs, and the JSON
// form of a command for callers that hold JSON (the demo, tests).
#include "plant/production/contract.h"

#include "plant/production/production.h"

namespace takt::plant::production {

json::object SumCodec::Schema(contract::SchemaRegistry&, const contract::FieldInfo&) {
  json::object s = contract::TypeSchema("number");
  s["description"] = "a sum of quantities: exact to a millionth while within 9.2e12, else the nearest number";
  return s;
}

json::value QuantitiesByName::Write(const std::map<std::string, Quantity>& m) {
  json::object o;
  for (const auto& [name, q] : m) o[name] = ToJson(q);
  return o;
}

json::object QuantitiesByName::Schema(contract::SchemaRegistry&, const contract::FieldInfo&) {
  json::object s = contract::TypeSchema("object");
  s["additionalProperties"] = contract::TypeSchema("number");
  return s;
}

namespace {

template <typename T>
Result<ProductionCommand> As(std::string order, std::string operation, const json::value& body) {
  auto r = contract::Decode<T>(body);
  if (!r.ok()) return r.status();
  return ProductionCommand{std::move(order), std::move(operation), std::move(r).value()};
}

}  // namespace

Result<ProductionCommand> DecodeCommand(OrderAction action, std::string order, std::string operation,
                                        const json::value& body) {
  switch (action) {
    case OrderAction::kCreate:
      return As<CreateWorkOrder>(std::move(order), std::move(operation), body);
    case OrderAction::kRelease:
      return As<ReleaseWorkOrder>(std::move(order), std::move(operation), body);
    case OrderAction::kHold:
      return As<HoldWorkOrder>(std::move(order), std::move(operation), body);
    case OrderAction::kResume:
      return As<ResumeWorkOrder>(std::move(order), std::move(operation), body);
    case OrderAction::kCancel:
      return As<CancelWorkOrder>(std::move(order), std::move(operation), body);
    case OrderAction::kClose:
      return As<CloseWorkOrder>(std::move(order), std::move(operation), body);
    case OrderAction::kReschedule:
      return As<RescheduleWorkOrder>(std::move(order), std::move(operation), body);
    case OrderAction::kStart:
      return As<StartOperation>(std::move(order), std::move(operation), body);
    case OrderAction::kPause:
      return As<PauseOperation>(std::move(order), std::move(operation), body);
    case OrderAction::kResumeOperation:
      return As<ResumeOperation>(std::move(order), std::move(operation), body);
    case OrderAction::kReport:
      return As<ReportOperation>(std::move(order), std::move(operation), body);
    case OrderAction::kComplete:
      return As<CompleteOperation>(std::move(order), std::move(operation), body);
    case OrderAction::kConsume:
      return As<ConsumeMaterial>(std::move(order), std::move(operation), body);
    case OrderAction::kProduce:
      return As<ProduceMaterial>(std::move(order), std::move(operation), body);
  }
  return Status::Internal("unknown order action");
}

}  // namespace takt::plant::production

namespace takt::contract {

void Describe<prod::CreateWorkOrder>::Check(prod::CreateWorkOrder& v, const json::object&, Decoder& d) {
  const std::string& p = v.output_pattern;
  if (!p.empty() && (p.find("{seq}") == std::string::npos || p.size() > 48))
    d.Invalid("output_pattern", "the pattern must contain {seq} and be at most 48 characters");
}

void Describe<prod::RescheduleWorkOrder>::Check(prod::RescheduleWorkOrder& v, const json::object& raw, Decoder& d) {
  const json::value* start = raw.if_contains("earliest_start");
  v.clear_earliest_start = start && start->is_null();
  if (!v.earliest_start && !v.clear_earliest_start && !v.due && !v.priority)
    d.Invalid("earliest_start", "give earliest_start (or null to clear it), due or priority");
}

void Describe<prod::ReportOperation>::Check(prod::ReportOperation& v, const json::object&, Decoder& d) {
  if (v.good.zero() && v.scrap.zero()) return d.Invalid("good", "report a good or scrap quantity");
  if (v.scrap.positive() && v.scrap_reason.empty()) return d.Invalid("scrap_reason", "scrap needs a reason");
  if (v.scrap.zero() && !v.scrap_reason.empty()) return d.Invalid("scrap_reason", "a scrap reason without scrap");
}

void Describe<prod::ProduceMaterial>::Check(prod::ProduceMaterial& v, const json::object&, Decoder& d) {
  if (!v.serial) return;
  for (size_t k = 0; k < v.outputs.size(); ++k)
    if (v.outputs[k].quantity != Quantity::FromMicros(Quantity::kScale))
      return d.Invalid("outputs[" + std::to_string(k) + "].quantity", "a serial has quantity 1");
}

void Describe<prod::OrderFilter>::Check(prod::OrderFilter& v, const json::object&, Decoder& d) {
  if (v.due_from && v.due_to && *v.due_to < *v.due_from) d.Invalid("due_to", "due_to is before due_from");
}

void Describe<prod::DispatchQuery>::Check(prod::DispatchQuery& v, const json::object&, Decoder& d) {
  if (v.work_center.empty() == v.work_unit.empty()) d.Invalid("work_center", "give work_center or work_unit");
}

}  // namespace takt::contract
