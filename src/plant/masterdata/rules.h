// Referential and structural rules of the resource model, checked before any event is written.
#pragma once

#include "plant/masterdata/store.h"

namespace takt::plant {

// Checks a new (old == nullptr) or updated resource against the rest of the plant.
// Unknown or retired references and cycles give kUnprocessable with the offending field.
Status Check(const MasterData& md, const model::UnitOfMeasure& v, const model::UnitOfMeasure* old);
Status Check(const MasterData& md, const model::EquipmentClass& v, const model::EquipmentClass* old);
Status Check(const MasterData& md, const model::Equipment& v, const model::Equipment* old);
Status Check(const MasterData& md, const model::MaterialClass& v, const model::MaterialClass* old);
Status Check(const MasterData& md, const model::MaterialDefinition& v, const model::MaterialDefinition* old);
Status Check(const MasterData& md, const model::PersonnelClass& v, const model::PersonnelClass* old);
Status Check(const MasterData& md, const model::Person& v, const model::Person* old);
Status Check(const MasterData& md, const model::Qualification& v, const model::Qualification* old);
Status Check(const MasterData& md, const model::ProductDefinition& v, const model::ProductDefinition* old);
// Machine performance master data (masterdata/machine_rules.cc).
Status Check(const MasterData& md, const model::StateModel& v, const model::StateModel* old);
Status Check(const MasterData& md, const model::DowntimeReason& v, const model::DowntimeReason* old);
Status Check(const MasterData& md, const model::ShiftCalendar& v, const model::ShiftCalendar* old);
Status Check(const MasterData& md, const model::SignalMapping& v, const model::SignalMapping* old);
Status Check(const MasterData& md, const model::SetupMatrix& v, const model::SetupMatrix* old);
// A lot's material, quantity and unit are fixed by its receipt; later changes are movements.
Status Check(const MasterData& md, const model::MaterialLot& v, const model::MaterialLot* old);

// Whether a resource may be retired: equipment with active children may not.
Status CheckRetire(const MasterData& md, model::Kind kind, const std::string& id);

// Converts `qty` of `from` into `to` for a material (its own conversions first, then the
// units' dimension factors). kUnprocessable when the units are not convertible.
Result<double> Convert(const MasterData& md, const model::MaterialDefinition& material, double qty,
                       const std::string& from, const std::string& to);

}  // namespace takt::plant
