// Stops: listing them with their reasons, an operator's classification, and a unit's status.
#include <algorithm>

#include "plant/performance/performance.h"
#include "plant/performance/queries.h"
#include "plant/performance/tally.h"

namespace takt::plant::performance {
namespace {

Status CheckUnit(const MasterData& md, std::string_view unit, const char* field) {
  auto e = md.equipment.find(unit);
  if (e == md.equipment.end() || e->second.meta.retired)
    return Status::NotFound("no work unit '" + std::string(unit) + "'", field);
  if (e->second.level != model::EquipmentLevel::kWorkUnit)
    return Status::Unprocessable("'" + std::string(unit) + "' is not a work unit", field);
  return Status::Ok();
}

}  // namespace

Result<std::vector<EventDraft>> Execute(const State& st, const ClassifyStop& cmd, const Context&) {
  TAKT_RETURN_IF_ERROR(CheckUnit(st.md, cmd.work_unit, "work_unit"));
  auto r = st.md.downtime_reasons.find(cmd.reason);
  if (r == st.md.downtime_reasons.end() || r->second.meta.retired)
    return Status::Unprocessable("unknown downtime reason '" + cmd.reason + "'", "reason");
  if (cmd.comment.size() > 1000) return Status::Invalid("a comment has at most 1000 characters", "comment");
  auto it = st.perf.units.find(cmd.work_unit);
  const StateChange* c = nullptr;
  if (it != st.perf.units.end()) {
    const auto& ch = it->second.changes;
    auto pos = std::lower_bound(ch.begin(), ch.end(), cmd.start.micros,
                                [](const StateChange& s, int64_t v) { return s.t < v; });
    while (pos != ch.end() && pos->t == cmd.start.micros) c = &*pos++;  // the last at that instant lasts
  }
  if (!c) return Status::NotFound("no stop of '" + cmd.work_unit + "' starts at " + FormatIso8601(cmd.start), "start");
  UnitSetup u = SetupOf(st, cmd.work_unit);
  const model::MachineState* m = FindState(*u.model, st.perf.strings.Get(c->code));
  if (!m || m->element == model::TimeElement::kProduction || m->element == model::TimeElement::kNoData)
    return Status::Unprocessable("the interval starting at " + FormatIso8601(cmd.start) + " is not a stop", "start");
  json::object p{{"work_unit", cmd.work_unit},
                 {"start", FormatIso8601(cmd.start)},
                 {"reason", cmd.reason},
                 {"comment", cmd.comment}};
  return std::vector<EventDraft>{{"stop.classified", 1, Serialize(p)}};
}

Result<json::object> Stops(const State& st, std::string_view unit, Timestamp from, Timestamp to, Timestamp now,
                           size_t limit) {
  TAKT_RETURN_IF_ERROR(CheckUnit(st.md, unit, "work_unit"));
  json::array out;
  auto it = st.perf.units.find(std::string(unit));
  if (it != st.perf.units.end()) {
    const UnitData& d = it->second;
    UnitSetup u = SetupOf(st, unit);
    const auto& ch = d.changes;
    auto end =
        std::lower_bound(ch.begin(), ch.end(), to.micros, [](const StateChange& s, int64_t v) { return s.t < v; });
    for (size_t i = end - ch.begin(); i-- > 0 && out.size() < limit;) {
      int64_t stop_end = i + 1 < ch.size() ? ch[i + 1].t : std::max(now.micros, ch[i].t);
      if (stop_end <= from.micros) break;
      Class k = Classify(u, st.perf.strings, d, ch[i], stop_end - ch[i].t);
      if (k.element == model::TimeElement::kProduction) continue;
      json::object o;
      o["start"] = FormatIso8601({ch[i].t});
      o["end"] = i + 1 < ch.size() ? json::value(FormatIso8601({stop_end})) : json::value(nullptr);
      o["duration_s"] = Number(static_cast<double>(stop_end - ch[i].t) / 1e6);
      o["state"] = st.perf.strings.Get(ch[i].code);
      o["machine_code"] = ch[i].reason >= 0 ? json::value(st.perf.strings.Get(ch[i].reason)) : json::value(nullptr);
      std::string reason = ReasonOf(u, st.perf.strings, d, ch[i]);
      o["reason"] = reason.empty() ? json::value(nullptr) : json::value(reason);
      o["classified_by"] = d.classified.count(ch[i].t) ? "operator" : reason.empty() ? "none" : "machine";
      o["element"] = model::TimeElementName(k.element);
      o["loss"] = model::LossName(k.loss);
      out.push_back(std::move(o));
    }
  }
  return json::object{{"work_unit", std::string(unit)}, {"stops", std::move(out)}};
}

std::optional<Timestamp> DownSince(const State& st, std::string_view unit, Timestamp now) {
  auto it = st.perf.units.find(std::string(unit));
  if (it == st.perf.units.end() || it->second.changes.empty()) return std::nullopt;
  UnitSetup u = SetupOf(st, unit);
  const UnitData& d = it->second;
  std::optional<Timestamp> since;
  int64_t end = now.micros;  // walk back over consecutive down states (a fault code may change)
  for (auto c = d.changes.rbegin(); c != d.changes.rend(); ++c) {
    if (c->t > now.micros) continue;  // stamped ahead of `now` (a source's clock may run ahead)
    // Lost contact (a Sparkplug node death, a reconnect) says nothing of the machine: a stop lasts through it.
    if (st.perf.strings.Get(c->code) == kNoDataState) continue;
    if (Classify(u, st.perf.strings, d, *c, end - c->t).element != model::TimeElement::kDelay) break;
    since = Timestamp{c->t};
    end = c->t;
  }
  return since;
}

std::optional<UnitReadings> ReadingsOf(const State& st, std::string_view unit) {
  auto it = st.perf.units.find(std::string(unit));
  if (it == st.perf.units.end() || it->second.watermark == INT64_MIN) return std::nullopt;
  const UnitData& d = it->second;
  UnitReadings r{Timestamp{d.watermark}, std::nullopt};
  if (!d.changes.empty() && st.perf.strings.Get(d.changes.back().code) == kNoDataState)
    r.no_data_since = Timestamp{d.changes.back().t};
  return r;
}

std::optional<uint64_t> SessionOf(const State& st, std::string_view source) {
  auto it = st.perf.sessions.find(std::string(source));
  if (it == st.perf.sessions.end()) return std::nullopt;
  return it->second;
}

Result<json::object> MachineStatus(const State& st, std::string_view unit, Timestamp now) {
  TAKT_RETURN_IF_ERROR(CheckUnit(st.md, unit, "id"));
  UnitSetup u = SetupOf(st, unit);
  json::object o;
  o["work_unit"] = std::string(unit);
  o["state_model"] = u.model->meta.id;
  o["calendar"] = u.calendar ? json::value(u.calendar->meta.id) : json::value(nullptr);
  auto it = st.perf.units.find(std::string(unit));
  if (it == st.perf.units.end() || it->second.changes.empty()) {
    o["state"] = kNoDataState;
    o["since"] = nullptr;
    o["element"] = "NODATA";
  } else {
    const UnitData& d = it->second;
    const StateChange& c = d.changes.back();
    Class k = Classify(u, st.perf.strings, d, c, std::max<int64_t>(0, now.micros - c.t));
    o["state"] = st.perf.strings.Get(c.code);
    o["since"] = FormatIso8601({c.t});
    o["machine_code"] = c.reason >= 0 ? json::value(st.perf.strings.Get(c.reason)) : json::value(nullptr);
    o["element"] = model::TimeElementName(k.element);
    o["loss"] = model::LossName(k.loss);
  }
  if (it != st.perf.units.end()) {
    const UnitData& d = it->second;
    o["newest_reading"] = d.watermark == INT64_MIN ? json::value(nullptr) : json::value(FormatIso8601({d.watermark}));
    json::object values;
    for (const auto& [name, v] : d.values)
      values[name] = json::object{{"value", Number(v.value)}, {"time", FormatIso8601({v.t})}};
    o["process_values"] = std::move(values);
  }
  return o;
}

}  // namespace takt::plant::performance
