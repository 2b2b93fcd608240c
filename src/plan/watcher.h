// Repairs the active schedule by itself when machine data shows a work unit broken down for its
// state model's replan_after_s, and again when it runs again (plant::planning::BreakdownAfter).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "plan/planner.h"

namespace takt::plan {

class BreakdownWatcher {
 public:
  // REQUIRES: `rt` outlives the watcher.
  explicit BreakdownWatcher(runtime::Runtime& rt) : rt_(rt) {}

  // Looks at every work unit as of `now`. When a unit went down (past its threshold) or came
  // back since the last call, and a schedule is active, repairs it as "system:planner" (0.5 s).
  // Returns the units that changed (empty: nothing to do), or the repair's error. A unit is
  // handled once per breakdown. Threads: one caller at a time (a timer thread, or a test).
  Result<std::vector<std::string>> Tick(Timestamp now);

 private:
  runtime::Runtime& rt_;
  std::map<std::string, Timestamp> down_;  // units treated as broken down, since when
};

}  // namespace takt::plan
