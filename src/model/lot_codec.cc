// The lot receipt document (lots live in inventory, not among the resources).
#include <cmath>

#include "model/codec_util.h"
#include "model/kinds.h"

namespace takt::model {
namespace codec {

constexpr const char* kReadOnly[] = {"version", "retired", "created_at", "updated_at", "updated_by"};

void DecodeHead(FieldReader& r, Meta& m) {
  m.id = r.Id("id");
  m.description = r.String("description", FieldReader::kOptional);
  for (const char* k : kReadOnly) r.Ignore(k);
}

json::object Head(const Meta& m) {
  json::object o;
  o["id"] = m.id;
  o["description"] = m.description;
  return o;
}

std::optional<Timestamp> ReadTime(FieldReader& r, std::string_view key, FieldReader::Need need) {
  std::string s = r.String(key, need);
  if (s.empty()) return std::nullopt;
  auto t = ParseIso8601(s);
  if (!t) r.Fail(Code::kInvalidArgument, key, "expected an ISO 8601 date or UTC time, e.g. 2026-11-21T08:00:00Z");
  return t;
}

}  // namespace codec
using namespace codec;

// ---- material lots ----------------------------------------------------------------------

Status Decode(FieldReader& r, MaterialLot& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.material = r.Id("material");
    auto q = r.Number("quantity");
    if (q && !(*q > 0 && std::isfinite(*q))) r.Fail(Code::kInvalidArgument, "quantity", "must be positive");
    out.quantity = q.value_or(0);
    out.uom = r.Id("uom", FieldReader::kOptional);  // empty: the material's own unit
    out.location = r.Id("location");
    std::string status = r.String("status", FieldReader::kOptional);
    if (!status.empty()) {
      if (auto st = ParseLotStatus(status))
        out.status = *st;
      else
        r.Fail(Code::kInvalidArgument, "status", "expected available, quarantine, on_hold, expired or consumed");
    }
    out.supplier = r.String("supplier", FieldReader::kOptional);
    out.supplier_lot = r.String("supplier_lot", FieldReader::kOptional);
    out.expires_at = ReadTime(r, "expires_at", FieldReader::kOptional);
    out.properties = DecodeProperties(r, true);
  });
}

json::object Encode(const MaterialLot& v) {
  json::object o = Head(v.meta);
  o["material"] = v.material;
  o["quantity"] = Number(v.quantity);
  o["uom"] = v.uom;
  o["location"] = v.location;
  o["status"] = LotStatusName(v.status);
  o["supplier"] = v.supplier;
  o["supplier_lot"] = v.supplier_lot;
  o["expires_at"] = v.expires_at ? json::value(FormatIso8601(*v.expires_at)) : json::value(nullptr);
  o["properties"] = EncodeProperties(v.properties);
  EncodeMeta(v.meta, o);
  return o;
}

}  // namespace takt::model
