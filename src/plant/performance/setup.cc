#include "plant/performance/setup.h"

#include <mutex>

namespace takt::plant::performance {
namespace {

// The built-in state models are configuration shipped with Takt: documents in the same form
// a plant would POST to /api/v1/state-models, and a resource with the same id replaces them.
constexpr const char* kSimple = R"json({"id":"simple","description":"Simple machine states","minor_stop_s":120,
 "states":[{"code":"running","element":"APT"},{"code":"idle","element":"ADOT","loss":"idle"},
 {"code":"starved","element":"ADOT","loss":"idle"},{"code":"blocked","element":"ADOT","loss":"idle"},
 {"code":"setup","element":"ASUT"},{"code":"planned_stop","element":"PDOT"},
 {"code":"unplanned_stop","element":"ADET","loss":"breakdown"}]})json";

// PackML (ISA-TR88.00.02) PackTags StateCurrent numbers. Execute and the acting states that lead
// into or out of it produce (slowly); Held and the abort path are internal faults; Idle,
// Suspended (starved or blocked), Stopped and Complete wait; Resetting prepares the next run.
constexpr const char* kPackml = R"json({"id":"packml","description":"PackML states (PackTags StateCurrent)",
 "minor_stop_s":120,"states":[
 {"code":"0","name":"Undefined","element":"NODATA"},{"code":"1","name":"Clearing","element":"ADET"},
 {"code":"2","name":"Stopped","element":"ADOT"},{"code":"3","name":"Starting","element":"APT"},
 {"code":"4","name":"Idle","element":"ADOT"},{"code":"5","name":"Suspended","element":"ADOT"},
 {"code":"6","name":"Execute","element":"APT"},{"code":"7","name":"Stopping","element":"ADOT"},
 {"code":"8","name":"Aborting","element":"ADET"},{"code":"9","name":"Aborted","element":"ADET"},
 {"code":"10","name":"Holding","element":"ADET"},{"code":"11","name":"Held","element":"ADET"},
 {"code":"12","name":"Unholding","element":"APT"},{"code":"13","name":"Suspending","element":"ADOT"},
 {"code":"14","name":"Unsuspending","element":"APT"},{"code":"15","name":"Resetting","element":"ASUT"},
 {"code":"16","name":"Completing","element":"APT"},{"code":"17","name":"Complete","element":"ADOT"}]})json";

const std::vector<model::StateModel>& Builtins() {
  static const std::vector<model::StateModel> models = [] {
    std::vector<model::StateModel> out;
    for (const char* doc : {kSimple, kPackml}) {
      auto v = ParseJson(doc);
      model::StateModel m;
      if (!model::Decode(*v, m).ok()) std::abort();  // a shipped document is broken: a build defect
      m.meta.version = 1;
      out.push_back(std::move(m));
    }
    return out;
  }();
  return models;
}

double NumberProperty(const std::vector<model::Property>& props, std::string_view id) {
  for (const auto& p : props)
    if (p.id == id) {
      if (auto* d = std::get_if<double>(&p.value)) return *d;
      if (auto* i = std::get_if<int64_t>(&p.value)) return static_cast<double>(*i);
    }
  return 0;
}

}  // namespace

const model::StateModel* FindStateModel(const MasterData& md, std::string_view id) {
  if (auto it = md.state_models.find(id); it != md.state_models.end() && !it->second.meta.retired) return &it->second;
  for (const auto& m : Builtins())
    if (m.meta.id == id) return &m;
  return nullptr;
}

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
