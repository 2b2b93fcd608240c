#include "connect/http/api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include "connect/http/live.h"
#include "connect/http/throttle.h"
#include "connect/http/util.h"
#include "core/hash.h"
#include "core/json.h"
#include "metrics/metrics.h"
#include "model/kinds.h"
#include "plant/masterdata/state_models.h"
#include "plan/queue.h"
#include "plant/masterdata/store.h"
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

// Matches "/api/v1/equipment/{id}" against a path, filling params.
bool Match(std::string_view tmpl, std::string_view path, std::map<std::string, std::string>& params) {
  params.clear();
  while (!tmpl.empty() || !path.empty()) {
    if (tmpl.empty() || path.empty() || tmpl[0] != '/' || path[0] != '/') return false;
    tmpl.remove_prefix(1);
    path.remove_prefix(1);
    auto ts = tmpl.find('/'), ps = path.find('/');
    std::string_view tseg = tmpl.substr(0, ts), pseg = path.substr(0, ps);
    if (tseg.size() > 2 && tseg.front() == '{') {
      if (pseg.empty()) return false;
      params[std::string(tseg.substr(1, tseg.size() - 2))] = std::string(pseg);
    } else if (tseg != pseg) {
      return false;
    }
    tmpl = ts == std::string_view::npos ? std::string_view() : tmpl.substr(ts);
    path = ps == std::string_view::npos ? std::string_view() : path.substr(ps);
  }
  return true;
}

struct Caller {
  std::string name;
  plant::Role role;
};

Result<Caller> Authenticate(runtime::Runtime& rt, std::string_view header) {
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

void SubmitResourceWrite(runtime::Runtime& rt, plant::Command cmd, std::string actor, model::Kind kind, std::string id,
                         int status, Reply reply) {
  rt.Submit(std::move(cmd), std::move(actor),
            [&rt, kind, id = std::move(id), status, reply = std::move(reply)](const Result<runtime::Committed>& r) {
              if (!r.ok()) return reply(FromStatus(r.status()));
              reply(rt.Read([&](const plant::Plant& p) {
                return plant::VisitKind(kind, [&](auto tag) {
                  using T = typename decltype(tag)::type;
                  const auto& t = p.master_data().table<T>();
                  auto it = t.find(id);
                  return it == t.end() ? ErrorResponse(500, "internal", "committed resource not found")
                                       : Json(status, model::Encode(it->second));
                });
              }));
            });
}

bool Matches(const json::value& field, std::string_view want) {
  if (field.is_string()) return field.get_string() == want;
  if (field.is_array()) {
    for (const auto& e : field.get_array())
      if (e.is_string() && e.get_string() == want) return true;
  }
  if (field.is_bool()) return want == (field.get_bool() ? "true" : "false");
  return false;
}

// State models include the built-ins that no resource replaces, marked "built_in" (read only).
template <typename T>
const plant::Table<T>& Listed(const plant::MasterData& md, plant::Table<T>& merged) {
  if constexpr (std::is_same_v<T, model::StateModel>) {
    merged = md.state_models;
    for (const auto& m : plant::BuiltinStateModels()) merged.try_emplace(m.meta.id, m);
    return merged;
  }
  return md.table<T>();
}

template <typename T>
json::object EncodeListed(const plant::MasterData& md, const T& v) {
  json::object doc = model::Encode(v);
  if constexpr (std::is_same_v<T, model::StateModel>) doc["built_in"] = plant::IsBuiltinStateModel(md, v.meta.id);

  return doc;
}

Response ListResources(runtime::Runtime& rt, model::Kind kind, const Query& q) {
  auto filters = model::KindFilters(kind);
  Status s = OnlyParams(q, {"limit", "after", "include_retired", "q"}, filters);
  if (!s.ok()) return FromStatus(s);
  auto limit = IntParam(q, "limit", 100, 1, 1000);
  if (!limit.ok()) return FromStatus(limit.status());
  bool include_retired = false;
  if (auto it = q.find("include_retired"); it != q.end()) {
    if (it->second != "true" && it->second != "false")
      return FromStatus(Status::Invalid("expected true or false", "include_retired"));
    include_retired = it->second == "true";
  }
  std::string after = q.count("after") ? q.at("after") : std::string();
  std::string text = q.count("q") ? q.at("q") : std::string();
  return rt.Read([&](const plant::Plant& p) {
    return plant::VisitKind(kind, [&](auto tag) {
      using T = typename decltype(tag)::type;
      plant::Table<T> merged;
      const auto& table = Listed<T>(p.master_data(), merged);
      json::array items;
      std::string last;
      bool more = false;
      for (auto it = after.empty() ? table.begin() : table.upper_bound(after); it != table.end(); ++it) {
        const T& v = it->second;
        if (v.meta.retired && !include_retired) continue;
        if (!text.empty() && v.meta.id.find(text) == std::string::npos &&
            v.meta.description.find(text) == std::string::npos)
          continue;
        json::object doc = EncodeListed(p.master_data(), v);
        bool keep = true;
        for (auto f : filters)
          if (auto fq = q.find(f); fq != q.end()) keep &= doc.contains(f) && Matches(doc.at(f), fq->second);
        if (!keep) continue;
        if (static_cast<int64_t>(items.size()) == *limit) {
          more = true;
          break;
        }
        last = v.meta.id;
        items.push_back(std::move(doc));
      }
      json::object out{{"items", std::move(items)}};
      out["next_after"] = more ? json::value(last) : json::value(nullptr);
      return Json(200, out);
    });
  });
}

Response GetResource(runtime::Runtime& rt, model::Kind kind, const std::string& id) {
  return rt.Read([&](const plant::Plant& p) {
    return plant::VisitKind(kind, [&](auto tag) {
      using T = typename decltype(tag)::type;
      plant::Table<T> merged;
      const auto& t = Listed<T>(p.master_data(), merged);
      auto it = t.find(id);
      if (it == t.end())
        return ErrorResponse(404, "not_found", "no " + std::string(model::KindName(kind)) + " '" + id + "'", "id");
      return Json(200, EncodeListed(p.master_data(), it->second));
    });
  });
}

Response ReadJournal(runtime::Runtime& rt, const Query& q) {
  Status s = OnlyParams(q, {"after", "limit"});
  if (!s.ok()) return FromStatus(s);
  auto after = IntParam(q, "after", 0, 0, INT64_MAX);
  if (!after.ok()) return FromStatus(after.status());
  auto limit = IntParam(q, "limit", 100, 1, 1000);
  if (!limit.ok()) return FromStatus(limit.status());
  json::array events;
  uint64_t last = 0;
  Status scan = rt.journal().Scan(static_cast<uint64_t>(*after), static_cast<uint64_t>(*limit), [&](const Event& e) {
    auto payload = ParseJson(e.payload);
    events.push_back(json::object{{"seq", e.seq},
                                  {"time", FormatIso8601(e.time)},
                                  {"actor", e.actor},
                                  {"type", e.type},
                                  {"version", e.version},
                                  {"payload", !payload.ok()          ? json::value(e.payload)
                                              : payload->is_object() ? json::value(plant::RedactUserPayload(
                                                                           e.type, std::move(payload->as_object())))
                                                                     : std::move(payload).value()},
                                  {"hash", ToHex(e.hash)}});
    last = e.seq;
    return true;
  });
  if (!scan.ok()) return FromStatus(scan);
  uint64_t head = rt.journal().head().seq;
  json::object out{{"events", std::move(events)}, {"head", head}};
  out["next_after"] = last != 0 && last < head ? json::value(last) : json::value(nullptr);
  return Json(200, out);
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

// Requests by route template (the last slot: no route) and status class, with their latency.
struct HttpMetrics {
  struct PerRoute {
    metrics::Counter by_class[5];  // 1xx .. 5xx
    metrics::Histogram seconds{metrics::LatencyBounds()};
  };
  std::vector<PerRoute> routes{Routes().size() + 1};

  void Record(size_t route, int status, double seconds) {
    PerRoute& r = routes[std::min(route, routes.size() - 1)];
    r.by_class[std::clamp(status / 100, 1, 5) - 1].Add();
    r.seconds.Observe(seconds);
  }

  void Collect(metrics::Writer& w) const {
    static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    auto labels = [](size_t i) -> std::pair<std::string_view, std::string_view> {
      return i < Routes().size() ? std::pair<std::string_view, std::string_view>{Routes()[i].method, Routes()[i].path}
                                 : std::pair<std::string_view, std::string_view>{"", "unmatched"};
    };
    w.Family("takt_http_requests_total", "counter", "HTTP requests by method, route template and status class");
    for (size_t i = 0; i < routes.size(); ++i)
      for (int c = 0; c < 5; ++c)
        if (uint64_t n = routes[i].by_class[c].value(); n > 0) {
          auto [method, route] = labels(i);
          w.Sample("takt_http_requests_total", {{"method", method}, {"route", route}, {"code", kClasses[c]}},
                   static_cast<double>(n));
        }
    w.Family("takt_http_request_seconds", "histogram", "Time from a parsed request to its reply being handed back");
    for (size_t i = 0; i < routes.size(); ++i)
      if (routes[i].seconds.count() > 0) {
        auto [method, route] = labels(i);
        w.Histogram("takt_http_request_seconds", {{"method", method}, {"route", route}}, routes[i].seconds);
      }
  }
};

Api::Api(runtime::Runtime& rt, plan::PlanQueue& plans, ApiOptions options, metrics::Registry* registry)
    : rt_(rt),
      plans_(plans),
      options_(options),
      live_(std::make_unique<LiveHub>(rt)),
      throttle_(std::make_unique<AuthThrottle>(
          AuthThrottle::Options{.free_failures = options.auth_failures, .first_backoff = options.auth_backoff})),
      registry_(registry),
      metrics_(std::make_unique<HttpMetrics>()) {
  if (registry_) metrics_handle_ = registry_->Add([m = metrics_.get()](metrics::Writer& w) { m->Collect(w); });
}
Api::~Api() {
  metrics_handle_.reset();
}

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
        metrics_->Record(*route, r.status,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
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
  for (const Route& r : Routes()) {
    if (!Match(r.path, path, params)) continue;
    path_known = true;
    if (r.method == req.method) {
      route = &r;
      break;
    }
  }
  if (route) route_index = static_cast<size_t>(route - Routes().data());
  if (!route && path_known)
    return reply(
        ErrorResponse(405, "method_not_allowed", "method " + req.method + " not allowed on " + path, "method"));
  if (!route) return reply(ErrorResponse(404, "no_route", "no such API path: " + path, "path"));

  std::string actor;
  if (route->permission || route->any_user) {
    // A token to check: unless this address failed too often lately (then it is not even looked at).
    const bool token = req.authorization.size() > 7 && req.authorization.starts_with("Bearer ");
    const auto now = AuthThrottle::Clock::now();
    if (auto wait = token ? throttle_->Wait(req.peer, now) : AuthThrottle::Clock::duration{}; wait.count() > 0) {
      auto s = std::chrono::ceil<std::chrono::seconds>(wait).count();
      Response r = ErrorResponse(
          429, "too_many_requests",
          "too many failed authentications from this address: retry in " + std::to_string(s) + " s", "Authorization");
      r.headers.emplace_back("Retry-After", std::to_string(s));
      return reply(std::move(r));
    }
    auto caller = Authenticate(rt_, req.authorization);
    if (token) caller.ok() ? throttle_->Succeeded(req.peer) : throttle_->Failed(req.peer, now);
    if (!caller.ok()) return reply(FromStatus(caller.status()));
    if (route->permission && !plant::Allows(caller->role, *route->permission))
      return reply(ErrorResponse(403, "permission_denied",
                                 std::string("role ") + plant::RoleName(caller->role) + " lacks permission " +
                                     plant::PermissionName(*route->permission),
                                 ""));
    actor = "user:" + caller->name;
    if (route->path == "/api/v1/me")
      return reply(Json(200, json::object{{"name", caller->name}, {"role", plant::RoleName(caller->role)}}));
  }

  const std::string& p = route->path;
  if (p == "/api/v1/health") {
    // Reads go on after the journal fails verification; writes get 503 and health says why.
    uint64_t seq = rt_.journal().head().seq;
    std::string stopped = rt_.writes_stopped();
    auto load = plans_.load();
    runtime::Verification v = rt_.last_verification();
    json::value last = nullptr;
    if (v.finished)
      last = json::object{{"finished_at", FormatIso8601(v.finished_at)},
                          {"events", v.events},
                          {"outcome", v.passed ? "passed" : "failed"},
                          {"error", v.passed ? json::value(nullptr) : json::value(v.error)}};
    json::object o{{"status", stopped.empty() ? "ok" : "degraded"},
                   {"journal_seq", seq},
                   {"chain", rt_.journal().chain().keyed() ? "keyed" : "unkeyed"},
                   {"last_verification", std::move(last)},
                   {"planning", json::object{{"running", load.running}, {"waiting", static_cast<uint64_t>(load.waiting)}}}};
    if (!stopped.empty()) o["reason"] = stopped;
    return reply(Json(200, std::move(o)));
  }
  if (p == "/api/v1/openapi.json") return reply({200, OpenApiDocument()});
  if (p == "/metrics") return reply(Metrics());
  if (p == "/api/v1/journal") return reply(ReadJournal(rt_, query));
  if (p.starts_with("/api/v1/users")) return HandleUserRoute(rt_, *route, req, params, query, actor, std::move(reply));
  if (p.starts_with("/api/v1/schedules") || p == "/api/v1/equipment/{id}/downtime")
    return HandlePlanRoute(rt_, plans_, options_.max_plan_seconds, *route, req, params, query, actor, std::move(reply));
  if (p == "/api/v1/live") {
    if (Status s = OnlyParams(query, {"equipment"}); !s.ok()) return reply(FromStatus(s));
    if (!query.count("equipment")) return reply(FromStatus(Status::Invalid("required", "equipment")));
    auto stream = live_->Open(query.at("equipment"));
    if (!stream.ok()) return reply(FromStatus(stream.status()));
    Response r;
    r.stream = std::move(stream).value();
    return reply(std::move(r));
  }
  if (p == "/api/v1/machine-data" || p == "/api/v1/kpi" || p == "/api/v1/equipment/{id}/machine-state" ||
      p.starts_with("/api/v1/equipment/{id}/stops"))
    return HandlePerformanceRoute(rt_, *route, req, params, query, actor, std::move(reply));
  if (p.starts_with("/api/v1/material-lots") || p.starts_with("/api/v1/work-orders") ||
      p.starts_with("/api/v1/containments") || p == "/api/v1/inventory/balances" || p == "/api/v1/dispatch")
    return HandlePlantRoute(rt_, *route, req, params, query, actor, std::move(reply));

  // Resource collections: /api/v1/{collection}[/{id}]
  std::string_view rest = std::string_view(p).substr(std::string_view("/api/v1/").size());
  auto kind = model::ParseKindCollection(rest.substr(0, rest.find('/')));
  if (!kind) return reply(ErrorResponse(500, "internal", "route without handler", ""));
  bool item = params.count("id") > 0;
  if (!item && req.method == "GET") return reply(ListResources(rt_, *kind, query));
  if (item && req.method == "GET") {
    if (!query.empty())
      return reply(ErrorResponse(400, "invalid_argument", "unknown query parameter", query.begin()->first));
    return reply(GetResource(rt_, *kind, params["id"]));
  }
  if (req.method == "DELETE") {
    if (Status s = OnlyParams(query, {"version"}); !s.ok()) return reply(FromStatus(s));
    std::optional<int64_t> version;
    if (query.count("version")) {
      auto v = IntParam(query, "version", 0, 1, INT64_MAX);
      if (!v.ok()) return reply(FromStatus(v.status()));
      version = *v;
    }
    std::string id = params["id"];
    return SubmitResourceWrite(rt_, plant::RetireResource{*kind, id, version}, actor, *kind, id, 200, std::move(reply));
  }
  if (!query.empty())
    return reply(ErrorResponse(400, "invalid_argument", "unknown query parameter", query.begin()->first));
  auto body = Body(req);
  if (!body.ok()) return reply(FromStatus(body.status()));
  if (req.method == "POST") {
    const json::value* id = body->get_object().if_contains("id");
    std::string sid = id && id->is_string() ? std::string(id->get_string()) : std::string();
    return SubmitResourceWrite(rt_, plant::CreateResource{*kind, std::move(body).value()}, actor, *kind, sid, 201,
                               std::move(reply));
  }
  std::string id = params["id"];
  SubmitResourceWrite(rt_, plant::UpdateResource{*kind, id, std::move(body).value()}, actor, *kind, id, 200,
                      std::move(reply));
}

}  // namespace takt::http
