// Every route, every role: the permission table is enforced exactly as documented.
#include "api/fixture.h"
#include "connect/http/api.h"
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

}  // namespace
}  // namespace takt::test
