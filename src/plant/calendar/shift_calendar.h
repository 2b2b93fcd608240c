// Shift calendars expanded into UTC time: when is a work unit planned to work, to be on a break,
// or off shift, in its site's IANA time zone with daylight saving applied.
//
// Local clock to UTC: a shift or break time is a local clock time on a local date (see
// model::ShiftCalendar), mapped to an instant as follows, so that every clock time has exactly one
// instant and the mapping never goes backwards:
// - a clock time that does not exist (the spring-forward gap) maps to the instant the gap ends:
//   02:30 on 2026-03-29 in Europe/Berlin is 03:00 CEST (01:00 UTC);
// - an ambiguous clock time (fall back) maps to its first occurrence (the summer time one).
// A 22:00-06:00 night shift therefore lasts 7 h over spring forward and 9 h over fall back.
//
// Breaks are placed on the local clock: a break starts on the shift's start date if its clock
// time is at/after the shift's start time, else on the next date; it ends at the first later
// occurrence of its end clock time (end <= start: the next date). The part of a break outside its
// shift is ignored, and a break whose both ends fall into the same gap is empty.
//
// Time zone data: the OS tzdata through Howard Hinnant's date library (USE_OS_TZDB). Debian's
// zone files list transitions only up to 2037 and this version of the library does not read the
// POSIX rule that continues them, so instants after 2037 get the zone's last listed offset
// (standard time, no daylight saving).
//
// Threads: every function may be called from any number of threads (no shared mutable state; the
// tz database is loaded once, thread-safely, by date-tz). The first call in a process reads the
// zone directory (milliseconds); later calls do not touch the file system.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "model/machine.h"

namespace takt::plant::calendar {

enum class Planned : uint8_t { kOffShift, kBreak, kWorking };

struct Segment {
  Timestamp start, end;  // [start, end), UTC
  Planned kind = Planned::kOffShift;
  std::string shift;  // the Shift::id; "" when off shift
  bool operator==(const Segment&) const = default;
};

// Checks an IANA zone name ("Europe/Berlin"; links such as "US/Eastern" too). Names are exact
// and case-sensitive. Unknown names, and the host-dependent "localtime", give kInvalidArgument
// with field "time_zone".
Status CheckTimeZone(std::string_view tz);

// The calendar over [from, to).
// Requires: from <= to, both within [1900-01-01, 2200-01-01) UTC (kInvalidArgument, field "from"
// or "to"); tz accepted by CheckTimeZone; shift and break clock times in [0, 1440) minutes and
// weekdays in 1..7 (kInvalidArgument with the field's JSON path, e.g. "shifts[1].breaks[0].end").
// Guarantees: segments ascending, non-empty, non-overlapping, covering [from, to) exactly (none
// when from == to); adjacent segments with the same kind and shift are merged, also across
// consecutive occurrences of a shift (a 06:00-06:00 shift every day is one working segment).
// An instant is kWorking if some shift covers it outside that shift's breaks, kBreak if the
// shifts covering it are all inside a break, else kOffShift. When several shifts cover it, the
// segment names the one that started first among those working (kWorking) or among all (kBreak);
// shifts starting at the same instant rank in calendar order. Shifts that started on earlier local
// dates (a night shift begun the evening before `from`) are included.
// Cost: O(local days in the window x shifts) zone lookups plus a sort of the shift occurrences
// overlapping the window; one UTC day of a 3-shift pattern takes 1-2 microseconds (zone lookup included).
Result<std::vector<Segment>> Expand(const model::ShiftCalendar& cal, std::string_view tz, Timestamp from, Timestamp to);

// Total kWorking and kBreak time within [from, to), in microseconds; equal to summing Expand's
// segments, without building them. Same requirements as Expand.
struct PlannedTime {
  int64_t working_us = 0, break_us = 0;
  bool operator==(const PlannedTime&) const = default;
};
Result<PlannedTime> Sum(const model::ShiftCalendar& cal, std::string_view tz, Timestamp from, Timestamp to);

// The instant the local date of `t` plus `days` begins (a midnight inside a gap: the gap's end).
// Same zone and range requirements as Expand.
Result<Timestamp> LocalDayStart(std::string_view tz, Timestamp t, int64_t days = 0);
// The ISO weekday (1 = Monday .. 7) of the local date of `t`.
Result<int> LocalWeekday(std::string_view tz, Timestamp t);

}  // namespace takt::plant::calendar
