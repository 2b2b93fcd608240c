// The scheduling engine: the checker catches every kind of violation; the solver is valid,
// reproducible, and reaches ft06's optimum.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "schedule/checker.h"
#include "schedule/instance_io.h"
#include "schedule/solver.h"

namespace takt::schedule {
namespace {

std::optional<Problem> SharedInstance(const std::string& name) {
  std::ifstream in(std::string(TAKT_SHARED_DATA) + "/jobshop/" + name + ".txt");
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  auto p = ParseInstance(text.str(), Format::kJssp);
  return p.ok() ? std::optional<Problem>(*p) : std::nullopt;
}

// Two jobs on two machines: J0 = M0(3) M1(2), J1 = M1(4) M0(1).
Problem Tiny() {
  return *ParseInstance("2 2\n0 3 1 2\n1 4 0 1\n", Format::kJssp);
}

Schedule Valid() {
  return {6, {{{0, 0}, {1, 4}}, {{1, 0}, {0, 4}}}};
}

TEST(Checker, AcceptsAValidSchedule) {
  EXPECT_TRUE(CheckSchedule(Tiny(), Valid()).ok());
}

TEST(Checker, RejectsEachKindOfViolation) {
  Problem p = Tiny();
  struct Case {
    const char* name;
    std::function<void(Schedule&)> spoil;
    const char* says;
  } cases[] = {
      {"precedence", [](Schedule& s) { s.jobs[0][1].start = 2; }, "before its predecessor"},
      {"overlap", [](Schedule& s) { s.jobs[0][1].start = 3; }, "overlaps"},
      {"ineligible machine", [](Schedule& s) { s.jobs[0][0].machine = 1; }, "cannot run"},
      {"duration (makespan too short)", [](Schedule& s) { s.makespan = 5; }, "stated makespan"},
      {"negative start", [](Schedule& s) { s.jobs[1][0].start = -1; }, "negative"},
      {"missing operation", [](Schedule& s) { s.jobs[1].pop_back(); }, "operation count"},
      {"missing job", [](Schedule& s) { s.jobs.pop_back(); }, "jobs"},
  };
  for (const auto& c : cases) {
    Schedule s = Valid();
    c.spoil(s);
    Status st = CheckSchedule(p, s);
    EXPECT_FALSE(st.ok()) << c.name;
    EXPECT_NE(st.message().find(c.says), std::string::npos) << c.name << ": " << st.message();
  }
}

TEST(Checker, OverlapUsesTheChosenMachinesDuration) {
  // Flexible: op 0 of J0 runs 3 on M0 or 10 on M1. Placed on M1 it overlaps J1's op at 4.
  Problem p = *ParseInstance("2 2\n2 2 0 3 1 10 1 1 2\n1 1 1 4\n", Format::kFjsp);
  Schedule s{14, {{{1, 0}, {1, 10}}, {{1, 4}}}};
  Status st = CheckSchedule(p, s);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("overlaps"), std::string::npos) << st.message();
}

// Two single-operation jobs on one machine, duration 2 each. Setups: from idle 1 before job 0
// and 5 before job 1; job 0 -> job 1 takes 10, job 1 -> job 0 takes 0. Job 0 first ends at
// 1+2+10+2 = 15; job 1 first ends at 5+2+0+2 = 9, the optimum.
Problem WithSetups() {
  Problem p = *ParseInstance("2 1\n0 2\n0 2\n", Format::kJssp);
  p.setups = {{{0, 10}, {0, 0}, {1, 5}}};
  return p;
}

TEST(Checker, SetupsAndReleasesAreHonoured) {
  Problem p = WithSetups();
  EXPECT_TRUE(CheckSchedule(p, {9, {{{0, 7}}, {{0, 5}}}}).ok());
  Status st = CheckSchedule(p, {4, {{{0, 0}}, {{0, 2}}}});  // no setup from idle before job 0
  EXPECT_NE(st.message().find("without its setup of 1"), std::string::npos) << st.message();
  st = CheckSchedule(p, {13, {{{0, 1}}, {{0, 11}}}});  // job 0 -> job 1 needs 10, gets 8
  EXPECT_NE(st.message().find("without its setup of 10"), std::string::npos) << st.message();
  p.jobs[1].release = 6;
  st = CheckSchedule(p, {9, {{{0, 7}}, {{0, 5}}}});
  EXPECT_NE(st.message().find("release"), std::string::npos) << st.message();
}

TEST(Solver, HonoursSequenceDependentSetups) {
  Problem p = WithSetups();
  auto s = Solve(p, {.time_limit_s = 5, .seed = 3, .threads = 1, .max_iterations = 500});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->makespan, 9);
  p.setups[0].pop_back();
  EXPECT_FALSE(Solve(p, {}).ok());  // malformed setup table
}

// Setup classes instead of jobs: four one-operation jobs of length 1 on one machine, classes
// A B A B; a change of class takes 10, staying takes 0, and the machine is set up for A. The
// optimum groups them: A A B B ends at 1 + 1 + 10 + 1 + 1 = 14 (alternating would need 30 more).
TEST(Solver, GroupsOperationsBySetupClass) {
  Problem p = *ParseInstance("4 1\n0 1\n0 1\n0 1\n0 1\n", Format::kJssp);
  for (int j = 0; j < 4; ++j) p.jobs[j].operations[0].setup_class = j % 2;
  p.setups = {{{0, 10}, {10, 0}, {0, 10}}};
  auto s = Solve(p, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 500});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->makespan, 14);
  // The checker sees the class change: A then B back to back is refused.
  Schedule bad{3, {{{0, 0}}, {{0, 1}}, {{0, 2}}, {{0, 13}}}};
  Status st = CheckSchedule(p, bad);
  EXPECT_NE(st.message().find("without its setup of 10"), std::string::npos) << st.message();
  p.jobs[3].operations[0].setup_class = 2;  // no such class
  EXPECT_FALSE(Solve(p, {}).ok());
  EXPECT_FALSE(CheckSchedule(p, *s).ok());
}

// An operation's own release (material for that step arrives late): J0 is M0(3) then M1(2) with
// its second step released at 10; J1 is M1(4). The checker refuses an earlier start.
TEST(Solver, HonoursOperationReleases) {
  Problem p = *ParseInstance("2 2\n0 3 1 2\n1 4\n", Format::kJssp);
  p.jobs[0].operations[1].release = 10;
  auto s = Solve(p, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 200});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->jobs[0][1].start, 10);
  EXPECT_EQ(s->makespan, 12);
  Status st = CheckSchedule(p, {7, {{{0, 0}, {1, 4}}, {{1, 0}}}});  // also overlaps, but release comes first
  EXPECT_NE(st.message().find("before its release at 10"), std::string::npos) << st.message();
  p.jobs[0].operations[1].release = -1;
  EXPECT_FALSE(Solve(p, {}).ok());
}

TEST(Solver, HonoursReleaseDates) {
  // J0: M0(3) M1(2); J1 released at 4: M1(4) M0(1). Either order on M1 ends at 10 (without the
  // release the optimum is 6).
  Problem p = Tiny();
  p.jobs[1].release = 4;
  auto s = Solve(p, {.time_limit_s = 5, .seed = 3, .threads = 2, .max_iterations = 500});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_GE(s->jobs[1][0].start, 4);
  EXPECT_EQ(s->makespan, 10);
}

// One machine: J0 takes 1 and is due at 100; J1 takes 5, is due at 5 and weighs 10. The
// earliest-completion start runs J0 first (J1 ends at 6: weighted tardiness 10); the optimum
// runs J1 first (both on time). Makespan is 6 either way.
TEST(Solver, MinimisesWeightedTardiness) {
  Problem p = *ParseInstance("2 1\n0 1\n0 5\n", Format::kJssp);
  p.jobs[0].due = 100;
  p.jobs[1].due = 5;
  p.jobs[1].weight = 10;
  SolveOptions o{.time_limit_s = 5, .seed = 5, .threads = 1, .max_iterations = 200};
  auto by_makespan = Solve(p, o);
  ASSERT_TRUE(by_makespan.ok());
  EXPECT_EQ(by_makespan->makespan, 6);
  o.objective = {.makespan_weight = 0, .tardiness_weight = 1};
  auto s = Solve(p, o);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->weighted_tardiness, 0);
  EXPECT_EQ(s->jobs[1][0].start, 0);
  // The checker recomputes tardiness rather than trusting the stated figure.
  Schedule wrong = *s;
  wrong.weighted_tardiness = 3;
  EXPECT_FALSE(CheckSchedule(p, wrong).ok());
  o.objective = {.makespan_weight = 0, .tardiness_weight = 0};
  EXPECT_FALSE(Solve(p, o).ok());
}

TEST(Solver, BlendedObjectiveOnABenchmarkInstance) {
  auto p = SharedInstance("ft10");
  if (!p) GTEST_SKIP() << "../shared/data/jobshop/ft10.txt not found";
  // Due dates at 1.2x the job's own length, heavier weight on every third job.
  for (size_t j = 0; j < p->jobs.size(); ++j) {
    int64_t len = 0;
    for (const auto& op : p->jobs[j].operations) len += op.alternatives[0].duration;
    p->jobs[j].due = len * 12 / 10;
    p->jobs[j].weight = j % 3 == 0 ? 4 : 1;
  }
  SolveOptions o{.time_limit_s = 10,
                 .seed = 1,
                 .threads = 1,
                 .max_iterations = 300,
                 .objective = {.makespan_weight = 1, .tardiness_weight = 0.5}};
  auto s = Solve(*p, o);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(CheckSchedule(*p, *s).ok()) << CheckSchedule(*p, *s).message();
  // The search improves on its own start: compare with a run of no iterations beyond the start.
  o.max_iterations = 1;
  auto start = Solve(*p, o);
  EXPECT_LT(s->makespan + 0.5 * s->weighted_tardiness, start->makespan + 0.5 * start->weighted_tardiness);
}

// Tiny with J0's first operation already running on M0 since time 2: it stays there, M0 is
// busy 2-5, so J0 ends at 7 and J1's M0 operation waits until 5.
TEST(Solver, KeepsRunningOperationsInPlace) {
  Problem p = Tiny();
  p.jobs[0].operations[0].fixed = Fixed{0, 2};
  auto s = Solve(p, {.time_limit_s = 5, .seed = 2, .threads = 2, .max_iterations = 300});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->jobs[0][0].start, 2);
  EXPECT_EQ(s->makespan, 7);
  Schedule moved = *s;
  moved.jobs[0][0].start = 0;
  EXPECT_NE(CheckSchedule(p, moved).message().find("fixed"), std::string::npos);
  // Two fixed operations that overlap on one machine cannot both hold.
  p.jobs[1].operations[0].fixed = Fixed{1, 0};
  p.jobs[1].operations[1].fixed = Fixed{0, 3};
  EXPECT_FALSE(Solve(p, {.time_limit_s = 1, .max_iterations = 10}).ok());
  // Only a job's first operations can be frozen.
  Problem q = Tiny();
  q.jobs[0].operations[1].fixed = Fixed{1, 9};
  EXPECT_FALSE(Solve(q, {.time_limit_s = 1}).ok());
}

// A fixed operation late in the horizon (a supervisor's move) does not leave its machine idle until
// then: free work goes into the gap before it where it fits with the setups on both sides.
TEST(Solver, FreeWorkFillsTheGapBeforeAFixedOperation) {
  Problem p;
  p.machines = 1;
  p.jobs.resize(3);
  p.jobs[0].operations.push_back({.alternatives = {{0, 100}}, .fixed = Fixed{0, 1000}, .setup_class = 0});
  p.jobs[1].operations.push_back({.alternatives = {{0, 300}}, .setup_class = 1});
  p.jobs[2].operations.push_back({.alternatives = {{0, 800}}, .setup_class = 1});  // too long for the gap
  // 50 s between classes, 20 s from idle: 20 + 300 + 50 = 370 <= 1000.
  p.setups = {{{0, 50}, {50, 0}, {20, 20}}};
  auto s = Solve(p, {.time_limit_s = 1, .seed = 1, .threads = 1, .max_iterations = 50});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(CheckSchedule(p, *s).ok()) << CheckSchedule(p, *s).message();
  EXPECT_EQ(s->jobs[0][0].start, 1000);
  EXPECT_EQ(s->jobs[1][0].start, 20);
  EXPECT_EQ(s->jobs[2][0].start, 1150);  // after the fixed one and a changeover
  EXPECT_EQ(s->makespan, 1950);
}

// On a benchmark instance, freezing the first operation of every job where a first solve put
// it: the second solve keeps all of them and stays valid.
TEST(Solver, FrozenOperationsOnABenchmarkInstance) {
  auto p = SharedInstance("ft10");
  if (!p) GTEST_SKIP() << "../shared/data/jobshop/ft10.txt not found";
  auto first = Solve(*p, {.time_limit_s = 10, .seed = 1, .threads = 1, .max_iterations = 500});
  ASSERT_TRUE(first.ok());
  for (size_t j = 0; j < p->jobs.size(); ++j)
    p->jobs[j].operations[0].fixed = Fixed{first->jobs[j][0].machine, first->jobs[j][0].start};
  auto second = Solve(*p, {.time_limit_s = 10, .seed = 9, .threads = 2, .max_iterations = 500});
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_TRUE(CheckSchedule(*p, *second).ok()) << CheckSchedule(*p, *second).message();
  for (size_t j = 0; j < p->jobs.size(); ++j) EXPECT_EQ(second->jobs[j][0].start, first->jobs[j][0].start);
}

TEST(InstanceIo, ErrorsNameTheLine) {
  auto r = ParseInstance("2 2\n0 3 1 2\n1 4 x 1\n", Format::kJssp);
  EXPECT_NE(r.status().message().find("line 3"), std::string::npos) << r.status().message();
  r = ParseInstance("2 2\n0 3 1 2\n", Format::kJssp);
  EXPECT_NE(r.status().message().find("job lines"), std::string::npos) << r.status().message();
  r = ParseInstance("1 2\n0 3 5 2\n", Format::kJssp);
  EXPECT_NE(r.status().message().find("line 2: machine 5"), std::string::npos) << r.status().message();
  r = ParseInstance("1 2\n2 1 0 3\n", Format::kFjsp);
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
  r = ParseInstance("1 2\n0 3 1 2\n0 1\n", Format::kJssp);
  EXPECT_NE(r.status().message().find("line 3: unexpected"), std::string::npos) << r.status().message();
  EXPECT_FALSE(ParseInstance("", Format::kJssp).ok());
}

TEST(InstanceIo, FormatsJsspAndFjsp) {
  EXPECT_EQ(FormatSchedule(Valid(), Format::kJssp), "makespan 6\n0 4\n0 4\n");
  EXPECT_EQ(FormatSchedule(Valid(), Format::kFjsp), "makespan 6\n0:0 1:4\n1:0 0:4\n");
}

TEST(Solver, SmallFlexibleInstanceToOptimum) {
  // Three jobs of one operation, each runnable on either machine with different speeds:
  // the optimum puts the long one alone: makespan 6.
  Problem p = *ParseInstance("3 2\n1 2 0 6 1 9\n1 2 0 4 1 3\n1 2 0 4 1 3\n", Format::kFjsp);
  auto s = Solve(p, {.time_limit_s = 5, .seed = 1, .threads = 1, .max_iterations = 2000});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(CheckSchedule(p, *s).ok());
  EXPECT_EQ(s->makespan, 6);
}

// Reads ../shared/data/jobshop/ft06.txt; skipped where the shared data is absent.
TEST(Solver, Ft06ToItsOptimumWithinASecond) {
  auto p = SharedInstance("ft06");
  if (!p) GTEST_SKIP() << "../shared/data/jobshop/ft06.txt not found";
  SolveStats stats;
  auto s = Solve(*p, {.time_limit_s = 1.0, .seed = 7, .threads = 2}, &stats);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(CheckSchedule(*p, *s).ok());
  EXPECT_EQ(s->makespan, 55);
}

TEST(Solver, DeterministicForASeedWithOneThread) {
  auto p = SharedInstance("ft10");
  if (!p) GTEST_SKIP() << "../shared/data/jobshop/ft10.txt not found";
  SolveOptions o{.time_limit_s = 60, .seed = 42, .threads = 1, .max_iterations = 3000};
  auto a = Solve(*p, o), b = Solve(*p, o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(CheckSchedule(*p, *a).ok());
  EXPECT_EQ(FormatSchedule(*a, Format::kFjsp), FormatSchedule(*b, Format::kFjsp));
  o.seed = 43;
  auto c = Solve(*p, o);
  EXPECT_TRUE(CheckSchedule(*p, *c).ok());
}

TEST(Solver, RefusesEmptyProblems) {
  EXPECT_FALSE(Solve(Problem{}, {}).ok());
  EXPECT_GE(LowerBound(Tiny()), 5);
}

}  // namespace
}  // namespace takt::schedule
