// The REST API under /api/v1, independent of any HTTP library: it takes a parsed request
// and answers through a callback. Parses, authenticates, authorises, and hands commands to
// the runtime; rules about the plant live in src/plant, not here.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plant/access/roles.h"

namespace boost::json {
class value;
class array;
}  // namespace boost::json
namespace takt::contract {
class SchemaRegistry;
}
namespace takt::runtime {
class Runtime;
}
namespace takt::metrics {
class Registry;
}  // namespace takt::metrics

namespace takt::plan {
class PlanQueue;
}

namespace takt::http {

struct Request {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query, as received
  std::string authorization;  // the Authorization header, may be empty
  std::string body;
  std::string peer;             // the client's IP address as the transport saw it (no port); keys the auth throttle
  std::string accept_encoding;  // for the web UI's static files (gzip)
  std::string if_none_match;    // an ETag the client holds (304)
  // The web UI's session (sessions.h): its cookie, and what a write made with it must carry.
  std::string cookie;      // the Cookie header (takt_session)
  std::string csrf_token;  // X-CSRF-Token: the session's
  std::string origin;      // Origin, if the client sent one: must name `host`
  std::string host;        // Host
};

// A response that stays open and carries server-sent events (text/event-stream).
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Called once by the transport after it sent the headers. `send` writes text to the client
  // and returns false once the client is gone. Threads: `send` may be called from any thread.
  virtual void Start(std::function<bool(std::string)> send) = 0;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::shared_ptr<EventStream> stream;                       // set: a live stream instead of `body`
  std::vector<std::pair<std::string, std::string>> headers;  // more header fields (Retry-After)
  // Set: makes the body, instead of `body`. The transport calls it once, on its own thread, so
  // that a write's reply, handed back on the runtime's writer thread, is encoded off that thread
  // (every write waits for the writer). It reads only what it holds. Threads: any.
  std::function<std::string()> encode;
};

using Reply = std::function<void(Response)>;

struct Call;

// One served route: who may call it, the contract of its query, body and reply (from which the
// OpenAPI document is made), and its handler. Made by Bind (route.h). `permission` empty means
// public (no token needed).
struct Route {
  std::string method;
  std::string path;  // OpenAPI template: /api/v1/equipment/{id}
  std::optional<plant::Permission> permission;
  bool any_user = false;               // authenticated, no particular permission
  std::string summary;                 // one line for the OpenAPI document
  std::string description;             // more, where a line does not say enough; may be empty
  int status = 200;                    // of a success
  const char* request_type = nullptr;  // the content type of the body it takes; null: none
  bool request_optional = false;       // the body may be left out (none of its fields is required)
  const char* response_type = nullptr;
  boost::json::value (*request)(contract::SchemaRegistry&) = nullptr;  // null: not described (yet)
  boost::json::value (*response)(contract::SchemaRegistry&) = nullptr;
  boost::json::array (*parameters)(contract::SchemaRegistry&) = nullptr;  // the query's
  std::function<void(Call&, Reply)> handler;
};

// Every route the API serves, in a stable order; the OpenAPI document is built from it.
const std::vector<Route>& Routes();

// The OpenAPI 3 document describing Routes().
std::string OpenApiDocument();

// An error body: {"error":{"code":..,"message":..,"field":..}}, valid UTF-8 whatever the input
// (ill-formed sequences in `message` and `field` become U+FFFD).
Response ErrorResponse(int status, std::string_view code, std::string_view message, std::string_view field = {});

class LiveHub;
class AuthThrottle;
class SessionStore;
struct HttpMetrics;

struct ApiOptions {
  // Failed authentications per client address before its tokens are refused for a while (429);
  // 0: no throttle. The wait starts at `auth_backoff` and doubles per further failure, up to 5 min.
  int auth_failures = 10;
  std::chrono::milliseconds auth_backoff{1000};
  double max_plan_seconds = 120;  // the largest time_limit_s a plan or repair may ask for
  // Web UI sessions (sessions.h): their longest life, and how long unused before they end.
  std::chrono::milliseconds session_max_age{std::chrono::hours(12)};
  std::chrono::milliseconds session_idle{std::chrono::minutes(60)};
  bool secure_cookies = false;  // the session cookie says Secure: only when clients reach takt over TLS
};

class Api {
 public:
  // Registers itself as the runtime's commit listener (live streams) until destroyed. Plans and
  // repairs go through `plans`. REQUIRES: `rt` and `plans` outlive the Api.
  // Its request metrics go to `metrics` (if given: it must outlive the Api), which GET /metrics
  // serves.
  Api(runtime::Runtime& rt, plan::PlanQueue& plans, ApiOptions options = {}, metrics::Registry* metrics = nullptr);
  ~Api();

  // Threads: any. `reply` is called exactly once, on this thread, the runtime's writer or the
  // planning thread.
  void Handle(const Request& req, Reply reply);

  // GET /metrics without authentication, 404 for anything else: for a listener of its own
  // (--metrics-listen). Threads: any.
  void HandleMetricsOnly(const Request& req, Reply reply);

 private:
  void Dispatch(const Request& req, Reply reply, size_t& route);
  // Who calls, by bearer token or session cookie, into `call`; or the refusal.
  std::optional<Response> Authenticate(const Request& req, Call& call);
  Response Metrics() const;

  runtime::Runtime& rt_;
  plan::PlanQueue& plans_;
  ApiOptions options_;
  std::unique_ptr<LiveHub> live_;
  std::unique_ptr<AuthThrottle> throttle_;
  std::unique_ptr<SessionStore> sessions_;
  metrics::Registry* registry_;
  std::unique_ptr<HttpMetrics> metrics_;
};

}  // namespace takt::http
