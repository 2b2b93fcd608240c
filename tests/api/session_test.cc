// Web UI sessions: signing in with a user's name and token gives an HttpOnly, SameSite=Strict
// cookie that every route accepts in place of a bearer token; writes with it need the session's
// CSRF token and a same-origin Origin; sessions end at sign-out, when idle or old, and at once
// when their user is disabled or given a new token; a role change applies at once.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "api/fixture.h"
#include "api/raw_http.h"
#include "connect/http/sessions.h"
#include "plant/access/roles.h"

namespace takt::test {
namespace {

using namespace std::chrono_literals;

struct SignedIn {
  HttpResult reply;
  std::string cookie;  // "takt_session=..."
  std::string csrf;
};

std::string Str(const boost::json::value& v, const char* key) {
  const auto* o = v.if_object();
  const auto* f = o ? o->if_contains(key) : nullptr;
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

// The permission names `role` allows, as the server should list them.
boost::json::array PermissionsOf(const char* role) {
  boost::json::array out;
  for (auto p : plant::AllowedTo(*plant::ParseRole(role))) out.emplace_back(plant::PermissionName(p));
  return out;
}

class SessionTest : public ServerTest {
 protected:
  SignedIn SignIn(const std::string& user, const std::string& token) {
    HttpClient c(server_->base());
    SignedIn s;
    s.reply = c.Post("/api/v1/session", R"({"user":")" + user + R"(","token":")" + token + R"("})");
    const std::string set = s.reply.header("Set-Cookie");
    s.cookie = set.substr(0, set.find(';'));
    s.csrf = Str(s.reply.json(), "csrf_token");
    return s;
  }
  SignedIn SignInAs(const char* role) { return SignIn(std::string(role) + "-user", tokens_[role]); }
  // A client that sends the session's cookie (and its CSRF token unless told otherwise), no token.
  std::unique_ptr<HttpClient> Browser(const SignedIn& s, bool csrf = true) {
    auto c = std::make_unique<HttpClient>(server_->base());
    c->set_header("Cookie", "theme=dark; " + s.cookie);
    if (csrf) c->set_header("X-CSRF-Token", s.csrf);
    return c;
  }
};

TEST_F(SessionTest, SignInGivesAnHttpOnlyStrictCookieThatReadsAndWrites) {
  SignedIn s = SignInAs("supervisor");
  ASSERT_EQ(s.reply.status, 201) << s.reply.body;
  const std::string set = s.reply.header("Set-Cookie");
  EXPECT_TRUE(set.starts_with("takt_session=")) << set;
  for (const char* attribute : {"; Path=/", "; HttpOnly", "; SameSite=Strict", "; Max-Age=43200"})
    EXPECT_NE(set.find(attribute), std::string::npos) << attribute << " in " << set;
  EXPECT_EQ(set.find("Secure"), std::string::npos) << "plain http by default: " << set;
  EXPECT_EQ(s.cookie.size(), std::string("takt_session=").size() + 43) << "256 bits, base64url";
  EXPECT_EQ(s.reply.header("Cache-Control"), "no-store");
  const auto& body = s.reply.json();
  EXPECT_EQ(Str(body, "user"), "supervisor-user");
  EXPECT_EQ(Str(body, "role"), "supervisor");
  EXPECT_EQ(body.at("permissions"), PermissionsOf("supervisor"));
  EXPECT_EQ(s.csrf.size(), 43u);
  EXPECT_TRUE(Str(body, "expires_at").ends_with("Z")) << body;

  auto browser = Browser(s);
  // A read, a write (journaled as the user), and the session read back (as after a reload).
  auto me = browser->Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Str(me.json(), "name"), "supervisor-user");
  auto write = browser->Post("/api/v1/persons", R"({"id":"P-1","name":"Ana"})");
  ASSERT_EQ(write.status, 201) << write.body;
  EXPECT_EQ(Str(write.json(), "updated_by"), "user:supervisor-user");
  auto again = browser->Get("/api/v1/session");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(again.json(), "csrf_token"), s.csrf);
  EXPECT_EQ(again.json().at("permissions"), PermissionsOf("supervisor"));
  // The cookie is the session's only credential: without it, nothing.
  HttpClient anon(server_->base());
  EXPECT_EQ(anon.Get("/api/v1/session").status, 401);
  HttpClient forged(server_->base());
  forged.set_header("Cookie", "takt_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  auto refused = forged.Get("/api/v1/persons/P-1");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.error_field(), "Cookie");
  // A bearer token has no session to show.
  EXPECT_EQ(Client("supervisor").Get("/api/v1/session").status, 404);
}

TEST_F(SessionTest, MeListsWhatTheRoleAllows) {
  for (const char* role : {"admin", "supervisor", "operator", "viewer"}) {
    auto me = Client(role).Get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(Str(me.json(), "role"), role);
    ASSERT_TRUE(me.json().as_object().contains("permissions")) << me.body;
    EXPECT_EQ(me.json().at("permissions"), PermissionsOf(role)) << role;
  }
  EXPECT_EQ(PermissionsOf("viewer").size(), 1u);
  EXPECT_EQ(PermissionsOf("admin").size(), std::size(plant::kPermissionNames));
}

TEST_F(SessionTest, CookieWritesNeedTheSessionsCsrfTokenAndThisOrigin) {
  SignedIn s = SignInAs("admin");
  ASSERT_EQ(s.reply.status, 201) << s.reply.body;
  SignedIn other = SignInAs("admin");  // the same user's second session: another token
  ASSERT_EQ(other.reply.status, 201);
  ASSERT_NE(other.csrf, s.csrf);
  const uint64_t before = JournalHead();
  const std::string unit = R"({"id":"kg","dimension":"mass"})";

  auto none = Browser(s, false);
  auto r = none->Post("/api/v1/units", unit);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "csrf_token_missing");
  EXPECT_EQ(r.error_field(), "X-CSRF-Token");
  EXPECT_EQ(none->Get("/api/v1/units").status, 200) << "reads need no CSRF token";

  auto wrong = Browser(s, false);
  for (const std::string& token : {std::string("not-the-token"), other.csrf, s.csrf.substr(0, 42) + "x"}) {
    wrong->set_header("X-CSRF-Token", token);
    r = wrong->Post("/api/v1/units", unit);
    EXPECT_EQ(r.status, 403) << token;
    EXPECT_EQ(r.error_code(), "csrf_token_mismatch") << token;
    EXPECT_EQ(r.error_field(), "X-CSRF-Token");
    EXPECT_EQ(wrong->Delete("/api/v1/session").status, 403) << "signing out is a write too";
  }

  auto cross = Browser(s);
  cross->set_header("Origin", "http://evil.example");
  r = cross->Post("/api/v1/units", unit);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "origin_mismatch");
  EXPECT_EQ(r.error_field(), "Origin");
  cross->set_header("Origin", "null");
  EXPECT_EQ(cross->Post("/api/v1/units", unit).status, 403);
  // Nor may another site sign the browser in.
  HttpClient site(server_->base());
  site.set_header("Origin", "http://evil.example");
  r = site.Post("/api/v1/session", R"({"user":"admin-user","token":")" + tokens_["admin"] + R"("})");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_field(), "Origin");
  EXPECT_EQ(r.header("Set-Cookie"), "");

  EXPECT_EQ(JournalHead(), before) << "refused writes change nothing";
  EXPECT_EQ(Client().Get("/api/v1/units/kg").status, 404);

  // The same origin (as a browser says it) with the right token writes.
  auto same = Browser(s);
  same->set_header("Origin", server_->base());
  r = same->Post("/api/v1/units", unit);
  EXPECT_EQ(r.status, 201) << r.body;
  // Bearer requests are as before: no CSRF token, whatever the Origin.
  HttpClient bearer(server_->base(), tokens_["admin"]);
  bearer.set_header("Origin", "http://elsewhere.example");
  EXPECT_EQ(bearer.Post("/api/v1/units", R"({"id":"m","dimension":"length"})").status, 201);
}

TEST_F(SessionTest, SignOutEndsTheSessionAndClearsTheCookie) {
  SignedIn s = SignInAs("operator");
  ASSERT_EQ(s.reply.status, 201);
  auto browser = Browser(s);
  ASSERT_EQ(browser->Get("/api/v1/session").status, 200);
  auto out = browser->Delete("/api/v1/session");
  EXPECT_EQ(out.status, 204) << out.body;
  const std::string cleared = out.header("Set-Cookie");
  EXPECT_TRUE(cleared.starts_with("takt_session=;")) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  // Gone on the server: the old cookie, replayed, is refused (and cleared again).
  auto after = browser->Get("/api/v1/session");
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_EQ(after.error_field(), "Cookie");
  EXPECT_NE(after.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(browser->Get("/api/v1/units").status, 401);
  EXPECT_EQ(browser->Delete("/api/v1/session").status, 401);
  // Signing in again on that browser ends the session its cookie held.
  SignedIn first = SignInAs("operator");
  HttpClient again(server_->base());
  again.set_header("Cookie", first.cookie);
  auto second = again.Post("/api/v1/session", R"({"user":"operator-user","token":")" + tokens_["operator"] + R"("})");
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(Browser(first)->Get("/api/v1/session").status, 401);
}

// Sessions are kept in memory only: after a restart, every user signs in again.
TEST_F(SessionTest, ARestartEndsEverySession) {
  SignedIn s = SignInAs("viewer");
  ASSERT_EQ(s.reply.status, 201);
  ASSERT_EQ(Browser(s)->Get("/api/v1/units").status, 200);
  server_.reset();
  server_ = std::make_unique<ServerProcess>(db(), "serve", server_args_);
  auto r = Browser(s)->Get("/api/v1/units");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.error_field(), "Cookie");
  EXPECT_EQ(SignInAs("viewer").reply.status, 201);
}

TEST_F(SessionTest, DisablingRotatingAndRoleChangesApplyAtOnce) {
  HttpClient admin(server_->base(), tokens_["admin"]);
  SignedIn s = SignInAs("operator");
  ASSERT_EQ(s.reply.status, 201);
  auto browser = Browser(s);
  const std::string lot = R"({"id":"L-1","material":"M","quantity":1,"location":"X"})";
  EXPECT_NE(browser->Post("/api/v1/material-lots", lot).status, 403) << "an operator may receive";

  ASSERT_EQ(admin.Post("/api/v1/users/operator-user/role", R"({"role":"viewer"})").status, 200);
  auto r = browser->Post("/api/v1/material-lots", lot);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "permission_denied");
  auto now = browser->Get("/api/v1/session");
  ASSERT_EQ(now.status, 200);
  EXPECT_EQ(Str(now.json(), "role"), "viewer");
  EXPECT_EQ(now.json().at("permissions"), PermissionsOf("viewer"));

  ASSERT_EQ(admin.Post("/api/v1/users/operator-user/disable", R"({"reason":"left"})").status, 200);
  r = browser->Get("/api/v1/units");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.error_field(), "Cookie");
  ASSERT_EQ(admin.Post("/api/v1/users/operator-user/enable", "").status, 200);
  EXPECT_EQ(browser->Get("/api/v1/units").status, 401) << "a session ended stays ended";
  // Signing in while disabled is refused; a new token ends the sessions made with the old one.
  ASSERT_EQ(admin.Post("/api/v1/users/viewer-user/disable", R"({"reason":"x"})").status, 200);
  r = SignInAs("viewer").reply;
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.error_field(), "user");
  ASSERT_EQ(admin.Post("/api/v1/users/viewer-user/enable", "").status, 200);
  SignedIn v = SignInAs("viewer");
  ASSERT_EQ(v.reply.status, 201);
  ASSERT_EQ(Browser(v)->Get("/api/v1/units").status, 200);
  ASSERT_EQ(admin.Post("/api/v1/users/viewer-user/token", "").status, 200);
  EXPECT_EQ(Browser(v)->Get("/api/v1/units").status, 401);
  EXPECT_EQ(SignInAs("viewer").reply.status, 401) << "the old token is revoked";
}

TEST_F(SessionTest, BadSignInsSayWhichField) {
  HttpClient c(server_->base());
  const uint64_t before = JournalHead();
  struct Case {
    std::string body;
    int status;
    const char* field;
  } cases[] = {
      {R"({"token":"takt_x"})", 400, "user"},
      {R"({"user":"admin-user"})", 400, "token"},
      {R"({"user":"admin-user","token":42})", 400, "token"},
      {R"({"user":["admin-user"],"token":"takt_x"})", 400, "user"},
      {R"({"user":"","token":"takt_x"})", 400, "user"},
      {R"({"user":"admin-user","token":"takt_x","remember":true})", 400, "remember"},
      {"not json", 400, "body"},
      {"", 400, "body"},
      {R"({"user":"admin-user","token":"takt_wrong"})", 401, "token"},
      {R"({"user":"nobody","token":")" + tokens_["admin"] + R"("})", 401, "token"},
      {R"({"user":"viewer-user","token":")" + tokens_["admin"] + R"("})", 401, "token"},
  };
  for (const Case& k : cases) {
    auto r = c.Post("/api/v1/session", k.body);
    EXPECT_EQ(r.status, k.status) << k.body << ": " << r.body;
    EXPECT_EQ(r.error_field(), k.field) << k.body << ": " << r.body;
    EXPECT_EQ(r.header("Set-Cookie"), "") << k.body;
  }
  // An unknown user and a wrong token are told apart by nothing.
  EXPECT_EQ(c.Post("/api/v1/session", cases[8].body).body, c.Post("/api/v1/session", cases[10].body).body);
  EXPECT_EQ(JournalHead(), before);
}

// The live stream (server-sent events) with the cookie, as EventSource sends it: the headers, then
// the first KPIs.
TEST_F(SessionTest, TheLiveStreamTakesTheCookie) {
  ASSERT_EQ(Client().Post("/api/v1/equipment", R"({"id":"ENT","level":"enterprise"})").status, 201);
  SignedIn s = SignInAs("viewer");
  ASSERT_EQ(s.reply.status, 201);
  const std::string target = "/api/v1/live?equipment=ENT";
  auto open = [&](const std::string& cookie) {
    int fd = Connect(server_->port());
    std::string get = "GET " + target +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nConnection: close\r\n"
                      "Cookie: " +
                      cookie + "\r\n\r\n";
    EXPECT_EQ(send(fd, get.data(), get.size(), MSG_NOSIGNAL), static_cast<ssize_t>(get.size()));
    return fd;
  };
  int fd = open(s.cookie);
  ASSERT_GE(fd, 0);
  std::string seen;
  for (auto deadline = std::chrono::steady_clock::now() + 15s;
       seen.find("event: kpi\n") == std::string::npos && std::chrono::steady_clock::now() < deadline;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  EXPECT_TRUE(seen.starts_with("HTTP/1.1 200")) << seen;
  EXPECT_NE(seen.find("Content-Type: text/event-stream"), std::string::npos) << seen;
  EXPECT_NE(seen.find("event: kpi\n"), std::string::npos) << seen;
  if (size_t head = seen.find("\r\n\r\n"); head != std::string::npos) {
    HttpResult r;
    r.status = 200;
    r.body = seen.substr(head + 4);
    LogExchange("GET", target, "", r, "text/event-stream");
  }
  // An ended session opens no stream.
  ASSERT_EQ(Browser(s)->Delete("/api/v1/session").status, 204);
  fd = open(s.cookie);
  Reading refused = ReadToClose(fd, 10s);
  close(fd);
  EXPECT_TRUE(refused.data.starts_with("HTTP/1.1 401")) << refused.data;
}

// Failed sign-ins count in the per-address throttle of failed authentications, with bearer tokens.
class SessionThrottleTest : public SessionTest {
 protected:
  SessionThrottleTest() { server_args_ = {"--auth-failures", "3", "--auth-backoff-ms", "60000"}; }
};

TEST_F(SessionThrottleTest, FailedSignInsHoldTheAddressBack) {
  SignedIn before = SignInAs("viewer");
  ASSERT_EQ(before.reply.status, 201);
  HttpClient c(server_->base());
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(
        c.Post("/api/v1/session", R"({"user":"admin-user","token":"takt_guess)" + std::to_string(i) + R"("})").status,
        401)
        << i;
  auto held = SignInAs("admin").reply;  // even the right token, for now
  EXPECT_EQ(held.status, 429) << held.body;
  EXPECT_EQ(held.error_field(), "token");
  EXPECT_NE(held.header("Retry-After"), "");
  EXPECT_EQ(held.header("Set-Cookie"), "");
  EXPECT_EQ(RawGet(server_->port(), "/api/v1/units", tokens_["admin"], "127.0.0.1").status, 429) << "one throttle";
  EXPECT_EQ(RawGet(server_->port(), "/api/v1/units", tokens_["admin"], "127.0.0.2").status, 200) << "per address";
  // A session made before goes on: its cookie guesses nothing.
  EXPECT_EQ(Browser(before)->Get("/api/v1/units").status, 200);
}

// Sessions end after --session-idle-minutes without a request.
class SessionIdleTest : public SessionTest {
 protected:
  SessionIdleTest() { server_args_ = {"--session-idle-minutes", "0.02"}; }  // 1.2 s
};

TEST_F(SessionIdleTest, AnIdleSessionEnds) {
  SignedIn s = SignInAs("viewer");
  ASSERT_EQ(s.reply.status, 201);
  const auto signed_in = std::chrono::steady_clock::now();
  EXPECT_NE(s.reply.header("Set-Cookie").find("Max-Age=43200"), std::string::npos) << "the cookie lasts the session";
  // Past the idle limit, however slowly this runs: the server must have ended it.
  std::this_thread::sleep_until(signed_in + 1500ms);
  auto r = Browser(s)->Get("/api/v1/session");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.error_field(), "Cookie");
}

// Sessions end after --session-hours, used or not.
class SessionAgeTest : public SessionTest {
 protected:
  SessionAgeTest() { server_args_ = {"--session-hours", "0.0005"}; }  // 1.8 s
};

TEST_F(SessionAgeTest, ASessionInUseStillEndsAtItsLongestLife) {
  const auto start = std::chrono::steady_clock::now();
  SignedIn s = SignInAs("viewer");
  ASSERT_EQ(s.reply.status, 201);
  EXPECT_TRUE(s.reply.header("Set-Cookie").ends_with("; Max-Age=2")) << s.reply.header("Set-Cookie");
  auto browser = Browser(s);
  int used = 0;
  long status = 200;
  for (; status == 200 && std::chrono::steady_clock::now() < start + 20s; ++used) {
    status = browser->Get("/api/v1/session").status;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(status, 401);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1800ms) << "ended early";
  EXPECT_GT(used, 1);
}

// The store on its own, on a clock of the test's choosing.
TEST(SessionStore, EndsIdleAndOldSessionsAndKeepsAFewPerUser) {
  using Clock = http::SessionStore::Clock;
  http::SessionStore store({.max_age = 10h, .idle = 1h, .per_user = 3});
  const auto t0 = Clock::now();
  auto [cookie, s] = store.Begin("ana", "hash-1", t0);
  EXPECT_EQ(cookie.size(), 43u);
  EXPECT_NE(s.key, cookie) << "kept under its hash";
  EXPECT_EQ(s.key, http::SessionStore::Key(cookie));
  EXPECT_EQ(s.expires, t0 + 1h);
  // Each use moves the idle limit on, up to the longest life.
  for (int i = 1; i <= 10; ++i) {
    auto used = store.Use(cookie, t0 + i * 59min);
    ASSERT_TRUE(used) << i;
    EXPECT_EQ(used->expires, std::min(t0 + i * 59min + 1h, t0 + 10h));
    EXPECT_EQ(used->user, "ana");
    EXPECT_EQ(used->csrf_token, s.csrf_token);
  }
  EXPECT_FALSE(store.Use(cookie, t0 + 10h)) << "at its longest life";
  EXPECT_EQ(store.size(), 0u);

  auto idle = store.Begin("ana", "hash-1", t0).first;
  EXPECT_TRUE(store.Use(idle, t0 + 59min));
  EXPECT_FALSE(store.Use(idle, t0 + 59min + 1h));
  EXPECT_FALSE(store.Use("unknown", t0));

  // A fourth session of one user ends their oldest; others' are untouched.
  std::string ana[4];
  for (int i = 0; i < 4; ++i) ana[i] = store.Begin("ana", "h", t0 + i * 1s).first;
  auto bo = store.Begin("bo", "h", t0).first;
  EXPECT_FALSE(store.Use(ana[0], t0 + 5s));
  for (int i = 1; i < 4; ++i) EXPECT_TRUE(store.Use(ana[i], t0 + 5s)) << i;
  EXPECT_EQ(store.size(), 4u);
  store.EndUser("ana");
  EXPECT_FALSE(store.Use(ana[3], t0 + 6s));
  EXPECT_TRUE(store.Use(bo, t0 + 6s));
  auto key = store.Use(bo, t0 + 6s)->key;
  store.End(key);
  EXPECT_FALSE(store.Use(bo, t0 + 6s));
  // Expired sessions are forgotten at the next sign-in, used or not.
  store.Begin("cy", "h", t0);
  store.Begin("di", "h", t0 + 2h);
  EXPECT_EQ(store.size(), 1u);
}

TEST(SessionStore, CookiesAndOrigins) {
  EXPECT_EQ(http::CookieValue("takt_session=abc", "takt_session"), "abc");
  EXPECT_EQ(http::CookieValue("a=1; takt_session=abc; b=2", "takt_session"), "abc");
  EXPECT_EQ(http::CookieValue("xtakt_session=abc; takt_session2=d", "takt_session"), "");
  EXPECT_EQ(http::CookieValue("", "takt_session"), "");
  EXPECT_EQ(http::SessionCookie("v", 90s, true),
            "takt_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=90; Secure");
  EXPECT_EQ(http::SessionCookie("", 90s, false), "takt_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  EXPECT_TRUE(http::SameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_TRUE(http::SameOrigin("https://MES.example.com", "mes.example.com"));
  EXPECT_FALSE(http::SameOrigin("http://127.0.0.1:8081", "127.0.0.1:8080"));
  EXPECT_FALSE(http::SameOrigin("http://mes.example.com.evil", "mes.example.com"));
  EXPECT_FALSE(http::SameOrigin("null", "mes.example.com"));
  EXPECT_FALSE(http::SameOrigin("http://mes.example.com", ""));
}

}  // namespace
}  // namespace takt::test
