// Material at an operation: consumption of named lots (checked against the BOM), backflush,
// output lots, FEFO/FIFO picks, and the genealogy links they write.
#include <algorithm>
#include <cstdio>
#include <map>

#include "plant/inventory/inventory.h"
#include "plant/production/contract.h"
#include "plant/production/internal.h"

namespace takt::plant::production {
namespace detail {
namespace {

std::optional<size_t> NeedIndex(const WorkOrder& wo, const std::string& material, const std::string& op) {
  for (size_t k = 0; k < wo.materials.size(); ++k)
    if (wo.materials[k].material == material && wo.materials[k].operation == op) return k;
  return std::nullopt;
}

json::object Consumed(const WorkOrder& wo, size_t i, const inventory::Lot& lot, const std::string& location,
                      Quantity q) {
  return {{"order", wo.id},       {"operation", wo.operations[i].id},
          {"lot", lot.id},        {"material", lot.material},
          {"location", location}, {"quantity", ToJson(q)}};
}

// Whether consuming `lot` into the order would make a lot its own ancestor.
bool WouldLoop(const State& st, const WorkOrder& wo, const std::string& lot) {
  if (const inventory::Lot* l = st.inv.Find(lot); l && l->work_order == wo.id) return true;
  auto node = st.graph.Find(lot);
  if (!node) return false;
  for (const auto& hit : st.graph.Trace(*node, genealogy::Direction::kBackward).hits) {
    const inventory::Lot* up = st.inv.Find(st.graph.IdOf(hit.node));
    if (up && up->work_order == wo.id) return true;
  }
  return false;
}

std::string OutputId(const WorkOrder& wo, int64_t seq) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(seq));
  std::string id = wo.output_pattern;
  for (auto at = id.find("{order}"); at != std::string::npos; at = id.find("{order}")) id.replace(at, 7, wo.id);
  for (auto at = id.find("{seq}"); at != std::string::npos; at = id.find("{seq}")) id.replace(at, 5, digits);
  return id;
}

void Link(State& st, const std::string& parent, const std::string& child) {
  st.graph.AddLink(st.graph.Intern(parent), st.graph.Intern(child));
}

}  // namespace

Drafts Consume(const State& st, const WorkOrder& wo, size_t i, const ConsumeMaterial& req, Timestamp now) {
  const std::string& lot_id = req.lot;
  const std::string& uom = req.uom;
  const std::string& deviation = req.deviation_reason;
  const std::string& output = req.output;
  const inventory::Lot* lot = st.inv.Find(lot_id);
  if (!lot) return Status::NotFound("no material lot '" + lot_id + "'", "lot");
  if (std::string no = inventory::Unusable(*lot, now); !no.empty()) return Status::Conflict(no, "lot");
  auto q = inventory::ToMaterialUnit(st.md, lot->material, req.quantity, uom, "quantity");
  if (!q.ok()) return q.status();
  if (!q->positive()) return Status::Invalid("quantity rounds to zero", "quantity");
  auto src = inventory::SourceLocation(*lot, req.location);
  if (!src.ok()) return src.status();
  if (SiteOf(st.md, *src) != wo.site)
    return Status::Conflict("lot '" + lot_id + "' at '" + *src + "' is not at site '" + wo.site + "'", "location");
  if (lot->on_hand.at(*src) < *q)
    return Status::Conflict("stock cannot go negative: lot '" + lot_id + "' holds " +
                                std::to_string(lot->on_hand.at(*src).ToDouble()) + " " + lot->uom + " at '" + *src +
                                "'",
                            "quantity");
  const Operation& op = wo.operations[i];
  auto need = NeedIndex(wo, lot->material, op.id);
  TAKT_RETURN_IF_ERROR(inventory::CheckBound(lot->consumed, *q, "quantity", "lot '" + lot_id + "' consumed in total"));
  if (need)
    TAKT_RETURN_IF_ERROR(inventory::CheckBound(wo.materials[*need].consumed, *q, "quantity",
                                               "the order's consumption of '" + lot->material + "'"));
  if (deviation.empty()) {
    if (!need)
      return Status::Unprocessable("material '" + lot->material + "' is not on the bill of materials of operation '" +
                                       op.id + "': give a deviation_reason to consume it anyway",
                                   "lot");
    const MaterialNeed& n = wo.materials[*need];
    if (n.consumed + *q > n.required)
      return Status::Unprocessable("consuming " + std::to_string(q->ToDouble()) + " " + n.uom + " would exceed the " +
                                       std::to_string(n.required.ToDouble()) +
                                       " the bill of materials requires: give a deviation_reason",
                                   "quantity");
  }
  if (!output.empty()) {
    const inventory::Lot* out = st.inv.Find(output);
    if (!out || out->work_order != wo.id)
      return Status::Unprocessable("'" + output + "' is not an output of work order '" + wo.id + "'", "output");
  }
  if (WouldLoop(st, wo, lot_id))
    return Status::Unprocessable("lot '" + lot_id + "' comes from work order '" + wo.id + "' itself", "lot");
  json::object p = Consumed(wo, i, *lot, *src, *q);
  p["output"] = output;
  p["deviation_reason"] = deviation;
  p["backflush"] = false;
  p["entered"] = json::object{{"quantity", ToJson(req.quantity)}, {"uom", uom.empty() ? lot->uom : uom}};
  return std::vector<EventDraft>{Draft("material.consumed", p)};
}

Drafts Backflush(const State& st, const WorkOrder& wo, size_t i, Timestamp now) {
  std::vector<EventDraft> out;
  const Operation& op = wo.operations[i];
  for (const MaterialNeed& n : wo.materials) {
    if (!n.backflush || n.operation != op.id) continue;
    Quantity target = (op.good + op.scrap).Times(n.per_unit);
    if (target <= n.consumed) continue;
    Quantity want = target - n.consumed;
    // FEFO over the lots that may go into this order (never one made from its own output). An
    // operation has one BOM line per material (masterdata rule), so lines never share picks.
    Quantity left = want, got;
    std::vector<Pick> picks;
    for (Pick pk : SuggestPicks(st, wo.site, n.material, Quantity::FromMicros(INT64_MAX / 4), now, true)) {
      if (!left.positive()) break;
      if (WouldLoop(st, wo, pk.lot)) continue;
      pk.quantity = Min(pk.quantity, left);
      left -= pk.quantity;
      got += pk.quantity;
      picks.push_back(pk);
    }
    TAKT_RETURN_IF_ERROR(
        inventory::CheckBound(n.consumed, want, "materials", "the order's consumption of '" + n.material + "'"));
    if (got < want)
      return Status::Conflict("backflush of '" + n.material + "' is short by " +
                                  std::to_string((want - got).ToDouble()) + " " + n.uom + " at site '" + wo.site + "'",
                              "materials");
    // A lot may be picked at several locations: its consumption is bounded over all of them.
    std::map<std::string, Quantity, std::less<>> taken;
    for (const Pick& pk : picks) {
      const inventory::Lot& lot = *st.inv.Find(pk.lot);
      Quantity& before = taken[pk.lot];
      TAKT_RETURN_IF_ERROR(inventory::CheckBound(lot.consumed + before, pk.quantity, "materials",
                                                 "lot '" + lot.id + "' consumed in total"));
      before += pk.quantity;
      // One event carries at most one command's quantity (10^9 units), which a double keeps exact.
      const Quantity most = *Quantity::FromDouble(Quantity::kMaxUnits);
      for (Quantity left = pk.quantity; left.positive();) {
        Quantity part = Min(left, most);
        left -= part;
        json::object p = Consumed(wo, i, lot, pk.location, part);
        p["output"] = "";
        p["deviation_reason"] = "";
        p["backflush"] = true;
        p["entered"] = json::object{{"quantity", ToJson(part)}, {"uom", n.uom}};
        out.push_back(Draft("material.consumed", p));
      }
    }
  }
  return out;
}

Drafts Produce(const State& st, const WorkOrder& wo, size_t i, const ProduceMaterial& req) {
  json::array lots;
  Quantity total;
  int64_t seq = wo.next_output;
  std::set<std::string> ids;
  for (size_t k = 0; k < req.outputs.size(); ++k) {
    const OutputLot& o = req.outputs[k];
    std::string id = o.id;
    if (id.empty()) {
      do id = OutputId(wo, seq++);
      while (st.inv.Find(id) || ids.count(id));
      if (!IsValidId(id)) return Status::Invalid("the output pattern gives an invalid id '" + id + "'", "outputs");
    }
    std::string at = "outputs[" + std::to_string(k) + "].";
    if (st.inv.Find(id) || !ids.insert(id).second)
      return Status::Conflict("material lot '" + id + "' already exists", at + "id");
    if (!IsStorage(st.md, o.location))
      return Status::Unprocessable("'" + o.location + "' is not an active storage location", at + "location");
    if (SiteOf(st.md, o.location) != wo.site)
      return Status::Unprocessable("'" + o.location + "' is not at site '" + wo.site + "'", at + "location");
    auto sum = Quantity::Bounded(total, o.quantity);
    if (!sum) return Status::Unprocessable("the outputs add up to more than Takt stores, 1e12", at + "quantity");
    total = *sum;
    lots.push_back(json::object{{"id", id}, {"quantity", ToJson(o.quantity)}, {"location", o.location}});
  }
  if (wo.produced + total > wo.Ceiling())
    return Status::Conflict("over-reporting: producing " + std::to_string((wo.produced + total).ToDouble()) + " " +
                                wo.uom + " would exceed the order quantity plus tolerance (" +
                                std::to_string(wo.Ceiling().ToDouble()) + ")",
                            "outputs");
  TAKT_RETURN_IF_ERROR(inventory::CheckStockBound(st, wo.product, total, "outputs"));
  // Lots made from an input that an open containment case holds are born held under that case.
  std::vector<std::string> inputs;
  for (const auto& [lot, q] : wo.inputs) inputs.push_back(lot);
  json::array contained;
  for (const auto& [c, source] : inventory::OpenCasesHolding(st, inputs))
    contained.push_back(json::object{{"case", c}, {"source", source}});
  json::object p{{"order", wo.id},
                 {"operation", wo.operations[i].id},
                 {"material", wo.product},
                 {"uom", wo.uom},
                 {"serial", req.serial},
                 {"status", contract::NameOf(req.status)},
                 {"lots", std::move(lots)},
                 {"next_output", seq},
                 {"contained", std::move(contained)}};
  return std::vector<EventDraft>{EventDraft{"material.produced", 2, Serialize(p)}};
}

Status ApplyMaterialEvent(State& st, const Event& e, const json::object& p) {
  WorkOrder* wo = st.prod.Find(std::string_view(p.at("order").as_string()));
  if (!wo) return Status::Internal("unknown work order");
  auto i = OperationIndex(*wo, std::string_view(p.at("operation").as_string()));
  if (!i) return Status::Internal("unknown operation");
  Operation& op = wo->operations[*i];
  if (e.type == "material.consumed") {
    inventory::Lot* lot = st.inv.Find(std::string_view(p.at("lot").as_string()));
    auto q = Quantity::FromStored(p.at("quantity").to_number<double>());
    if (!lot || !q) return Status::Internal("bad consumption");
    Consumption c;
    c.lot = lot->id;
    c.material = lot->material;
    c.location = std::string(p.at("location").as_string());
    c.quantity = *q;
    c.output = std::string(p.at("output").as_string());
    c.deviation_reason = std::string(p.at("deviation_reason").as_string());
    c.backflush = p.at("backflush").as_bool();
    c.at = e.time;
    c.actor = e.actor;
    auto have = lot->on_hand.find(c.location);
    if (have == lot->on_hand.end() || have->second < c.quantity)
      return Status::Internal("lot '" + lot->id + "' would go negative");
    TAKT_RETURN_IF_ERROR(inventory::AddOnHand(st.inv, *lot, c.location, -c.quantity));
    TAKT_RETURN_IF_ERROR(inventory::Accrue(lot->consumed, c.quantity, "lot '" + lot->id + "' consumed"));
    inventory::Touch(*lot, e);
    inventory::NoteEmptied(*lot, "consumed");
    if (auto k = NeedIndex(*wo, lot->material, op.id)) {
      MaterialNeed& n = wo->materials[*k];
      Quantity released = Min(n.open(), c.quantity);
      TAKT_RETURN_IF_ERROR(inventory::Accrue(n.consumed, c.quantity, "order '" + wo->id + "' consumed"));
      if (released.positive()) {
        auto& held = st.inv.reserved[{wo->site, n.material}];
        held -= released;
        if (held.zero()) st.inv.reserved.erase({wo->site, n.material});
      }
    }
    if (c.output.empty()) {
      TAKT_RETURN_IF_ERROR(inventory::Accrue(wo->inputs[c.lot], c.quantity, "order '" + wo->id + "' inputs"));
      for (const auto& out : wo->outputs) Link(st, c.lot, out);
    } else {
      Link(st, c.lot, c.output);
    }
    op.consumed.push_back(std::move(c));
    return Status::Ok();
  }
  if (e.type != "material.produced") return Status::Internal("unknown type");
  std::string status(p.at("status").as_string());
  auto kind = inventory::ParseHoldKind(status);
  if (status != "available" && !kind) return Status::Internal("bad status");
  std::vector<std::pair<std::string, std::string>> contained;  // (case, source); version 2
  if (e.version >= 2)
    for (const auto& c : p.at("contained").as_array())
      contained.emplace_back(c.at("case").as_string(), c.at("source").as_string());
  for (const auto& v : p.at("lots").as_array()) {
    const auto& o = v.as_object();
    inventory::Lot lot;
    lot.id = std::string(o.at("id").as_string());
    if (st.inv.Find(lot.id)) return Status::Internal("lot '" + lot.id + "' exists");
    auto q = Quantity::FromStored(o.at("quantity").to_number<double>());
    if (!q) return Status::Internal("bad quantity");
    std::string location(o.at("location").as_string());
    lot.material = wo->product;
    lot.uom = wo->uom;
    if (kind) inventory::PlaceHold(lot, {"", *kind, "at production", "production", "", "", e.actor, e.time});
    lot.serial = p.at("serial").as_bool();
    lot.work_order = wo->id;
    lot.operation = op.id;
    lot.initial = *q;
    if (!q->positive()) return Status::Internal("bad quantity");
    lot.on_hand[location] = *q;
    lot.created_at = e.time;
    lot.created_by = e.actor;
    inventory::Touch(lot, e);
    for (const auto& [c, source] : contained) TAKT_RETURN_IF_ERROR(inventory::HoldUnderCase(st.inv, lot, c, source, e));
    for (const auto& [input, qty] : wo->inputs) Link(st, input, lot.id);
    wo->outputs.push_back(lot.id);
    TAKT_RETURN_IF_ERROR(inventory::Accrue(wo->produced, *q, "order '" + wo->id + "' produced"));
    op.produced.push_back({lot.id, *q, location, e.time});
    st.inv.Add(std::move(lot));
  }
  wo->next_output = p.at("next_output").to_number<int64_t>();
  return Status::Ok();
}

}  // namespace detail

std::vector<Pick> SuggestPicks(const State& st, const std::string& site, const std::string& material, Quantity need,
                               Timestamp now, bool fefo) {
  struct Candidate {
    const inventory::Lot* lot;
    const std::string* location;
    Quantity quantity;
  };
  std::vector<Candidate> c;
  auto ids = st.inv.lots_by_material.find(material);
  if (ids == st.inv.lots_by_material.end()) return {};
  for (const auto& id : ids->second) {
    const inventory::Lot& lot = *st.inv.Find(id);
    if (!inventory::Unusable(lot, now).empty()) continue;
    for (const auto& [loc, q] : lot.on_hand)
      if (SiteOf(st.md, loc) == site) c.push_back({&lot, &loc, q});
  }
  auto key = [fefo](const Candidate& x) {
    int64_t expiry = fefo && x.lot->expires_at ? x.lot->expires_at->micros : INT64_MAX;
    return std::tuple<int64_t, int64_t, std::string_view, std::string_view>(expiry, x.lot->created_at.micros, x.lot->id,
                                                                            *x.location);
  };
  std::sort(c.begin(), c.end(), [&](const Candidate& a, const Candidate& b) { return key(a) < key(b); });
  std::vector<Pick> picks;
  for (const Candidate& x : c) {
    if (!need.positive()) break;
    Quantity q = Min(need, x.quantity);
    picks.push_back({x.lot->id, *x.location, q});
    need -= q;
  }
  return picks;
}

}  // namespace takt::plant::production
