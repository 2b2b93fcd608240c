// KPI queries over a year of machine data: 500 work units on three shifts, a state change or a
// count every ~15 minutes per unit, built through the plant's own command path. Times the
// site's OEE over the year from the tallies, and the same query from the raw records in the
// same run; then the time the writer takes to rebuild every tally (after a calendar change).
//
//   bench_kpi [UNITS] [DAYS]   (defaults 500 and 365)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "plant/performance/queries.h"
#include "plant/plant.h"

using namespace takt;

namespace {

plant::Plant the_plant;
int64_t clock_us = 0;

void Run(const plant::Command& cmd) {
  auto drafts = the_plant.Execute(cmd, {Timestamp{clock_us}, "bench"});
  if (!drafts.ok()) {
    std::fprintf(stderr, "bench_kpi: %s\n", drafts.status().ToString().c_str());
    std::exit(1);
  }
  for (auto& d : *drafts) {
    Event e{the_plant.last_seq() + 1, Timestamp{clock_us}, "bench", d.type, d.version, d.payload, {}};
    Status s = the_plant.Apply(e);
    if (!s.ok()) {
      std::fprintf(stderr, "bench_kpi: %s\n", s.ToString().c_str());
      std::exit(1);
    }
  }
}

void Create(model::Kind k, const std::string& doc) {
  Run(plant::CreateResource{k, *ParseJson(doc)});
}

struct Stats {
  double median_ms, p99_ms;
};

template <typename F>
Stats Time(int runs, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
  int units = argc > 1 ? std::atoi(argv[1]) : 500;
  int days = argc > 2 ? std::atoi(argv[2]) : 365;
  const int64_t start = ParseIso8601("2025-01-01T00:00:00Z")->micros;
  const int64_t day_us = 86'400'000'000;
  clock_us = start + (days + 1) * day_us;
  using model::Kind;
  Create(Kind::kEquipment, R"({"id":"ENT","level":"enterprise"})");
  Create(Kind::kEquipment, R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Berlin"})");
  Create(Kind::kEquipment, R"({"id":"AREA","level":"area","parent":"SITE"})");
  Create(Kind::kEquipmentClass, R"({"id":"M","properties":[{"id":"ideal_cycle_s","type":"number","value":30}]})");
  for (int w = 0; w < units / 10; ++w)
    Create(Kind::kEquipment, R"({"id":"WC)" + std::to_string(w) + R"(","level":"work_center","parent":"AREA"})");
  for (int u = 0; u < units; ++u)
    Create(Kind::kEquipment, R"({"id":"U)" + std::to_string(u) + R"(","level":"work_unit","parent":"WC)" +
                                 std::to_string(u / 10) + R"(","classes":["M"]})");
  Create(Kind::kShiftCalendar, R"({"id":"CAL","scope":"SITE","shifts":[
    {"id":"early","days":[1,2,3,4,5],"start":"06:00","end":"14:00","breaks":[{"start":"10:00","end":"10:30"}]},
    {"id":"late","days":[1,2,3,4,5],"start":"14:00","end":"22:00","breaks":[{"start":"18:00","end":"18:30"}]},
    {"id":"night","days":[1,2,3,4,5],"start":"22:00","end":"06:00","breaks":[{"start":"02:00","end":"02:30"}]}]})");
  the_plant.SettleIndexes();

  // Each unit cycles: running 20-60 minutes, then a stop of 1-20 minutes; the parts of a run
  // are counted when it ends, and every day one unit in ten has a reject.
  auto t0 = std::chrono::steady_clock::now();
  std::mt19937_64 rng(7);
  const char* stops[] = {"idle", "starved", "setup", "unplanned_stop", "blocked"};
  std::vector<int64_t> next(units, start);
  std::vector<bool> running(units, false);
  size_t readings = 0;
  for (int d = 0; d < days; ++d) {
    plant::MachineDataCommand cmd;
    int64_t day_end = start + (d + 1) * day_us;
    for (int u = 0; u < units; ++u) {
      std::string id = "U" + std::to_string(u);
      while (next[u] < day_end) {
        plant::performance::Sample s;
        s.work_unit = id;
        s.time = Timestamp{next[u]};
        s.kind = plant::performance::SampleKind::kState;
        int64_t len;
        if (running[u]) {
          s.state = stops[rng() % 5];
          len = (60 + static_cast<int64_t>(rng() % 1140)) * 1'000'000;
          plant::performance::Sample c = s;
          c.kind = plant::performance::SampleKind::kGood;
          c.count = static_cast<int64_t>(40 + rng() % 80);
          cmd.samples.push_back(c);
        } else {
          s.state = "running";
          len = (1200 + static_cast<int64_t>(rng() % 2400)) * 1'000'000;
        }
        cmd.samples.push_back(std::move(s));
        running[u] = !running[u];
        next[u] += len;
      }
    }
    readings += cmd.samples.size();
    Run(cmd);
  }
  the_plant.SettleIndexes();
  double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%d work units, %d days: %zu readings applied in %.1f s (%.0f readings/s through Execute and Apply)\n",
              units, days, readings, build_s, readings / build_s);

  const auto& st = the_plant.state();
  Timestamp now{clock_us};
  // A year that does not start or end at midnight, so the edges come from the records.
  Timestamp from{start + 5 * 3'600'000'000LL}, to{start + days * day_us - 7 * 3'600'000'000LL};
  double oee = 0;
  bool from_records = false;
  auto query = [&](const char* eq, Timestamp a, Timestamp b) {
    auto k = plant::performance::Kpi(st, eq, a, b, now, {.from_records = from_records});
    if (!k.ok()) std::exit(1);
    oee = k->kpi.oee.value_or(0);
  };
  Stats year = Time(21, [&] { query("SITE", from, to); });
  double year_oee = oee;
  Stats unit = Time(101, [&] { query("U7", from, to); });
  Stats week = Time(101, [&] { query("SITE", {start + 100 * day_us}, {start + 107 * day_us}); });
  Stats shift = Time(101, [&] {
    query("SITE", {start + 100 * day_us + 4 * 3'600'000'000LL}, {start + 100 * day_us + 12 * 3'600'000'000LL});
  });
  std::printf("site OEE over the year: %.4f\n", year_oee);
  std::printf("KPI query, site (%d units) over the year:   median %.2f ms, p99 %.2f ms\n", units, year.median_ms,
              year.p99_ms);
  std::printf("KPI query, one unit over the year:          median %.3f ms, p99 %.3f ms\n", unit.median_ms, unit.p99_ms);
  std::printf("KPI query, site over a week:                median %.2f ms, p99 %.2f ms\n", week.median_ms, week.p99_ms);
  std::printf("KPI query, site over a shift:               median %.2f ms, p99 %.2f ms\n", shift.median_ms,
              shift.p99_ms);
  // The peer: the same query from the raw records, as it runs while tallies are stale.
  from_records = true;
  Stats raw = Time(5, [&] { query("SITE", from, to); });
  std::printf("the same site-year query from raw records:  median %.1f ms (%.0fx slower); OEE %.4f (%s)\n",
              raw.median_ms, raw.median_ms / year.median_ms, oee, oee == year_oee ? "equal" : "DIFFERENT");
  auto r0 = std::chrono::steady_clock::now();
  Create(Kind::kShiftCalendar, R"({"id":"AREA-CAL","scope":"AREA","shifts":[
    {"id":"day","days":[1,2,3,4,5,6,7],"start":"06:00","end":"18:00"}]})");
  the_plant.SettleIndexes();
  std::printf("rebuilding every tally after a calendar change (%d units, %d days): %.2f s\n", units, days,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count());
  return oee == year_oee ? 0 : 1;
}
