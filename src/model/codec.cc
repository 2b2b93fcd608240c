// JSON codecs of the resource model. Field names follow ISA-95 vocabulary in snake_case.
#include <algorithm>
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

std::string ElementPath(const FieldReader& r, std::string_view key, size_t i) {
  return r.PathOf(key) + "[" + std::to_string(i) + "]";
}

// Reads an array of ids, refusing duplicates.
std::vector<std::string> DecodeIds(FieldReader& r, std::string_view key) {
  std::vector<std::string> out;
  const json::array* a = r.Array(key, FieldReader::kOptional);
  if (!a) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    const auto& v = (*a)[i];
    if (!v.is_string() || !IsValidId(v.get_string())) {
      r.Fail(Code::kInvalidArgument, std::string(key) + "[" + std::to_string(i) + "]", "expected an id");
      return out;
    }
    std::string id(v.get_string());
    for (const auto& seen : out)
      if (seen == id) {
        r.Fail(Code::kInvalidArgument, std::string(key) + "[" + std::to_string(i) + "]", "duplicate '" + id + "'");
        return out;
      }
    out.push_back(std::move(id));
  }
  return out;
}

json::array EncodeIds(const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& s : ids) a.emplace_back(s);
  return a;
}

}  // namespace codec
using namespace codec;

std::vector<Property> DecodeProperties(FieldReader& r, bool need_value) {
  std::vector<Property> out;
  const json::array* a = r.Array("properties", FieldReader::kOptional);
  if (!a) return out;
  for (size_t i = 0; i < a->size() && r.ok(); ++i) {
    FieldReader p((*a)[i], ElementPath(r, "properties", i));
    Property prop;
    prop.id = p.Id("id");
    std::string type = p.String("type");
    prop.uom = p.Id("uom", FieldReader::kOptional);
    prop.description = p.String("description", FieldReader::kOptional);
    auto t = ParsePropertyType(type);
    if (p.ok() && !t) p.Fail(Code::kInvalidArgument, "type", "expected one of string, number, integer, boolean");
    if (p.ok()) {
      prop.type = *t;
      switch (prop.type) {
        case PropertyType::kString:
          if (p.Has("value") || need_value) prop.value = p.String("value");
          break;
        case PropertyType::kNumber:
          if (auto n = p.Number("value", need_value ? FieldReader::kRequired : FieldReader::kOptional)) {
            if (!std::isfinite(*n)) p.Fail(Code::kInvalidArgument, "value", "must be finite");
            prop.value = *n;
          }
          break;
        case PropertyType::kInteger:
          if (auto n = p.Integer("value", need_value ? FieldReader::kRequired : FieldReader::kOptional))
            prop.value = *n;
          break;
        case PropertyType::kBoolean:
          if (auto b = p.Bool("value", need_value ? FieldReader::kRequired : FieldReader::kOptional)) prop.value = *b;
          break;
      }
    }
    for (const auto& seen : out)
      if (seen.id == prop.id) p.Fail(Code::kInvalidArgument, "id", "duplicate property '" + prop.id + "'");
    r.Adopt(p);
    out.push_back(std::move(prop));
  }
  return out;
}

json::array EncodeProperties(const std::vector<Property>& props) {
  json::array a;
  for (const auto& p : props) {
    json::object o;
    o["id"] = p.id;
    o["type"] = PropertyTypeName(p.type);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, double>)
            o["value"] = Number(v);
          else if constexpr (!std::is_same_v<T, std::monostate>)
            o["value"] = v;
        },
        p.value);
    if (!p.uom.empty()) o["uom"] = p.uom;
    if (!p.description.empty()) o["description"] = p.description;
    a.push_back(std::move(o));
  }
  return a;
}

namespace codec {

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

// Equipment, material and personnel classes are the same shape: property declarations.
template <typename Class>
Status DecodeClass(FieldReader& r, Class& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.properties = DecodeProperties(r, /*need_value=*/false);
  });
}

template <typename Class>
json::object EncodeClass(const Class& v) {
  json::object o = Head(v.meta);
  o["properties"] = EncodeProperties(v.properties);
  EncodeMeta(v.meta, o);
  return o;
}

}  // namespace codec

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

// ---- units -------------------------------------------------------------------------------

Status Decode(FieldReader& r, UnitOfMeasure& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.dimension = r.Id("dimension");
    if (auto f = r.Number("factor", FieldReader::kOptional)) {
      if (!(*f > 0) || !std::isfinite(*f)) r.Fail(Code::kInvalidArgument, "factor", "must be a positive number");
      out.factor = *f;
    }
  });
}

json::object Encode(const UnitOfMeasure& v) {
  json::object o = Head(v.meta);
  o["dimension"] = v.dimension;
  o["factor"] = Number(v.factor);
  EncodeMeta(v.meta, o);
  return o;
}

// ---- classes -----------------------------------------------------------------------------

Status Decode(FieldReader& r, EquipmentClass& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.properties = DecodeProperties(r, /*need_value=*/false);
    out.state_model = r.Id("state_model", FieldReader::kOptional);
    out.setup_matrix = r.Id("setup_matrix", FieldReader::kOptional);
  });
}
Status Decode(FieldReader& r, MaterialClass& out) {
  return DecodeClass(r, out);
}
Status Decode(FieldReader& r, PersonnelClass& out) {
  return DecodeClass(r, out);
}
json::object Encode(const EquipmentClass& v) {
  json::object o = Head(v.meta);
  o["properties"] = EncodeProperties(v.properties);
  o["state_model"] = v.state_model.empty() ? json::value(nullptr) : json::value(v.state_model);
  o["setup_matrix"] = v.setup_matrix.empty() ? json::value(nullptr) : json::value(v.setup_matrix);
  EncodeMeta(v.meta, o);
  return o;
}
json::object Encode(const MaterialClass& v) {
  return EncodeClass(v);
}
json::object Encode(const PersonnelClass& v) {
  return EncodeClass(v);
}

// ---- equipment ---------------------------------------------------------------------------

Status Decode(FieldReader& r, Equipment& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    std::string level = r.String("level");
    if (r.ok()) {
      auto l = ParseEquipmentLevel(level);
      if (!l)
        r.Fail(Code::kInvalidArgument, "level",
               "expected one of enterprise, site, area, work_center, work_unit, storage_zone, storage_unit");
      else
        out.level = *l;
    }
    out.parent = r.Id("parent", FieldReader::kOptional);
    out.classes = DecodeIds(r, "classes");
    out.properties = DecodeProperties(r, true);
    out.time_zone = r.String("time_zone", FieldReader::kOptional);
  });
}

json::object Encode(const Equipment& v) {
  json::object o = Head(v.meta);
  o["level"] = EquipmentLevelName(v.level);
  o["parent"] = v.parent.empty() ? json::value(nullptr) : json::value(v.parent);
  o["classes"] = EncodeIds(v.classes);
  o["properties"] = EncodeProperties(v.properties);
  if (!v.time_zone.empty()) o["time_zone"] = v.time_zone;
  EncodeMeta(v.meta, o);
  return o;
}

// ---- material ----------------------------------------------------------------------------

Status Decode(FieldReader& r, MaterialDefinition& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.uom = r.Id("uom");
    out.classes = DecodeIds(r, "classes");
    out.properties = DecodeProperties(r, true);
    if (const json::array* a = r.Array("conversions", FieldReader::kOptional)) {
      for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        FieldReader c((*a)[i], ElementPath(r, "conversions", i));
        UnitConversion conv;
        conv.uom = c.Id("uom");
        auto f = c.Number("factor");
        if (f && (!(*f > 0) || !std::isfinite(*f)))
          c.Fail(Code::kInvalidArgument, "factor", "must be a positive number");
        if (f) conv.factor = *f;
        r.Adopt(c);
        out.conversions.push_back(conv);
      }
    }
  });
}

json::object Encode(const MaterialDefinition& v) {
  json::object o = Head(v.meta);
  o["uom"] = v.uom;
  o["classes"] = EncodeIds(v.classes);
  o["properties"] = EncodeProperties(v.properties);
  json::array conv;
  for (const auto& c : v.conversions) conv.push_back(json::object{{"uom", c.uom}, {"factor", Number(c.factor)}});
  o["conversions"] = std::move(conv);
  EncodeMeta(v.meta, o);
  return o;
}

// ---- personnel ---------------------------------------------------------------------------

Status Decode(FieldReader& r, Qualification& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.validity_days = r.Integer("validity_days", FieldReader::kOptional);
    if (out.validity_days && *out.validity_days <= 0)
      r.Fail(Code::kInvalidArgument, "validity_days", "must be positive");
  });
}

json::object Encode(const Qualification& v) {
  json::object o = Head(v.meta);
  o["validity_days"] = v.validity_days ? json::value(*v.validity_days) : json::value(nullptr);
  EncodeMeta(v.meta, o);
  return o;
}

Status Decode(FieldReader& r, Person& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.name = r.String("name");
    if (r.ok() && out.name.empty()) r.Fail(Code::kInvalidArgument, "name", "must not be empty");
    out.classes = DecodeIds(r, "classes");
    out.properties = DecodeProperties(r, true);
    if (const json::array* a = r.Array("qualifications", FieldReader::kOptional)) {
      for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        FieldReader q((*a)[i], ElementPath(r, "qualifications", i));
        QualificationResult res;
        res.qualification = q.Id("qualification");
        std::string result = q.String("result", FieldReader::kOptional);
        if (!result.empty() && result != "pass" && result != "fail")
          q.Fail(Code::kInvalidArgument, "result", "expected pass or fail");
        res.passed = result != "fail";
        if (auto t = ReadTime(q, "tested_at", FieldReader::kRequired)) res.tested_at = *t;
        res.expires_at = ReadTime(q, "expires_at", FieldReader::kOptional);
        if (q.ok() && res.expires_at && *res.expires_at <= res.tested_at)
          q.Fail(Code::kInvalidArgument, "expires_at", "must be after tested_at");
        r.Adopt(q);
        out.qualifications.push_back(res);
      }
    }
  });
}

json::object Encode(const Person& v) {
  json::object o = Head(v.meta);
  o["name"] = v.name;
  o["classes"] = EncodeIds(v.classes);
  o["properties"] = EncodeProperties(v.properties);
  json::array qs;
  for (const auto& q : v.qualifications) {
    json::object e;
    e["qualification"] = q.qualification;
    e["result"] = q.passed ? "pass" : "fail";
    e["tested_at"] = FormatIso8601(q.tested_at);
    e["expires_at"] = q.expires_at ? json::value(FormatIso8601(*q.expires_at)) : json::value(nullptr);
    qs.push_back(std::move(e));
  }
  o["qualifications"] = std::move(qs);
  EncodeMeta(v.meta, o);
  return o;
}

// ---- product definitions -----------------------------------------------------------------

Status Decode(FieldReader& r, ProductDefinition& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.product = r.Id("product");
    if (const json::array* a = r.Array("routing", FieldReader::kOptional)) {
      for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        FieldReader o((*a)[i], ElementPath(r, "routing", i));
        RoutingOperation op;
        op.id = o.Id("id");
        op.description = o.String("description", FieldReader::kOptional);
        op.equipment_class = o.Id("equipment_class", FieldReader::kOptional);
        op.work_center = o.Id("work_center", FieldReader::kOptional);
        if (o.ok() && op.equipment_class.empty() == op.work_center.empty())
          o.Fail(Code::kInvalidArgument, "equipment_class", "give exactly one of equipment_class and work_center");
        auto setup = o.Number("setup_time_s", FieldReader::kOptional);
        auto run = o.Number("run_time_per_unit_s", FieldReader::kOptional);
        if (setup && !(*setup >= 0 && std::isfinite(*setup)))
          o.Fail(Code::kInvalidArgument, "setup_time_s", "must be >= 0");
        if (run && !(*run >= 0 && std::isfinite(*run)))
          o.Fail(Code::kInvalidArgument, "run_time_per_unit_s", "must be >= 0");
        op.setup_time_s = setup.value_or(0);
        op.run_time_per_unit_s = run.value_or(0);
        op.qualification = o.Id("qualification", FieldReader::kOptional);
        op.may_pause = o.Bool("may_pause", FieldReader::kOptional).value_or(false);
        op.setup_family = o.Id("setup_family", FieldReader::kOptional);
        if (o.Has("predecessors")) {
          op.predecessors = DecodeIds(o, "predecessors");
          for (size_t k = 0; k < op.predecessors.size() && o.ok(); ++k)
            if (std::none_of(out.routing.begin(), out.routing.end(),
                             [&](const RoutingOperation& s) { return s.id == op.predecessors[k]; }))
              o.Fail(Code::kUnprocessable, "predecessors[" + std::to_string(k) + "]",
                     "no earlier routing operation '" + op.predecessors[k] + "' (list steps in execution order)");
        } else {
          o.Array("predecessors", FieldReader::kOptional);  // null means absent
          if (!out.routing.empty()) op.predecessors = {out.routing.back().id};
        }
        for (const auto& seen : out.routing)
          if (seen.id == op.id) o.Fail(Code::kInvalidArgument, "id", "duplicate operation '" + op.id + "'");
        r.Adopt(o);
        out.routing.push_back(std::move(op));
      }
      // One end: the last step is the order's output, so every branch must join before it.
      for (size_t i = 0; i + 1 < out.routing.size() && r.ok(); ++i) {
        const std::string& id = out.routing[i].id;
        bool leads =
            std::any_of(out.routing.begin() + static_cast<std::ptrdiff_t>(i) + 1, out.routing.end(),
                        [&](const RoutingOperation& s) {
                          return std::find(s.predecessors.begin(), s.predecessors.end(), id) != s.predecessors.end();
                        });
        if (!leads)
          r.Fail(Code::kUnprocessable, "routing[" + std::to_string(i) + "].id",
                 "operation '" + id + "' leads to no later step: every branch must join before the last operation");
      }
    }
    if (const json::array* a = r.Array("bom", FieldReader::kOptional)) {
      for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        FieldReader b((*a)[i], ElementPath(r, "bom", i));
        BomLine line;
        line.material = b.Id("material");
        auto q = b.Number("quantity");
        if (q && !(*q > 0 && std::isfinite(*q))) b.Fail(Code::kInvalidArgument, "quantity", "must be positive");
        line.quantity = q.value_or(0);
        line.uom = b.Id("uom");
        auto scrap = b.Number("scrap_allowance", FieldReader::kOptional);
        if (scrap && !(*scrap >= 0 && *scrap < 10))
          b.Fail(Code::kInvalidArgument, "scrap_allowance", "must be a fraction >= 0, e.g. 0.02");
        line.scrap_allowance = scrap.value_or(0);
        line.operation = b.Id("operation", FieldReader::kOptional);
        line.backflush = b.Bool("backflush", FieldReader::kOptional).value_or(false);
        if (b.ok() && !line.operation.empty()) {
          bool found = false;
          for (const auto& op : out.routing) found |= op.id == line.operation;
          if (!found) b.Fail(Code::kUnprocessable, "operation", "no routing operation '" + line.operation + "'");
        }
        r.Adopt(b);
        out.bom.push_back(std::move(line));
      }
    }
  });
}

json::object Encode(const ProductDefinition& v) {
  json::object o = Head(v.meta);
  o["product"] = v.product;
  json::array bom;
  for (const auto& l : v.bom) {
    json::object e;
    e["material"] = l.material;
    e["quantity"] = Number(l.quantity);
    e["uom"] = l.uom;
    e["scrap_allowance"] = Number(l.scrap_allowance);
    e["operation"] = l.operation.empty() ? json::value(nullptr) : json::value(l.operation);
    e["backflush"] = l.backflush;
    bom.push_back(std::move(e));
  }
  o["bom"] = std::move(bom);
  json::array routing;
  for (size_t i = 0; i < v.routing.size(); ++i) {
    const RoutingOperation& op = v.routing[i];
    json::object e;
    e["id"] = op.id;
    e["description"] = op.description;
    if (!op.equipment_class.empty()) e["equipment_class"] = op.equipment_class;
    if (!op.work_center.empty()) e["work_center"] = op.work_center;
    e["setup_time_s"] = Number(op.setup_time_s);
    e["run_time_per_unit_s"] = Number(op.run_time_per_unit_s);
    e["qualification"] = op.qualification.empty() ? json::value(nullptr) : json::value(op.qualification);
    e["may_pause"] = op.may_pause;
    e["setup_family"] = op.setup_family.empty() ? json::value(nullptr) : json::value(op.setup_family);
    // Only where the routing branches: a step that follows the one before says nothing, so a
    // client may insert a step into a chain without rewriting the next one.
    const bool chain =
        i == 0 ? op.predecessors.empty() : op.predecessors.size() == 1 && op.predecessors[0] == v.routing[i - 1].id;
    if (!chain) e["predecessors"] = EncodeIds(op.predecessors);
    routing.push_back(std::move(e));
  }
  o["routing"] = std::move(routing);
  EncodeMeta(v.meta, o);
  return o;
}

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
