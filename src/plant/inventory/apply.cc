// The inventory projection: lot.* events change lots, containment.* events cases and the holds
// they place. Arithmetic is checked: an overflow in a journalled event is a broken invariant.
#include <algorithm>
#include <charconv>

#include "plant/inventory/inventory.h"
#include "plant/masterdata/rules.h"

namespace takt::plant::inventory {
namespace {

Quantity Q(const json::value& v) {
  auto q = Quantity::FromStored(v.to_number<double>());
  if (!q) throw std::invalid_argument("bad quantity");
  return *q;
}

std::string S(const json::object& p, std::string_view k) {
  return std::string(p.at(k).as_string());
}

Status Take(Inventory& inv, Lot& lot, const std::string& location, Quantity q) {
  auto it = lot.on_hand.find(location);
  if (it == lot.on_hand.end() || it->second < q)
    return Status::Internal("lot '" + lot.id + "' would go negative at '" + location + "'");
  return AddOnHand(inv, lot, location, -q);
}

// A status from before holds stacked (a receipt's, a foundation-era record's, lot.status_changed
// v1): it replaced whatever status the lot had, so it replaces the lot's holds.
void ReplaceStatus(Lot& lot, std::string_view status, const std::string& reason, const std::string& origin,
                   const std::string& contained_from, const Event& e) {
  lot.holds.clear();
  lot.retired = status == "consumed";  // a foundation-era record's: used up
  if (status == "available" || status == "consumed") return;
  Hold h;
  h.kind = !contained_from.empty() ? HoldKind::kContainment : ParseHoldKind(status).value_or(HoldKind::kOnHold);
  h.reason = reason;
  h.origin = contained_from.empty() ? origin : "containment";
  h.source = contained_from;  // no case: the old model had none, so the lot's status route releases it
  h.actor = e.actor;
  h.at = e.time;
  PlaceHold(lot, std::move(h));
}

Status Received(State& st, const Event& e, const json::value& doc, std::optional<Quantity> base) {
  model::MaterialLot m;
  TAKT_RETURN_IF_ERROR(model::Decode(doc, m));
  if (st.inv.Find(m.id)) return Status::Internal("lot '" + m.id + "' exists");
  auto mat = st.md.material_definitions.find(m.material);
  if (mat == st.md.material_definitions.end()) return Status::Internal("unknown material");
  if (!base) {  // foundation-era receipts carried the quantity in the received unit only
    auto received = Quantity::FromStored(m.quantity);
    if (!received) return Status::Internal("quantity out of range");
    auto q = ToMaterialUnit(st.md, m.material, *received, m.uom, "quantity");
    if (!q.ok()) return q.status();
    base = *q;
  }
  Lot lot;
  lot.id = m.id;
  lot.material = m.material;
  lot.uom = mat->second.uom;
  lot.supplier = m.supplier;
  lot.supplier_lot = m.supplier_lot;
  lot.expires_at = m.expires_at;
  lot.properties = std::move(m.properties);
  lot.initial = *base;
  lot.on_hand[m.location] = *base;
  lot.created_at = e.time;
  lot.created_by = e.actor;
  Touch(lot, e);
  ReplaceStatus(lot, model::LotStatusName(m.status), "at receipt", "receipt", "", e);
  st.inv.Add(std::move(lot));
  return Status::Ok();
}

Status Opened(State& st, const Event& e, const json::object& p) {
  Containment c;
  c.id = S(p, "id");
  if (st.inv.containments.count(c.id)) return Status::Internal("case '" + c.id + "' exists");
  c.reason = S(p, "reason");
  for (const auto& s : p.at("sources").as_array()) c.sources.emplace_back(s.as_string());
  c.opened_at = e.time;
  c.opened_by = e.actor;
  st.inv.containments.emplace(c.id, c);
  for (const auto& v : p.at("held").as_array()) {
    const auto& h = v.as_object();
    Lot* lot = st.inv.Find(std::string_view(h.at("lot").as_string()));
    if (!lot) return Status::Internal("unknown lot");
    Touch(*lot, e);
    TAKT_RETURN_IF_ERROR(HoldUnderCase(st.inv, *lot, c.id, S(h, "source"), e));
  }
  // Generated ids take the next number, and a chosen id of the generated form moves the sequence
  // past it; one too large to follow leaves it alone (CaseId skips taken ids in any case).
  if (c.id.starts_with("C-")) {
    std::string_view digits = std::string_view(c.id).substr(2);
    int64_t n = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (r.ec == std::errc() && r.ptr == digits.data() + digits.size() && n >= st.inv.next_containment &&
        n < 1'000'000'000)
      st.inv.next_containment = n + 1;
  }
  return Status::Ok();
}

Status Released(State& st, const Event& e, const json::object& p) {
  auto it = st.inv.containments.find(std::string_view(p.at("id").as_string()));
  if (it == st.inv.containments.end() || !it->second.open) return Status::Internal("no open case");
  Containment& c = it->second;
  for (const auto& [id, source] : c.held) {
    Lot* lot = st.inv.Find(id);
    if (!lot) return Status::Internal("unknown lot");
    std::erase_if(lot->holds, [&](const Hold& h) { return h.case_id == c.id; });
    Touch(*lot, e);
  }
  c.open = false;
  c.released_at = e.time;
  c.released_by = e.actor;
  c.release_reason = S(p, "reason");
  return Status::Ok();
}

}  // namespace

Status Accrue(Quantity& into, Quantity q, std::string_view what) {
  auto sum = Quantity::Add(into, q);
  if (!sum) return Status::Internal("quantity overflow: " + std::string(what));
  into = *sum;
  return Status::Ok();
}

Status AddOnHand(Inventory& inv, Lot& lot, const std::string& location, Quantity q) {
  auto [it, fresh] = lot.on_hand.try_emplace(location);
  Status s = Accrue(it->second, q, "lot '" + lot.id + "' at '" + location + "'");
  if (s.ok()) inv.stock[lot.material] += q;
  if (it->second.zero()) lot.on_hand.erase(it);
  return s;
}

void Touch(Lot& lot, const Event& e) {
  lot.updated_at = e.time;
  if (lot.history.empty() || lot.history.back() != e.seq) lot.history.push_back(e.seq);
}

void NoteEmptied(Lot& lot, const char* by) {
  if (lot.on_hand.empty()) lot.emptied_by = by;
}

Status Apply(State& st, const Event& e, const json::object& p) {
  if (e.version != 1) return Status::Internal("unsupported version " + std::to_string(e.version));
  try {
    if (e.type == "lot.received") return Received(st, e, p.at("doc"), Q(p.at("quantity")));
    if (e.type == "containment.opened") return Opened(st, e, p);
    if (e.type == "containment.released") return Released(st, e, p);
    Lot* lot = st.inv.Find(std::string_view(p.at("lot").as_string()));
    if (!lot) return Status::Internal("unknown lot");
    Touch(*lot, e);
    if (e.type == "lot.moved") {
      Quantity q = Q(p.at("quantity"));
      TAKT_RETURN_IF_ERROR(Take(st.inv, *lot, S(p, "from"), q));
      TAKT_RETURN_IF_ERROR(AddOnHand(st.inv, *lot, S(p, "to"), q));
    } else if (e.type == "lot.adjusted") {
      Quantity d = Q(p.at("delta"));
      if (d.negative()) {
        TAKT_RETURN_IF_ERROR(Take(st.inv, *lot, S(p, "location"), -d));
      } else {
        TAKT_RETURN_IF_ERROR(AddOnHand(st.inv, *lot, S(p, "location"), d));
      }
      TAKT_RETURN_IF_ERROR(Accrue(lot->adjusted, d, "lot '" + lot->id + "' adjusted"));
      NoteEmptied(*lot, "depleted");
      lot->retired = false;  // stock found again by a count or an adjustment
    } else if (e.type == "lot.scrapped" || e.type == "lot.shipped") {
      Quantity q = Q(p.at("quantity"));
      std::string location = S(p, "location");
      TAKT_RETURN_IF_ERROR(Take(st.inv, *lot, location, q));
      if (e.type == "lot.scrapped") {
        TAKT_RETURN_IF_ERROR(Accrue(lot->scrapped, q, "lot '" + lot->id + "' scrapped"));
        NoteEmptied(*lot, "scrapped");
      } else {
        TAKT_RETURN_IF_ERROR(Accrue(lot->shipped, q, "lot '" + lot->id + "' shipped"));
        lot->shipments.push_back({S(p, "reference"), location, q, e.time, e.actor});
        NoteEmptied(*lot, "shipped");
      }
    } else if (e.type == "lot.held") {
      auto kind = ParseHoldKind(std::string_view(p.at("kind").as_string()));
      if (!kind) return Status::Internal("bad hold kind");
      PlaceHold(*lot, Hold{"", *kind, S(p, "reason"), "user", "", "", e.actor, e.time});
    } else if (e.type == "lot.released") {
      for (const auto& id : p.at("holds").as_array()) {
        auto n = std::erase_if(lot->holds, [&](const Hold& h) { return h.id == id.as_string(); });
        if (n != 1) return Status::Internal("no hold '" + std::string(id.as_string()) + "'");
      }
    } else if (e.type == "lot.status_changed") {  // before holds stacked: one status replaced another
      const json::value& from = p.at("contained_from");
      ReplaceStatus(*lot, std::string_view(p.at("status").as_string()), S(p, "reason"), "legacy",
                    from.is_null() ? std::string() : std::string(from.as_string()), e);
    } else {
      return Status::Internal("unknown type");
    }
  } catch (const std::exception& ex) {
    return Status::Internal(ex.what());
  }
  return Status::Ok();
}

Status ApplyLegacyLotResource(State& st, const Event& e, const json::object& p) {
  try {
    if (e.type == "resource.created") return Received(st, e, p.at("doc"), std::nullopt);
    std::string id = e.type == "resource.retired" ? S(p, "id") : S(p.at("doc").as_object(), "id");
    Lot* lot = st.inv.Find(id);
    if (!lot) return Status::Internal("unknown lot");
    Touch(*lot, e);
    if (e.type == "resource.retired") {
      lot->retired = true;
      return Status::Ok();
    }
    model::MaterialLot m;
    TAKT_RETURN_IF_ERROR(model::Decode(p.at("doc"), m));
    ReplaceStatus(*lot, model::LotStatusName(m.status), "", "legacy", "", e);
    lot->supplier = m.supplier;
    lot->supplier_lot = m.supplier_lot;
    lot->expires_at = m.expires_at;
    lot->properties = std::move(m.properties);
  } catch (const std::exception& ex) {
    return Status::Internal(ex.what());
  }
  return Status::Ok();
}

}  // namespace takt::plant::inventory
