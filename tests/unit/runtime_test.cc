// The runtime: group commit from many threads, restart from snapshot plus tail.
#include "runtime/runtime.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "support/journal_files.h"
#include "support/process.h"

namespace takt::runtime {
namespace {

plant::Command Unit(const std::string& id) {
  return plant::CreateResource{model::Kind::kUnit, *ParseJson(R"({"id":")" + id + R"(","dimension":"count"})")};
}

// Polls `done` until it holds or `limit` passes; returns whether it held.
template <typename F>
bool WaitFor(F done, std::chrono::seconds limit = std::chrono::seconds(60)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

class RuntimeTest : public ::testing::Test {
 protected:
  Options Opts(uint64_t snapshot_every = 100000) {
    Options o;
    o.db_url = "sqlite:" + path_;
    o.snapshot_every = snapshot_every;
    return o;
  }
  std::unique_ptr<Runtime> OpenRt(uint64_t snapshot_every = 100000) {
    auto rt = Runtime::Open(Opts(snapshot_every));
    EXPECT_TRUE(rt.ok()) << rt.status().ToString();
    return std::move(rt).value();
  }
  test::TempDir dir_;
  std::string path_ = dir_.File("rt.db");
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

TEST_F(RuntimeTest, AnUnreadableSnapshotFallsBackToFullReplay) {
  std::string state;
  {
    auto rt = OpenRt();
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
    state = rt->Read([](const plant::Plant& p) { return p.Snapshot(); });
  }
  {
    // Intact, but not a state this build reads (as a snapshot of an older format).
    auto j = journal::Open("sqlite:" + path_, {});
    ASSERT_TRUE((*j)->SaveSnapshot({20, (*j)->head().hash, "not json"}).ok());
  }
  auto rt = OpenRt();
  EXPECT_EQ(rt->open_stats().snapshot_seq, 0u);
  EXPECT_EQ(rt->open_stats().replayed, 20u);
  EXPECT_EQ(rt->Read([](const plant::Plant& p) { return p.Snapshot(); }), state);
  EXPECT_EQ(rt->writes_stopped(), "");
  EXPECT_TRUE(rt->Execute(Unit("more"), "user:t").ok());
}

// Issue 13, 1: a viewer made admin inside the newest snapshot was served as admin.
TEST_F(RuntimeTest, AnAlteredSnapshotIsNotUsedAndStopsWrites) {
  {
    auto rt = OpenRt();
    ASSERT_TRUE(rt->Execute(plant::AddUser{"val", plant::Role::kViewer, TokenHash("t")}, "system:cli").ok());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
  }
  test::Sql(path_,
            "UPDATE snapshots SET body = CAST(replace(CAST(body AS TEXT), '\"role\":\"viewer\"', "
            "'\"role\":\"admin\"') AS BLOB)");
  ASSERT_NE(test::SqlValue(path_, "SELECT instr(CAST(body AS TEXT), '\"role\":\"admin\"') FROM snapshots"), "0");
  auto rt = OpenRt();
  EXPECT_EQ(rt->open_stats().snapshot_seq, 0u);  // the events are the truth, and they are intact
  EXPECT_EQ(rt->open_stats().replayed, 6u);
  EXPECT_EQ(rt->Read([](const plant::Plant& p) { return p.FindUser("val")->role; }), plant::Role::kViewer);
  EXPECT_NE(rt->writes_stopped().find("snapshot at event 6 fails its check"), std::string::npos)
      << rt->writes_stopped();
  auto refused = rt->Execute(Unit("more"), "user:t");
  EXPECT_EQ(refused.status().code(), Code::kUnavailable);
  EXPECT_EQ(rt->journal().head().seq, 6u);
}

// Issue 13, 2: after the newest event was deleted, the next write took its successor's place.
TEST_F(RuntimeTest, ARemovedNewestEventRefusesToOpen) {
  {
    auto rt = OpenRt();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
  }
  test::Sql(path_, "DELETE FROM events WHERE seq = 10");
  auto rt = Runtime::Open(Opts());
  ASSERT_FALSE(rt.ok());
  EXPECT_NE(rt.status().message().find("event 10, the recorded head, is missing"), std::string::npos)
      << rt.status().ToString();
}

// Issue 13, 2: damage below the snapshot went unnoticed while the server ran.
TEST_F(RuntimeTest, AFailedBackgroundVerificationStopsWrites) {
  Options o = Opts();
  o.verify_every = std::chrono::seconds(1);
  auto opened = Runtime::Open(o);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto rt = std::move(opened).value();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
  ASSERT_TRUE(WaitFor([&] { return rt->last_verification().passed; }));
  // Another connection edits an old event under the running writer (WAL lets it).
  test::Sql(path_, "UPDATE events SET payload = replace(payload, 'count', 'mass') WHERE seq = 3");
  ASSERT_TRUE(WaitFor([&] { return rt->last_verification().finished && !rt->last_verification().passed; }));
  Verification v = rt->last_verification();
  EXPECT_NE(v.error.find("event 3 was altered"), std::string::npos) << v.error;
  EXPECT_EQ(v.events, 2u);
  auto refused = rt->Execute(Unit("more"), "user:t");
  EXPECT_EQ(refused.status().code(), Code::kUnavailable);
  EXPECT_NE(refused.status().message().find("failed verification"), std::string::npos) << refused.status().ToString();
  EXPECT_EQ(rt->Read([](const plant::Plant& p) { return p.last_seq(); }), 10u);  // reads go on
  EXPECT_EQ(rt->journal().head().seq, 10u);
}

TEST_F(RuntimeTest, AnUnkeyedJournalStillReplaysAndGrows) {
  std::string state;
  {
    auto rt = OpenRt();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(rt->Execute(Unit("u" + std::to_string(i)), "user:t").ok());
    state = rt->Read([](const plant::Plant& p) { return p.Snapshot(); });
  }
  test::MakeUnkeyed(path_);
  auto rt = OpenRt();
  EXPECT_FALSE(rt->journal().chain().keyed());
  EXPECT_EQ(rt->open_stats().replayed, 10u);
  // The snapshot's last_hash is the unkeyed one now; the rest of the state is the same.
  EXPECT_EQ(rt->Read([](const plant::Plant& p) { return p.last_seq(); }), 10u);
  ASSERT_TRUE(rt->Execute(Unit("after"), "user:t").ok());
  EXPECT_TRUE(journal::Verify(rt->journal()).status.ok());
  EXPECT_EQ(rt->writes_stopped(), "");
}

// Stop() answers everything queued before it returns, and refuses what comes after, so that
// nothing the writer calls back can outlive a server destroyed after Stop.
TEST_F(RuntimeTest, StopAnswersWhatIsQueuedAndRefusesTheRest) {
  auto rt = OpenRt();
  std::atomic<int> answered{0}, committed{0};
  for (int i = 0; i < 500; ++i)
    rt->Submit(Unit("u" + std::to_string(i)), "system:test", [&](const Result<Committed>& r) {
      committed += r.ok();
      ++answered;
    });
  rt->Stop();
  EXPECT_EQ(answered.load(), 500);  // none left for later
  EXPECT_EQ(committed.load(), 500);
  Status refused;
  rt->Submit(Unit("late"), "system:test", [&](const Result<Committed>& r) { refused = r.status(); });
  EXPECT_EQ(refused.code(), Code::kUnavailable);  // answered at once, on this thread
  EXPECT_EQ(rt->SnapshotNow().code(), Code::kUnavailable);
  rt->Stop();  // idempotent
  rt.reset();
  rt = OpenRt();
  EXPECT_EQ(rt->journal().head().seq, 500u);
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
