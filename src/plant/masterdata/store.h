// The resource tables of the plant, keyed by id and ordered (lists page by id).
#pragma once

#include <map>
#include <string>
#include <type_traits>

#include "model/kinds.h"

namespace takt::plant {

template <typename T>
using Table = std::map<std::string, T, std::less<>>;

struct MasterData {
  Table<model::UnitOfMeasure> units;
  Table<model::EquipmentClass> equipment_classes;
  Table<model::Equipment> equipment;
  Table<model::MaterialClass> material_classes;
  Table<model::MaterialDefinition> material_definitions;
  Table<model::PersonnelClass> personnel_classes;
  Table<model::Person> persons;
  Table<model::Qualification> qualifications;
  Table<model::ProductDefinition> product_definitions;
  Table<model::StateModel> state_models;
  Table<model::DowntimeReason> downtime_reasons;
  Table<model::ShiftCalendar> shift_calendars;
  Table<model::SignalMapping> signal_mappings;
  Table<model::SetupMatrix> setup_matrices;

  template <typename T>
  Table<T>& table();
  template <typename T>
  const Table<T>& table() const {
    return const_cast<MasterData*>(this)->table<T>();
  }
};

template <typename T>
struct KindOf;
#define TAKT_KIND(Type, KindValue, Member)                       \
  template <>                                                    \
  struct KindOf<model::Type> {                                   \
    static constexpr model::Kind value = model::Kind::KindValue; \
  };                                                             \
  template <>                                                    \
  inline Table<model::Type>& MasterData::table<model::Type>() {  \
    return Member;                                               \
  }
TAKT_KIND(UnitOfMeasure, kUnit, units)
TAKT_KIND(EquipmentClass, kEquipmentClass, equipment_classes)
TAKT_KIND(Equipment, kEquipment, equipment)
TAKT_KIND(MaterialClass, kMaterialClass, material_classes)
TAKT_KIND(MaterialDefinition, kMaterialDefinition, material_definitions)
TAKT_KIND(PersonnelClass, kPersonnelClass, personnel_classes)
TAKT_KIND(Person, kPerson, persons)
TAKT_KIND(Qualification, kQualification, qualifications)
TAKT_KIND(ProductDefinition, kProductDefinition, product_definitions)
TAKT_KIND(StateModel, kStateModel, state_models)
TAKT_KIND(DowntimeReason, kDowntimeReason, downtime_reasons)
TAKT_KIND(ShiftCalendar, kShiftCalendar, shift_calendars)
TAKT_KIND(SignalMapping, kSignalMapping, signal_mappings)
TAKT_KIND(SetupMatrix, kSetupMatrix, setup_matrices)
#undef TAKT_KIND

template <typename T>
struct TypeTag {
  using type = T;
};

// Calls f(TypeTag<T>{}) with the model type of kind k.
template <typename F>
decltype(auto) VisitKind(model::Kind k, F&& f) {
  using namespace model;
  switch (k) {
    case Kind::kUnit:
      return f(TypeTag<UnitOfMeasure>{});
    case Kind::kEquipmentClass:
      return f(TypeTag<EquipmentClass>{});
    case Kind::kEquipment:
      return f(TypeTag<Equipment>{});
    case Kind::kMaterialClass:
      return f(TypeTag<MaterialClass>{});
    case Kind::kMaterialDefinition:
      return f(TypeTag<MaterialDefinition>{});
    case Kind::kPersonnelClass:
      return f(TypeTag<PersonnelClass>{});
    case Kind::kPerson:
      return f(TypeTag<Person>{});
    case Kind::kQualification:
      return f(TypeTag<Qualification>{});
    case Kind::kProductDefinition:
      return f(TypeTag<ProductDefinition>{});
    case Kind::kStateModel:
      return f(TypeTag<StateModel>{});
    case Kind::kDowntimeReason:
      return f(TypeTag<DowntimeReason>{});
    case Kind::kShiftCalendar:
      return f(TypeTag<ShiftCalendar>{});
    case Kind::kSignalMapping:
      return f(TypeTag<SignalMapping>{});
    case Kind::kSetupMatrix:
      break;
  }
  return f(TypeTag<SetupMatrix>{});
}

}  // namespace takt::plant
