// Lot movements: validation (Execute) and projection (Apply) of lot.* events.
#include <cmath>

#include "plant/inventory/inventory.h"
#include "plant/masterdata/rules.h"

namespace takt::plant::inventory {
namespace {

using model::LotStatus;

std::vector<EventDraft> One(std::string type, json::object payload) {
  return {EventDraft{std::move(type), 1, Serialize(payload)}};
}

Status NoLot(const std::string& id) {
  return Status::NotFound("no material lot '" + id + "'", "lot");
}

// Reads "quantity" (+ optional "uom") and converts it into the lot's unit.
Result<Quantity> ReadQuantity(const MasterData& md, const Lot& lot, FieldReader& r, std::string_view key,
                              bool positive = true) {
  auto q = r.Amount(key, FieldReader::kRequired, positive);
  std::string uom = r.Id("uom", FieldReader::kOptional);
  if (!r.ok()) return r.status();
  return ToMaterialUnit(md, lot.material, *q, uom, std::string(key));
}

Result<std::vector<EventDraft>> Receive(const State& st, const json::value& body) {
  FieldReader r(body, "");
  model::MaterialLot doc;
  TAKT_RETURN_IF_ERROR(model::Decode(r, doc));
  if (st.inv.Find(doc.meta.id)) return Status::Conflict("material lot '" + doc.meta.id + "' already exists", "id");
  if (doc.status == LotStatus::kConsumed || doc.status == LotStatus::kExpired)
    return Status::Invalid("a receipt is available, quarantine or on_hold", "status");
  TAKT_RETURN_IF_ERROR(Check(st.md, doc, nullptr));
  if (!IsStorage(st.md, doc.location))
    return Status::Unprocessable("'" + doc.location + "' is not an active storage location", "location");
  auto q = Quantity::FromDouble(doc.quantity);
  if (!q) return Status::Invalid("expected a finite quantity of at most 1e9", "quantity");
  auto base = ToMaterialUnit(st.md, doc.material, *q, doc.uom, "quantity");
  if (!base.ok()) return base.status();
  if (!base->positive()) return Status::Invalid("quantity rounds to zero", "quantity");
  json::object d = model::Encode(doc);
  for (auto k : {"version", "retired", "created_at", "updated_at", "updated_by"}) d.erase(k);
  return One("lot.received", {{"doc", std::move(d)}, {"quantity", ToJson(*base)}});
}

Result<std::vector<EventDraft>> Move(const State& st, const Lot& lot, const json::value& body) {
  FieldReader r(body, "");
  std::string from = r.Id("from", FieldReader::kOptional);
  std::string to = r.Id("to");
  auto q = ReadQuantity(st.md, lot, r, "quantity");
  TAKT_RETURN_IF_ERROR(r.Finish());
  if (!q.ok()) return q.status();
  auto src = SourceLocation(lot, from);
  if (!src.ok()) return src.status();
  if (!IsStorage(st.md, to)) return Status::Unprocessable("'" + to + "' is not an active storage location", "to");
  if (to == *src) return Status::Invalid("from and to are the same location", "to");
  auto have = lot.on_hand.find(*src);
  if (have->second < *q)
    return Status::Conflict("stock cannot go negative: lot '" + lot.id + "' holds " +
                                std::to_string(have->second.ToDouble()) + " " + lot.uom + " at '" + *src + "'",
                            "quantity");
  return One("lot.moved", {{"lot", lot.id}, {"from", *src}, {"to", to}, {"quantity", ToJson(*q)}});
}

// Adjust (signed delta) and count (counted quantity) both become lot.adjusted.
Result<std::vector<EventDraft>> Adjust(const State& st, const Lot& lot, const json::value& body, bool count) {
  FieldReader r(body, "");
  std::string location = r.Id("location");
  auto q = ReadQuantity(st.md, lot, r, count ? "counted" : "delta", false);
  std::string reason = r.String("reason", count ? FieldReader::kOptional : FieldReader::kRequired);
  TAKT_RETURN_IF_ERROR(r.Finish());
  if (!q.ok()) return q.status();
  if (!IsStorage(st.md, location))
    return Status::Unprocessable("'" + location + "' is not an active storage location", "location");
  auto it = lot.on_hand.find(location);
  Quantity have = it == lot.on_hand.end() ? Quantity() : it->second;
  Quantity delta = count ? *q - have : *q;
  if (count && q->negative()) return Status::Invalid("a count cannot be negative", "counted");
  if (!count && delta.zero()) return Status::Invalid("an adjustment of zero changes nothing", "delta");
  if (std::fabs(delta.ToDouble()) > Quantity::kMaxUnits)
    return Status::Invalid("a change of more than 1e9 " + lot.uom + " in one step", count ? "counted" : "delta");
  if ((have + delta).negative())
    return Status::Conflict("stock cannot go negative: '" + location + "' holds " + std::to_string(have.ToDouble()),
                            "delta");
  json::object p{{"lot", lot.id}, {"location", location}, {"delta", ToJson(delta)}};
  p["reason"] = reason.empty() ? "cycle count" : reason;
  p["counted"] = count ? ToJson(*q) : json::value(nullptr);
  return One("lot.adjusted", std::move(p));
}

// Scrap and ship take stock out of a location, with a reason or a shipment reference.
Result<std::vector<EventDraft>> TakeOut(const State& st, const Lot& lot, const json::value& body, bool ship,
                                        Timestamp now) {
  FieldReader r(body, "");
  std::string from = r.Id("location", FieldReader::kOptional);
  auto q = ReadQuantity(st.md, lot, r, "quantity");
  std::string why = r.String(ship ? "reference" : "reason");
  TAKT_RETURN_IF_ERROR(r.Finish());
  if (!q.ok()) return q.status();
  if (ship) {
    if (std::string no = Unusable(lot, now); !no.empty()) return Status::Conflict(no, "lot");
  }
  auto src = SourceLocation(lot, from);
  if (!src.ok()) return src.status();
  if (lot.on_hand.at(*src) < *q)
    return Status::Conflict("stock cannot go negative: lot '" + lot.id + "' holds " +
                                std::to_string(lot.on_hand.at(*src).ToDouble()) + " " + lot.uom + " at '" + *src + "'",
                            "quantity");
  json::object p{{"lot", lot.id}, {"location", *src}, {"quantity", ToJson(*q)}};
  p[ship ? "reference" : "reason"] = why;
  return One(ship ? "lot.shipped" : "lot.scrapped", std::move(p));
}

Result<std::vector<EventDraft>> SetStatus(const State& st, const Lot& lot, const json::value& body) {
  FieldReader r(body, "");
  std::string name = r.String("status");
  std::string reason = r.String("reason");
  bool containment = r.Bool("containment", FieldReader::kOptional).value_or(false);
  TAKT_RETURN_IF_ERROR(r.Finish());
  auto status = model::ParseLotStatus(name);
  if (!status || *status == LotStatus::kConsumed)
    return Status::Invalid("expected available, quarantine, on_hold or expired", "status");
  if (lot.status == LotStatus::kConsumed) return Status::Conflict("lot '" + lot.id + "' is consumed", "lot");
  if (containment && *status != LotStatus::kOnHold)
    return Status::Invalid("containment applies to on_hold only", "containment");
  if (lot.status == *status && !containment)
    return Status::Conflict("lot '" + lot.id + "' is already " + name, "status");
  std::vector<EventDraft> out;
  auto add = [&](const std::string& id, const std::string& cause) {
    json::object p{{"lot", id}, {"status", name}, {"reason", reason}};
    p["contained_from"] = cause.empty() ? json::value(nullptr) : json::value(cause);
    out.push_back({"lot.status_changed", 1, Serialize(p)});
  };
  if (lot.status != *status) add(lot.id, "");
  if (containment) {
    if (auto node = st.graph.Find(lot.id)) {
      for (const auto& hit : st.graph.Trace(*node, genealogy::Direction::kForward).hits) {
        const Lot* down = st.inv.Find(st.graph.IdOf(hit.node));
        if (down && down->status != LotStatus::kConsumed && down->status != LotStatus::kOnHold) add(down->id, lot.id);
      }
    }
  }
  if (out.empty()) return Status::Conflict("nothing to change: the lot and its downstream lots are on hold", "status");
  return out;
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

void AddOnHand(Lot& lot, const std::string& location, Quantity q) {
  auto [it, fresh] = lot.on_hand.try_emplace(location);
  it->second += q;
  if (it->second.zero()) lot.on_hand.erase(it);
}

std::string Unusable(const Lot& lot, Timestamp now) {
  if (lot.status != LotStatus::kAvailable)
    return "lot '" + lot.id + "' is " + model::LotStatusName(lot.status) +
           (lot.status_reason.empty() ? "" : " (" + lot.status_reason + ")");
  if (lot.expires_at && *lot.expires_at <= now)
    return "lot '" + lot.id + "' expired on " + FormatIso8601(*lot.expires_at);
  return {};
}

Result<std::vector<EventDraft>> Execute(const State& st, const InventoryCommand& c, const Context& ctx) {
  if (c.action == LotAction::kReceive) return Receive(st, c.body);
  const Lot* lot = st.inv.Find(c.lot);
  if (!lot) return NoLot(c.lot);
  switch (c.action) {
    case LotAction::kMove:
      return Move(st, *lot, c.body);
    case LotAction::kAdjust:
      return Adjust(st, *lot, c.body, false);
    case LotAction::kCount:
      return Adjust(st, *lot, c.body, true);
    case LotAction::kScrap:
      return TakeOut(st, *lot, c.body, false, ctx.now);
    case LotAction::kShip:
      return TakeOut(st, *lot, c.body, true, ctx.now);
    case LotAction::kSetStatus:
      return SetStatus(st, *lot, c.body);
    case LotAction::kReceive:
      break;
  }
  return Status::Internal("unknown lot action");
}

}  // namespace takt::plant::inventory
