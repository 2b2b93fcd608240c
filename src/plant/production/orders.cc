// The work order lifecycle: create, release (with reservations), hold, resume, cancel, close.
#include <cmath>

#include "plant/inventory/inventory.h"
#include "plant/masterdata/rules.h"
#include "plant/production/internal.h"

namespace takt::plant::production {

using S = OrderStatus;

namespace detail {
namespace {

// Usable stock of a material at a site, less what active orders have reserved there.
Quantity Unreserved(const State& st, const std::string& site, const std::string& material, Timestamp now) {
  QuantitySum free;  // bounded by the material's stock; wide all the same
  for (const Pick& p : SuggestPicks(st, site, material, Quantity::FromMicros(INT64_MAX / 4), now, true))
    free += p.quantity;
  auto r = st.inv.reserved.find({site, material});
  if (r != st.inv.reserved.end()) free -= r->second;
  if (!free.positive()) return Quantity();
  return free.Exact().value_or(Quantity::FromMicros(Quantity::kMaxStoredMicros));
}

Drafts Release(const State& st, const WorkOrder& wo, const ReleaseWorkOrder& req, Timestamp now) {
  json::array reserved, shortages;
  std::map<std::string, Quantity> taken;  // by this release, per material
  std::string short_text;
  for (const MaterialNeed& n : wo.materials) {
    Quantity left = Unreserved(st, wo.site, n.material, now) - taken[n.material];
    Quantity q = Min(n.required, left.negative() ? Quantity() : left);
    taken[n.material] += q;
    reserved.push_back(ToJson(q));
    if (q < n.required) {
      Quantity missing = n.required - q;
      shortages.push_back(json::object{
          {"material", n.material}, {"operation", n.operation}, {"uom", n.uom}, {"short", ToJson(missing)}});
      short_text += (short_text.empty() ? "" : ", ") + n.material + " short by " + std::to_string(missing.ToDouble()) +
                    " " + n.uom;
    }
  }
  if (!shortages.empty() && !req.allow_shortage)
    return Status::Conflict("material shortage: " + short_text, "materials");
  json::object p{{"id", wo.id}, {"reserved", std::move(reserved)}, {"shortages", std::move(shortages)}};
  return std::vector<EventDraft>{Draft("work_order.released", p)};
}

}  // namespace

Drafts CreateOrder(const State& st, const CreateWorkOrder& req) {
  WorkOrder wo;
  wo.id = req.id;
  wo.description = req.description;
  wo.product_definition = req.product_definition;
  wo.earliest_start = req.earliest_start;
  wo.priority = req.priority;
  wo.site = req.site;
  wo.tolerance = req.tolerance;
  // Generated output ids: "{order}" and "{seq}" (4 digits, zero-padded) are replaced.
  wo.output_pattern = req.output_pattern.empty() ? "{order}-{seq}" : req.output_pattern;
  if (st.prod.Find(wo.id)) return Status::Conflict("work order '" + wo.id + "' already exists", "id");
  auto pd = st.md.product_definitions.find(wo.product_definition);
  if (pd == st.md.product_definitions.end() || pd->second.meta.retired)
    return Status::Unprocessable("no active product definition '" + wo.product_definition + "'", "product_definition");
  if (pd->second.routing.empty())
    return Status::Unprocessable("product definition '" + wo.product_definition + "' has no routing",
                                 "product_definition");
  auto site = st.md.equipment.find(wo.site);
  if (site == st.md.equipment.end() || site->second.meta.retired || site->second.level != model::EquipmentLevel::kSite)
    return Status::Unprocessable("no active site '" + wo.site + "'", "site");
  const auto& product = st.md.material_definitions.at(pd->second.product);
  wo.product = product.meta.id;
  wo.uom = product.uom;
  wo.quantity = req.quantity;
  wo.due = req.due;
  for (const auto& step : pd->second.routing) {
    Operation op;
    op.id = step.id;
    op.description = step.description;
    op.equipment_class = step.equipment_class;
    op.work_center = step.work_center;
    op.qualification = step.qualification;
    op.setup_time_s = step.setup_time_s;
    op.run_time_per_unit_s = step.run_time_per_unit_s;
    op.may_pause = step.may_pause;
    op.predecessors = step.predecessors;
    op.setup_family = step.setup_family;
    wo.operations.push_back(std::move(op));
  }
  std::map<std::string, Quantity> needs;
  for (const auto& line : pd->second.bom) {
    const auto& mat = st.md.material_definitions.at(line.material);
    auto per = Convert(st.md, mat, line.quantity, line.uom, mat.uom);
    if (!per.ok()) return Status::Unprocessable(per.status().message(), "product_definition");
    MaterialNeed n;
    n.material = line.material;
    n.uom = mat.uom;
    n.operation = line.operation.empty() ? wo.operations.front().id : line.operation;
    n.per_unit = *per * (1.0 + line.scrap_allowance);
    n.backflush = line.backflush;
    if (!(wo.quantity.ToDouble() * n.per_unit * (1.0 + wo.tolerance) <= Quantity::kMaxUnits))
      return Status::Invalid("the order needs more than 1e9 " + mat.uom + " of '" + n.material + "'", "quantity");
    n.required = wo.quantity.Times(n.per_unit);
    // Needs of one material over the order stay within the stored bound, so picks and
    // reservations that add them up cannot overflow.
    auto& sum = needs[n.material];
    TAKT_RETURN_IF_ERROR(
        inventory::CheckBound(sum, n.required, "quantity", "the order's needs of '" + n.material + "'"));
    sum += n.required;
    wo.materials.push_back(std::move(n));
  }
  // The event carries the order as planned, so later edits of the product definition do not
  // change orders already created.
  return std::vector<EventDraft>{Draft("work_order.created", Encode(wo))};
}

Drafts ChangeOrder(const State& st, const WorkOrder& wo, const Request& req, Timestamp now) {
  if (auto* r = std::get_if<RescheduleWorkOrder>(&req)) return Reschedule(wo, *r);
  // The status it goes to, the event that says so, and the reason given.
  struct Move {
    S to;
    const char* type;
    std::string reason;
  };
  auto move = std::visit(
      [&](const auto& r) -> std::optional<Move> {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, ReleaseWorkOrder>) return Move{S::kReleased, "work_order.released", ""};
        if constexpr (std::is_same_v<T, HoldWorkOrder>) return Move{S::kOnHold, "work_order.held", r.reason};
        if constexpr (std::is_same_v<T, CancelWorkOrder>) return Move{S::kCancelled, "work_order.cancelled", r.reason};
        if constexpr (std::is_same_v<T, CloseWorkOrder>) return Move{S::kClosed, "work_order.closed", r.reason};
        if constexpr (std::is_same_v<T, ResumeWorkOrder>) return Move{wo.held_from, "work_order.resumed", r.reason};
        return std::nullopt;
      },
      req);
  if (!move) return Status::Internal("not a work order request");
  const bool resume = std::holds_alternative<ResumeWorkOrder>(req);
  if (resume && wo.status != S::kOnHold)
    return Status::Conflict("work order '" + wo.id + "' is " + OrderStatusName(wo.status) + ", not on_hold", "status");
  if (!resume && !CanMove(wo.status, move->to))
    return Status::Conflict(
        "work order '" + wo.id + "' cannot go from " + OrderStatusName(wo.status) + " to " + OrderStatusName(move->to),
        "status");
  if (auto* r = std::get_if<ReleaseWorkOrder>(&req)) return Release(st, wo, *r, now);
  if (move->to == S::kOnHold || move->to == S::kCancelled) {
    for (const Operation& op : wo.operations)
      if (op.status == OpStatus::kRunning)
        return Status::Conflict("operation '" + op.id + "' is running: pause it first", "status");
  }
  return std::vector<EventDraft>{Draft(move->type, {{"id", wo.id}, {"reason", move->reason}})};
}

// New dates or priority for an open order: late material moves its earliest start, the customer
// its due date. The planner takes them at the next plan or repair.
Drafts Reschedule(const WorkOrder& wo, const RescheduleWorkOrder& req) {
  if (wo.status == S::kCompleted || wo.status == S::kClosed || wo.status == S::kCancelled)
    return Status::Conflict("work order '" + wo.id + "' is " + OrderStatusName(wo.status), "status");
  std::optional<Timestamp> earliest = req.clear_earliest_start ? std::nullopt
                                      : req.earliest_start     ? req.earliest_start
                                                               : wo.earliest_start;
  json::object p{{"id", wo.id},
                 {"earliest_start", earliest ? json::value(FormatIso8601(*earliest)) : json::value(nullptr)},
                 {"due", FormatIso8601(req.due.value_or(wo.due))},
                 {"priority", req.priority.value_or(wo.priority)},
                 {"reason", req.reason}};
  return std::vector<EventDraft>{Draft("work_order.rescheduled", p)};
}

void ReleaseReservations(State& st, WorkOrder& wo) {
  for (MaterialNeed& n : wo.materials) {
    Quantity open = n.open();
    if (open.positive()) {
      auto& held = st.inv.reserved[{wo.site, n.material}];
      held -= open;
      if (held.zero()) st.inv.reserved.erase({wo.site, n.material});
    }
    n.reserved = n.consumed < n.reserved ? n.consumed : n.reserved;
  }
}

Status ApplyOrderEvent(State& st, const Event& e, const json::object& p) {
  if (e.type == "work_order.created") {
    auto wo = DecodeOrder(p);
    if (!wo.ok()) return wo.status();
    if (st.prod.Find(wo->id)) return Status::Internal("work order exists");
    wo->created_at = e.time;
    wo->created_by = e.actor;
    std::string id = wo->id;
    st.prod.orders.emplace(std::move(id), std::move(wo).value());
    return Status::Ok();
  }
  WorkOrder* wo = st.prod.Find(std::string_view(p.at("id").as_string()));
  if (!wo) return Status::Internal("unknown work order");
  if (e.type == "work_order.released") {
    const auto& reserved = p.at("reserved").as_array();
    if (reserved.size() != wo->materials.size()) return Status::Internal("reservation count");
    for (size_t i = 0; i < reserved.size(); ++i) {
      auto q = Quantity::FromStored(reserved[i].to_number<double>());
      if (!q) return Status::Internal("bad reservation");
      wo->materials[i].reserved = *q;
      if (q->positive())
        TAKT_RETURN_IF_ERROR(
            inventory::Accrue(st.inv.reserved[{wo->site, wo->materials[i].material}], *q, "reservations"));
    }
    wo->status = S::kReleased;
    wo->released_at = e.time;
    return Status::Ok();
  }
  if (e.type == "work_order.rescheduled") {
    const json::value& start = p.at("earliest_start");
    wo->earliest_start = start.is_null() ? std::nullopt : ParseIso8601(start.as_string());
    auto due = ParseIso8601(p.at("due").as_string());
    if (!due || (!start.is_null() && !wo->earliest_start)) return Status::Internal("bad time");
    wo->due = *due;
    wo->priority = p.at("priority").to_number<int64_t>();
    if (wo->Active()) ++st.planning.revision;  // only released orders are planned
    return Status::Ok();
  }
  wo->status_reason = std::string(p.at("reason").as_string());
  if (e.type == "work_order.held") {
    wo->held_from = wo->status;
    wo->status = S::kOnHold;
  } else if (e.type == "work_order.resumed") {
    wo->status = wo->held_from;
  } else if (e.type == "work_order.cancelled") {
    wo->status = S::kCancelled;
    for (Operation& op : wo->operations) {
      auto busy = st.prod.busy_units.find(op.work_unit);
      if (busy != st.prod.busy_units.end() && busy->second == wo->id) st.prod.busy_units.erase(busy);
    }
    ReleaseReservations(st, *wo);
  } else if (e.type == "work_order.closed") {
    wo->status = S::kClosed;
    wo->closed_at = e.time;
  } else {
    return Status::Internal("unknown type");
  }
  return Status::Ok();
}

}  // namespace detail

bool CanMove(OrderStatus from, OrderStatus to) {
  switch (from) {
    case S::kCreated:
      return to == S::kReleased || to == S::kOnHold || to == S::kCancelled;
    case S::kReleased:
      return to == S::kInProgress || to == S::kOnHold || to == S::kCancelled;
    case S::kInProgress:
      return to == S::kCompleted || to == S::kOnHold || to == S::kCancelled;
    case S::kOnHold:
      return to == S::kCancelled;  // and back where it came from, by resume
    case S::kCompleted:
      return to == S::kClosed;
    case S::kClosed:
    case S::kCancelled:
      return false;
  }
  return false;
}

}  // namespace takt::plant::production
