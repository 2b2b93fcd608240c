// KPIs over a window: day tallies for whole UTC days, records at the edges, and the open
// interval up to now. Definitions are in docs/PERFORMANCE.md.
#include <algorithm>
#include <cmath>

#include "plant/performance/queries.h"
#include "plant/performance/tally.h"

namespace takt::plant::performance {
namespace {

using model::Loss;

double S(int64_t us) {
  return static_cast<double>(us) / 1e6;
}

std::optional<double> Ratio(double num, double den) {
  if (den <= 0) return std::nullopt;
  return num / den;
}

void TallyNoData(const UnitSetup& u, PlanCache& cache, int64_t a, int64_t b, Tally& t) {
  ForEachPiece(u, cache, a, b, [&](int64_t, int64_t x, int64_t y, Planned p) {
    Category cat = CategoryOf(model::TimeElement::kNoData, p);
    t.time[cat] += y - x;
    if (cat == kNoData) t.loss[static_cast<int>(Loss::kNoData)] += y - x;
  });
}

// Closed intervals in [x, y) and counts in (x, y] from the records.
void TallyRaw(const UnitSetup& u, PlanCache& cache, const Interner& strings, const UnitData& d, int64_t x, int64_t y,
              Tally& t) {
  if (x >= y) return;
  const auto& ch = d.changes;
  auto it = std::upper_bound(ch.begin(), ch.end(), x, [](int64_t v, const StateChange& c) { return v < c.t; });
  size_t i = it == ch.begin() ? 0 : (it - ch.begin()) - 1;
  auto at = [&](int64_t, auto&& f) { f(t); };
  for (; i + 1 < ch.size() && ch[i].t < y; ++i) TallyInterval(u, cache, strings, d, ch[i], ch[i + 1].t, x, y, 1, at);
  const auto& cs = d.counts;
  auto c = std::upper_bound(cs.begin(), cs.end(), x, [](int64_t v, const CountRecord& r) { return v < r.t; });
  for (; c != cs.end() && c->t <= y; ++c) TallyCount(t, *c, 1);
}

Tally UnitTally(const State& st, const UnitSetup& u, const UnitData* d, int64_t a, int64_t b, int64_t now,
                PlanCache& cache, bool from_records) {
  Tally t;
  if (!d || d->changes.empty()) {
    TallyNoData(u, cache, a, b, t);
    if (d) TallyRaw(u, cache, st.perf.strings, *d, a, b, t);  // counts without states
    return t;
  }
  const auto& ch = d->changes;
  if (a < ch.front().t) TallyNoData(u, cache, a, std::min(b, ch.front().t), t);
  int64_t d0 = DayOf(a + kDayUs - 1), d1 = DayOf(b);  // whole days [d0, d1)
  if (from_records || d0 >= d1) {
    TallyRaw(u, cache, st.perf.strings, *d, a, b, t);
  } else {
    TallyRaw(u, cache, st.perf.strings, *d, a, d0 * kDayUs, t);
    // Whole days: whole blocks of days where they fit, single days at either end.
    int64_t b0 = BlockOf(d0 + kBlockDays - 1), b1 = BlockOf(d1);
    auto days = [&](int64_t from, int64_t to) {
      for (auto it = d->days.lower_bound(from); it != d->days.end() && it->first < to; ++it) t.Add(it->second);
    };
    if (b0 < b1) {
      days(d0, b0 * kBlockDays);
      for (auto it = d->blocks.lower_bound(b0); it != d->blocks.end() && it->first < b1; ++it) t.Add(it->second);
      days(b1 * kBlockDays, d1);
    } else {
      days(d0, d1);
    }
    TallyRaw(u, cache, st.perf.strings, *d, d1 * kDayUs, b, t);
  }
  const StateChange& open = ch.back();
  if (open.t < b)
    TallyInterval(u, cache, st.perf.strings, *d, open, std::max(now, open.t), a, b, 1,
                  [&](int64_t, auto&& f) { f(t); });
  return t;
}

// Figures one unit contributes, with its calendar's policy and its count semantics applied.
struct Figures {
  int64_t window = 0, pot = 0, pbt = 0;
  int64_t produced = 0, good = 0, reject = 0, startup = 0;
  int64_t ideal_produced = 0, ideal_good = 0, ideal_reject = 0, ideal_startup = 0;
  Tally t;

  void Add(const Figures& o) {
    window += o.window, pot += o.pot, pbt += o.pbt;
    produced += o.produced, good += o.good, reject += o.reject, startup += o.startup;
    ideal_produced += o.ideal_produced, ideal_good += o.ideal_good, ideal_reject += o.ideal_reject;
    ideal_startup += o.ideal_startup;
    t.Add(o.t);
  }
};

Figures FiguresOf(const UnitSetup& u, const UnitData* d, Tally t, int64_t window) {
  Figures f;
  f.window = window;
  f.pot = window - t.time[kNotScheduled];
  bool pdot_is_loss = u.calendar && u.calendar->planned_downtime_is_loss;
  f.pbt = f.pot - (pdot_is_loss ? 0 : t.time[kPlannedDown]);
  const auto& c = t.count;
  const auto& i = t.ideal_us;
  bool total = d && d->reported[kTotal], good = d && d->reported[kGood];
  if (!total) {
    f.produced = c[kGood] + c[kReject], f.good = c[kGood], f.reject = c[kReject];
    f.ideal_produced = i[kGood] + i[kReject], f.ideal_good = i[kGood];
  } else if (good) {  // total and good: the rest was rejected (never fewer than the good ones)
    f.produced = std::max(c[kTotal], c[kGood]), f.good = c[kGood], f.reject = f.produced - f.good;
    f.ideal_produced = std::max(i[kTotal], i[kGood]), f.ideal_good = i[kGood];
  } else {  // total (and perhaps rejects): the rest was good (never fewer than none)
    f.produced = std::max(c[kTotal], c[kReject]), f.reject = c[kReject], f.good = f.produced - f.reject;
    f.ideal_produced = std::max(i[kTotal], i[kReject]), f.ideal_good = f.ideal_produced - i[kReject];
  }
  f.ideal_reject = f.ideal_produced - f.ideal_good;
  f.startup = c[kStartupReject], f.ideal_startup = i[kStartupReject];
  f.t = std::move(t);
  return f;
}

TimeCategories TimeOf(const Figures& f) {
  const auto& t = f.t.time;
  return {S(f.window),       S(t[kNotScheduled]), S(t[kPlannedDown]),
          S(t[kProduction]), S(t[kSetup]),        S(t[kDelay]),
          S(t[kDown]),       S(t[kNoData]),       S(f.t.loss[static_cast<int>(Loss::kMinorStop)])};
}

TimeElements ElementsOf(const Figures& f) {
  const auto& t = f.t.time;
  return {S(f.pot),
          S(f.pbt),
          S(t[kPlannedDown]),
          S(t[kProduction]),
          S(t[kSetup]),
          S(t[kDelay]),
          S(t[kDown]),
          S(t[kProduction] + t[kSetup] + t[kDelay]),
          S(t[kProduction] + t[kSetup])};
}

KpiFigures KpisOf(const Figures& f, std::vector<std::string>& warnings) {
  const Tally& t = f.t;
  double apt = static_cast<double>(t.time[kProduction]);
  double minor = static_cast<double>(t.loss[static_cast<int>(Loss::kMinorStop)]);
  double breakdown = static_cast<double>(t.loss[static_cast<int>(Loss::kBreakdown)]);
  double pbt = static_cast<double>(f.pbt), produced = static_cast<double>(f.produced);
  KpiFigures k;
  // OEE is the fully productive (ideal) time of good parts over planned busy time; it equals
  // availability x effectiveness x quality whenever all three are defined.
  k.oee = Ratio(static_cast<double>(f.ideal_good), pbt);
  k.availability_iso = Ratio(apt, pbt);
  k.effectiveness_iso = Ratio(static_cast<double>(f.ideal_produced), apt);
  k.availability_nakajima = Ratio(apt + minor, pbt);
  k.performance_nakajima = Ratio(static_cast<double>(f.ideal_produced), apt + minor);
  k.quality_ratio = Ratio(static_cast<double>(f.good), produced);
  k.teep = Ratio(static_cast<double>(f.ideal_good), static_cast<double>(f.window));
  k.utilisation = Ratio(pbt, static_cast<double>(f.window));
  k.setup_rate = Ratio(static_cast<double>(t.time[kSetup]), apt + static_cast<double>(t.time[kSetup]));
  k.technical_efficiency = Ratio(apt, apt + static_cast<double>(t.time[kDelay]));
  k.scrap_ratio = Ratio(static_cast<double>(f.reject), produced);
  k.first_pass_yield = Ratio(static_cast<double>(f.good), produced);
  k.failures = t.failures;
  if (t.failures > 0) {
    k.mtbf_s = apt / 1e6 / static_cast<double>(t.failures);
    k.mttr_s = breakdown / 1e6 / static_cast<double>(t.failures);
  }
  k.setups = t.setups;
  if (f.pbt <= 0) warnings.push_back("no planned busy time in the window: ratios over it are null");
  if (f.ideal_produced > t.time[kProduction] && t.time[kProduction] > 0)
    warnings.push_back(
        "overspeed: more parts than the ideal cycle time allows (effectiveness > 1); check the ideal cycle time");
  if (t.uncycled > 0)
    warnings.push_back(std::to_string(t.uncycled) +
                       " parts counted without an ideal cycle time (no running operation and no ideal_cycle_s "
                       "property): they add no ideal time");
  return k;
}

std::vector<WaterfallStep> Waterfall(const Figures& f) {
  const Tally& t = f.t;
  auto loss = [&](Loss l) { return t.loss[static_cast<int>(l)]; };
  // Per site policy planned downtime is left out of planned busy time, or counted as a loss.
  int64_t pdot_out = f.pot - f.pbt, pdot_loss = t.time[kPlannedDown] - pdot_out;
  std::vector<WaterfallStep> w;
  auto step = [&](const char* name, int64_t us, StepKind kind) { w.push_back({name, S(us), kind}); };
  constexpr StepKind kTotal = StepKind::kTotal, kLoss = StepKind::kLoss, kSubtotal = StepKind::kSubtotal;
  step("window", f.window, kTotal);
  step("not_scheduled", -t.time[kNotScheduled], kLoss);
  step("planned_operation_time", f.pot, kSubtotal);
  step("planned_downtime", -pdot_out, kLoss);
  step("planned_busy_time", f.pbt, kSubtotal);
  if (pdot_loss != 0) step("planned_downtime_as_loss", -pdot_loss, kLoss);
  step("breakdowns", -loss(Loss::kBreakdown), kLoss);
  step("setup_and_adjustment", -loss(Loss::kSetup), kLoss);
  step("idle_starved_blocked", -loss(Loss::kIdle), kLoss);
  step("other_planned_stops", -loss(Loss::kPlanned), kLoss);
  step("no_data", -loss(Loss::kNoData), kLoss);
  step("minor_stops", -loss(Loss::kMinorStop), kLoss);
  step("production_time", t.time[kProduction], kSubtotal);
  step("reduced_speed", -(t.time[kProduction] - f.ideal_produced), kLoss);
  step("net_production_time", f.ideal_produced, kSubtotal);
  step("startup_rejects", -f.ideal_startup, kLoss);
  step("production_rejects", -(f.ideal_reject - f.ideal_startup), kLoss);
  step("fully_productive_time", f.ideal_good, kSubtotal);
  return w;
}

std::vector<ParetoEntry> Pareto(const State& st, const Tally& t) {
  std::vector<StopTally> stops = t.stops;
  std::erase_if(stops, [](const StopTally& s) { return s.us == 0 && s.n == 0; });
  std::sort(stops.begin(), stops.end(),
            [](const StopTally& a, const StopTally& b) { return a.us != b.us ? a.us > b.us : a.key < b.key; });
  int64_t total = 0;
  for (const auto& s : stops) total += s.us;
  std::vector<ParetoEntry> out;
  int64_t running = 0;
  for (const auto& s : stops) {
    running += s.us;
    ParetoEntry e;
    if (s.key == kOtherStops) {
      e.code = "other";
    } else if (s.key < 0) {
      e.state = kNoDataState;
    } else {
      const std::string& name = st.perf.strings.Get(s.key & ((1 << 28) - 1));
      if ((s.key >> 28) == kReasonKey) {
        e.reason = name;
        auto it = st.md.downtime_reasons.find(name);
        if (it != st.md.downtime_reasons.end()) e.description = it->second.meta.description;
      } else {
        ((s.key >> 28) == kCodeKey ? e.code : e.state) = name;
      }
    }
    e.s = S(s.us);
    e.stops = s.n;
    e.share = Ratio(static_cast<double>(s.us), static_cast<double>(total));
    e.cumulative_share = Ratio(static_cast<double>(running), static_cast<double>(total));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<std::string> UnitsUnder(const MasterData& md, std::string_view equipment) {
  std::vector<std::string> out;
  for (const auto& [id, e] : md.equipment) {
    if (e.meta.retired || e.level != model::EquipmentLevel::kWorkUnit) continue;
    std::string_view at = id;
    for (int depth = 0; !at.empty() && depth < 16; ++depth) {
      if (at == equipment) {
        out.push_back(id);
        break;
      }
      auto it = md.equipment.find(at);
      if (it == md.equipment.end()) break;
      at = it->second.parent;
    }
  }
  return out;
}

Result<std::pair<Timestamp, Timestamp>> NamedWindow(const State& st, std::string_view equipment, std::string_view kind,
                                                    Timestamp at) {
  if (!st.md.equipment.count(equipment))
    return Status::NotFound("no equipment '" + std::string(equipment) + "'", "equipment");
  std::string tz = "UTC";
  if (auto site = st.md.equipment.find(SiteOf(st.md, equipment)); site != st.md.equipment.end())
    tz = site->second.time_zone;
  if (kind == "day" || kind == "week") {
    int64_t back = 0;
    if (kind == "week") {
      auto wd = calendar::LocalWeekday(tz, at);
      if (!wd.ok()) return wd.status();
      back = *wd - 1;
    }
    auto a = calendar::LocalDayStart(tz, at, -back);
    auto b = calendar::LocalDayStart(tz, at, -back + (kind == "week" ? 7 : 1));
    if (!a.ok()) return a.status();
    if (!b.ok()) return b.status();
    return std::make_pair(*a, *b);
  }
  if (kind != "shift") return Status::Invalid("expected shift, day or week", "window");
  const model::ShiftCalendar* cal = CalendarOf(st.md, equipment);
  if (!cal) return Status::Unprocessable("no shift calendar applies to '" + std::string(equipment) + "'", "window");
  auto segs = calendar::Expand(*cal, tz, {at.micros - 2 * kDayUs}, {at.micros + 2 * kDayUs});
  if (!segs.ok()) return segs.status();
  const auto& v = *segs;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].start > at || v[i].end <= at) continue;
    if (v[i].shift.empty()) return Status::NotFound("no shift at " + FormatIso8601(at), "at");
    size_t first = i, last = i;  // a shift's working time and breaks are consecutive segments
    while (first > 0 && v[first - 1].shift == v[i].shift && v[first - 1].end == v[first].start) --first;
    while (last + 1 < v.size() && v[last + 1].shift == v[i].shift && v[last + 1].start == v[last].end) ++last;
    return std::make_pair(v[first].start, v[last].end);
  }
  return Status::NotFound("no shift at " + FormatIso8601(at), "at");
}

Result<KpiReport> Kpi(const State& st, std::string_view equipment, Timestamp from, Timestamp to, Timestamp now,
                      KpiOptions options) {
  if (!st.md.equipment.count(equipment))
    return Status::NotFound("no equipment '" + std::string(equipment) + "'", "equipment");
  int64_t a = from.micros, b = std::min(to.micros, now.micros);
  if (a >= to.micros) return Status::Invalid("the window is empty: from must be before to", "from");
  if (to.micros - a > 1100 * kDayUs) return Status::Invalid("a window is at most 1100 days long", "to");
  if (b < a) b = a;  // a window wholly in the future has no time yet
  PlanCache cache;
  Figures sum;
  KpiReport r;
  if (options.per_unit) r.units.emplace();
  std::vector<std::string> ids = UnitsUnder(st.md, equipment);
  for (const auto& id : ids) {
    UnitSetup u = SetupOf(st, id);
    auto it = st.perf.units.find(id);
    const UnitData* d = it == st.perf.units.end() ? nullptr : &it->second;
    bool records = options.from_records || st.perf.Stale(id);
    Figures f = FiguresOf(u, d, UnitTally(st, u, d, a, b, now.micros, cache, records), b - a);
    if (r.units) {
      std::vector<std::string> ignored;  // the node's warnings cover its units
      r.units->push_back({id, KpisOf(f, ignored), TimeOf(f)});
    }
    sum.Add(f);
  }
  r.equipment = std::string(equipment);
  r.from = from;
  r.to = {b};
  r.work_units = static_cast<int64_t>(ids.size());
  r.time_s = TimeOf(sum);
  r.elements_s = ElementsOf(sum);
  r.counts = {sum.produced, sum.good, sum.reject, sum.startup, sum.t.uncycled};
  r.kpi = KpisOf(sum, r.warnings);
  r.waterfall = Waterfall(sum);
  r.pareto = Pareto(st, sum.t);
  r.window = {from, to};
  return r;
}

}  // namespace takt::plant::performance

namespace takt::plant::performance {

Result<KpiTrend> Trend(const State& st, std::string_view equipment, Timestamp from, Timestamp to, TrendBy by,
                       Timestamp now) {
  if (!st.md.equipment.count(equipment))
    return Status::NotFound("no equipment '" + std::string(equipment) + "'", "equipment");
  if (from >= to) return Status::Invalid("the window is empty: from must be before to", "from");
  if (to.micros - from.micros > kMaxTrendDays * kDayUs)
    return Status::Invalid("a trend spans at most " + std::to_string(kMaxTrendDays) + " days", "from");
  KpiTrend out;
  out.equipment = std::string(equipment);
  out.by = by;
  out.time_zone = "UTC";
  if (auto site = st.md.equipment.find(SiteOf(st.md, equipment)); site != st.md.equipment.end())
    out.time_zone = site->second.time_zone;
  out.from = from;
  out.to = to;
  const Timestamp end{std::min(to.micros, now.micros)};
  // The periods, whole: [start, end) with the shift's id.
  std::vector<std::tuple<Timestamp, Timestamp, std::optional<std::string>>> periods;
  if (by == TrendBy::kDay) {
    auto day = calendar::LocalDayStart(out.time_zone, from);
    if (!day.ok()) return day.status();
    for (Timestamp a = *day; a < end;) {
      auto b = calendar::LocalDayStart(out.time_zone, a, 1);
      if (!b.ok()) return b.status();
      periods.emplace_back(a, *b, std::nullopt);
      a = *b;
    }
  } else {
    const model::ShiftCalendar* cal = CalendarOf(st.md, equipment);
    if (!cal) return Status::Unprocessable("no shift calendar applies to '" + std::string(equipment) + "'", "by");
    out.calendar = cal->meta.id;
    // A day on each side, so that the shifts overlapping the window's edges are seen whole.
    auto segs = calendar::Expand(*cal, out.time_zone, {from.micros - kDayUs}, {end.micros + kDayUs});
    if (!segs.ok()) return segs.status();
    const auto& v = *segs;
    for (size_t i = 0; i < v.size();) {
      if (v[i].shift.empty()) {
        ++i;
        continue;
      }
      size_t last = i;  // a shift's working time and breaks are consecutive segments
      while (last + 1 < v.size() && v[last + 1].shift == v[i].shift && v[last + 1].start == v[last].end) ++last;
      if (v[i].start < end && v[last].end > from) periods.emplace_back(v[i].start, v[last].end, v[i].shift);
      i = last + 1;
    }
  }
  for (auto& [a, b, shift] : periods) {
    auto k = Kpi(st, equipment, a, b, now);
    if (!k.ok()) return k.status();
    out.periods.push_back({std::move(shift), a, b, std::move(k->kpi), k->counts});
  }
  return out;
}

}  // namespace takt::plant::performance
