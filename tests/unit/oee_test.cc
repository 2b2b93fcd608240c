// OEE and ISO 22400 figures on hand-computed scenarios, checked to the second: a shift with a
// break, stops, a setup and a minor stop; late and out-of-order readings; duplicates; a
// reclassification; a night shift over both daylight saving changes; planned maintenance
// overlapping a break; no planned time and overspeed. Every scenario is checked three ways:
// from the raw records (stale tallies), from the day tallies, and after a snapshot restore.
#include "plant/performance/contract.h"
#include "plant/performance/queries.h"
#include "plant_fixture.h"

namespace takt::test {
namespace {

using model::Kind;
using plant::performance::Sample;
using plant::performance::SampleKind;

Timestamp T(const char* iso) {
  auto t = ParseIso8601(iso);
  EXPECT_TRUE(t) << iso;
  return t.value_or(Timestamp{});
}

Sample St(const char* unit, const char* at, const char* state, const char* reason = "") {
  Sample s;
  s.work_unit = unit;
  s.time = T(at);
  s.kind = SampleKind::kState;
  s.state = state;
  s.reason = reason;
  return s;
}

Sample Count(const char* unit, const char* at, SampleKind kind, int64_t n, bool cumulative) {
  Sample s;
  s.work_unit = unit;
  s.time = T(at);
  s.kind = kind;
  s.count = n;
  s.cumulative = cumulative;
  return s;
}

double Num(const json::value& v) {
  return v.to_number<double>();
}

class Oee : public PlantFixture {
 protected:
  void SetUp() override {
    now_ = T("2026-11-22T12:00:00Z").micros;  // the server's clock: after every scenario
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"ENT","level":"enterprise"})").ok());
    ASSERT_TRUE(
        Create(Kind::kEquipment, R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Berlin"})").ok());
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"AREA","level":"area","parent":"SITE"})").ok());
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"WC","level":"work_center","parent":"AREA"})").ok());
    ASSERT_TRUE(Create(Kind::kDowntimeReason, R"({"id":"MECH","description":"Mechanical"})").ok());
    ASSERT_TRUE(Create(Kind::kDowntimeReason, R"({"id":"JAM","parent":"MECH"})").ok());
    ASSERT_TRUE(Create(Kind::kDowntimeReason, R"({"id":"CHANGEOVER","element":"ASUT"})").ok());
    ASSERT_TRUE(Create(Kind::kStateModel, R"({"id":"press","minor_stop_s":120,"late_window_s":3600,
      "states":[{"code":"running","element":"APT"},{"code":"idle","element":"ADOT"},
      {"code":"setup","element":"ASUT"},{"code":"stop","element":"ADET","loss":"breakdown"}],
      "reason_codes":[{"code":"E12","reason":"JAM"}]})")
                    .ok());
    ASSERT_TRUE(Create(Kind::kEquipmentClass, R"({"id":"PRESSES","state_model":"press",
      "properties":[{"id":"ideal_cycle_s","type":"number","value":30}]})")
                    .ok());
    ASSERT_TRUE(
        Create(Kind::kEquipment, R"({"id":"PRESS","level":"work_unit","parent":"WC","classes":["PRESSES"]})").ok());
    ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"WC2","level":"work_center","parent":"AREA"})").ok());
    ASSERT_TRUE(
        Create(Kind::kEquipment, R"({"id":"OVEN","level":"work_unit","parent":"WC2","classes":["PRESSES"]})").ok());
    // Early shift on weekdays at the work center; a night shift every day for the oven.
    ASSERT_TRUE(Create(Kind::kShiftCalendar, R"({"id":"WC-SHIFTS","scope":"WC","shifts":[{"id":"early",
      "days":[1,2,3,4,5],"start":"06:00","end":"14:00","breaks":[{"start":"10:00","end":"10:30"}]}]})")
                    .ok());
    ASSERT_TRUE(Create(Kind::kShiftCalendar, R"({"id":"OVEN-SHIFTS","scope":"OVEN","shifts":[{"id":"night",
      "days":[1,2,3,4,5,6,7],"start":"22:00","end":"06:00"}]})")
                    .ok());
    plant_.SettleIndexes();  // as the writer does after each group
  }

  Status Post(std::vector<Sample> samples) { return Run(plant::MachineDataCommand{std::move(samples)}); }

  // The KPI report, asserting that the records, the tallies kept up reading by reading, the
  // tallies rebuilt from scratch and a restored plant all agree.
  json::object Kpi(const char* eq, const char* from, const char* to) {
    Timestamp now{now_};
    auto raw = plant::performance::Kpi(plant_.state(), eq, T(from), T(to), now, {.from_records = true});
    EXPECT_TRUE(raw.ok()) << raw.status().ToString();
    auto kept = plant::performance::Kpi(plant_.state(), eq, T(from), T(to), now);
    EXPECT_TRUE(kept.ok());
    plant_.SettleIndexes();
    auto tallied = plant::performance::Kpi(plant_.state(), eq, T(from), T(to), now);
    EXPECT_TRUE(tallied.ok());
    auto restored = plant::Plant::Restore(plant_.Snapshot());
    EXPECT_TRUE(restored.ok());
    (*restored)->SettleIndexes();
    auto again = plant::performance::Kpi((*restored)->state(), eq, T(from), T(to), now);
    EXPECT_TRUE(again.ok());
    // As the API shows them (views.h, contract.h).
    json::object k = contract::Encode(*tallied).as_object();
    EXPECT_EQ(Serialize(contract::Encode(*raw)), Serialize(contract::Encode(*kept)));
    EXPECT_EQ(Serialize(contract::Encode(*raw)), Serialize(k));
    EXPECT_EQ(Serialize(k), Serialize(contract::Encode(*again)));
    // The categories partition the window.
    const auto& t = k.at("time_s").as_object();
    double sum = 0;
    for (const char* c : {"not_scheduled", "planned_downtime", "production", "setup", "delay", "down", "no_data"})
      sum += Num(t.at(c));
    EXPECT_DOUBLE_EQ(sum, Num(t.at("window")));
    return k;
  }

  // Wednesday 2026-06-10, CEST (UTC+2): the early shift is 04:00-12:00 UTC, its break 08:00-08:30.
  void ShiftDay() {
    ASSERT_TRUE(
        Post({St("PRESS", "2026-06-10T04:00:00Z", "running"),
              Count("PRESS", "2026-06-10T04:00:00Z", SampleKind::kGood, 1000, true),
              St("PRESS", "2026-06-10T05:00:00Z", "stop", "E12"), St("PRESS", "2026-06-10T05:20:00Z", "running"),
              Count("PRESS", "2026-06-10T05:30:00Z", SampleKind::kReject, 5, false),
              St("PRESS", "2026-06-10T06:00:00Z", "idle"), St("PRESS", "2026-06-10T06:01:30Z", "running"),
              St("PRESS", "2026-06-10T07:30:00Z", "setup"), St("PRESS", "2026-06-10T07:45:00Z", "running"),
              St("PRESS", "2026-06-10T08:00:00Z", "idle"), St("PRESS", "2026-06-10T08:30:00Z", "running"),
              Count("PRESS", "2026-06-10T09:00:00Z", SampleKind::kReject, 15, false),
              St("PRESS", "2026-06-10T11:00:00Z", "stop"), St("PRESS", "2026-06-10T11:10:00Z", "running"),
              Count("PRESS", "2026-06-10T11:59:59Z", SampleKind::kGood, 1700, true),
              St("PRESS", "2026-06-10T12:00:00Z", "idle")})
            .ok());
  }
};

TEST_F(Oee, ShiftWithBreakStopsSetupAndMinorStop) {
  ShiftDay();
  auto k = Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T12:00:00Z");
  const auto& t = k.at("time_s").as_object();
  EXPECT_EQ(Num(t.at("window")), 28800);
  EXPECT_EQ(Num(t.at("not_scheduled")), 0);
  EXPECT_EQ(Num(t.at("planned_downtime")), 1800);  // the break, idle
  EXPECT_EQ(Num(t.at("setup")), 900);
  EXPECT_EQ(Num(t.at("delay")), 1800);  // 20 min jam + 10 min stop
  EXPECT_EQ(Num(t.at("down")), 90);     // a 90 s idle: a minor stop
  EXPECT_EQ(Num(t.at("minor_stops")), 90);
  EXPECT_EQ(Num(t.at("production")), 24210);
  const auto& e = k.at("elements_s").as_object();
  EXPECT_EQ(Num(e.at("PBT")), 27000);
  EXPECT_EQ(Num(e.at("APT")), 24210);
  const auto& c = k.at("counts").as_object();
  EXPECT_EQ(c.at("good").as_int64(), 700);
  EXPECT_EQ(c.at("reject").as_int64(), 20);
  EXPECT_EQ(c.at("produced").as_int64(), 720);
  const auto& kpi = k.at("kpi").as_object();
  EXPECT_DOUBLE_EQ(Num(kpi.at("availability_iso")), 24210.0 / 27000);
  EXPECT_DOUBLE_EQ(Num(kpi.at("effectiveness_iso")), 720.0 * 30 / 24210);
  EXPECT_DOUBLE_EQ(Num(kpi.at("availability_nakajima")), 24300.0 / 27000);
  EXPECT_DOUBLE_EQ(Num(kpi.at("performance_nakajima")), 21600.0 / 24300);
  EXPECT_DOUBLE_EQ(Num(kpi.at("quality_ratio")), 700.0 / 720);
  EXPECT_DOUBLE_EQ(Num(kpi.at("oee")), 21000.0 / 27000);
  EXPECT_NEAR(Num(kpi.at("oee")),
              Num(kpi.at("availability_iso")) * Num(kpi.at("effectiveness_iso")) * Num(kpi.at("quality_ratio")), 1e-12);
  EXPECT_DOUBLE_EQ(Num(kpi.at("teep")), 21000.0 / 28800);
  EXPECT_DOUBLE_EQ(Num(kpi.at("technical_efficiency")), 24210.0 / (24210 + 1800));
  EXPECT_DOUBLE_EQ(Num(kpi.at("setup_rate")), 900.0 / (24210 + 900));
  EXPECT_DOUBLE_EQ(Num(kpi.at("scrap_ratio")), 20.0 / 720);
  EXPECT_EQ(kpi.at("failures").as_int64(), 2);
  EXPECT_DOUBLE_EQ(Num(kpi.at("mtbf_s")), 24210.0 / 2);
  EXPECT_DOUBLE_EQ(Num(kpi.at("mttr_s")), 1800.0 / 2);
  // Pareto: the jam (machine code E12 means reason JAM), the setup, the unexplained stop.
  const auto& pareto = k.at("pareto").as_array();
  ASSERT_EQ(pareto.size(), 4u);
  EXPECT_EQ(pareto[0].at("reason").as_string(), "JAM");
  EXPECT_EQ(Num(pareto[0].at("s")), 1200);
  EXPECT_EQ(pareto[1].at("state").as_string(), "setup");
  EXPECT_EQ(pareto[2].at("state").as_string(), "stop");
  EXPECT_EQ(Num(pareto[2].at("s")), 600);
  EXPECT_EQ(pareto[3].at("state").as_string(), "idle");
  // The waterfall walks from the window down to the fully productive time.
  double left = 0;
  for (const auto& s : k.at("waterfall").as_array())
    if (s.at("kind").as_string() != "subtotal") left += Num(s.at("s"));
  EXPECT_DOUBLE_EQ(left, 21000);
}

TEST_F(Oee, ReclassificationUpdatesEveryKpiItTouches) {
  ShiftDay();
  Timestamp stop = T("2026-06-10T11:00:00Z");
  ASSERT_TRUE(Run(plant::ClassifyStop{"PRESS", {stop, "CHANGEOVER", "die change"}}).ok());
  auto k = Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T12:00:00Z");
  EXPECT_EQ(Num(k.at("time_s").at("delay")), 1200);
  EXPECT_EQ(Num(k.at("time_s").at("setup")), 1500);
  EXPECT_EQ(k.at("kpi").at("failures").as_int64(), 1);
  EXPECT_DOUBLE_EQ(Num(k.at("kpi").at("mtbf_s")), 24210);
  EXPECT_EQ(k.at("pareto").at(2).at("reason").as_string(), "CHANGEOVER");
  // A producing interval is not a stop; an unknown start is refused; nothing changes.
  EXPECT_EQ(Run(plant::ClassifyStop{"PRESS", {T("2026-06-10T08:30:00Z"), "JAM"}}).code(), Code::kUnprocessable);
  EXPECT_EQ(Run(plant::ClassifyStop{"PRESS", {T("2026-06-10T08:31:00Z"), "JAM"}}).code(), Code::kNotFound);
  EXPECT_EQ(Run(plant::ClassifyStop{"PRESS", {stop, "NOPE"}}).code(), Code::kUnprocessable);
}

TEST_F(Oee, LateAndOutOfOrderReadingsLandWhereTheyHappened) {
  ShiftDay();
  // A counter reading from 08:00 arrives after the 11:59:59 one: the 700 parts split 300/400.
  ASSERT_TRUE(Post({Count("PRESS", "2026-06-10T08:00:00Z", SampleKind::kGood, 1300, true)}).code() ==
              Code::kUnprocessable);  // older than the late window (an hour before 12:00)
  ASSERT_TRUE(Post({Count("PRESS", "2026-06-10T11:30:00Z", SampleKind::kGood, 1600, true)}).ok());
  auto before = Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T11:45:00Z");
  auto after = Kpi("PRESS", "2026-06-10T11:45:00Z", "2026-06-10T12:00:00Z");
  EXPECT_EQ(before.at("counts").at("good").as_int64(), 600);
  EXPECT_EQ(after.at("counts").at("good").as_int64(), 100);
  // A state change that arrives late splits the interval it falls in.
  ASSERT_TRUE(Post({St("PRESS", "2026-06-10T11:20:00Z", "stop")}).ok());
  ASSERT_TRUE(Post({St("PRESS", "2026-06-10T11:25:00Z", "running")}).ok());
  auto k = Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T12:00:00Z");
  EXPECT_EQ(Num(k.at("time_s").at("delay")), 2100);
  EXPECT_EQ(Num(k.at("time_s").at("production")), 23910);
  EXPECT_EQ(k.at("counts").at("good").as_int64(), 700);
}

TEST_F(Oee, DuplicatesAreSkippedAndABadReadingRefusesTheBatch) {
  auto counted = [&](std::vector<Sample> batch) {
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].source = "plc-7";
      batch[i].seq = 100 + i;
    }
    return Post(batch);
  };
  std::vector<Sample> batch = {St("PRESS", "2026-06-10T04:00:00Z", "running"),
                               Count("PRESS", "2026-06-10T04:10:00Z", SampleKind::kGood, 10, false)};
  ASSERT_TRUE(counted(batch).ok());
  ASSERT_TRUE(counted(batch).ok());  // the same (source, seq) again: ignored
  EXPECT_EQ(Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T05:00:00Z").at("counts").at("good").as_int64(), 10);
  size_t events = events_.size();
  Status s = Post({Count("PRESS", "2026-06-10T04:20:00Z", SampleKind::kGood, 5, false),
                   St("PRESS", "2026-06-10T04:21:00Z", "dancing"),
                   Count("PRESS", "2026-06-10T04:22:00Z", SampleKind::kGood, 5, false)});
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "events[1].state");
  EXPECT_EQ(Post({St("NOPE", "2026-06-10T04:21:00Z", "idle")}).field(), "events[0].work_unit");
  EXPECT_EQ(Post({Count("PRESS", "2026-06-10T04:21:00Z", SampleKind::kGood, -1, false)}).field(), "events[0].good");
  EXPECT_EQ(Post({St("PRESS", "2026-11-22T12:06:00Z", "idle")}).field(), "events[0].time");  // from the future
  EXPECT_EQ(events_.size(), events);
  EXPECT_EQ(Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T05:00:00Z").at("counts").at("good").as_int64(), 10);
  // A stream that cannot hear of errors (Sparkplug) drops the bad readings and keeps the rest,
  // unless nothing is left: then the batch is refused with the first error.
  auto good = Count("PRESS", "2026-06-10T04:30:00Z", SampleKind::kGood, 7, false);
  auto bad = St("PRESS", "2026-06-10T04:31:00Z", "dancing");
  EXPECT_EQ(Run(plant::MachineDataCommand{{bad}, true}).field(), "events[0].state");
  ASSERT_TRUE(Run(plant::MachineDataCommand{{bad, good}, true}).ok());
  EXPECT_EQ(Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T05:00:00Z").at("counts").at("good").as_int64(), 17);
}

TEST_F(Oee, SameInstantStatesNeverOverlap) {
  ASSERT_TRUE(Post({St("PRESS", "2026-06-10T04:00:00Z", "running"), St("PRESS", "2026-06-10T05:00:00Z", "stop"),
                    St("PRESS", "2026-06-10T05:00:00Z", "idle"), St("PRESS", "2026-06-10T05:10:00Z", "running")})
                  .ok());
  auto k = Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T06:00:00Z");
  EXPECT_EQ(Num(k.at("time_s").at("delay")), 0);  // the stop lasted no time: idle replaced it
  EXPECT_EQ(Num(k.at("time_s").at("down")), 600);
  EXPECT_EQ(Num(k.at("time_s").at("production")), 6600);
}

TEST_F(Oee, ALateRepeatOfTheNextStateMovesItBack) {
  ASSERT_TRUE(Post({St("PRESS", "2026-06-10T04:00:00Z", "running"), St("PRESS", "2026-06-10T05:01:00Z", "stop"),
                    St("PRESS", "2026-06-10T06:00:00Z", "running")})
                  .ok());
  ASSERT_TRUE(Post({St("PRESS", "2026-06-10T05:00:00Z", "stop")}).ok());  // the stop began a minute earlier
  auto k = Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T07:00:00Z");
  EXPECT_EQ(Num(k.at("time_s").at("delay")), 3600);
  EXPECT_EQ(k.at("kpi").at("failures").as_int64(), 1);  // one stop, not a minute's minor stop and another
  EXPECT_EQ(k.at("pareto").at(0).at("stops").as_int64(), 1);
}

TEST_F(Oee, ReadingsOlderThan400DaysAreRefused) {
  EXPECT_EQ(Post({St("PRESS", "2025-01-01T04:00:00Z", "running")}).field(), "events[0].time");
  EXPECT_TRUE(Post({St("PRESS", "2025-11-01T04:00:00Z", "running")}).ok());
}

TEST_F(Oee, NightShiftOverDaylightSavingChanges) {
  // Fall back: the night from Saturday 24 to Sunday 25 October 2026 lasts 9 hours.
  ASSERT_TRUE(Post({St("OVEN", "2026-10-24T20:00:00Z", "running"), St("OVEN", "2026-10-25T05:00:00Z", "idle")}).ok());
  Timestamp now{now_};
  auto shift = plant::performance::NamedWindow(plant_.state(), "OVEN", "shift", T("2026-10-25T01:00:00Z"));
  ASSERT_TRUE(shift.ok());
  EXPECT_EQ(FormatIso8601(shift->first), "2026-10-24T20:00:00Z");
  EXPECT_EQ(FormatIso8601(shift->second), "2026-10-25T05:00:00Z");
  auto k = Kpi("OVEN", "2026-10-24T20:00:00Z", "2026-10-25T05:00:00Z");
  EXPECT_EQ(Num(k.at("elements_s").at("PBT")), 32400);
  EXPECT_EQ(Num(k.at("kpi").at("availability_iso")), 1);
  // The local day of 25 October has 25 hours: 7 of last night's shift, 2 of tonight's.
  auto day = plant::performance::NamedWindow(plant_.state(), "OVEN", "day", T("2026-10-25T12:00:00Z"));
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(FormatIso8601(day->first), "2026-10-24T22:00:00Z");
  EXPECT_EQ(FormatIso8601(day->second), "2026-10-25T23:00:00Z");
  auto d = Kpi("OVEN", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
  EXPECT_EQ(Num(d.at("time_s").at("window")), 90000);
  EXPECT_EQ(Num(d.at("time_s").at("production")), 25200);
  EXPECT_EQ(Num(d.at("time_s").at("down")), 7200);
  EXPECT_EQ(Num(d.at("time_s").at("not_scheduled")), 57600);
  // Spring forward: the night from Saturday 28 to Sunday 29 March 2026 lasts 7 hours.
  auto spring = plant::performance::NamedWindow(plant_.state(), "OVEN", "shift", T("2026-03-29T01:00:00Z"));
  ASSERT_TRUE(spring.ok());
  EXPECT_EQ(spring->second.micros - spring->first.micros, 7 * 3600'000'000LL);
  auto week = plant::performance::NamedWindow(plant_.state(), "OVEN", "week", T("2026-10-25T12:00:00Z"));
  ASSERT_TRUE(week.ok());
  EXPECT_EQ(FormatIso8601(week->first), "2026-10-18T22:00:00Z");  // Monday 19 October, 00:00 CEST
  EXPECT_EQ(week->second.micros - week->first.micros, (7 * 24 + 1) * 3600'000'000LL);
  (void)now;
}

TEST_F(Oee, PlannedMaintenanceOverlappingABreakCountsOnce) {
  ASSERT_TRUE(Post({St("PRESS", "2026-06-10T04:00:00Z", "running"), St("PRESS", "2026-06-10T07:30:00Z", "idle"),
                    St("PRESS", "2026-06-10T08:30:00Z", "running"), St("PRESS", "2026-06-10T12:00:00Z", "idle")})
                  .ok());
  plant::planning::RecordDowntime lubrication{T("2026-06-10T07:30:00Z"), T("2026-06-10T08:15:00Z"),
                                              plant::planning::DowntimeKind::kPlannedMaintenance, "lubrication"};
  ASSERT_TRUE(Run(plant::PlanningCommand{plant::PlanAction::kRecordDowntime, "PRESS", lubrication}).ok());
  auto k = Kpi("PRESS", "2026-06-10T04:00:00Z", "2026-06-10T12:00:00Z");
  EXPECT_EQ(Num(k.at("time_s").at("planned_downtime")), 3600);  // 07:30-08:30, not 45 + 30 minutes on top
  EXPECT_EQ(Num(k.at("time_s").at("down")), 0);
  EXPECT_EQ(Num(k.at("elements_s").at("PBT")), 25200);
}

TEST_F(Oee, NoPlannedTimeAndOverspeedHaveDefinedAnswers) {
  // Saturday: no shift. The machine ran anyway: that time is production and planned busy.
  ASSERT_TRUE(Post({St("PRESS", "2026-06-13T04:00:00Z", "idle"), St("PRESS", "2026-06-13T05:00:00Z", "running"),
                    Count("PRESS", "2026-06-13T05:30:00Z", SampleKind::kGood, 200, false),
                    St("PRESS", "2026-06-13T06:00:00Z", "idle")})
                  .ok());
  auto idle = Kpi("PRESS", "2026-06-13T04:00:00Z", "2026-06-13T05:00:00Z");
  EXPECT_EQ(Num(idle.at("elements_s").at("PBT")), 0);
  EXPECT_TRUE(idle.at("kpi").at("oee").is_null());
  EXPECT_TRUE(idle.at("kpi").at("availability_iso").is_null());
  EXPECT_FALSE(idle.at("warnings").as_array().empty());
  // 200 parts at 30 s ideal in one hour is 6000 s of ideal time in 3600 s: overspeed.
  auto fast = Kpi("PRESS", "2026-06-13T05:00:00Z", "2026-06-13T06:00:00Z");
  EXPECT_EQ(Num(fast.at("elements_s").at("PBT")), 3600);
  EXPECT_DOUBLE_EQ(Num(fast.at("kpi").at("effectiveness_iso")), 6000.0 / 3600);
  EXPECT_EQ(fast.at("warnings").as_array().size(), 1u);
}

TEST_F(Oee, LongWindowsAddBlockTalliesAndAgreeWithTheRecords) {
  // 80 days from Monday 2026-03-02 (over the spring-forward weekend): running 04:00-11:00 UTC,
  // 100 parts a day, idle otherwise. Kpi() checks day and block tallies against the records.
  int64_t day = 86'400'000'000;
  for (int d = 0; d < 80; ++d) {
    Sample run = St("PRESS", "2026-03-02T04:00:00Z", "running"), idle = St("PRESS", "2026-03-02T11:00:00Z", "idle");
    Sample parts = Count("PRESS", "2026-03-02T10:00:00Z", SampleKind::kGood, 100, false);
    for (Sample* s : {&run, &parts, &idle}) s->time.micros += d * day;
    ASSERT_TRUE(Post({run, parts, idle}).ok());
  }
  auto k = Kpi("PRESS", "2026-03-02T07:00:00Z", "2026-05-20T09:00:00Z");
  EXPECT_EQ(k.at("counts").at("good").as_int64(), 100 * 79);  // the first day's 10:00 is in, the last day's is not
  // Production: 4 h on the first day (07:00-11:00), 7 h on each of 78 days, 5 h on the last.
  EXPECT_EQ(Num(k.at("time_s").at("production")), (4 + 78 * 7 + 5) * 3600);
}

TEST_F(Oee, AWorkCenterSumsItsUnitsAndNoDataIsALoss) {
  ShiftDay();
  // OVEN never reported: in its calendar the night shift is no data, the rest not scheduled.
  auto k = Kpi("AREA", "2026-06-10T04:00:00Z", "2026-06-10T12:00:00Z");
  EXPECT_EQ(k.at("work_units").as_int64(), 2);
  EXPECT_EQ(Num(k.at("time_s").at("window")), 57600);
  EXPECT_EQ(Num(k.at("time_s").at("no_data")), 0);  // 04:00-12:00 UTC is outside the oven's night
  EXPECT_EQ(Num(k.at("time_s").at("not_scheduled")), 28800);
  auto night = Kpi("OVEN", "2026-06-09T20:00:00Z", "2026-06-10T04:00:00Z");
  EXPECT_EQ(Num(night.at("time_s").at("no_data")), 28800);
  EXPECT_EQ(Num(night.at("kpi").at("availability_iso")), 0);
}

// Built-in state models are read only now; a journal from before, in which a plant created a
// model with a built-in's id, still replays: that resource replaces the built-in, and stays a
// resource that can be edited.
TEST_F(Oee, AnOldJournalsModelWithABuiltInIdStillReplays) {
  EXPECT_EQ(Create(Kind::kStateModel, R"({"id":"packml","states":[{"code":"go","element":"APT"}]})").code(),
            Code::kConflict);
  EXPECT_EQ(Update(Kind::kStateModel, "packml", R"({"version":1,"states":[{"code":"go","element":"APT"}]})").code(),
            Code::kConflict);
  EXPECT_EQ(Run(plant::RetireResource{Kind::kStateModel, "simple", std::nullopt}).code(), Code::kConflict);
  // The event as such a journal holds it, applied as replay applies it.
  Event e{plant_.last_seq() + 1,
          Timestamp{now_},
          "user:old",
          "resource.created",
          1,
          R"({"kind":"state_model","doc":{"id":"packml","states":[{"code":"go","element":"APT"},)"
          R"({"code":"wait","element":"ADOT"}]}})",
          {}};
  e.hash = ChainHash(plant_.last_hash(), e);
  ASSERT_TRUE(plant_.Apply(e).ok());
  ASSERT_TRUE(Create(Kind::kEquipmentClass, R"({"id":"OLD","state_model":"packml"})").ok());
  ASSERT_TRUE(Create(Kind::kEquipment, R"({"id":"OLD-1","level":"work_unit","parent":"WC","classes":["OLD"]})").ok());
  plant_.SettleIndexes();
  ASSERT_TRUE(Post({St("OLD-1", "2026-06-10T04:00:00Z", "go"), St("OLD-1", "2026-06-10T05:00:00Z", "wait")}).ok());
  EXPECT_FALSE(Post({St("OLD-1", "2026-06-10T06:00:00Z", "6")}).ok());  // not the built-in's states
  auto k = Kpi("OLD-1", "2026-06-10T04:00:00Z", "2026-06-10T06:00:00Z");
  EXPECT_EQ(Num(k.at("time_s").at("production")), 3600);
  EXPECT_EQ(Num(k.at("time_s").at("down")), 3600);
  EXPECT_TRUE(Update(Kind::kStateModel, "packml",
                     R"({"version":1,"states":[{"code":"go","element":"APT"},{"code":"wait","element":"ADET"}]})")
                  .ok());
  plant_.SettleIndexes();
  EXPECT_EQ(Num(Kpi("OLD-1", "2026-06-10T04:00:00Z", "2026-06-10T06:00:00Z").at("time_s").at("delay")), 3600);
}

// A source's session (a Sparkplug node's bdSeq) is journalled when it changes, and a restored
// plant knows it: a restarted host judges deaths by it.
TEST_F(Oee, SourceSessionsAreRecordedWhenTheyChangeAndSurviveARestore) {
  auto record = [&](uint64_t session) {
    plant::MachineDataCommand cmd;
    cmd.sessions.push_back({"spb:G/N", session});
    cmd.samples.push_back(St("PRESS", "2026-06-10T04:00:00Z", "running"));
    cmd.samples.back().source = "spb:G/N";
    cmd.skip_invalid = true;
    size_t before = events_.size();
    EXPECT_TRUE(Run(cmd).ok());
    std::vector<std::string> types;
    for (size_t i = before; i < events_.size(); ++i) types.push_back(events_[i].type);
    return types;
  };
  EXPECT_EQ(record(7), (std::vector<std::string>{"machine_data.session", "machine_data.recorded"}));
  EXPECT_EQ(plant::performance::SessionOf(plant_.state(), "spb:G/N"), 7u);
  EXPECT_EQ(record(7), (std::vector<std::string>{"machine_data.recorded"}));  // unchanged: not again
  EXPECT_EQ(record(8), (std::vector<std::string>{"machine_data.session", "machine_data.recorded"}));
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(plant::performance::SessionOf((*restored)->state(), "spb:G/N"), 8u);
  EXPECT_FALSE(plant::performance::SessionOf((*restored)->state(), "spb:G/M").has_value());
  plant::MachineDataCommand bad;
  bad.sessions.push_back({"", 1});
  EXPECT_EQ(Run(bad).code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace takt::test
