// Everything the journal builds: master data, inventory, production and the lot graph.
// Domain functions read a const State to validate a command and change a State only when
// applying a journalled event.
#pragma once

#include "plant/genealogy/lot_graph.h"
#include "plant/inventory/lot.h"
#include "plant/masterdata/store.h"
#include "plant/performance/state.h"
#include "plant/production/work_order.h"

namespace takt::plant {

namespace planning {

// A time a work unit cannot work: planned maintenance, a breakdown (with its expected end).
struct Downtime {
  std::string id;
  std::string equipment;
  Timestamp start, end;
  std::string kind;  // planned_maintenance | breakdown | other
  std::string reason;
  Timestamp recorded_at;
  std::string recorded_by;
};

struct PlannedOperation {
  std::string work_unit;
  Timestamp start, end;
  int64_t changeover_s = 0;  // the unit's changeover just before `start` (setup matrix)
};

struct ActiveSchedule {
  std::string id;
  std::string kind;  // plan | repair
  Timestamp created_at;
  std::string created_by;
  Timestamp makespan;
  double weighted_tardiness = 0;  // in weighted seconds
  int64_t moved = 0, kept = 0;    // a repair: operations that moved, and that kept their slot
  std::map<std::pair<std::string, std::string>, PlannedOperation> ops;  // (order, operation)
};

// An operation a supervisor fixed on a unit and start (planning::FixOperation). Plans and repairs
// keep it there; an activation that places it elsewhere (it could not be kept, or it started) ends it.
struct FixedOperation {
  std::string work_unit;
  Timestamp start;
  Timestamp fixed_at;
  std::string fixed_by;
};

struct Planning {
  std::map<std::string, std::vector<Downtime>, std::less<>> downtime;   // by work unit, by start
  std::map<std::pair<std::string, std::string>, FixedOperation> fixed;  // (order, operation)
  int64_t next_downtime = 1;
  std::optional<ActiveSchedule> active;
  int64_t next_schedule = 1;
  // Counts the changes a schedule computed earlier cannot know of: downtime, an order's new
  // dates, a fixed operation, another activation. An activation names the revision its model was built at.
  int64_t revision = 0;
};

}  // namespace planning

struct State {
  MasterData md;
  inventory::Inventory inv;
  production::Production prod;
  genealogy::LotGraph graph;  // parent lot -> child lot, written at execution time
  planning::Planning planning;
  performance::Performance perf;
};

// The site an equipment element belongs to (itself if a site); empty if none.
std::string SiteOf(const MasterData& md, std::string_view equipment);
// Whether `id` is an active storage zone or storage unit.
bool IsStorage(const MasterData& md, std::string_view id);

}  // namespace takt::plant
