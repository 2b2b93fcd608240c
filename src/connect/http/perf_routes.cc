// Machine data and performance over HTTP: batches of readings in; KPIs, stops, a unit's machine
// state and the live stream out. The bodies are the performance domain's (plant/performance/
// contract.h); the batch's readings decode through their own codec, the API's hot path.
#include "connect/http/live.h"
#include "connect/http/live_events.h"
#include "plant/performance/queries.h"
#include "runtime/runtime.h"

namespace takt::http {

enum class WindowKind { kShift, kDay, kWeek };

struct KpiQuery {
  std::string equipment;
  std::optional<Timestamp> from, to;
  std::optional<WindowKind> window;
  std::optional<Timestamp> at;
  bool units = false;
};
struct StopsQuery {
  std::optional<Timestamp> from, to;
  int64_t limit = 200;
};
struct LiveQuery {
  std::string equipment;
};
struct NodeQuery {
  std::string equipment;
};
struct NodeStopsQuery {
  std::string equipment;
  std::optional<Timestamp> from, to;
  int64_t limit = 200;
  bool waiting = false;
};
struct TrendQuery {
  std::string equipment;
  Timestamp from;
  std::optional<Timestamp> to;
  plant::performance::TrendBy by = plant::performance::TrendBy::kShift;
};

// The reply to a batch: what it came to, and the event that recorded it.
struct MachineDataReceipt {
  int64_t accepted = 0;
  int64_t duplicates = 0;
  std::optional<uint64_t> journal_seq;
};
struct StopClassified {
  std::string work_unit;
  bool classified = true;
  uint64_t journal_seq = 0;
};

}  // namespace takt::http

namespace takt::contract {
using namespace http;

template <>
struct EnumNames<WindowKind> {
  static constexpr std::pair<WindowKind, std::string_view> kValues[] = {
      {WindowKind::kShift, "shift"}, {WindowKind::kDay, "day"}, {WindowKind::kWeek, "week"}};
};
template <>
struct Describe<KpiQuery> {
  static constexpr std::string_view kName = "KpiQuery";
  static constexpr auto kFields = std::tuple{
      Field("equipment", &KpiQuery::equipment, kRequired | kId,
            "a hierarchy node: its work units and those under it are counted"),
      Field("from", &KpiQuery::from, kOptional, "the window's start (with to), or give window"),
      Field("to", &KpiQuery::to, kOptional, "the window's end; default now. At most 1100 days after from"),
      Field("window", &KpiQuery::window, kOptional,
            "instead of from and to: the shift (of the unit's shift calendar), local day or local week (Monday on) "
            "of the equipment's site that holds `at`"),
      Field("at", &KpiQuery::at, kOptional, "with window: the instant the window holds; default now"),
      Field("units", &KpiQuery::units, kOptional, "add each work unit's figures (default false)")};
  static void Check(KpiQuery& q, const json::object&, Decoder& d) {
    if (q.window && (q.from || q.to)) return d.Invalid("window", "give window or from and to, not both");
    if (!q.window && !q.from) d.Invalid("from", "missing required field: give from (and to), or window");
  }
};
template <>
struct Describe<StopsQuery> {
  static constexpr std::string_view kName = "StopsQuery";
  static constexpr auto kFields = std::tuple{
      Field("from", &StopsQuery::from, kOptional, "stops that end after it; default a day before now"),
      Field("to", &StopsQuery::to, kOptional, "stops that start before it; default now"),
      Field("limit", &StopsQuery::limit, kOptional, "at most this many, newest first (default 200)", Range(1, 10000))};
};
template <>
struct Describe<LiveQuery> {
  static constexpr std::string_view kName = "LiveQuery";
  static constexpr auto kFields = std::tuple{Field("equipment", &LiveQuery::equipment, kRequired | kId,
                                                   "a hierarchy node: events of its work units and those under it")};
};
template <>
struct Describe<NodeQuery> {
  static constexpr std::string_view kName = "NodeQuery";
  static constexpr auto kFields = std::tuple{Field("equipment", &NodeQuery::equipment, kRequired | kId,
                                                   "a hierarchy node: its work units and those under it")};
};
template <>
struct Describe<NodeStopsQuery> {
  using Q = NodeStopsQuery;
  static constexpr std::string_view kName = "NodeStopsQuery";
  static constexpr auto kFields = std::tuple{
      Field("equipment", &Q::equipment, kRequired | kId, "a hierarchy node: its work units and those under it"),
      Field("from", &Q::from, kOptional, "stops that end after it; default a day before now"),
      Field("to", &Q::to, kOptional, "stops that start before it; default now"),
      Field("limit", &Q::limit, kOptional, "at most this many, newest first (default 200)", Range(1, 10000)),
      Field("waiting", &Q::waiting, kOptional,
            "only stops waiting for a reason: malfunctions and idle stops (ADET, ADOT) that neither an operator nor "
            "the machine's stop code gave one (default false)")};
};
template <>
struct Describe<TrendQuery> {
  using Q = TrendQuery;
  static constexpr std::string_view kName = "TrendQuery";
  static constexpr auto kFields = std::tuple{
      Field("equipment", &Q::equipment, kRequired | kId, "a hierarchy node: its work units and those under it"),
      Field("from", &Q::from, kRequired, "the shifts or days overlapping [from, to) are listed, whole"),
      Field("to", &Q::to, kOptional, "default now; at most 100 days after from"),
      Field("by", &Q::by, kOptional,
            "shift (default): the shifts of the equipment's shift calendar; day: the local days of its site")};
};
template <>
struct Describe<MachineDataReceipt> {
  static constexpr std::string_view kName = "MachineDataReceipt";
  static constexpr auto kFields =
      std::tuple{Field("accepted", &MachineDataReceipt::accepted, kRequired, "readings recorded"),
                 Field("duplicates", &MachineDataReceipt::duplicates, kRequired,
                       "readings skipped: their (source, seq) was applied before"),
                 Field("journal_seq", &MachineDataReceipt::journal_seq, kOmitIfEmpty,
                       "the event that recorded the batch; absent when nothing was new")};
};
template <>
struct Describe<StopClassified> {
  static constexpr std::string_view kName = "StopClassified";
  static constexpr auto kFields =
      std::tuple{Field("work_unit", &StopClassified::work_unit, kRequired),
                 Field("classified", &StopClassified::classified, kRequired, "always true"),
                 Field("journal_seq", &StopClassified::journal_seq, kRequired, "the stop.classified event")};
};

}  // namespace takt::contract

namespace takt::http {
namespace {

using P = plant::Permission;
namespace perf = plant::performance;

void RecordMachineData(Call& c, perf::MachineDataBatch batch, Answer<MachineDataReceipt> answer) {
  size_t n = batch.events.size();
  c.rt.Submit(plant::MachineDataCommand{std::move(batch.events)}, c.actor,
              [n, answer](const Result<runtime::Committed>& r) {
                if (!r.ok()) return answer(r.status());
                MachineDataReceipt receipt{0, static_cast<int64_t>(n)};  // no event: nothing was new
                if (!r->summary.empty()) {
                  auto text = ParseJson(r->summary);
                  auto summary = text.ok() ? contract::Decode<perf::BatchSummary>(*text) : text.status();
                  if (!summary.ok()) return answer(Status::Internal("batch summary: " + summary.status().message()));
                  receipt = {summary->accepted, summary->duplicates};
                }
                if (r->last_seq >= r->first_seq && r->last_seq > 0) receipt.journal_seq = r->last_seq;
                answer(receipt);
              });
}

Result<perf::KpiReport> Kpi(runtime::Runtime& rt, const KpiQuery& q) {
  Timestamp now = Now();
  return rt.Read([&](const plant::Plant& p) -> Result<perf::KpiReport> {
    Timestamp from, to = q.to.value_or(now);
    if (q.window) {
      auto w = perf::NamedWindow(p.state(), q.equipment, contract::NameOf(*q.window), q.at.value_or(now));
      if (!w.ok()) return w.status();
      std::tie(from, to) = *w;
    } else {
      from = *q.from;
    }
    return perf::Kpi(p.state(), q.equipment, from, to, now, {.per_unit = q.units});
  });
}

Result<perf::NodeStopList> NodeStops(runtime::Runtime& rt, const NodeStopsQuery& q) {
  Timestamp now = Now();
  Timestamp from = q.from.value_or(Timestamp{now.micros - perf::kDayUs}), to = q.to.value_or(now);
  return rt.Read([&](const plant::Plant& p) {
    return perf::StopsUnder(p.state(), q.equipment, from, to, now, static_cast<size_t>(q.limit), q.waiting);
  });
}

void Classify(Call& c, perf::StopClassification body, Answer<StopClassified> answer) {
  std::string unit = c.param("id");
  c.rt.Submit(plant::ClassifyStop{unit, std::move(body)}, c.actor, [unit, answer](const Result<runtime::Committed>& r) {
    if (!r.ok()) return answer(r.status());
    answer(StopClassified{unit, true, r->last_seq});
  });
}

}  // namespace

void AddPerformanceRoutes(std::vector<Route>& out) {
  const std::string unit = "/api/v1/equipment/{id}";
  out.push_back(Bind<NoQuery, perf::MachineDataBatch, MachineDataReceipt>(
      {"POST", "/api/v1/machine-data", P::kRecordMachineData,
       "record a batch of machine readings: states, counts, process values (all or nothing)"},
      [](Call& c, const NoQuery&, perf::MachineDataBatch body, Answer<MachineDataReceipt> answer) {
        RecordMachineData(c, std::move(body), answer);
      }));
  out.push_back(Bind<KpiQuery, NoBody, perf::KpiReport>(
      {"GET", "/api/v1/kpi", P::kReadResources,
       "OEE, ISO 22400 KPIs, loss waterfall and downtime Pareto for equipment over a window"},
      [](Call& c, const KpiQuery& q, NoBody, Answer<perf::KpiReport> answer) { answer(Kpi(c.rt, q)); }));
  out.push_back(Bind<TrendQuery, NoBody, perf::KpiTrend>(
      {"GET", "/api/v1/kpi/trend", P::kReadResources,
       "OEE and ISO 22400 KPIs of equipment shift by shift (or day by day), over up to 100 days"},
      [](Call& c, const TrendQuery& q, NoBody, Answer<perf::KpiTrend> answer) {
        Timestamp now = Now();
        answer(c.rt.Read([&](const plant::Plant& p) {
          return perf::Trend(p.state(), q.equipment, q.from, q.to.value_or(now), q.by, now);
        }));
      }));
  out.push_back(Bind<NodeQuery, NoBody, perf::NodeMachineStates>(
      {"GET", "/api/v1/machine-states", P::kReadResources,
       "the current state of every work unit at or under a hierarchy node (as machine-state answers for one)"},
      [](Call& c, const NodeQuery& q, NoBody, Answer<perf::NodeMachineStates> answer) {
        Timestamp now = Now();
        answer(c.rt.Read([&](const plant::Plant& p) { return perf::StatusesUnder(p.state(), q.equipment, now); }));
      }));
  out.push_back(Bind<NodeStopsQuery, NoBody, perf::NodeStopList>(
      {"GET", "/api/v1/stops", P::kReadResources,
       "the stops of every work unit at or under a hierarchy node in a window; waiting=true: those waiting for a "
       "reason"},
      [](Call& c, const NodeStopsQuery& q, NoBody, Answer<perf::NodeStopList> answer) { answer(NodeStops(c.rt, q)); }));
  out.push_back(Bind<NoQuery, NoBody, perf::MachineStatus>(
      {"GET", unit + "/machine-state", P::kReadResources,
       "a work unit's current state, since when, and its latest process values"},
      [](Call& c, const NoQuery&, NoBody, Answer<perf::MachineStatus> answer) {
        Timestamp now = Now();
        answer(c.rt.Read([&](const plant::Plant& p) { return perf::CurrentStatus(p.state(), c.param("id"), now); }));
      }));
  out.push_back(Bind<StopsQuery, NoBody, perf::StopList>(
      {"GET", unit + "/stops", P::kReadResources, "a work unit's stops in a window, with their reasons"},
      [](Call& c, const StopsQuery& q, NoBody, Answer<perf::StopList> answer) {
        Timestamp now = Now();
        Timestamp from = q.from.value_or(Timestamp{now.micros - perf::kDayUs}), to = q.to.value_or(now);
        answer(c.rt.Read([&](const plant::Plant& p) {
          return perf::Stops(p.state(), c.param("id"), from, to, now, static_cast<size_t>(q.limit));
        }));
      }));
  RouteInfo live{"GET", "/api/v1/live", P::kReadResources,
                 "server-sent events for a hierarchy node: state changes at once, KPIs every 5 s"};
  live.description = kLiveEventsDoc;
  out.push_back(Bind<LiveQuery, NoBody, LiveEvents>(std::move(live),
                                                    [](Call& c, const LiveQuery& q, NoBody, Answer<LiveEvents> answer) {
                                                      auto stream = c.live.Open(q.equipment);
                                                      if (!stream.ok()) return answer(stream.status());
                                                      answer(LiveEvents{std::move(stream).value()});
                                                    }));
  out.push_back(Bind<NoQuery, perf::StopClassification, StopClassified>(
      {"POST", unit + "/stops/classify", P::kExecuteProduction,
       "give a stop its downtime reason (updates every KPI it touches)"},
      [](Call& c, const NoQuery&, perf::StopClassification body, Answer<StopClassified> answer) {
        Classify(c, std::move(body), answer);
      }));
}

}  // namespace takt::http
