// Plans off the request threads, on a real server: they queue (a plan waits for the one running,
// a third is refused), repairs go before waiting plans, each keeps to its time limit, and the
// server answers meanwhile. Before, each plan held a server thread for (far beyond) its limit.
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "api/fixture.h"
#include "support/planning_plant.h"

namespace takt::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class PlanLoad : public ServerTest {
 protected:
  // The planning part of /api/v1/health (null if absent).
  boost::json::value Planning() {
    auto h = Client().Get("/api/v1/health");
    const auto& v = h.json();
    return v.is_object() && v.as_object().contains("planning") ? v.at("planning") : boost::json::value();
  }
  template <typename F>
  bool WaitFor(F done, std::chrono::seconds limit = 20s) {
    for (auto deadline = Clock::now() + limit; Clock::now() < deadline; std::this_thread::sleep_for(20ms))
      if (done()) return true;
    return false;
  }

  struct Call {
    HttpResult r;
    double seconds = 0;  // as the client saw it
  };
  std::jthread Post(Call& out, std::string path, std::string body) {
    return std::jthread([this, &out, path, body] {
      HttpClient c(server_->base(), tokens_["supervisor"]);
      auto t0 = Clock::now();
      out.r = c.Post(path, body);
      out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    });
  }
};

TEST_F(PlanLoad, PlansQueueRepairsGoFirstLimitsHoldAndTheServerAnswers) {
  auto admin = Client();
  ASSERT_EQ(SeedPlanningPlant(admin, 150), "");  // 1,500 open operations
  const uint64_t head = JournalHead();
  auto sup = Client("supervisor");
  // The accepted limit is bounded (120 s by default).
  EXPECT_EQ(sup.Post("/api/v1/schedules", R"({"time_limit_s":121})").error_field(), "time_limit_s");
  EXPECT_EQ(sup.Post("/api/v1/schedules/repair", R"({"time_limit_s":1e9})").error_field(), "time_limit_s");

  Call a, b, repair;  // declared before the threads that write them: they join first
  std::jthread ta = Post(a, "/api/v1/schedules", R"({"time_limit_s":3})");
  ASSERT_TRUE(WaitFor([&] { return Planning().is_object() && Planning().at("running") == true; }))
      << Client().Get("/api/v1/health").body;
  std::jthread tb = Post(b, "/api/v1/schedules", R"({"time_limit_s":1})");
  ASSERT_TRUE(WaitFor([&] { return Planning().at("waiting") == 1; }));
  // A plan runs and another waits: a third is refused at once.
  auto third = sup.Post("/api/v1/schedules", R"({"time_limit_s":1})");
  EXPECT_EQ(third.status, 409) << third.body;
  EXPECT_EQ(third.error_code(), "conflict");
  EXPECT_EQ(third.error_field(), "schedule");
  // A repair goes before the waiting plan.
  std::jthread tr = Post(repair, "/api/v1/schedules/repair", R"({"time_limit_s":0.5})");
  ASSERT_TRUE(WaitFor([&] { return Planning().at("waiting") == 2; }));
  // Meanwhile the server answers, reads and writes alike.
  EXPECT_EQ(Client().Get("/api/v1/health").status, 200);
  EXPECT_EQ(Client("viewer").Get("/api/v1/work-orders/WO1").status, 200);
  EXPECT_EQ(admin.Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 201);
  EXPECT_EQ(Planning().at("running"), true);  // all of that while the first plan ran
  ta.join();
  tb.join();
  tr.join();

  ASSERT_EQ(a.r.status, 201) << a.r.body;
  ASSERT_EQ(b.r.status, 201) << b.r.body;
  ASSERT_EQ(repair.r.status, 201) << repair.r.body;
  // The first plan kept to its limit (3 s) within a second, as seen by its client.
  EXPECT_LE(a.seconds, 3 + 1.0);
  EXPECT_LE(b.r.json().at("seconds").to_number<double>(), 1 + 1.0);
  // Activations in the order they ran: plan, repair, plan; none was refused as stale.
  auto journal = Client().Get("/api/v1/journal?after=" + std::to_string(head) + "&limit=1000");
  std::vector<std::string> kinds;
  for (const auto& e : journal.json().at("events").as_array())
    if (e.at("type") == "schedule.activated") kinds.emplace_back(e.at("payload").at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"plan", "repair", "plan"}));

  // A plan alone with a small limit: the whole request within a second of it.
  Call alone;
  Post(alone, "/api/v1/schedules", R"({"time_limit_s":1})").join();
  ASSERT_EQ(alone.r.status, 201) << alone.r.body;
  EXPECT_LE(alone.seconds, 1 + 1.0);
}

// Stopping the server stops a plan that is being computed, at once and cleanly: nothing is
// activated, and the process exits 0 long before the plan's limit.
TEST_F(PlanLoad, StoppingTheServerStopsTheRunningPlan) {
  auto admin = Client();
  ASSERT_EQ(SeedPlanningPlant(admin, 100), "");
  const uint64_t head = JournalHead();
  Call call;
  std::jthread t = Post(call, "/api/v1/schedules", R"({"time_limit_s":60})");
  ASSERT_TRUE(WaitFor([&] { return Planning().is_object() && Planning().at("running") == true; }));
  auto t0 = Clock::now();
  EXPECT_EQ(server_->Terminate(), 0);
  EXPECT_LT(Clock::now() - t0, 30s);  // not the plan's 60 s
  t.join();
  EXPECT_NE(call.r.status, 201) << call.r.body;
  // Nothing was activated: the journal ends where it did.
  server_ = std::make_unique<ServerProcess>(db());
  EXPECT_EQ(JournalHead(), head);
}

}  // namespace
}  // namespace takt::test
