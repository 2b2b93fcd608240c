// Users over HTTP: disable, enable, role changes, the last admin, and no token hashes in the
// journal API.
#include "api/fixture.h"

namespace takt::test {
namespace {

class UsersApiTest : public ServerTest {};

TEST_F(UsersApiTest, DisabledUsersAreShutOutUntilEnabled) {
  HttpClient op = Client("operator");
  ASSERT_EQ(op.Get("/api/v1/units").status, 200);
  auto r = Client().Post("/api/v1/users/operator-user/disable", R"({"reason":"left the company"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("disabled").as_bool(), true);
  EXPECT_EQ(r.json().at("disabled_reason").as_string(), "left the company");
  auto refused = op.Get("/api/v1/units");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.error_field(), "Authorization");
  // A new token for a disabled user is issued but does not work either.
  auto token = Client().Post("/api/v1/users/operator-user/token", "");
  ASSERT_EQ(token.status, 200);
  HttpClient fresh(server_->base(), std::string(token.json().at("token").as_string()));
  EXPECT_EQ(fresh.Get("/api/v1/units").status, 401);
  ASSERT_EQ(Client().Post("/api/v1/users/operator-user/enable", "").status, 200);
  EXPECT_EQ(fresh.Get("/api/v1/units").status, 200);
  EXPECT_EQ(op.Get("/api/v1/units").status, 401);  // the old token stays revoked
}

TEST_F(UsersApiTest, RoleChangesTakeEffectAtOnce) {
  HttpClient viewer = Client("viewer");
  EXPECT_EQ(viewer.Get("/api/v1/journal").status, 403);
  auto r = Client().Post("/api/v1/users/viewer-user/role", R"({"role":"supervisor","reason":"shift lead"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("role").as_string(), "supervisor");
  EXPECT_EQ(viewer.Get("/api/v1/journal").status, 200);
  EXPECT_EQ(Client().Post("/api/v1/users/viewer-user/role", R"({"role":"boss"})").error_field(), "role");
}

TEST_F(UsersApiTest, TheLastAdminCannotBeLockedOut) {
  uint64_t before = JournalHead();
  auto r = Client().Post("/api/v1/users/admin-user/disable", R"({"reason":"oops"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_field(), "name");
  r = Client().Post("/api/v1/users/admin-user/role", R"({"role":"viewer"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Client().Post("/api/v1/users/admin-user/disable", "{}").error_field(), "reason");
  EXPECT_EQ(Client().Post("/api/v1/users/nobody/disable", R"({"reason":"x"})").status, 404);
  EXPECT_EQ(Client("supervisor").Post("/api/v1/users/viewer-user/disable", R"({"reason":"x"})").status, 403);
  EXPECT_EQ(JournalHead(), before);
  // With a second admin, the first may step down, and the state survives a restart.
  ASSERT_EQ(Client().Post("/api/v1/users/supervisor-user/role", R"({"role":"admin"})").status, 200);
  ASSERT_EQ(Client().Post("/api/v1/users/admin-user/disable", R"({"reason":"rotation"})").status, 200);
  server_->Kill9();
  server_ = std::make_unique<ServerProcess>(db());
  EXPECT_EQ(Client("admin").Get("/api/v1/me").status, 401);
  auto u = Client("supervisor").Get("/api/v1/users/admin-user");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_TRUE(u.json().at("disabled").as_bool());
  EXPECT_EQ(Client("supervisor").Post("/api/v1/users/supervisor-user/disable", R"({"reason":"x"})").status, 409);
}

TEST_F(UsersApiTest, TheJournalApiShowsNoTokenHashes) {
  ASSERT_EQ(Client().Post("/api/v1/users/viewer-user/token", "").status, 200);
  auto r = Client("supervisor").Get("/api/v1/journal?limit=1000");
  ASSERT_EQ(r.status, 200);
  int user_events = 0;
  for (const auto& e : r.json().at("events").as_array()) {
    if (!e.at("type").as_string().starts_with("user.")) continue;
    ++user_events;
    EXPECT_EQ(e.at("payload").at("token_hash").as_string(), "redacted") << e;
  }
  EXPECT_EQ(user_events, 5);  // four users added, one token issued
}

}  // namespace
}  // namespace takt::test
