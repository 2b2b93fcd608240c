// The demo plant builds on any date: its orders start even after the demo operators' static
// qualification dates have passed.
#include "app/demo.h"

#include <gtest/gtest.h>

#include "app/simulator.h"
#include "plant/performance/queries.h"
#include "unit/demo_runtime.h"

namespace takt::app {
namespace {

TEST(Demo, OrdersStartWhateverTheDate) {
  for (const char* date : {"2026-11-22T08:00:00Z", "2031-06-01T08:00:00Z"}) {
    test::TempDir dir;
    auto rt = test::OpenDemoPlant(dir);
    ASSERT_TRUE(rt);
    auto orders = EnsureDemoOrders(*rt, *ParseIso8601(date));
    ASSERT_TRUE(orders.ok()) << orders.status().ToString();
    EXPECT_EQ(*orders, 4u);
    rt->Read([&](const plant::Plant& p) {
      const auto& wo = *p.state().prod.Find("WO-2611-001");
      EXPECT_EQ(wo.status, plant::production::OrderStatus::kInProgress) << date;
      EXPECT_EQ(wo.operations[0].good, *Quantity::FromDouble(12)) << date;
    });
    rt->Read([&](const plant::Plant& p) {
      ASSERT_TRUE(p.state().planning.active) << date;
      const auto& ops = p.state().planning.active->ops;
      EXPECT_TRUE(ops.count({"WO-2611-002", "OP10"})) << date;
      // The valve body's boss is a branch: planned on a lathe of its own, the weld after both.
      const auto& body = ops.at({"WO-2611-004", "OP10"});
      const auto& boss = ops.at({"WO-2611-004", "OP15"});
      const auto& weld = ops.at({"WO-2611-004", "OP30"});
      EXPECT_GE(weld.start, std::max(ops.at({"WO-2611-004", "OP20"}).end, boss.end)) << date;
      EXPECT_LT(boss.start, body.end) << date;  // made while the body is machined
    });
    EXPECT_EQ(*EnsureDemoOrders(*rt, *ParseIso8601(date)), 0u);  // once per journal
  }
}

// The simulator feeds every demo machine through the ingestion path: a Lyon weekday shows
// production, stops with the machines' alarm codes, parts and an OEE below one.
TEST(Demo, SimulatorGivesLiveOee) {
  test::TempDir dir;
  auto rt = test::OpenDemoPlant(dir);
  ASSERT_TRUE(rt);
  Timestamp now = *ParseIso8601("2026-11-20T16:00:00Z");  // a Friday, late shift in Lyon
  {
    MachineSimulator sim(*rt, 1);
    ASSERT_TRUE(sim.Start(now, std::chrono::hours(10), std::chrono::hours(1)).ok());
    EXPECT_GT(sim.readings(), 100u);
  }
  rt->Read([&](const plant::Plant& p) {
    auto k = plant::performance::Kpi(p.state(), "LYON", *ParseIso8601("2026-11-20T06:00:00Z"), now, now);
    ASSERT_TRUE(k.ok()) << k.status().ToString();
    EXPECT_GT(k->time_s.production, 0);
    EXPECT_GT(k->time_s.delay, 0);
    EXPECT_EQ(k->time_s.no_data, 0);
    EXPECT_GT(k->counts.good, 0);
    double oee = k->kpi.oee.value_or(0);
    EXPECT_GT(oee, 0.2);
    EXPECT_LT(oee, 1.0);
    bool alarm = false;
    for (const auto& s : k->pareto) alarm |= !s.reason.empty();
    EXPECT_TRUE(alarm) << "no stop carried an alarm code mapped to a reason";
  });
}

}  // namespace
}  // namespace takt::app
