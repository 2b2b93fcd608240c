// Reading the performance projection: KPIs for any hierarchy node and window, stops with
// their reasons, and a unit's live state. Each returns a view (views.h), which the REST API
// serves as its description (contract.h) says.
#pragma once

#include <string_view>

#include "plant/performance/views.h"
#include "plant/state.h"

namespace takt::plant::performance {

// Time elements, counts, OEE and the ISO 22400 KPIs of every work unit at or under
// `equipment` over [from, min(to, now)), with the loss waterfall and the downtime Pareto.
// kNotFound for unknown equipment; kInvalidArgument for
// an empty window. Exact: day tallies plus the records at the window's edges.
struct KpiOptions {
  bool per_unit = false;      // add each unit's figures
  bool from_records = false;  // ignore the tallies (tests and benchmarks compare both ways)
};
Result<KpiReport> Kpi(const State& st, std::string_view equipment, Timestamp from, Timestamp to, Timestamp now,
                      KpiOptions options = {});

// The window named `kind` ("shift", "day" or "week", in the local time of the equipment's site)
// that contains `at`. A shift window needs a calendar with a shift at `at`.
Result<std::pair<Timestamp, Timestamp>> NamedWindow(const State& st, std::string_view equipment, std::string_view kind,
                                                    Timestamp at);

// The stops (intervals not producing) of a work unit that overlap [from, to), newest first,
// with state, machine code, reason (and whose), time element and loss. At most `limit`.
Result<StopList> Stops(const State& st, std::string_view unit, Timestamp from, Timestamp to, Timestamp now,
                       size_t limit);

// The stops of every work unit at or under `equipment` that overlap [from, to), newest first
// (by start, then unit), at most `limit`. With `waiting`, only the stops waiting for a reason: a
// malfunction or an unplanned idle stop (ADET, ADOT) that neither an operator nor the machine's
// stop code gave a reason. kNotFound for unknown equipment.
Result<NodeStopList> StopsUnder(const State& st, std::string_view equipment, Timestamp from, Timestamp to,
                                Timestamp now, size_t limit, bool waiting);

// CurrentStatus of every work unit at or under `equipment`, ordered by id. kNotFound for unknown
// equipment.
Result<NodeMachineStates> StatusesUnder(const State& st, std::string_view equipment, Timestamp now);

// The KPIs of `equipment` for each shift of its shift calendar (by kShift) or each local day of
// its site (kDay) that overlaps [from, min(to, now)), oldest first; each period whole, computed as
// Kpi computes it (so up to now for the current one). kNotFound for unknown equipment;
// kInvalidArgument (field "from") for an empty window or one over kMaxTrendDays; kUnprocessable
// (field "by") for shifts where no calendar applies.
inline constexpr int64_t kMaxTrendDays = 100;
Result<KpiTrend> Trend(const State& st, std::string_view equipment, Timestamp from, Timestamp to, TrendBy by,
                       Timestamp now);

// The unit's current state and since when, its state model, counters and latest process values.
Result<MachineStatus> CurrentStatus(const State& st, std::string_view unit, Timestamp now);

// When the unit's current stretch of malfunction (ADET: faults, breakdowns, jams) began,
// as its state changes up to `now` classify it; nullopt when it is not in one. Stretches of
// no_data inside or after it do not end it: losing contact does not repair a machine.
std::optional<Timestamp> DownSince(const State& st, std::string_view unit, Timestamp now);

// What the plant holds of a unit's readings: the newest one's time (of any kind), and since when
// it is no_data if that is its current state. nullopt when it has no readings.
struct UnitReadings {
  Timestamp newest;
  std::optional<Timestamp> no_data_since;
};
std::optional<UnitReadings> ReadingsOf(const State& st, std::string_view unit);

// The session a source began last (machine_data.session), if any.
std::optional<uint64_t> SessionOf(const State& st, std::string_view source);

// Work units at or under `equipment` (itself if it is one), ordered by id.
std::vector<std::string> UnitsUnder(const MasterData& md, std::string_view equipment);

}  // namespace takt::plant::performance
