// Durability: SIGKILL in the middle of a burst of writes loses no acknowledged write.
#include <atomic>
#include <mutex>
#include <thread>

#include "api/fixture.h"

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

}  // namespace
}  // namespace takt::test
