// A lot's movement history: the state keeps which journal events changed the lot (Lot::history);
// the adapter reads those events and this file says what each did to the lot. Pure: no I/O.
#include <algorithm>

#include "plant/inventory/queries.h"

namespace takt::plant::inventory {
namespace {

std::string Text(const json::object& p, std::string_view key) {
  const json::value* v = p.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<Quantity> Amount(const json::object& p, std::string_view key) {
  const json::value* v = p.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  return Quantity::FromStored(v->to_number<double>());
}

std::optional<Quantity> Negated(std::optional<Quantity> q) {
  if (q) *q = -*q;
  return q;
}

// A receipt's or a production's status when not available: the hold it was born with.
std::string BornWith(const std::string& status) {
  return status == "available" ? std::string() : status;
}

}  // namespace

Result<HistoryPage> LotHistory(const State& st, const std::string& id, const MovementQuery& q) {
  const Lot* lot = st.inv.Find(id);
  if (!lot) return Status::NotFound("no material lot '" + id + "'", "id");
  HistoryPage out;
  out.page.lot = lot->id;
  out.page.uom = lot->uom;
  auto it = std::upper_bound(lot->history.begin(), lot->history.end(), q.after);
  const size_t left = static_cast<size_t>(lot->history.end() - it);
  const size_t n = std::min(left, static_cast<size_t>(q.limit));
  out.seqs.assign(it, it + static_cast<std::ptrdiff_t>(n));
  if (n < left) out.page.next_after = out.seqs.back();
  return out;
}

LotMovement MovementOf(const Event& e, const json::object& p, const std::string& lot, const std::string& uom) {
  LotMovement m;
  m.seq = e.seq;
  m.at = e.time;
  m.actor = e.actor;
  m.reason = Text(p, "reason");
  const std::string& t = e.type;
  if (t == "lot.received" || t == "resource.created") {
    m.kind = MovementKind::kReceived;
    const json::object* doc = p.contains("doc") && p.at("doc").is_object() ? &p.at("doc").get_object() : &p;
    // A foundation-era receipt carried its quantity in the unit received, which may not be the lot's.
    std::string in = Text(*doc, "uom");
    m.quantity = t == "lot.received"       ? Amount(p, "quantity")
                 : in.empty() || in == uom ? Amount(*doc, "quantity")
                                           : std::nullopt;
    m.location = Text(*doc, "location");
    m.reference = Text(*doc, "supplier_lot");
    m.hold = BornWith(Text(*doc, "status"));
    m.reason.clear();
  } else if (t == "resource.updated" || t == "resource.retired") {
    m.kind = MovementKind::kRecordUpdated;
  } else if (t == "lot.moved") {
    m.kind = MovementKind::kMoved;
    m.quantity = Amount(p, "quantity");
    m.location = Text(p, "from");
    m.to = Text(p, "to");
  } else if (t == "lot.adjusted") {
    const json::value* counted = p.if_contains("counted");
    m.kind = counted && !counted->is_null() ? MovementKind::kCounted : MovementKind::kAdjusted;
    m.quantity = Amount(p, "delta");
    m.location = Text(p, "location");
  } else if (t == "lot.scrapped" || t == "lot.shipped") {
    m.kind = t == "lot.scrapped" ? MovementKind::kScrapped : MovementKind::kShipped;
    m.quantity = Negated(Amount(p, "quantity"));
    m.location = Text(p, "location");
    m.reference = Text(p, "reference");
  } else if (t == "lot.held") {
    m.kind = MovementKind::kHeld;
    m.hold = Text(p, "kind");
  } else if (t == "lot.released") {
    m.kind = MovementKind::kReleased;
    if (const json::value* holds = p.if_contains("holds"); holds && holds->is_array())
      for (const auto& h : holds->get_array())
        if (h.is_string()) m.hold += (m.hold.empty() ? "" : ", ") + std::string(h.get_string());
  } else if (t == "lot.status_changed") {
    m.kind = MovementKind::kStatusChanged;
    m.hold = Text(p, "status");
  } else if (t == "containment.opened" || t == "containment.released") {
    m.kind = t == "containment.opened" ? MovementKind::kContained : MovementKind::kContainmentReleased;
    m.case_id = Text(p, "id");
  } else if (t == "material.consumed") {
    m.kind = MovementKind::kConsumed;
    m.quantity = Negated(Amount(p, "quantity"));
    m.location = Text(p, "location");
    m.work_order = Text(p, "order");
    m.operation = Text(p, "operation");
    m.reason = Text(p, "deviation_reason");
  } else if (t == "material.produced") {
    m.kind = MovementKind::kProduced;
    m.work_order = Text(p, "order");
    m.operation = Text(p, "operation");
    m.hold = BornWith(Text(p, "status"));
    if (const json::value* lots = p.if_contains("lots"); lots && lots->is_array())
      for (const auto& v : lots->get_array()) {
        if (!v.is_object() || Text(v.get_object(), "id") != lot) continue;
        m.quantity = Amount(v.get_object(), "quantity");
        m.location = Text(v.get_object(), "location");
      }
  }
  return m;
}

}  // namespace takt::plant::inventory
