#include "plant/production/queries.h"

#include <algorithm>

#include "plant/planning/planning.h"
#include "plant/production/production.h"

namespace takt::plant::production {
namespace {

// The operations of an active order that may start: pending, every predecessor completed.
std::vector<size_t> Ready(const WorkOrder& wo) {
  std::vector<size_t> out;
  if (wo.status != OrderStatus::kReleased && wo.status != OrderStatus::kInProgress) return out;
  for (size_t i = 0; i < wo.operations.size(); ++i) {
    if (wo.operations[i].status != OpStatus::kPending) continue;
    auto preds = Predecessors(wo, i);
    if (std::all_of(preds.begin(), preds.end(),
                    [&](size_t k) { return wo.operations[k].status == OpStatus::kCompleted; }))
      out.push_back(i);
  }
  return out;
}

double Seconds(int64_t us) {
  return static_cast<double>(us) / 1e6;
}

}  // namespace

json::object ListOrders(const State& st, const OrderFilter& f) {
  json::array items;
  std::string last;
  bool more = false;
  for (auto it = f.after.empty() ? st.prod.orders.begin() : st.prod.orders.upper_bound(f.after);
       it != st.prod.orders.end(); ++it) {
    const WorkOrder& wo = it->second;
    if (!f.status.empty() && f.status != OrderStatusName(wo.status)) continue;
    if (!f.site.empty() && f.site != wo.site) continue;
    if (!f.product_definition.empty() && f.product_definition != wo.product_definition) continue;
    if (items.size() == f.limit) {
      more = true;
      break;
    }
    last = wo.id;
    items.push_back(Encode(wo));
  }
  json::object out{{"items", std::move(items)}};
  out["next_after"] = more ? json::value(last) : json::value(nullptr);
  return out;
}

Result<json::object> DispatchList(const State& st, const std::string& work_center, const std::string& work_unit) {
  if (work_center.empty() == work_unit.empty()) return Status::Invalid("give work_center or work_unit", "work_center");
  const std::string& anchor = work_unit.empty() ? work_center : work_unit;
  auto at = st.md.equipment.find(anchor);
  auto level = work_unit.empty() ? model::EquipmentLevel::kWorkCenter : model::EquipmentLevel::kWorkUnit;
  if (at == st.md.equipment.end() || at->second.level != level || at->second.meta.retired)
    return Status::NotFound(
        "no active " + std::string(work_unit.empty() ? "work center" : "work unit") + " '" + anchor + "'",
        work_unit.empty() ? "work_center" : "work_unit");
  // The units this list is for: the one named, or every active unit of the work center.
  std::vector<const model::Equipment*> units;
  for (const auto& [id, e] : st.md.equipment)
    if (!e.meta.retired && e.level == model::EquipmentLevel::kWorkUnit &&
        (work_unit.empty() ? e.parent == work_center : id == work_unit))
      units.push_back(&e);
  std::string site = SiteOf(st.md, anchor);
  struct Item {
    const WorkOrder* wo;
    size_t op;
    const planning::PlannedOperation* plan;  // its slot in the active schedule, if any
  };
  std::vector<Item> ready;
  for (const auto& [id, wo] : st.prod.orders) {
    if (wo.site != site) continue;
    for (size_t i : Ready(wo)) {
      const Operation& op = wo.operations[i];
      bool fits = !work_unit.empty() ? CanRun(at->second, op)
                                     : op.work_center == work_center ||
                                           std::any_of(units.begin(), units.end(),
                                                       [&](const model::Equipment* u) { return CanRun(*u, op); });
      const auto* plan = planning::Planned(st, wo.id, op.id);
      // The schedule decides the unit: a unit's list leaves out what is planned on another one.
      if (fits && plan && !work_unit.empty() && plan->work_unit != work_unit) fits = false;
      if (fits) ready.push_back({&wo, i, plan});
    }
  }
  // Planned operations in schedule order first, then the rest by priority and due date.
  std::sort(ready.begin(), ready.end(), [](const Item& a, const Item& b) {
    if ((a.plan != nullptr) != (b.plan != nullptr)) return a.plan != nullptr;
    if (a.plan && a.plan->start != b.plan->start) return a.plan->start < b.plan->start;
    return std::tie(a.wo->priority, a.wo->due, a.wo->id, a.op) < std::tie(b.wo->priority, b.wo->due, b.wo->id, b.op);
  });
  json::array items;
  for (const Item& it : ready) {
    const WorkOrder& wo = *it.wo;
    const Operation& op = wo.operations[it.op];
    json::array needs, idle;
    for (const auto& n : wo.materials) {
      if (n.operation != op.id) continue;
      needs.push_back(json::object{{"material", n.material},
                                   {"required", ToJson(n.required)},
                                   {"reserved", ToJson(n.reserved)},
                                   {"consumed", ToJson(n.consumed)},
                                   {"short", ToJson(n.reserved < n.required ? n.required - n.reserved : Quantity())},
                                   {"uom", n.uom},
                                   {"backflush", n.backflush}});
    }
    for (const auto* u : units)
      if (CanRun(*u, op) && !st.prod.busy_units.count(u->meta.id)) idle.emplace_back(u->meta.id);
    Quantity input = InputOf(wo, it.op);
    items.push_back(json::object{
        {"order", wo.id},
        {"operation", op.id},
        {"description", op.description},
        {"product", wo.product},
        {"quantity", ToJson(input)},
        {"uom", wo.uom},
        {"priority", wo.priority},
        {"due", FormatIso8601(wo.due)},
        {"earliest_start", wo.earliest_start ? json::value(FormatIso8601(*wo.earliest_start)) : json::value(nullptr)},
        {"qualification", op.qualification},
        {"equipment_class", op.equipment_class},
        {"work_center", op.work_center},
        {"planned_time_s", Number(op.setup_time_s + op.run_time_per_unit_s * input.ToDouble())},
        {"materials", std::move(needs)},
        {"idle_units", std::move(idle)},
        {"scheduled_unit", it.plan ? json::value(it.plan->work_unit) : json::value(nullptr)},
        {"scheduled_start", it.plan ? json::value(FormatIso8601(it.plan->start)) : json::value(nullptr)},
        {"scheduled_changeover_s", it.plan ? json::value(it.plan->changeover_s) : json::value(nullptr)}});
  }
  return json::object{{"work_center", work_center}, {"work_unit", work_unit}, {"items", std::move(items)}};
}

Result<json::object> PickList(const State& st, const std::string& id, bool fefo, Timestamp now) {
  const WorkOrder* wo = st.prod.Find(id);
  if (!wo) return Status::NotFound("no work order '" + id + "'", "id");
  json::array needs;
  std::map<std::string, Quantity> taken;  // earlier needs of the same material pick first
  for (const auto& n : wo->materials) {
    Quantity open = n.required > n.consumed ? n.required - n.consumed : Quantity();
    if (!open.positive() || n.backflush) continue;
    Quantity before = taken[n.material];
    taken[n.material] += open;
    json::array picks;
    Quantity got, skip = before;
    for (Pick p : SuggestPicks(st, wo->site, n.material, before + open, now, fefo)) {
      Quantity drop = Min(skip, p.quantity);
      skip -= drop;
      p.quantity -= drop;
      if (!p.quantity.positive()) continue;
      got += p.quantity;
      const auto& lot = *st.inv.Find(p.lot);
      picks.push_back(json::object{
          {"lot", p.lot},
          {"location", p.location},
          {"quantity", ToJson(p.quantity)},
          {"expires_at", lot.expires_at ? json::value(FormatIso8601(*lot.expires_at)) : json::value(nullptr)},
          {"received_at", FormatIso8601(lot.created_at)}});
    }
    needs.push_back(json::object{{"material", n.material},
                                 {"operation", n.operation},
                                 {"open", ToJson(open)},
                                 {"uom", n.uom},
                                 {"picks", std::move(picks)},
                                 {"short", ToJson(open - got)}});
  }
  return json::object{{"order", id}, {"strategy", fefo ? "fefo" : "fifo"}, {"needs", std::move(needs)}};
}

Result<json::object> Performance(const State& st, const std::string& id) {
  const WorkOrder* wo = st.prod.Find(id);
  if (!wo) return Status::NotFound("no work order '" + id + "'", "id");
  json::array ops, materials, lots, outputs, nothing;
  QuantitySum scrap;  // over operations: each is bounded, their sum need not be
  double planned_total = 0;
  int64_t machine = 0, labour = 0;
  for (size_t i = 0; i < wo->operations.size(); ++i) {
    const Operation& op = wo->operations[i];
    Quantity input = InputOf(*wo, i);
    double planned = op.setup_time_s + op.run_time_per_unit_s * input.ToDouble();
    planned_total += planned;
    machine += op.machine_us;
    labour += op.labour_us;
    scrap += op.scrap;
    if (!op.nothing_produced.empty())
      nothing.push_back(json::object{{"operation", op.id}, {"reason", op.nothing_produced}});
    json::object reasons;
    for (const auto& [r, q] : op.scrap_by_reason) reasons[r] = ToJson(q);
    json::array operators;
    for (const auto& p : op.operators) operators.emplace_back(p);
    ops.push_back(json::object{
        {"operation", op.id},
        {"status", OpStatusName(op.status)},
        {"work_unit", op.work_unit},
        {"operators", std::move(operators)},
        {"good", ToJson(op.good)},
        {"scrap", ToJson(op.scrap)},
        {"scrap_by_reason", std::move(reasons)},
        {"nothing_produced", op.nothing_produced.empty() ? json::value(nullptr) : json::value(op.nothing_produced)},
        {"planned_time_s", Number(planned)},
        {"machine_time_s", Number(Seconds(op.machine_us))},
        {"labour_time_s", Number(Seconds(op.labour_us))}});
    for (const auto& c : op.consumed)
      lots.push_back(json::object{{"lot", c.lot},
                                  {"material", c.material},
                                  {"operation", op.id},
                                  {"quantity", ToJson(c.quantity)},
                                  {"backflush", c.backflush},
                                  {"deviation_reason", c.deviation_reason}});
    for (const auto& o : op.produced)
      outputs.push_back(json::object{{"lot", o.lot}, {"quantity", ToJson(o.quantity)}, {"location", o.location}});
  }
  // Consumption by material: planned is what the produced quantity should have used.
  // Deviations are not bounded by a BOM line: sum wide.
  std::map<std::pair<std::string, std::string>, QuantitySum> actual;
  for (const auto& op : wo->operations)
    for (const auto& c : op.consumed) actual[{c.material, op.id}] += c.quantity;
  for (const auto& n : wo->materials) {
    const Operation& op = wo->operations[*OperationIndex(*wo, n.operation)];
    Quantity planned = (op.good + op.scrap).Times(n.per_unit);  // saturates, never wraps
    QuantitySum used = actual[{n.material, n.operation}];
    QuantitySum variance = used;
    variance -= planned;
    actual.erase({n.material, n.operation});
    materials.push_back(json::object{{"material", n.material},
                                     {"operation", n.operation},
                                     {"uom", n.uom},
                                     {"required_for_order", ToJson(n.required)},
                                     {"planned_for_reported", ToJson(planned)},
                                     {"consumed", ToJson(used)},
                                     {"variance", ToJson(variance)}});
  }
  for (const auto& [key, used] : actual)  // consumed without a BOM line: deviations
    materials.push_back(json::object{{"material", key.first},
                                     {"operation", key.second},
                                     {"required_for_order", 0},
                                     {"planned_for_reported", 0},
                                     {"consumed", ToJson(used)},
                                     {"variance", ToJson(used)}});
  const Operation& last = wo->operations.back();
  return json::object{
      {"order", wo->id},
      {"status", OrderStatusName(wo->status)},
      {"product", wo->product},
      {"uom", wo->uom},
      {"quantity", ToJson(wo->quantity)},
      {"produced", ToJson(wo->produced)},
      {"good", ToJson(last.good)},
      {"scrap", ToJson(scrap)},
      {"planned_time_s", Number(planned_total)},
      {"machine_time_s", Number(Seconds(machine))},
      {"labour_time_s", Number(Seconds(labour))},
      {"due", FormatIso8601(wo->due)},
      {"completed_at", wo->completed_at ? json::value(FormatIso8601(*wo->completed_at)) : json::value(nullptr)},
      {"nothing_produced", std::move(nothing)},
      {"operations", std::move(ops)},
      {"materials", std::move(materials)},
      {"consumed_lots", std::move(lots)},
      {"outputs", std::move(outputs)}};
}

}  // namespace takt::plant::production
