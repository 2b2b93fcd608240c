// What the plant board and the KPI view read, against a real server: every unit's machine state
// under a node, the stops waiting for a reason, the KPIs shift by shift, and the operations of
// the live stream.
#include <boost/json.hpp>

#include "core/time.h"
#include "fixture.h"
#include "sse_client.h"

namespace takt::test {
namespace {

namespace json = boost::json;

// A site in Berlin with two machines on a two-shift calendar (weekdays 06:00-14:00 and
// 14:00-22:00 local: 04:00-12:00 and 12:00-20:00 UTC in June), and a machine stop code that
// means a jam.
class BoardApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auto c = Client();
    for (auto [path, body] : std::vector<std::pair<const char*, const char*>>{
             {"/api/v1/equipment", R"({"id":"ENT","level":"enterprise"})"},
             {"/api/v1/equipment", R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Berlin"})"},
             {"/api/v1/equipment", R"({"id":"AREA","level":"area","parent":"SITE"})"},
             {"/api/v1/equipment", R"({"id":"WC","level":"work_center","parent":"AREA"})"},
             {"/api/v1/equipment", R"({"id":"OTHER","level":"site","parent":"ENT","time_zone":"UTC"})"},
             {"/api/v1/downtime-reasons", R"({"id":"JAM","element":"ADET"})"},
             {"/api/v1/state-models", R"({"id":"M","states":[{"code":"run","element":"APT"},
               {"code":"fault","element":"ADET"},{"code":"idle","element":"ADOT"},{"code":"clean","element":"PDOT"}],
               "reason_codes":[{"code":"E-1","reason":"JAM"}]})"},
             {"/api/v1/equipment-classes", R"({"id":"MACHINES","state_model":"M",
               "properties":[{"id":"ideal_cycle_s","type":"number","value":60}]})"},
             {"/api/v1/equipment", R"({"id":"U1","level":"work_unit","parent":"WC","classes":["MACHINES"]})"},
             {"/api/v1/equipment", R"({"id":"U2","level":"work_unit","parent":"WC","classes":["MACHINES"]})"},
             {"/api/v1/equipment", R"({"id":"U3","level":"work_unit","parent":"WC","classes":["MACHINES"]})"},
             {"/api/v1/shift-calendars", R"({"id":"CAL","scope":"SITE","shifts":[
               {"id":"early","days":[1,2,3,4,5],"start":"06:00","end":"14:00"},
               {"id":"late","days":[1,2,3,4,5],"start":"14:00","end":"22:00"}]})"}}) {
      auto r = c.Post(path, body);
      ASSERT_EQ(r.status, 201) << path << " " << r.body;
    }
  }

  // Monday 2026-06-08. U1: a fault without a code, a jam (E-1), an idle stop, a cleaning; U2 idle
  // late in the day; U3 never reports.
  void Record() {
    auto r = Client("operator").Post("/api/v1/machine-data", R"({"events":[
      {"work_unit":"U1","time":"2026-06-08T04:00:00Z","state":"run"},
      {"work_unit":"U1","time":"2026-06-08T05:00:00Z","state":"fault"},
      {"work_unit":"U1","time":"2026-06-08T05:30:00Z","state":"run"},
      {"work_unit":"U1","time":"2026-06-08T08:00:00Z","state":"fault","reason":"E-1"},
      {"work_unit":"U1","time":"2026-06-08T08:10:00Z","state":"run"},
      {"work_unit":"U1","time":"2026-06-08T10:00:00Z","state":"idle"},
      {"work_unit":"U1","time":"2026-06-08T10:20:00Z","state":"run"},
      {"work_unit":"U1","time":"2026-06-08T11:00:00Z","good":100},
      {"work_unit":"U1","time":"2026-06-08T13:00:00Z","state":"clean"},
      {"work_unit":"U1","time":"2026-06-08T13:30:00Z","state":"run"},
      {"work_unit":"U1","time":"2026-06-08T16:00:00Z","good":50},
      {"work_unit":"U1","time":"2026-06-08T20:00:00Z","state":"idle"},
      {"work_unit":"U2","time":"2026-06-08T04:00:00Z","state":"run"},
      {"work_unit":"U2","time":"2026-06-08T19:00:00Z","state":"idle"},
      {"work_unit":"U2","time":"2026-06-08T19:30:00Z","state":"run"},
      {"work_unit":"U2","time":"2026-06-08T20:00:00Z","state":"idle"}]})");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static std::vector<std::string> Starts(const json::value& list) {
    std::vector<std::string> out;
    for (const auto& s : list.at("stops").as_array())
      out.push_back(std::string(s.at("work_unit").as_string()) + "@" + std::string(s.at("start").as_string()));
    return out;
  }
};

TEST_F(BoardApi, MachineStatesOfEveryUnitUnderANode) {
  Record();
  auto r = Client("viewer").Get("/api/v1/machine-states?equipment=AREA");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("equipment"), "AREA");
  const auto& units = r.json().at("units").as_array();
  ASSERT_EQ(units.size(), 3u) << r.body;
  // The same answer as each unit's own route.
  for (const auto& u : units) {
    std::string id(u.at("work_unit").as_string());
    auto one = Client("viewer").Get("/api/v1/equipment/" + id + "/machine-state");
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(u.at("state"), one.json().at("state")) << id;
    EXPECT_EQ(u.at("since"), one.json().at("since")) << id;
  }
  EXPECT_EQ(units[0].at("work_unit"), "U1");
  EXPECT_EQ(units[0].at("state"), "idle");
  EXPECT_EQ(units[0].at("element"), "ADOT");
  EXPECT_EQ(units[2].at("state"), "no_data");  // U3 never reported
  EXPECT_EQ(Client("viewer").Get("/api/v1/machine-states?equipment=OTHER").json().at("units").as_array().size(), 0u);
  EXPECT_EQ(Client("viewer").Get("/api/v1/machine-states?equipment=U2").json().at("units").as_array().size(), 1u);
  auto missing = Client("viewer").Get("/api/v1/machine-states?equipment=NOPE");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.error_field(), "equipment");
  EXPECT_EQ(Client("viewer").Get("/api/v1/machine-states").status, 400);
}

// The stops waiting for a reason are the malfunctions and idle stops that neither an operator
// nor the machine's stop code explained; classifying one takes it off the list.
TEST_F(BoardApi, StopsOfANodeAndThoseWaitingForAReason) {
  Record();
  const std::string window = "&from=2026-06-08T04:00:00Z&to=2026-06-08T20:00:00Z";
  auto all = Client("viewer").Get("/api/v1/stops?equipment=AREA" + window);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Starts(all.json()),
            (std::vector<std::string>{"U2@2026-06-08T19:00:00Z", "U1@2026-06-08T13:00:00Z", "U1@2026-06-08T10:00:00Z",
                                      "U1@2026-06-08T08:00:00Z", "U1@2026-06-08T05:00:00Z"}));
  const auto& first = all.json().at("stops").at(0);
  EXPECT_EQ(first.at("state"), "idle");
  EXPECT_EQ(first.at("end"), "2026-06-08T19:30:00Z");
  EXPECT_EQ(first.at("duration_s").to_number<double>(), 1800);
  EXPECT_EQ(first.at("classified_by"), "none");
  EXPECT_EQ(all.json().at("stops").at(3).at("classified_by"), "machine");  // E-1 says JAM
  auto two = Client("viewer").Get("/api/v1/stops?equipment=AREA&limit=2" + window);
  EXPECT_EQ(Starts(two.json()), (std::vector<std::string>{"U2@2026-06-08T19:00:00Z", "U1@2026-06-08T13:00:00Z"}));

  auto waiting = Client("viewer").Get("/api/v1/stops?equipment=AREA&waiting=true" + window);
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_EQ(Starts(waiting.json()), (std::vector<std::string>{"U2@2026-06-08T19:00:00Z", "U1@2026-06-08T10:00:00Z",
                                                              "U1@2026-06-08T05:00:00Z"}));
  auto classified =
      Client("supervisor")
          .Post("/api/v1/equipment/U1/stops/classify", R"({"start":"2026-06-08T05:00:00Z","reason":"JAM"})");
  ASSERT_EQ(classified.status, 200) << classified.body;
  waiting = Client("viewer").Get("/api/v1/stops?equipment=WC&waiting=true" + window);
  EXPECT_EQ(Starts(waiting.json()), (std::vector<std::string>{"U2@2026-06-08T19:00:00Z", "U1@2026-06-08T10:00:00Z"}));

  // A stop still going on has no end yet.
  auto open = Client("viewer").Get("/api/v1/stops?equipment=U2&waiting=true&from=2026-06-08T19:45:00Z");
  ASSERT_EQ(open.status, 200) << open.body;
  ASSERT_EQ(open.json().at("stops").as_array().size(), 1u) << open.body;
  EXPECT_TRUE(open.json().at("stops").at(0).at("end").is_null());

  EXPECT_EQ(Client("viewer").Get("/api/v1/stops?equipment=NOPE").status, 404);
  auto bad = Client("viewer").Get("/api/v1/stops?equipment=AREA&limit=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "limit");
}

// Each shift's figures are those GET /api/v1/kpi gives for that shift's window.
TEST_F(BoardApi, KpiTrendShiftByShiftAndDayByDay) {
  Record();
  auto r = Client("viewer").Get("/api/v1/kpi/trend?equipment=WC&from=2026-06-08T00:00:00Z&to=2026-06-09T00:00:00Z");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("by"), "shift");
  EXPECT_EQ(r.json().at("calendar"), "CAL");
  EXPECT_EQ(r.json().at("time_zone"), "Europe/Berlin");
  const auto& periods = r.json().at("periods").as_array();
  ASSERT_EQ(periods.size(), 2u) << r.body;
  EXPECT_EQ(periods[0].at("shift"), "early");
  EXPECT_EQ(periods[0].at("from"), "2026-06-08T04:00:00Z");
  EXPECT_EQ(periods[0].at("to"), "2026-06-08T12:00:00Z");
  EXPECT_EQ(periods[1].at("shift"), "late");
  EXPECT_EQ(periods[0].at("counts").at("good"), 100);
  EXPECT_EQ(periods[1].at("counts").at("good"), 50);
  for (const auto& p : periods) {
    auto k = Client("viewer").Get("/api/v1/kpi?equipment=WC&from=" + std::string(p.at("from").as_string()) +
                                  "&to=" + std::string(p.at("to").as_string()));
    ASSERT_EQ(k.status, 200) << k.body;
    EXPECT_EQ(p.at("kpi"), k.json().at("kpi")) << p;
    EXPECT_EQ(p.at("counts"), k.json().at("counts")) << p;
  }
  EXPECT_GT(periods[0].at("kpi").at("oee").to_number<double>(), 0);

  // By day: the local days (Berlin) that overlap the window.
  auto days =
      Client("viewer").Get("/api/v1/kpi/trend?equipment=SITE&by=day&from=2026-06-08T00:00:00Z&to=2026-06-09T00:00:00Z");
  ASSERT_EQ(days.status, 200) << days.body;
  EXPECT_TRUE(days.json().at("calendar").is_null());
  ASSERT_EQ(days.json().at("periods").as_array().size(), 2u) << days.body;
  EXPECT_EQ(days.json().at("periods").at(0).at("from"), "2026-06-07T22:00:00Z");
  EXPECT_TRUE(days.json().at("periods").at(0).at("shift").is_null());
  EXPECT_EQ(days.json().at("periods").at(0).at("counts").at("good"), 150);

  auto none =
      Client("viewer").Get("/api/v1/kpi/trend?equipment=OTHER&from=2026-06-08T00:00:00Z&to=2026-06-09T00:00:00Z");
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.error_field(), "by");
  auto empty = Client("viewer").Get("/api/v1/kpi/trend?equipment=WC&from=2026-06-09T00:00:00Z&to=2026-06-08T00:00:00Z");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.error_field(), "from");
  auto longer =
      Client("viewer").Get("/api/v1/kpi/trend?equipment=WC&from=2026-01-01T00:00:00Z&to=2026-06-08T00:00:00Z");
  EXPECT_EQ(longer.status, 400);
  EXPECT_EQ(longer.error_field(), "from");
  auto bad_by = Client("viewer").Get("/api/v1/kpi/trend?equipment=WC&from=2026-06-08T00:00:00Z&by=week");
  EXPECT_EQ(bad_by.status, 400);
  EXPECT_EQ(bad_by.error_field(), "by");
}

// The demo plant's lathe operation, paused, resumed, reported and completed, and the next one
// started: each is an `operation` event on the streams of the nodes above the lathe only.
TEST(BoardDemoApi, LiveStreamCarriesOperationStartsAndCompletions) {
  TempDir dir;
  ServerProcess demo(dir.File("demo.db"), "demo", {"--no-simulator"});
  auto token = [&](const std::string& user) {
    auto at = demo.banner().find("user " + user);
    EXPECT_NE(at, std::string::npos) << demo.banner();
    at = demo.banner().find("takt_", at);
    return demo.banner().substr(at, demo.banner().find_first_of(" \n", at) - at);
  };
  HttpClient op(demo.base(), token("demo-operator"));
  SseClient turning(demo.port(), "/api/v1/live?equipment=LYON-MACH-TURN", token("demo-viewer"));
  SseClient greenville(demo.port(), "/api/v1/live?equipment=GREENVILLE", token("demo-viewer"));
  ASSERT_TRUE(turning.WaitFor("event: kpi")) << turning.seen();
  ASSERT_TRUE(greenville.WaitFor("event: kpi")) << greenville.seen();

  const std::string lathe = "/api/v1/work-orders/WO-2611-001/operations/OP10/";
  auto event = [](const char* what, const char* status) {
    return std::string(
               "event: operation\ndata: {\"work_unit\":\"LYON-LATHE-01\",\"order\":\"WO-2611-001\","
               "\"operation\":\"OP10\",\"event\":\"") +
           what + "\",\"status\":\"" + status + "\"";
  };
  ASSERT_EQ(op.Post(lathe + "pause", R"({"reason":"break"})").status, 200);
  ASSERT_TRUE(turning.WaitFor(event("paused", "paused"))) << turning.seen();
  ASSERT_EQ(op.Post(lathe + "resume", "{}").status, 200);
  ASSERT_TRUE(turning.WaitFor(event("resumed", "running"))) << turning.seen();
  auto reported = op.Post(lathe + "report", R"({"good":28})");
  ASSERT_EQ(reported.status, 200) << reported.body;
  ASSERT_TRUE(turning.WaitFor(event("reported", "running"))) << turning.seen();
  EXPECT_NE(turning.seen().find(R"("product":"SHAFT-20")"), std::string::npos) << turning.seen();
  EXPECT_NE(turning.seen().find(R"("quantity":40,"uom":"pcs","good":40,"scrap":1})"), std::string::npos)
      << turning.seen();
  auto completed = op.Post(lathe + "complete", "{}");
  ASSERT_EQ(completed.status, 200) << completed.body;
  ASSERT_TRUE(turning.WaitFor(event("completed", "completed"))) << turning.seen();

  // The housing's turning starts on the second lathe.
  auto started = op.Post("/api/v1/work-orders/WO-2611-002/operations/OP10/start",
                         R"({"work_unit":"LYON-LATHE-02","operators":["P-1001"]})");
  ASSERT_EQ(started.status, 200) << started.body;
  ASSERT_TRUE(
      turning.WaitFor("event: operation\ndata: {\"work_unit\":\"LYON-LATHE-02\",\"order\":\"WO-2611-002\","
                      "\"operation\":\"OP10\",\"event\":\"started\",\"status\":\"running\""))
      << turning.seen();

  // Greenville's stream got none of it: a state of one of its machines comes after everything
  // committed before it.
  ASSERT_EQ(op.Post("/api/v1/machine-data",
                    R"({"events":[{"work_unit":"GRV-IMM-01","time":")" +
                        FormatIso8601(Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(
                                                    std::chrono::system_clock::now().time_since_epoch())
                                                    .count()}) +
                        R"(","state":"running"}]})")
                .status,
            200);
  ASSERT_TRUE(greenville.WaitFor(R"("work_unit":"GRV-IMM-01")")) << greenville.seen();
  EXPECT_EQ(greenville.seen().find("event: operation"), std::string::npos) << greenville.seen();
}

}  // namespace
}  // namespace takt::test
