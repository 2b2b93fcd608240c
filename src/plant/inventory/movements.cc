// Lot movements: validation (Execute) of receipts, moves, adjustments, counts, scrap and
// shipments. Holds and containment cases are in holds.cc; the projection in apply.cc.
#include <cmath>

#include "plant/inventory/inventory.h"
#include "plant/masterdata/rules.h"

namespace takt::plant::inventory {

// Holds (holds.cc).
Result<std::vector<EventDraft>> SetStatus(const State& st, const Lot& lot, const ChangeLotStatus& req);

namespace {

using model::LotStatus;

std::vector<EventDraft> One(std::string type, json::object payload) {
  return {EventDraft{std::move(type), 1, Serialize(payload)}};
}

Status NoLot(const std::string& id) {
  return Status::NotFound("no material lot '" + id + "'", "lot");
}

std::string Units(Quantity q) {
  return std::to_string(q.ToDouble());
}

Result<std::vector<EventDraft>> Receive(const State& st, model::MaterialLot doc) {
  if (st.inv.Find(doc.id)) return Status::Conflict("material lot '" + doc.id + "' already exists", "id");
  if (doc.status == LotStatus::kConsumed || doc.status == LotStatus::kExpired)
    return Status::Invalid("a receipt is available, quarantine or on_hold", "status");
  // Without a unit, the quantity is in the material's own.
  if (auto m = st.md.material_definitions.find(doc.material); doc.uom.empty() && m != st.md.material_definitions.end())
    doc.uom = m->second.uom;
  TAKT_RETURN_IF_ERROR(Check(st.md, doc, nullptr));
  if (!IsStorage(st.md, doc.location))
    return Status::Unprocessable("'" + doc.location + "' is not an active storage location", "location");
  auto q = Quantity::FromDouble(doc.quantity);
  if (!q) return Status::Invalid("expected a finite quantity of at most 1e9", "quantity");
  auto base = ToMaterialUnit(st.md, doc.material, *q, doc.uom, "quantity");
  if (!base.ok()) return base.status();
  if (!base->positive()) return Status::Invalid("quantity rounds to zero", "quantity");
  TAKT_RETURN_IF_ERROR(CheckStockBound(st, doc.material, *base, "quantity"));
  return One("lot.received", {{"doc", model::Encode(doc)}, {"quantity", ToJson(*base)}});
}

Result<std::vector<EventDraft>> Move(const State& st, const Lot& lot, const MoveLot& req) {
  auto q = ToMaterialUnit(st.md, lot.material, req.quantity, req.uom, "quantity");
  if (!q.ok()) return q.status();
  auto src = SourceLocation(lot, req.from);
  if (!src.ok()) return src.status();
  const std::string& to = req.to;
  if (!IsStorage(st.md, to)) return Status::Unprocessable("'" + to + "' is not an active storage location", "to");
  if (to == *src) return Status::Invalid("from and to are the same location", "to");
  auto have = lot.on_hand.find(*src);
  if (have->second < *q)
    return Status::Conflict("stock cannot go negative: lot '" + lot.id + "' holds " + Units(have->second) + " " +
                                lot.uom + " at '" + *src + "'",
                            "quantity");
  // A move keeps the lot's total, which bounds every location of it: nothing to check.
  return One("lot.moved", {{"lot", lot.id}, {"from", *src}, {"to", to}, {"quantity", ToJson(*q)}});
}

// Adjust (signed delta) and count (counted quantity) both become lot.adjusted.
Result<std::vector<EventDraft>> Adjust(const State& st, const Lot& lot, const std::string& location, Quantity given,
                                       const std::string& uom, const std::string& reason, bool count) {
  const char* field = count ? "counted" : "delta";
  auto q = ToMaterialUnit(st.md, lot.material, given, uom, field);
  if (!q.ok()) return q.status();
  if (!IsStorage(st.md, location))
    return Status::Unprocessable("'" + location + "' is not an active storage location", "location");
  auto it = lot.on_hand.find(location);
  Quantity have = it == lot.on_hand.end() ? Quantity() : it->second;
  Quantity delta = count ? *q - have : *q;
  if (!count && delta.zero()) return Status::Invalid("the adjustment rounds to zero in the lot's unit", "delta");
  if (std::fabs(delta.ToDouble()) > Quantity::kMaxUnits)
    return Status::Invalid("a change of more than 1e9 " + lot.uom + " in one step", field);
  if ((have + delta).negative())
    return Status::Conflict("stock cannot go negative: '" + location + "' holds " + Units(have), field);
  // The lot's total, its cumulative adjustment and its material's stock stay within the bound.
  TAKT_RETURN_IF_ERROR(CheckBound(lot.total(), delta, field, "lot '" + lot.id + "' on hand"));
  TAKT_RETURN_IF_ERROR(CheckBound(lot.adjusted, delta, field, "lot '" + lot.id + "' adjusted in total"));
  TAKT_RETURN_IF_ERROR(CheckStockBound(st, lot.material, delta, field));
  json::object p{{"lot", lot.id}, {"location", location}, {"delta", ToJson(delta)}};
  p["reason"] = reason.empty() ? "cycle count" : reason;
  p["counted"] = count ? ToJson(*q) : json::value(nullptr);
  return One("lot.adjusted", std::move(p));
}

// Scrap and ship take stock out of a location, with a reason or a shipment reference.
Result<std::vector<EventDraft>> TakeOut(const State& st, const Lot& lot, const std::string& from, Quantity given,
                                        const std::string& uom, const std::string& why, bool ship, Timestamp now) {
  auto q = ToMaterialUnit(st.md, lot.material, given, uom, "quantity");
  if (!q.ok()) return q.status();
  if (ship) {
    if (std::string no = Unusable(lot, now); !no.empty()) return Status::Conflict(no, "lot");
  }
  auto src = SourceLocation(lot, from);
  if (!src.ok()) return src.status();
  if (lot.on_hand.at(*src) < *q)
    return Status::Conflict("stock cannot go negative: lot '" + lot.id + "' holds " + Units(lot.on_hand.at(*src)) +
                                " " + lot.uom + " at '" + *src + "'",
                            "quantity");
  TAKT_RETURN_IF_ERROR(CheckBound(ship ? lot.shipped : lot.scrapped, *q, "quantity",
                                  "lot '" + lot.id + "' " + (ship ? "shipped" : "scrapped") + " in total"));
  json::object p{{"lot", lot.id}, {"location", *src}, {"quantity", ToJson(*q)}};
  p[ship ? "reference" : "reason"] = why;
  return One(ship ? "lot.shipped" : "lot.scrapped", std::move(p));
}

}  // namespace

Result<Quantity> ToMaterialUnit(const MasterData& md, const std::string& material, Quantity qty, const std::string& uom,
                                const std::string& field) {
  auto m = md.material_definitions.find(material);
  if (m == md.material_definitions.end()) return Status::Unprocessable("no material '" + material + "'", field);
  if (uom.empty() || uom == m->second.uom) return qty;
  if (!md.units.count(uom)) return Status::Unprocessable("no unit '" + uom + "'", "uom");
  auto f = Convert(md, m->second, 1.0, uom, m->second.uom);
  if (!f.ok()) return Status::Unprocessable(f.status().message(), "uom");
  if (!(std::fabs(qty.ToDouble() * *f) <= Quantity::kMaxUnits))
    return Status::Invalid("more than 1e9 " + m->second.uom + " in one quantity", field);
  return qty.Times(*f);
}

Result<std::string> SourceLocation(const Lot& lot, const std::string& given) {
  if (!given.empty()) {
    if (!lot.on_hand.count(given))
      return Status::Conflict("lot '" + lot.id + "' has no stock at '" + given + "'", "location");
    return given;
  }
  if (lot.on_hand.size() == 1) return lot.on_hand.begin()->first;
  if (lot.on_hand.empty()) return Status::Conflict("lot '" + lot.id + "' has no stock", "lot");
  return Status::Invalid("lot '" + lot.id + "' lies at several locations: name one", "location");
}

Status CheckBound(Quantity stored, Quantity add, const std::string& field, const std::string& what) {
  if (Quantity::Bounded(stored, add)) return Status::Ok();
  return Status::Unprocessable(
      what + " would pass the most Takt stores, 1e12 (now " + Units(stored) + ", change " + Units(add) + ")", field);
}

Status CheckStockBound(const State& st, const std::string& material, Quantity add, const std::string& field) {
  QuantitySum after = st.inv.StockOf(material);
  after += add;
  if (after.micros() <= Quantity::kMaxStoredMicros) return Status::Ok();
  return Status::Unprocessable("the stock of material '" + material +
                                   "' over the plant would pass the most Takt stores, 1e12 (now " +
                                   std::to_string(st.inv.StockOf(material).ToDouble()) + ")",
                               field);
}

Result<std::vector<EventDraft>> Execute(const State& st, const InventoryCommand& c, const Context& ctx) {
  if (const auto* receipt = std::get_if<model::MaterialLot>(&c.request)) return Receive(st, *receipt);
  const Lot* lot = st.inv.Find(c.lot);
  if (!lot) return NoLot(c.lot);
  return std::visit(
      [&](const auto& r) -> Result<std::vector<EventDraft>> {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, MoveLot>)
          return Move(st, *lot, r);
        else if constexpr (std::is_same_v<R, CountLot>)
          return Adjust(st, *lot, r.location, r.counted, r.uom, r.reason, true);
        else if constexpr (std::is_same_v<R, AdjustLot>)
          return Adjust(st, *lot, r.location, r.delta, r.uom, r.reason, false);
        else if constexpr (std::is_same_v<R, ScrapLot>)
          return TakeOut(st, *lot, r.location, r.quantity, r.uom, r.reason, false, ctx.now);
        else if constexpr (std::is_same_v<R, ShipLot>)
          return TakeOut(st, *lot, r.location, r.quantity, r.uom, r.reference, true, ctx.now);
        else if constexpr (std::is_same_v<R, ChangeLotStatus>)
          return SetStatus(st, *lot, r);
        else
          return Status::Internal("a receipt names no lot");
      },
      c.request);
}

}  // namespace takt::plant::inventory
