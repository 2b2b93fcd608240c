// Rules of the machine performance master data: state models, reasons, calendars, mappings.
#include "plant/masterdata/refs.h"
#include "plant/masterdata/rules.h"

namespace takt::plant {

using namespace model;

Status Check(const MasterData& md, const StateModel& v, const StateModel*) {
  for (size_t i = 0; i < v.reason_codes.size(); ++i)
    TAKT_RETURN_IF_ERROR(Ref(md.downtime_reasons, v.reason_codes[i].reason,
                             "reason_codes[" + std::to_string(i) + "].reason", "downtime reason"));
  return Status::Ok();
}

Status Check(const MasterData& md, const DowntimeReason& v, const DowntimeReason*) {
  if (v.parent.empty()) return Status::Ok();
  TAKT_RETURN_IF_ERROR(Ref(md.downtime_reasons, v.parent, "parent", "downtime reason"));
  // The tree must stay a tree: walking up from the parent never reaches this reason.
  std::string at = v.parent;
  for (size_t depth = 0; !at.empty(); ++depth) {
    if (at == v.meta.id || depth > md.downtime_reasons.size())
      return Status::Unprocessable("reason '" + v.meta.id + "' would be its own ancestor", "parent");
    auto it = md.downtime_reasons.find(at);
    at = it == md.downtime_reasons.end() ? "" : it->second.parent;
  }
  return Status::Ok();
}

Status Check(const MasterData& md, const ShiftCalendar& v, const ShiftCalendar* old) {
  TAKT_RETURN_IF_ERROR(Ref(md.equipment, v.scope, "scope", "equipment"));
  const auto& scope = md.equipment.find(v.scope)->second;
  if (scope.level == EquipmentLevel::kEnterprise || scope.level == EquipmentLevel::kStorageZone ||
      scope.level == EquipmentLevel::kStorageUnit)
    return Status::Unprocessable("a calendar applies to a site, area, work center or work unit", "scope");
  for (const auto& [id, other] : md.shift_calendars)
    if (id != v.meta.id && !other.meta.retired && other.scope == v.scope)
      return Status::Conflict("calendar '" + id + "' already applies to '" + v.scope + "'", "scope");
  for (size_t i = 0; i < v.shifts.size(); ++i) {
    const Shift& s = v.shifts[i];
    std::string at = "shifts[" + std::to_string(i) + "]";
    if (s.days.empty()) return Status::Invalid("a shift needs at least one day", at + ".days");
    int length = s.end_min > s.start_min ? s.end_min - s.start_min : s.end_min + 1440 - s.start_min;
    for (size_t k = 0; k < s.breaks.size(); ++k) {
      const ShiftBreak& b = s.breaks[k];
      int from = (b.start_min - s.start_min + 1440) % 1440;
      int to = from + (b.end_min - b.start_min + 1440) % 1440;
      if (b.end_min == b.start_min || to > length)
        return Status::Unprocessable("a break must lie inside its shift", at + ".breaks[" + std::to_string(k) + "]");
    }
  }
  return Status::Ok();
}

Status Check(const MasterData& md, const SignalMapping& v, const SignalMapping*) {
  TAKT_RETURN_IF_ERROR(Ref(md.equipment, v.work_unit, "work_unit", "work unit"));
  if (md.equipment.find(v.work_unit)->second.level != EquipmentLevel::kWorkUnit)
    return Status::Unprocessable("'" + v.work_unit + "' is not a work unit", "work_unit");
  for (const auto& [id, o] : md.signal_mappings)
    if (id != v.meta.id && !o.meta.retired && o.group == v.group && o.edge_node == v.edge_node &&
        o.device == v.device && o.metric == v.metric)
      return Status::Conflict("mapping '" + id + "' already maps this metric", "metric");
  return Status::Ok();
}

}  // namespace takt::plant
