// Lots and containment cases in the snapshot form (Decode(Encode(lot, kMicros), kMicros) ==
// lot); the API's lot view is derived from its description.
#include "plant/inventory/contract.h"
#include "plant/inventory/inventory.h"
#include "plant/inventory/queries.h"

namespace takt::plant::inventory {
namespace {

json::value OptTime(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatIso8601(*t)) : json::value(nullptr);
}

json::value OptString(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object EncodeHold(const Hold& h) {
  return {{"id", h.id},         {"kind", HoldKindName(h.kind)}, {"reason", h.reason},
          {"origin", h.origin}, {"case", OptString(h.case_id)}, {"source", OptString(h.source)},
          {"actor", h.actor},   {"at", FormatIso8601(h.at)}};
}

template <typename F>
void Each(FieldReader& r, std::string_view key, F&& f) {
  const json::array* a = r.Array(key, FieldReader::kOptional);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    FieldReader e((*a)[i], r.PathOf(key) + "[" + std::to_string(i) + "]");
    f(e);
    r.Adopt(e);
  }
}

}  // namespace

json::object Encode(const Lot& lot, QtyForm form) {
  if (form == QtyForm::kUnits) return contract::Encode(View(lot)).as_object();
  auto q = [](Quantity v) { return ToJson(v, QtyForm::kMicros); };
  std::string reasons;
  for (const Hold& h : lot.holds) reasons += (reasons.empty() ? "" : "; ") + h.reason;
  json::object o{{"id", lot.id},
                 {"material", lot.material},
                 {"uom", lot.uom},
                 {"status", StatusName(lot)},
                 {"status_reason", reasons},
                 {"serial", lot.serial},
                 {"supplier", lot.supplier},
                 {"supplier_lot", lot.supplier_lot},
                 {"expires_at", OptTime(lot.expires_at)},
                 {"properties", model::EncodeProperties(lot.properties)},
                 {"work_order", lot.work_order},
                 {"operation", lot.operation},
                 {"quantity", q(lot.total())},
                 {"initial", q(lot.initial)},
                 {"consumed", q(lot.consumed)},
                 {"scrapped", q(lot.scrapped)},
                 {"shipped", q(lot.shipped)},
                 {"adjusted", q(lot.adjusted)},
                 {"last_shipment", lot.shipments.empty() ? "" : lot.shipments.back().reference},
                 {"created_at", FormatIso8601(lot.created_at)},
                 {"created_by", lot.created_by},
                 {"updated_at", FormatIso8601(lot.updated_at)}};
  json::array where, holds, shipments;
  for (const auto& [loc, v] : lot.on_hand) where.push_back(json::object{{"location", loc}, {"quantity", q(v)}});
  for (const Hold& h : lot.holds) holds.push_back(EncodeHold(h));
  for (const Shipment& s : lot.shipments)
    shipments.push_back(json::object{{"reference", s.reference},
                                     {"location", s.location},
                                     {"quantity", q(s.quantity)},
                                     {"at", FormatIso8601(s.at)},
                                     {"actor", s.actor}});
  o["locations"] = std::move(where);
  o["holds"] = std::move(holds);
  o["shipments"] = std::move(shipments);
  // What only the projection needs.
  o["next_hold"] = lot.next_hold;
  o["emptied_by"] = lot.emptied_by;
  o["retired"] = lot.retired;
  json::array history;
  history.reserve(lot.history.size());
  for (uint64_t seq : lot.history) history.emplace_back(seq);
  o["history"] = std::move(history);
  return o;
}

Result<Lot> DecodeLot(const json::value& v, QtyForm form) {
  FieldReader r(v, "lot");
  Lot lot;
  lot.id = r.String("id");
  lot.material = r.String("material");
  lot.uom = r.String("uom");
  for (auto k : {"status", "status_reason", "quantity", "last_shipment"}) r.Ignore(k);  // derived
  lot.serial = r.Bool("serial").value_or(false);
  lot.supplier = r.String("supplier", FieldReader::kOptional);
  lot.supplier_lot = r.String("supplier_lot", FieldReader::kOptional);
  lot.expires_at = r.Time("expires_at", FieldReader::kOptional);
  lot.properties = model::DecodeProperties(r, true);
  lot.work_order = r.String("work_order", FieldReader::kOptional);
  lot.operation = r.String("operation", FieldReader::kOptional);
  auto amount = [&](FieldReader& fr, std::string_view k) { return fr.StoredAmount(k, form).value_or(Quantity()); };
  lot.initial = amount(r, "initial");
  lot.consumed = amount(r, "consumed");
  lot.scrapped = amount(r, "scrapped");
  lot.shipped = amount(r, "shipped");
  lot.adjusted = amount(r, "adjusted");
  lot.created_at = r.Time("created_at").value_or(Timestamp{});
  lot.created_by = r.String("created_by", FieldReader::kOptional);
  lot.updated_at = r.Time("updated_at").value_or(Timestamp{});
  lot.next_hold = r.Integer("next_hold", FieldReader::kOptional).value_or(1);
  lot.emptied_by = r.String("emptied_by", FieldReader::kOptional);
  lot.retired = r.Bool("retired", FieldReader::kOptional).value_or(false);
  Each(r, "locations", [&](FieldReader& w) {
    std::string loc = w.String("location");
    auto q = w.StoredAmount("quantity", form);
    if (q) lot.on_hand[loc] = *q;
  });
  Each(r, "holds", [&](FieldReader& e) {
    Hold h;
    h.id = e.String("id");
    auto kind = ParseHoldKind(e.String("kind"));
    if (!kind) e.Fail(Code::kInternal, "kind", "bad hold kind");
    h.kind = kind.value_or(HoldKind::kOnHold);
    h.reason = e.String("reason", FieldReader::kOptional);
    h.origin = e.String("origin", FieldReader::kOptional);
    h.case_id = e.String("case", FieldReader::kOptional);
    h.source = e.String("source", FieldReader::kOptional);
    h.actor = e.String("actor", FieldReader::kOptional);
    h.at = e.Time("at").value_or(Timestamp{});
    lot.holds.push_back(std::move(h));
  });
  Each(r, "shipments", [&](FieldReader& e) {
    Shipment s;
    s.reference = e.String("reference", FieldReader::kOptional);
    s.location = e.String("location", FieldReader::kOptional);
    s.quantity = amount(e, "quantity");
    s.at = e.Time("at").value_or(Timestamp{});
    s.actor = e.String("actor", FieldReader::kOptional);
    lot.shipments.push_back(std::move(s));
  });
  if (const json::array* h = r.Array("history", FieldReader::kOptional)) {
    lot.history.reserve(h->size());
    for (const auto& seq : *h) {
      if (!seq.is_number()) return Status::Internal("lot '" + lot.id + "': bad history");
      lot.history.push_back(seq.to_number<uint64_t>());
    }
  }
  TAKT_RETURN_IF_ERROR(r.Finish());
  return lot;
}

json::object Encode(const Containment& c) {
  json::array sources, held;
  for (const auto& s : c.sources) sources.emplace_back(s);
  for (const auto& [id, source] : c.held) held.push_back(json::object{{"lot", id}, {"source", source}});
  return json::object{{"id", c.id},
                      {"status", c.open ? "open" : "released"},
                      {"reason", c.reason},
                      {"sources", std::move(sources)},
                      {"held", std::move(held)},
                      {"opened_at", FormatIso8601(c.opened_at)},
                      {"opened_by", c.opened_by},
                      {"released_at", OptTime(c.released_at)},
                      {"released_by", OptString(c.released_by)},
                      {"release_reason", OptString(c.release_reason)}};
}

Result<Containment> DecodeContainment(const json::value& v) {
  FieldReader r(v, "containment");
  Containment c;
  c.id = r.String("id");
  c.open = r.String("status") == "open";
  c.reason = r.String("reason", FieldReader::kOptional);
  if (const json::array* a = r.Array("sources"))
    for (const auto& s : *a) c.sources.emplace_back(s.is_string() ? s.get_string() : "");
  Each(r, "held", [&](FieldReader& e) { c.held.emplace_back(e.String("lot"), e.String("source")); });
  c.opened_at = r.Time("opened_at").value_or(Timestamp{});
  c.opened_by = r.String("opened_by", FieldReader::kOptional);
  c.released_at = r.Time("released_at", FieldReader::kOptional);
  c.released_by = r.String("released_by", FieldReader::kOptional);
  c.release_reason = r.String("release_reason", FieldReader::kOptional);
  TAKT_RETURN_IF_ERROR(r.Finish());
  return c;
}

}  // namespace takt::plant::inventory
