// The ISA-95 Part 2 resource model as plain data: equipment, material, personnel and
// product definitions. No behaviour beyond small queries; rules live in src/plant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/time.h"
#include "model/machine.h"
#include "model/meta.h"

namespace takt::model {

enum class PropertyType { kString, kNumber, kInteger, kBoolean };
const char* PropertyTypeName(PropertyType t);
std::optional<PropertyType> ParsePropertyType(std::string_view s);

using PropertyValue = std::variant<std::monostate, std::string, double, int64_t, bool>;

// A named, typed property. On a class it declares the property (value = default, optional);
// on an instance it carries the value.
struct Property {
  std::string id;
  PropertyType type = PropertyType::kString;
  PropertyValue value;
  std::string uom;  // unit of measure id, optional
  std::string description;
};

// Units of measure: every unit belongs to a dimension and converts to the dimension's base
// unit by a factor (kg: mass 1; g: mass 0.001).
struct UnitOfMeasure {
  Meta meta;
  std::string dimension;  // mass, length, volume, count, time, area, energy, ...
  double factor = 1.0;    // one of this unit = factor base units
};

// ISA-95 role-based equipment hierarchy levels, plus storage.
enum class EquipmentLevel { kEnterprise, kSite, kArea, kWorkCenter, kWorkUnit, kStorageZone, kStorageUnit };
const char* EquipmentLevelName(EquipmentLevel l);
std::optional<EquipmentLevel> ParseEquipmentLevel(std::string_view s);

struct EquipmentClass {
  Meta meta;
  std::vector<Property> properties;  // declarations
  std::string state_model;           // how its machines' states count (default: "simple")
  std::string setup_matrix;          // changeover times between setup families on its units, optional
};

// One changeover: from a setup family to another; "*" stands for any family.
struct SetupRule {
  std::string from;
  std::string to;
  double setup_time_s = 0;
};

// Sequence-dependent setup (changeover) times of the units of an equipment class. Staying in a
// family needs no changeover unless a rule names that family on both sides; otherwise the most
// specific rule applies (both named, then `from` named, then `to` named, then "*" to "*"), and
// no rule means none.
struct SetupMatrix {
  Meta meta;
  std::vector<SetupRule> rules;
};

struct Equipment {
  Meta meta;
  EquipmentLevel level = EquipmentLevel::kWorkUnit;
  std::string parent;  // empty only for an enterprise
  std::vector<std::string> classes;
  std::vector<Property> properties;
  std::string time_zone;  // IANA name; required on sites
};

struct MaterialClass {
  Meta meta;
  std::vector<Property> properties;
};

// A material-specific conversion: one `uom` of this material is `factor` of the material's own uom
// (a steel bar in kg with {"uom":"pcs","factor":2.5}: one bar weighs 2.5 kg).
struct UnitConversion {
  std::string uom;
  double factor = 1.0;
};

struct MaterialDefinition {
  Meta meta;
  std::string uom;  // the unit stock and BOMs are kept in
  std::vector<std::string> classes;
  std::vector<Property> properties;
  std::vector<UnitConversion> conversions;
};

// Lot status gates use: only an available lot may be consumed or shipped.
enum class LotStatus { kAvailable, kQuarantine, kOnHold, kExpired, kConsumed };
const char* LotStatusName(LotStatus s);

// The receipt of an ISA-95 material lot: an identified quantity of one material definition
// arriving at a storage location (from a supplier or ERP). Inventory keeps the lot; its quantity
// then changes only through movements. The lot.received event journals this document.
struct MaterialLot {
  std::string id;
  std::string description;
  std::string material;  // material definition
  double quantity = 0;   // as received, in `uom` (empty in a request: the material's unit)
  std::string uom;
  std::string location;  // storage zone or storage unit
  LotStatus status = LotStatus::kAvailable;
  std::string supplier;
  std::string supplier_lot;
  std::optional<Timestamp> expires_at;
  std::vector<Property> properties;
};

struct PersonnelClass {
  Meta meta;
  std::vector<Property> properties;
};

// ISA-95 qualification test specification: what a person must pass to do some work.
struct Qualification {
  Meta meta;
  std::optional<int64_t> validity_days;  // default validity of a passed test
};

// ISA-95 qualification test result held by a person.
struct QualificationResult {
  std::string qualification;
  bool passed = true;
  Timestamp tested_at;
  std::optional<Timestamp> expires_at;
};

struct Person {
  Meta meta;
  std::string name;
  std::vector<std::string> classes;
  std::vector<Property> properties;
  std::vector<QualificationResult> qualifications;
};

struct BomLine {
  std::string material;
  double quantity = 0;  // per one output unit, in `uom`
  std::string uom;
  double scrap_allowance = 0;  // fraction added on top of quantity, 0.02 = 2 %
  std::string operation;       // routing operation that consumes it; empty = first
  bool backflush = false;      // consumed automatically on operation completion
};

// One routing step (ISA-95 process segment as used by a product definition).
struct RoutingOperation {
  std::string id;
  std::string description;
  std::string equipment_class;  // exactly one of equipment_class and work_center
  std::string work_center;
  double setup_time_s = 0;
  double run_time_per_unit_s = 0;
  std::string qualification;  // required of the operator, optional
  bool may_pause = false;     // may stop over planned downtime and resume; otherwise must fit between
  std::string setup_family;   // tooling it needs, for the unit's setup matrix; empty: none
  // Earlier steps that must complete before this one starts. Decoding fills it in when absent:
  // the previous step (a plain routing). Several join branches at an assembly; an empty list
  // starts a branch. Every step but the last leads to a later one, so all branches join.
  std::vector<std::string> predecessors;
};

struct ProductDefinition {
  Meta meta;
  std::string product;  // the material definition produced
  std::vector<BomLine> bom;
  std::vector<RoutingOperation> routing;  // in execution order
};

}  // namespace takt::model
