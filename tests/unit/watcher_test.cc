// The planner reacts to a breakdown that machine data shows, by itself: once the stop has lasted
// its state model's replan_after_s, work moves off the unit; when it runs again, the schedule is
// repaired once more. On the demo plant, through the runtime, as `takt serve` runs it.
#include "plan/watcher.h"

#include <gtest/gtest.h>

#include <chrono>

#include "app/demo.h"
#include "plant/planning/planning.h"
#include "plant/production/production.h"
#include "unit/demo_runtime.h"

namespace takt::plan {
namespace {

Timestamp WallNow() {
  return Timestamp{
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count()};
}

using OpKey = std::pair<std::string, std::string>;

bool Running(const plant::State& st, const OpKey& key) {
  const auto* wo = st.prod.Find(key.first);
  const auto i = wo ? plant::production::OperationIndex(*wo, key.second) : std::nullopt;
  return i && wo->operations[*i].status == plant::production::OpStatus::kRunning;
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
  EXPECT_EQ(changed->down, std::vector<std::string>{lathe});
  EXPECT_TRUE(changed->repaired);
  // ACME-MACHINE: replan after 900 s, an hour's repair assumed from the start of the stop.
  const Timestamp back{since.micros + 3600'000'000LL};
  rt->Read([&](const plant::Plant& p) {
    const auto& s = *p.state().planning.active;
    EXPECT_EQ(s.kind, "repair");
    EXPECT_EQ(s.created_by, "system:planner");
    for (const auto& [key, op] : s.ops)
      if (op.work_unit == lathe && op.start < back && op.end.micros > now.micros && !Running(p.state(), key))
        ADD_FAILURE() << key.first << "/" << key.second << " planned on the broken lathe";
    // The planner sees the lathe unavailable from now until then.
    bool covered = false;
    for (const auto& [from, to] : plant::planning::DowntimeAfter(p.state(), lathe, now))
      covered |= from <= now && to >= back;
    EXPECT_TRUE(covered);
  });
  const auto seq = rt->journal().head().seq;
  EXPECT_FALSE(watcher.Tick(Timestamp{now.micros + 30'000'000})->repaired);  // once per breakdown
  EXPECT_EQ(rt->journal().head().seq, seq);
  // Repaired and running: the planner may use it again.
  ASSERT_TRUE(Report(*rt, lathe, Timestamp{now.micros + 1'000'000}, "running", "").ok());
  changed = watcher.Tick(Timestamp{now.micros + 60'000'000});
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->back, std::vector<std::string>{lathe});
  EXPECT_TRUE(changed->repaired);
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
  auto seen = watcher.Tick(now);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->down.empty());
  EXPECT_FALSE(seen->repaired);
  EXPECT_EQ(rt->journal().head().seq, seq);
}

// Lyon works around the clock, without breaks or holidays: what the tests below expect of the
// plan must not depend on the hour or the date they run at.
Status AroundTheClock(runtime::Runtime& rt) {
  auto doc = ParseJson(R"({"id":"LYON-3X8","version":1,"scope":"LYON","shifts":[
      {"id":"day","days":[1,2,3,4,5,6,7],"start":"06:00","end":"18:00"},
      {"id":"night","days":[1,2,3,4,5,6,7],"start":"18:00","end":"06:00"}]})");
  return rt.Execute(plant::UpdateResource{model::Kind::kShiftCalendar, "LYON-3X8", *doc}, "test:engineer").status();
}

// Regressions from review.
class Watcher : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_ = test::OpenDemoPlant(dir_);
    ASSERT_TRUE(rt_);
    ASSERT_TRUE(AroundTheClock(*rt_).ok());
    ASSERT_TRUE(app::EnsureDemoOrders(*rt_, now_).ok());
    // The lathe whose next work (not what runs now) starts first.
    Timestamp first{INT64_MAX};
    rt_->Read([&](const plant::Plant& p) {
      for (const auto& [key, op] : p.state().planning.active->ops)
        if (op.work_unit.starts_with("LYON-LATHE-") && !Running(p.state(), key) && op.start < first) {
          first = op.start;
          lathe_ = op.work_unit;
        }
    });
    ASSERT_LT(first, Minutes(40)) << "the tests below expect lathe work within the first 40 minutes";
  }
  // Work planned on `unit` between `from` and `to`, other than what runs on it now: that stays,
  // and stops over a breakdown.
  bool AnythingOn(const std::string& unit, Timestamp from, Timestamp to) {
    return rt_->Read([&](const plant::Plant& p) {
      for (const auto& [key, op] : p.state().planning.active->ops)
        if (op.work_unit == unit && op.start < to && op.end > from && !Running(p.state(), key)) return true;
      return false;
    });
  }
  // Nothing in the active schedule but what runs on it now is planned on `unit` between `from` and `to`.
  void ExpectNothingOn(const std::string& unit, Timestamp from, Timestamp to) {
    rt_->Read([&](const plant::Plant& p) {
      for (const auto& [key, op] : p.state().planning.active->ops)
        if (op.work_unit == unit && op.start < to && op.end > from && !Running(p.state(), key))
          ADD_FAILURE() << key.first << "/" << key.second << " planned on " << unit << " while it is down";
    });
  }
  Timestamp Minutes(int m) const { return {now_.micros + m * 60'000'000LL}; }
  // The shafts' turning runs (13 of 40 reported). Looks at now, then three days past its slot
  // (past any holiday and tolerance) with no new counts; returns the end of the slot the repair
  // gave it.
  Timestamp RepairForTheShaftsOverrunning(BreakdownWatcher& watcher) {
    EXPECT_TRUE(watcher.Tick(now_).ok());
    const Timestamp later{Slot(kShafts).end.micros + 3 * 86'400'000'000LL};
    auto seen = watcher.Tick(later);
    EXPECT_TRUE(seen.ok() && seen->repaired);
    return Slot(kShafts).end;
  }
  Status Shafts(plant::OrderAction action, const char* body) {
    auto cmd = plant::production::DecodeCommand(action, kShafts.first, kShafts.second, *ParseJson(body));
    if (!cmd.ok()) return cmd.status();
    return rt_->Execute(std::move(cmd).value(), "test:terminal").status();
  }
  Status RecordDowntime(const std::string& unit, Timestamp from, Timestamp to) {
    plant::PlanningCommand cmd{
        plant::PlanAction::kRecordDowntime, unit, {from, to, plant::planning::DowntimeKind::kPlannedMaintenance}};
    return rt_->Execute(std::move(cmd), "test:maintenance").status();
  }
  Status ReportShafts(const char* counts) { return Shafts(plant::OrderAction::kReport, counts); }
  plant::planning::PlannedOperation Slot(const OpKey& key) {
    return rt_->Read([&](const plant::Plant& p) { return p.state().planning.active->ops.at(key); });
  }
  // What the model holds a running operation for at `at` (its rate and counts, or its planned time).
  int64_t Rest(const OpKey& key, Timestamp at) {
    return rt_->Read([&](const plant::Plant& p) {
      const auto& wo = *p.state().prod.Find(key.first);
      return RemainingSeconds(p.state(), wo, wo.operations[*plant::production::OperationIndex(wo, key.second)], at);
    });
  }

  test::TempDir dir_;
  std::unique_ptr<runtime::Runtime> rt_;
  const Timestamp now_ = plan::PlanningOrigin(WallNow());
  const OpKey kShafts{"WO-2611-001", "OP10"};
  std::string lathe_;
};

// The watcher judges at whole seconds, as the repair's model does: a stop that passes its
// threshold within the second is repaired for at the next second, never without the breakdown.
TEST_F(Watcher, JudgesAtTheSecondTheRepairPlansFrom) {
  const Timestamp since{Minutes(-15).micros + 300'000};  // 900 s are up at now + 0.3 s
  ASSERT_TRUE(AnythingOn(lathe_, {now_.micros + 1'000'000}, {since.micros + 3600'000'000LL}));
  ASSERT_TRUE(Report(*rt_, lathe_, since, "unplanned_stop", "E-205").ok());
  BreakdownWatcher watcher(*rt_);
  auto seen = watcher.Tick({now_.micros + 500'000});
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->down.empty());
  seen = watcher.Tick({now_.micros + 1'500'000});
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->down, std::vector<std::string>{lathe_});
  EXPECT_TRUE(seen->repaired);
  ExpectNothingOn(lathe_, {now_.micros + 1'000'000}, {since.micros + 3600'000'000LL});
}

// A breakdown seen while no schedule is active is repaired for once one is.
TEST_F(Watcher, ABreakdownWithoutAScheduleIsRepairedForLater) {
  test::TempDir dir;
  auto rt = test::OpenDemoPlant(dir);
  ASSERT_TRUE(rt);
  ASSERT_TRUE(AroundTheClock(*rt).ok());
  ASSERT_TRUE(Report(*rt, lathe_, Minutes(-20), "unplanned_stop", "E-205").ok());
  BreakdownWatcher watcher(*rt);
  auto seen = watcher.Tick(now_);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->down, std::vector<std::string>{lathe_});
  EXPECT_FALSE(seen->repaired);
  ASSERT_TRUE(app::EnsureDemoOrders(*rt, now_).ok());
  seen = watcher.Tick(Minutes(1));
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->down, std::vector<std::string>{lathe_});
  EXPECT_TRUE(seen->repaired);
}

// Losing contact with the machine (a Sparkplug node death) is not the machine running again.
TEST_F(Watcher, NoDataDoesNotEndABreakdown) {
  ASSERT_TRUE(Report(*rt_, lathe_, Minutes(-20), "unplanned_stop", "E-205").ok());
  BreakdownWatcher watcher(*rt_);
  ASSERT_TRUE(watcher.Tick(now_)->repaired);
  ASSERT_TRUE(Report(*rt_, lathe_, {now_.micros + 1'000'000}, "no_data", "").ok());
  const auto seq = rt_->journal().head().seq;
  auto seen = watcher.Tick(Minutes(1));
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->back.empty());
  EXPECT_FALSE(seen->repaired);
  EXPECT_EQ(rt_->journal().head().seq, seq);
  ASSERT_TRUE(Report(*rt_, lathe_, {now_.micros + 2'000'000}, "running", "").ok());
  seen = watcher.Tick(Minutes(2));
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->back, std::vector<std::string>{lathe_});
}

// A reading stamped ahead of the server's clock (allowed up to 5 minutes) has not happened yet.
TEST_F(Watcher, AReadingFromAheadDoesNotHideABreakdown) {
  ASSERT_TRUE(Report(*rt_, lathe_, Minutes(-20), "unplanned_stop", "E-205").ok());
  ASSERT_TRUE(Report(*rt_, lathe_, Timestamp{WallNow().micros + 120'000'000}, "unplanned_stop", "E-206").ok());
  BreakdownWatcher watcher(*rt_);
  auto seen = watcher.Tick(now_);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->down, std::vector<std::string>{lathe_});
}

// Still down when the repair assumed it back (ACME-MACHINE: an hour from the start of the stop):
// repaired again, for another replan_after_s.
TEST_F(Watcher, AStopThatOverrunsIsRepairedForAgain) {
  ASSERT_TRUE(Report(*rt_, lathe_, Minutes(-20), "unplanned_stop", "E-205").ok());
  BreakdownWatcher watcher(*rt_);
  ASSERT_TRUE(watcher.Tick(now_)->repaired);
  auto seen = watcher.Tick(Minutes(30));
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(seen->repaired);
  seen = watcher.Tick(Minutes(41));
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->down, std::vector<std::string>{lathe_});
  EXPECT_TRUE(seen->repaired);
  ExpectNothingOn(lathe_, Minutes(41), Minutes(56));
  rt_->Read([&](const plant::Plant& p) {
    bool covered = false;
    for (const auto& [from, to] : plant::planning::DowntimeAfter(p.state(), lathe_, Minutes(41)))
      covered |= from <= Minutes(41) && to >= Minutes(56);
    EXPECT_TRUE(covered);
  });
  EXPECT_FALSE(watcher.Tick(Minutes(42))->repaired);
}

// Late data showing the stop began earlier ends it no later than assumed: no new repair.
TEST_F(Watcher, LateDataThatMovesTheStartEarlierChangesNothing) {
  ASSERT_TRUE(Report(*rt_, lathe_, Minutes(-20), "unplanned_stop", "E-205").ok());
  BreakdownWatcher watcher(*rt_);
  ASSERT_TRUE(watcher.Tick(now_)->repaired);
  ASSERT_TRUE(Report(*rt_, lathe_, Minutes(-22), "unplanned_stop", "E-204").ok());
  auto seen = watcher.Tick(Minutes(1));
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->down.empty());
  EXPECT_FALSE(seen->repaired);
}

// A running operation still running three days after its slot (no new counts): the schedule is
// repaired around its new end, and not again while that end holds.
TEST_F(Watcher, ARunningOperationThatOverrunsIsRepairedFor) {
  const OpKey key = kShafts;
  const auto slot = rt_->Read([&](const plant::Plant& p) { return p.state().planning.active->ops.at(key); });
  BreakdownWatcher watcher(*rt_);
  auto seen = watcher.Tick(now_);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->late.empty());
  EXPECT_FALSE(seen->repaired);
  const Timestamp later{slot.end.micros + 3 * 86'400'000'000LL};  // past any holiday and tolerance
  seen = watcher.Tick(later);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->late, std::vector<std::string>{"WO-2611-001/OP10"});
  EXPECT_TRUE(seen->repaired);
  const auto moved = Slot(key);
  EXPECT_EQ(moved.work_unit, slot.work_unit);
  EXPECT_GE(moved.end.micros, later.micros + Rest(key, later) * 1'000'000);
  rt_->Read([&](const plant::Plant& p) {
    for (const auto& [k, op] : p.state().planning.active->ops)
      if (k != key && op.work_unit == moved.work_unit && op.start < moved.end)
        ADD_FAILURE() << k.first << "/" << k.second << " before the late operation ends";
  });
  seen = watcher.Tick({later.micros + 60'000'000});
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->late.empty());
  EXPECT_FALSE(seen->repaired);
}

// An operation that reports nothing is judged by its slot: not repaired again and again as the
// clock runs on (its rate would say it needs as long as ever), only once that slot has run out.
TEST_F(Watcher, AStalledOperationIsRepairedForOnceItsSlotRunsOut) {
  BreakdownWatcher watcher(*rt_);
  const Timestamp end = RepairForTheShaftsOverrunning(watcher);
  // A minute before its new slot ends, its rate projects it an order's worth of time later.
  ASSERT_GT(Rest(kShafts, {end.micros - 60'000'000}), 3600);
  const auto seq = rt_->journal().head().seq;
  auto seen = watcher.Tick({end.micros - 60'000'000});
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->late.empty());
  EXPECT_EQ(rt_->journal().head().seq, seq);
  seen = watcher.Tick({end.micros + 3 * 86'400'000'000LL});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->late, std::vector<std::string>{"WO-2611-001/OP10"});
  EXPECT_TRUE(seen->repaired);
}

// One piece left (three minutes at the rate) and never reported: its slot runs out again and
// again, but with the same counts it is repaired for an hour later, then two hours later.
TEST_F(Watcher, AnOperationThatKeepsOverrunningIsRepairedForLessOften) {
  BreakdownWatcher watcher(*rt_);
  ASSERT_TRUE(watcher.Tick(now_).ok());
  ASSERT_TRUE(ReportShafts(R"({"good":26})").ok());  // 39 of 40
  const Timestamp first{Slot(kShafts).end.micros + 3 * 86'400'000'000LL};
  ASSERT_TRUE(watcher.Tick(first)->repaired);
  auto at = [&](int minutes) { return Timestamp{first.micros + minutes * 60'000'000LL}; };
  auto seen = watcher.Tick(at(20));  // its new slot and the tolerance ran out
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->late.empty());
  EXPECT_FALSE(seen->repaired);
  seen = watcher.Tick(at(60));
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->repaired);
  seen = watcher.Tick(at(60 + 119));
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(seen->repaired);
  seen = watcher.Tick(at(60 + 120));
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->late, std::vector<std::string>{"WO-2611-001/OP10"});
  EXPECT_TRUE(seen->repaired);
}

// New counts are judged by the rate: one piece in the minute before the slot ends leaves far
// more to make than the slot has left.
TEST_F(Watcher, NewCountsAreJudgedByTheRate) {
  BreakdownWatcher watcher(*rt_);
  const Timestamp end = RepairForTheShaftsOverrunning(watcher);
  ASSERT_TRUE(watcher.Tick({end.micros - 120'000'000}).ok());  // the counts this schedule was made with
  ASSERT_TRUE(ReportShafts(R"({"good":1})").ok());
  auto seen = watcher.Tick({end.micros - 60'000'000});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->late, std::vector<std::string>{"WO-2611-001/OP10"});
  EXPECT_TRUE(seen->repaired);
}

// A pause does not make the watcher forget the counts the schedule was made with: a piece
// reported before it is still new after the operation resumes.
TEST_F(Watcher, CountsBeforeAPauseAreStillNewAfterIt) {
  BreakdownWatcher watcher(*rt_);
  const Timestamp end = RepairForTheShaftsOverrunning(watcher);
  ASSERT_TRUE(watcher.Tick({end.micros - 180'000'000}).ok());  // the counts this schedule was made with
  ASSERT_TRUE(ReportShafts(R"({"good":1})").ok());
  ASSERT_TRUE(Shafts(plant::OrderAction::kPause, R"({"reason":"break"})").ok());
  auto seen = watcher.Tick({end.micros - 120'000'000});
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->late.empty());  // paused: not judged
  ASSERT_TRUE(Shafts(plant::OrderAction::kResumeOperation, "{}").ok());
  seen = watcher.Tick({end.micros - 60'000'000});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->late, std::vector<std::string>{"WO-2611-001/OP10"});
}

// The tolerance is working time: maintenance right after the slot spends none of it.
TEST_F(Watcher, TheToleranceAfterASlotIsWorkingTime) {
  BreakdownWatcher watcher(*rt_);
  const Timestamp end = RepairForTheShaftsOverrunning(watcher);
  ASSERT_TRUE(RecordDowntime(Slot(kShafts).work_unit, end, {end.micros + 7200'000'000LL}).ok());
  auto seen = watcher.Tick({end.micros + 3600'000'000LL});
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->late.empty());
  seen = watcher.Tick({end.micros + 86'400'000'000LL});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->late, std::vector<std::string>{"WO-2611-001/OP10"});
}

// Downtime recorded ahead within its slot makes a running operation late: it stops over it.
TEST_F(Watcher, DowntimeAheadMakesARunningOperationLate) {
  const OpKey key = kShafts;
  const auto slot = Slot(key);
  ASSERT_GT(slot.end, Minutes(10));
  const Timestamp from = Minutes(10), to = Minutes(10 + 8 * 60);
  ASSERT_TRUE(RecordDowntime(slot.work_unit, from, to).ok());
  BreakdownWatcher watcher(*rt_);
  auto seen = watcher.Tick(Minutes(1));
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->late, std::vector<std::string>{"WO-2611-001/OP10"});
  EXPECT_TRUE(seen->repaired);
  EXPECT_GE(Slot(key).end.micros, to.micros + (slot.end.micros - from.micros));
}

// Nothing left to make: the operation waits for its completion, however long after its slot.
TEST_F(Watcher, AnOperationWithNothingLeftToMakeIsNeverLate) {
  BreakdownWatcher watcher(*rt_);
  ASSERT_TRUE(watcher.Tick(now_).ok());
  ASSERT_TRUE(ReportShafts(R"({"good":27})").ok());
  auto seen = watcher.Tick({Slot(kShafts).end.micros + 3 * 86'400'000'000LL});
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->late.empty());
  EXPECT_FALSE(seen->repaired);
}

}  // namespace
}  // namespace takt::plan
