// The performance domain's commands and events: machine data batches and stop
// classifications. Called by Plant; see docs/ARCHITECTURE.md for the event payloads.
#pragma once

#include <vector>

#include "core/event.h"
#include "plant/commands.h"
#include "plant/state.h"

namespace takt::plant::performance {

// Validates a batch against the state: every sample's work unit, state, count and time (not
// older than its unit's newest reading minus the state model's late window, not more than
// 5 minutes ahead of ctx.now). Duplicates (source, seq) are dropped. Yields one
// `machine_data.recorded` event, or none when nothing is new; the summary counts both. With
// `skip_invalid`, invalid readings are dropped and counted, unless none is valid: then the
// batch is refused with the first one's error.
Result<std::vector<EventDraft>> Execute(const State& st, const MachineDataCommand& cmd, const Context& ctx);
Result<std::vector<EventDraft>> Execute(const State& st, const ClassifyStop& cmd, const Context& ctx);

// Applies machine_data.* and stop.* events.
Status Apply(State& st, const Event& e, const json::object& payload);

// Keeps the ideal cycle time of the operation running on each unit (operation.* events,
// after production applied them).
void OnOperation(State& st, const Event& e, const json::object& payload);

// After a journalled event: marks the tallies of the units whose time it may reclassify as stale
// (resource.* of equipment, classes, state models, reasons, calendars; planned maintenance).
void MarkStale(State& st, const Event& e, const json::object& payload);

// Rebuilds the stale tallies.
void Settle(State& st);

}  // namespace takt::plant::performance
