// /metrics against a real server: the numbers follow the traffic the test sends (requests by
// route template and status class, their latency counts, the writer's commands), the journal
// head equals health's, the route needs read_journal, and --metrics-listen serves it alone
// without a token; the scrape is valid Prometheus text with every documented family.
#include "fixture.h"
#include "support/child.h"
#include "support/exposition.h"

namespace takt::test {
namespace {

// The value of the sample `series` (its name and labels, in any order), or -1.
double Value(const std::string& text, const std::string& series) {
  return SampleValue(text, series);
}

class MetricsApi : public ServerTest {
 protected:
  std::string Scrape() {
    auto r = Client("supervisor").Get("/metrics");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }
};

TEST_F(MetricsApi, NumbersFollowTheTraffic) {
  const std::string get_unit = R"(takt_http_requests_total{method="GET",route="/api/v1/units/{id}",code="4xx"})";
  const std::string post_ok = R"(takt_http_requests_total{method="POST",route="/api/v1/units",code="2xx"})";
  const std::string post_conflict = R"(takt_http_requests_total{method="POST",route="/api/v1/units",code="4xx"})";
  const std::string get_seconds = R"(takt_http_request_seconds_count{method="GET",route="/api/v1/units/{id}"})";
  std::string before = Scrape();
  EXPECT_EQ(Value(before, get_unit), -1);  // no such request yet: no series
  auto c = Client();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Get("/api/v1/units/nope-" + std::to_string(i)).status, 404);
  for (const char* id : {"kg", "g", "t"})
    EXPECT_EQ(c.Post("/api/v1/units", std::string(R"({"id":")") + id + R"(","dimension":"mass"})").status, 201);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(c.Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 409);
  std::string after = Scrape();
  EXPECT_EQ(Value(after, get_unit), 5) << after;
  EXPECT_EQ(Value(after, get_seconds), 5) << after;
  EXPECT_EQ(Value(after, post_ok), 3);
  EXPECT_EQ(Value(after, post_conflict), 2);
  EXPECT_EQ(Value(after, R"(takt_commands_total{outcome="accepted"})"), 3);
  EXPECT_EQ(Value(after, R"(takt_commands_total{outcome="refused"})"), 2);
  EXPECT_EQ(Value(after, "takt_group_commit_commands_count"), Value(after, "takt_group_commit_events_count"));
  EXPECT_EQ(Value(after, "takt_commit_seconds_count"), Value(after, "takt_group_commit_events_count"));
  EXPECT_EQ(Value(after, "takt_journal_head_seq"), static_cast<double>(JournalHead()));
  EXPECT_EQ(Value(after, "takt_writer_queue_depth"), 0);
  EXPECT_NE(after.find("# TYPE takt_http_request_seconds histogram"), std::string::npos);
  // Two more: the counts move by exactly two.
  EXPECT_EQ(c.Get("/api/v1/units/nope").status, 404);
  EXPECT_EQ(c.Get("/api/v1/units/nope").status, 404);
  std::string again = Scrape();
  EXPECT_EQ(Value(again, get_unit), 7);
  EXPECT_EQ(Value(again, R"(takt_http_requests_total{method="GET",route="/metrics",code="2xx"})"), 2);

  EXPECT_EQ(Client("viewer").Get("/metrics").status, 403);
  EXPECT_EQ(Client("operator").Get("/metrics").status, 403);
  EXPECT_EQ(HttpClient(server_->base()).Get("/metrics").status, 401);
}

// After traffic of every kind (success, refusals, no route, wrong method, no token) the scrape
// passes the Prometheus client's parser and the format's grammar, and holds the families
// docs/PERFORMANCE.md lists for the API and the writer, each with its type.
TEST_F(MetricsApi, ScrapeIsValidPrometheusTextWithTheDocumentedFamilies) {
  auto c = Client();
  EXPECT_EQ(c.Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 201);
  EXPECT_EQ(c.Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 409);
  EXPECT_EQ(c.Get("/api/v1/units/kg").status, 200);
  EXPECT_EQ(c.Get("/api/v1/units/nope").status, 404);
  EXPECT_EQ(c.Get("/api/v1/no-such-thing").status, 404);
  EXPECT_EQ(c.Delete("/api/v1/health").status, 405);
  EXPECT_EQ(HttpClient(server_->base()).Get("/api/v1/units").status, 401);
  EXPECT_EQ(Client("viewer").Get("/metrics").status, 403);
  std::string text = Scrape();
  EXPECT_EQ(ExpositionProblems(text), "") << text;
  for (const auto& [family, type] :
       std::vector<std::pair<std::string, std::string>>{{"takt_http_requests_total", "counter"},
                                                        {"takt_http_request_seconds", "histogram"},
                                                        {"takt_journal_head_seq", "gauge"},
                                                        {"takt_writer_queue_depth", "gauge"},
                                                        {"takt_commands_total", "counter"},
                                                        {"takt_events_total", "counter"},
                                                        {"takt_group_commit_commands", "histogram"},
                                                        {"takt_group_commit_events", "histogram"},
                                                        {"takt_commit_seconds", "histogram"},
                                                        {"takt_snapshot_seq", "gauge"},
                                                        {"takt_events_since_snapshot", "gauge"},
                                                        {"takt_snapshot_age_seconds", "gauge"}})
    EXPECT_NE(text.find("\n# TYPE " + family + " " + type + "\n"), std::string::npos) << family;
  // No route, and no route for that method: both unmatched.
  EXPECT_EQ(Value(text, R"(takt_http_requests_total{method="",route="unmatched",code="4xx"})"), 2) << text;
  EXPECT_EQ(Value(text, R"(takt_http_requests_total{method="POST",route="/api/v1/units",code="4xx"})"), 1);
  EXPECT_EQ(Value(text, R"(takt_http_request_seconds_bucket{method="GET",route="/api/v1/units/{id}",le="+Inf"})"), 2);
}

TEST_F(MetricsApi, AListenerOfItsOwnServesMetricsWithoutAToken) {
  server_.reset();
  int port = FreePort();
  server_ = std::make_unique<ServerProcess>(
      db(), "serve", std::vector<std::string>{"--metrics-listen", "127.0.0.1:" + std::to_string(port)});
  EXPECT_NE(server_->banner().find("metrics on http://127.0.0.1:" + std::to_string(port)), std::string::npos);
  EXPECT_EQ(Client().Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 201);
  HttpClient anon("http://127.0.0.1:" + std::to_string(port));
  auto r = anon.Get("/metrics");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Value(r.body, "takt_journal_head_seq"), static_cast<double>(JournalHead()));
  EXPECT_EQ(Value(r.body, R"(takt_http_requests_total{method="POST",route="/api/v1/units",code="2xx"})"), 1);
  EXPECT_EQ(anon.Get("/api/v1/health").status, 404);
  EXPECT_EQ(anon.Get("/api/v1/units").status, 404);
  EXPECT_EQ(anon.Post("/metrics", "{}").status, 405);
  // The main listener still wants a token.
  EXPECT_EQ(HttpClient(server_->base()).Get("/metrics").status, 401);
}

}  // namespace
}  // namespace takt::test
