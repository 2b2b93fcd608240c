// The plant adapter of the scheduler: the model of open work, activation, dispatch lists that
// follow the schedule, and a repair after a breakdown that keeps every unaffected operation.
#include "plan/plan.h"

#include <algorithm>
#include <limits>

#include "plant/calendar/shift_calendar.h"
#include "plant/planning/planning.h"
#include "plant/production/queries.h"
#include "schedule/checker.h"
#include "schedule/solver.h"
#include "unit/production_fixture.h"

namespace takt::test {
namespace {

class Planning : public ProductionFixture {
 protected:
  Timestamp Now() const { return Timestamp{now_}; }

  static plant::planning::ScheduleKind Kind(std::string_view kind) {
    return kind == "repair" ? plant::planning::ScheduleKind::kRepair : plant::planning::ScheduleKind::kPlan;
  }
  Status Activate(plant::planning::ActivateSchedule schedule) {
    plant::PlanningCommand cmd{plant::PlanAction::kActivateSchedule};
    cmd.schedule = std::move(schedule);
    return Run(std::move(cmd));
  }
  // A downtime record of `unit` over [from, to).
  Status Downtime(const std::string& unit, Timestamp from, Timestamp to, plant::planning::DowntimeKind kind) {
    return Run(plant::PlanningCommand{plant::PlanAction::kRecordDowntime, unit, {from, to, kind}});
  }

  // Solves the model and activates the result through the plant, as the HTTP route does.
  void SolveAndActivate(plan::Model& m, const char* kind, plan::Scope scope = {}) {
    auto s = schedule::Solve(m.problem, {.time_limit_s = 5,
                                         .seed = 1,
                                         .threads = 1,
                                         .max_iterations = 300,
                                         .objective = {.makespan_weight = 1, .tardiness_weight = 1}});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE(schedule::CheckSchedule(m.problem, *s).ok()) << schedule::CheckSchedule(m.problem, *s).message();
    solved_ = *s;
    ASSERT_TRUE(Activate(plan::Activation(m, *s, Kind(kind), scope)).ok());
  }

  // One lathe (WU2 retired) whose class has a setup matrix of `rules`, and per setup family a
  // one-step product PD-<family> of `run_s` per unit.
  void OneLatheWithFamilies(const std::string& rules, std::initializer_list<std::pair<std::string, int>> families) {
    ASSERT_TRUE(Create(model::Kind::kSetupMatrix, R"({"id":"SM-LATHE","rules":[)" + rules + "]}").ok());
    ASSERT_TRUE(Update(model::Kind::kEquipmentClass, "LATHE", R"({"version":1,"setup_matrix":"SM-LATHE"})").ok());
    ASSERT_TRUE(Run(plant::RetireResource{model::Kind::kEquipment, "WU2", std::nullopt}).ok());
    for (const auto& [f, run_s] : families) {
      ASSERT_TRUE(Create(model::Kind::kMaterialDefinition, R"({"id":"PART-)" + f + R"(","uom":"pcs"})").ok());
      ASSERT_TRUE(Create(model::Kind::kProductDefinition,
                         R"({"id":"PD-)" + f + R"(","product":"PART-)" + f +
                             R"(","routing":[{"id":"OP10","equipment_class":"LATHE","run_time_per_unit_s":)" +
                             std::to_string(run_s) + R"(,"setup_family":")" + f + R"("}]})")
                      .ok());
    }
  }
  // A released order of one part of `family`.
  void FamilyOrder(const std::string& id, const std::string& family) {
    ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                     R"({"id":")" + id + R"(","product_definition":"PD-)" + family + R"(","quantity":1,"due":")" +
                         Day(3) + R"(","site":"SITE"})")
                    .ok());
    ASSERT_TRUE(Prod(OrderAction::kRelease, id, "", "{}").ok());
  }

  // A supervisor's move of an operation (a drag in the Gantt).
  Status Fix(const std::string& order, const std::string& op, const std::string& unit, Timestamp start) {
    plant::PlanningCommand cmd{plant::PlanAction::kFixOperation};
    cmd.fix = {order, op, unit, start};
    return Run(std::move(cmd));
  }
  const plant::planning::PlannedOperation& Slot(const std::string& order, const std::string& op) const {
    return plant_.state().planning.active->ops.at({order, op});
  }
  // A restored snapshot and a replay of every event give the same plant.
  void ExpectSameAfterRestart() {
    auto restored = plant::Plant::Restore(plant_.Snapshot());
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    EXPECT_EQ((*restored)->Snapshot(), plant_.Snapshot());
    plant::Plant replayed;
    for (const Event& e : events_) ASSERT_TRUE(replayed.Apply(e).ok()) << e.type;
    EXPECT_EQ(replayed.Snapshot(), plant_.Snapshot());
  }

  schedule::Schedule solved_;
};

// A wild run rate saturates what is left of a running operation at kLongestSeconds, so the
// schedule's sums of times cannot overflow; NaN is no time.
TEST(PlanningTime, WhatIsLeftOfARunningOperationSaturates) {
  const plant::State st;
  plant::production::WorkOrder wo;
  wo.quantity = *Quantity::FromDouble(1e9);
  plant::production::Operation op;
  op.status = plant::production::OpStatus::kRunning;
  op.run_time_per_unit_s = 1e300;
  EXPECT_EQ(plan::RemainingSeconds(st, wo, op, Timestamp{0}), plan::kLongestSeconds);
  op.run_time_per_unit_s = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(plan::RemainingSeconds(st, wo, op, Timestamp{0}), 0);
}

TEST_F(Planning, ModelHoldsOpenOperationsOnEligibleUnits) {
  ReleasedOrder("WO1", 10);
  ReleasedOrder("WO2", 4);
  ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                   R"({"id":"WO3","product_definition":"PD-SHAFT","quantity":1,"due":"2026-12-01","site":"SITE"})")
                  .ok());  // created, not released: not scheduled
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  ASSERT_EQ(m.problem.jobs.size(), 2u);
  const auto& wo1 = m.problem.jobs[0];
  ASSERT_EQ(wo1.operations.size(), 3u);
  ASSERT_TRUE(wo1.operations[0].fixed);  // running on WU
  EXPECT_EQ(m.units[wo1.operations[0].fixed->machine], "WU");
  EXPECT_EQ(wo1.operations[1].alternatives.size(), 2u);        // OP20: WU or WU2 (lathes)
  EXPECT_EQ(wo1.operations[1].alternatives[0].duration, 300);  // 30 s x 10
  EXPECT_EQ(wo1.operations[2].alternatives.size(), 1u);        // OP30: the assembly cell
  EXPECT_EQ(m.problem.jobs[1].operations[0].alternatives[0].duration, 600 + 60 * 4);
  EXPECT_EQ(m.problem.jobs[1].due, 3 * 86400 - 4);  // Day(3) was read four commands (seconds) ago
}

// Monday 21 September 2026, 14:13 UTC (16:13 in Paris): with a day shift of 06:00-14:00 local,
// nothing can run before Tuesday 04:00 UTC, and every planned operation lies inside the shift.
TEST_F(Planning, ShiftCalendarsAreDowntime) {
  ASSERT_TRUE(Create(model::Kind::kShiftCalendar, R"({"id":"DAYS","scope":"SITE","shifts":[
    {"id":"day","days":[1,2,3,4,5],"start":"06:00","end":"14:00","breaks":[{"start":"10:00","end":"10:30"}]}]})")
                  .ok());
  ReleasedOrder("WO1", 10);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  ASSERT_FALSE(m.problem.downtime.empty());
  size_t wu = std::find(m.units.begin(), m.units.end(), "WU") - m.units.begin();
  ASSERT_LT(wu, m.units.size());
  const auto& down = m.problem.downtime[wu];
  ASSERT_FALSE(down.empty());
  int64_t tuesday_0400 = ParseIso8601("2026-09-22T04:00:00Z")->micros;
  EXPECT_EQ(down[0].start, 0);
  EXPECT_EQ(down[0].end, (tuesday_0400 - now_ + 999'999) / 1'000'000);
  SolveAndActivate(m, "plan");
  for (const auto& [key, op] : plant_.state().planning.active->ops) {
    auto segs = plant::calendar::Expand(plant_.state().md.shift_calendars.at("DAYS"), "Europe/Paris", op.start,
                                        Timestamp{op.start.micros + 1});
    ASSERT_TRUE(segs.ok());
    EXPECT_EQ(segs->front().kind, plant::calendar::Planned::kWorking) << key.first << "/" << key.second;
  }
}

// Working time (what a running operation is credited with) leaves out breaks, off-shift time and
// recorded downtime, and only what falls inside the window. Paris is UTC+2 in September.
TEST_F(Planning, WorkingTimeLeavesOutBreaksOffShiftAndDowntime) {
  ASSERT_TRUE(Create(model::Kind::kShiftCalendar, R"({"id":"DAYS","scope":"SITE","shifts":[
    {"id":"day","days":[1,2,3,4,5],"start":"06:00","end":"14:00","breaks":[{"start":"10:00","end":"10:30"}]}]})")
                  .ok());
  ASSERT_TRUE(Downtime("WU", *ParseIso8601("2026-09-22T09:00:00Z"), *ParseIso8601("2026-09-22T09:30:00Z"),
                       plant::planning::DowntimeKind::kPlannedMaintenance)
                  .ok());
  auto at = [](const char* t) { return *ParseIso8601(t); };
  constexpr int64_t kMinute = 60'000'000;
  // Shift 04:00-12:00 UTC, break 08:00-08:30, maintenance 09:00-09:30.
  EXPECT_EQ(
      plant::planning::WorkingMicros(plant_.state(), "WU", at("2026-09-22T03:00:00Z"), at("2026-09-22T11:00:00Z")),
      6 * 60 * kMinute);
  EXPECT_EQ(
      plant::planning::WorkingMicros(plant_.state(), "WU", at("2026-09-22T04:00:00Z"), at("2026-09-22T08:45:00Z")),
      (4 * 60 + 15) * kMinute);
  EXPECT_EQ(
      plant::planning::WorkingMicros(plant_.state(), "WU", at("2026-09-22T09:15:00Z"), at("2026-09-22T09:20:00Z")), 0);
}

TEST_F(Planning, DispatchListsFollowTheActiveSchedule) {
  ReleasedOrder("WO1", 10);  // priority 500, due in 3 days
  ASSERT_TRUE(Prod(OrderAction::kCreate, "", "",
                   R"({"id":"WO2","product_definition":"PD-SHAFT","quantity":2,"due":")" + Day(1) +
                       R"(","site":"SITE","priority":100})")
                  .ok());
  ASSERT_TRUE(Prod(OrderAction::kRelease, "WO2", "", "{}").ok());
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  ASSERT_TRUE(plant_.state().planning.active);
  EXPECT_EQ(plant_.state().planning.active->ops.size(), 6u);
  // Each lathe's list shows only what is planned on it, in planned order.
  for (const char* unit : {"WU", "WU2"}) {
    auto list = plant::production::Dispatch(plant_.state(), {"", unit});
    ASSERT_TRUE(list.ok());
    Timestamp previous{0};
    for (const auto& item : list->items) {
      EXPECT_EQ(item.scheduled_unit, unit);
      ASSERT_TRUE(item.scheduled_start);
      EXPECT_LE(previous, *item.scheduled_start);
      previous = *item.scheduled_start;
    }
  }
  auto view = plant::planning::CurrentSchedule(plant_.state());
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->orders.size(), 2u);
  EXPECT_TRUE(view->orders[0].on_time);
}

// A breakdown on one lathe: every operation the breakdown does not reach keeps its unit and
// start; the ones it reaches move out of the downtime; the result is a valid schedule.
TEST_F(Planning, RepairAfterABreakdownKeepsEveryUnaffectedOperation) {
  for (int i = 0; i < 8; ++i) ReleasedOrder("WO" + std::to_string(i), 2 + i);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  const auto before = plant_.state().planning.active->ops;
  // WU breaks down for two hours, starting ten minutes from now.
  Timestamp down_from{now_ + 600'000'000}, down_to{now_ + 7'800'000'000};
  ASSERT_TRUE(Downtime("WU", down_from, down_to, plant::planning::DowntimeKind::kBreakdown).ok());
  plan::Model r = plan::BuildModel(plant_.state(), Now());
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r);
  EXPECT_GT(scope.moved, 0);
  EXPECT_GT(scope.kept, 0);
  SolveAndActivate(r, "repair", scope);
  const auto& after = plant_.state().planning.active->ops;
  ASSERT_EQ(after.size(), before.size());
  int kept = 0;
  for (size_t j = 0; j < r.problem.jobs.size(); ++j)
    for (size_t k = 0; k < r.problem.jobs[j].operations.size(); ++k) {
      const auto& key = std::pair(r.ops[j][k].order, r.ops[j][k].operation);
      const auto& was = before.at(key);
      const auto& now = after.at(key);
      if (r.problem.jobs[j].operations[k].fixed) {  // unaffected: exactly where it was
        EXPECT_EQ(now.work_unit, was.work_unit) << key.first << " " << key.second;
        EXPECT_EQ(now.start, was.start) << key.first << " " << key.second;
        ++kept;
      }
      if (now.work_unit == "WU") {  // nothing on the broken lathe overlaps the breakdown
        EXPECT_TRUE(now.end <= down_from || now.start >= down_to) << key.first << " " << key.second;
      }
    }
  EXPECT_EQ(kept, scope.kept);
  EXPECT_EQ(plant_.state().planning.active->kind, "repair");
  // The repaired schedule survives a restart.
  auto restored = plant::Plant::Restore(plant_.Snapshot());
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ((*restored)->state().planning.active->ops.size(), after.size());
}

// A unit back from a breakdown: a repair frees what is planned on it (and what follows that),
// so work pushed out may come back in; the rest keeps its slot.
TEST_F(Planning, RepairFreesTheWorkOfAUnitThatIsBack) {
  for (int i = 0; i < 6; ++i) ReleasedOrder("WO" + std::to_string(i), 2 + i);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  plan::Model r = plan::BuildModel(plant_.state(), Now());
  plan::Model plain = r;
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r, INT64_MAX, {"WU"});
  plan::Scope plain_scope = plan::FreezeUnaffected(plant_.state(), plain);
  int on_wu = 0;
  for (size_t j = 0; j < r.problem.jobs.size(); ++j) {
    bool freed = false;
    for (size_t k = 0; k < r.problem.jobs[j].operations.size(); ++k) {
      const auto* planned = plant::planning::Planned(plant_.state(), r.ops[j][k].order, r.ops[j][k].operation);
      ASSERT_NE(planned, nullptr);
      const bool fixed = r.problem.jobs[j].operations[k].fixed.has_value();
      if (planned->work_unit == "WU") {
        EXPECT_FALSE(fixed) << r.ops[j][k].order << " " << r.ops[j][k].operation;
      }
      on_wu += planned->work_unit == "WU";
      freed |= !fixed;
      EXPECT_FALSE(freed && fixed) << "a fixed operation after a free one";
      if (fixed) {  // kept with the unit freed: kept, in the same slot, without
        const auto& was = plain.problem.jobs[j].operations[k].fixed;
        ASSERT_TRUE(was.has_value());
        EXPECT_EQ(was->machine, r.problem.jobs[j].operations[k].fixed->machine);
        EXPECT_EQ(was->start, r.problem.jobs[j].operations[k].fixed->start);
      }
    }
  }
  EXPECT_GT(on_wu, 0);
  EXPECT_GE(scope.moved, on_wu);
  EXPECT_GT(scope.kept, 0);
  EXPECT_GT(plain_scope.kept, scope.kept);
}

// Regressions from review.
TEST_F(Planning, RepairFreesEverythingAfterAnOperationWhoseUnitWasRetired) {
  for (int i = 0; i < 4; ++i) ReleasedOrder("WO" + std::to_string(i), 3);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  ASSERT_TRUE(Run(plant::RetireResource{model::Kind::kEquipment, "WU2", std::nullopt}).ok());
  plan::Model r = plan::BuildModel(plant_.state(), Now());
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r);
  for (const auto& job : r.problem.jobs) {
    bool freed = false;
    for (const auto& op : job.operations) {
      if (!op.fixed) freed = true;
      EXPECT_FALSE(freed && op.fixed) << "a fixed operation after a free one";
    }
  }
  EXPECT_GT(scope.moved, 0);
  SolveAndActivate(r, "repair", scope);
  for (const auto& [key, op] : plant_.state().planning.active->ops) EXPECT_NE(op.work_unit, "WU2");
}

TEST_F(Planning, RunningWorkKeepsItsUnitAndPausesOverABreakdown) {
  ReleasedOrder("WO1", 10);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  // No unit can run OP30 any more: the order cannot be planned past OP20, but OP10 still holds WU.
  ASSERT_TRUE(Run(plant::RetireResource{model::Kind::kEquipment, "WU-ASM", std::nullopt}).ok());
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  ASSERT_EQ(m.problem.jobs.size(), 1u);
  ASSERT_EQ(m.problem.jobs[0].operations.size(), 2u);
  EXPECT_TRUE(m.problem.jobs[0].operations[0].fixed);
  EXPECT_TRUE(m.problem.jobs[0].operations[0].may_pause);
  ASSERT_EQ(m.unschedulable.size(), 1u);
  // Downtime records a fraction of a second apart, which whole seconds would make overlap.
  for (auto [from, to] : {std::pair{10'200'000, 10'400'000}, {10'600'000, 12'000'000}})
    ASSERT_TRUE(Downtime("WU2", Timestamp{now_ + from}, Timestamp{now_ + to},
                         plant::planning::DowntimeKind::kPlannedMaintenance)
                    .ok());
  plan::Model d = plan::BuildModel(plant_.state(), Timestamp{now_ - 2'000'000});
  auto s = schedule::Solve(d.problem, {.time_limit_s = 1, .max_iterations = 50});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
}

// A plan with a frozen horizon: what the active schedule starts within the next hour stays as
// the shop floor was told; everything later is planned afresh.
TEST_F(Planning, AFrozenHorizonKeepsWhatStartsSoon) {
  for (int i = 0; i < 8; ++i) ReleasedOrder("WO" + std::to_string(i), 2 + i);
  const Timestamp at = Now();
  plan::Model m = plan::BuildModel(plant_.state(), at);
  SolveAndActivate(m, "plan");
  const auto before = plant_.state().planning.active->ops;
  int soon = 0;
  for (const auto& [key, op] : before) soon += op.start.micros < at.micros + 3'600'000'000;
  ASSERT_GT(soon, 0);
  ASSERT_LT(soon, static_cast<int>(before.size()));
  plan::Model r = plan::BuildModel(plant_.state(), at);
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r, 3600);
  EXPECT_EQ(scope.kept, soon);
  EXPECT_EQ(scope.moved, static_cast<int>(before.size()) - soon);
  SolveAndActivate(r, "plan", scope);
  for (const auto& [key, op] : before)
    if (op.start.micros < at.micros + 3'600'000'000) {
      EXPECT_EQ(plant_.state().planning.active->ops.at(key).start, op.start) << key.first << " " << key.second;
      EXPECT_EQ(plant_.state().planning.active->ops.at(key).work_unit, op.work_unit);
    }
}

TEST_F(Planning, KeptOperationsStayToTheSecondWhateverTheFraction) {
  for (int i = 0; i < 3; ++i) ReleasedOrder("WO" + std::to_string(i), 2);
  const int64_t second = now_;  // plan and repair within this second, at different fractions
  plan::Model m = plan::BuildModel(plant_.state(), Timestamp{second + 300'000});
  SolveAndActivate(m, "plan");
  const auto before = plant_.state().planning.active->ops;
  plan::Model r = plan::BuildModel(plant_.state(), Timestamp{second + 700'000});
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r);
  EXPECT_EQ(scope.moved, 0);
  SolveAndActivate(r, "repair", scope);
  for (const auto& [key, op] : plant_.state().planning.active->ops) EXPECT_EQ(op.start, before.at(key).start);
}

// One lathe whose changeovers between setup families take an hour: four orders, two red and
// two blue, are planned as two runs with one changeover, and every start leaves room for the
// changeover from what ran before it, including what the lathe ran last.
TEST_F(Planning, ChangeoversGroupOperationsOfTheSameFamily) {
  OneLatheWithFamilies(R"({"from":"*","to":"*","setup_time_s":3600})", {{"RED", 60}, {"BLUE", 60}});
  for (const char* id : {"R1", "B1", "R2", "B2"}) FamilyOrder(id, id[0] == 'R' ? "RED" : "BLUE");
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  ASSERT_FALSE(m.problem.setups.empty());
  const int wu = static_cast<int>(std::find(m.units.begin(), m.units.end(), "WU") - m.units.begin());
  auto cls = [&](const char* order) {
    for (size_t j = 0; j < m.ops.size(); ++j)
      if (m.ops[j][0].order == order) return m.problem.SetupClass(static_cast<int>(j), 0);
    return -1;
  };
  EXPECT_EQ(cls("R1"), cls("R2"));
  EXPECT_EQ(m.problem.Setup(wu, cls("R1"), cls("B1")), 3600);
  EXPECT_EQ(m.problem.Setup(wu, cls("R1"), cls("R2")), 0);
  EXPECT_EQ(m.problem.Setup(wu, -1, cls("R1")), 3600);  // nothing known ran on it: a changeover
  SolveAndActivate(m, "plan");
  std::vector<std::pair<Timestamp, std::string>> run;  // start, order
  for (const auto& [key, op] : plant_.state().planning.active->ops) run.push_back({op.start, key.first});
  std::sort(run.begin(), run.end());
  ASSERT_EQ(run.size(), 4u);
  int changes = 0;
  for (size_t i = 1; i < run.size(); ++i) {
    const bool change = run[i].second[0] != run[i - 1].second[0];
    changes += change;
    const auto& before = plant_.state().planning.active->ops.at({run[i - 1].second, "OP10"});
    EXPECT_GE(run[i].first.micros - before.end.micros, change ? 3'600'000'000 : 0) << run[i].second;
  }
  EXPECT_EQ(changes, 1);
  // The schedule says where the changeovers fall: before the first run (the lathe's state is
  // unknown) and between the runs; the dispatch list shows it with each planned operation.
  const auto& active = plant_.state().planning.active->ops;
  EXPECT_EQ(active.at({run[0].second, "OP10"}).changeover_s, 3600);
  int64_t total = 0;
  for (const auto& [key, op] : active) total += op.changeover_s;
  EXPECT_EQ(total, 2 * 3600);
  auto list = plant::production::Dispatch(plant_.state(), {"", "WU"});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->items[0].scheduled_changeover_s, 3600);
  // Once a red order runs, the lathe is set up for red: no changeover before red work.
  ASSERT_TRUE(Prod(OrderAction::kStart, "R1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  plan::Model after = plan::BuildModel(plant_.state(), Now());
  const int wu2 = static_cast<int>(std::find(after.units.begin(), after.units.end(), "WU") - after.units.begin());
  for (size_t j = 0; j < after.ops.size(); ++j) {
    const int c = after.problem.SetupClass(static_cast<int>(j), 0);
    EXPECT_EQ(after.problem.Setup(wu2, -1, c), after.ops[j][0].order[0] == 'R' ? 0 : 3600) << after.ops[j][0].order;
  }
  // A repair keeps only slots that still leave room for their changeover, and checks out.
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), after);
  EXPECT_EQ(scope.kept + scope.moved, 4);
  SolveAndActivate(after, "repair", scope);
}

// The most specific rule wins: both families named, then the one changed from, then the one
// changed to, then "*" to "*"; staying in a family costs nothing without a rule of its own.
TEST_F(Planning, TheMostSpecificChangeoverRuleWins) {
  OneLatheWithFamilies(R"({"from":"*","to":"*","setup_time_s":100},{"from":"*","to":"BLUE","setup_time_s":200},
      {"from":"RED","to":"*","setup_time_s":300},{"from":"RED","to":"BLUE","setup_time_s":400})",
                       {{"RED", 60}, {"BLUE", 60}, {"GREEN", 60}});
  for (const char* f : {"RED", "BLUE", "GREEN"}) FamilyOrder(std::string("O-") + f, f);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  const int wu = static_cast<int>(std::find(m.units.begin(), m.units.end(), "WU") - m.units.begin());
  auto cls = [&](const std::string& f) {
    for (size_t j = 0; j < m.ops.size(); ++j)
      if (m.ops[j][0].order == "O-" + f) return m.problem.SetupClass(static_cast<int>(j), 0);
    return -1;
  };
  EXPECT_EQ(m.problem.Setup(wu, cls("RED"), cls("BLUE")), 400);
  EXPECT_EQ(m.problem.Setup(wu, cls("RED"), cls("GREEN")), 300);
  EXPECT_EQ(m.problem.Setup(wu, cls("GREEN"), cls("BLUE")), 200);
  EXPECT_EQ(m.problem.Setup(wu, cls("BLUE"), cls("GREEN")), 100);
  EXPECT_EQ(m.problem.Setup(wu, cls("RED"), cls("RED")), 0);
  EXPECT_EQ(m.problem.Setup(wu, -1, cls("BLUE")), 200);  // nothing known ran on it: from "*"
  EXPECT_EQ(m.problem.Setup(wu, -1, cls("GREEN")), 100);
}

// Regression from review: a rule from a family to itself (cleaning between batches) must not
// fall on the operation already running in that family, or nothing could be planned.
TEST_F(Planning, ASelfChangeoverDoesNotFallOnTheRunningOperation) {
  OneLatheWithFamilies(R"({"from":"RED","to":"RED","setup_time_s":600})", {{"RED", 60}});
  for (const char* id : {"R1", "R2"}) FamilyOrder(id, "RED");
  ASSERT_TRUE(Prod(OrderAction::kStart, "R1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  // R1 runs on without a second changeover; R2 follows it on WU after its cleaning.
  const auto& r1 = plant_.state().planning.active->ops.at({"R1", "OP10"});
  const auto& r2 = plant_.state().planning.active->ops.at({"R2", "OP10"});
  EXPECT_EQ(r1.changeover_s, 0);
  EXPECT_EQ(r2.changeover_s, 600);
  EXPECT_GE(r2.start.micros - r1.end.micros, 600'000'000);
}

// Regression from review: an operation with nothing left to run and one that starts with it on
// the same unit. The changeover falls where the checker sees the order: the running one first.
TEST_F(Planning, AChangeoverIsNotChargedToARunningOperationOnATie) {
  OneLatheWithFamilies(R"({"from":"BLUE","to":"RED","setup_time_s":900})", {{"RED", 0}, {"BLUE", 60}});
  FamilyOrder("B1", "BLUE");  // B1 comes first among the jobs
  FamilyOrder("R1", "RED");
  ASSERT_TRUE(Prod(OrderAction::kStart, "R1", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  const auto& ops = plant_.state().planning.active->ops;
  EXPECT_EQ(ops.at({"R1", "OP10"}).changeover_s, 0);
  EXPECT_EQ(ops.at({"B1", "OP10"}).changeover_s, 0);  // red to blue needs none
}

// Regression from review: a schedule computed before downtime, new order dates or another
// schedule came in is refused, not activated over them.
TEST_F(Planning, AStaleScheduleIsRefused) {
  for (int i = 0; i < 3; ++i) ReleasedOrder("WO" + std::to_string(i), 2);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  auto s = schedule::Solve(m.problem, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 300});
  ASSERT_TRUE(s.ok());
  const Timestamp from{now_}, to{now_ + 2 * 86'400'000'000LL};
  ASSERT_TRUE(Downtime("WU", from, to, plant::planning::DowntimeKind::kBreakdown).ok());
  Status stale = Activate(plan::Activation(m, *s, plant::planning::ScheduleKind::kPlan, {}));
  EXPECT_EQ(stale.code(), Code::kConflict);
  EXPECT_EQ(stale.field(), "revision");
  EXPECT_FALSE(plant_.state().planning.active);
  // Built again after the breakdown, it goes through; a reschedule makes it stale once more.
  plan::Model again = plan::BuildModel(plant_.state(), Now());
  auto s2 = schedule::Solve(again.problem, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 300});
  ASSERT_TRUE(s2.ok());
  ASSERT_TRUE(
      Prod(OrderAction::kReschedule, "WO1", "", R"({"earliest_start":")" + Day(1) + R"(","reason":"late"})").ok());
  EXPECT_EQ(Activate(plan::Activation(again, *s2, plant::planning::ScheduleKind::kPlan, {})).code(), Code::kConflict);
  plan::Model fresh = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(fresh, "plan");
  EXPECT_TRUE(plant_.state().planning.active);
  auto restored = plant::Plant::Restore(plant_.Snapshot());  // the revision survives a restart
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ((*restored)->state().planning.revision, plant_.state().planning.revision);
  // Snapshots from before the revision existed are refused, so the runtime replays the journal.
  std::string old = plant_.Snapshot();
  const auto at = old.find("\"format\":6");
  ASSERT_NE(at, std::string::npos);
  old.replace(at, 10, "\"format\":3");
  EXPECT_FALSE(plant::Plant::Restore(old).ok());
  // A new shift calendar during the solve makes it stale; new dates for an order that is only
  // created (not planned) do not.
  plan::Model before_calendar = plan::BuildModel(plant_.state(), Now());
  auto s3 =
      schedule::Solve(before_calendar.problem, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 300});
  ASSERT_TRUE(s3.ok());
  ASSERT_TRUE(Create(model::Kind::kShiftCalendar, R"({"id":"DAYS","scope":"SITE","shifts":[
    {"id":"day","days":[1,2,3,4,5],"start":"06:00","end":"14:00"}]})")
                  .ok());
  EXPECT_EQ(Activate(plan::Activation(before_calendar, *s3, plant::planning::ScheduleKind::kPlan, {})).field(),
            "revision");
  plan::Model after_calendar = plan::BuildModel(plant_.state(), Now());
  auto s4 =
      schedule::Solve(after_calendar.problem, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 300});
  ASSERT_TRUE(s4.ok());
  ASSERT_TRUE(
      Prod(OrderAction::kCreate, "", "",
           R"({"id":"WO9","product_definition":"PD-SHAFT","quantity":1,"due":")" + Day(3) + R"(","site":"SITE"})")
          .ok());
  ASSERT_TRUE(Prod(OrderAction::kReschedule, "WO9", "", R"({"priority":1,"reason":"not released yet"})").ok());
  EXPECT_TRUE(Activate(plan::Activation(after_calendar, *s4, plant::planning::ScheduleKind::kPlan, {})).ok());
}

// Regression from review: work that moves on while the planner computes. An operation started
// on another unit than planned, and the pending work of an order put on hold, lose their slots.
TEST_F(Planning, AssignmentsOvertakenByTheShopFloorAreDropped) {
  ReleasedOrder("WO1", 2);
  ReleasedOrder("WO2", 2);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  auto s = schedule::Solve(m.problem, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 300});
  ASSERT_TRUE(s.ok());
  auto slot = [&](const char* order, const char* op) {
    for (size_t j = 0; j < m.ops.size(); ++j)
      for (size_t k = 0; k < m.ops[j].size(); ++k)
        if (m.ops[j][k].order == order && m.ops[j][k].operation == op) return m.units[s->jobs[j][k].machine];
    return std::string();
  };
  const std::string other = slot("WO1", "OP10") == "WU" ? "WU2" : "WU";
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "OP10", R"({"work_unit":")" + other + R"(","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kHold, "WO2", "", R"({"reason":"drawing revision"})").ok());
  ASSERT_TRUE(Activate(plan::Activation(m, *s, plant::planning::ScheduleKind::kPlan, {})).ok());
  const auto& ops = plant_.state().planning.active->ops;
  EXPECT_FALSE(ops.count({"WO1", "OP10"}));  // runs on the other unit now
  EXPECT_TRUE(ops.count({"WO1", "OP20"}));
  for (const char* op : {"OP10", "OP20", "OP30"}) EXPECT_FALSE(ops.count({"WO2", op})) << op;
}

// Material for an order under way arrives a day late: its running operation stays where it is,
// the rest waits for the new earliest start, and a repair keeps the other orders in place.
TEST_F(Planning, LateMaterialHoldsBackOnlyWhatHasNotStarted) {
  for (int i = 0; i < 3; ++i) ReleasedOrder("WO" + std::to_string(i), 2);
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO0", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  const Timestamp at = Now();
  plan::Model m = plan::BuildModel(plant_.state(), at);
  SolveAndActivate(m, "plan");
  const Timestamp tomorrow = *ParseIso8601(Day(1));
  ASSERT_TRUE(Prod(OrderAction::kReschedule, "WO0", "",
                   R"({"earliest_start":")" + FormatIso8601(tomorrow) + R"(","reason":"late seals"})")
                  .ok());
  plan::Model r = plan::BuildModel(plant_.state(), at);
  ASSERT_EQ(r.ops[0][0].order, "WO0");
  EXPECT_EQ(r.problem.jobs[0].operations[0].release, 0);  // running: fixed, not held back
  EXPECT_TRUE(r.problem.jobs[0].operations[0].fixed);
  const int64_t day = tomorrow.micros / 1'000'000 - at.micros / 1'000'000;
  EXPECT_EQ(r.problem.jobs[0].operations[1].release, day);
  const auto before = plant_.state().planning.active->ops;
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r);
  EXPECT_GE(scope.moved, 2);  // WO0's OP20 and OP30
  SolveAndActivate(r, "repair", scope);
  const auto& after = plant_.state().planning.active->ops;
  EXPECT_GE(after.at({"WO0", "OP20"}).start, tomorrow);
  for (size_t j = 0; j < r.problem.jobs.size(); ++j)
    for (size_t k = 0; k < r.problem.jobs[j].operations.size(); ++k)
      if (r.problem.jobs[j].operations[k].fixed) {
        const auto key = std::pair(r.ops[j][k].order, r.ops[j][k].operation);
        EXPECT_EQ(after.at(key).start, before.at(key).start) << key.first << " " << key.second;
      }
}

// A routing with two branches becomes a job whose operations form a tree: the branches run in
// parallel on the two lathes, the assembly after both, and a repair with nothing disrupted
// keeps all three (a branch that starts before the other ends is not late).
TEST_F(Planning, RoutingBranchesArePlannedInParallelAndKeptByARepair) {
  PumpOrder("WO1", 10);
  const Timestamp at = Now();
  plan::Model m = plan::BuildModel(plant_.state(), at);
  ASSERT_EQ(m.problem.jobs.size(), 1u);
  const auto& ops = m.problem.jobs[0].operations;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].predecessors, std::vector<int>{});
  EXPECT_EQ(ops[1].predecessors, std::vector<int>{});
  EXPECT_EQ(ops[2].predecessors, (std::vector<int>{0, 1}));
  SolveAndActivate(m, "plan");
  const auto plan = plant_.state().planning.active->ops;
  const auto& housing = plan.at({"WO1", "HOUSING"});
  const auto& shaft = plan.at({"WO1", "SHAFT"});
  const auto& assembly = plan.at({"WO1", "ASSEMBLY"});
  EXPECT_NE(housing.work_unit, shaft.work_unit);
  EXPECT_TRUE(shaft.start < housing.end && housing.start < shaft.end) << "the branches overlap in time";
  EXPECT_GE(assembly.start, std::max(housing.end, shaft.end));
  plan::Model r = plan::BuildModel(plant_.state(), at);
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r);
  EXPECT_EQ(scope.moved, 0);
  EXPECT_EQ(scope.kept, 3);
  // Once the housing is done, the model keeps the shaft and the assembly, which waits only for it.
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO1", "HOUSING", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  ASSERT_TRUE(Prod(OrderAction::kReport, "WO1", "HOUSING", R"({"good":10})").ok());
  ASSERT_TRUE(Prod(OrderAction::kComplete, "WO1", "HOUSING", "{}").ok());
  plan::Model later = plan::BuildModel(plant_.state(), Now());
  ASSERT_EQ(later.problem.jobs[0].operations.size(), 2u);
  EXPECT_EQ(later.ops[0][0].operation, "SHAFT");
  EXPECT_EQ(later.problem.jobs[0].operations[1].predecessors, std::vector<int>{0});
}

// A supervisor moves an operation to the other lathe, an hour later (a drag in the Gantt): every
// repair and plan keeps it there, with what it waits for, and moves what was planned over it. A
// breakdown over its slot is stronger: the repair moves it, and it is no longer fixed.
TEST_F(Planning, AFixedOperationIsKeptByRepairsAndPlans) {
  for (int i = 0; i < 6; ++i) ReleasedOrder("WO" + std::to_string(i), 2 + i);
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  const auto was = Slot("WO3", "OP20");
  const std::string other = was.work_unit == "WU" ? "WU2" : "WU";
  const Timestamp asked{Slot("WO3", "OP10").end.micros + 3'600'000'000 + 250'000};
  const Timestamp at{asked.micros + 750'000};  // rounded up to the whole second
  ASSERT_TRUE(Fix("WO3", "OP20", other, asked).ok());
  ASSERT_EQ(plant_.state().planning.fixed.size(), 1u);
  EXPECT_EQ(plant_.state().planning.fixed.begin()->second.start, at);
  EXPECT_EQ(events_.back().type, "schedule.operation_fixed");
  EXPECT_EQ(events_.back().version, 1);

  plan::Model r = plan::BuildModel(plant_.state(), Now());
  plan::Scope scope = plan::FreezeUnaffected(plant_.state(), r);
  SolveAndActivate(r, "repair", scope);
  EXPECT_EQ(Slot("WO3", "OP20").work_unit, other);
  EXPECT_EQ(Slot("WO3", "OP20").start, at);
  EXPECT_EQ(plant_.state().planning.fixed.size(), 1u);  // kept, so still fixed
  auto view = plant::planning::CurrentSchedule(plant_.state());
  ASSERT_TRUE(view.ok());
  for (const auto& op : view->operations) {
    EXPECT_EQ(op.fixed, op.order == "WO3" && op.operation == "OP20") << op.order << " " << op.operation;
    if (op.operation != "OP30") {
      EXPECT_EQ(op.eligible_units, (std::vector<std::string>{"WU", "WU2"}));
    }
    if (op.operation == "OP30") {
      EXPECT_EQ(op.eligible_units, std::vector<std::string>{"WU-ASM"});
    }
  }

  // A plan keeps it, and what it waits for; everything else is planned afresh.
  plan::Model p = plan::BuildModel(plant_.state(), Now());
  plan::Scope planned = plan::FreezeUnaffected(plant_.state(), p, 0);
  EXPECT_EQ(planned.kept, 2);  // WO3's OP10 and OP20
  SolveAndActivate(p, "plan", planned);
  EXPECT_EQ(Slot("WO3", "OP20").work_unit, other);
  EXPECT_EQ(Slot("WO3", "OP20").start, at);
  // Nothing else on that lathe overlaps it.
  for (const auto& [key, op] : plant_.state().planning.active->ops)
    if (op.work_unit == other && key != std::pair<std::string, std::string>{"WO3", "OP20"}) {
      EXPECT_TRUE(op.end <= at || op.start >= Slot("WO3", "OP20").end) << key.first << " " << key.second;
    }
  ExpectSameAfterRestart();

  // The lathe breaks down over the slot: the repair moves the operation, which is no longer fixed.
  ASSERT_TRUE(Downtime(other, Timestamp{at.micros - 60'000'000}, Timestamp{at.micros + 3'600'000'000},
                       plant::planning::DowntimeKind::kBreakdown)
                  .ok());
  plan::Model b = plan::BuildModel(plant_.state(), Now());
  plan::Scope broken = plan::FreezeUnaffected(plant_.state(), b);
  SolveAndActivate(b, "repair", broken);
  EXPECT_FALSE(Slot("WO3", "OP20").work_unit == other && Slot("WO3", "OP20").start == at);
  EXPECT_TRUE(plant_.state().planning.fixed.empty());
  ExpectSameAfterRestart();
}

// A move the plan could not keep is refused, with the field to correct, and records nothing.
TEST_F(Planning, AFixThePlanCouldNotKeepIsRefusedWithItsField) {
  ReleasedOrder("WO1", 4);
  ReleasedOrder("WO2", 4);
  ReleasedOrder("WO3", 4);
  Status s = Fix("WO1", "OP10", "WU", Timestamp{now_ + 3'600'000'000});
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.field(), "schedule");
  ASSERT_TRUE(Prod(OrderAction::kStart, "WO2", "OP10", R"({"work_unit":"WU","operators":["ANA"]})").ok());
  plan::Model m = plan::BuildModel(plant_.state(), Now());
  SolveAndActivate(m, "plan");
  const Timestamp later{Slot("WO1", "OP10").end.micros + 7'200'000'000};
  auto refused = [&](const std::string& order, const std::string& op, const std::string& unit, Timestamp at,
                     const std::string& field, const std::string& says) {
    Status r = Fix(order, op, unit, at);
    EXPECT_EQ(r.code(), Code::kUnprocessable) << order << " " << op << " " << unit << ": " << r.ToString();
    EXPECT_EQ(r.field(), field) << r.ToString();
    EXPECT_NE(r.message().find(says), std::string::npos) << r.message();
  };
  refused("WO9", "OP10", "WU", later, "order", "WO9");
  refused("WO1", "OP99", "WU", later, "operation", "OP99");
  refused("WO2", "OP10", "WU2", later, "operation", "started on WU");
  refused("WO1", "OP30", "WU", later, "work_unit", "work center WC-ASM");  // the assembly, on a lathe
  refused("WO1", "OP10", "WU-ASM", later, "work_unit", "equipment class LATHE");
  refused("WO1", "OP10", "NOPE", later, "work_unit", "NOPE");
  refused("WO1", "OP10", "WU", Timestamp{now_ - 3'600'000'000}, "start", "past");
  // Before what must come first ends.
  refused("WO1", "OP20", "WU2", Timestamp{Slot("WO1", "OP10").end.micros - 60'000'000}, "start",
          "operation OP10 of WO1 comes first");
  // Over the operation running on WU, as planned.
  refused("WO1", "OP10", "WU", Timestamp{now_ + 1'000'000}, "start", "runs operation OP10 of WO2");
  // Into downtime, or across it when the operation may not pause (OP10 takes 840 s).
  const Timestamp down{later.micros + 86'400'000'000};
  ASSERT_TRUE(
      Downtime("WU2", down, Timestamp{down.micros + 3'600'000'000}, plant::planning::DowntimeKind::kPlannedMaintenance)
          .ok());
  refused("WO1", "OP10", "WU2", Timestamp{down.micros + 600'000'000}, "start", "planned maintenance");
  refused("WO1", "OP10", "WU2", Timestamp{down.micros - 300'000'000}, "start", "may not pause");
  // Over another fixed operation; and a fixed operation's successor before it ends.
  ASSERT_TRUE(Fix("WO1", "OP10", "WU2", later).ok());
  refused("WO3", "OP10", "WU2", Timestamp{later.micros + 60'000'000}, "start", "fixed on WU2");
  ASSERT_TRUE(Fix("WO1", "OP20", "WU", Timestamp{later.micros + 3'600'000'000}).ok());
  refused("WO1", "OP10", "WU2", Timestamp{later.micros + 3'500'000'000}, "start", "comes after it");
  EXPECT_EQ(plant_.state().planning.fixed.size(), 2u);
  ExpectSameAfterRestart();
}

}  // namespace
}  // namespace takt::test
