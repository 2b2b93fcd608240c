#include "plant/performance/setup.h"

namespace takt::plant::performance {
namespace {

double NumberProperty(const std::vector<model::Property>& props, std::string_view id) {
  for (const auto& p : props)
    if (p.id == id) {
      if (auto* d = std::get_if<double>(&p.value)) return *d;
      if (auto* i = std::get_if<int64_t>(&p.value)) return static_cast<double>(*i);
    }
  return 0;
}

}  // namespace

const model::MachineState* FindState(const model::StateModel& m, std::string_view code_or_name) {
  for (const auto& s : m.states)
    if (s.code == code_or_name) return &s;
  for (const auto& s : m.states)
    if (s.name == code_or_name) return &s;
  return nullptr;
}

const model::ShiftCalendar* CalendarOf(const MasterData& md, std::string_view id) {
  for (size_t depth = 0; !id.empty() && depth < 16; ++depth) {
    for (const auto& [cid, cal] : md.shift_calendars)
      if (!cal.meta.retired && cal.scope == id) return &cal;
    auto it = md.equipment.find(id);
    if (it == md.equipment.end()) break;
    id = it->second.parent;
  }
  return nullptr;
}

UnitSetup SetupOf(const State& st, std::string_view unit) {
  const MasterData& md = st.md;
  UnitSetup u;
  u.md = &md;
  const model::Equipment& e = md.equipment.find(unit)->second;
  double cycle_s = NumberProperty(e.properties, "ideal_cycle_s");
  for (const auto& cid : e.classes) {
    auto it = md.equipment_classes.find(cid);
    if (it == md.equipment_classes.end()) continue;
    if (!u.model && !it->second.state_model.empty()) u.model = FindStateModel(md, it->second.state_model);
    if (cycle_s <= 0) cycle_s = NumberProperty(it->second.properties, "ideal_cycle_s");
  }
  if (!u.model) u.model = FindStateModel(md, "simple");
  // A cycle of more than a day is not a machine cycle: ignored rather than let it overflow tallies.
  u.default_cycle_us = cycle_s > 0 && cycle_s <= 86400 ? static_cast<int64_t>(cycle_s * 1e6 + 0.5) : 0;
  u.calendar = CalendarOf(md, unit);
  if (auto site = md.equipment.find(SiteOf(md, unit)); site != md.equipment.end()) u.time_zone = site->second.time_zone;
  if (auto it = st.planning.downtime.find(unit); it != st.planning.downtime.end())
    for (const auto& d : it->second)
      if (d.kind == "planned_maintenance") u.maintenance.emplace_back(d.start.micros, d.end.micros);
  return u;
}

}  // namespace takt::plant::performance
