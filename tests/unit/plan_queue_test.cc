// The plan queue: one job at a time off the callers' threads, repairs and the watcher's looks
// before waiting plans, a bounded wait, and plans that keep to their time limit.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>

#include "plan/queue.h"
#include "unit/demo_runtime.h"

namespace takt::plan {
namespace {

Timestamp WallNow() {
  return Timestamp{
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count()};
}

PlanRequest Request(bool repair, double seconds) {
  PlanRequest q{.repair = repair};
  q.options = {.time_limit_s = seconds, .seed = 1, .threads = 1};
  q.options.objective = {.makespan_weight = 1, .tardiness_weight = 1};
  return q;
}

// A gate the test opens: holds the planning thread while the test queues behind it.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, open = false;
  void Hold() {
    std::unique_lock l(mu);
    entered = true;
    cv.notify_all();
    cv.wait(l, [&] { return open; });
  }
  void WaitEntered() {
    std::unique_lock l(mu);
    cv.wait(l, [&] { return entered; });
  }
  void Open() {
    std::lock_guard l(mu);
    open = true;
    cv.notify_all();
  }
};

TEST(PlanQueue, RepairsAndLooksGoBeforeWaitingPlansAndTheWaitIsBounded) {
  test::TempDir dir;
  auto rt = test::OpenDemoPlant(dir);
  ASSERT_TRUE(rt);
  ASSERT_TRUE(app::EnsureDemoOrders(*rt, WallNow()).ok());  // released orders and a first schedule
  PlanQueue queue(*rt);
  Gate gate;
  std::mutex mu;
  std::vector<std::string> order;
  auto note = [&](std::string what) {
    std::lock_guard l(mu);
    order.push_back(std::move(what));
  };
  ASSERT_TRUE(queue.Post([&] { gate.Hold(); }));
  gate.WaitEntered();
  EXPECT_TRUE(queue.load().running);

  std::promise<Result<PlanResult>> plan_done, repair_done;
  ASSERT_TRUE(queue
                  .Submit("test:plan", Request(false, 0.2),
                          [&](Result<PlanResult> r) {
                            note("plan");
                            plan_done.set_value(std::move(r));
                          })
                  .ok());
  // One plan waits already: another is refused at once, and never answered.
  Status second = queue.Submit("test:plan", Request(false, 0.2), [&](Result<PlanResult>) { note("refused plan"); });
  EXPECT_EQ(second.code(), Code::kConflict);
  EXPECT_EQ(second.field(), "schedule");
  ASSERT_TRUE(queue
                  .Submit("test:repair", Request(true, 0.2),
                          [&](Result<PlanResult> r) {
                            note("repair");
                            repair_done.set_value(std::move(r));
                          })
                  .ok());
  EXPECT_TRUE(queue.Post([&] { note("look"); }));
  EXPECT_FALSE(queue.Post([&] { note("second look"); }));  // one look waiting is enough
  EXPECT_EQ(queue.load().waiting, 3u);

  gate.Open();
  auto repaired = repair_done.get_future().get();
  auto planned = plan_done.get_future().get();
  ASSERT_TRUE(repaired.ok()) << repaired.status().ToString();
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  // Each solve kept to its limit (0.2 s), checking and activating included.
  EXPECT_LT(repaired->seconds, 1.2);
  EXPECT_LT(planned->seconds, 1.2);
  EXPECT_EQ(order, (std::vector<std::string>{"repair", "look", "plan"}));
  // Neither activation was stale: the plan ran after the repair, not beside it.
  EXPECT_GT(planned->seq, repaired->seq);
  EXPECT_EQ(rt->Read([](const plant::Plant& p) { return p.state().planning.active->kind; }), "plan");
}

}  // namespace
}  // namespace takt::plan
