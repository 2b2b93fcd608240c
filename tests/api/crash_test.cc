// Durability: SIGKILL in the middle of a burst of writes loses no acknowledged write.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "api/fixture.h"
#include "support/child.h"
#include "support/journal_files.h"

namespace takt::test {
namespace {

class CrashTest : public ServerTest {};

TEST_F(CrashTest, AcknowledgedWritesSurviveKill9) {
  constexpr int kClients = 8;
  constexpr int kMaxPerClient = 20000;  // bounds the burst if the kill came late
  std::atomic<int> acked_count{0};
  std::atomic<bool> killed{false};
  std::vector<std::vector<std::string>> acked(kClients);
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      HttpClient c(server_->base(), tokens_["admin"]);
      for (int i = 0; i < kMaxPerClient; ++i) {
        std::string id = "c" + std::to_string(t) + "-" + std::to_string(i);
        auto r = c.Post("/api/v1/units", R"({"id":")" + id + R"(","dimension":"count"})");
        if (r.status == 201) {
          acked[t].push_back(id);
          ++acked_count;
        } else if (r.status == 0) {
          return;  // the server is gone
        } else {
          ADD_FAILURE() << "unexpected " << r.status << " " << r.body;
          return;
        }
      }
    });
  }
  // Kill once a good number of writes were acknowledged, while all clients are still writing.
  while (acked_count < 2000) std::this_thread::yield();
  server_->Kill9();
  killed = true;
  for (auto& th : clients) th.join();

  size_t total = 0;
  for (const auto& v : acked) total += v.size();
  ASSERT_GE(total, 2000u);

  auto verify = RunTakt({"verify", "--db", "sqlite:" + db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;

  server_ = std::make_unique<ServerProcess>(db());
  auto c = Client();
  size_t missing = 0;
  for (const auto& v : acked)
    for (const auto& id : v)
      if (c.Get("/api/v1/units/" + id).status != 200) ++missing;
  EXPECT_EQ(missing, 0u) << "of " << total << " acknowledged writes";
  // The journal holds at least every acknowledged write (plus the 4 users), and goes on.
  EXPECT_GE(JournalHead(), total + 4);
  EXPECT_EQ(c.Post("/api/v1/units", R"({"id":"after-crash","dimension":"count"})").status, 201);
  server_->Terminate();
  verify = RunTakt({"verify", "--db", "sqlite:" + db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

// SIGTERM while clients write: the server answers what it took, stops cleanly (exit 0, not a
// crash in a callback that outlived the HTTP server), and every acknowledged write is there.
TEST_F(CrashTest, AGracefulStopUnderWritesExitsCleanly) {
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::atomic<int> acked_count{0};
    std::vector<std::vector<std::string>> acked(6);
    std::vector<std::thread> clients;
    for (int t = 0; t < 6; ++t)
      clients.emplace_back([&, t] {
        HttpClient c(server_->base(), tokens_["admin"]);
        for (int i = 0; i < 20000; ++i) {
          std::string id = "r" + std::to_string(round) + "-" + std::to_string(t) + "-" + std::to_string(i);
          auto r = c.Post("/api/v1/units", R"({"id":")" + id + R"(","dimension":"count"})");
          if (r.status != 201) return;  // refused while stopping (503) or gone
          acked[t].push_back(id);
          ++acked_count;
        }
      });
    while (acked_count < 300) std::this_thread::yield();
    EXPECT_EQ(server_->Terminate(), 0);
    for (auto& th : clients) th.join();
    server_ = std::make_unique<ServerProcess>(db());
    auto c = Client();
    size_t missing = 0;
    for (const auto& v : acked)
      for (const auto& id : v) missing += c.Get("/api/v1/units/" + id).status != 200;
    EXPECT_EQ(missing, 0u);
  }
}

// A crash while a journal is created (kill -9 at each failure point of the creation, in order)
// never leaves a journal without its key, nor a file that the next start refuses: the key is made
// aside (KEY.pending), the database built aside and renamed into place, then the key moved in.
TEST(CrashOnCreation, NeverLeavesAJournalWithoutItsKey) {
  namespace fs = std::filesystem;
  for (const char* point :
       {"key-written", "key-linked", "key-created", "journal-built", "journal-renamed", "key-promoted"}) {
    SCOPED_TRACE(point);
    TempDir dir;
    const std::string db = dir.File("new.db"), pending = db + ".key.pending";
    Child crashed({TaktBinary(), "serve", "--db", "sqlite:" + db, "--listen", "127.0.0.1:0"}, dir.File("out.txt"),
                  {std::string("TAKT_CRASH_POINT=") + point});
    ASSERT_EQ(crashed.Wait(std::chrono::seconds(60)), 128 + SIGKILL) << crashed.Output();
    const bool made = fs::exists(db);
    std::string key = fs::exists(db + ".key") ? ReadAll(db + ".key") : fs::exists(pending) ? ReadAll(pending) : "";
    if (made) {
      EXPECT_EQ(key.size(), 32u) << "a journal without its key";
    }
    // The next start opens what was made, moving its key in, or makes it anew.
    { ServerProcess server(db); }
    if (made) {
      EXPECT_EQ(ReadAll(db + ".key"), key);
    }
    auto verify = RunTakt({"verify", "--db", "sqlite:" + db});
    EXPECT_EQ(verify.exit_code, 0) << verify.out;
    EXPECT_FALSE(fs::exists(db + ".new"));
    EXPECT_FALSE(fs::exists(pending));
  }
}

// Review, 2: an upgrade interrupted before its commit is undone (the journal is unkeyed as before,
// its pending key sealed nothing and the next try replaces it); after its commit, the next open
// finishes it. Neither leaves an unkeyed journal beside a key, which is refused as a stripped one.
TEST(CrashOnCreation, AnInterruptedUpgradeIsUndoneOrFinished) {
  namespace fs = std::filesystem;
  struct Case {
    const char* point;
    const char* chain_after_crash;
    int again;
  };
  for (const Case& c :
       {Case{"upgrade-key-created", "UNKEYED hash chain", 0}, Case{"upgrade-committed", "keyed hash chain", 0},
        Case{"key-promoted", "keyed hash chain", 2}}) {
    SCOPED_TRACE(c.point);
    TempDir dir;
    const std::string db = dir.File("old.db");
    AddUser(db, "root", "admin");
    MakeUnkeyed(db);
    Child crashed({TaktBinary(), "upgrade", "--db", "sqlite:" + db}, dir.File("out.txt"),
                  {std::string("TAKT_CRASH_POINT=") + c.point});
    ASSERT_EQ(crashed.Wait(std::chrono::seconds(60)), 128 + SIGKILL) << crashed.Output();
    auto after = RunTakt({"verify", "--db", "sqlite:" + db});
    EXPECT_EQ(after.exit_code, 0) << after.out;
    EXPECT_NE(after.out.find(c.chain_after_crash), std::string::npos) << after.out;
    auto again = RunTakt({"upgrade", "--db", "sqlite:" + db});
    EXPECT_EQ(again.exit_code, c.again) << again.out;
    if (c.again != 0) {
      EXPECT_NE(again.out.find("has a keyed chain already"), std::string::npos) << again.out;
    }
    auto verify = RunTakt({"verify", "--db", "sqlite:" + db});
    EXPECT_EQ(verify.exit_code, 0) << verify.out;
    EXPECT_NE(verify.out.find("journal intact: 1 events, keyed hash chain"), std::string::npos) << verify.out;
    EXPECT_FALSE(fs::exists(db + ".key.pending"));
  }
}

}  // namespace
}  // namespace takt::test
