#include "plant/production/queries.h"

#include <algorithm>
#include <cctype>

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

bool ContainsIgnoringCase(std::string_view text, std::string_view part) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  return std::search(text.begin(), text.end(), part.begin(), part.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

double Seconds(int64_t us) {
  return static_cast<double>(us) / 1e6;
}

}  // namespace

WorkOrderView View(const WorkOrder& wo) {
  WorkOrderView v{.id = wo.id,
                  .description = wo.description,
                  .product_definition = wo.product_definition,
                  .product = wo.product,
                  .uom = wo.uom,
                  .site = wo.site,
                  .quantity = wo.quantity,
                  .tolerance = wo.tolerance,
                  .due = wo.due,
                  .earliest_start = wo.earliest_start,
                  .priority = wo.priority,
                  .output_pattern = wo.output_pattern,
                  .status = wo.status,
                  .held_from = wo.held_from,
                  .status_reason = wo.status_reason,
                  .produced = wo.produced,
                  .next_output = wo.next_output,
                  .outputs = wo.outputs,
                  .created_at = wo.created_at,
                  .created_by = wo.created_by,
                  .released_at = wo.released_at,
                  .started_at = wo.started_at,
                  .completed_at = wo.completed_at,
                  .closed_at = wo.closed_at};
  for (const Operation& op : wo.operations)
    v.operations.push_back({.id = op.id,
                            .description = op.description,
                            .equipment_class = op.equipment_class,
                            .work_center = op.work_center,
                            .qualification = op.qualification,
                            .setup_time_s = op.setup_time_s,
                            .run_time_per_unit_s = op.run_time_per_unit_s,
                            .may_pause = op.may_pause,
                            .setup_family = op.setup_family,
                            .predecessors = op.predecessors,
                            .status = op.status,
                            .work_unit = op.work_unit,
                            .crew = op.crew,
                            .operators = {op.operators.begin(), op.operators.end()},
                            .good = op.good,
                            .scrap = op.scrap,
                            .scrap_by_reason = op.scrap_by_reason,
                            .machine_time_s = Seconds(op.machine_us),
                            .labour_time_s = Seconds(op.labour_us),
                            .machine_us = op.machine_us,
                            .labour_us = op.labour_us,
                            .running_since = op.running_since,
                            .nothing_produced = op.nothing_produced,
                            .started_at = op.started_at,
                            .completed_at = op.completed_at,
                            .consumed = op.consumed,
                            .produced = op.produced});
  for (const MaterialNeed& n : wo.materials)
    v.materials.push_back({n, n.open(), wo.Active() && n.reserved < n.required ? n.required - n.reserved : Quantity()});
  for (const auto& [lot, q] : wo.inputs) v.inputs.push_back({lot, q});
  return v;
}

WorkOrderPage ListOrders(const State& st, const OrderFilter& f) {
  WorkOrderPage page;
  for (auto it = f.after.empty() ? st.prod.orders.begin() : st.prod.orders.upper_bound(f.after);
       it != st.prod.orders.end(); ++it) {
    const WorkOrder& wo = it->second;
    if (f.status && *f.status != wo.status) continue;
    if (!f.site.empty() && f.site != wo.site) continue;
    if (!f.product_definition.empty() && f.product_definition != wo.product_definition) continue;
    if (f.due_from && wo.due < *f.due_from) continue;
    if (f.due_to && !(wo.due < *f.due_to)) continue;
    if (!f.text.empty() && !ContainsIgnoringCase(wo.id, f.text) && !ContainsIgnoringCase(wo.description, f.text))
      continue;
    if (static_cast<int64_t>(page.items.size()) == f.limit) {
      page.next_after = page.items.back().id;
      break;
    }
    page.items.push_back(View(wo));
  }
  return page;
}

Result<WorkOrderView> GetOrder(const State& st, const std::string& id) {
  const WorkOrder* wo = st.prod.Find(id);
  if (!wo) return Status::NotFound("no work order '" + id + "'", "id");
  return View(*wo);
}

Result<DispatchList> Dispatch(const State& st, const DispatchQuery& q) {
  const std::string& work_center = q.work_center;
  const std::string& work_unit = q.work_unit;
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
  // One line of the list: the operation, its needs, the idle units and its slot in the schedule.
  auto line = [&](const WorkOrder& wo, size_t i, const planning::PlannedOperation* plan) {
    const Operation& op = wo.operations[i];
    Quantity input = InputOf(wo, i);
    DispatchItem item{.order = wo.id,
                      .operation = op.id,
                      .description = op.description,
                      .product = wo.product,
                      .quantity = input,
                      .uom = wo.uom,
                      .priority = wo.priority,
                      .due = wo.due,
                      .earliest_start = wo.earliest_start,
                      .qualification = op.qualification,
                      .equipment_class = op.equipment_class,
                      .work_center = op.work_center,
                      .planned_time_s = op.setup_time_s + op.run_time_per_unit_s * input.ToDouble()};
    for (const auto& n : wo.materials)
      if (n.operation == op.id)
        item.materials.push_back({n.material, n.required, n.reserved, n.consumed,
                                  n.reserved < n.required ? n.required - n.reserved : Quantity(), n.uom, n.backflush});
    for (const auto* u : units)
      if (CanRun(*u, op) && !st.prod.busy_units.count(u->meta.id)) item.idle_units.push_back(u->meta.id);
    if (plan) {
      item.scheduled_unit = plan->work_unit;
      item.scheduled_start = plan->start;
      item.scheduled_changeover_s = plan->changeover_s;
    }
    return item;
  };
  DispatchList list{work_center, work_unit, {}, {}};
  // What holds each unit now (an operation running, or paused there).
  for (const auto* u : units) {
    auto busy = st.prod.busy_units.find(u->meta.id);
    const WorkOrder* wo = busy == st.prod.busy_units.end() ? nullptr : st.prod.Find(busy->second);
    if (!wo) continue;
    for (size_t i = 0; i < wo->operations.size(); ++i) {
      const Operation& op = wo->operations[i];
      if (op.work_unit != u->meta.id || (op.status != OpStatus::kRunning && op.status != OpStatus::kPaused)) continue;
      list.in_progress.push_back({line(*wo, i, planning::Planned(st, wo->id, op.id)), op.status, op.work_unit, op.crew,
                                  op.good, op.scrap, op.running_since});
    }
  }
  for (const Item& it : ready) list.items.push_back(line(*it.wo, it.op, it.plan));
  return list;
}

Result<PickList> Picks(const State& st, const std::string& id, PickStrategy strategy, Timestamp now) {
  const WorkOrder* wo = st.prod.Find(id);
  if (!wo) return Status::NotFound("no work order '" + id + "'", "id");
  const bool fefo = strategy == PickStrategy::kFefo;
  PickList list{id, strategy, {}};
  std::map<std::string, Quantity> taken;  // earlier needs of the same material pick first
  for (const auto& n : wo->materials) {
    Quantity open = n.required > n.consumed ? n.required - n.consumed : Quantity();
    if (!open.positive() || n.backflush) continue;
    Quantity before = taken[n.material];
    taken[n.material] += open;
    PickNeed need{n.material, n.operation, open, n.uom, {}, {}};
    Quantity got, skip = before;
    for (Pick p : SuggestPicks(st, wo->site, n.material, before + open, now, fefo)) {
      Quantity drop = Min(skip, p.quantity);
      skip -= drop;
      p.quantity -= drop;
      if (!p.quantity.positive()) continue;
      got += p.quantity;
      const auto& lot = *st.inv.Find(p.lot);
      need.picks.push_back({p.lot, p.location, p.quantity, lot.expires_at, lot.created_at});
    }
    need.short_ = open - got;
    list.needs.push_back(std::move(need));
  }
  return list;
}

Result<OrderPerformance> Performance(const State& st, const std::string& id) {
  const WorkOrder* wo = st.prod.Find(id);
  if (!wo) return Status::NotFound("no work order '" + id + "'", "id");
  OrderPerformance out{.order = wo->id,
                       .status = wo->status,
                       .product = wo->product,
                       .uom = wo->uom,
                       .quantity = wo->quantity,
                       .produced = wo->produced,
                       .good = wo->operations.back().good,
                       .due = wo->due,
                       .completed_at = wo->completed_at};
  // Scrap over operations: each is bounded, their sum need not be.
  int64_t machine = 0, labour = 0;
  for (size_t i = 0; i < wo->operations.size(); ++i) {
    const Operation& op = wo->operations[i];
    Quantity input = InputOf(*wo, i);
    double planned = op.setup_time_s + op.run_time_per_unit_s * input.ToDouble();
    out.planned_time_s += planned;
    machine += op.machine_us;
    labour += op.labour_us;
    out.scrap += op.scrap;
    if (!op.nothing_produced.empty()) out.nothing_produced.push_back({op.id, op.nothing_produced});
    out.operations.push_back({.operation = op.id,
                              .status = op.status,
                              .work_unit = op.work_unit,
                              .operators = {op.operators.begin(), op.operators.end()},
                              .good = op.good,
                              .scrap = op.scrap,
                              .scrap_by_reason = op.scrap_by_reason,
                              .nothing_produced = op.nothing_produced,
                              .planned_time_s = planned,
                              .machine_time_s = Seconds(op.machine_us),
                              .labour_time_s = Seconds(op.labour_us)});
    for (const auto& c : op.consumed)
      out.consumed_lots.push_back({c.lot, c.material, op.id, c.quantity, c.backflush, c.deviation_reason});
    for (const auto& o : op.produced) out.outputs.push_back({o.lot, o.quantity, o.location});
  }
  out.machine_time_s = Seconds(machine);
  out.labour_time_s = Seconds(labour);
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
    out.materials.push_back({n.material, n.operation, n.uom, n.required, planned, used, variance});
  }
  for (const auto& [key, used] : actual) {  // consumed without a BOM line: deviations
    auto md = st.md.material_definitions.find(key.first);
    std::string uom = md == st.md.material_definitions.end() ? std::string() : md->second.uom;
    out.materials.push_back({key.first, key.second, uom, Quantity(), Quantity(), used, used});
  }
  return out;
}

}  // namespace takt::plant::production
