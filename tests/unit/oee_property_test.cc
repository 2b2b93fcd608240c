// Property: whatever readings arrive (late, out of order, duplicated, same instant, counter
// resets), whatever stops are classified and whatever planned maintenance is recorded, the KPIs
// from the tallies kept reading by reading equal the KPIs computed from the records, over
// random windows from an hour to three months, and again after a rebuild and a restore.
#include <random>

#include "plant/performance/contract.h"
#include "plant/performance/queries.h"
#include "plant_fixture.h"

namespace takt::test {
namespace {

using model::Kind;
using plant::performance::Sample;
using plant::performance::SampleKind;

class OeeProperty : public PlantFixture, public ::testing::WithParamInterface<uint64_t> {
 protected:
  void SetUp() override {
    now_ = ParseIso8601("2026-11-22T12:00:00Z")->micros;
    for (const char* doc :
         {R"({"id":"ENT","level":"enterprise"})",
          R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Berlin"})",
          R"({"id":"AREA","level":"area","parent":"SITE"})", R"({"id":"WC","level":"work_center","parent":"AREA"})"})
      ASSERT_TRUE(Create(Kind::kEquipment, doc).ok());
    ASSERT_TRUE(Create(Kind::kDowntimeReason, R"({"id":"JAM"})").ok());
    ASSERT_TRUE(Create(Kind::kDowntimeReason, R"({"id":"CHANGE","element":"ASUT"})").ok());
    ASSERT_TRUE(Create(Kind::kDowntimeReason, R"({"id":"CLEAN","element":"PDOT","parent":"CHANGE"})").ok());
    ASSERT_TRUE(Create(Kind::kStateModel, R"({"id":"M","minor_stop_s":300,"startup_reject_s":600,
      "late_window_s":7200,"states":[{"code":"run","element":"APT"},{"code":"idle","element":"ADOT"},
      {"code":"setup","element":"ASUT"},{"code":"fault","element":"ADET","loss":"breakdown"},
      {"code":"plan","element":"PDOT"}],"reason_codes":[{"code":"E1","reason":"JAM"}]})")
                    .ok());
    ASSERT_TRUE(Create(Kind::kEquipmentClass, R"({"id":"C","state_model":"M",
      "properties":[{"id":"ideal_cycle_s","type":"number","value":7}]})")
                    .ok());
    for (const char* u : {"U1", "U2"})
      ASSERT_TRUE(Create(Kind::kEquipment,
                         std::string(R"({"id":")") + u + R"(","level":"work_unit","parent":"WC","classes":["C"]})")
                      .ok());
    ASSERT_TRUE(Create(Kind::kShiftCalendar, R"({"id":"CAL","scope":"WC","shifts":[
      {"id":"a","days":[1,2,3,4,5],"start":"06:00","end":"14:00","breaks":[{"start":"09:00","end":"09:15"}]},
      {"id":"b","days":[1,2,3,4,5,6],"start":"22:00","end":"06:00"}]})")
                    .ok());
    plant_.SettleIndexes();
  }
};

TEST_P(OeeProperty, TalliesEqualRecords) {
  std::mt19937_64 rng(GetParam());
  auto uni = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  const int64_t start = ParseIso8601("2026-07-01T00:00:00Z")->micros, minute = 60'000'000;
  int64_t clock[2] = {start, start};
  int64_t counter[2] = {0, 0};
  std::vector<int64_t> state_times[2];
  const char* states[] = {"run", "idle", "setup", "fault", "plan", "no_data"};
  for (int step = 0; step < 400; ++step) {
    std::vector<Sample> batch;
    for (int n = static_cast<int>(uni(1, 6)); n-- > 0;) {
      int u = static_cast<int>(uni(0, 1));
      Sample s;
      s.work_unit = u ? "U2" : "U1";
      clock[u] += uni(0, 4) == 0 ? uni(0, 2) * minute * 60 * 8 : uni(0, 90) * minute;  // sometimes a long gap
      int64_t t = clock[u] - (uni(0, 5) == 0 ? uni(0, 100) * minute : 0);              // sometimes late
      s.time = Timestamp{t};
      int64_t r = uni(0, 9);
      if (r < 4) {
        s.kind = SampleKind::kState;
        s.state = states[uni(0, 5)];
        if (uni(0, 3) == 0) s.reason = "E1";
        state_times[u].push_back(t);
      } else if (r < 7) {
        s.kind = uni(0, 1) ? SampleKind::kGood : SampleKind::kReject;
        s.count = uni(0, 50);
      } else if (r < 9) {
        s.kind = SampleKind::kGood;
        s.cumulative = true;
        counter[u] = uni(0, 9) == 0 ? uni(0, 20) : counter[u] + uni(0, 200);  // sometimes a reset
        s.count = counter[u];
      } else {
        s.kind = SampleKind::kTotal;
        s.count = uni(0, 60);
      }
      if (uni(0, 4) == 0) {
        s.source = "plc";
        s.seq = static_cast<uint64_t>(uni(0, 300));  // duplicates are skipped
      }
      batch.push_back(std::move(s));
    }
    Status st = Run(plant::MachineDataCommand{std::move(batch), /*skip_invalid=*/true});
    ASSERT_TRUE(st.ok() || st.code() == Code::kUnprocessable) << st.ToString();  // all of it too late
    if (uni(0, 9) == 0 && !state_times[0].empty()) {
      int64_t t = state_times[0][static_cast<size_t>(uni(0, static_cast<int64_t>(state_times[0].size()) - 1))];
      const char* reasons[] = {"JAM", "CHANGE", "CLEAN"};
      (void)Run(plant::ClassifyStop{"U1", {Timestamp{t}, reasons[uni(0, 2)]}});  // refused if not a stop
    }
    if (uni(0, 40) == 0) {
      int64_t a = clock[1] - uni(0, 48) * 60 * minute;
      plant::planning::RecordDowntime down{
          {a}, {a + uni(1, 600) * minute}, plant::planning::DowntimeKind::kPlannedMaintenance};
      ASSERT_TRUE(Run(plant::PlanningCommand{plant::PlanAction::kRecordDowntime, "U2", down}).ok());
    }
    if (step % 20 == 19) {
      for (int q = 0; q < 4; ++q) {
        int64_t a = start + uni(-60, 60 * 24 * 30) * minute;
        int64_t b = a + uni(1, 60 * 24 * (q == 0 ? 100 : 3)) * minute;
        const char* eq = q % 2 ? "U1" : "WC";
        Timestamp now{now_};
        auto raw = plant::performance::Kpi(plant_.state(), eq, {a}, {b}, now, {.from_records = true});
        auto kept = plant::performance::Kpi(plant_.state(), eq, {a}, {b}, now, {.per_unit = false});
        ASSERT_TRUE(raw.ok() && kept.ok());
        ASSERT_EQ(Serialize(contract::Encode(*raw)), Serialize(contract::Encode(*kept)))
            << "seed " << GetParam() << " step " << step << " window " << FormatIso8601({a}) << " "
            << FormatIso8601({b});
      }
    }
  }
  plant_.SettleIndexes();
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok());
  (*restored)->SettleIndexes();
  Timestamp a{start}, b{clock[0] + 86'400'000'000LL}, now{now_};
  auto raw = plant::performance::Kpi(plant_.state(), "AREA", a, b, now, {.from_records = true});
  auto rebuilt = plant::performance::Kpi(plant_.state(), "AREA", a, b, now);
  auto again = plant::performance::Kpi((*restored)->state(), "AREA", a, b, now);
  ASSERT_TRUE(raw.ok() && rebuilt.ok() && again.ok());
  EXPECT_EQ(Serialize(contract::Encode(*raw)), Serialize(contract::Encode(*rebuilt)));
  EXPECT_EQ(Serialize(contract::Encode(*raw)), Serialize(contract::Encode(*again)));
  // The categories of the whole window partition it (two units).
  const auto& t = raw->time_s;
  double sum = t.not_scheduled + t.planned_downtime + t.production + t.setup + t.delay + t.down + t.no_data;
  EXPECT_NEAR(sum, t.window, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Seeds, OeeProperty, ::testing::Range<uint64_t>(1, 9));

}  // namespace
}  // namespace takt::test
