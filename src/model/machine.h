// Master data of machine performance: state models (machine states to ISO 22400 time elements
// and losses), downtime reasons, shift calendars and signal mappings. Configuration, not code:
// a plant changes how a state counts by editing these documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/meta.h"

namespace takt::model {

// ISO 22400-2 time elements a machine state stands for. Following OPC 40001-1 Annex C:
// ADET (delay) is time lost to malfunctions while the unit has work (faults, breakdowns),
// ADOT (down) is time the unit is planned busy but not executing (idle, starved, blocked).
enum class TimeElement { kProduction, kSetup, kDelay, kDown, kPlannedDowntime, kNoData };
const char* TimeElementName(TimeElement e);  // "APT", "ASUT", "ADET", "ADOT", "PDOT", "NODATA"
std::optional<TimeElement> ParseTimeElement(std::string_view s);

// Where a stop's time goes in the loss waterfall (the time-based big losses; speed and
// reject losses come from counts).
enum class Loss { kNone, kBreakdown, kSetup, kMinorStop, kIdle, kPlanned, kNoData };
const char* LossName(Loss l);  // "none", "breakdown", "setup", "minor_stop", "idle", "planned", "no_data"
std::optional<Loss> ParseLoss(std::string_view s);
// The loss a state of this element counts as unless the state or a reason says otherwise.
Loss DefaultLoss(TimeElement e);

struct MachineState {
  std::string code;  // what the machine sends: "6", "Execute", "running"
  std::string name;
  TimeElement element = TimeElement::kNoData;
  std::optional<Loss> loss;  // default: DefaultLoss(element)
};

// A machine's own stop code and the downtime reason it means.
struct ReasonCode {
  std::string code;
  std::string reason;  // downtime reason id
};

// The states of one kind of machine. Every model also knows the state "no_data" (no source).
struct StateModel {
  Meta meta;
  std::vector<MachineState> states;
  std::vector<ReasonCode> reason_codes;
  int64_t minor_stop_s = 0;      // ADET/ADOT stops shorter than this count as minor stops
  int64_t startup_reject_s = 0;  // rejects within this after production starts are startup rejects
  int64_t late_window_s = 3600;  // how far behind its unit's newest reading a reading may arrive
  // A breakdown as the planner sees it: unplanned downtime (ADET) lasting replan_after_s (0:
  // never) makes the unit unavailable until expected_stop_s after the stop began, and at least
  // replan_after_s longer while it lasts.
  int64_t replan_after_s = 0;
  int64_t expected_stop_s = 3600;
  bool built_in = false;  // shipped with Takt (read only); never stored in events
};

// A node of the reason tree. A reason may move its stop to another time element (a
// "changeover" reason makes a stop setup time; "planned cleaning" makes it planned downtime).
struct DowntimeReason {
  Meta meta;
  std::string parent;  // empty at the root
  std::optional<TimeElement> element;
  std::optional<Loss> loss;
};

struct ShiftBreak {
  int start_min = 0;  // local clock time, minutes after midnight; the first such time in the shift
  int end_min = 0;
};

struct Shift {
  std::string id;
  std::vector<int> days;  // ISO weekdays (1 = Monday .. 7 = Sunday) on which the shift starts
  int start_min = 0;      // local clock time, minutes after midnight
  int end_min = 0;        // end <= start: the shift ends the next day
  std::vector<ShiftBreak> breaks;
};

// Shift patterns for every work unit under `scope` (a site, area, work center or work unit;
// the nearest calendar up the hierarchy wins), in the time zone of the scope's site.
struct ShiftCalendar {
  Meta meta;
  std::string scope;
  std::vector<Shift> shifts;
  std::vector<int64_t> holidays;          // local dates (days since 1970-01-01) on which no shift starts
  bool planned_downtime_is_loss = false;  // site policy: planned downtime inside availability
};

enum class Signal { kState, kGood, kReject, kTotal, kProcessValue };
const char* SignalName(Signal s);  // "state", "good", "reject", "total", "process_value"
std::optional<Signal> ParseSignal(std::string_view s);

// Which Sparkplug metric of which edge node (and device) means what, for which work unit.
struct SignalMapping {
  Meta meta;
  std::string group, edge_node, device;  // device empty: a node metric
  std::string metric;
  std::string work_unit;
  Signal signal = Signal::kState;
  bool cumulative = true;  // counts: the metric is a running counter (else an increment)
  std::string name;        // process values: the variable's name (default: the metric)
};

}  // namespace takt::model
