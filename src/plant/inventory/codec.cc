// Lots as JSON, for the API and for snapshots (Decode(Encode(lot)) == lot).
#include "plant/inventory/inventory.h"

namespace takt::plant::inventory {
namespace {

json::value OptTime(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatIso8601(*t)) : json::value(nullptr);
}

}  // namespace

json::object Encode(const Lot& lot) {
  json::object o{{"id", lot.id},
                 {"material", lot.material},
                 {"uom", lot.uom},
                 {"status", model::LotStatusName(lot.status)},
                 {"status_reason", lot.status_reason},
                 {"serial", lot.serial},
                 {"supplier", lot.supplier},
                 {"supplier_lot", lot.supplier_lot},
                 {"expires_at", OptTime(lot.expires_at)},
                 {"properties", model::EncodeProperties(lot.properties)},
                 {"work_order", lot.work_order},
                 {"operation", lot.operation},
                 {"quantity", ToJson(lot.total())},
                 {"initial", ToJson(lot.initial)},
                 {"consumed", ToJson(lot.consumed)},
                 {"scrapped", ToJson(lot.scrapped)},
                 {"shipped", ToJson(lot.shipped)},
                 {"adjusted", ToJson(lot.adjusted)},
                 {"last_shipment", lot.last_shipment},
                 {"created_at", FormatIso8601(lot.created_at)},
                 {"created_by", lot.created_by},
                 {"updated_at", FormatIso8601(lot.updated_at)}};
  json::array where;
  for (const auto& [loc, q] : lot.on_hand) where.push_back(json::object{{"location", loc}, {"quantity", ToJson(q)}});
  o["locations"] = std::move(where);
  return o;
}

Result<Lot> DecodeLot(const json::value& v) {
  FieldReader r(v, "lot");
  Lot lot;
  lot.id = r.String("id");
  lot.material = r.String("material");
  lot.uom = r.String("uom");
  auto status = model::ParseLotStatus(r.String("status"));
  lot.status_reason = r.String("status_reason", FieldReader::kOptional);
  lot.serial = r.Bool("serial").value_or(false);
  lot.supplier = r.String("supplier", FieldReader::kOptional);
  lot.supplier_lot = r.String("supplier_lot", FieldReader::kOptional);
  lot.expires_at = r.Time("expires_at", FieldReader::kOptional);
  lot.properties = model::DecodeProperties(r, true);
  lot.work_order = r.String("work_order", FieldReader::kOptional);
  lot.operation = r.String("operation", FieldReader::kOptional);
  r.Ignore("quantity");
  auto amount = [&](std::string_view k) { return r.StoredAmount(k).value_or(Quantity()); };
  lot.initial = amount("initial");
  lot.consumed = amount("consumed");
  lot.scrapped = amount("scrapped");
  lot.shipped = amount("shipped");
  lot.adjusted = amount("adjusted");
  lot.last_shipment = r.String("last_shipment", FieldReader::kOptional);
  lot.created_at = r.Time("created_at").value_or(Timestamp{});
  lot.created_by = r.String("created_by", FieldReader::kOptional);
  lot.updated_at = r.Time("updated_at").value_or(Timestamp{});
  if (const json::array* where = r.Array("locations")) {
    for (const auto& w : *where) {
      FieldReader wr(w, "lot.locations");
      std::string loc = wr.String("location");
      auto q = wr.StoredAmount("quantity");
      r.Adopt(wr);
      if (q) lot.on_hand[loc] = *q;
    }
  }
  TAKT_RETURN_IF_ERROR(r.Finish());
  if (!status) return Status::Internal("lot '" + lot.id + "': bad status");
  lot.status = *status;
  return lot;
}

}  // namespace takt::plant::inventory
