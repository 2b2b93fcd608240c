// JSON codecs of the resource model, derived from the descriptions in model/contract.h.
#include "model/contract.h"
#include "model/kinds.h"

namespace takt::model {

template <typename T>
Status Decode(const json::value& doc, T& out) {
  auto v = contract::Decode<T>(doc);
  if (!v.ok()) return v.status();
  out = std::move(v).value();
  return Status::Ok();
}

#define TAKT_MODEL_CODEC(T)                                  \
  template Status Decode<T>(const json::value& doc, T& out); \
  json::object Encode(const T& v) {                          \
    return contract::Encode(v).as_object();                  \
  }
TAKT_MODEL_CODEC(UnitOfMeasure)
TAKT_MODEL_CODEC(EquipmentClass)
TAKT_MODEL_CODEC(Equipment)
TAKT_MODEL_CODEC(MaterialClass)
TAKT_MODEL_CODEC(MaterialDefinition)
TAKT_MODEL_CODEC(PersonnelClass)
TAKT_MODEL_CODEC(Person)
TAKT_MODEL_CODEC(Qualification)
TAKT_MODEL_CODEC(ProductDefinition)
TAKT_MODEL_CODEC(StateModel)
TAKT_MODEL_CODEC(DowntimeReason)
TAKT_MODEL_CODEC(ShiftCalendar)
TAKT_MODEL_CODEC(SignalMapping)
TAKT_MODEL_CODEC(SetupMatrix)
TAKT_MODEL_CODEC(MaterialLot)
#undef TAKT_MODEL_CODEC

std::vector<Property> DecodeProperties(FieldReader& r, bool need_value) {
  std::vector<Property> out;
  const json::value* v = r.Any("properties", FieldReader::kOptional);
  if (!v) return out;
  contract::Decoder d;
  contract::Codec<std::vector<Property>>::Read(*v, {}, out, d, "properties");
  for (size_t i = 0; d.ok() && need_value && i < out.size(); ++i)
    if (std::holds_alternative<std::monostate>(out[i].value))
      d.Invalid("properties[" + std::to_string(i) + "].value", "missing required field");
  if (!d.ok()) r.Fail(d.status().code(), d.status().field(), d.status().message());
  return out;
}

json::array EncodeProperties(const std::vector<Property>& props) {
  return contract::Encode(props).as_array();
}

void EncodeMeta(const Meta& m, json::object& o) {
  o["version"] = m.version;
  o["retired"] = m.retired;
  o["created_at"] = FormatIso8601(m.created_at);
  o["updated_at"] = FormatIso8601(m.updated_at);
  o["updated_by"] = m.updated_by;
}

Status DecodeMeta(const json::object& o, Meta& m) {
  try {
    m.version = o.at("version").as_int64();
    m.retired = o.at("retired").as_bool();
    auto c = ParseIso8601(std::string_view(o.at("created_at").as_string()));
    auto u = ParseIso8601(std::string_view(o.at("updated_at").as_string()));
    if (!c || !u) return Status::Internal("bad timestamps in meta");
    m.created_at = *c;
    m.updated_at = *u;
    m.updated_by = std::string(o.at("updated_by").as_string());
  } catch (const std::exception& e) {
    return Status::Internal(std::string("bad meta: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace takt::model
