// Work orders' stored forms: the work_order.created payload and the snapshot form.
// Decode(Encode(order)) == order. The API's view is views.h, described in contract.h.
#include "plant/production/contract.h"
#include "plant/production/production.h"

namespace takt::plant::production {
namespace {

json::value OptTime(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatIso8601(*t)) : json::value(nullptr);
}

json::array Strings(const auto& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object EncodeOp(const Operation& op, QtyForm form) {
  auto q = [form](Quantity v) { return ToJson(v, form); };
  json::object o{
      {"id", op.id},
      {"description", op.description},
      {"equipment_class", op.equipment_class},
      {"work_center", op.work_center},
      {"qualification", op.qualification},
      {"setup_time_s", Number(op.setup_time_s)},
      {"run_time_per_unit_s", Number(op.run_time_per_unit_s)},
      {"may_pause", op.may_pause},
      {"setup_family", op.setup_family.empty() ? json::value(nullptr) : json::value(op.setup_family)},
      {"predecessors", Strings(op.predecessors)},
      {"status", OpStatusName(op.status)},
      {"work_unit", op.work_unit},
      {"crew", Strings(op.crew)},
      {"operators", Strings(op.operators)},
      {"good", q(op.good)},
      {"scrap", q(op.scrap)},
      {"machine_time_s", Number(static_cast<double>(op.machine_us) / 1e6)},
      {"labour_time_s", Number(static_cast<double>(op.labour_us) / 1e6)},
      {"machine_us", op.machine_us},
      {"labour_us", op.labour_us},
      {"running_since", OptTime(op.running_since)},
      {"nothing_produced", op.nothing_produced.empty() ? json::value(nullptr) : json::value(op.nothing_produced)},
      {"started_at", OptTime(op.started_at)},
      {"completed_at", OptTime(op.completed_at)}};
  json::object reasons;
  for (const auto& [r, v] : op.scrap_by_reason) reasons[r] = q(v);
  o["scrap_by_reason"] = std::move(reasons);
  json::array consumed, produced;
  for (const auto& c : op.consumed)
    consumed.push_back(json::object{{"lot", c.lot},
                                    {"material", c.material},
                                    {"location", c.location},
                                    {"quantity", q(c.quantity)},
                                    {"output", c.output},
                                    {"deviation_reason", c.deviation_reason},
                                    {"backflush", c.backflush},
                                    {"at", FormatIso8601(c.at)},
                                    {"actor", c.actor}});
  for (const auto& p : op.produced)
    produced.push_back(json::object{
        {"lot", p.lot}, {"quantity", q(p.quantity)}, {"location", p.location}, {"at", FormatIso8601(p.at)}});
  o["consumed"] = std::move(consumed);
  o["produced"] = std::move(produced);
  return o;
}

template <typename F>
void Each(FieldReader& r, std::string_view key, F&& f) {
  const json::array* a = r.Array(key);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    FieldReader e((*a)[i], r.PathOf(key) + "[" + std::to_string(i) + "]");
    f(e);
    r.Adopt(e);
  }
}

std::vector<std::string> ReadStrings(FieldReader& r, std::string_view key) {
  std::vector<std::string> out;
  if (const json::array* a = r.Array(key))
    for (const auto& v : *a) out.emplace_back(v.is_string() ? v.get_string() : "");
  return out;
}

Quantity Amount(FieldReader& r, std::string_view key, QtyForm form) {
  return r.StoredAmount(key, form).value_or(Quantity());
}

void DecodeOp(FieldReader& r, Operation& op, QtyForm form) {
  op.id = r.String("id");
  op.description = r.String("description", FieldReader::kOptional);
  op.equipment_class = r.String("equipment_class", FieldReader::kOptional);
  op.work_center = r.String("work_center", FieldReader::kOptional);
  op.qualification = r.String("qualification", FieldReader::kOptional);
  op.setup_time_s = r.Number("setup_time_s").value_or(0);
  op.run_time_per_unit_s = r.Number("run_time_per_unit_s").value_or(0);
  op.may_pause = r.Bool("may_pause", FieldReader::kOptional).value_or(false);
  if (r.Has("predecessors")) op.predecessors = ReadStrings(r, "predecessors");
  op.setup_family = r.String("setup_family", FieldReader::kOptional);
  auto status = ParseOpStatus(r.String("status"));
  if (!status) r.Fail(Code::kInternal, "status", "bad operation status");
  op.status = status.value_or(OpStatus::kPending);
  op.work_unit = r.String("work_unit", FieldReader::kOptional);
  op.crew = ReadStrings(r, "crew");
  for (auto& s : ReadStrings(r, "operators")) op.operators.insert(std::move(s));
  op.good = Amount(r, "good", form);
  op.scrap = Amount(r, "scrap", form);
  r.Ignore("machine_time_s");
  r.Ignore("labour_time_s");
  op.machine_us = r.Integer("machine_us").value_or(0);
  op.labour_us = r.Integer("labour_us").value_or(0);
  op.running_since = r.Time("running_since", FieldReader::kOptional);
  // Before it was optional, an operation never started read 1970; only a running one has it.
  if (op.status != OpStatus::kRunning) op.running_since.reset();
  op.nothing_produced = r.String("nothing_produced", FieldReader::kOptional);
  op.started_at = r.Time("started_at", FieldReader::kOptional);
  op.completed_at = r.Time("completed_at", FieldReader::kOptional);
  if (const json::value* reasons = r.Any("scrap_by_reason"); reasons && reasons->is_object()) {
    for (const auto& kv : reasons->get_object()) {
      std::optional<Quantity> q;
      if (form == QtyForm::kMicros && kv.value().is_int64()) q = Quantity::FromMicros(kv.value().get_int64());
      if (form == QtyForm::kUnits && kv.value().is_number()) q = Quantity::FromStored(kv.value().to_number<double>());
      if (q) {
        op.scrap_by_reason[std::string(kv.key())] = *q;
      } else {
        r.Fail(Code::kInternal, "scrap_by_reason", "bad quantity");
      }
    }
  }
  Each(r, "consumed", [&](FieldReader& e) {
    Consumption c;
    c.lot = e.String("lot");
    c.material = e.String("material");
    c.location = e.String("location");
    c.quantity = Amount(e, "quantity", form);
    c.output = e.String("output", FieldReader::kOptional);
    c.deviation_reason = e.String("deviation_reason", FieldReader::kOptional);
    c.backflush = e.Bool("backflush").value_or(false);
    c.at = e.Time("at").value_or(Timestamp{});
    c.actor = e.String("actor", FieldReader::kOptional);
    op.consumed.push_back(std::move(c));
  });
  Each(r, "produced", [&](FieldReader& e) {
    Output o;
    o.lot = e.String("lot");
    o.quantity = Amount(e, "quantity", form);
    o.location = e.String("location");
    o.at = e.Time("at").value_or(Timestamp{});
    op.produced.push_back(std::move(o));
  });
}

}  // namespace

// One table of names per status, the contract's (contract.h): literals, so data() ends in NUL.
const char* OrderStatusName(OrderStatus s) {
  return contract::NameOf(s).data();
}
std::optional<OrderStatus> ParseOrderStatus(std::string_view s) {
  return contract::ParseName<OrderStatus>(s);
}
const char* OpStatusName(OpStatus s) {
  return contract::NameOf(s).data();
}
std::optional<OpStatus> ParseOpStatus(std::string_view s) {
  return contract::ParseName<OpStatus>(s);
}

std::optional<size_t> OperationIndex(const WorkOrder& wo, std::string_view op) {
  for (size_t i = 0; i < wo.operations.size(); ++i)
    if (wo.operations[i].id == op) return i;
  return std::nullopt;
}

std::vector<size_t> Predecessors(const WorkOrder& wo, size_t i) {
  std::vector<size_t> out;
  for (const auto& id : wo.operations[i].predecessors)
    if (auto k = OperationIndex(wo, id)) out.push_back(*k);
  return out;
}

Quantity InputOf(const WorkOrder& wo, size_t i) {
  std::optional<Quantity> least;
  for (size_t k : Predecessors(wo, i))
    if (!least || wo.operations[k].good < *least) least = wo.operations[k].good;
  return least.value_or(wo.quantity);
}

json::object Encode(const WorkOrder& wo, QtyForm form) {
  auto q = [form](Quantity v) { return ToJson(v, form); };
  json::object o{{"id", wo.id},
                 {"description", wo.description},
                 {"product_definition", wo.product_definition},
                 {"product", wo.product},
                 {"uom", wo.uom},
                 {"site", wo.site},
                 {"quantity", q(wo.quantity)},
                 {"tolerance", Number(wo.tolerance)},
                 {"due", FormatIso8601(wo.due)},
                 {"earliest_start", OptTime(wo.earliest_start)},
                 {"priority", wo.priority},
                 {"output_pattern", wo.output_pattern},
                 {"status", OrderStatusName(wo.status)},
                 {"held_from", OrderStatusName(wo.held_from)},
                 {"status_reason", wo.status_reason},
                 {"produced", q(wo.produced)},
                 {"next_output", wo.next_output},
                 {"outputs", Strings(wo.outputs)},
                 {"created_at", FormatIso8601(wo.created_at)},
                 {"created_by", wo.created_by},
                 {"released_at", OptTime(wo.released_at)},
                 {"started_at", OptTime(wo.started_at)},
                 {"completed_at", OptTime(wo.completed_at)},
                 {"closed_at", OptTime(wo.closed_at)}};
  json::array ops, needs, inputs;
  for (const auto& op : wo.operations) ops.push_back(EncodeOp(op, form));
  for (const auto& n : wo.materials)
    needs.push_back(
        json::object{{"material", n.material},
                     {"uom", n.uom},
                     {"operation", n.operation},
                     {"per_unit", Number(n.per_unit)},
                     {"backflush", n.backflush},
                     {"required", q(n.required)},
                     {"reserved", q(n.reserved)},
                     {"consumed", q(n.consumed)},
                     {"open_reservation", q(n.open())},
                     {"short", q(wo.Active() && n.reserved < n.required ? n.required - n.reserved : Quantity())}});
  for (const auto& [lot, v] : wo.inputs) inputs.push_back(json::object{{"lot", lot}, {"quantity", q(v)}});
  o["operations"] = std::move(ops);
  o["materials"] = std::move(needs);
  o["inputs"] = std::move(inputs);
  return o;
}

Result<WorkOrder> DecodeOrder(const json::value& v, QtyForm form) {
  FieldReader r(v, "work_order");
  WorkOrder wo;
  wo.id = r.String("id");
  wo.description = r.String("description", FieldReader::kOptional);
  wo.product_definition = r.String("product_definition");
  wo.product = r.String("product");
  wo.uom = r.String("uom");
  wo.site = r.String("site");
  wo.quantity = Amount(r, "quantity", form);
  wo.tolerance = r.Number("tolerance").value_or(0);
  wo.due = r.Time("due").value_or(Timestamp{});
  wo.earliest_start = r.Time("earliest_start", FieldReader::kOptional);
  wo.priority = r.Integer("priority").value_or(500);
  wo.output_pattern = r.String("output_pattern");
  auto status = ParseOrderStatus(r.String("status"));
  auto held = ParseOrderStatus(r.String("held_from"));
  wo.status_reason = r.String("status_reason", FieldReader::kOptional);
  wo.produced = Amount(r, "produced", form);
  wo.next_output = r.Integer("next_output").value_or(1);
  wo.outputs = ReadStrings(r, "outputs");
  wo.created_at = r.Time("created_at").value_or(Timestamp{});
  wo.created_by = r.String("created_by", FieldReader::kOptional);
  wo.released_at = r.Time("released_at", FieldReader::kOptional);
  wo.started_at = r.Time("started_at", FieldReader::kOptional);
  wo.completed_at = r.Time("completed_at", FieldReader::kOptional);
  wo.closed_at = r.Time("closed_at", FieldReader::kOptional);
  Each(r, "operations", [&](FieldReader& e) {
    wo.operations.emplace_back();
    DecodeOp(e, wo.operations.back(), form);
    // Orders created before routings had branches are plain chains.
    if (!e.Has("predecessors") && wo.operations.size() > 1)
      wo.operations.back().predecessors = {wo.operations[wo.operations.size() - 2].id};
  });
  Each(r, "materials", [&](FieldReader& e) {
    MaterialNeed n;
    n.material = e.String("material");
    n.uom = e.String("uom");
    n.operation = e.String("operation");
    n.per_unit = e.Number("per_unit").value_or(0);
    n.backflush = e.Bool("backflush").value_or(false);
    n.required = Amount(e, "required", form);
    n.reserved = Amount(e, "reserved", form);
    n.consumed = Amount(e, "consumed", form);
    e.Ignore("open_reservation");
    e.Ignore("short");
    wo.materials.push_back(std::move(n));
  });
  Each(r, "inputs", [&](FieldReader& e) {
    std::string lot = e.String("lot");
    wo.inputs[lot] = Amount(e, "quantity", form);
  });
  TAKT_RETURN_IF_ERROR(r.Finish());
  if (!status || !held) return Status::Internal("work order '" + wo.id + "': bad status");
  wo.status = *status;
  wo.held_from = *held;
  return wo;
}

}  // namespace takt::plant::production
