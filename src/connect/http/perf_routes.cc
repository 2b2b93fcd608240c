// Machine data and performance over HTTP: batches of readings in, KPIs, stops and machine
// status out. Parsing a batch is the hot path: it reads the JSON objects directly rather than
// through FieldReader, which builds a path string per field.
#include "connect/http/util.h"
#include "plant/performance/queries.h"
#include "runtime/runtime.h"

namespace takt::http {
namespace {

using plant::performance::Sample;
using plant::performance::SampleKind;

constexpr size_t kMaxBatch = 100'000;

Status Bad(size_t i, std::string_view key, std::string message) {
  return Status::Invalid(std::move(message), "events[" + std::to_string(i) + "]." + std::string(key));
}

Status ReadSample(const json::value& v, size_t i, Sample& s) {
  if (!v.is_object()) return Status::Invalid("expected an object", "events[" + std::to_string(i) + "]");
  int kinds = 0;
  bool has_time = false;
  for (const auto& kv : v.get_object()) {
    std::string_view k = kv.key();
    const json::value& x = kv.value();
    auto str = [&](std::string& out) -> Status {
      if (!x.is_string()) return Bad(i, k, "expected a string");
      out = std::string(x.get_string());
      return Status::Ok();
    };
    auto count = [&](SampleKind kind) -> Status {
      if (!x.is_int64() && !x.is_uint64()) return Bad(i, k, "expected a whole number");
      if (x.is_uint64() && x.get_uint64() > static_cast<uint64_t>(INT64_MAX)) return Bad(i, k, "too large");
      s.kind = kind;
      s.count = x.to_number<int64_t>();
      ++kinds;
      return Status::Ok();
    };
    Status st;
    if (k == "work_unit") {
      st = str(s.work_unit);
    } else if (k == "time") {
      if (!x.is_string()) return Bad(i, k, "expected an ISO 8601 time, e.g. 2026-11-22T08:00:00.250Z");
      auto t = ParseIso8601(std::string_view(x.get_string()));
      if (!t) return Bad(i, k, "expected an ISO 8601 time, e.g. 2026-11-22T08:00:00.250Z");
      s.time = *t;
      has_time = true;
    } else if (k == "state") {
      st = str(s.state);
      s.kind = SampleKind::kState;
      ++kinds;
    } else if (k == "reason") {
      st = str(s.reason);
    } else if (k == "good") {
      st = count(SampleKind::kGood);
    } else if (k == "reject") {
      st = count(SampleKind::kReject);
    } else if (k == "total") {
      st = count(SampleKind::kTotal);
    } else if (k == "cumulative") {
      if (!x.is_bool()) return Bad(i, k, "expected true or false");
      s.cumulative = x.get_bool();
    } else if (k == "value") {
      if (!x.is_number()) return Bad(i, k, "expected a number");
      s.value = x.to_number<double>();
      s.kind = SampleKind::kProcessValue;
      ++kinds;
    } else if (k == "name") {
      st = str(s.name);
    } else if (k == "source") {
      st = str(s.source);
    } else if (k == "seq") {
      if (!x.is_uint64() && !(x.is_int64() && x.get_int64() >= 0)) return Bad(i, k, "expected a whole number >= 0");
      s.seq = x.to_number<uint64_t>();
    } else {
      return Bad(i, k, "unknown field");
    }
    if (!st.ok()) return st;
  }
  if (s.work_unit.empty()) return Bad(i, "work_unit", "required");
  if (!has_time) return Bad(i, "time", "required");
  if (kinds != 1) return Bad(i, "state", "give exactly one of state, good, reject, total and value");
  if (s.seq && s.source.empty()) return Bad(i, "source", "a seq needs a source");
  return Status::Ok();
}

void RecordMachineData(runtime::Runtime& rt, const Request& req, const std::string& actor, Reply reply) {
  auto body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  const json::object& o = body->get_object();
  std::string source;
  const json::array* events = nullptr;
  for (const auto& kv : o) {
    if (kv.key() == "events" && kv.value().is_array()) {
      events = &kv.value().get_array();
    } else if (kv.key() == "source" && kv.value().is_string()) {
      source = std::string(kv.value().get_string());
    } else {
      return reply(FromStatus(Status::Invalid(kv.key() == "events"   ? "expected an array of readings"
                                              : kv.key() == "source" ? "expected a string"
                                                                     : "unknown field",
                                              std::string(kv.key()))));
    }
  }
  if (!events) return reply(FromStatus(Status::Invalid("required: an array of readings", "events")));
  if (events->size() > kMaxBatch)
    return reply(FromStatus(Status::Invalid("at most 100000 readings per batch", "events")));
  plant::MachineDataCommand cmd;
  cmd.samples.resize(events->size());
  for (size_t i = 0; i < events->size(); ++i) {
    Sample& s = cmd.samples[i];
    s.source = source;  // an event's own source overrides the batch's
    if (Status st = ReadSample((*events)[i], i, s); !st.ok()) return reply(FromStatus(st));
  }
  size_t n = cmd.samples.size();
  rt.Submit(std::move(cmd), actor, [n, reply = std::move(reply)](const Result<runtime::Committed>& c) {
    if (!c.ok()) return reply(FromStatus(c.status()));
    json::object out;
    if (!c->summary.empty()) {
      auto s = ParseJson(c->summary);
      if (s.ok() && s->is_object()) out = s->get_object();
    } else {
      out = {{"accepted", 0}, {"duplicates", static_cast<int64_t>(n)}};
    }
    if (c->last_seq >= c->first_seq && c->last_seq > 0) out["journal_seq"] = c->last_seq;
    reply(Json(200, out));
  });
}

Result<Timestamp> TimeParam(const Query& q, std::string_view key) {
  auto it = q.find(key);
  if (it == q.end()) return Status::Invalid("required", std::string(key));
  auto t = ParseIso8601(it->second);
  if (!t) return Status::Invalid("expected an ISO 8601 time, e.g. 2026-11-22T06:00:00Z", std::string(key));
  return *t;
}

// from/to, or window=shift|day|week with at (default now).
Result<std::pair<Timestamp, Timestamp>> WindowParams(runtime::Runtime& rt, const Query& q, const std::string& eq,
                                                     Timestamp now) {
  if (q.count("window")) {
    if (q.count("from") || q.count("to")) return Status::Invalid("give window or from and to, not both", "window");
    Timestamp at = now;
    if (q.count("at")) {
      auto t = TimeParam(q, "at");
      if (!t.ok()) return t.status();
      at = *t;
    }
    return rt.Read(
        [&](const plant::Plant& p) { return plant::performance::NamedWindow(p.state(), eq, q.at("window"), at); });
  }
  auto from = TimeParam(q, "from");
  if (!from.ok()) return from.status();
  Timestamp to = now;
  if (q.count("to")) {
    auto t = TimeParam(q, "to");
    if (!t.ok()) return t.status();
    to = *t;
  }
  return std::make_pair(*from, to);
}

}  // namespace

void HandlePerformanceRoute(runtime::Runtime& rt, const Route& route, const Request& req, const Params& params,
                            const Query& query, const std::string& actor, Reply reply) {
  const std::string& p = route.path;
  Timestamp now = Now();
  if (p == "/api/v1/machine-data") {
    if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
    return RecordMachineData(rt, req, actor, std::move(reply));
  }
  if (p == "/api/v1/kpi") {
    if (Status s = OnlyParams(query, {"equipment", "from", "to", "window", "at", "units"}); !s.ok())
      return reply(FromStatus(s));
    if (!query.count("equipment")) return reply(FromStatus(Status::Invalid("required", "equipment")));
    const std::string& eq = query.at("equipment");
    bool units = false;
    if (query.count("units")) {
      if (query.at("units") != "true" && query.at("units") != "false")
        return reply(FromStatus(Status::Invalid("expected true or false", "units")));
      units = query.at("units") == "true";
    }
    auto w = WindowParams(rt, query, eq, now);
    if (!w.ok()) return reply(FromStatus(w.status()));
    auto k = rt.Read([&](const plant::Plant& pl) {
      return plant::performance::Kpi(pl.state(), eq, w->first, w->second, now, {.per_unit = units});
    });
    if (k.ok()) (*k)["window"] = json::object{{"from", FormatIso8601(w->first)}, {"to", FormatIso8601(w->second)}};
    return reply(k.ok() ? Json(200, *k) : FromStatus(k.status()));
  }
  const std::string& id = params.at("id");
  if (p == "/api/v1/equipment/{id}/machine-state") {
    if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
    auto m = rt.Read([&](const plant::Plant& pl) { return plant::performance::MachineStatus(pl.state(), id, now); });
    return reply(m.ok() ? Json(200, *m) : FromStatus(m.status()));
  }
  if (p == "/api/v1/equipment/{id}/stops") {
    if (Status s = OnlyParams(query, {"from", "to", "limit"}); !s.ok()) return reply(FromStatus(s));
    Timestamp from{now.micros - plant::performance::kDayUs}, to = now;
    if (query.count("from")) {
      auto t = TimeParam(query, "from");
      if (!t.ok()) return reply(FromStatus(t.status()));
      from = *t;
    }
    if (query.count("to")) {
      auto t = TimeParam(query, "to");
      if (!t.ok()) return reply(FromStatus(t.status()));
      to = *t;
    }
    auto limit = IntParam(query, "limit", 200, 1, 10000);
    if (!limit.ok()) return reply(FromStatus(limit.status()));
    auto v = rt.Read(
        [&](const plant::Plant& pl) { return plant::performance::Stops(pl.state(), id, from, to, now, *limit); });
    return reply(v.ok() ? Json(200, *v) : FromStatus(v.status()));
  }
  // POST /api/v1/equipment/{id}/stops/classify
  if (Status s = OnlyParams(query, {}); !s.ok()) return reply(FromStatus(s));
  auto body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  FieldReader r(*body, "");
  plant::ClassifyStop cmd{id, r.Time("start").value_or(Timestamp{}), r.Id("reason"),
                          r.String("comment", FieldReader::kOptional)};
  if (Status s = r.Finish(); !s.ok()) return reply(FromStatus(s));
  rt.Submit(std::move(cmd), actor, [rt = &rt, id, now, reply = std::move(reply)](const Result<runtime::Committed>& c) {
    if (!c.ok()) return reply(FromStatus(c.status()));
    reply(Json(200, json::object{{"work_unit", id}, {"classified", true}, {"journal_seq", c->last_seq}}));
  });
}

}  // namespace takt::http
