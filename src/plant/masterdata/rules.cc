#include "plant/masterdata/rules.h"

#include <set>

#include "plant/calendar/shift_calendar.h"
#include "plant/masterdata/refs.h"
#include "plant/masterdata/state_models.h"

namespace takt::plant {
namespace {

using namespace model;

Status UomRefs(const MasterData& md, const std::vector<Property>& props) {
  for (size_t i = 0; i < props.size(); ++i)
    if (!props[i].uom.empty())
      TAKT_RETURN_IF_ERROR(Ref(md.units, props[i].uom, "properties[" + std::to_string(i) + "].uom", "unit"));
  return Status::Ok();
}

// Instance properties declared by one of the instance's classes must keep the declared type.
template <typename Class>
Status TypedAsDeclared(const Table<Class>& classes, const std::vector<std::string>& class_ids,
                       const std::vector<Property>& props) {
  for (size_t i = 0; i < props.size(); ++i) {
    for (const auto& cid : class_ids) {
      auto c = classes.find(cid);
      if (c == classes.end()) continue;
      for (const auto& decl : c->second.properties) {
        if (decl.id == props[i].id && decl.type != props[i].type)
          return Status::Unprocessable(
              "property '" + decl.id + "' is declared " + PropertyTypeName(decl.type) + " by class '" + cid + "'",
              "properties[" + std::to_string(i) + "].type");
      }
    }
  }
  return Status::Ok();
}

bool AllowedParent(EquipmentLevel child, EquipmentLevel parent) {
  using L = EquipmentLevel;
  switch (child) {
    case L::kEnterprise:
      return false;
    case L::kSite:
      return parent == L::kEnterprise;
    case L::kArea:
      return parent == L::kSite;
    case L::kWorkCenter:
      return parent == L::kArea;
    case L::kWorkUnit:
      return parent == L::kWorkCenter;
    case L::kStorageZone:
      return parent == L::kSite || parent == L::kArea;
    case L::kStorageUnit:
      return parent == L::kStorageZone;
  }
  return false;
}

}  // namespace

Status Check(const MasterData& md, const UnitOfMeasure& v, const UnitOfMeasure* old) {
  if (old && old->dimension != v.dimension)
    return Status::Unprocessable("the dimension of a unit cannot change", "dimension");
  return Status::Ok();
}

Status Check(const MasterData& md, const EquipmentClass& v, const EquipmentClass*) {
  if (!v.state_model.empty() && !FindStateModel(md, v.state_model))
    return Status::Unprocessable("unknown state model '" + v.state_model + "'", "state_model");
  if (!v.setup_matrix.empty())
    TAKT_RETURN_IF_ERROR(Ref(md.setup_matrices, v.setup_matrix, "setup_matrix", "setup matrix"));
  return UomRefs(md, v.properties);
}
Status Check(const MasterData&, const SetupMatrix&, const SetupMatrix*) {
  return Status::Ok();  // the codec checks the rules; families are free names
}
Status Check(const MasterData& md, const MaterialClass& v, const MaterialClass*) {
  return UomRefs(md, v.properties);
}
Status Check(const MasterData& md, const PersonnelClass& v, const PersonnelClass*) {
  return UomRefs(md, v.properties);
}
Status Check(const MasterData&, const Qualification&, const Qualification*) {
  return Status::Ok();
}

// "an area", "a site": for messages about hierarchy levels.
std::string Article(EquipmentLevel l) {
  std::string name = EquipmentLevelName(l);
  return (name[0] == 'a' || name[0] == 'e' ? "an " : "a ") + name;
}

Status Check(const MasterData& md, const Equipment& v, const Equipment* old) {
  if (v.level == EquipmentLevel::kEnterprise) {
    if (!v.parent.empty()) return Status::Unprocessable("an enterprise has no parent", "parent");
  } else {
    if (v.parent.empty()) return Status::Invalid(Article(v.level) + " needs a parent", "parent");
    TAKT_RETURN_IF_ERROR(Ref(md.equipment, v.parent, "parent", "equipment"));
    const Equipment& parent = md.equipment.find(v.parent)->second;
    if (!AllowedParent(v.level, parent.level))
      return Status::Unprocessable(Article(v.level) + " cannot belong to " + Article(parent.level) +
                                       " (the ISA-95 hierarchy: enterprise, site, area, work_center, work_unit; "
                                       "storage_zone under a site or area, storage_unit under a storage_zone)",
                                   "parent");
    // Walk up from the new parent: reaching ourselves means a cycle.
    std::set<std::string> seen;
    for (const Equipment* p = &parent; p;) {
      if (p->meta.id == v.meta.id) return Status::Unprocessable("parent would create a cycle", "parent");
      if (!seen.insert(p->meta.id).second || p->parent.empty()) break;
      auto it = md.equipment.find(p->parent);
      p = it == md.equipment.end() ? nullptr : &it->second;
    }
  }
  if (v.level == EquipmentLevel::kSite && v.time_zone.empty())
    return Status::Invalid("a site needs a time_zone (IANA name, e.g. Europe/Paris)", "time_zone");
  if (!v.time_zone.empty() && !calendar::CheckTimeZone(v.time_zone).ok())
    return Status::Invalid("unknown time zone '" + v.time_zone + "': expected an IANA name, e.g. Europe/Paris",
                           "time_zone");
  if (old && old->level != v.level) {
    for (const auto& [id, e] : md.equipment)
      if (e.parent == v.meta.id && !e.meta.retired && !AllowedParent(e.level, v.level))
        return Status::Unprocessable("level change would orphan child '" + id + "'", "level");
  }
  TAKT_RETURN_IF_ERROR(Refs(md.equipment_classes, v.classes, "classes", "equipment class"));
  TAKT_RETURN_IF_ERROR(UomRefs(md, v.properties));
  return TypedAsDeclared(md.equipment_classes, v.classes, v.properties);
}

Status Check(const MasterData& md, const MaterialDefinition& v, const MaterialDefinition*) {
  TAKT_RETURN_IF_ERROR(Ref(md.units, v.uom, "uom", "unit"));
  TAKT_RETURN_IF_ERROR(Refs(md.material_classes, v.classes, "classes", "material class"));
  for (size_t i = 0; i < v.conversions.size(); ++i)
    TAKT_RETURN_IF_ERROR(Ref(md.units, v.conversions[i].uom, "conversions[" + std::to_string(i) + "].uom", "unit"));
  TAKT_RETURN_IF_ERROR(UomRefs(md, v.properties));
  return TypedAsDeclared(md.material_classes, v.classes, v.properties);
}

Status Check(const MasterData& md, const Person& v, const Person*) {
  TAKT_RETURN_IF_ERROR(Refs(md.personnel_classes, v.classes, "classes", "personnel class"));
  for (size_t i = 0; i < v.qualifications.size(); ++i)
    TAKT_RETURN_IF_ERROR(Ref(md.qualifications, v.qualifications[i].qualification,
                             "qualifications[" + std::to_string(i) + "].qualification", "qualification"));
  TAKT_RETURN_IF_ERROR(UomRefs(md, v.properties));
  return TypedAsDeclared(md.personnel_classes, v.classes, v.properties);
}

Status Check(const MasterData& md, const ProductDefinition& v, const ProductDefinition*) {
  TAKT_RETURN_IF_ERROR(Ref(md.material_definitions, v.product, "product", "material definition"));
  for (size_t i = 0; i < v.routing.size(); ++i) {
    const auto& op = v.routing[i];
    std::string at = "routing[" + std::to_string(i) + "].";
    if (!op.equipment_class.empty())
      TAKT_RETURN_IF_ERROR(Ref(md.equipment_classes, op.equipment_class, at + "equipment_class", "equipment class"));
    if (!op.work_center.empty()) {
      TAKT_RETURN_IF_ERROR(Ref(md.equipment, op.work_center, at + "work_center", "equipment"));
      if (md.equipment.find(op.work_center)->second.level != EquipmentLevel::kWorkCenter)
        return Status::Unprocessable("'" + op.work_center + "' is not a work center", at + "work_center");
    }
    if (!op.qualification.empty())
      TAKT_RETURN_IF_ERROR(Ref(md.qualifications, op.qualification, at + "qualification", "qualification"));
  }
  for (size_t i = 0; i < v.bom.size(); ++i) {
    const auto& line = v.bom[i];
    std::string at = "bom[" + std::to_string(i) + "].";
    TAKT_RETURN_IF_ERROR(Ref(md.material_definitions, line.material, at + "material", "material definition"));
    TAKT_RETURN_IF_ERROR(Ref(md.units, line.uom, at + "uom", "unit"));
    const auto& mat = md.material_definitions.find(line.material)->second;
    auto conv = Convert(md, mat, line.quantity, line.uom, mat.uom);
    if (!conv.ok()) return Status::Unprocessable(conv.status().message(), at + "uom");
    // One line per material and operation: consumption is booked against it.
    auto op_of = [&](const model::BomLine& l) {
      return l.operation.empty() && !v.routing.empty() ? v.routing.front().id : l.operation;
    };
    for (size_t k = 0; k < i; ++k)
      if (v.bom[k].material == line.material && op_of(v.bom[k]) == op_of(line))
        return Status::Unprocessable("material '" + line.material + "' is already on bom[" + std::to_string(k) +
                                         "] for the same operation: combine the lines",
                                     at + "material");
  }
  // BOM cycle: the product must not be reachable from its own inputs through the BOMs of
  // the other active product definitions.
  std::vector<std::string> stack;
  std::set<std::string> seen;
  for (size_t i = 0; i < v.bom.size(); ++i) {
    stack.assign(1, v.bom[i].material);
    seen.clear();
    while (!stack.empty()) {
      std::string m = std::move(stack.back());
      stack.pop_back();
      if (m == v.product)
        return Status::Unprocessable(
            "bill of materials cycle: '" + v.product + "' would contain itself via '" + v.bom[i].material + "'",
            "bom[" + std::to_string(i) + "].material");
      if (!seen.insert(m).second) continue;
      for (const auto& [id, pd] : md.product_definitions) {
        if (pd.meta.retired || pd.product != m || id == v.meta.id) continue;
        for (const auto& l : pd.bom) stack.push_back(l.material);
      }
    }
  }
  return Status::Ok();
}

Status Check(const MasterData& md, const MaterialLot& v, const MaterialLot* old) {
  TAKT_RETURN_IF_ERROR(Ref(md.material_definitions, v.material, "material", "material definition"));
  TAKT_RETURN_IF_ERROR(Ref(md.units, v.uom, "uom", "unit"));
  TAKT_RETURN_IF_ERROR(Ref(md.equipment, v.location, "location", "equipment"));
  auto level = md.equipment.find(v.location)->second.level;
  if (level != EquipmentLevel::kStorageZone && level != EquipmentLevel::kStorageUnit)
    return Status::Unprocessable("'" + v.location + "' is not a storage zone or storage unit", "location");
  const MaterialDefinition& material = md.material_definitions.find(v.material)->second;
  auto conv = Convert(md, material, v.quantity, v.uom, material.uom);
  if (!conv.ok()) return Status::Unprocessable(conv.status().message(), "uom");
  if (old) {
    if (old->material != v.material) return Status::Unprocessable("a lot's material cannot change", "material");
    if (old->quantity != v.quantity || old->uom != v.uom)
      return Status::Unprocessable("a lot's quantity changes only through inventory movements", "quantity");
  }
  return UomRefs(md, v.properties);
}

Status CheckRetire(const MasterData& md, Kind kind, const std::string& id) {
  if (kind != Kind::kEquipment) return Status::Ok();
  for (const auto& [cid, e] : md.equipment)
    if (e.parent == id && !e.meta.retired)
      return Status::Conflict("equipment '" + id + "' still has active child '" + cid + "'", "id");
  return Status::Ok();
}

Result<double> Convert(const MasterData& md, const MaterialDefinition& material, double qty, const std::string& from,
                       const std::string& to) {
  if (from == to) return qty;
  // Material-specific conversions are relative to the material's own unit.
  auto factor_to_material_unit = [&](const std::string& u) -> std::optional<double> {
    if (u == material.uom) return 1.0;
    auto unit = md.units.find(u);
    if (unit == md.units.end()) return std::nullopt;
    auto same_dimension = [&](const std::string& other) -> std::optional<double> {  // u per `other`
      auto o = md.units.find(other);
      if (o == md.units.end() || o->second.dimension != unit->second.dimension) return std::nullopt;
      return unit->second.factor / o->second.factor;
    };
    if (auto f = same_dimension(material.uom)) return f;
    // Through a material conversion in u's dimension: 500 g -> 0.5 kg -> 1 pcs.
    for (const auto& c : material.conversions)
      if (auto f = same_dimension(c.uom)) return *f * c.factor;
    return std::nullopt;
  };
  auto f = factor_to_material_unit(from), t = factor_to_material_unit(to);
  if (f && t) return qty * *f / *t;
  auto a = md.units.find(from), b = md.units.find(to);
  if (a != md.units.end() && b != md.units.end() && a->second.dimension == b->second.dimension)
    return qty * a->second.factor / b->second.factor;
  return Status::Unprocessable("cannot convert " + from + " to " + to + " for material '" + material.meta.id + "'");
}

}  // namespace takt::plant
