// Repairs the active schedule by itself when machine data shows a work unit broken down for its
// state model's replan_after_s, when it is still down at the time the repair assumed it back,
// when it runs again (plant::planning::BreakdownAfter), and when a running operation will end
// well after its slot.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/quantity.h"
#include "plan/planner.h"

namespace takt::plan {

struct WatchResult {
  std::vector<std::string> down;  // went down, or are still down past the end the last repair assumed
  std::vector<std::string> back;  // run again (their planned work is freed, so it may move sooner)
  std::vector<std::string> late;  // running operations ("order/operation") that will overrun their slot
  bool repaired = false;          // a repair was activated
};

class BreakdownWatcher {
 public:
  // REQUIRES: `rt` outlives the watcher.
  explicit BreakdownWatcher(runtime::Runtime& rt) : rt_(rt) {}

  // Looks at every work unit as of `now` (in whole seconds, as the planner does). When one went
  // down, is still down at the end the last repair assumed, now ends later than assumed (late
  // data, a reclassified stop) or came back since the last repair, or a running operation of the
  // active schedule will end later than its slot by more than max(5 min, a tenth of its planned
  // time) of working time (RunsLate in watcher.cc: projected by its counts once they changed since
  // the watcher first saw the schedule, by its planned time until then), repairs the active
  // schedule as "system:planner" (0.5 s). An operation repaired for is repaired for again with
  // the same counts only an hour later, then two, four, ... up to a day. A repair that finds no active schedule is
  // remembered as not done and tried again by the next call; one that fails is returned and tried again by the first
  // call 15 s later, doubling while it keeps failing, up to 15 min (calls before then return an empty result). Nothing
  // left to plan counts as done. A new watcher (a restart) repairs once for each unit down. Paused operations, and
  // running ones the active schedule does not hold, are not judged. Threads: one caller at a time (in `takt serve`, a
  // job of the plan queue, so that no plan runs meanwhile; or a test).
  Result<WatchResult> Tick(Timestamp now);

 private:
  runtime::Runtime& rt_;
  std::map<std::string, Timestamp> down_;  // units down, and when the last repair assumed them back
  // Running operations repaired for: their counts then, when, and how long to wait before another
  // repair for them with the same counts (an hour, doubling up to a day).
  struct Overrun {
    Quantity made;
    Timestamp at;
    int64_t wait_us = 0;
  };
  std::map<std::pair<std::string, std::string>, Overrun> overruns_;
  std::string counts_of_;                                         // the active schedule made_ belongs to
  std::map<std::pair<std::string, std::string>, Quantity> made_;  // running operations: good + scrap first seen
  int failures_ = 0;                                              // repairs failed in a row
  Timestamp retry_at_{INT64_MIN};                                 // no look before then, after a failure
};

}  // namespace takt::plan
