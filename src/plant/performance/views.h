// What the performance queries answer (queries.h): KPIs over a window, a unit's stops and its
// machine state. Plain data; their JSON form is described in performance/contract.h. Times of
// day are UTC instants; durations are seconds (fractions to the microsecond).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "model/machine.h"

namespace takt::plant::performance {

// The categories partitioning a window (docs/PERFORMANCE.md), in seconds; for a node, summed
// over its work units.
struct TimeCategories {
  double window = 0;
  double not_scheduled = 0, planned_downtime = 0, production = 0, setup = 0, delay = 0, down = 0, no_data = 0;
  double minor_stops = 0;  // stops shorter than the state model's minor_stop_s, inside their category
};

// ISO 22400-2 time elements, in seconds.
struct TimeElements {
  double POT = 0, PBT = 0, PDOT = 0, APT = 0, ASUT = 0, ADET = 0, ADOT = 0, AUBT = 0, AUPT = 0;
};

struct PartCounts {
  int64_t produced = 0, good = 0, reject = 0, startup_reject = 0, without_ideal_cycle = 0;
};

// Ratios are null where their denominator is zero.
struct KpiFigures {
  std::optional<double> oee, availability_iso, effectiveness_iso, availability_nakajima, performance_nakajima,
      quality_ratio, teep, utilisation, setup_rate, technical_efficiency, scrap_ratio, first_pass_yield;
  int64_t failures = 0;
  std::optional<double> mtbf_s, mttr_s;
  int64_t setups = 0;
};

enum class StepKind { kTotal, kLoss, kSubtotal };
struct WaterfallStep {
  std::string step;
  double s = 0;  // losses negative
  StepKind kind = StepKind::kLoss;
};

// One line of the downtime Pareto: stop time by reason, else machine code, else state (exactly
// one of the three is set).
struct ParetoEntry {
  std::string reason, code, state;
  std::optional<std::string> description;  // the downtime reason's
  double s = 0;
  int64_t stops = 0;
  std::optional<double> share, cumulative_share;
};

struct UnitKpi {
  std::string work_unit;
  KpiFigures kpi;
  TimeCategories time_s;
};

struct Window {
  Timestamp from, to;
};

struct KpiReport {
  std::string equipment;
  Timestamp from, to;  // to: the window's end, or now if sooner
  int64_t work_units = 0;
  TimeCategories time_s;
  TimeElements elements_s;
  PartCounts counts;
  KpiFigures kpi;
  std::vector<WaterfallStep> waterfall;
  std::vector<ParetoEntry> pareto;
  std::optional<std::vector<UnitKpi>> units;  // KpiOptions::per_unit
  std::vector<std::string> warnings;
  Window window;  // as asked
};

enum class ClassifiedBy { kOperator, kMachine, kNone };
struct StopView {
  Timestamp start;
  std::optional<Timestamp> end;  // nullopt: the unit is still in it
  double duration_s = 0;
  std::string state;
  std::optional<std::string> machine_code;
  std::optional<std::string> reason;
  ClassifiedBy classified_by = ClassifiedBy::kNone;
  model::TimeElement element = model::TimeElement::kDown;
  model::Loss loss = model::Loss::kNone;
};
struct StopList {
  std::string work_unit;
  std::vector<StopView> stops;
};

// A stop of one of a node's work units (GET /api/v1/stops).
struct UnitStop {
  std::string work_unit;
  StopView stop;  // its fields, beside work_unit
};
struct NodeStopList {
  std::string equipment;
  std::vector<UnitStop> stops;
};

struct LatestValue {
  double value = 0;
  Timestamp time;
};
struct MachineStatus {
  std::string work_unit;
  std::string state_model;
  std::optional<std::string> calendar;
  std::string state;
  std::optional<Timestamp> since;
  std::optional<std::string> machine_code;
  model::TimeElement element = model::TimeElement::kNoData;
  model::Loss loss = model::Loss::kNoData;
  std::optional<Timestamp> newest_reading;
  std::map<std::string, LatestValue> process_values;
};

// The machine state of every work unit under a node (GET /api/v1/machine-states).
struct NodeMachineStates {
  std::string equipment;
  std::vector<MachineStatus> units;
};

// The KPIs of a node shift by shift (or day by day) over a span of days (GET /api/v1/kpi/trend).
enum class TrendBy { kShift, kDay };
struct TrendPeriod {
  std::optional<std::string> shift;  // the shift's id; nullopt by day
  Timestamp from, to;                // the whole shift or local day
  KpiFigures kpi;
  PartCounts counts;
};
struct KpiTrend {
  std::string equipment;
  TrendBy by = TrendBy::kShift;
  std::optional<std::string> calendar;  // the shift calendar the shifts come from
  std::string time_zone;                // the site's, in which days and shifts are local
  Timestamp from, to;
  std::vector<TrendPeriod> periods;  // oldest first
};

}  // namespace takt::plant::performance
