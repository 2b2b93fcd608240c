// The JSON contract of the performance domain: its requests (requests.h) and the answers of its
// queries (views.h), described once (core/contract) for decoding, encoding and the OpenAPI
// schemas. Include from .cc files only.
#pragma once

#include "model/contract.h"
#include "plant/performance/requests.h"
#include "plant/performance/views.h"

namespace takt::plant::performance {

// The readings of a batch: up to kMaxBatchReadings objects described by Describe<Sample>,
// decoded in place into the batch's Samples. A batch is the API's largest body, so this reads
// each reading by that description without the path strings of the generic decoder; a refused
// reading is then read again by the generic decoder, whose refusal ("events[17].time") it gets.
struct ReadingsCodec {
  static void Read(const json::value& v, const contract::FieldInfo& f, std::vector<Sample>& out, contract::Decoder& d,
                   const std::string& path);
  static json::value Write(const std::vector<Sample>& samples);
  static bool Empty(const std::vector<Sample>& samples) { return samples.empty(); }
  static json::object Schema(contract::SchemaRegistry& r, const contract::FieldInfo& f);
};

// What a reading is, from the fields it gave: a bit per SampleKind (KindBit of the field's name,
// 0 for the others), exactly one of them. Sets s.kind.
unsigned KindBit(std::string_view field);
void SetKind(Sample& s, unsigned given, contract::Decoder& d);

// A unit's latest process values, by name: {"temperature": {"value", "time"}}.
struct ProcessValuesCodec {
  using Map = std::map<std::string, LatestValue>;
  static void Read(const json::value& v, const contract::FieldInfo& f, Map& out, contract::Decoder& d,
                   const std::string& path);
  static json::value Write(const Map& values);
  static bool Empty(const Map& values) { return values.empty(); }
  static json::object Schema(contract::SchemaRegistry& r, const contract::FieldInfo& f);
};

}  // namespace takt::plant::performance

namespace takt::contract {

// ---- requests ----------------------------------------------------------------------------------

// A reading, as the plant takes it: good, reject and total are its count under the three kinds
// of parts, and which field it gave says its kind.
template <>
struct Describe<plant::performance::Sample> {
  using R = plant::performance::Sample;
  static constexpr std::string_view kName = "MachineReading";
  static constexpr std::string_view kDoc =
      "One reading of a work unit: a state change (state), a count of parts (good, reject or total) or a "
      "process value (value with its name); exactly one of state, good, reject, total and value.";
  static constexpr auto kFields = std::tuple{
      Field("work_unit", &R::work_unit, kRequired | kId, "the work unit (equipment at level work_unit)"),
      Field("time", &R::time, kRequired,
            "when it was read, with its UTC offset; at most the state model's late_window_s (default 3600 s) "
            "before the unit's newest reading, 5 minutes ahead of the server's clock and 400 days old. A count "
            "reports what was made up to this time"),
      Field("state", &R::state, kOptional,
            "a state change: a code or name of the unit's state model, or no_data (nothing reports)"),
      Field("reason", &R::reason, kOmitIfEmpty, "with state: the machine's stop code, at most 64 characters"),
      Field("good", &R::count, kOptional, "good parts: an increment (at most 1e9), or a counter's reading",
            kNonNegative),
      Field("reject", &R::count, kOptional, "rejected parts, as good", kNonNegative),
      Field("total", &R::count, kOptional, "parts made, good or not, as good", kNonNegative),
      Field("cumulative", &R::cumulative, kOptional,
            "good, reject or total is a counter's reading (its first reading is the baseline; a lower one a reset), "
            "not an increment; default false"),
      Field("value", &R::value, kOptional, "a process value (temperature, pressure...), in its variable's unit"),
      Field("name", &R::name, kOmitIfEmpty, "with value: the process variable, 1 to 64 characters"),
      Field("source", &R::source, kOmitIfEmpty,
            "who sent it, at most 128 characters; default the batch's source. With seq it deduplicates"),
      Field("seq", &R::seq, kOmitIfEmpty,
            "the source's sequence number (needs a source): a (source, seq) applied before is skipped and "
            "counted as a duplicate",
            kNonNegative)};
  static void Check(R& r, const json::object& raw, Decoder& d) {
    unsigned given = 0;
    for (const auto& kv : raw)
      if (!kv.value().is_null()) given |= plant::performance::KindBit(kv.key());
    plant::performance::SetKind(r, given, d);
  }
  static void Rules(json::object& s) {
    json::array one;
    for (const char* k : {"state", "good", "reject", "total", "value"})
      one.push_back(json::object{{"required", json::array{k}}});
    s["oneOf"] = std::move(one);
  }
  // Only the field of its kind (the count under its kind's name), and cumulative when set.
  static void Encoded(const R& r, json::object& o) {
    for (const char* k : {"state", "good", "reject", "total", "value"})
      if (plant::performance::KindBit(k) != 1u << static_cast<int>(r.kind)) o.erase(k);
    if (!r.cumulative) o.erase("cumulative");
  }
};

template <>
struct Describe<plant::performance::MachineDataBatch> {
  using B = plant::performance::MachineDataBatch;
  static constexpr std::string_view kName = "MachineDataBatch";
  static constexpr std::string_view kDoc =
      "Readings of any work units, applied all or nothing: one refused reading refuses the batch, naming it "
      "(events[17].time).";
  static constexpr auto kFields =
      std::tuple{Field("source", &B::source, kOptional, "the source of the readings that name none (a PLC, a gateway)"),
                 FieldAs<plant::performance::ReadingsCodec>("events", &B::events, kRequired,
                                                            "up to 100000 readings, in any order")};
  // The batch's source stands for the readings' own where they give none; a seq needs one.
  static void Check(B& b, const json::object&, Decoder& d) {
    for (size_t i = 0; i < b.events.size(); ++i) {
      auto& s = b.events[i];
      if (!s.source.empty()) continue;
      if (!b.source.empty())
        s.source = b.source;
      else if (s.seq)
        return d.Invalid("events[" + std::to_string(i) + "].source", "a seq needs a source");
    }
  }
};

template <>
struct Describe<plant::performance::BatchSummary> {
  using S = plant::performance::BatchSummary;
  static constexpr std::string_view kName = "BatchSummary";
  static constexpr auto kFields =
      std::tuple{Field("accepted", &S::accepted, kRequired), Field("duplicates", &S::duplicates, kRequired),
                 Field("invalid", &S::invalid, kOmitIfEmpty), Field("first_error", &S::first_error, kOmitIfEmpty)};
};

template <>
struct Describe<plant::performance::StopClassification> {
  using C = plant::performance::StopClassification;
  static constexpr std::string_view kName = "StopClassification";
  static constexpr std::string_view kDoc =
      "An operator's downtime reason for a stop: it replaces what the machine's stop code said, in every KPI "
      "the stop touches.";
  static constexpr auto kFields =
      std::tuple{Field("start", &C::start, kRequired, "when the stop began, as the unit's stops list it"),
                 Field("reason", &C::reason, kRequired | kId, "a downtime reason (/api/v1/downtime-reasons)"),
                 Field("comment", &C::comment, kOptional, "at most 1000 characters")};
};

// ---- answers ------------------------------------------------------------------------------------

template <>
struct Describe<plant::performance::TimeCategories> {
  using T = plant::performance::TimeCategories;
  static constexpr std::string_view kName = "TimeCategories";
  static constexpr std::string_view kDoc =
      "Seconds of the window by category; the categories (not minor_stops) sum to the window (for a node: "
      "times its work units).";
  static constexpr auto kFields =
      std::tuple{Field("window", &T::window, kRequired, "the window's length (times the work units)"),
                 Field("not_scheduled", &T::not_scheduled, kRequired, "off shift and not producing"),
                 Field("planned_downtime", &T::planned_downtime, kRequired,
                       "breaks, planned maintenance and planned stops (PDOT) in planned time"),
                 Field("production", &T::production, kRequired, "producing (APT), inside or outside planned time"),
                 Field("setup", &T::setup, kRequired, "setup and adjustment (ASUT)"),
                 Field("delay", &T::delay, kRequired, "malfunctions (ADET)"),
                 Field("down", &T::down, kRequired, "idle, starved, blocked (ADOT)"),
                 Field("no_data", &T::no_data, kRequired, "working time in which nothing reported"),
                 Field("minor_stops", &T::minor_stops, kRequired,
                       "stops shorter than the state model's minor_stop_s (inside the categories above)")};
};

template <>
struct Describe<plant::performance::TimeElements> {
  using T = plant::performance::TimeElements;
  static constexpr std::string_view kName = "TimeElements";
  static constexpr std::string_view kDoc = "ISO 22400-2 time elements, in seconds.";
  static constexpr auto kFields =
      std::tuple{Field("POT", &T::POT, kRequired, "planned operation time"),
                 Field("PBT", &T::PBT, kRequired, "planned busy time"),
                 Field("PDOT", &T::PDOT, kRequired, "planned downtime"),
                 Field("APT", &T::APT, kRequired, "actual production time"),
                 Field("ASUT", &T::ASUT, kRequired, "actual unit setup time"),
                 Field("ADET", &T::ADET, kRequired, "actual unit delay time"),
                 Field("ADOT", &T::ADOT, kRequired, "actual unit down time"),
                 Field("AUBT", &T::AUBT, kRequired, "actual unit busy time: APT + ASUT + ADET"),
                 Field("AUPT", &T::AUPT, kRequired, "actual unit processing time: APT + ASUT")};
};

template <>
struct Describe<plant::performance::PartCounts> {
  using C = plant::performance::PartCounts;
  static constexpr std::string_view kName = "PartCounts";
  static constexpr auto kFields = std::tuple{
      Field("produced", &C::produced, kRequired), Field("good", &C::good, kRequired),
      Field("reject", &C::reject, kRequired),
      Field("startup_reject", &C::startup_reject, kRequired,
            "rejects within the state model's startup_reject_s of a production run's start (part of reject)"),
      Field("without_ideal_cycle", &C::without_ideal_cycle, kRequired,
            "parts counted without an ideal cycle time: they add no ideal time")};
};

template <>
struct Describe<plant::performance::KpiFigures> {
  using K = plant::performance::KpiFigures;
  static constexpr std::string_view kName = "KpiFigures";
  static constexpr std::string_view kDoc =
      "OEE and ISO 22400 KPIs as ratios (0.85, not 85); null where their denominator is zero (see the "
      "report's warnings). Definitions: docs/PERFORMANCE.md.";
  static constexpr auto kFields = std::tuple{
      Field("oee", &K::oee, kRequired, "fully productive time / PBT"),
      Field("availability_iso", &K::availability_iso, kRequired, "APT / PBT"),
      Field("effectiveness_iso", &K::effectiveness_iso, kRequired,
            "ideal time of the parts made / APT; above 1 means a wrong ideal cycle time (a warning says so)"),
      Field("availability_nakajima", &K::availability_nakajima, kRequired, "(APT + minor stops) / PBT"),
      Field("performance_nakajima", &K::performance_nakajima, kRequired,
            "ideal time of the parts made / (APT + minor stops)"),
      Field("quality_ratio", &K::quality_ratio, kRequired, "good / produced"),
      Field("teep", &K::teep, kRequired, "fully productive time / window"),
      Field("utilisation", &K::utilisation, kRequired, "PBT / window"),
      Field("setup_rate", &K::setup_rate, kRequired, "ASUT / (APT + ASUT)"),
      Field("technical_efficiency", &K::technical_efficiency, kRequired, "APT / (APT + ADET)"),
      Field("scrap_ratio", &K::scrap_ratio, kRequired, "reject / produced"),
      Field("first_pass_yield", &K::first_pass_yield, kRequired, "good / produced (no rework is recorded yet)"),
      Field("failures", &K::failures, kRequired, "breakdowns (ADET stops, not minor) starting in working time"),
      Field("mtbf_s", &K::mtbf_s, kRequired, "APT / failures, in seconds"),
      Field("mttr_s", &K::mttr_s, kRequired, "breakdown time / failures, in seconds"),
      Field("setups", &K::setups, kRequired, "setups starting in the window")};
};

template <>
struct EnumNames<plant::performance::StepKind> {
  using K = plant::performance::StepKind;
  static constexpr std::pair<K, std::string_view> kValues[] = {
      {K::kTotal, "total"}, {K::kLoss, "loss"}, {K::kSubtotal, "subtotal"}};
};
template <>
struct Describe<plant::performance::WaterfallStep> {
  using W = plant::performance::WaterfallStep;
  static constexpr std::string_view kName = "WaterfallStep";
  static constexpr auto kFields =
      std::tuple{Field("step", &W::step, kRequired,
                       "window, not_scheduled, planned_operation_time, planned_downtime, planned_busy_time, "
                       "planned_downtime_as_loss (where the calendar counts planned downtime as a loss), breakdowns, "
                       "setup_and_adjustment, idle_starved_blocked, other_planned_stops, no_data, minor_stops, "
                       "production_time, reduced_speed, net_production_time, startup_rejects, production_rejects, "
                       "fully_productive_time"),
                 Field("s", &W::s, kRequired, "seconds; losses are negative"),
                 Field("kind", &W::kind, kRequired, "a loss subtracts from the subtotal before it")};
};

template <>
struct Describe<plant::performance::ParetoEntry> {
  using P = plant::performance::ParetoEntry;
  static constexpr std::string_view kName = "ParetoEntry";
  static constexpr std::string_view kDoc =
      "Stop time in working time by what stopped the units, longest first; exactly one of reason, code and "
      "state names it.";
  static constexpr auto kFields =
      std::tuple{Field("reason", &P::reason, kOmitIfEmpty, "a downtime reason (the operator's, or from the stop code)"),
                 Field("code", &P::code, kOmitIfEmpty, "a machine stop code without a reason; other: beyond 256 keys"),
                 Field("state", &P::state, kOmitIfEmpty, "the state, for stops with neither"),
                 Field("description", &P::description, kOmitIfEmpty, "the downtime reason's description"),
                 Field("s", &P::s, kRequired, "seconds"),
                 Field("stops", &P::stops, kRequired, "stops starting in the window"),
                 Field("share", &P::share, kRequired, "of all stop time in the list"),
                 Field("cumulative_share", &P::cumulative_share, kRequired, "this line's and those above it")};
  static void Rules(json::object& s) {
    json::array one;
    for (const char* k : {"reason", "code", "state"}) one.push_back(json::object{{"required", json::array{k}}});
    s["oneOf"] = std::move(one);
  }
};

template <>
struct Describe<plant::performance::UnitKpi> {
  using U = plant::performance::UnitKpi;
  static constexpr std::string_view kName = "UnitKpi";
  static constexpr auto kFields = std::tuple{Field("work_unit", &U::work_unit, kRequired),
                                             Field("kpi", &U::kpi, kRequired), Field("time_s", &U::time_s, kRequired)};
};

template <>
struct Describe<plant::performance::Window> {
  using W = plant::performance::Window;
  static constexpr std::string_view kName = "Window";
  static constexpr auto kFields = std::tuple{Field("from", &W::from, kRequired), Field("to", &W::to, kRequired)};
};

template <>
struct Describe<plant::performance::KpiReport> {
  using K = plant::performance::KpiReport;
  static constexpr std::string_view kName = "KpiReport";
  static constexpr std::string_view kDoc =
      "Time categories and elements, counts, OEE and ISO 22400 KPIs of every work unit at or under the "
      "equipment over a window, with the loss waterfall and the downtime Pareto.";
  static constexpr auto kFields =
      std::tuple{Field("equipment", &K::equipment, kRequired),
                 Field("from", &K::from, kRequired, "the window's start"),
                 Field("to", &K::to, kRequired, "the window's end, or now if that is sooner: the time computed"),
                 Field("work_units", &K::work_units, kRequired, "active work units at or under the equipment"),
                 Field("time_s", &K::time_s, kRequired),
                 Field("elements_s", &K::elements_s, kRequired),
                 Field("counts", &K::counts, kRequired),
                 Field("kpi", &K::kpi, kRequired),
                 Field("waterfall", &K::waterfall, kRequired, "from the window down to fully productive time"),
                 Field("pareto", &K::pareto, kRequired),
                 Field("units", &K::units, kOmitIfEmpty, "each work unit's figures, when asked for (units=true)"),
                 Field("warnings", &K::warnings, kRequired, "why figures are null or look wrong"),
                 Field("window", &K::window, kRequired, "the window as asked (its end may be in the future)")};
};

template <>
struct EnumNames<plant::performance::ClassifiedBy> {
  using C = plant::performance::ClassifiedBy;
  static constexpr std::pair<C, std::string_view> kValues[] = {
      {C::kOperator, "operator"}, {C::kMachine, "machine"}, {C::kNone, "none"}};
};
template <>
struct Describe<plant::performance::StopView> {
  using S = plant::performance::StopView;
  static constexpr std::string_view kName = "Stop";
  static constexpr auto kFields =
      std::tuple{Field("start", &S::start, kRequired, "give it to classify the stop"),
                 Field("end", &S::end, kRequired, "null while the unit is still in it"),
                 Field("duration_s", &S::duration_s, kRequired, "until its end, or until now"),
                 Field("state", &S::state, kRequired, "the state's code in the unit's state model"),
                 Field("machine_code", &S::machine_code, kRequired, "the machine's stop code, if it sent one"),
                 Field("reason", &S::reason, kRequired, "the downtime reason: the operator's, else the stop code's"),
                 Field("classified_by", &S::classified_by, kRequired, "where the reason comes from"),
                 Field("element", &S::element, kRequired, "ISO 22400 time element"),
                 Field("loss", &S::loss, kRequired)};
};
template <>
struct Describe<plant::performance::StopList> {
  using S = plant::performance::StopList;
  static constexpr std::string_view kName = "StopList";
  static constexpr auto kFields =
      std::tuple{Field("work_unit", &S::work_unit, kRequired),
                 Field("stops", &S::stops, kRequired, "intervals not producing that overlap the window, newest first")};
};

template <>
struct Describe<plant::performance::LatestValue> {
  using V = plant::performance::LatestValue;
  static constexpr std::string_view kName = "ProcessValue";
  static constexpr auto kFields =
      std::tuple{Field("value", &V::value, kRequired), Field("time", &V::time, kRequired, "when it was read")};
};
template <>
struct Describe<plant::performance::MachineStatus> {
  using M = plant::performance::MachineStatus;
  static constexpr std::string_view kName = "MachineStatus";
  static constexpr auto kFields =
      std::tuple{Field("work_unit", &M::work_unit, kRequired),
                 Field("state_model", &M::state_model, kRequired, "the state model of the unit's class"),
                 Field("calendar", &M::calendar, kRequired, "the shift calendar that applies; null: around the clock"),
                 Field("state", &M::state, kRequired, "the current state's code; no_data before any reading"),
                 Field("since", &M::since, kRequired, "when it began; null before any reading"),
                 Field("machine_code", &M::machine_code, kRequired, "the machine's stop code, if it sent one"),
                 Field("element", &M::element, kRequired, "ISO 22400 time element of the state as it stands now"),
                 Field("loss", &M::loss, kRequired),
                 Field("newest_reading", &M::newest_reading, kRequired, "of any kind; null before any reading"),
                 FieldAs<plant::performance::ProcessValuesCodec>("process_values", &M::process_values, kRequired,
                                                                 "the latest value of each process variable, by name")};
};

template <>
struct Describe<plant::performance::UnitStop> {
  using S = plant::performance::UnitStop;
  static constexpr std::string_view kName = "UnitStop";
  static constexpr std::string_view kDoc = "A stop of one of a node's work units: the unit and the stop's fields.";
  static constexpr auto kFields = std::tuple{Field("work_unit", &S::work_unit, kRequired), Inline(&S::stop)};
};
template <>
struct Describe<plant::performance::NodeStopList> {
  using S = plant::performance::NodeStopList;
  static constexpr std::string_view kName = "NodeStopList";
  static constexpr auto kFields =
      std::tuple{Field("equipment", &S::equipment, kRequired),
                 Field("stops", &S::stops, kRequired,
                       "stops of the work units at or under the equipment that overlap the window, newest first")};
};
template <>
struct Describe<plant::performance::NodeMachineStates> {
  using S = plant::performance::NodeMachineStates;
  static constexpr std::string_view kName = "NodeMachineStates";
  static constexpr auto kFields =
      std::tuple{Field("equipment", &S::equipment, kRequired),
                 Field("units", &S::units, kRequired, "each work unit at or under the equipment, by id")};
};
template <>
struct EnumNames<plant::performance::TrendBy> {
  using B = plant::performance::TrendBy;
  static constexpr std::pair<B, std::string_view> kValues[] = {{B::kShift, "shift"}, {B::kDay, "day"}};
};
template <>
struct Describe<plant::performance::TrendPeriod> {
  using T = plant::performance::TrendPeriod;
  static constexpr std::string_view kName = "TrendPeriod";
  static constexpr auto kFields =
      std::tuple{Field("shift", &T::shift, kRequired, "the shift's id in the calendar; null by day"),
                 Field("from", &T::from, kRequired, "the shift's (or local day's) start"),
                 Field("to", &T::to, kRequired, "its end; the figures stop at now for the current one"),
                 Field("kpi", &T::kpi, kRequired), Field("counts", &T::counts, kRequired)};
};
template <>
struct Describe<plant::performance::KpiTrend> {
  using T = plant::performance::KpiTrend;
  static constexpr std::string_view kName = "KpiTrend";
  static constexpr std::string_view kDoc =
      "The equipment's KPIs for each shift (or local day) that overlaps the window, each computed over the whole "
      "shift as GET /api/v1/kpi computes them.";
  static constexpr auto kFields = std::tuple{
      Field("equipment", &T::equipment, kRequired),
      Field("by", &T::by, kRequired),
      Field("calendar", &T::calendar, kRequired, "the shift calendar the shifts come from; null by day"),
      Field("time_zone", &T::time_zone, kRequired, "the site's IANA time zone, in which shifts and days are local"),
      Field("from", &T::from, kRequired),
      Field("to", &T::to, kRequired),
      Field("periods", &T::periods, kRequired, "oldest first")};
};

}  // namespace takt::contract
