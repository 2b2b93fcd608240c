// Shift calendars in real IANA zones. Expected instants are worked out by hand in the comments:
// Europe/Berlin is UTC+1 (CET) in winter and UTC+2 (CEST) in summer, switching on the last
// Sundays of March (02:00 CET -> 03:00 CEST) and October (03:00 CEST -> 02:00 CET);
// America/New_York is UTC-5 (EST) / UTC-4 (EDT), switching on 2026-03-08 (02:00 EST -> 03:00
// EDT) and 2026-11-01 (02:00 EDT -> 01:00 EST).
#include "plant/calendar/shift_calendar.h"

#include <gtest/gtest.h>

#include <ostream>
#include <random>

namespace takt::plant::calendar {

// Readable failures: "[2026-06-08T04:00:00Z, 2026-06-08T08:00:00Z) working early".
void PrintTo(const Segment& s, std::ostream* os) {
  static const char* kKinds[] = {"off", "break", "working"};
  *os << "[" << FormatIso8601(s.start) << ", " << FormatIso8601(s.end) << ") " << kKinds[static_cast<int>(s.kind)]
      << " " << s.shift;
}

namespace {

constexpr int64_t kMinute = 60'000'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr Planned kOff = Planned::kOffShift, kBreak = Planned::kBreak, kWork = Planned::kWorking;

Timestamp T(std::string_view iso) {
  auto t = ParseIso8601(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(Timestamp{});
}

int Clock(int h, int m) {
  return h * 60 + m;
}

model::Shift MakeShift(std::string id, std::vector<int> days, int start, int end,
                       std::vector<model::ShiftBreak> breaks = {}) {
  return {std::move(id), std::move(days), start, end, std::move(breaks)};
}

Segment Seg(std::string_view from, std::string_view to, Planned kind, std::string shift = "") {
  return {T(from), T(to), kind, std::move(shift)};
}

std::vector<Segment> MustExpand(const model::ShiftCalendar& cal, std::string_view tz, Timestamp from, Timestamp to) {
  auto r = Expand(cal, tz, from, to);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<Segment>{};
}

PlannedTime MustSum(const model::ShiftCalendar& cal, std::string_view tz, Timestamp from, Timestamp to) {
  auto r = Sum(cal, tz, from, to);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : PlannedTime{};
}

// Three 8-hour shifts Monday to Friday with a 30-minute break each.
model::ShiftCalendar ThreeShifts() {
  model::ShiftCalendar cal;
  cal.shifts = {MakeShift("early", {1, 2, 3, 4, 5}, Clock(6, 0), Clock(14, 0), {{Clock(10, 0), Clock(10, 30)}}),
                MakeShift("late", {1, 2, 3, 4, 5}, Clock(14, 0), Clock(22, 0), {{Clock(18, 0), Clock(18, 30)}}),
                MakeShift("night", {1, 2, 3, 4, 5}, Clock(22, 0), Clock(6, 0), {{Clock(2, 0), Clock(2, 30)}})};
  return cal;
}

model::ShiftCalendar Night(std::vector<int> days, std::vector<model::ShiftBreak> breaks = {}) {
  model::ShiftCalendar cal;
  cal.shifts = {MakeShift("night", std::move(days), Clock(22, 0), Clock(6, 0), std::move(breaks))};
  return cal;
}

TEST(ShiftCalendar, ThreeShiftsOverANormalWeek) {
  // Monday 2026-06-08 00:00 CEST .. Monday 2026-06-15 00:00 CEST, no DST change: local = UTC+2.
  const Timestamp from = T("2026-06-07T22:00:00Z"), to = T("2026-06-14T22:00:00Z");
  auto segs = MustExpand(ThreeShifts(), "Europe/Berlin", from, to);

  // Monday 00:00-06:00 local is off (Sunday has no night shift). Each weekday D (8..12 June),
  // in UTC: early 04:00-12:00 with break 08:00-08:30, late 12:00-20:00 with break 16:00-16:30,
  // night 20:00-04:00 (D+1) with break 00:00-00:30 (D+1). Friday's night ends Saturday 04:00 UTC,
  // then off until the window ends.
  std::vector<Segment> want = {Seg("2026-06-07T22:00:00Z", "2026-06-08T04:00:00Z", kOff)};
  for (int d = 8; d <= 12; ++d) {
    const std::string day = "2026-06-" + std::string(d < 10 ? "0" : "") + std::to_string(d) + "T";
    const std::string next = "2026-06-" + std::string(d + 1 < 10 ? "0" : "") + std::to_string(d + 1) + "T";
    want.push_back(Seg(day + "04:00:00Z", day + "08:00:00Z", kWork, "early"));
    want.push_back(Seg(day + "08:00:00Z", day + "08:30:00Z", kBreak, "early"));
    want.push_back(Seg(day + "08:30:00Z", day + "12:00:00Z", kWork, "early"));
    want.push_back(Seg(day + "12:00:00Z", day + "16:00:00Z", kWork, "late"));
    want.push_back(Seg(day + "16:00:00Z", day + "16:30:00Z", kBreak, "late"));
    want.push_back(Seg(day + "16:30:00Z", day + "20:00:00Z", kWork, "late"));
    want.push_back(Seg(day + "20:00:00Z", next + "00:00:00Z", kWork, "night"));
    want.push_back(Seg(next + "00:00:00Z", next + "00:30:00Z", kBreak, "night"));
    want.push_back(Seg(next + "00:30:00Z", next + "04:00:00Z", kWork, "night"));
  }
  want.push_back(Seg("2026-06-13T04:00:00Z", "2026-06-14T22:00:00Z", kOff));
  ASSERT_EQ(segs.size(), 47u);  // 1 + 5 days x 9 + 1
  EXPECT_EQ(segs, want);

  // 15 shifts x 7.5 h working = 112.5 h; 15 x 30 min break = 7.5 h.
  EXPECT_EQ(MustSum(ThreeShifts(), "Europe/Berlin", from, to),
            (PlannedTime{112 * kHour + 30 * kMinute, 7 * kHour + 30 * kMinute}));
}

TEST(ShiftCalendar, NightShiftCrossesMidnight) {
  // Wednesday 2026-01-14 22:00 CET (21:00 UTC) to Thursday 06:00 CET (05:00 UTC).
  const Timestamp from = T("2026-01-14T00:00:00Z"), to = T("2026-01-16T00:00:00Z");
  EXPECT_EQ(MustExpand(Night({3}), "Europe/Berlin", from, to),
            (std::vector<Segment>{Seg("2026-01-14T00:00:00Z", "2026-01-14T21:00:00Z", kOff),
                                  Seg("2026-01-14T21:00:00Z", "2026-01-15T05:00:00Z", kWork, "night"),
                                  Seg("2026-01-15T05:00:00Z", "2026-01-16T00:00:00Z", kOff)}));
  EXPECT_EQ(MustSum(Night({3}), "Europe/Berlin", from, to), (PlannedTime{8 * kHour, 0}));
}

TEST(ShiftCalendar, SpringForwardNightIsSevenHours) {
  // Saturday 2026-03-28 22:00 CET = 21:00 UTC; Sunday 06:00 CEST = 04:00 UTC: 7 h. The break
  // 02:00-02:30 lies entirely in the gap (02:00-03:00 does not exist): both ends map to 03:00
  // CEST, so it is empty.
  const Timestamp from = T("2026-03-28T00:00:00Z"), to = T("2026-03-30T00:00:00Z");
  auto cal = Night({6}, {{Clock(2, 0), Clock(2, 30)}});
  EXPECT_EQ(MustExpand(cal, "Europe/Berlin", from, to),
            (std::vector<Segment>{Seg("2026-03-28T00:00:00Z", "2026-03-28T21:00:00Z", kOff),
                                  Seg("2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z", kWork, "night"),
                                  Seg("2026-03-29T04:00:00Z", "2026-03-30T00:00:00Z", kOff)}));
  EXPECT_EQ(MustSum(cal, "Europe/Berlin", from, to), (PlannedTime{7 * kHour, 0}));

  // A break 01:30-03:30 spans the gap: 01:30 CET = 00:30 UTC to 03:30 CEST = 01:30 UTC, 1 h.
  cal = Night({6}, {{Clock(1, 30), Clock(3, 30)}});
  EXPECT_EQ(MustSum(cal, "Europe/Berlin", from, to), (PlannedTime{6 * kHour, 1 * kHour}));
}

TEST(ShiftCalendar, FallBackNightIsNineHours) {
  // Saturday 2026-10-24 22:00 CEST = 20:00 UTC; Sunday 06:00 CET = 05:00 UTC: 9 h. The break
  // 02:00-02:30 is ambiguous and takes its first (CEST) occurrence: 00:00-00:30 UTC.
  const Timestamp from = T("2026-10-24T00:00:00Z"), to = T("2026-10-26T00:00:00Z");
  auto cal = Night({6}, {{Clock(2, 0), Clock(2, 30)}});
  EXPECT_EQ(MustExpand(cal, "Europe/Berlin", from, to),
            (std::vector<Segment>{Seg("2026-10-24T00:00:00Z", "2026-10-24T20:00:00Z", kOff),
                                  Seg("2026-10-24T20:00:00Z", "2026-10-25T00:00:00Z", kWork, "night"),
                                  Seg("2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", kBreak, "night"),
                                  Seg("2026-10-25T00:30:00Z", "2026-10-25T05:00:00Z", kWork, "night"),
                                  Seg("2026-10-25T05:00:00Z", "2026-10-26T00:00:00Z", kOff)}));
  EXPECT_EQ(MustSum(cal, "Europe/Berlin", from, to), (PlannedTime{8 * kHour + 30 * kMinute, 30 * kMinute}));
}

TEST(ShiftCalendar, ShiftStartingInTheGapStartsWhenTheGapEnds) {
  // Sunday 2026-03-29 02:30 does not exist in Berlin: the shift starts at 03:00 CEST = 01:00 UTC
  // and ends 10:30 CEST = 08:30 UTC (7.5 h).
  model::ShiftCalendar cal;
  cal.shifts = {MakeShift("sunday", {7}, Clock(2, 30), Clock(10, 30))};
  EXPECT_EQ(MustExpand(cal, "Europe/Berlin", T("2026-03-29T00:00:00Z"), T("2026-03-30T00:00:00Z")),
            (std::vector<Segment>{Seg("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", kOff),
                                  Seg("2026-03-29T01:00:00Z", "2026-03-29T08:30:00Z", kWork, "sunday"),
                                  Seg("2026-03-29T08:30:00Z", "2026-03-30T00:00:00Z", kOff)}));
}

TEST(ShiftCalendar, HolidaySuppressesOnlyShiftsStartingOnIt) {
  model::ShiftCalendar cal;
  cal.shifts = {MakeShift("early", {1, 2, 3, 4, 5}, Clock(6, 0), Clock(14, 0)),
                MakeShift("night", {1, 2, 3, 4, 5}, Clock(22, 0), Clock(6, 0))};
  cal.holidays = {DaysFromCivil(2026, 6, 10)};  // Wednesday
  // Wednesday, local 00:00-24:00 (CEST): Tuesday's night shift (Tue 22:00 - Wed 06:00 CEST) still
  // runs into the holiday until 04:00 UTC; Wednesday's early and night shifts do not start.
  EXPECT_EQ(MustExpand(cal, "Europe/Berlin", T("2026-06-09T22:00:00Z"), T("2026-06-10T22:00:00Z")),
            (std::vector<Segment>{Seg("2026-06-09T22:00:00Z", "2026-06-10T04:00:00Z", kWork, "night"),
                                  Seg("2026-06-10T04:00:00Z", "2026-06-10T22:00:00Z", kOff)}));
  // Thursday: no night shift carries over from the holiday; early 04:00-12:00 UTC, night from
  // 20:00 UTC.
  EXPECT_EQ(MustExpand(cal, "Europe/Berlin", T("2026-06-10T22:00:00Z"), T("2026-06-11T22:00:00Z")),
            (std::vector<Segment>{Seg("2026-06-10T22:00:00Z", "2026-06-11T04:00:00Z", kOff),
                                  Seg("2026-06-11T04:00:00Z", "2026-06-11T12:00:00Z", kWork, "early"),
                                  Seg("2026-06-11T12:00:00Z", "2026-06-11T20:00:00Z", kOff),
                                  Seg("2026-06-11T20:00:00Z", "2026-06-11T22:00:00Z", kWork, "night")}));
}

TEST(ShiftCalendar, WindowStartingInsideANightShiftBegunTheDayBefore) {
  // Tuesday 2026-06-09 22:00 CEST starts the night shift (20:00 UTC); its break is Wednesday
  // 02:00-02:30 CEST = 00:00-00:30 UTC; it ends 06:00 CEST = 04:00 UTC. The window opens at
  // 00:15 UTC, inside the break.
  auto cal = Night({1, 2, 3, 4, 5}, {{Clock(2, 0), Clock(2, 30)}});
  const Timestamp from = T("2026-06-10T00:15:00Z"), to = T("2026-06-10T10:00:00Z");
  EXPECT_EQ(MustExpand(cal, "Europe/Berlin", from, to),
            (std::vector<Segment>{Seg("2026-06-10T00:15:00Z", "2026-06-10T00:30:00Z", kBreak, "night"),
                                  Seg("2026-06-10T00:30:00Z", "2026-06-10T04:00:00Z", kWork, "night"),
                                  Seg("2026-06-10T04:00:00Z", "2026-06-10T10:00:00Z", kOff)}));
  EXPECT_EQ(MustSum(cal, "Europe/Berlin", from, to), (PlannedTime{3 * kHour + 30 * kMinute, 15 * kMinute}));
}

TEST(ShiftCalendar, OverlappingShiftsNameTheEarliestWorkingOne) {
  // Monday 2026-06-08, CEST (UTC+2). early 06:00-14:30 (04:00-12:30 UTC), break 13:45-14:15
  // (11:45-12:15 UTC); late 14:00-22:00 (12:00-20:00 UTC), break 14:00-14:10 (12:00-12:10 UTC).
  model::ShiftCalendar cal;
  cal.shifts = {MakeShift("early", {1}, Clock(6, 0), Clock(14, 30), {{Clock(13, 45), Clock(14, 15)}}),
                MakeShift("late", {1}, Clock(14, 0), Clock(22, 0), {{Clock(14, 0), Clock(14, 10)}})};
  EXPECT_EQ(
      MustExpand(cal, "Europe/Berlin", T("2026-06-08T00:00:00Z"), T("2026-06-09T00:00:00Z")),
      (std::vector<Segment>{Seg("2026-06-08T00:00:00Z", "2026-06-08T04:00:00Z", kOff),
                            Seg("2026-06-08T04:00:00Z", "2026-06-08T11:45:00Z", kWork, "early"),
                            // early's break alone, then both on a break: named after early, which started first.
                            Seg("2026-06-08T11:45:00Z", "2026-06-08T12:10:00Z", kBreak, "early"),
                            Seg("2026-06-08T12:10:00Z", "2026-06-08T12:15:00Z", kWork, "late"),  // early still on break
                            Seg("2026-06-08T12:15:00Z", "2026-06-08T12:30:00Z", kWork, "early"),  // both work
                            Seg("2026-06-08T12:30:00Z", "2026-06-08T20:00:00Z", kWork, "late"),
                            Seg("2026-06-08T20:00:00Z", "2026-06-09T00:00:00Z", kOff)}));
}

TEST(ShiftCalendar, NewYorkDaylightSaving) {
  // Saturday 2026-03-07 22:00 EST = 03:00 UTC (8 March); Sunday 06:00 EDT = 10:00 UTC: 7 h.
  EXPECT_EQ(MustExpand(Night({6}), "America/New_York", T("2026-03-07T12:00:00Z"), T("2026-03-08T18:00:00Z")),
            (std::vector<Segment>{Seg("2026-03-07T12:00:00Z", "2026-03-08T03:00:00Z", kOff),
                                  Seg("2026-03-08T03:00:00Z", "2026-03-08T10:00:00Z", kWork, "night"),
                                  Seg("2026-03-08T10:00:00Z", "2026-03-08T18:00:00Z", kOff)}));
  // Saturday 2026-10-31 22:00 EDT = 02:00 UTC (1 November); Sunday 06:00 EST = 11:00 UTC: 9 h.
  EXPECT_EQ(MustExpand(Night({6}), "America/New_York", T("2026-10-31T12:00:00Z"), T("2026-11-01T18:00:00Z")),
            (std::vector<Segment>{Seg("2026-10-31T12:00:00Z", "2026-11-01T02:00:00Z", kOff),
                                  Seg("2026-11-01T02:00:00Z", "2026-11-01T11:00:00Z", kWork, "night"),
                                  Seg("2026-11-01T11:00:00Z", "2026-11-01T18:00:00Z", kOff)}));
  // A shift starting at the ambiguous 01:30 on 1 November starts at its first occurrence,
  // 01:30 EDT = 05:30 UTC, and ends 09:30 EST = 14:30 UTC: 9 h.
  model::ShiftCalendar cal;
  cal.shifts = {MakeShift("sunday", {7}, Clock(1, 30), Clock(9, 30))};
  EXPECT_EQ(MustSum(cal, "America/New_York", T("2026-11-01T00:00:00Z"), T("2026-11-02T00:00:00Z")),
            (PlannedTime{9 * kHour, 0}));
}

TEST(ShiftCalendar, UnknownZoneIsAnError) {
  EXPECT_TRUE(CheckTimeZone("Europe/Berlin").ok());
  EXPECT_TRUE(CheckTimeZone("US/Eastern").ok());  // a link
  for (std::string_view bad : {"Mars/Olympus_Mons", "", "europe/berlin", "localtime", "../zoneinfo/UTC"}) {
    Status s = CheckTimeZone(bad);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << bad;
    EXPECT_EQ(s.field(), "time_zone") << bad;
  }
  auto r = Expand(ThreeShifts(), "Mars/Olympus_Mons", T("2026-06-08"), T("2026-06-09"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "time_zone");
  EXPECT_EQ(Sum(ThreeShifts(), "Mars/Olympus_Mons", T("2026-06-08"), T("2026-06-09")).status().field(), "time_zone");
}

TEST(ShiftCalendar, InvalidInputIsAnError) {
  auto reversed = Expand(ThreeShifts(), "Europe/Berlin", T("2026-06-09"), T("2026-06-08"));
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().field(), "to");
  EXPECT_EQ(Sum(ThreeShifts(), "Europe/Berlin", T("2026-06-08"), Timestamp{INT64_MAX}).status().field(), "to");

  auto cal = ThreeShifts();
  cal.shifts[2].breaks[0].end_min = 1440;
  EXPECT_EQ(Expand(cal, "Europe/Berlin", T("2026-06-08"), T("2026-06-09")).status().field(), "shifts[2].breaks[0].end");
  cal = ThreeShifts();
  cal.shifts[1].days.push_back(8);
  EXPECT_EQ(Expand(cal, "Europe/Berlin", T("2026-06-08"), T("2026-06-09")).status().field(), "shifts[1].days[5]");
}

TEST(ShiftCalendar, EmptyWindowHasNoSegments) {
  const Timestamp t = T("2026-06-08T05:00:00Z");  // inside the early shift
  EXPECT_TRUE(MustExpand(ThreeShifts(), "Europe/Berlin", t, t).empty());
  EXPECT_EQ(MustSum(ThreeShifts(), "Europe/Berlin", t, t), PlannedTime{});
}

// A weekly pattern with overlaps, breaks crossing midnight, a 24-hour shift, a shift starting in
// a DST gap and holidays, in zones with 1 h, 30 min and whole-day (Pacific/Apia skipped
// 2011-12-30) transitions. Over random windows: segments tile the window, Sum agrees, and
// splitting a window anywhere gives the same calendar (so the look-back finds every shift).
TEST(ShiftCalendar, SegmentsTileRandomWindows) {
  model::ShiftCalendar cal;
  cal.shifts = {MakeShift("early", {1, 2, 3, 4, 5}, Clock(6, 0), Clock(14, 0),
                          {{Clock(9, 0), Clock(9, 15)}, {Clock(12, 0), Clock(12, 30)}}),
                MakeShift("late", {1, 2, 3, 4, 5}, Clock(13, 45), Clock(22, 0), {{Clock(18, 0), Clock(18, 30)}}),
                MakeShift("night", {1, 2, 3, 4, 7}, Clock(22, 0), Clock(6, 0), {{Clock(23, 50), Clock(0, 20)}}),
                MakeShift("weekend", {6}, Clock(8, 0), Clock(16, 0), {{Clock(11, 45), Clock(12, 15)}}),
                MakeShift("maintenance", {3}, Clock(5, 0), Clock(5, 0), {{Clock(4, 0), Clock(5, 0)}}),
                MakeShift("gap", {7}, Clock(2, 30), Clock(3, 30))};
  cal.holidays = {DaysFromCivil(2011, 12, 30), DaysFromCivil(2026, 3, 29), DaysFromCivil(2026, 12, 25)};

  std::mt19937_64 rng(20260329);
  const int64_t lo = T("2011-12-01").micros, hi = T("2027-01-01").micros;
  const int64_t hot[] = {T("2011-12-30").micros, T("2026-03-08").micros, T("2026-03-29").micros, T("2026-04-05").micros,
                         T("2026-10-04").micros, T("2026-10-25").micros, T("2026-11-01").micros};
  for (const char* tz : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia"}) {
    for (int i = 0; i < 300; ++i) {
      SCOPED_TRACE(std::string(tz) + " #" + std::to_string(i));
      // Every other window starts within three days of a transition (or Apia's skipped day).
      int64_t from = std::uniform_int_distribution<int64_t>(lo, hi)(rng);
      if (i % 2) from = hot[i / 2 % std::size(hot)] + std::uniform_int_distribution<int64_t>(-72, 72)(rng) * kHour;
      const int64_t to = from + std::uniform_int_distribution<int64_t>(0, 9 * 24 * kHour)(rng);
      const int64_t mid = std::uniform_int_distribution<int64_t>(from, to)(rng);
      auto segs = MustExpand(cal, tz, {from}, {to});
      PlannedTime sum;
      int64_t at = from;
      for (size_t k = 0; k < segs.size(); ++k) {
        const Segment& s = segs[k];
        ASSERT_EQ(s.start.micros, at);
        ASSERT_LT(s.start, s.end);
        ASSERT_EQ(s.kind == kOff, s.shift.empty());
        if (k > 0) {
          ASSERT_FALSE(s.kind == segs[k - 1].kind && s.shift == segs[k - 1].shift);
        }
        if (s.kind == kWork) sum.working_us += s.end.micros - s.start.micros;
        if (s.kind == kBreak) sum.break_us += s.end.micros - s.start.micros;
        at = s.end.micros;
      }
      ASSERT_EQ(at, to);
      ASSERT_EQ(MustSum(cal, tz, {from}, {to}), sum);

      auto joined = MustExpand(cal, tz, {from}, {mid});
      for (const Segment& s : MustExpand(cal, tz, {mid}, {to})) {
        if (!joined.empty() && joined.back().kind == s.kind && joined.back().shift == s.shift) {
          joined.back().end = s.end;
        } else {
          joined.push_back(s);
        }
      }
      ASSERT_EQ(joined, segs);
    }
  }
}

}  // namespace
}  // namespace takt::plant::calendar
