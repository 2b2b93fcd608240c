// The events of the live stream (GET /api/v1/live), described once: the hub encodes their data
// from these types, and the OpenAPI document names their schemas, so a client can type them.
// Include from live.cc and the route file only (it brings the contract templates).
#pragma once

#include <memory>

#include "connect/http/route.h"
#include "plant/performance/contract.h"

namespace takt::http {

// `event: state`: a state change of a work unit under the node, as soon as it is durable.
struct LiveState {
  std::string work_unit;
  Timestamp time;
  std::string state;
  std::optional<std::string> machine_code;
};
// `event: kpi`: the node's figures over its current shift (or local day, without a calendar), at
// once and every 5 seconds.
struct LiveKpi {
  std::string equipment;
  plant::performance::Window window;
  plant::performance::KpiFigures kpi;
  plant::performance::TimeCategories time_s;
  plant::performance::PartCounts counts;
};
// `event: stop_classified`: an operator gave a stop of a unit under the node its reason.
struct LiveStopClassified {
  std::string work_unit;
  Timestamp start;
  std::string reason;
  std::string comment;
};

// `event: operation`: an operation on a work unit under the node started, paused, resumed, had
// good or scrap reported, or completed.
struct LiveOperation {
  std::string work_unit;
  std::string order;
  std::string operation;
  std::string event;   // started, paused, resumed, reported, completed
  std::string status;  // the operation's after it: running, paused, completed
  Timestamp time;
  std::string product;
  double quantity = 0;  // the order's
  std::string uom;
  double good = 0, scrap = 0;  // reported on the operation so far
};

// The stream a route answers (text/event-stream).
struct LiveEvents {
  std::shared_ptr<EventStream> stream;
};

// The event names and the types of their data, for the document.
inline constexpr const char* kLiveEventsDoc =
    "A stream of server-sent events (`event:` NAME, `data:` one JSON object) and `: heartbeat` comments. "
    "`state`: a LiveState, for every state change of a work unit under the node, as soon as it is durable. "
    "`kpi`: a LiveKpi, the node's figures over the current shift (the local day without a calendar), at once "
    "and every 5 seconds. `stop_classified`: a LiveStopClassified. `operation`: a LiveOperation, for every start, "
    "pause, resumption, report and completion of an operation on a work unit under the node. The schema's "
    "`x-takt-events` maps each "
    "event name to the schema of its data.";

template <>
struct Content<LiveEvents> {
  static constexpr const char* kType = "text/event-stream";
  static json::value Schema(contract::SchemaRegistry& r);
  static Response Make(int, const LiveEvents& e) {
    Response out;
    out.stream = e.stream;
    return out;
  }
};

}  // namespace takt::http

namespace takt::contract {

template <>
struct Describe<http::LiveState> {
  using S = http::LiveState;
  static constexpr std::string_view kName = "LiveState";
  static constexpr std::string_view kDoc = "The data of a `state` event: a work unit changed state.";
  static constexpr auto kFields =
      std::tuple{Field("work_unit", &S::work_unit, kRequired), Field("time", &S::time, kRequired),
                 Field("state", &S::state, kRequired, "the state's code in the unit's state model"),
                 Field("machine_code", &S::machine_code, kRequired, "the machine's stop code, if it sent one")};
};
template <>
struct Describe<http::LiveKpi> {
  using K = http::LiveKpi;
  static constexpr std::string_view kName = "LiveKpi";
  static constexpr std::string_view kDoc =
      "The data of a `kpi` event: the node's figures over its current shift, or the local day without a calendar.";
  static constexpr auto kFields = std::tuple{
      Field("equipment", &K::equipment, kRequired), Field("window", &K::window, kRequired),
      Field("kpi", &K::kpi, kRequired), Field("time_s", &K::time_s, kRequired), Field("counts", &K::counts, kRequired)};
};
template <>
struct Describe<http::LiveStopClassified> {
  using C = http::LiveStopClassified;
  static constexpr std::string_view kName = "LiveStopClassified";
  static constexpr std::string_view kDoc = "The data of a `stop_classified` event: a stop got its downtime reason.";
  static constexpr auto kFields =
      std::tuple{Field("work_unit", &C::work_unit, kRequired), Field("start", &C::start, kRequired),
                 Field("reason", &C::reason, kRequired), Field("comment", &C::comment, kRequired)};
};

template <>
struct Describe<http::LiveOperation> {
  using O = http::LiveOperation;
  static constexpr std::string_view kName = "LiveOperation";
  static constexpr std::string_view kDoc =
      "The data of an `operation` event: an operation on a work unit started, paused, resumed, had good or scrap "
      "reported, or completed.";
  static constexpr auto kFields = std::tuple{
      Field("work_unit", &O::work_unit, kRequired, "where it runs (or ran)"),
      Field("order", &O::order, kRequired),
      Field("operation", &O::operation, kRequired),
      Field("event", &O::event, kRequired, "started, paused, resumed, reported or completed"),
      Field("status", &O::status, kRequired, "the operation's status after it: running, paused or completed"),
      Field("time", &O::time, kRequired, "when it was recorded"),
      Field("product", &O::product, kRequired, "the material the order makes"),
      Field("quantity", &O::quantity, kRequired, "the order's quantity, in uom"),
      Field("uom", &O::uom, kRequired),
      Field("good", &O::good, kRequired, "good reported on the operation so far, in uom"),
      Field("scrap", &O::scrap, kRequired, "scrap reported on the operation so far, in uom")};
};

}  // namespace takt::contract

namespace takt::http {

inline json::value Content<LiveEvents>::Schema(contract::SchemaRegistry& r) {
  return json::object{{"type", "string"},
                      {"description", kLiveEventsDoc},
                      {"x-takt-events", json::object{{"state", r.Ref<LiveState>()},
                                                     {"kpi", r.Ref<LiveKpi>()},
                                                     {"stop_classified", r.Ref<LiveStopClassified>()},
                                                     {"operation", r.Ref<LiveOperation>()}}}};
}

}  // namespace takt::http
