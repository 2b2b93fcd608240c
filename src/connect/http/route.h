// A route's contract and its handler, bound together: Bind<Query, Body, Reply>(info, handler)
// decodes the query and the body into the described types the route declares, hands them to the
// handler, and encodes what the handler answers; the OpenAPI document (openapi.cc) is derived
// from the same types. So a route cannot take or give anything its document does not say.
//
//   Bind<NoQuery, MoveLot, LotView>({"POST", "/api/v1/material-lots/{id}/move", P::kWriteInventory,
//                                    "move quantity to another storage location"},
//                                   [](Call& c, const NoQuery&, MoveLot body, Answer<LotView> answer) { ... });
//
// Include from the route files only (it brings the contract templates).
#pragma once

#include <memory>

#include "connect/http/sessions.h"
#include "connect/http/util.h"
#include "core/contract/schema.h"

namespace takt::http {

class LiveHub;

}  // namespace takt::http
namespace takt::metrics {
class Registry;
}
namespace takt::http {

// What a handler gets: the request, its path parameters, and who asks.
struct Call {
  const Route& route;
  runtime::Runtime& rt;
  plan::PlanQueue& plans;
  const ApiOptions& options;
  LiveHub& live;
  const Request& req;
  Params params;
  Query query;
  std::string actor;  // "user:NAME"; empty on public routes
  std::string user;   // the caller's name; empty on public routes
  plant::Role role = plant::Role::kViewer;
  const metrics::Registry* metrics = nullptr;    // what GET /metrics serves; null: not collected
  SessionStore* sessions = nullptr;              // the web UI's sessions
  AuthThrottle* throttle = nullptr;              // failed authentications per client address
  std::optional<SessionStore::Session> session;  // the caller's, when it came with a session cookie

  const std::string& param(const std::string& name) const { return params.at(name); }
};

// ---- what a route may take and give besides described JSON bodies -----------------------------

// No query parameters: any is refused.
struct NoQuery {};
// No request body: an empty body or an empty JSON object.
struct NoBody {};
// A JSON object the handler passes on undecoded (to the plant, which decodes it with the same
// description, T's); the document says T.
template <typename T>
struct Raw {
  json::value doc;
};
// A replacement document for a PUT: T, whose id comes from the path and which must carry the
// `version` it replaces. Passed on undecoded, like Raw.
template <typename T>
struct Replacement {
  json::value doc;
};
// A reply in another content type (the Prometheus text format).
struct Text {
  std::string body;
  std::string content_type;
};
// A server-sent event stream.
struct Stream {
  std::shared_ptr<EventStream> stream;
};

// A page of a list: `next_after` is the `after` to ask for the next page, null on the last.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_after;
};

struct RouteInfo {
  std::string method;
  std::string path;  // OpenAPI template: /api/v1/equipment/{id}
  std::optional<plant::Permission> permission;
  std::string summary;
  int status = 200;       // of a success
  bool any_user = false;  // authenticated, no particular permission
  // More than the summary says, for the document (CommonMark); may be empty.
  std::string description;
};

// The body of every refusal: {"error":{"code","message","field"}}.
struct ErrorDetail {
  std::string code;
  std::string message;
  std::string field;
};
struct ErrorBody {
  ErrorDetail error;
};

}  // namespace takt::http

namespace takt::contract {

template <>
struct Describe<http::ErrorDetail> {
  static constexpr std::string_view kName = "ErrorDetail";
  static constexpr auto kFields = std::tuple{
      Field("code", &http::ErrorDetail::code, kRequired,
            "invalid_argument (400), unauthenticated (401), permission_denied, csrf_token_missing, "
            "csrf_token_mismatch or origin_mismatch (403), not_found or no_route (404), "
            "method_not_allowed (405), conflict (409), too_large (413), unprocessable (422), too_many_requests "
            "(429), internal (500), unavailable (503)"),
      Field("message", &http::ErrorDetail::message, kRequired, "what is wrong, for people"),
      Field("field", &http::ErrorDetail::field, kNullIfEmpty,
            "the offending input: a dotted path into the body (routing[2].work_center), a query parameter, "
            "path, body, Authorization, Cookie, X-CSRF-Token or Origin")};
};
template <>
struct Describe<http::ErrorBody> {
  static constexpr std::string_view kName = "Error";
  static constexpr auto kFields = std::tuple{Field("error", &http::ErrorBody::error, kRequired)};
};

template <typename T>
struct Describe<http::Page<T>> {
  static inline const std::string kName = std::string(Describe<T>::kName) + "Page";
  static constexpr auto kFields = std::tuple{Field("items", &http::Page<T>::items, kRequired),
                                             Field("next_after", &http::Page<T>::next_after, kOptional,
                                                   "give it as `after` for the next page; null on the last page")};
};

}  // namespace takt::contract

namespace takt::http {
namespace detail {

// Query strings as the JSON a described query type decodes: numbers and booleans where its
// fields are numbers and booleans, strings elsewhere (a malformed number stays a string, which
// the decoder refuses with the parameter's name).
template <typename M>
json::value QueryValue(const std::string& text) {
  if constexpr (requires(const M& m) { m.has_value(); })
    return QueryValue<typename M::value_type>(text);
  else if constexpr (std::is_same_v<M, bool>)
    return text == "true" ? json::value(true) : text == "false" ? json::value(false) : json::value(text);
  else if constexpr (std::is_integral_v<M> || std::is_floating_point_v<M>) {
    auto v = ParseJson(text);
    return v.ok() && v->is_number() ? std::move(v).value() : json::value(text);
  } else
    return json::value(text);
}

template <contract::Described Q>
void QueryFields(const Query& q, json::object& o) {
  contract::ForEachField<Q>([&](const auto& def) {
    using M = typename std::decay_t<decltype(def)>::Type;
    if constexpr (requires { def.info; }) {
      if (auto it = q.find(def.info.name); it != q.end()) o[def.info.name] = QueryValue<M>(it->second);
    } else {
      QueryFields<M>(q, o);
    }
  });
}

template <typename Q>
Result<Q> DecodeQuery(const Query& q) {
  if constexpr (std::is_same_v<Q, NoQuery>) {
    if (!q.empty()) return Status::Invalid("unknown query parameter", q.begin()->first);
    return Q{};
  } else {
    for (const auto& [k, v] : q)
      if (!contract::detail::Knows<Q>(k)) return Status::Invalid("unknown query parameter", k);
    json::object o;
    QueryFields<Q>(q, o);
    return contract::Decode<Q>(o);
  }
}

template <contract::Described T>
bool HasRequired() {
  bool any = false;
  contract::ForEachField<T>([&](const auto& def) {
    if constexpr (requires { def.info; })
      any |= def.info.has(contract::kRequired);
    else
      any |= HasRequired<typename std::decay_t<decltype(def)>::Type>();
  });
  return any;
}

template <typename B>
Result<B> DecodeBody(const Request& req) {
  if constexpr (std::is_same_v<B, NoBody>) {
    if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return B{};
    auto v = ParseJson(req.body);
    if (v.ok() && v->is_object() && v->get_object().empty()) return B{};
    return Status::Invalid("this request takes no body", "body");
  } else if constexpr (requires { B{}.doc; }) {
    auto v = Body(req);
    if (!v.ok()) return v.status();
    return B{std::move(v).value()};
  } else {
    // A body whose every field is optional may be left out.
    if (!HasRequired<B>() && req.body.find_first_not_of(" \t\r\n") == std::string::npos) return B{};
    auto v = Body(req);
    if (!v.ok()) return v.status();
    return contract::Decode<B>(*v);
  }
}

// The parameters of a query type, for the document.
template <typename Q>
json::array QueryParameters(contract::SchemaRegistry& r) {
  json::array out;
  if constexpr (!std::is_same_v<Q, NoQuery>) {
    const json::object body = contract::Schema<Q>::Body(r);
    const json::value* required = body.if_contains("required");
    for (const auto& [name, schema] : body.at("properties").as_object()) {
      json::object p{{"name", name}, {"in", "query"}, {"schema", schema}};
      bool must = false;
      if (required)
        for (const auto& q : required->as_array()) must |= q == name;
      p["required"] = must;
      if (auto* d = schema.as_object().if_contains("description")) p["description"] = *d;
      out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace detail

// How a route's body travels: its content type (null: none), its schema, and the response a
// value makes. Described types are JSON; specialise for others.
template <typename T>
struct Content {
  static constexpr const char* kType = "application/json";
  static json::value Schema(contract::SchemaRegistry& r) { return contract::Schema<T>::Of(r, {}); }
  // Encoded later, by the transport (Response::encode): answers to writes come on the runtime's
  // writer thread, and encoding a work order costs more than committing a step of it.
  static Response Make(int status, T v) {
    Response r{status};
    r.encode = [v = std::make_shared<const T>(std::move(v))] { return contract::EncodeText(*v); };
    return r;
  }
};
template <>
struct Content<NoBody> {
  static constexpr const char* kType = nullptr;
  static json::value Schema(contract::SchemaRegistry&) { return nullptr; }
};
template <typename T>
struct Content<Raw<T>> : Content<T> {};
template <typename T>
struct Content<Replacement<T>> {
  static constexpr const char* kType = "application/json";
  static json::value Schema(contract::SchemaRegistry& r) {
    json::object s = contract::Schema<T>::Body(r);
    json::array required{"version"};
    if (auto* req = s.if_contains("required"))
      for (const auto& f : req->as_array())
        if (f != "id") required.push_back(f);
    s["required"] = std::move(required);
    auto& props = s["properties"].as_object();
    props["id"].as_object()["description"] = "the id in the path, if given";
    props["version"] = json::object{{"type", "integer"}, {"description", "the version this replaces (409 if stale)"}};
    return s;
  }
};
template <>
struct Content<Text> {
  static constexpr const char* kType = "text/plain";
  static json::value Schema(contract::SchemaRegistry&) { return json::object{{"type", "string"}}; }
  static Response Make(int status, const Text& t) { return Response{status, t.body, t.content_type}; }
};
template <>
struct Content<Stream> {
  static constexpr const char* kType = "text/event-stream";
  static json::value Schema(contract::SchemaRegistry&) {
    return json::object{{"type", "string"}, {"description", "server-sent events"}};
  }
  static Response Make(int, const Stream& s) {
    Response r;
    r.stream = s.stream;
    return r;
  }
};

// The reply of a typed handler: answer(value) or answer(status) sends it once.
template <typename T>
class Answer {
 public:
  Answer(Reply reply, int status) : reply_(std::move(reply)), status_(status) {}
  void operator()(const Result<T>& r) const {
    if (!r.ok()) return reply_(FromStatus(r.status()));
    reply_(Content<T>::Make(status_, *r));
  }
  void operator()(Result<T>&& r) const {
    if (!r.ok()) return reply_(FromStatus(r.status()));
    reply_(Content<T>::Make(status_, std::move(r).value()));
  }
  void operator()(const Status& s) const { reply_(FromStatus(s)); }
  int status() const { return status_; }

 private:
  Reply reply_;
  int status_;
};

// Binds a handler to its route's contract (see the top of this file). F is called as
// f(Call&, const Q&, B, Answer<R>) and must answer exactly once, on any thread.
template <typename Q, typename B, typename R, typename F>
Route Bind(RouteInfo info, F f) {
  Route r{std::move(info.method), std::move(info.path), info.permission, info.any_user, std::move(info.summary)};
  r.status = info.status;
  r.description = std::move(info.description);
  r.request_type = Content<B>::kType;
  if constexpr (contract::Described<B>) r.request_optional = !detail::HasRequired<B>();
  r.response_type = Content<R>::kType;
  r.request = &Content<B>::Schema;
  r.response = &Content<R>::Schema;
  r.parameters = &detail::QueryParameters<Q>;
  r.handler = [f = std::move(f), status = info.status](Call& c, Reply reply) {
    auto q = detail::DecodeQuery<Q>(c.query);
    if (!q.ok()) return reply(FromStatus(q.status()));
    auto b = detail::DecodeBody<B>(c.req);
    if (!b.ok()) return reply(FromStatus(b.status()));
    f(c, *q, std::move(b).value(), Answer<R>(std::move(reply), status));
  };
  return r;
}

}  // namespace takt::http
