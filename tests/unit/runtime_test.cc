// The runtime: group commit from many threads, restart from snapshot plus tail.
#include "runtime/runtime.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/process.h"

namespace takt::runtime {
namespace {

plant::Command Unit(const std::string& id) {
  return plant::CreateResource{model::Kind::kUnit, *ParseJson(R"({"id":")" + id + R"(","dimension":"count"})")};
}

class RuntimeTest : public ::testing::Test {
 protected:
  std::unique_ptr<Runtime> OpenRt(uint64_t snapshot_every = 100000) {
    Options o;
    o.db_url = "sqlite:" + dir_.File("rt.db");
    o.snapshot_every = snapshot_every;
    auto rt = Runtime::Open(o);
    EXPECT_TRUE(rt.ok()) << rt.status().ToString();
    return std::move(rt).value();
  }
  test::TempDir dir_;
};

TEST_F(RuntimeTest, ConcurrentWritersAllCommitInOrder) {
  auto rt = OpenRt();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, refused{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto r = rt->Execute(Unit("u" + std::to_string(t) + "-" + std::to_string(i)), "user:t");
        r.ok() ? ++ok : ++refused;
        // Every thread also tries one duplicate, which must be refused without harm.
        if (i == 0 && !rt->Execute(Unit("u" + std::to_string(t) + "-0"), "user:t").ok()) ++refused;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, 400);
  EXPECT_EQ(refused, 8);
  EXPECT_EQ(rt->journal().head().seq, 400u);
  EXPECT_TRUE(journal::Verify(rt->journal()).status.ok());
}

TEST_F(RuntimeTest, RestartRebuildsFromSnapshotPlusTail) {
  std::string state;
  {
    auto rt = OpenRt(/*snapshot_every=*/30);
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
    state = rt->Read([](const plant::Plant& p) { return p.Snapshot(); });
  }
  auto rt = OpenRt(30);
  // The clean shutdown wrote a snapshot at event 100; nothing is left to replay.
  EXPECT_EQ(rt->open_stats().snapshot_seq, 100u);
  EXPECT_EQ(rt->Read([](const plant::Plant& p) { return p.Snapshot(); }), state);
  ASSERT_TRUE(rt->Execute(Unit("after"), "user:t").ok());
  EXPECT_EQ(rt->journal().head().seq, 101u);
}

TEST_F(RuntimeTest, CorruptSnapshotFallsBackToFullReplay) {
  std::string state;
  {
    auto rt = OpenRt();
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
    state = rt->Read([](const plant::Plant& p) { return p.Snapshot(); });
  }
  {
    auto j = journal::Open("sqlite:" + dir_.File("rt.db"), journal::Mode::kReadWrite);
    ASSERT_TRUE((*j)->SaveSnapshot({20, {}, "not json"}).ok());
  }
  auto rt = OpenRt();
  EXPECT_EQ(rt->open_stats().snapshot_seq, 0u);
  EXPECT_EQ(rt->open_stats().replayed, 20u);
  EXPECT_EQ(rt->Read([](const plant::Plant& p) { return p.Snapshot(); }), state);
}

TEST_F(RuntimeTest, SnapshotNowIsUsedOnNextOpen) {
  {
    auto rt = OpenRt();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
    ASSERT_TRUE(rt->SnapshotNow().ok());
    for (int i = 10; i < 15; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
  }
  // Shutdown wrote a newer snapshot at 15; both exist, the newest wins.
  auto rt = OpenRt();
  EXPECT_EQ(rt->open_stats().snapshot_seq, 15u);
}

}  // namespace
}  // namespace takt::runtime
