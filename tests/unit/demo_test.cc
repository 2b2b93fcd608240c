// The demo plant builds on any date: its orders start even after the demo operators' static
// qualification dates have passed.
#include "app/demo.h"

#include <gtest/gtest.h>

#include "support/process.h"

namespace takt::app {
namespace {

TEST(Demo, OrdersStartWhateverTheDate) {
  for (const char* date : {"2026-11-22T08:00:00Z", "2031-06-01T08:00:00Z"}) {
    test::TempDir dir;
    runtime::Options o;
    o.db_url = "sqlite:" + dir.File("demo.db");
    auto rt = runtime::Runtime::Open(o);
    ASSERT_TRUE(rt.ok()) << rt.status().ToString();
    ASSERT_TRUE(EnsureDemoPlant(**rt).ok());
    auto orders = EnsureDemoOrders(**rt, *ParseIso8601(date));
    ASSERT_TRUE(orders.ok()) << orders.status().ToString();
    EXPECT_EQ(*orders, 3u);
    (*rt)->Read([&](const plant::Plant& p) {
      const auto& wo = *p.state().prod.Find("WO-2611-001");
      EXPECT_EQ(wo.status, plant::production::OrderStatus::kInProgress) << date;
      EXPECT_EQ(wo.operations[0].good, *Quantity::FromDouble(12)) << date;
    });
    (*rt)->Read([&](const plant::Plant& p) {
      ASSERT_TRUE(p.state().planning.active) << date;
      EXPECT_TRUE(p.state().planning.active->ops.count({"WO-2611-002", "OP10"})) << date;
    });
    EXPECT_EQ(*EnsureDemoOrders(**rt, *ParseIso8601(date)), 0u);  // once per journal
  }
}

}  // namespace
}  // namespace takt::app
