// Every route, every role: the permission table is enforced exactly as documented.
#include <chrono>
#include <thread>

#include "api/fixture.h"
#include "api/raw_http.h"
#include "connect/http/api.h"
#include "connect/http/throttle.h"
#include "plant/access/roles.h"

namespace takt::test {
namespace {

std::string Fill(std::string path) {
  for (auto [param, value] : {std::pair{"{id}", "SOME-ID"}, {"{name}", "someone"}})
    if (auto at = path.find(param); at != std::string::npos) path.replace(at, std::string(param).size(), value);
  return path;
}

class SecurityTest : public ServerTest {};

TEST_F(SecurityTest, EveryRouteEnforcesItsPermissionForEveryRole) {
  int checked = 0;
  for (const auto& route : http::Routes()) {
    std::string path = Fill(route.path);
    std::string body = route.method == "GET" || route.method == "DELETE" ? "" : "{}";
    for (const char* role : {"admin", "supervisor", "operator", "viewer"}) {
      auto r = Client(role).Send(route.method, path, body);
      bool allowed = !route.permission || plant::Allows(*plant::ParseRole(role), *route.permission);
      if (allowed) {
        EXPECT_NE(r.status, 403) << role << " " << route.method << " " << route.path << ": " << r.body;
        EXPECT_NE(r.status, 401) << role << " " << route.method << " " << route.path;
      } else {
        EXPECT_EQ(r.status, 403) << role << " " << route.method << " " << route.path << ": " << r.body;
        EXPECT_EQ(r.error_code(), "permission_denied");
      }
      ++checked;
    }
    if (route.permission || route.any_user) {
      HttpClient anon(server_->base());
      EXPECT_EQ(anon.Send(route.method, path, body).status, 401) << route.method << " " << route.path;
      HttpClient forged(server_->base(), "takt_forged");
      EXPECT_EQ(forged.Send(route.method, path, body).status, 401) << route.method << " " << route.path;
    }
  }
  EXPECT_GT(checked, 4 * 40);
}

TEST_F(SecurityTest, RefusedWritesChangeNothing) {
  uint64_t before = JournalHead();
  EXPECT_EQ(Client("viewer").Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 403);
  EXPECT_EQ(Client("operator").Post("/api/v1/persons", R"({"id":"P1","name":"x"})").status, 403);
  EXPECT_EQ(Client("supervisor").Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 403);
  EXPECT_EQ(Client("supervisor").Post("/api/v1/users", R"({"name":"x","role":"admin"})").status, 403);
  EXPECT_EQ(JournalHead(), before);
  EXPECT_EQ(Client("admin").Get("/api/v1/units/kg").status, 404);
}

TEST_F(SecurityTest, MalformedAuthorizationHeaders) {
  for (const char* header : {"Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "bearer x", "Token abc"}) {
    HttpClient c(server_->base());
    c.set_authorization(header);
    auto r = c.Get("/api/v1/units");
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(r.error_field(), "Authorization");
  }
}

// Failed authentication is throttled per client address: after a few wrong tokens that address's
// tokens are refused (429 with Retry-After) without being looked at, while other addresses are
// served; once the wait has passed, a right token works again and clears the address. Before,
// wrong tokens could be tried as fast as the server answered.
class AuthThrottleTest : public ServerTest {
 protected:
  AuthThrottleTest() { server_args_ = {"--auth-failures", "5", "--auth-backoff-ms", "3000"}; }
};

TEST_F(AuthThrottleTest, WrongTokensHoldBackTheirAddressOnly) {
  const int port = server_->port();
  const std::string right = tokens_["viewer"];
  for (int i = 0; i < 5; ++i) EXPECT_EQ(RawGet(port, "/api/v1/units", "takt_wrong", "127.0.0.1").status, 401) << i;
  auto held = RawGet(port, "/api/v1/units", "takt_wrong", "127.0.0.1");
  EXPECT_EQ(held.status, 429) << held.head;
  EXPECT_NE(held.head.find("Retry-After: "), std::string::npos) << held.head;
  EXPECT_NE(held.body.find("too_many_requests"), std::string::npos) << held.body;
  EXPECT_EQ(RawGet(port, "/api/v1/units", right, "127.0.0.1").status, 429);  // not even a right one, for now
  // Another address is not held back, and counts its own failures.
  EXPECT_EQ(RawGet(port, "/api/v1/units", right, "127.0.0.2").status, 200);
  EXPECT_EQ(RawGet(port, "/api/v1/units", "takt_wrong", "127.0.0.2").status, 401);
  int answered = 0;
  for (int i = 0; i < 50; ++i) answered += RawGet(port, "/api/v1/units", "takt_wrong", "127.0.0.1").status != 429;
  EXPECT_EQ(answered, 0);
  // The wait passes: the right token works, and the address counts from zero again.
  bool back = false;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
       !back && std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(std::chrono::milliseconds(100)))
    back = RawGet(port, "/api/v1/units", right, "127.0.0.1").status == 200;
  EXPECT_TRUE(back);
  EXPECT_EQ(RawGet(port, "/api/v1/units", "takt_wrong", "127.0.0.1").status, 401);
}

// The throttle's own rules, in process: memory stays bounded whatever the number of addresses,
// forgetting never holds anyone back, and an IPv6 client counts by its /64.
TEST(AuthThrottle, MemoryIsBoundedAndClientsAreKeyedByNetwork) {
  using Clock = http::AuthThrottle::Clock;
  http::AuthThrottle t({.free_failures = 2, .first_backoff = std::chrono::seconds(10), .max_addresses = 100});
  const auto now = Clock::now();
  t.Failed("10.0.0.1", now);
  t.Failed("10.0.0.1", now);
  EXPECT_GT(t.Wait("10.0.0.1", now).count(), 0);
  EXPECT_EQ(t.Wait("10.0.0.2", now).count(), 0);
  for (int i = 0; i < 10000; ++i) t.Failed("10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256), now);
  EXPECT_LE(t.remembered(), 100u);
  for (int i = 0; i < 10000; i += 97) EXPECT_EQ(t.Wait("10.2.0." + std::to_string(i % 256), now).count(), 0);

  EXPECT_EQ(http::ClientKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(http::ClientKey("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(http::ClientKey("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(http::ClientKey("192.0.2.7"), "192.0.2.7");
  http::AuthThrottle v6({.free_failures = 1, .first_backoff = std::chrono::seconds(10)});
  v6.Failed("2001:db8:1:2::1", now);
  EXPECT_GT(v6.Wait("2001:db8:1:2::99", now).count(), 0);  // the same /64
  EXPECT_EQ(v6.Wait("2001:db8:1:3::1", now).count(), 0);
  v6.Succeeded("2001:db8:1:2::99");
  EXPECT_EQ(v6.Wait("2001:db8:1:2::1", now).count(), 0);
}

}  // namespace
}  // namespace takt::test
