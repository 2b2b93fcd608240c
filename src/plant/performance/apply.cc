// Applying machine data and stop classifications to the performance projection. Each change
// takes its old contribution out of the day tallies and puts the new one in, so late and
// reclassified data update every KPI they touch, in time proportional to the change.
#include <algorithm>

#include "plant/performance/performance.h"
#include "plant/performance/queries.h"
#include "plant/performance/tally.h"

namespace takt::plant::performance {
namespace {

constexpr int64_t kMaxDelta = 1'000'000'000;  // a larger counter jump is a new baseline, not output

PlanCache& CacheOf(Performance& p) {
  if (!p.cache) p.cache = std::make_shared<PlanCache>();
  return *p.cache;
}

struct Ctx {
  State& st;
  UnitSetup setup;
  UnitData& d;
  PlanCache& cache;
};

void Contribute(Ctx& x, size_t i, int sign) {
  const auto& ch = x.d.changes;
  if (i + 1 >= ch.size()) return;  // the open interval is not tallied
  TallyInterval(x.setup, x.cache, x.st.perf.strings, x.d, ch[i], ch[i + 1].t, INT64_MIN, INT64_MAX, sign,
                [&](int64_t day, auto&& f) { AtDay(x.d, day, f); });
}

void RemoveChange(Ctx& x, size_t i) {
  auto& ch = x.d.changes;
  if (i > 0) Contribute(x, i - 1, -1);
  Contribute(x, i, -1);
  ch.erase(ch.begin() + i);
  if (i > 0) Contribute(x, i - 1, +1);  // the interval before now lasts until the next change
}

// Inserts a state change where it happened. Intervals never overlap and never last no time: a
// change at the instant of another replaces it, and a change to the state the unit already has
// is none (a late one that repeats the next change moves that change back to its own time).
void InsertChange(Ctx& x, StateChange c) {
  auto& ch = x.d.changes;
  auto find = [&] {
    return static_cast<size_t>(
        std::upper_bound(ch.begin(), ch.end(), c.t, [](int64_t t, const StateChange& s) { return t < s.t; }) -
        ch.begin());
  };
  size_t pos = find();
  if (pos > 0 && ch[pos - 1].t == c.t) RemoveChange(x, --pos);
  auto same = [&](const StateChange& s) { return s.code == c.code && s.reason == c.reason; };
  if (pos > 0 && same(ch[pos - 1])) return;
  if (pos < ch.size() && same(ch[pos])) RemoveChange(x, pos);
  if (pos > 0) Contribute(x, pos - 1, -1);
  ch.insert(ch.begin() + pos, c);
  if (pos > 0) Contribute(x, pos - 1, +1);
  Contribute(x, pos, +1);
}

bool IsProduction(const Ctx& x, const StateChange& c) {
  const std::string& code = x.st.perf.strings.Get(c.code);
  const model::MachineState* m = FindState(*x.setup.model, code);
  return m && m->element == model::TimeElement::kProduction;
}

// Whether a reject counted at t falls in the startup window of the production run it was made
// in: a count at t reports what was made up to t, so the run is the one in force just before t.
bool InStartup(const Ctx& x, int64_t t) {
  int64_t window = x.setup.model->startup_reject_s * 1'000'000;
  if (window <= 0) return false;
  const auto& ch = x.d.changes;
  auto it = std::upper_bound(ch.begin(), ch.end(), t - 1, [](int64_t v, const StateChange& s) { return v < s.t; });
  if (it == ch.begin() || !IsProduction(x, *(it - 1))) return false;
  --it;
  while (it != ch.begin() && IsProduction(x, *(it - 1))) --it;
  return t - it->t <= window;
}

// The ideal cycle of parts counted at t: the operation's running just before t.
int64_t CycleAt(const Ctx& x, int64_t t) {
  const auto& cy = x.d.cycles;
  auto it = std::upper_bound(cy.begin(), cy.end(), t - 1, [](int64_t v, const auto& c) { return v < c.first; });
  if (it != cy.begin() && (it - 1)->second > 0) return (it - 1)->second;
  return x.setup.default_cycle_us;
}

void AddCount(Ctx& x, CountKind kind, int64_t t, int64_t delta) {
  if (delta == 0) return;
  // Ideal time of one record is capped at 10^12 us (11.6 days): sums of millions stay in int64.
  int64_t ideal = std::clamp<int64_t>(delta * CycleAt(x, t), -1'000'000'000'000, 1'000'000'000'000);
  CountRecord r{t, ideal, static_cast<int32_t>(delta), static_cast<uint8_t>(kind), 0};
  if (kind == kReject && InStartup(x, t)) r.startup = 1;
  auto& cs = x.d.counts;
  auto it = std::upper_bound(cs.begin(), cs.end(), t, [](int64_t v, const CountRecord& c) { return v < c.t; });
  cs.insert(it, r);
  AtDay(x.d, CountDayOf(t), [&](Tally& tally) { TallyCount(tally, r, 1); });
}

int64_t Delta(int64_t before, int64_t after) {
  int64_t d = after >= before ? after - before : after;  // a counter that went back was reset
  return d > kMaxDelta ? 0 : d;
}

void AddReading(Ctx& x, CountKind kind, int64_t t, int64_t value) {
  auto& rs = x.d.readings[kind];
  auto pos = std::upper_bound(rs.begin(), rs.end(), t, [](int64_t v, const UnitData::Reading& r) { return v < r.t; });
  const UnitData::Reading* prev = pos == rs.begin() ? nullptr : &*(pos - 1);
  if (pos != rs.end()) {
    // A late reading between two others: the next one's delta now counts from this one.
    int64_t old_next = prev ? Delta(prev->value, pos->value) : 0;
    AddCount(x, kind, pos->t, Delta(value, pos->value) - old_next);
  }
  int64_t delta = prev ? Delta(prev->value, value) : 0;  // the first reading is the baseline
  pos = rs.insert(pos, {t, value});
  AddCount(x, kind, t, delta);
  // Keep the readings a late one could still fall between, and one before them.
  int64_t cutoff = x.d.watermark - x.setup.model->late_window_s * 1'000'000;
  auto keep =
      std::lower_bound(rs.begin(), rs.end(), cutoff, [](const UnitData::Reading& r, int64_t v) { return r.t < v; });
  if (keep - rs.begin() > 1) rs.erase(rs.begin(), keep - 1);
}

Status ApplyRecorded(State& st, const json::object& p) {
  Performance& perf = st.perf;
  const json::array& units = p.at("units").as_array();
  const json::array& strings = p.at("strings").as_array();
  std::vector<int32_t> ids(strings.size());
  for (size_t i = 0; i < strings.size(); ++i) ids[i] = perf.strings.Intern(std::string(strings[i].as_string()));
  auto str = [&](const json::value& v) { return ids.at(static_cast<size_t>(v.as_int64())); };
  std::vector<std::unique_ptr<Ctx>> ctx(units.size());
  PlanCache& cache = CacheOf(perf);
  for (const json::value& row : p.at("samples").as_array()) {
    const json::array& a = row.as_array();
    size_t u = static_cast<size_t>(a.at(0).as_int64());
    if (!ctx.at(u)) {
      std::string unit(units.at(u).as_string());
      if (!st.md.equipment.count(unit)) return Status::Internal("machine data for unknown unit " + unit);
      UnitData& d = perf.units[unit];
      ctx[u] = std::make_unique<Ctx>(Ctx{st, SetupOf(st, unit), d, cache});
    }
    Ctx& x = *ctx[u];
    int64_t t = a.at(1).as_int64();
    auto kind = static_cast<SampleKind>(a.at(2).as_int64());
    x.d.watermark = std::max(x.d.watermark, t);
    switch (kind) {
      case SampleKind::kState: {
        int32_t reason = a.at(4).as_int64() < 0 ? -1 : str(a.at(4));
        if (reason >= 0)  // intern the reason it maps to, so stop keys can name it
          for (const auto& rc : x.setup.model->reason_codes)
            if (rc.code == perf.strings.Get(reason)) perf.strings.Intern(rc.reason);
        InsertChange(x, {t, str(a.at(3)), reason});
        break;
      }
      case SampleKind::kGood:
      case SampleKind::kReject:
      case SampleKind::kTotal: {
        auto ck = static_cast<CountKind>(static_cast<int>(kind) - 1);
        x.d.reported[ck] = true;
        if (a.at(4).as_int64())
          AddReading(x, ck, t, a.at(3).as_int64());
        else
          AddCount(x, ck, t, a.at(3).as_int64());
        break;
      }
      case SampleKind::kProcessValue: {
        ProcessValue& v = x.d.values[perf.strings.Get(str(a.at(3)))];
        if (t >= v.t) v = {t, a.at(4).to_number<double>()};
        break;
      }
      default:
        return Status::Internal("unknown sample kind");
    }
    if (a.size() >= 7) perf.sources[perf.strings.Get(str(a.at(5)))].Mark(a.at(6).to_number<uint64_t>());
    ++perf.samples;
  }
  return Status::Ok();
}

Status ApplyClassified(State& st, const json::object& p) {
  std::string unit(p.at("work_unit").as_string());
  auto start = ParseIso8601(std::string_view(p.at("start").as_string()));
  auto it = st.perf.units.find(unit);
  if (!start || it == st.perf.units.end()) return Status::Internal("stop.classified for an unknown stop");
  UnitData& d = it->second;
  auto& ch = d.changes;
  auto pos =
      std::lower_bound(ch.begin(), ch.end(), start->micros, [](const StateChange& s, int64_t v) { return s.t < v; });
  if (pos == ch.end() || pos->t != start->micros) return Status::Internal("stop.classified for an unknown stop");
  Ctx x{st, SetupOf(st, unit), d, CacheOf(st.perf)};
  // Every change at that instant reads the classification (all but the last last no time).
  size_t first = pos - ch.begin(), last = first;
  while (last + 1 < ch.size() && ch[last + 1].t == start->micros) ++last;
  for (size_t i = first; i <= last; ++i) Contribute(x, i, -1);
  d.classified[start->micros] = st.perf.strings.Intern(std::string(p.at("reason").as_string()));
  for (size_t i = first; i <= last; ++i) Contribute(x, i, +1);
  return Status::Ok();
}

}  // namespace

Status Apply(State& st, const Event& e, const json::object& payload) {
  if (e.version != 1) return Status::Internal("unsupported version " + std::to_string(e.version));
  try {
    if (e.type == "machine_data.recorded") return ApplyRecorded(st, payload);
    if (e.type == "machine_data.session") {
      st.perf.sessions[std::string(payload.at("source").as_string())] = payload.at("session").to_number<uint64_t>();
      return Status::Ok();
    }
    if (e.type == "stop.classified") return ApplyClassified(st, payload);
  } catch (const std::exception& ex) {
    return Status::Internal(ex.what());
  }
  return Status::Internal("unknown type");
}

void OnOperation(State& st, const Event& e, const json::object& p) {
  bool starts = e.type == "operation.started" || e.type == "operation.resumed";
  bool stops = e.type == "operation.paused" || e.type == "operation.completed";
  if (!starts && !stops) return;
  auto order = st.prod.orders.find(std::string_view(p.at("order").as_string()));
  if (order == st.prod.orders.end()) return;
  std::string_view op_id = p.at("operation").as_string();
  for (const auto& op : order->second.operations) {
    if (op.id != op_id || op.work_unit.empty()) continue;
    auto& cycles = st.perf.units[op.work_unit].cycles;
    double s = op.run_time_per_unit_s;
    int64_t us = starts && s > 0 && s <= 86400 ? static_cast<int64_t>(s * 1e6 + 0.5) : 0;
    cycles.emplace_back(e.time.micros, us);
  }
}

void MarkStale(State& st, const Event& e, const json::object& p) {
  Performance& perf = st.perf;
  auto mark_under = [&](std::string_view id) {
    for (const auto& u : UnitsUnder(st.md, id))
      if (perf.units.count(u)) perf.stale_units.insert(u);
  };
  if (e.type == "equipment.downtime_recorded") {
    if (perf.units.empty()) return;
    std::string unit(p.at("equipment").as_string());
    if (perf.units.count(unit)) perf.stale_units.insert(unit);
    return;
  }
  if (!e.type.starts_with("resource.")) return;
  const json::value* k = p.if_contains("kind");
  if (!k || !k->is_string()) return;
  std::string_view kind = k->get_string();
  bool created = e.type == "resource.created";
  std::string id;
  if (const json::value* v = p.if_contains("id"); v && v->is_string()) id = v->get_string();
  if (const json::value* doc = p.if_contains("doc"); doc && doc->is_object())
    if (const json::value* v = doc->as_object().if_contains("id"); v && v->is_string()) id = v->get_string();
  // Stop keys name reasons by interned id; interning every reason keeps keys independent of
  // which readings arrived first.
  if (kind == "downtime_reason") perf.strings.Intern(id);
  // A new model with a built-in's id (journals from before built-ins were read only) replaces
  // the built-in for every unit that used it.
  bool builtin = kind == "state_model" && FindBuiltinStateModel(id);
  if (created && builtin) created = false;
  if (perf.units.empty()) return;
  // A new resource reclassifies nothing that has data: a new unit has none, a new reason or
  // model is not referenced yet. A new calendar plans the units under its scope.
  if (kind == "shift_calendar") {
    if (!created) {
      perf.stale = true;  // its scope may have moved: every unit
      return;
    }
    if (auto it = st.md.shift_calendars.find(id); it != st.md.shift_calendars.end()) mark_under(it->second.scope);
  } else if (created) {
    return;
  } else if (kind == "equipment") {
    mark_under(id);
  } else if (kind == "equipment_class" || kind == "state_model") {
    for (const auto& [unit, d] : perf.units) {
      auto eq = st.md.equipment.find(unit);
      if (eq == st.md.equipment.end()) continue;
      for (const auto& c : eq->second.classes) {
        auto cls = st.md.equipment_classes.find(c);
        if (c == id || (cls != st.md.equipment_classes.end() && cls->second.state_model == id))
          perf.stale_units.insert(unit);
      }
      if (builtin) perf.stale_units.insert(unit);
    }
  } else if (kind == "downtime_reason") {
    perf.stale = true;  // reasons may be anywhere in anyone's stops
  }
}

void Settle(State& st) {
  Performance& perf = st.perf;
  if (!perf.stale && perf.stale_units.empty()) return;
  PlanCache& cache = CacheOf(perf);
  cache.Clear();
  for (auto& [unit, d] : perf.units)
    if ((perf.stale || perf.stale_units.count(unit)) && st.md.equipment.count(unit))
      Rebuild(SetupOf(st, unit), cache, perf.strings, d);
  perf.stale = false;
  perf.stale_units.clear();
}

}  // namespace takt::plant::performance
