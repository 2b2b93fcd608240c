// Machine calendars (downtime that operations may not cross, or pause over) and assembly trees
// (operations that join several branches), in small hand-made cases with known optima.
#include <gtest/gtest.h>

#include "schedule/checker.h"
#include "schedule/solver.h"

namespace takt::schedule {
namespace {

Operation Op(int machine, int64_t d, bool may_pause = false) {
  Operation o;
  o.alternatives = {{machine, d}};
  o.may_pause = may_pause;
  return o;
}

Result<Schedule> SolveSmall(const Problem& p) {
  return Solve(p, {.time_limit_s = 5, .seed = 3, .threads = 1, .max_iterations = 2000});
}

TEST(Calendar, PlacementSkipsOrPausesOverDowntime) {
  Problem p;
  p.machines = 1;
  p.downtime = {{{10, 20}, {25, 30}}};
  EXPECT_EQ(p.Place(0, 0, 10, false).start, 0);   // fits before the break exactly
  EXPECT_EQ(p.Place(0, 5, 10, false).start, 30);  // [5,15) crosses: 20 is too late for the second gap
  EXPECT_EQ(p.Place(0, 5, 5, false).start, 5);
  EXPECT_EQ(p.Place(0, 12, 4, false).start, 20);  // inside the break: after it, and [20,24) fits
  auto paused = p.Place(0, 5, 10, true);          // 5 before the break, 5 after it
  EXPECT_EQ(paused.start, 5);
  EXPECT_EQ(paused.end, 25);
  paused = p.Place(0, 5, 12, true);  // 5 + 5 + (break 25-30) + 2
  EXPECT_EQ(paused.end, 32);
  EXPECT_EQ(p.Place(0, 15, 3, true).start, 20);            // never starts inside downtime
  auto running = p.Place(0, 15, 3, true, /*fixed=*/true);  // already running: resumes at 20
  EXPECT_EQ(running.start, 15);
  EXPECT_EQ(running.end, 23);
}

// One machine, a shift that ends at 8 and a next shift from 16. Job A (6) may not cross the
// night; job B (4) may pause over it. The best is A at 0-6, then B from 6 pausing 8-16 to end
// at 18 (B first would end A at 16+6 = 22).
TEST(Calendar, SolverHonoursNoCrossAndPause) {
  Problem p;
  p.machines = 1;
  p.jobs = {{{Op(0, 6)}}, {{Op(0, 4, /*may_pause=*/true)}}};
  p.downtime = {{{8, 16}}};
  auto s = SolveSmall(p);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->makespan, 18);
  EXPECT_EQ(s->jobs[0][0].start, 0);
  EXPECT_EQ(s->jobs[1][0].start, 6);
}

TEST(Calendar, CheckerRejectsCrossingAndStartingInDowntime) {
  Problem p;
  p.machines = 1;
  p.jobs = {{{Op(0, 6)}}, {{Op(0, 4, true)}}};
  p.downtime = {{{8, 16}}};
  Schedule crosses{22, {{{0, 4}}, {{0, 0}}}};  // A at 4-10 crosses the night
  crosses.jobs[1][0].start = 16, crosses.makespan = 20;
  Status st = CheckSchedule(p, crosses);
  EXPECT_NE(st.message().find("crosses downtime"), std::string::npos) << st.message();
  Schedule inside{22, {{{0, 0}}, {{0, 10}}}};  // B would start inside the night
  st = CheckSchedule(p, inside);
  EXPECT_NE(st.message().find("starts inside downtime"), std::string::npos) << st.message();
  Schedule wrong_end{14, {{{0, 0}}, {{0, 6}}}};  // B pauses: it ends at 18, not 10
  st = CheckSchedule(p, wrong_end);
  EXPECT_NE(st.message().find("stated makespan"), std::string::npos) << st.message();
  Schedule good{18, {{{0, 0}}, {{0, 6}}}};
  EXPECT_TRUE(CheckSchedule(p, good).ok()) << CheckSchedule(p, good).message();
}

// An assembly tree: two branches (machine 0: 3, machine 1: 5) join at the assembly on machine
// 2 (2). The assembly starts when the longer branch ends: makespan 7.
TEST(AssemblyTree, JoinWaitsForEveryBranch) {
  Problem p;
  p.machines = 3;
  Job j;
  j.operations = {Op(0, 3), Op(1, 5), Op(2, 2)};
  j.operations[1].predecessors = std::vector<int>{};  // a second branch starts at once
  j.operations[2].predecessors = std::vector<int>{0, 1};
  p.jobs = {j};
  auto s = SolveSmall(p);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->makespan, 7);
  EXPECT_EQ(s->jobs[0][1].start, 0);  // both branches run in parallel
  EXPECT_EQ(s->jobs[0][2].start, 5);
  EXPECT_EQ(LowerBound(p), 7);  // the longest branch, not the sum of all operations
  Schedule early{5, {{{0, 0}, {1, 0}, {2, 3}}}};
  Status st = CheckSchedule(p, early);
  EXPECT_NE(st.message().find("before its predecessor 1"), std::string::npos) << st.message();
  j.operations[2].predecessors = std::vector<int>{2};
  p.jobs = {j};
  EXPECT_FALSE(Solve(p, {}).ok());  // predecessors must come earlier in the list
}

// Two assemblies competing for one machine with a maintenance window on it: the solver and the
// checker agree, and fixed (running) work inside downtime stays where it is.
TEST(AssemblyTree, WithDowntimeAndARunningOperation) {
  Problem p;
  p.machines = 2;
  for (int k = 0; k < 3; ++k) {
    Job j;
    j.operations = {Op(0, 4), Op(1, 3, true), Op(0, 2)};
    j.operations[1].predecessors = std::vector<int>{};
    j.operations[2].predecessors = std::vector<int>{0, 1};
    j.due = 12;
    p.jobs.push_back(j);
  }
  p.jobs[0].operations[1].fixed = Fixed{1, 5};  // running across the window on machine 1
  p.jobs[0].operations[1].predecessors = std::vector<int>{};
  p.downtime = {{{6, 9}}, {{6, 8}}};
  auto s = Solve(p, {.time_limit_s = 5,
                     .seed = 1,
                     .threads = 2,
                     .max_iterations = 3000,
                     .objective = {.makespan_weight = 1, .tardiness_weight = 1}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->jobs[0][1].start, 5);
  EXPECT_GE(s->makespan, 21);  // machine 0 carries 18 of work and loses 3 to the window
}

// Regressions from review.
TEST(AssemblyTree, SeparateChainsCompleteWhenTheLastOneEnds) {
  Problem p;
  p.machines = 2;
  Job j;
  j.operations = {Op(0, 10), Op(1, 1)};
  j.operations[1].predecessors = std::vector<int>{};  // a second chain that never joins
  j.due = 0;
  p.jobs = {j};
  auto s = SolveSmall(p);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->weighted_tardiness, 10);  // the job completes at 10, not when its last-listed op ends
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
}

TEST(Calendar, ConflictingFixedOperationsAreAnErrorNotASchedule) {
  Problem p;
  p.machines = 1;
  Job j;
  j.operations = {Op(0, 5), Op(0, 5)};
  j.operations[0].fixed = Fixed{0, 10};
  j.operations[1].fixed = Fixed{0, 0};  // the second operation fixed before the first
  p.jobs = {j};
  EXPECT_FALSE(SolveSmall(p).ok());
  // Zero-length operations fixed at the same instant keep their routing order.
  Problem z;
  z.machines = 1;
  Job k;
  for (int i = 0; i < 20; ++i) k.operations.push_back(Op(0, 0));
  for (auto& op : k.operations) op.fixed = Fixed{0, 7};
  k.operations.push_back(Op(0, 3));
  z.jobs = {k};
  auto s = SolveSmall(z);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(CheckSchedule(z, *s).ok()) << CheckSchedule(z, *s).message();
  EXPECT_EQ(s->makespan, 10);
}

}  // namespace
}  // namespace takt::schedule
