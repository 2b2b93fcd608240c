// The inventory projection: lot.* events change lots and nothing else.
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

Status Take(Lot& lot, const std::string& location, Quantity q) {
  auto it = lot.on_hand.find(location);
  if (it == lot.on_hand.end() || it->second < q)
    return Status::Internal("lot '" + lot.id + "' would go negative at '" + location + "'");
  AddOnHand(lot, location, -q);
  return Status::Ok();
}

Status Received(State& st, const Event& e, const json::value& doc, std::optional<Quantity> base) {
  FieldReader r(doc, "");
  model::MaterialLot m;
  TAKT_RETURN_IF_ERROR(model::Decode(r, m));
  if (st.inv.Find(m.meta.id)) return Status::Internal("lot '" + m.meta.id + "' exists");
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
  lot.id = m.meta.id;
  lot.material = m.material;
  lot.uom = mat->second.uom;
  lot.status = m.status;
  lot.supplier = m.supplier;
  lot.supplier_lot = m.supplier_lot;
  lot.expires_at = m.expires_at;
  lot.properties = std::move(m.properties);
  lot.initial = *base;
  AddOnHand(lot, m.location, *base);
  lot.created_at = lot.updated_at = e.time;
  lot.created_by = e.actor;
  st.inv.Add(std::move(lot));
  return Status::Ok();
}

}  // namespace

Status Apply(State& st, const Event& e, const json::object& p) {
  if (e.version != 1) return Status::Internal("unsupported version " + std::to_string(e.version));
  try {
    if (e.type == "lot.received") return Received(st, e, p.at("doc"), Q(p.at("quantity")));
    Lot* lot = st.inv.Find(std::string_view(p.at("lot").as_string()));
    if (!lot) return Status::Internal("unknown lot");
    lot->updated_at = e.time;
    if (e.type == "lot.moved") {
      Quantity q = Q(p.at("quantity"));
      TAKT_RETURN_IF_ERROR(Take(*lot, S(p, "from"), q));
      AddOnHand(*lot, S(p, "to"), q);
    } else if (e.type == "lot.adjusted") {
      Quantity d = Q(p.at("delta"));
      if (d.negative()) {
        TAKT_RETURN_IF_ERROR(Take(*lot, S(p, "location"), -d));
      } else {
        AddOnHand(*lot, S(p, "location"), d);
      }
      lot->adjusted += d;
      if (lot->status == model::LotStatus::kConsumed && !lot->on_hand.empty()) {
        lot->status = model::LotStatus::kAvailable;  // stock found again by a count or an adjustment
        lot->status_reason = S(p, "reason");
      }
    } else if (e.type == "lot.scrapped" || e.type == "lot.shipped") {
      Quantity q = Q(p.at("quantity"));
      TAKT_RETURN_IF_ERROR(Take(*lot, S(p, "location"), q));
      if (e.type == "lot.scrapped") {
        lot->scrapped += q;
      } else {
        lot->shipped += q;
        lot->last_shipment = S(p, "reference");
      }
    } else if (e.type == "lot.status_changed") {
      auto s = model::ParseLotStatus(std::string_view(p.at("status").as_string()));
      if (!s) return Status::Internal("bad status");
      lot->status = *s;
      lot->status_reason = S(p, "reason");
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
    lot->updated_at = e.time;
    if (e.type == "resource.retired") {
      lot->status = model::LotStatus::kConsumed;
      return Status::Ok();
    }
    FieldReader r(p.at("doc"), "");
    model::MaterialLot m;
    TAKT_RETURN_IF_ERROR(model::Decode(r, m));
    lot->status = m.status;
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
