#include "plant/performance/tally.h"

namespace takt::plant::performance {

const char* CategoryName(Category c) {
  static constexpr const char* kNames[] = {"not_scheduled", "planned_downtime", "production", "setup", "delay",
                                           "down",          "no_data"};
  return kNames[c];
}

int32_t Interner::Intern(const std::string& s) {
  auto [it, added] = ids_.try_emplace(s, static_cast<int32_t>(strings_.size()));
  if (added) strings_.push_back(s);
  return it->second;
}

int32_t Interner::Find(const std::string& s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? -1 : it->second;
}

bool SourceSeen::Seen(uint64_t seq) const {
  if (!any || seq > high) return false;
  if (high - seq >= bits.size()) return true;  // too old to tell: treated as seen
  return bits[seq % bits.size()];
}

void SourceSeen::Mark(uint64_t seq) {
  if (!any || seq > high) {
    if (!any || seq - high >= bits.size()) {
      bits.reset();
    } else {
      for (uint64_t s = high + 1; s < seq; ++s) bits[s % bits.size()] = false;
    }
    high = seq;
    any = true;
  }
  if (high - seq < bits.size()) bits[seq % bits.size()] = true;
}

void Tally::AddStop(int32_t key, int64_t us, int64_t n) {
  for (auto& s : stops)
    if (s.key == key) {
      s.us += us;
      s.n += n;
      return;
    }
  // Bounded: machines that invent stop codes without end share one key past the limit.
  if (stops.size() >= kMaxStopKeys) return AddStop(kOtherStops, us, n);
  stops.push_back({key, us, n});
}

void Tally::Add(const Tally& o, int sign) {
  for (int i = 0; i < kCategories; ++i) time[i] += sign * o.time[i];
  for (int i = 0; i < kLosses; ++i) loss[i] += sign * o.loss[i];
  for (int i = 0; i < kCountKinds; ++i) {
    count[i] += sign * o.count[i];
    ideal_us[i] += sign * o.ideal_us[i];
  }
  uncycled += sign * o.uncycled;
  failures += sign * o.failures;
  setups += sign * o.setups;
  for (const auto& s : o.stops) AddStop(s.key, sign * s.us, sign * s.n);
}

bool Tally::Empty() const {
  Tally zero;
  return time == zero.time && count == zero.count && failures == 0 && setups == 0 && uncycled == 0 &&
         std::all_of(stops.begin(), stops.end(), [](const StopTally& s) { return s.us == 0 && s.n == 0; });
}

const std::vector<calendar::Segment>& PlanCache::Day(const UnitSetup& u, int64_t day) {
  if (last_ && last_calendar_ == u.calendar && last_version_ == u.calendar->meta.version && last_day_ == day)
    return *last_;
  last_calendar_ = u.calendar, last_version_ = u.calendar->meta.version, last_day_ = day;
  last_ = &DayUncached(u, day);
  return *last_;
}

const std::vector<calendar::Segment>& PlanCache::DayUncached(const UnitSetup& u, int64_t day) {
  auto key = std::make_tuple(u.calendar->meta.id, u.calendar->meta.version, day);
  auto it = days_.find(key);
  if (it != days_.end()) return it->second;
  auto segs = calendar::Expand(*u.calendar, u.time_zone, Timestamp{day * kDayUs}, Timestamp{(day + 1) * kDayUs});
  std::vector<calendar::Segment> out;
  if (segs.ok()) {
    out = std::move(*segs);
  } else {
    // A zone the tz database does not know: the unit is planned around the clock.
    out.push_back({Timestamp{day * kDayUs}, Timestamp{(day + 1) * kDayUs}, Planned::kWorking, ""});
  }
  return days_.emplace(key, std::move(out)).first->second;
}

std::string ReasonOf(const UnitSetup& u, const Interner& strings, const UnitData& d, const StateChange& c) {
  if (auto it = d.classified.find(c.t); it != d.classified.end()) return strings.Get(it->second);
  if (c.reason >= 0) {
    const std::string& code = strings.Get(c.reason);
    for (const auto& rc : u.model->reason_codes)
      if (rc.code == code) return rc.reason;
  }
  return "";
}

Class Classify(const UnitSetup& u, const Interner& strings, const UnitData& d, const StateChange& c,
               int64_t duration_us) {
  using model::TimeElement;
  Class k;
  const std::string& code = strings.Get(c.code);
  const model::MachineState* st = code == kNoDataState ? nullptr : FindState(*u.model, code);
  if (!st) {
    k.key = StopKey(kStateKey, c.code);
    return k;  // no data, or a state the model no longer knows
  }
  k.element = st->element;
  k.loss = st->loss.value_or(model::DefaultLoss(st->element));
  if (k.element == TimeElement::kProduction || k.element == TimeElement::kNoData) return k;
  k.key = c.reason >= 0 ? StopKey(kCodeKey, c.reason) : StopKey(kStateKey, c.code);
  std::string reason = ReasonOf(u, strings, d, c);
  if (!reason.empty()) {
    if (int32_t id = strings.Find(reason); id >= 0) k.key = StopKey(kReasonKey, id);
    // A reason's element and loss, inherited down the tree.
    bool element_set = false, loss_set = false;
    for (size_t depth = 0; !reason.empty() && depth < 32; ++depth) {
      auto it = u.md->downtime_reasons.find(reason);
      if (it == u.md->downtime_reasons.end()) break;
      if (!element_set && it->second.element) {
        k.element = *it->second.element;
        if (!loss_set) k.loss = model::DefaultLoss(k.element);
        element_set = true;
      }
      if (!loss_set && it->second.loss) {
        k.loss = *it->second.loss;
        loss_set = true;
      }
      reason = it->second.parent;
    }
  }
  bool stop = k.element == TimeElement::kDelay || k.element == TimeElement::kDown;
  if (stop && duration_us < u.model->minor_stop_s * 1'000'000) k.loss = model::Loss::kMinorStop;
  return k;
}

Category CategoryOf(model::TimeElement e, Planned planned) {
  using model::TimeElement;
  // Production outside the plan still produced: it counts, and makes that time planned busy.
  if (e == TimeElement::kProduction) return kProduction;
  if (planned == Planned::kOffShift) return kNotScheduled;
  if (planned == Planned::kBreak) return kPlannedDown;
  switch (e) {
    case TimeElement::kSetup:
      return kSetup;
    case TimeElement::kDelay:
      return kDelay;
    case TimeElement::kDown:
      return kDown;
    case TimeElement::kPlannedDowntime:
      return kPlannedDown;
    default:
      return kNoData;
  }
}

void TallyCount(Tally& t, const CountRecord& r, int sign) {
  int64_t n = static_cast<int64_t>(r.delta) * sign, ideal = r.ideal_us * sign;
  t.count[r.kind] += n;
  t.ideal_us[r.kind] += ideal;
  if (r.startup) {
    t.count[kStartupReject] += n;
    t.ideal_us[kStartupReject] += ideal;
  }
  if (r.ideal_us == 0) t.uncycled += n;
}

void Rebuild(const UnitSetup& u, PlanCache& cache, const Interner& strings, UnitData& d) {
  d.days.clear();
  d.blocks.clear();
  auto at = [&](int64_t day, auto&& f) { AtDay(d, day, f); };
  for (size_t i = 0; i + 1 < d.changes.size(); ++i)
    TallyInterval(u, cache, strings, d, d.changes[i], d.changes[i + 1].t, INT64_MIN, INT64_MAX, 1, at);
  for (const auto& r : d.counts) AtDay(d, CountDayOf(r.t), [&](Tally& t) { TallyCount(t, r, 1); });
}

}  // namespace takt::plant::performance
