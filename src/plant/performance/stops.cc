// Stops: listing them with their reasons, an operator's classification, and a unit's status.
#include <algorithm>
#include <cstdint>

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
  const StopClassification& stop = cmd.stop;
  auto r = st.md.downtime_reasons.find(stop.reason);
  if (r == st.md.downtime_reasons.end() || r->second.meta.retired)
    return Status::Unprocessable("unknown downtime reason '" + stop.reason + "'", "reason");
  if (stop.comment.size() > 1000) return Status::Invalid("a comment has at most 1000 characters", "comment");
  auto it = st.perf.units.find(cmd.work_unit);
  const StateChange* c = nullptr;
  if (it != st.perf.units.end()) {
    const auto& ch = it->second.changes;
    auto pos = std::lower_bound(ch.begin(), ch.end(), stop.start.micros,
                                [](const StateChange& s, int64_t v) { return s.t < v; });
    while (pos != ch.end() && pos->t == stop.start.micros) c = &*pos++;  // the last at that instant lasts
  }
  if (!c) return Status::NotFound("no stop of '" + cmd.work_unit + "' starts at " + FormatIso8601(stop.start), "start");
  UnitSetup u = SetupOf(st, cmd.work_unit);
  const model::MachineState* m = FindState(*u.model, st.perf.strings.Get(c->code));
  if (!m || m->element == model::TimeElement::kProduction || m->element == model::TimeElement::kNoData)
    return Status::Unprocessable("the interval starting at " + FormatIso8601(stop.start) + " is not a stop", "start");
  json::object p{{"work_unit", cmd.work_unit},
                 {"start", FormatIso8601(stop.start)},
                 {"reason", stop.reason},
                 {"comment", stop.comment}};
  return std::vector<EventDraft>{{"stop.classified", 1, Serialize(p)}};
}

Result<StopList> Stops(const State& st, std::string_view unit, Timestamp from, Timestamp to, Timestamp now,
                       size_t limit) {
  TAKT_RETURN_IF_ERROR(CheckUnit(st.md, unit, "work_unit"));
  StopList out{std::string(unit), {}};
  auto it = st.perf.units.find(std::string(unit));
  if (it != st.perf.units.end()) {
    const UnitData& d = it->second;
    UnitSetup u = SetupOf(st, unit);
    const auto& ch = d.changes;
    auto end =
        std::lower_bound(ch.begin(), ch.end(), to.micros, [](const StateChange& s, int64_t v) { return s.t < v; });
    for (size_t i = end - ch.begin(); i-- > 0 && out.stops.size() < limit;) {
      int64_t stop_end = i + 1 < ch.size() ? ch[i + 1].t : std::max(now.micros, ch[i].t);
      if (stop_end <= from.micros) break;
      Class k = Classify(u, st.perf.strings, d, ch[i], stop_end - ch[i].t);
      if (k.element == model::TimeElement::kProduction) continue;
      StopView v;
      v.start = {ch[i].t};
      if (i + 1 < ch.size()) v.end = Timestamp{stop_end};
      v.duration_s = static_cast<double>(stop_end - ch[i].t) / 1e6;
      v.state = st.perf.strings.Get(ch[i].code);
      if (ch[i].reason >= 0) v.machine_code = st.perf.strings.Get(ch[i].reason);
      std::string reason = ReasonOf(u, st.perf.strings, d, ch[i]);
      v.classified_by = d.classified.count(ch[i].t) ? ClassifiedBy::kOperator
                        : reason.empty()            ? ClassifiedBy::kNone
                                                    : ClassifiedBy::kMachine;
      if (!reason.empty()) v.reason = std::move(reason);
      v.element = k.element;
      v.loss = k.loss;
      out.stops.push_back(std::move(v));
    }
  }
  return out;
}

Result<NodeStopList> StopsUnder(const State& st, std::string_view equipment, Timestamp from, Timestamp to,
                                Timestamp now, size_t limit, bool waiting) {
  if (!st.md.equipment.count(equipment))
    return Status::NotFound("no equipment '" + std::string(equipment) + "'", "equipment");
  NodeStopList out{std::string(equipment), {}};
  for (const auto& unit : UnitsUnder(st.md, equipment)) {
    // Each unit's newest `limit` (of those asked for) can be among the node's newest.
    auto list = Stops(st, unit, from, to, now, waiting ? SIZE_MAX : limit);
    if (!list.ok()) return list.status();
    size_t kept = 0;
    for (auto& s : list->stops) {
      if (kept == limit) break;
      if (waiting && (s.classified_by != ClassifiedBy::kNone ||
                      (s.element != model::TimeElement::kDelay && s.element != model::TimeElement::kDown)))
        continue;
      out.stops.push_back({unit, std::move(s)});
      ++kept;
    }
  }
  std::stable_sort(out.stops.begin(), out.stops.end(),
                   [](const UnitStop& a, const UnitStop& b) { return a.stop.start > b.stop.start; });
  if (out.stops.size() > limit) out.stops.resize(limit);
  return out;
}

Result<NodeMachineStates> StatusesUnder(const State& st, std::string_view equipment, Timestamp now) {
  if (!st.md.equipment.count(equipment))
    return Status::NotFound("no equipment '" + std::string(equipment) + "'", "equipment");
  NodeMachineStates out{std::string(equipment), {}};
  for (const auto& unit : UnitsUnder(st.md, equipment)) {
    auto m = CurrentStatus(st, unit, now);
    if (!m.ok()) return m.status();
    out.units.push_back(std::move(m).value());
  }
  return out;
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

Result<MachineStatus> CurrentStatus(const State& st, std::string_view unit, Timestamp now) {
  TAKT_RETURN_IF_ERROR(CheckUnit(st.md, unit, "id"));
  UnitSetup u = SetupOf(st, unit);
  MachineStatus m;
  m.work_unit = std::string(unit);
  m.state_model = u.model->meta.id;
  if (u.calendar) m.calendar = u.calendar->meta.id;
  m.state = kNoDataState;  // before any reading: element NODATA, loss no_data
  auto it = st.perf.units.find(std::string(unit));
  if (it == st.perf.units.end()) return m;
  const UnitData& d = it->second;
  if (!d.changes.empty()) {
    const StateChange& c = d.changes.back();
    Class k = Classify(u, st.perf.strings, d, c, std::max<int64_t>(0, now.micros - c.t));
    m.state = st.perf.strings.Get(c.code);
    m.since = Timestamp{c.t};
    if (c.reason >= 0) m.machine_code = st.perf.strings.Get(c.reason);
    m.element = k.element;
    m.loss = k.loss;
  }
  if (d.watermark != INT64_MIN) m.newest_reading = Timestamp{d.watermark};
  for (const auto& [name, v] : d.values) m.process_values[name] = {v.value, Timestamp{v.t}};
  return m;
}

}  // namespace takt::plant::performance
