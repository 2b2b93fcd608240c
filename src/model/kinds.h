// The resource kinds of the model, their names, and their JSON codecs.
#pragma once

#include <string_view>

#include "core/json.h"
#include "model/resources.h"

namespace takt::model {

enum class Kind {
  kUnit,
  kEquipmentClass,
  kEquipment,
  kMaterialClass,
  kMaterialDefinition,
  kPersonnelClass,
  kPerson,
  kQualification,
  kProductDefinition,
  kStateModel,
  kDowntimeReason,
  kShiftCalendar,
  kSignalMapping,
  kSetupMatrix,
};
inline constexpr Kind kAllKinds[] = {Kind::kUnit,          Kind::kEquipmentClass,     Kind::kEquipment,
                                     Kind::kMaterialClass, Kind::kMaterialDefinition, Kind::kPersonnelClass,
                                     Kind::kPerson,        Kind::kQualification,      Kind::kProductDefinition,
                                     Kind::kStateModel,    Kind::kDowntimeReason,     Kind::kShiftCalendar,
                                     Kind::kSignalMapping, Kind::kSetupMatrix};

// "equipment_class": the name used in events and snapshots.
std::string_view KindName(Kind k);
std::optional<Kind> ParseKindName(std::string_view name);
// "equipment-classes": the REST collection name.
std::string_view KindCollection(Kind k);
std::optional<Kind> ParseKindCollection(std::string_view collection);
// Top-level fields a list may be filtered by (string equality, or membership for arrays).
std::vector<std::string_view> KindFilters(Kind k);

// Decoding reads a resource document (model/contract.h describes each): "id", "description"
// and the kind's fields. Meta fields other than id and description are read-only and ignored;
// unknown fields are refused, and errors name the offending field's path. Of the meta fields,
// fills `id` and `description` only. Defined for every resource kind.
template <typename T>
Status Decode(const json::value& doc, T& out);
// Also defined for the lot receipt document (lots live in inventory, not among the resources).

// Encoding writes the full document, meta included.
json::object Encode(const UnitOfMeasure& v);
json::object Encode(const EquipmentClass& v);
json::object Encode(const Equipment& v);
json::object Encode(const MaterialClass& v);
json::object Encode(const MaterialDefinition& v);
json::object Encode(const PersonnelClass& v);
json::object Encode(const Person& v);
json::object Encode(const Qualification& v);
json::object Encode(const ProductDefinition& v);
json::object Encode(const StateModel& v);
json::object Encode(const DowntimeReason& v);
json::object Encode(const ShiftCalendar& v);
json::object Encode(const SignalMapping& v);
json::object Encode(const SetupMatrix& v);
json::object Encode(const MaterialLot& v);

// The "properties" array of a document. `need_value`: instances must carry a value; class
// declarations may omit it.
std::vector<Property> DecodeProperties(FieldReader& r, bool need_value);
json::array EncodeProperties(const std::vector<Property>& props);

// Meta fields, used by snapshots to restore exactly what the journal built.
void EncodeMeta(const Meta& m, json::object& o);
Status DecodeMeta(const json::object& o, Meta& m);

}  // namespace takt::model
