// The service itself: health, who am I, the OpenAPI document, the journal, metrics.
#include "connect/http/route.h"
#include "core/hash.h"
#include "metrics/metrics.h"
#include "plan/queue.h"
#include "plant/access/contract.h"
#include "plant/access/users.h"
#include "runtime/runtime.h"

namespace takt::http {

// ---- bodies -------------------------------------------------------------------------------------

struct VerificationView {
  Timestamp finished_at;
  uint64_t events = 0;
  std::string outcome;  // passed, failed
  std::string error;
};
struct PlanningLoad {
  bool running = false;
  uint64_t waiting = 0;
};
struct Health {
  std::string status;  // ok, degraded
  std::string reason;
  uint64_t journal_seq = 0;
  std::string chain;
  std::optional<VerificationView> last_verification;
  PlanningLoad planning;
};
struct Me {
  std::string name;
  std::string role;
  std::vector<plant::Permission> permissions;
};
struct JournalEvent {
  uint64_t seq = 0;
  Timestamp time;
  std::string actor;
  std::string type;
  int version = 1;
  json::value payload;
  std::string hash;
};
struct JournalPage {
  std::vector<JournalEvent> events;
  uint64_t head = 0;
  std::optional<uint64_t> next_after;
};
struct JournalQuery {
  uint64_t after = 0;
  int64_t limit = 100;
};
// The OpenAPI document, already serialised.
struct OpenApiText {
  std::string text;
};

template <>
struct Content<OpenApiText> {
  static constexpr const char* kType = "application/json";
  static json::value Schema(contract::SchemaRegistry&) {
    return json::object{{"type", "object"}, {"description", "this document (OpenAPI 3.1)"}};
  }
  static Response Make(int status, const OpenApiText& d) { return Response{status, d.text}; }
};

}  // namespace takt::http

namespace takt::contract {
using namespace http;

template <>
struct Describe<VerificationView> {
  static constexpr std::string_view kName = "Verification";
  static constexpr auto kFields =
      std::tuple{Field("finished_at", &VerificationView::finished_at, kRequired),
                 Field("events", &VerificationView::events, kRequired, "events checked"),
                 Field("outcome", &VerificationView::outcome, kRequired, "passed or failed"),
                 Field("error", &VerificationView::error, kNullIfEmpty, "the damage found, when failed")};
};
template <>
struct Describe<PlanningLoad> {
  static constexpr std::string_view kName = "PlanningLoad";
  static constexpr auto kFields = std::tuple{Field("running", &PlanningLoad::running, kRequired, "a plan runs now"),
                                             Field("waiting", &PlanningLoad::waiting, kRequired, "plans queued")};
};
template <>
struct Describe<Health> {
  static constexpr std::string_view kName = "Health";
  static constexpr auto kFields = std::tuple{
      Field("status", &Health::status, kRequired, "ok, or degraded: writes stopped (reads go on), see reason"),
      Field("reason", &Health::reason, kOmitIfEmpty, "why writes stopped"),
      Field("journal_seq", &Health::journal_seq, kRequired, "the newest durable event"),
      Field("chain", &Health::chain, kRequired, "keyed, or unkeyed (a journal from before keyed chains)"),
      Field("last_verification", &Health::last_verification, kOptional,
            "the last full verification of the journal; null while the first runs"),
      Field("planning", &Health::planning, kRequired)};
};
template <>
struct Describe<Me> {
  static constexpr std::string_view kName = "Me";
  static constexpr auto kFields = std::tuple{
      Field("name", &Me::name, kRequired), Field("role", &Me::role, kRequired),
      Field("permissions", &Me::permissions, kRequired,
            "what the role allows (docs/SECURITY.md): offer only these actions; the server refuses the rest")};
};
template <>
struct Describe<JournalEvent> {
  static constexpr std::string_view kName = "JournalEvent";
  static constexpr auto kFields =
      std::tuple{Field("seq", &JournalEvent::seq, kRequired),
                 Field("time", &JournalEvent::time, kRequired),
                 Field("actor", &JournalEvent::actor, kRequired),
                 Field("type", &JournalEvent::type, kRequired),
                 Field("version", &JournalEvent::version, kRequired),
                 Field("payload", &JournalEvent::payload, kRequired, "the event's payload (token hashes redacted)"),
                 Field("hash", &JournalEvent::hash, kRequired, "the event's chain hash, hex")};
};
template <>
struct Describe<JournalPage> {
  static constexpr std::string_view kName = "JournalPage";
  static constexpr auto kFields = std::tuple{Field("events", &JournalPage::events, kRequired),
                                             Field("head", &JournalPage::head, kRequired, "the newest durable event"),
                                             Field("next_after", &JournalPage::next_after, kOptional,
                                                   "give it as `after` for the next page; null on the last page")};
};
template <>
struct Describe<JournalQuery> {
  static constexpr std::string_view kName = "JournalQuery";
  static constexpr auto kFields =
      std::tuple{Field("after", &JournalQuery::after, kOptional, "events after this sequence number", Range(0, 9.2e18)),
                 Field("limit", &JournalQuery::limit, kOptional, "at most this many (default 100)", Range(1, 1000))};
};

}  // namespace takt::contract

namespace takt::http {
namespace {

using P = plant::Permission;

Health ReadHealth(Call& c) {
  // Reads go on after the journal fails verification; writes get 503 and health says why.
  Health h;
  h.reason = c.rt.writes_stopped();
  h.status = h.reason.empty() ? "ok" : "degraded";
  h.journal_seq = c.rt.journal().head().seq;
  h.chain = c.rt.journal().chain().keyed() ? "keyed" : "unkeyed";
  runtime::Verification v = c.rt.last_verification();
  if (v.finished)
    h.last_verification = VerificationView{v.finished_at, v.events, v.passed ? "passed" : "failed", v.error};
  auto load = c.plans.load();
  h.planning = {load.running, static_cast<uint64_t>(load.waiting)};
  return h;
}

Result<JournalPage> ReadJournal(runtime::Runtime& rt, const JournalQuery& q) {
  JournalPage page;
  uint64_t last = 0;
  Status scan = rt.journal().Scan(q.after, static_cast<uint64_t>(q.limit), [&](const Event& e) {
    auto payload = ParseJson(e.payload);
    json::value shown = !payload.ok() ? json::value(e.payload)
                        : payload->is_object()
                            ? json::value(plant::RedactUserPayload(e.type, std::move(payload->as_object())))
                            : std::move(payload).value();
    page.events.push_back({e.seq, e.time, e.actor, e.type, e.version, std::move(shown), ToHex(e.hash)});
    last = e.seq;
    return true;
  });
  if (!scan.ok()) return scan;
  page.head = rt.journal().head().seq;
  if (last != 0 && last < page.head) page.next_after = last;
  return page;
}

}  // namespace

void AddSystemRoutes(std::vector<Route>& out) {
  out.push_back(Bind<NoQuery, NoBody, Health>(
      {"GET", "/api/v1/health", std::nullopt, "liveness, the journal's head and last verification, planning load"},
      [](Call& c, const NoQuery&, NoBody, Answer<Health> answer) { answer(ReadHealth(c)); }));
  out.push_back(Bind<NoQuery, NoBody, OpenApiText>(
      {"GET", "/api/v1/openapi.json", std::nullopt, "this API's OpenAPI 3.1 document"},
      [](Call&, const NoQuery&, NoBody, Answer<OpenApiText> answer) { answer(OpenApiText{OpenApiDocument()}); }));
  out.push_back(Bind<NoQuery, NoBody, Me>(
      {"GET", "/api/v1/me", std::nullopt, "the caller's user name, role and permissions", 200, true},
      [](Call& c, const NoQuery&, NoBody, Answer<Me> answer) {
        answer(Me{c.user, plant::RoleName(c.role), plant::AllowedTo(c.role)});
      }));
  out.push_back(Bind<JournalQuery, NoBody, JournalPage>(
      {"GET", "/api/v1/journal", P::kReadJournal, "the journal (audit trail), oldest first"},
      [](Call& c, const JournalQuery& q, NoBody, Answer<JournalPage> answer) { answer(ReadJournal(c.rt, q)); }));
  out.push_back(Bind<NoQuery, NoBody, Text>(
      {"GET", "/metrics", P::kReadJournal,
       "operational metrics in the Prometheus text format (also unauthenticated on --metrics-listen)"},
      [](Call& c, const NoQuery&, NoBody, Answer<Text> answer) {
        if (!c.metrics) return answer(Status(Code::kUnavailable, "metrics are not collected by this server"));
        answer(Text{c.metrics->Scrape(), "text/plain; version=0.0.4; charset=utf-8"});
      }));
}

}  // namespace takt::http
