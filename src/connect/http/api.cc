#include "connect/http/api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include "connect/http/http_metrics.h"
#include "connect/http/live.h"
#include "connect/http/route.h"
#include "connect/http/sessions.h"
#include "connect/http/throttle.h"
#include "core/hash.h"
#include "core/json.h"
#include "metrics/metrics.h"
#include "plan/queue.h"
#include "runtime/runtime.h"

namespace takt::http {
namespace {

int HttpStatus(Code c) {
  switch (c) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kConflict:
      return 409;
    case Code::kTooLarge:
      return 413;
    case Code::kUnprocessable:
      return 422;
    case Code::kInternal:
      return 500;
    case Code::kTooManyRequests:
      return 429;
    case Code::kUnavailable:
      return 503;
  }
  return 500;
}

bool PercentDecode(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      unsigned v = 0;
      auto r = std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16);
      if (r.ec != std::errc() || r.ptr != in.data() + i + 3) return false;
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

Status ParseTarget(std::string_view target, std::string& path, Query& query) {
  auto q = target.find('?');
  if (!PercentDecode(target.substr(0, q), path)) return Status::Invalid("bad percent-encoding in path", "path");
  // Decoded segments become ids and error messages: text only.
  if (!IsValidUtf8(path)) return Status::Invalid("the path is not valid UTF-8 once percent-decoded", "path");
  if (std::any_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return Status::Invalid("the path holds control characters once percent-decoded", "path");
  if (q == std::string_view::npos) return Status::Ok();
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string k, v;
    if (!PercentDecode(pair.substr(0, eq), k) ||
        !PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), v))
      return Status::Invalid("bad percent-encoding in query", "query");
    if (!IsValidUtf8(k) || !IsValidUtf8(v))
      return Status::Invalid("the query is not valid UTF-8 once percent-decoded", "query");
    query[k] = v;
  }
  return Status::Ok();
}

// A path cut at its slashes, without the leading one ("/a/b" is "a", "b"). Paths with more
// segments than any route has are not kept (no route matches them).
struct Segments {
  static constexpr size_t kMax = 16;
  std::string_view at[kMax];
  size_t n = 0;
  bool too_many = false;
};

// False when `path` does not start with a slash.
bool Split(std::string_view path, Segments& out) {
  if (path.empty() || path[0] != '/') return false;
  path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    if (out.n == Segments::kMax) {
      out.too_many = true;
      return true;
    }
    out.at[out.n++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

// A route's path template cut once into its segments: literals to compare, {names} to capture.
struct Pattern {
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool param = false;
  };
  std::vector<Segment> segments;
  bool valid = false;  // starts with a slash and has at most Segments::kMax segments
};

// Routes()' templates as patterns, in the same order. Threads: any.
const std::vector<Pattern>& Patterns() {
  static const std::vector<Pattern> patterns = [] {
    std::vector<Pattern> out;
    for (const Route& r : Routes()) {
      Pattern p;
      Segments s;
      p.valid = Split(r.path, s) && !s.too_many;
      for (size_t i = 0; i < s.n; ++i) {
        std::string_view t = s.at[i];
        if (t.size() > 2 && t.front() == '{')
          p.segments.push_back({std::string(t.substr(1, t.size() - 2)), true});
        else
          p.segments.push_back({std::string(t), false});
      }
      out.push_back(std::move(p));
    }
    return out;
  }();
  return patterns;
}

// Whether a path matches a template like "/api/v1/equipment/{id}": literals equal, parameters
// not empty.
bool Match(const Pattern& p, const Segments& path) {
  if (!p.valid || path.too_many || p.segments.size() != path.n) return false;
  for (size_t i = 0; i < path.n; ++i) {
    const Pattern::Segment& t = p.segments[i];
    if (t.param ? path.at[i].empty() : t.text != path.at[i]) return false;
  }
  return true;
}

struct Caller {
  std::string name;
  plant::Role role;
};

Result<Caller> ByToken(runtime::Runtime& rt, std::string_view header) {
  constexpr std::string_view kBearer = "Bearer ";
  if (header.empty()) return Status(Code::kUnauthenticated, "missing Authorization: Bearer token", "Authorization");
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer)
    return Status(Code::kUnauthenticated, "expected Authorization: Bearer <token>", "Authorization");
  std::string hash = TokenHash(header.substr(kBearer.size()));
  return rt.Read([&](const plant::Plant& p) -> Result<Caller> {
    const plant::User* u = p.FindUserByTokenHash(hash);
    if (!u) return Status(Code::kUnauthenticated, "unknown or revoked token", "Authorization");
    if (u->disabled) return Status(Code::kUnauthenticated, "user '" + u->name + "' is disabled", "Authorization");
    return Caller{u->name, u->role};
  });
}

// The user of a session as they stand now: still enabled, still holding the token they signed in
// with (a new one ends their sessions), in the role they have now.
Result<Caller> BySession(runtime::Runtime& rt, const SessionStore::Session& s) {
  return rt.Read([&](const plant::Plant& p) -> Result<Caller> {
    const plant::User* u = p.FindUser(s.user);
    if (!u || u->token_hash != s.token_hash)
      return Status(Code::kUnauthenticated, "user '" + s.user + "' was given a new token: sign in again", "Cookie");
    if (u->disabled) return Status(Code::kUnauthenticated, "user '" + u->name + "' is disabled", "Cookie");
    return Caller{u->name, u->role};
  });
}

}  // namespace

Response FromStatus(const Status& s) {
  return ErrorResponse(HttpStatus(s.code()), CodeName(s.code()), s.message(), s.field());
}

Response Json(int status, const json::value& v) {
  return {status, Serialize(v)};
}

Result<int64_t> IntParam(const Query& q, std::string_view key, int64_t def, int64_t lo, int64_t hi) {
  auto it = q.find(key);
  if (it == q.end()) return def;
  int64_t v = 0;
  auto r = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (r.ec != std::errc() || r.ptr != it->second.data() + it->second.size() || v < lo || v > hi)
    return Status::Invalid("expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi),
                           std::string(key));
  return v;
}

Status OnlyParams(const Query& q, std::initializer_list<std::string_view> allowed,
                  const std::vector<std::string_view>& more) {
  for (const auto& [k, v] : q) {
    bool ok = false;
    for (auto a : allowed) ok |= a == k;
    for (auto a : more) ok |= a == k;
    if (!ok) return Status::Invalid("unknown query parameter", k);
  }
  return Status::Ok();
}

Response Throttled(std::chrono::steady_clock::duration wait, std::string_view field) {
  auto s = std::chrono::ceil<std::chrono::seconds>(wait).count();
  Response r =
      ErrorResponse(429, "too_many_requests",
                    "too many failed authentications from this address: retry in " + std::to_string(s) + " s", field);
  r.headers.emplace_back("Retry-After", std::to_string(s));
  return r;
}

Result<json::value> Body(const Request& req) {
  if (req.body.empty()) return Status::Invalid("request body is empty: expected a JSON object", "body");
  auto v = ParseJson(req.body);
  if (!v.ok()) return Status::Invalid(v.status().message(), "body");
  if (!v->is_object()) return Status::Invalid("expected a JSON object", "body");
  return v;
}

Timestamp Now() {
  using namespace std::chrono;
  return Timestamp{duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()};
}

Response ErrorResponse(int status, std::string_view code, std::string_view message, std::string_view field) {
  // Messages quote what the client sent; the body must stay valid JSON (UTF-8) all the same.
  json::object e{{"code", code}, {"message", ValidUtf8(message)}};
  e["field"] = field.empty() ? json::value(nullptr) : json::value(ValidUtf8(field));
  return {status, Serialize(json::object{{"error", std::move(e)}})};
}

Api::Api(runtime::Runtime& rt, plan::PlanQueue& plans, ApiOptions options, metrics::Registry* registry)
    : rt_(rt),
      plans_(plans),
      options_(options),
      live_(std::make_unique<LiveHub>(rt)),
      throttle_(std::make_unique<AuthThrottle>(
          AuthThrottle::Options{.free_failures = options.auth_failures, .first_backoff = options.auth_backoff})),
      sessions_(std::make_unique<SessionStore>(
          SessionStore::Options{.max_age = options.session_max_age, .idle = options.session_idle})),
      registry_(registry),
      metrics_(std::make_unique<HttpMetrics>(registry)) {}
Api::~Api() = default;

Response Api::Metrics() const {
  if (!registry_) return ErrorResponse(503, "unavailable", "metrics are not collected by this server", "");
  return {200, registry_->Scrape(), "text/plain; version=0.0.4; charset=utf-8"};
}

void Api::HandleMetricsOnly(const Request& req, Reply reply) {
  std::string_view path = std::string_view(req.target).substr(0, req.target.find('?'));
  if (path != "/metrics") return reply(ErrorResponse(404, "no_route", "this listener serves only /metrics", "path"));
  if (req.method != "GET") return reply(ErrorResponse(405, "method_not_allowed", "only GET /metrics", "method"));
  reply(Metrics());
}

void Api::Handle(const Request& req, Reply reply) {
  auto t0 = std::chrono::steady_clock::now();
  auto route = std::make_shared<size_t>(SIZE_MAX);
  Dispatch(
      req,
      [this, t0, route, reply = std::move(reply)](Response r) {
        const auto record = [this, t0, index = *route, status = r.status] {
          metrics_->Record(index, status, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        };
        if (!r.encode) {
          record();
          return reply(std::move(r));
        }
        // A body the transport encodes (Response::encode) counts until it is encoded.
        r.encode = [record, encode = std::move(r.encode)] {
          std::string body = encode();
          record();
          return body;
        };
        reply(std::move(r));
      },
      *route);
}

void Api::Dispatch(const Request& req, Reply reply, size_t& route_index) {
  std::string path;
  Query query;
  if (Status s = ParseTarget(req.target, path, query); !s.ok()) return reply(FromStatus(s));
  if (path.size() > 1 && path.back() == '/') path.pop_back();

  const Route* route = nullptr;
  bool path_known = false;
  std::map<std::string, std::string> params;
  Segments segments;
  if (Split(path, segments)) {
    const std::vector<Pattern>& patterns = Patterns();
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (!Match(patterns[i], segments)) continue;
      path_known = true;
      if (Routes()[i].method == req.method) {
        route = &Routes()[i];
        for (size_t k = 0; k < segments.n; ++k)
          if (patterns[i].segments[k].param) params[patterns[i].segments[k].text] = std::string(segments.at[k]);
        break;
      }
    }
  }
  if (route) route_index = static_cast<size_t>(route - Routes().data());
  if (!route && path_known)
    return reply(
        ErrorResponse(405, "method_not_allowed", "method " + req.method + " not allowed on " + path, "method"));
  if (!route) return reply(ErrorResponse(404, "no_route", "no such API path: " + path, "path"));

  Call call{*route, rt_, plans_, options_, *live_, req, std::move(params), std::move(query)};
  call.metrics = registry_;
  call.sessions = sessions_.get();
  call.throttle = throttle_.get();
  if (route->permission || route->any_user) {
    if (auto refused = Authenticate(req, call)) return reply(std::move(*refused));
  }
  route->handler(call, std::move(reply));
}

std::optional<Response> Api::Authenticate(const Request& req, Call& call) {
  const auto now = AuthThrottle::Clock::now();
  const std::string_view cookie = CookieValue(req.cookie, kSessionCookie);
  Result<Caller> caller = Status(Code::kInternal, "no caller");
  if (!req.authorization.empty() || cookie.empty()) {
    // A token to check: unless this address failed too often lately (then it is not even looked at).
    const bool token = req.authorization.size() > 7 && req.authorization.starts_with("Bearer ");
    if (auto wait = token ? throttle_->Wait(req.peer, now) : AuthThrottle::Clock::duration{}; wait.count() > 0)
      return Throttled(wait, "Authorization");
    caller = ByToken(rt_, req.authorization);
    if (token) caller.ok() ? throttle_->Succeeded(req.peer) : throttle_->Failed(req.peer, now);
    if (!caller.ok()) return FromStatus(caller.status());
  } else {
    // A session cookie (256 random bits: not worth throttling). Refused, it is cleared.
    auto refuse = [&](const Status& s) {
      Response r = FromStatus(s);
      r.headers.emplace_back("Set-Cookie", SessionCookie("", {}, options_.secure_cookies));
      return r;
    };
    auto session = sessions_->Use(cookie, now);
    if (!session)
      return refuse(Status(Code::kUnauthenticated,
                           "the session has ended (signed out, expired, or takt restarted): sign in again", "Cookie"));
    caller = BySession(rt_, *session);
    if (!caller.ok()) {
      sessions_->End(session->key);
      return refuse(caller.status());
    }
    // A browser sends the cookie with any request to this server, whoever made the page: a write
    // must come from a page of this origin that read the session's CSRF token.
    if (req.method != "GET" && req.method != "HEAD") {
      if (!req.origin.empty() && !SameOrigin(req.origin, req.host))
        return ErrorResponse(
            403, "origin_mismatch",
            "a write from a page of another origin (" + req.origin + ") than this server (" + req.host + ")", "Origin");
      if (req.csrf_token.empty())
        return ErrorResponse(403, "csrf_token_missing",
                             "a write with the session cookie must carry the session's X-CSRF-Token", "X-CSRF-Token");
      if (!SameSecret(req.csrf_token, session->csrf_token))
        return ErrorResponse(403, "csrf_token_mismatch", "X-CSRF-Token is not this session's", "X-CSRF-Token");
    }
    call.session = std::move(session);
  }
  const Route& route = call.route;
  if (route.permission && !plant::Allows(caller->role, *route.permission))
    return ErrorResponse(403, "permission_denied",
                         std::string("role ") + plant::RoleName(caller->role) + " lacks permission " +
                             plant::PermissionName(*route.permission),
                         "");
  call.actor = "user:" + caller->name;
  call.user = caller->name;
  call.role = caller->role;
  return std::nullopt;
}

}  // namespace takt::http
