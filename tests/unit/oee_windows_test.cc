// Windows that add up: a count stamped t reports what was made up to t and counts in the window
// (s, e] that ends at t; state time counts in [s, e). So a reading stamped exactly at a shift's
// end belongs to that shift, and the shifts of a day add up to the day, for counts and for
// every time category, through the KPI query (from the tallies and from the records).
#include <random>

#include "plant/performance/contract.h"
#include "plant/performance/queries.h"
#include "plant_fixture.h"

namespace takt::test {
namespace {

using model::Kind;
using plant::performance::Sample;
using plant::performance::SampleKind;

constexpr int64_t kMinute = 60'000'000;
constexpr const char* kCategories[] = {"not_scheduled", "planned_downtime", "production", "setup", "delay",
                                       "down",          "no_data"};

Timestamp T(const char* iso) {
  auto t = ParseIso8601(iso);
  EXPECT_TRUE(t) << iso;
  return t.value_or(Timestamp{});
}

class OeeWindows : public PlantFixture {
 protected:
  void SetUp() override {
    now_ = T("2026-11-22T12:00:00Z").micros;
    for (const char* doc :
         {R"({"id":"ENT","level":"enterprise"})",
          R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Berlin"})",
          R"({"id":"AREA","level":"area","parent":"SITE"})", R"({"id":"WC","level":"work_center","parent":"AREA"})"})
      ASSERT_TRUE(Create(Kind::kEquipment, doc).ok());
    ASSERT_TRUE(Create(Kind::kStateModel, R"({"id":"M","minor_stop_s":300,"startup_reject_s":600,
      "late_window_s":7200,"states":[{"code":"run","element":"APT"},{"code":"idle","element":"ADOT"},
      {"code":"setup","element":"ASUT"},{"code":"fault","element":"ADET","loss":"breakdown"},
      {"code":"plan","element":"PDOT"}]})")
                    .ok());
    ASSERT_TRUE(Create(Kind::kEquipmentClass, R"({"id":"C","state_model":"M",
      "properties":[{"id":"ideal_cycle_s","type":"number","value":7}]})")
                    .ok());
    for (const char* u : {"CELL-1", "CELL-2", "CELL-3"})
      ASSERT_TRUE(Create(Kind::kEquipment,
                         std::string(R"({"id":")") + u + R"(","level":"work_unit","parent":"WC","classes":["C"]})")
                      .ok());
    // Three shifts around the clock, every day; the early shift has a break.
    ASSERT_TRUE(Create(Kind::kShiftCalendar, R"({"id":"CAL","scope":"WC","shifts":[
      {"id":"early","days":[1,2,3,4,5,6,7],"start":"06:00","end":"14:00","breaks":[{"start":"09:00","end":"09:15"}]},
      {"id":"late","days":[1,2,3,4,5,6,7],"start":"14:00","end":"22:00"},
      {"id":"night","days":[1,2,3,4,5,6,7],"start":"22:00","end":"06:00"}]})")
                    .ok());
    plant_.SettleIndexes();
  }

  Status Post(std::vector<Sample> samples) {
    return Run(plant::MachineDataCommand{std::move(samples), /*skip_invalid=*/false});
  }

  std::pair<Timestamp, Timestamp> Window(const char* eq, const char* kind, Timestamp at) {
    auto w = plant::performance::NamedWindow(plant_.state(), eq, kind, at);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    if (!w.ok()) return {};
    return *w;
  }

  json::object Kpi(const std::string& eq, Timestamp a, Timestamp b, bool from_records) {
    auto k = plant::performance::Kpi(plant_.state(), eq, a, b, Timestamp{now_}, {.from_records = from_records});
    EXPECT_TRUE(k.ok()) << k.status().ToString();
    if (!k.ok()) return {};
    return contract::Encode(*k).as_object();
  }
};

Sample State(const std::string& unit, int64_t t, const std::string& state) {
  Sample s;
  s.work_unit = unit;
  s.time = Timestamp{t};
  s.kind = SampleKind::kState;
  s.state = state;
  return s;
}

Sample Count(const std::string& unit, int64_t t, SampleKind kind, int64_t n, bool cumulative) {
  Sample s;
  s.work_unit = unit;
  s.time = Timestamp{t};
  s.kind = kind;
  s.count = n;
  s.cumulative = cumulative;
  return s;
}

int64_t Good(const json::object& k) {
  return k.at("counts").at("good").to_number<int64_t>();
}

// The tester's scenario: three cells run the early shift (06:00-14:00 CEST, 04:00-12:00 UTC)
// with a counter read every 10 minutes; the last reading, stamped exactly 14:00:00.000, adds
// 4, 1 and 5 parts. Each cell's shift counts every part, and the late shift none of them.
TEST_F(OeeWindows, ACounterReadingAtTheShiftEndCountsInThatShift) {
  const int64_t start = T("2026-06-10T04:00:00Z").micros, end = T("2026-06-10T12:00:00Z").micros;
  const char* cells[] = {"CELL-1", "CELL-2", "CELL-3"};
  const int64_t last[] = {4, 1, 5};
  int64_t made[3] = {};
  std::vector<Sample> batch;
  for (int c = 0; c < 3; ++c) {
    batch.push_back(State(cells[c], start, "run"));
    int64_t counter = 1000 * (c + 1);
    batch.push_back(Count(cells[c], start, SampleKind::kGood, counter, true));  // the baseline
    for (int64_t t = start + 10 * kMinute; t <= end; t += 10 * kMinute) {
      int64_t n = t == end ? last[c] : 20 + c;
      counter += n;
      made[c] += n;
      batch.push_back(Count(cells[c], t, SampleKind::kGood, counter, true));
    }
    batch.push_back(State(cells[c], end, "idle"));
  }
  // An increment stamped at the shift's start reports parts of the shift before.
  batch.insert(batch.begin(), Count("CELL-1", start, SampleKind::kReject, 3, false));
  ASSERT_TRUE(Post(std::move(batch)).ok());
  plant_.SettleIndexes();
  auto [a, b] = Window("CELL-1", "shift", T("2026-06-10T08:00:00Z"));
  ASSERT_EQ(a.micros, start);
  ASSERT_EQ(b.micros, end);
  auto [la, lb] = Window("CELL-1", "shift", T("2026-06-10T13:00:00Z"));
  ASSERT_EQ(la.micros, end);
  for (bool records : {false, true}) {
    for (int c = 0; c < 3; ++c) {
      EXPECT_EQ(Good(Kpi(cells[c], a, b, records)), made[c]) << cells[c] << (records ? " from records" : "");
      EXPECT_EQ(Good(Kpi(cells[c], la, lb, records)), 0) << cells[c];
    }
    auto wc = Kpi("WC", a, b, records);
    EXPECT_EQ(Good(wc), made[0] + made[1] + made[2]);
    // The shift's time: eight hours of production less the break, per cell.
    EXPECT_DOUBLE_EQ(wc.at("time_s").at("production").to_number<double>(), 3 * 8 * 3600.0);
  }
  auto [na, nb] = Window("CELL-1", "shift", T("2026-06-10T01:00:00Z"));
  ASSERT_EQ(nb.micros, start);
  EXPECT_EQ(Kpi("CELL-1", na, nb, false).at("counts").at("reject"), 3);
  EXPECT_EQ(Kpi("CELL-1", a, b, false).at("counts").at("reject"), 0);
  EXPECT_EQ(Kpi("CELL-1", na, nb, true).at("counts").at("reject"), 3);
}

// Counts by window as the convention defines them, computed here from the readings alone.
struct CountModel {
  struct Reading {
    int64_t t;
    SampleKind kind;
    int64_t n;
    bool cumulative;
  };
  std::map<std::string, std::vector<Reading>> readings;

  // Parts of `kind` counted at times in (a, b].
  int64_t In(const std::string& unit, SampleKind kind, int64_t a, int64_t b) const {
    auto it = readings.find(unit);
    if (it == readings.end()) return 0;
    std::vector<Reading> rs = it->second;
    std::stable_sort(rs.begin(), rs.end(), [](const Reading& x, const Reading& y) { return x.t < y.t; });
    int64_t sum = 0;
    std::optional<int64_t> prev;
    for (const auto& r : rs) {
      if (r.kind != kind) continue;
      int64_t n = r.n;
      if (r.cumulative) {
        n = !prev ? 0 : r.n >= *prev ? r.n - *prev : r.n;  // the first is the baseline; lower: a reset
        prev = r.n;
      }
      if (r.t > a && r.t <= b) sum += n;
    }
    return sum;
  }
};

// Property: for random readings (states, increments, counter readings with resets, many of them
// stamped exactly at shift ends, local and UTC midnights), every shift of each production day
// sums to the day, every local day to the pieces its shift boundaries cut it into, and a week to
// its days; for the counts and for every time category, from the tallies and from the records.
// Each window's counts equal those the readings give under the convention.
class OeeWindowsProperty : public OeeWindows, public ::testing::WithParamInterface<uint64_t> {};

TEST_P(OeeWindowsProperty, ShiftsSumToTheirDay) {
  std::mt19937_64 rng(GetParam());
  auto uni = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  // Over the spring-forward change (2026-03-29): a 7-hour night shift.
  const int64_t from = T("2026-03-25T04:00:00Z").micros, to = T("2026-04-03T04:00:00Z").micros;
  std::vector<int64_t> edges;  // shift ends, local and UTC midnights
  for (Timestamp at{from}; at.micros < to;) {
    auto [a, b] = Window("WC", "shift", at);
    edges.push_back(b.micros);
    at = b;
  }
  for (Timestamp at{from}; at.micros < to;) {
    auto [a, b] = Window("WC", "day", at);
    edges.push_back(b.micros);
    at = b;
  }
  for (int64_t d = from / 86'400'000'000 + 1; d * 86'400'000'000 < to; ++d) edges.push_back(d * 86'400'000'000);
  const char* units[] = {"CELL-1", "CELL-2", "CELL-3"};
  const char* states[] = {"run", "idle", "setup", "fault", "plan", "no_data"};
  CountModel model;
  for (int u = 0; u < 3; ++u) {
    std::vector<Sample> all;
    int64_t counter = 0, t = from;
    while (true) {
      // Often exactly at an edge, else a few minutes on (sometimes a second or a microsecond).
      int64_t pick = uni(0, 2) == 0 ? t + uni(1, 3) : t + uni(0, 40) * kMinute + uni(0, 1) * uni(1, 59) * 1'000'000;
      if (uni(0, 2) == 0) {
        auto e = std::upper_bound(edges.begin(), edges.end(), t);
        if (e != edges.end()) pick = *e;
      }
      t = std::max(pick, t + 1);
      if (t >= to) break;
      int64_t r = uni(0, 9);
      if (r < 3) {
        all.push_back(State(units[u], t, states[uni(0, 5)]));
      } else if (r < 6) {
        SampleKind k = uni(0, 2) ? SampleKind::kGood : SampleKind::kReject;
        int64_t n = uni(0, 30);
        all.push_back(Count(units[u], t, k, n, false));
        model.readings[units[u]].push_back({t, k, n, false});
      } else {
        counter = uni(0, 12) == 0 ? uni(0, 20) : counter + uni(0, 200);  // sometimes a reset
        all.push_back(Count(units[u], t, SampleKind::kGood, counter, true));
        model.readings[units[u]].push_back({t, SampleKind::kGood, counter, true});
      }
    }
    // In batches, some shuffled within the batch: late readings land where they happened.
    for (size_t i = 0; i < all.size();) {
      size_t n = std::min<size_t>(all.size() - i, static_cast<size_t>(uni(1, 12)));
      std::vector<Sample> batch(all.begin() + static_cast<long>(i), all.begin() + static_cast<long>(i + n));
      // Within the state model's late window (2 h) of the newest reading.
      if (uni(0, 3) == 0 && batch.back().time.micros - batch.front().time.micros < 60 * kMinute)
        std::shuffle(batch.begin(), batch.end(), rng);
      ASSERT_TRUE(Post(std::move(batch)).ok());
      i += n;
      if (uni(0, 5) == 0) plant_.SettleIndexes();
    }
  }
  plant_.SettleIndexes();

  struct Sum {
    int64_t good = 0, reject = 0;
    std::map<std::string, double> time;
    void Add(const json::object& k) {
      good += k.at("counts").at("good").to_number<int64_t>();
      reject += k.at("counts").at("reject").to_number<int64_t>();
      for (const char* c : kCategories) time[c] += k.at("time_s").at(c).to_number<double>();
    }
  };
  auto expect_same = [&](const Sum& parts, const json::object& whole, const std::string& what) {
    EXPECT_EQ(parts.good, whole.at("counts").at("good").to_number<int64_t>()) << what;
    EXPECT_EQ(parts.reject, whole.at("counts").at("reject").to_number<int64_t>()) << what;
    for (const char* c : kCategories)
      EXPECT_NEAR(parts.time.at(c), whole.at("time_s").at(c).to_number<double>(), 1e-5) << what << " " << c;
  };
  for (bool records : {false, true}) {
    for (const std::string eq : {"CELL-1", "CELL-2", "CELL-3", "WC"}) {
      std::string tag = eq + (records ? " (records)" : " (tallies)") + " seed " + std::to_string(GetParam());
      // Production days: early, late and night shift from 06:00 to 06:00.
      for (Timestamp at = Window("WC", "shift", Timestamp{from + 10 * kMinute}).first; at.micros + kMinute < to;) {
        Sum shifts;
        Timestamp day_start = at;
        for (int s = 0; s < 3; ++s) {
          auto [a, b] = Window("WC", "shift", at);
          auto k = Kpi(eq, a, b, records);
          shifts.Add(k);
          if (eq != "WC") {
            EXPECT_EQ(Good(k), model.In(eq, SampleKind::kGood, a.micros, b.micros))
                << tag << " shift " << FormatIso8601(a);
            EXPECT_EQ(k.at("counts").at("reject").to_number<int64_t>(),
                      model.In(eq, SampleKind::kReject, a.micros, b.micros))
                << tag << " shift " << FormatIso8601(a);
          }
          at = b;
        }
        if (at.micros > to) break;
        expect_same(shifts, Kpi(eq, day_start, at, records), tag + " day from " + FormatIso8601(day_start));
      }
      // Local days, cut at the shift boundaries inside them.
      for (Timestamp at = Window("WC", "day", Timestamp{from}).second; at.micros < to;) {
        auto [a, b] = Window("WC", "day", at);
        if (b.micros > to) break;
        Sum pieces;
        for (Timestamp x = a; x < b;) {
          Timestamp y = std::min(Window("WC", "shift", x).second, b);
          pieces.Add(Kpi(eq, x, y, records));
          x = y;
        }
        expect_same(pieces, Kpi(eq, a, b, records), tag + " local day " + FormatIso8601(a));
        at = b;
      }
      // A week and its days.
      auto [wa, wb] = Window("WC", "week", T("2026-03-30T12:00:00Z"));
      Sum days;
      for (Timestamp x = wa; x < wb;) {
        auto [a, b] = Window("WC", "day", x);
        days.Add(Kpi(eq, a, b, records));
        x = b;
      }
      expect_same(days, Kpi(eq, wa, wb, records), tag + " week");
      if (eq != "WC") {
        EXPECT_EQ(days.good, model.In(eq, SampleKind::kGood, wa.micros, wb.micros)) << tag << " week";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, OeeWindowsProperty, ::testing::Range<uint64_t>(1, 5));

}  // namespace
}  // namespace takt::test
