// What classifying a work unit's machine data depends on: its state model, its shift calendar
// and time zone, planned maintenance, and the ideal cycle time when no operation says one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plant/masterdata/state_models.h"
#include "plant/state.h"

namespace takt::plant::performance {

// A state of the model by code, else by name; nullptr if none.
const model::MachineState* FindState(const model::StateModel& m, std::string_view code_or_name);

struct UnitSetup {
  const MasterData* md = nullptr;
  const model::StateModel* model = nullptr;        // never null
  const model::ShiftCalendar* calendar = nullptr;  // null: planned busy around the clock
  std::string time_zone;
  std::vector<std::pair<int64_t, int64_t>> maintenance;  // planned maintenance windows, by start
  int64_t default_cycle_us = 0;                          // 0: none known
};

// Requires `unit` to be a work unit of `st`.
UnitSetup SetupOf(const State& st, std::string_view unit);

// The calendar that applies to equipment `id`: the nearest up the hierarchy; nullptr if none.
const model::ShiftCalendar* CalendarOf(const MasterData& md, std::string_view id);

}  // namespace takt::plant::performance
