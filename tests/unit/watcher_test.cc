// The planner reacts to a breakdown that machine data shows, by itself: once the stop has lasted
// its state model's replan_after_s, work moves off the unit; when it runs again, the schedule is
// repaired once more. On the demo plant, through the runtime, as `takt serve` runs it.
#include "plan/watcher.h"

#include <gtest/gtest.h>

#include <chrono>

#include "app/demo.h"
#include "plant/planning/planning.h"
#include "unit/demo_runtime.h"

namespace takt::plan {
namespace {

Timestamp WallNow() {
  return Timestamp{
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count()};
}

Status Report(runtime::Runtime& rt, const std::string& unit, Timestamp at, const char* state, const char* code) {
  plant::MachineDataCommand cmd;
  plant::performance::Sample s;
  s.work_unit = unit;
  s.time = at;
  s.state = state;
  s.reason = code;
  cmd.samples.push_back(std::move(s));
  return rt.Execute(std::move(cmd), "test:gateway").status();
}

TEST(BreakdownWatcher, RepairsWhenAUnitBreaksDownAndWhenItRunsAgain) {
  test::TempDir dir;
  auto rt = test::OpenDemoPlant(dir);
  ASSERT_TRUE(rt);
  const Timestamp now = WallNow();  // machine data may not come from the future
  ASSERT_TRUE(app::EnsureDemoOrders(*rt, now).ok());
  // The lathe planned to turn the housings (not started yet) breaks down twenty minutes ago.
  const std::string lathe = rt->Read([](const plant::Plant& p) {
    return p.state().planning.active->ops.at({"WO-2611-002", "OP10"}).work_unit;
  });
  const Timestamp since{now.micros - 20 * 60'000'000LL};
  ASSERT_TRUE(Report(*rt, lathe, since, "unplanned_stop", "E-205").ok());
  BreakdownWatcher watcher(*rt);
  auto changed = watcher.Tick(now);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(*changed, std::vector<std::string>{lathe});
  // ACME-MACHINE: replan after 900 s, an hour's repair assumed from the start of the stop.
  const Timestamp back{since.micros + 3600'000'000LL};
  rt->Read([&](const plant::Plant& p) {
    const auto& s = *p.state().planning.active;
    EXPECT_EQ(s.kind, "repair");
    EXPECT_EQ(s.created_by, "system:planner");
    for (const auto& [key, op] : s.ops)
      if (op.work_unit == lathe && op.start < back && op.end.micros > now.micros)
        ADD_FAILURE() << key.first << "/" << key.second << " planned on the broken lathe";
    // The planner sees the lathe unavailable from now until then.
    bool covered = false;
    for (const auto& [from, to] : plant::planning::DowntimeAfter(p.state(), lathe, now))
      covered |= from <= now && to >= back;
    EXPECT_TRUE(covered);
  });
  const auto seq = rt->journal().head().seq;
  EXPECT_TRUE(watcher.Tick(Timestamp{now.micros + 30'000'000})->empty());  // once per breakdown
  EXPECT_EQ(rt->journal().head().seq, seq);
  // Repaired and running: the planner may use it again.
  ASSERT_TRUE(Report(*rt, lathe, Timestamp{now.micros + 1'000'000}, "running", "").ok());
  changed = watcher.Tick(Timestamp{now.micros + 60'000'000});
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(*changed, std::vector<std::string>{lathe});
  EXPECT_GT(rt->journal().head().seq, seq + 1);
}

// A stop shorter than replan_after_s leaves the schedule alone.
TEST(BreakdownWatcher, AShortStopChangesNothing) {
  test::TempDir dir;
  auto rt = test::OpenDemoPlant(dir);
  ASSERT_TRUE(rt);
  const Timestamp now = WallNow();
  ASSERT_TRUE(app::EnsureDemoOrders(*rt, now).ok());
  ASSERT_TRUE(Report(*rt, "LYON-LATHE-02", Timestamp{now.micros - 5 * 60'000'000LL}, "unplanned_stop", "E-101").ok());
  const auto seq = rt->journal().head().seq;
  BreakdownWatcher watcher(*rt);
  EXPECT_TRUE(watcher.Tick(now)->empty());
  EXPECT_EQ(rt->journal().head().seq, seq);
}

}  // namespace
}  // namespace takt::plan
