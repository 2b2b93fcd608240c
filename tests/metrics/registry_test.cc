// metrics::Registry: what it scrapes is every collectable added (prometheus-cpp families and
// values computed at scrape time), in the order added, until the collectable's handle goes.
#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include "metrics/collect.h"
#include "metrics/metrics.h"

namespace takt::metrics {
namespace {

TEST(MetricsRegistry, ScrapesEveryCollectableUntilItsHandleGoes) {
  Registry registry;
  auto counted = std::make_shared<prometheus::Registry>();
  auto& requests = prometheus::BuildCounter().Name("x_requests_total").Help("Requests").Register(*counted);
  requests.Add({{"route", "/a/{id}"}, {"code", "2xx"}}).Increment(3);
  int depth = 7;
  auto computed = std::make_shared<Computed>([&depth](Families& out) {
    AddGauge(out, "x_queue_depth", "Queued", depth);
    auto& f = AddFamily(out, "x_node_total", "Per node", prometheus::MetricType::Counter);
    AddSample(f, 2, {{"node", R"(a "b" \c)"}});
  });
  auto h1 = registry.Add(counted);
  auto h2 = registry.Add(computed);

  depth = 9;  // read at the scrape, not when added
  std::string text = registry.Scrape();
  EXPECT_EQ(text,
            "# HELP x_requests_total Requests\n"
            "# TYPE x_requests_total counter\n"
            "x_requests_total{code=\"2xx\",route=\"/a/{id}\"} 3\n"
            "# HELP x_queue_depth Queued\n"
            "# TYPE x_queue_depth gauge\n"
            "x_queue_depth 9\n"
            "# HELP x_node_total Per node\n"
            "# TYPE x_node_total counter\n"
            "x_node_total{node=\"a \\\"b\\\" \\\\c\"} 2\n");

  h1.reset();
  text = registry.Scrape();
  EXPECT_EQ(text.find("x_requests_total"), std::string::npos) << text;
  EXPECT_NE(text.find("x_queue_depth 9\n"), std::string::npos) << text;
  h2.reset();
  EXPECT_EQ(registry.Scrape(), "");
}

TEST(MetricsRegistry, BucketBoundsAscend) {
  for (const auto& bounds : {LatencyBounds(), SizeBounds()}) {
    ASSERT_FALSE(bounds.empty());
    for (size_t i = 1; i < bounds.size(); ++i) EXPECT_LT(bounds[i - 1], bounds[i]);
  }
  EXPECT_EQ(LatencyBounds().front(), 0.0001);
  EXPECT_EQ(LatencyBounds().back(), 10);
  EXPECT_EQ(SizeBounds().back(), 4096);
}

}  // namespace
}  // namespace takt::metrics
