// Classifying machine time: each interval of a unit's state, cut by its shift calendar into
// pieces, goes to one time category, one loss and one stop key. Internal to performance/.
#pragma once

#include <algorithm>
#include <map>
#include <tuple>

#include "plant/calendar/shift_calendar.h"
#include "plant/performance/sample.h"
#include "plant/performance/setup.h"
#include "plant/performance/state.h"

namespace takt::plant::performance {

using calendar::Planned;

// Shift calendar days, computed once per calendar version and UTC day. Not thread-safe: the
// writer keeps one; a query makes its own.
class PlanCache {
 public:
  const std::vector<calendar::Segment>& Day(const UnitSetup& u, int64_t day);
  void Clear() {
    days_.clear();
    last_calendar_ = nullptr;
    last_ = nullptr;
  }

 private:
  const std::vector<calendar::Segment>& DayUncached(const UnitSetup& u, int64_t day);
  std::map<std::tuple<std::string, int64_t, int64_t>, std::vector<calendar::Segment>> days_;
  // The previous answer: most lookups ask for the same calendar day again.
  const model::ShiftCalendar* last_calendar_ = nullptr;
  int64_t last_version_ = 0, last_day_ = 0;
  const std::vector<calendar::Segment>* last_ = nullptr;
};

struct Class {
  model::TimeElement element = model::TimeElement::kNoData;
  model::Loss loss = model::Loss::kNoData;
  int32_t key = -1;  // the stop's Pareto key
};

// Stop keys pack a kind and an interned string.
enum KeyKind : int32_t { kReasonKey = 0, kCodeKey = 1, kStateKey = 2 };
inline int32_t StopKey(KeyKind kind, int32_t id) {
  return id < 0 ? -1 : (kind << 28) | id;
}

// The class of the interval that starts with `c` and lasts `duration_us`.
Class Classify(const UnitSetup& u, const Interner& strings, const UnitData& d, const StateChange& c,
               int64_t duration_us);
// The downtime reason an interval has: the operator's, else its machine code's; "" if none.
std::string ReasonOf(const UnitSetup& u, const Interner& strings, const UnitData& d, const StateChange& c);

Category CategoryOf(model::TimeElement e, Planned planned);

// Calls f(day, from, to, planned) for the pieces of [s, e): none crosses a UTC midnight or a
// calendar boundary, planned maintenance windows are breaks.
template <typename F>
void ForEachPiece(const UnitSetup& u, PlanCache& cache, int64_t s, int64_t e, F&& f) {
  auto working = [&](int64_t day, int64_t x, int64_t y) {
    for (const auto& [ms, me] : u.maintenance) {
      if (ms >= y) break;
      if (me <= x) continue;
      if (ms > x) f(day, x, ms, Planned::kWorking);
      int64_t cut = std::min(me, y);
      f(day, std::max(x, ms), cut, Planned::kBreak);
      x = cut;
    }
    if (x < y) f(day, x, y, Planned::kWorking);
  };
  while (s < e) {
    int64_t day = DayOf(s);
    int64_t end = std::min(e, (day + 1) * kDayUs);
    if (!u.calendar) {
      working(day, s, end);
    } else {
      for (const auto& seg : cache.Day(u, day)) {
        int64_t x = std::max(s, seg.start.micros), y = std::min(end, seg.end.micros);
        if (x >= y) continue;
        if (seg.kind == Planned::kWorking)
          working(day, x, y);
        else
          f(day, x, y, seg.kind);
      }
    }
    s = end;
  }
}

// Adds `sign` times the interval [c.t, end) clipped to [a, b) to the tallies of each day:
// at(day, f) calls f(Tally&) on every tally that day feeds. Occurrences (stops, failures,
// setups) count where the interval starts, if that is working time in [a, b).
template <typename At>
void TallyInterval(const UnitSetup& u, PlanCache& cache, const Interner& strings, const UnitData& d,
                   const StateChange& c, int64_t end, int64_t a, int64_t b, int sign, At&& at) {
  Class k = Classify(u, strings, d, c, end - c.t);
  bool stop = k.element != model::TimeElement::kProduction && k.element != model::TimeElement::kNoData;
  bool failure = k.element == model::TimeElement::kDelay && k.loss == model::Loss::kBreakdown;
  ForEachPiece(u, cache, std::max(c.t, a), std::min(end, b), [&](int64_t day, int64_t x, int64_t y, Planned p) {
    int64_t len = (y - x) * sign;
    Category cat = CategoryOf(k.element, p);
    // A stop counts (in the Pareto, as a failure or a setup) where it starts, if that is working
    // time in the window: the same time its duration is counted in.
    bool starts = stop && x == c.t && p == Planned::kWorking;
    at(day, [&](Tally& t) {
      t.time[cat] += len;
      if (cat == kSetup || cat == kDelay || cat == kDown || cat == kNoData) t.loss[static_cast<int>(k.loss)] += len;
      if (stop && p == Planned::kWorking) t.AddStop(k.key, len, starts ? sign : 0);
      if (starts && failure) t.failures += sign;
      if (starts && k.element == model::TimeElement::kSetup) t.setups += sign;
    });
  });
}

// Every day tally also feeds the tally of its block of kBlockDays days, so long windows add a
// few block tallies rather than hundreds of day tallies.
template <typename F>
void AtDay(UnitData& d, int64_t day, F&& f) {
  f(d.days[day]);
  f(d.blocks[BlockOf(day)]);
}

void TallyCount(Tally& t, const CountRecord& r, int sign);

// Recomputes every day tally of a unit from its records.
void Rebuild(const UnitSetup& u, PlanCache& cache, const Interner& strings, UnitData& d);

}  // namespace takt::plant::performance
