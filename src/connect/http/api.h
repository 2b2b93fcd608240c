// The REST API under /api/v1, independent of any HTTP library: it takes a parsed request
// and answers through a callback. Parses, authenticates, authorises, and hands commands to
// the runtime; rules about the plant live in src/plant, not here.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plant/access/roles.h"

namespace takt::runtime {
class Runtime;
}
namespace takt::metrics {
class Registry;
}

namespace takt::http {

struct Request {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query, as received
  std::string authorization;  // the Authorization header, may be empty
  std::string body;
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
  std::shared_ptr<EventStream> stream;  // set: a live stream instead of `body`
};

using Reply = std::function<void(Response)>;

// One served route. `permission` empty means public (no token needed).
struct Route {
  std::string method;
  std::string path;  // OpenAPI template: /api/v1/equipment/{id}
  std::optional<plant::Permission> permission;
  bool any_user = false;  // authenticated, no particular permission
  std::string summary;    // one line for the OpenAPI document
};

// Every route the API serves, in a stable order; the OpenAPI document is built from it.
const std::vector<Route>& Routes();

// The OpenAPI 3 document describing Routes().
std::string OpenApiDocument();

// An error body: {"error":{"code":..,"message":..,"field":..}}.
Response ErrorResponse(int status, std::string_view code, std::string_view message, std::string_view field = {});

class LiveHub;
struct HttpMetrics;

class Api {
 public:
  // Registers itself as the runtime's commit listener (live streams) until destroyed, and its
  // request metrics with `metrics` (if given: it must outlive the Api), which GET /metrics serves.
  explicit Api(runtime::Runtime& rt, metrics::Registry* metrics = nullptr);
  ~Api();

  // Threads: any. `reply` is called exactly once, on this thread or on the runtime's writer.
  void Handle(const Request& req, Reply reply);

  // GET /metrics without authentication, 404 for anything else: for a listener of its own
  // (--metrics-listen). Threads: any.
  void HandleMetricsOnly(const Request& req, Reply reply);

 private:
  void Dispatch(const Request& req, Reply reply, size_t& route);
  Response Metrics() const;

  runtime::Runtime& rt_;
  std::unique_ptr<LiveHub> live_;
  metrics::Registry* registry_;
  std::unique_ptr<HttpMetrics> metrics_;
  std::shared_ptr<void> metrics_handle_;
};

}  // namespace takt::http
