// The web UI's sessions: sign in with a user's name and token for a session cookie, read the
// session back (a reloaded page recovers its CSRF token), sign out. The sessions themselves are
// in sessions.h; api.cc authenticates requests by their cookie.
#include "connect/http/route.h"
#include "connect/http/throttle.h"
#include "core/hash.h"
#include "plant/access/contract.h"
#include "plant/access/users.h"
#include "runtime/runtime.h"

namespace takt::http {

struct SignIn {
  std::string user;
  std::string token;
};
struct SessionView {
  std::string user;
  std::string role;
  std::vector<plant::Permission> permissions;
  std::string csrf_token;
  Timestamp expires_at;
};
// What signing in answers: the session and its cookie, or a refusal with headers of its own
// (429 with Retry-After).
struct SignedIn {
  SessionView session;
  std::string set_cookie;
  std::optional<Response> refusal;
};
// What signing out answers: no body, and the cookie cleared.
struct SignedOut {
  std::string set_cookie;
};

}  // namespace takt::http

namespace takt::contract {
using namespace http;

template <>
struct Describe<SignIn> {
  static constexpr std::string_view kName = "SignIn";
  static constexpr auto kFields =
      std::tuple{Field("user", &SignIn::user, kRequired | kNonEmpty, "the user's name"),
                 Field("token", &SignIn::token, kRequired | kNonEmpty, "the user's API token (takt_...)")};
};
template <>
struct Describe<SessionView> {
  static constexpr std::string_view kName = "Session";
  static constexpr std::string_view kDoc =
      "A web UI session. Its cookie (takt_session, HttpOnly) is not shown: the browser keeps it.";
  static constexpr auto kFields = std::tuple{
      Field("user", &SessionView::user, kRequired),
      Field("role", &SessionView::role, kRequired, "the user's role now: a change applies at once"),
      Field("permissions", &SessionView::permissions, kRequired,
            "what the role allows (docs/SECURITY.md): offer only these actions; the server refuses the rest"),
      Field("csrf_token", &SessionView::csrf_token, kRequired,
            "send it as X-CSRF-Token with every request but GET and HEAD made with the cookie"),
      Field("expires_at", &SessionView::expires_at, kRequired,
            "when the session ends unless used before (UTC): the idle limit, or the overall one if sooner; each "
            "request moves the idle limit on")};
};

}  // namespace takt::contract

namespace takt::http {

template <>
struct Content<SignedIn> {
  static constexpr const char* kType = "application/json";
  static json::value Schema(contract::SchemaRegistry& r) { return contract::Schema<SessionView>::Of(r, {}); }
  static Response Make(int status, const SignedIn& s) {
    if (s.refusal) return *s.refusal;
    Response r = Json(status, contract::Encode(s.session));
    r.headers.emplace_back("Set-Cookie", s.set_cookie);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }
};
template <>
struct Content<SignedOut> {
  static constexpr const char* kType = nullptr;
  static json::value Schema(contract::SchemaRegistry&) { return nullptr; }
  static Response Make(int status, const SignedOut& s) {
    Response r{status, "", ""};
    r.headers.emplace_back("Set-Cookie", s.set_cookie);
    return r;
  }
};

namespace {

SessionView View(const SessionStore::Session& s, plant::Role role) {
  auto left = std::chrono::duration_cast<std::chrono::microseconds>(s.expires - SessionStore::Clock::now());
  return {s.user, plant::RoleName(role), plant::AllowedTo(role), s.csrf_token,
          Timestamp{Now().micros + std::max<int64_t>(0, left.count())}};
}

struct Holder {
  std::string name, token_hash;
  plant::Role role;
};

Result<Holder> Check(runtime::Runtime& rt, const SignIn& in) {
  const std::string hash = TokenHash(in.token);
  return rt.Read([&](const plant::Plant& p) -> Result<Holder> {
    const plant::User* u = p.FindUser(in.user);
    // One answer for an unknown user and a wrong token: the refusal tells no names.
    if (!u || !SameSecret(u->token_hash, hash))
      return Status(Code::kUnauthenticated, "unknown user, or not their token", "token");
    if (u->disabled) return Status(Code::kUnauthenticated, "user '" + u->name + "' is disabled", "user");
    return Holder{u->name, u->token_hash, u->role};
  });
}

Status NoSession() {
  return Status::NotFound("no session: this request came with a bearer token, not a session cookie", "Cookie");
}

const char* kSessionDoc =
    "For the web UI. The reply sets the session cookie `takt_session` (HttpOnly, SameSite=Strict, Path=/, "
    "Max-Age the session's longest life, Secure with `--secure-cookies`); every route then accepts the cookie in "
    "place of `Authorization: Bearer`. A request with the cookie other than GET or HEAD must carry the session's "
    "`csrf_token` in `X-CSRF-Token` (else 403 `csrf_token_missing` or `csrf_token_mismatch`), and, if it has an "
    "`Origin`, one naming this server's `Host` (else 403 `origin_mismatch`). A session ends after "
    "`--session-idle-minutes` without a request (60), after `--session-hours` at most (12), at sign-out, when its "
    "user is disabled or given a new token, and when takt restarts. Failed sign-ins count in the per-address "
    "throttle of failed authentications (429).";

}  // namespace

void AddSessionRoutes(std::vector<Route>& out) {
  const std::string path = "/api/v1/session";
  out.push_back(Bind<NoQuery, SignIn, SignedIn>(
      {"POST", path, std::nullopt, "sign in to the web UI with a user's name and token: a session cookie", 201, false,
       kSessionDoc},
      [](Call& c, const NoQuery&, SignIn body, Answer<SignedIn> answer) {
        const Request& req = c.req;
        // Against signing a victim's browser in to someone else's session from another site.
        if (!req.origin.empty() && !SameOrigin(req.origin, req.host))
          return answer(SignedIn{{},
                                 {},
                                 ErrorResponse(403, "origin_mismatch",
                                               "a sign-in from a page of another origin (" + req.origin +
                                                   ") than this server (" + req.host + ")",
                                               "Origin")});
        const auto now = AuthThrottle::Clock::now();
        if (auto wait = c.throttle->Wait(req.peer, now); wait.count() > 0)
          return answer(SignedIn{{}, {}, Throttled(wait, "token")});
        auto holder = Check(c.rt, body);
        if (!holder.ok()) {
          c.throttle->Failed(req.peer, now);
          return answer(holder.status());
        }
        c.throttle->Succeeded(req.peer);
        // This browser's earlier session, if any, ends: one cookie, one session.
        if (auto old = CookieValue(req.cookie, kSessionCookie); !old.empty()) c.sessions->End(SessionStore::Key(old));
        auto [cookie, session] = c.sessions->Begin(holder->name, holder->token_hash, now);
        const auto life = std::chrono::ceil<std::chrono::seconds>(c.sessions->options().max_age);
        answer(
            SignedIn{View(session, holder->role), SessionCookie(cookie, life, c.options.secure_cookies), std::nullopt});
      }));
  out.push_back(Bind<NoQuery, NoBody, SessionView>(
      {"GET", path, std::nullopt,
       "the session of this cookie: user, role, permissions and CSRF token (404 for a bearer token)", 200, true},
      [](Call& c, const NoQuery&, NoBody, Answer<SessionView> answer) {
        if (!c.session) return answer(NoSession());
        answer(View(*c.session, c.role));
      }));
  out.push_back(Bind<NoQuery, NoBody, SignedOut>(
      {"DELETE", path, std::nullopt, "sign out: the session ends and its cookie is cleared (404 for a bearer token)",
       204, true},
      [](Call& c, const NoQuery&, NoBody, Answer<SignedOut> answer) {
        if (!c.session) return answer(NoSession());
        c.sessions->End(c.session->key);
        answer(SignedOut{SessionCookie("", {}, c.options.secure_cookies)});
      }));
}

}  // namespace takt::http
