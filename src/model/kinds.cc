#include "model/kinds.h"

#include "model/contract.h"

namespace takt::model {
namespace {

struct KindInfo {
  Kind kind;
  std::string_view name;
  std::string_view collection;
};

constexpr KindInfo kInfo[] = {
    {Kind::kUnit, "unit", "units"},
    {Kind::kEquipmentClass, "equipment_class", "equipment-classes"},
    {Kind::kEquipment, "equipment", "equipment"},
    {Kind::kMaterialClass, "material_class", "material-classes"},
    {Kind::kMaterialDefinition, "material_definition", "material-definitions"},
    {Kind::kPersonnelClass, "personnel_class", "personnel-classes"},
    {Kind::kPerson, "person", "persons"},
    {Kind::kQualification, "qualification", "qualifications"},
    {Kind::kProductDefinition, "product_definition", "product-definitions"},
    {Kind::kStateModel, "state_model", "state-models"},
    {Kind::kDowntimeReason, "downtime_reason", "downtime-reasons"},
    {Kind::kShiftCalendar, "shift_calendar", "shift-calendars"},
    {Kind::kSignalMapping, "signal_mapping", "signal-mappings"},
    {Kind::kSetupMatrix, "setup_matrix", "setup-matrices"},
};

}  // namespace

std::string_view KindName(Kind k) {
  return kInfo[static_cast<int>(k)].name;
}
std::string_view KindCollection(Kind k) {
  return kInfo[static_cast<int>(k)].collection;
}

std::optional<Kind> ParseKindName(std::string_view name) {
  for (const auto& i : kInfo)
    if (i.name == name) return i.kind;
  return std::nullopt;
}

std::optional<Kind> ParseKindCollection(std::string_view collection) {
  for (const auto& i : kInfo)
    if (i.collection == collection) return i.kind;
  return std::nullopt;
}

std::vector<std::string_view> KindFilters(Kind k) {
  switch (k) {
    case Kind::kUnit:
      return {"dimension"};
    case Kind::kEquipment:
      return {"level", "parent", "classes"};
    case Kind::kMaterialDefinition:
      return {"uom", "classes"};
    case Kind::kPerson:
      return {"classes"};
    case Kind::kProductDefinition:
      return {"product"};
    case Kind::kDowntimeReason:
      return {"parent"};
    case Kind::kShiftCalendar:
      return {"scope"};
    case Kind::kSignalMapping:
      return {"group", "edge_node", "device", "work_unit"};
    default:
      return {};
  }
}

const char* PropertyTypeName(PropertyType t) {
  return contract::NameOf(t).data();
}

std::optional<PropertyType> ParsePropertyType(std::string_view s) {
  return contract::ParseName<PropertyType>(s);
}

const char* LotStatusName(LotStatus s) {
  return contract::NameOf(s).data();
}

const char* EquipmentLevelName(EquipmentLevel l) {
  return contract::NameOf(l).data();
}

std::optional<EquipmentLevel> ParseEquipmentLevel(std::string_view s) {
  return contract::ParseName<EquipmentLevel>(s);
}

}  // namespace takt::model
