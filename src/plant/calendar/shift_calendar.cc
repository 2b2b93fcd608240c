#include "plant/calendar/shift_calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>

namespace takt::plant::calendar {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::minutes;

constexpr int kMinutesPerDay = 1440;
constexpr int64_t kMicrosPerDay = 86'400'000'000;
// A shift starting on local date d ends before d + 2 (clock times are < 24:00), so shifts from
// one date back can reach into `from`'s date; the second date is a margin.
constexpr int64_t kLookbackDays = 2;

// An occurrence of a shift, in UTC microseconds. Its breaks are breaks[first_break, end_break).
struct Run {
  int64_t start, end;
  int shift;
  uint32_t first_break, end_break;
};
struct Span {
  int64_t start, end;
};

Status LocateZone(std::string_view tz, const date::time_zone*& zone) {
  // "localtime" is the host's zone, not a site's: a calendar must not change with the server.
  if (!tz.empty() && tz != "localtime") {
    try {
      zone = date::locate_zone(tz);
      return Status::Ok();
    } catch (const std::exception&) {  // date-tz reports unknown names only by throwing
    }
  }
  return Status::Invalid("unknown IANA time zone '" + std::string(tz) + "'", "time_zone");
}

bool IsClock(int min) {
  return min >= 0 && min < kMinutesPerDay;
}

// Field paths are built only on failure: this runs on every Expand.
Status CheckCalendar(const model::ShiftCalendar& cal) {
  auto fail = [](size_t i, const std::string& rest, const char* msg) {
    return Status::Invalid(msg, "shifts[" + std::to_string(i) + "]." + rest);
  };
  constexpr const char* kClock = "clock time must be in [0, 1440) minutes after midnight";
  for (size_t i = 0; i < cal.shifts.size(); ++i) {
    const model::Shift& s = cal.shifts[i];
    for (size_t k = 0; k < s.days.size(); ++k)
      if (s.days[k] < 1 || s.days[k] > 7)
        return fail(i, "days[" + std::to_string(k) + "]", "expected an ISO weekday 1 (Monday) to 7");
    if (!IsClock(s.start_min)) return fail(i, "start", kClock);
    if (!IsClock(s.end_min)) return fail(i, "end", kClock);
    for (size_t k = 0; k < s.breaks.size(); ++k) {
      if (!IsClock(s.breaks[k].start_min)) return fail(i, "breaks[" + std::to_string(k) + "].start", kClock);
      if (!IsClock(s.breaks[k].end_min)) return fail(i, "breaks[" + std::to_string(k) + "].end", kClock);
    }
  }
  return Status::Ok();
}

Status CheckWindow(Timestamp from, Timestamp to) {
  // Bounds keep day loops and minute arithmetic finite; the range is far wider than any plant's.
  static const int64_t kMin = DaysFromCivil(1900, 1, 1) * kMicrosPerDay;
  static const int64_t kMax = DaysFromCivil(2200, 1, 1) * kMicrosPerDay;
  if (from.micros < kMin || from.micros > kMax) return Status::Invalid("instant out of range 1900..2200", "from");
  if (to.micros < kMin || to.micros > kMax) return Status::Invalid("instant out of range 1900..2200", "to");
  if (from > to) return Status::Invalid("window ends before it starts", "to");
  return Status::Ok();
}

// Local clock minutes since 1970-01-01 00:00 local -> UTC microseconds. choose::earliest gives
// the first occurrence of an ambiguous time; date-tz maps a nonexistent time to the gap's end.
int64_t ToUtc(const date::time_zone* zone, int64_t local_min) {
  auto t = zone->to_sys(date::local_time<minutes>(minutes(local_min)), date::choose::earliest);
  return duration_cast<microseconds>(t.time_since_epoch()).count();
}

int64_t LocalDate(const date::time_zone* zone, int64_t utc_us) {
  auto local = zone->to_local(date::sys_time<microseconds>(microseconds(utc_us)));
  return date::floor<date::days>(local).time_since_epoch().count();
}

// 1970-01-01 was a Thursday (ISO 4); the result is a bit per ISO weekday (bit 1 = Monday).
unsigned WeekdayBit(int64_t date) {
  return 1u << (((date % 7 + 7 + 3) % 7) + 1);
}

// Calls emit(start, end, kind, shift index or -1) for consecutive elementary pieces of [from, to)
// (not merged). The caller has checked the window and the calendar.
template <typename Emit>
void Walk(const model::ShiftCalendar& cal, const date::time_zone* zone, int64_t from, int64_t to, Emit&& emit) {
  if (from == to) return;
  std::vector<unsigned> masks(cal.shifts.size(), 0);
  for (size_t i = 0; i < cal.shifts.size(); ++i)
    for (int d : cal.shifts[i].days) masks[i] |= 1u << d;

  std::vector<Run> runs;
  std::vector<Span> breaks;
  const int64_t last_date = LocalDate(zone, to);
  for (int64_t date = LocalDate(zone, from) - kLookbackDays; date <= last_date; ++date) {
    if (std::find(cal.holidays.begin(), cal.holidays.end(), date) != cal.holidays.end()) continue;
    const unsigned bit = WeekdayBit(date);
    const int64_t midnight = date * kMinutesPerDay;
    for (size_t i = 0; i < cal.shifts.size(); ++i) {
      if (!(masks[i] & bit)) continue;
      const model::Shift& s = cal.shifts[i];
      const int64_t start = ToUtc(zone, midnight + s.start_min);
      const int64_t end = ToUtc(zone, midnight + s.end_min + (s.end_min <= s.start_min ? kMinutesPerDay : 0));
      if (end <= from || start >= to || end <= start) continue;
      Run run{start, end, static_cast<int>(i), static_cast<uint32_t>(breaks.size()), 0};
      for (const model::ShiftBreak& b : s.breaks) {
        const int64_t b_start = midnight + b.start_min + (b.start_min < s.start_min ? kMinutesPerDay : 0);
        const int64_t b_end = b_start - b.start_min + b.end_min + (b.end_min <= b.start_min ? kMinutesPerDay : 0);
        const Span span{std::max(ToUtc(zone, b_start), start), std::min(ToUtc(zone, b_end), end)};
        if (span.start < span.end) breaks.push_back(span);
      }
      run.end_break = static_cast<uint32_t>(breaks.size());
      runs.push_back(run);
    }
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.start != b.start ? a.start < b.start : a.shift < b.shift; });

  // Every run and break edge inside the window cuts it; between two cuts nothing changes, so
  // each piece is classified once by the runs covering it.
  std::vector<int64_t> cuts{from, to};
  auto cut = [&](int64_t t) {
    if (t > from && t < to) cuts.push_back(t);
  };
  for (const Run& r : runs) cut(r.start), cut(r.end);
  for (const Span& b : breaks) cut(b.start), cut(b.end);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const int64_t a = cuts[k], b = cuts[k + 1];
    Planned kind = Planned::kOffShift;
    int shift = -1;
    for (const Run& r : runs) {
      if (r.start > a) break;  // sorted by start: no later run covers a
      if (r.end < b) continue;
      const bool in_break = std::any_of(breaks.begin() + r.first_break, breaks.begin() + r.end_break,
                                        [&](const Span& s) { return s.start <= a && s.end >= b; });
      if (!in_break) {
        kind = Planned::kWorking, shift = r.shift;
        break;
      }
      if (kind == Planned::kOffShift) kind = Planned::kBreak, shift = r.shift;
    }
    emit(a, b, kind, shift);
  }
}

Status Prepare(const model::ShiftCalendar& cal, std::string_view tz, Timestamp from, Timestamp to,
               const date::time_zone*& zone) {
  TAKT_RETURN_IF_ERROR(LocateZone(tz, zone));
  TAKT_RETURN_IF_ERROR(CheckWindow(from, to));
  return CheckCalendar(cal);
}

}  // namespace

Status CheckTimeZone(std::string_view tz) {
  const date::time_zone* zone = nullptr;
  return LocateZone(tz, zone);
}

Result<std::vector<Segment>> Expand(const model::ShiftCalendar& cal, std::string_view tz, Timestamp from,
                                    Timestamp to) {
  const date::time_zone* zone = nullptr;
  TAKT_RETURN_IF_ERROR(Prepare(cal, tz, from, to, zone));
  std::vector<Segment> out;
  static const std::string kNone;
  Walk(cal, zone, from.micros, to.micros, [&](int64_t a, int64_t b, Planned kind, int shift) {
    const std::string& id = shift < 0 ? kNone : cal.shifts[shift].id;
    if (!out.empty() && out.back().kind == kind && out.back().shift == id) {
      out.back().end.micros = b;
    } else {
      out.push_back({{a}, {b}, kind, id});
    }
  });
  return out;
}

Result<PlannedTime> Sum(const model::ShiftCalendar& cal, std::string_view tz, Timestamp from, Timestamp to) {
  const date::time_zone* zone = nullptr;
  TAKT_RETURN_IF_ERROR(Prepare(cal, tz, from, to, zone));
  PlannedTime sum;
  Walk(cal, zone, from.micros, to.micros, [&](int64_t a, int64_t b, Planned kind, int) {
    if (kind == Planned::kWorking) sum.working_us += b - a;
    if (kind == Planned::kBreak) sum.break_us += b - a;
  });
  return sum;
}

}  // namespace takt::plant::calendar

namespace takt::plant::calendar {

Result<Timestamp> LocalDayStart(std::string_view tz, Timestamp t, int64_t days) {
  const date::time_zone* zone = nullptr;
  TAKT_RETURN_IF_ERROR(LocateZone(tz, zone));
  TAKT_RETURN_IF_ERROR(CheckWindow(t, t));
  return Timestamp{ToUtc(zone, (LocalDate(zone, t.micros) + days) * kMinutesPerDay)};
}

Result<int> LocalWeekday(std::string_view tz, Timestamp t) {
  const date::time_zone* zone = nullptr;
  TAKT_RETURN_IF_ERROR(LocateZone(tz, zone));
  TAKT_RETURN_IF_ERROR(CheckWindow(t, t));
  int64_t date = LocalDate(zone, t.micros);
  return static_cast<int>((date % 7 + 7 + 3) % 7) + 1;
}

}  // namespace takt::plant::calendar
