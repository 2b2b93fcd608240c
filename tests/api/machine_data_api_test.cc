// Machine data over HTTP against a real server: a batch in, duplicates out, a bad reading
// refusing its whole batch, KPIs and stops out, a reclassification, and the same answers after
// a restart and after SIGKILL.
#include <boost/json.hpp>

#include "fixture.h"
#include "sse_client.h"

namespace takt::test {
namespace {

namespace json = boost::json;

class MachineDataApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auto c = Client();
    for (auto [path, body] : std::vector<std::pair<const char*, const char*>>{
             {"/api/v1/equipment", R"({"id":"ENT","level":"enterprise"})"},
             {"/api/v1/equipment", R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Berlin"})"},
             {"/api/v1/equipment", R"({"id":"AREA","level":"area","parent":"SITE"})"},
             {"/api/v1/equipment", R"({"id":"WC","level":"work_center","parent":"AREA"})"},
             {"/api/v1/downtime-reasons", R"({"id":"JAM","element":"ADET"})"},
             {"/api/v1/downtime-reasons", R"({"id":"CLEANING","element":"PDOT"})"},
             {"/api/v1/equipment-classes", R"({"id":"FILLERS","state_model":"packml",
               "properties":[{"id":"ideal_cycle_s","type":"number","value":2}]})"},
             {"/api/v1/equipment", R"({"id":"FILLER","level":"work_unit","parent":"WC","classes":["FILLERS"]})"},
             {"/api/v1/shift-calendars", R"({"id":"CAL","scope":"SITE","shifts":[{"id":"day",
               "days":[1,2,3,4,5],"start":"06:00","end":"18:00"}]})"}}) {
      auto r = c.Post(path, body);
      ASSERT_EQ(r.status, 201) << path << " " << r.body;
    }
  }

  // Monday 2026-06-08, CEST: the day shift is 04:00-16:00 UTC. PackML: 6 Execute, 11 Held, 5 Suspended.
  static std::string Batch() {
    return R"({"source":"filler-plc","events":[
      {"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","state":"6","seq":1},
      {"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","good":5000,"cumulative":true,"seq":2},
      {"work_unit":"FILLER","time":"2026-06-08T06:00:00Z","state":"Held","reason":"J-7","seq":3},
      {"work_unit":"FILLER","time":"2026-06-08T06:15:00Z","state":"6","seq":4},
      {"work_unit":"FILLER","time":"2026-06-08T07:59:00Z","good":8100,"cumulative":true,"seq":5},
      {"work_unit":"FILLER","time":"2026-06-08T07:59:00Z","reject":60,"seq":6},
      {"work_unit":"FILLER","time":"2026-06-08T07:59:00Z","value":71.5,"name":"temperature","seq":7},
      {"work_unit":"FILLER","time":"2026-06-08T08:00:00Z","state":"Suspended","seq":8}]})";
  }

  std::string Kpi() {
    auto r = Client("viewer").Get("/api/v1/kpi?equipment=WC&from=2026-06-08T04:00:00Z&to=2026-06-08T08:00:00Z");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }
};

TEST_F(MachineDataApi, BatchesKpisStopsAndRestart) {
  auto op = Client("operator");
  auto r = op.Post("/api/v1/machine-data", Batch());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("accepted").as_int64(), 8);
  r = op.Post("/api/v1/machine-data", Batch());  // a retry after a lost reply: nothing twice
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("accepted").as_int64(), 0);
  EXPECT_EQ(r.json().at("duplicates").as_int64(), 8);

  auto k = json::parse(Kpi()).as_object();
  const auto& t = k.at("time_s").as_object();
  EXPECT_EQ(t.at("production").to_number<double>(), 13500);  // 4 h less the 15 min hold
  EXPECT_EQ(t.at("delay").to_number<double>(), 900);
  EXPECT_EQ(k.at("counts").at("good").as_int64(), 3100);
  EXPECT_EQ(k.at("counts").at("reject").as_int64(), 60);
  EXPECT_DOUBLE_EQ(k.at("kpi").at("oee").to_number<double>(), 3100.0 * 2 / 14400);
  EXPECT_EQ(k.at("pareto").at(0).at("code").as_string(), "J-7");

  auto st = Client("viewer").Get("/api/v1/equipment/FILLER/machine-state");
  ASSERT_EQ(st.status, 200) << st.body;
  EXPECT_EQ(st.json().at("state").as_string(), "5");
  EXPECT_EQ(st.json().at("element").as_string(), "ADOT");
  EXPECT_EQ(st.json().at("process_values").at("temperature").at("value").to_number<double>(), 71.5);

  auto stops = Client("viewer").Get("/api/v1/equipment/FILLER/stops?from=2026-06-08T00:00:00Z&to=2026-06-08T07:00:00Z");
  ASSERT_EQ(stops.status, 200) << stops.body;
  ASSERT_EQ(stops.json().at("stops").as_array().size(), 1u);
  EXPECT_EQ(stops.json().at("stops").at(0).at("machine_code").as_string(), "J-7");
  EXPECT_EQ(stops.json().at("stops").at(0).at("classified_by").as_string(), "none");

  // The operator says the hold was a planned cleaning: it leaves planned busy time.
  r = op.Post("/api/v1/equipment/FILLER/stops/classify", R"({"start":"2026-06-08T06:00:00Z","reason":"CLEANING"})");
  ASSERT_EQ(r.status, 200) << r.body;
  k = json::parse(Kpi()).as_object();
  EXPECT_EQ(k.at("time_s").at("delay").to_number<double>(), 0);
  EXPECT_EQ(k.at("time_s").at("planned_downtime").to_number<double>(), 900);
  EXPECT_DOUBLE_EQ(k.at("kpi").at("oee").to_number<double>(), 3100.0 * 2 / 13500);

  std::string before = Kpi();
  server_->Terminate();
  server_ = std::make_unique<ServerProcess>(db());
  EXPECT_EQ(Kpi(), before);
  r = Client("operator").Post("/api/v1/machine-data", Batch());
  EXPECT_EQ(r.json().at("duplicates").as_int64(), 8);  // the sources' sequences survive a restart
}

TEST_F(MachineDataApi, ABadReadingRefusesTheWholeBatch) {
  auto op = Client("operator");
  uint64_t head = JournalHead();
  auto r = op.Post("/api/v1/machine-data", R"({"events":[
      {"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","state":"6"},
      {"work_unit":"FILLER","time":"2026-06-08T04:01:00Z","state":"42"}]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "events[1].state");
  for (auto [body, field] : std::vector<std::pair<const char*, const char*>>{
           {R"({"events":[{"work_unit":"FILLER","state":"6"}]})", "events[0].time"},
           {R"({"events":[{"work_unit":"FILLER","time":"yesterday","state":"6"}]})", "events[0].time"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","state":"6","good":1}]})",
            "events[0].state"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","good":-3}]})", "events[0].good"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","good":"3"}]})", "events[0].good"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","speed":3}]})", "events[0].speed"},
           {R"({"events":[{"work_unit":"WC","time":"2026-06-08T04:00:00Z","state":"6"}]})", "events[0].work_unit"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","state":"6","seq":1}]})",
            "events[0].source"},
           {R"({"events":[{"work_unit":"FILLER","time":"0000-01-01T00:00:00+01:00","state":"6"}]})", "events[0].time"},
           {R"({"events":{}})", "events"},
           {R"({"readings":[]})", "readings"}}) {
    r = op.Post("/api/v1/machine-data", body);
    EXPECT_TRUE(r.status == 400 || r.status == 422) << body << " " << r.body;
    EXPECT_EQ(r.error_field(), field) << body;
  }
  EXPECT_EQ(Client("viewer").Post("/api/v1/machine-data", Batch()).status, 403);
  auto k = Client("viewer").Get("/api/v1/kpi?equipment=WC&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
  EXPECT_EQ(k.status, 400);
  EXPECT_EQ(k.error_field(), "to");
  EXPECT_EQ(Client("viewer").Get("/api/v1/kpi?equipment=WC&from=2026-01-01T00:00:00Z&window=day").error_field(),
            "window");
  EXPECT_EQ(Client("viewer").Get("/api/v1/kpi?equipment=NOPE&window=day").status, 404);
  EXPECT_EQ(JournalHead(), head);
}

TEST_F(MachineDataApi, AnAcknowledgedBatchSurvivesKill9) {
  auto r = Client("operator").Post("/api/v1/machine-data", Batch());
  ASSERT_EQ(r.status, 200) << r.body;
  std::string before = Kpi();
  server_->Kill9();
  server_ = std::make_unique<ServerProcess>(db());
  EXPECT_EQ(Kpi(), before);
}

// The tester's report: three cells run the day shift (06:00-18:00 CEST) on counters read every
// 15 minutes; the last reading, stamped exactly 18:00:00.000, adds 4, 1 and 5 parts. A count
// reports what was made up to its time, so the shift's figures hold every part.
TEST_F(MachineDataApi, ACounterReadingAtTheShiftEndCountsInThatShift) {
  auto admin = Client();
  for (const char* cell : {"CELL-1", "CELL-2", "CELL-3"}) {
    auto r = admin.Post("/api/v1/equipment", std::string(R"({"id":")") + cell +
                                                 R"(","level":"work_unit","parent":"WC","classes":["FILLERS"]})");
    ASSERT_EQ(r.status, 201) << r.body;
  }
  const int64_t last[] = {4, 1, 5};
  int64_t made[3] = {};
  std::string events;
  for (int c = 0; c < 3; ++c) {
    std::string unit = "CELL-" + std::to_string(c + 1);
    int64_t counter = 500;
    auto add = [&](const std::string& time, const std::string& what) {
      events += std::string(events.empty() ? "" : ",") + R"({"work_unit":")" + unit + R"(","time":")" + time + R"(",)" +
                what + "}";
    };
    add("2026-06-08T04:00:00.000Z", R"("state":"6")");
    add("2026-06-08T04:00:00.000Z", R"("good":500,"cumulative":true)");
    for (int q = 1; q <= 48; ++q) {
      int64_t n = q == 48 ? last[c] : 30;
      counter += n;
      made[c] += n;
      char time[40];
      std::snprintf(time, sizeof time, "2026-06-08T%02d:%02d:00.000Z", 4 + q / 4, (q % 4) * 15);
      add(time, R"("good":)" + std::to_string(counter) + R"(,"cumulative":true)");
    }
    add("2026-06-08T16:00:00.000Z", R"("state":"5")");
  }
  auto r = Client("operator").Post("/api/v1/machine-data", R"({"events":[)" + events + "]}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto k = Client("viewer").Get("/api/v1/kpi?equipment=WC&window=shift&at=2026-06-08T10:00:00Z&units=true");
  ASSERT_EQ(k.status, 200) << k.body;
  EXPECT_EQ(k.json().at("window").at("to"), "2026-06-08T16:00:00Z") << k.body;
  for (const auto& u : k.json().at("units").as_array()) {
    std::string id(u.at("work_unit").as_string());
    if (id == "FILLER") continue;
    int c = id.back() - '1';
    EXPECT_DOUBLE_EQ(u.at("kpi").at("oee").to_number<double>(), made[c] * 2.0 / (12 * 3600)) << id;
  }
  EXPECT_EQ(k.json().at("counts").at("good").as_int64(), made[0] + made[1] + made[2]) << k.body;
  // The day holds the same parts, and the next day none of them.
  auto day = Client("viewer").Get("/api/v1/kpi?equipment=WC&window=day&at=2026-06-08T10:00:00Z");
  EXPECT_EQ(day.json().at("counts").at("good").as_int64(), made[0] + made[1] + made[2]) << day.body;
}

// A unit that never reported answers the same shape as one that did: no_data, nulls, no values.
TEST_F(MachineDataApi, MachineStateBeforeAnyReadingHasTheSameShape) {
  auto st = Client("viewer").Get("/api/v1/equipment/FILLER/machine-state");
  ASSERT_EQ(st.status, 200) << st.body;
  const auto& m = st.json().as_object();
  EXPECT_EQ(m.at("state"), "no_data");
  EXPECT_EQ(m.at("element"), "NODATA");
  EXPECT_EQ(m.at("loss"), "no_data");
  EXPECT_EQ(m.at("state_model"), "packml");
  EXPECT_EQ(m.at("calendar"), "CAL");
  for (const char* k : {"since", "machine_code", "newest_reading"}) EXPECT_TRUE(m.at(k).is_null()) << k;
  EXPECT_TRUE(m.at("process_values").as_object().empty());
  EXPECT_EQ(Client("viewer").Get("/api/v1/equipment/WC/machine-state").status, 422);  // not a work unit
}

// Readings are checked as their description says, before the plant sees them, each refusal
// naming its reading and field; a batch may hold 100,000 readings and no more.
TEST_F(MachineDataApi, ReadingsAreDecodedAsDescribed) {
  auto op = Client("operator");
  uint64_t head = JournalHead();
  for (auto [body, field] : std::vector<std::pair<std::string, const char*>>{
           {R"({"events":[{"work_unit":"no such id!","time":"2026-06-08T04:00:00Z","state":"6"}]})",
            "events[0].work_unit"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","reject":1.5}]})", "events[0].reject"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","good":1,"seq":-1,"source":"s"}]})",
            "events[0].seq"},
           {R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z"}]})", "events[0].state"},
           {R"({"events":[7]})", "events[0]"},
           {R"({"source":3,"events":[]})", "source"}}) {
    auto r = op.Post("/api/v1/machine-data", body);
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_EQ(r.error_field(), field) << body;
  }
  std::string big = R"({"events":[)";
  for (int i = 0; i <= 100'000; ++i) big += i ? ",{}" : "{}";
  auto r = op.Post("/api/v1/machine-data", big + "]}");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "events");
  // The batch's source stands for its readings' own, so their seq deduplicates.
  r = op.Post("/api/v1/machine-data", R"({"source":"plc-7","events":[
      {"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","good":3,"seq":1},
      {"work_unit":"FILLER","time":"2026-06-08T04:00:01Z","good":3,"seq":1,"source":"plc-8"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("accepted"), 2);
  r = op.Post("/api/v1/machine-data",
              R"({"events":[{"work_unit":"FILLER","time":"2026-06-08T04:00:00Z","good":3,"seq":1,"source":"plc-7"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("duplicates"), 1);
  EXPECT_FALSE(r.json().as_object().contains("journal_seq"));  // nothing new, nothing journalled
  EXPECT_EQ(JournalHead(), head + 1);
}

// The document describes every route of the family: bodies, replies, parameters, and the live
// stream's events, whose data a client can type from the schemas the route names.
TEST_F(MachineDataApi, TheDocumentDescribesThePerformanceRoutes) {
  auto doc = Client().Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const auto& paths = doc.json().at("paths");
  const auto& schemas = doc.json().at("components").at("schemas").as_object();
  auto op = [&](const char* method, const char* path) -> const json::object& {
    return paths.at(path).at(method).as_object();
  };
  auto ref = [](const json::value& v) { return std::string(v.at("$ref").as_string()); };
  for (auto [method, path] :
       std::vector<std::pair<const char*, const char*>>{{"post", "/api/v1/machine-data"},
                                                        {"get", "/api/v1/kpi"},
                                                        {"get", "/api/v1/equipment/{id}/machine-state"},
                                                        {"get", "/api/v1/equipment/{id}/stops"},
                                                        {"post", "/api/v1/equipment/{id}/stops/classify"},
                                                        {"get", "/api/v1/live"}}) {
    EXPECT_TRUE(op(method, path).at("responses").as_object().begin()->value().as_object().contains("content"))
        << method << " " << path;
  }
  EXPECT_EQ(ref(op("post", "/api/v1/machine-data").at("requestBody").at("content").at("application/json").at("schema")),
            "#/components/schemas/MachineDataBatch");
  EXPECT_EQ(schemas.at("MachineDataBatch").at("properties").at("events").at("maxItems"), 100000);
  EXPECT_EQ(schemas.at("MachineReading").at("oneOf").as_array().size(), 5u);
  EXPECT_EQ(ref(op("post", "/api/v1/equipment/{id}/stops/classify")
                    .at("requestBody")
                    .at("content")
                    .at("application/json")
                    .at("schema")),
            "#/components/schemas/StopClassification");
  std::map<std::string, bool> kpi;
  for (const auto& p : op("get", "/api/v1/kpi").at("parameters").as_array())
    if (p.at("in") == "query") kpi[std::string(p.at("name").as_string())] = p.at("required").as_bool();
  EXPECT_EQ(
      kpi,
      (std::map<std::string, bool>{
          {"equipment", true}, {"from", false}, {"to", false}, {"window", false}, {"at", false}, {"units", false}}));

  const auto& live = op("get", "/api/v1/live");
  const auto& params = live.at("parameters").as_array();
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].at("name"), "equipment");
  EXPECT_EQ(params[0].at("required"), true);
  const auto& content = live.at("responses").at("200").at("content").as_object();
  ASSERT_TRUE(content.contains("text/event-stream"));
  const auto& events = content.at("text/event-stream").at("schema").at("x-takt-events");
  std::string description(live.at("description").as_string());
  for (auto [event, schema] :
       {std::pair{"state", "LiveState"}, {"kpi", "LiveKpi"}, {"stop_classified", "LiveStopClassified"}}) {
    EXPECT_EQ(ref(events.at(event)), std::string("#/components/schemas/") + schema);
    EXPECT_TRUE(schemas.contains(schema)) << schema;
    EXPECT_NE(description.find(schema), std::string::npos) << schema;
  }
}

// The built-in state models are listed and readable like resources, and read only.
TEST_F(MachineDataApi, BuiltInStateModelsAreVisibleAndReadOnly) {
  auto admin = Client();
  auto list = Client("viewer").Get("/api/v1/state-models");
  ASSERT_EQ(list.status, 200) << list.body;
  std::vector<std::string> ids;
  for (const auto& m : list.json().at("items").as_array()) {
    ids.emplace_back(m.at("id").as_string());
    EXPECT_EQ(m.at("built_in"), true) << m;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"packml", "simple"}));
  auto packml = Client("viewer").Get("/api/v1/state-models/packml");
  ASSERT_EQ(packml.status, 200) << packml.body;
  EXPECT_EQ(packml.json().at("built_in"), true);
  EXPECT_EQ(packml.json().at("states").as_array().size(), 18u);
  EXPECT_EQ(packml.json().at("states").at(6).at("name"), "Execute");
  // Paging goes through them like through resources.
  auto page = Client("viewer").Get("/api/v1/state-models?limit=1");
  EXPECT_EQ(page.json().at("next_after"), "packml") << page.body;
  EXPECT_EQ(Client("viewer").Get("/api/v1/state-models?after=packml").json().at("items").at(0).at("id"), "simple");

  uint64_t head = JournalHead();
  json::object doc = packml.json().as_object();
  auto put = admin.Send("PUT", "/api/v1/state-models/packml", json::serialize(doc));
  EXPECT_EQ(put.status, 409) << put.body;
  EXPECT_NE(put.json().at("error").at("message").as_string().find("built in and read only"), std::string::npos);
  EXPECT_EQ(admin.Send("DELETE", "/api/v1/state-models/simple", "").status, 409);
  auto post = admin.Post("/api/v1/state-models", R"({"id":"packml","states":[{"code":"run","element":"APT"}]})");
  EXPECT_EQ(post.status, 409) << post.body;
  EXPECT_EQ(post.error_field(), "id");
  EXPECT_EQ(JournalHead(), head);

  // A copy under another id is a resource of its own; classes name built-ins and copies alike.
  doc["id"] = "packml-line2";
  auto copy = admin.Post("/api/v1/state-models", json::serialize(doc));
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_EQ(Client("viewer").Get("/api/v1/state-models/packml-line2").json().at("built_in"), false);
  EXPECT_EQ(admin.Post("/api/v1/equipment-classes", R"({"id":"CAPPERS","state_model":"simple"})").status, 201);
  EXPECT_EQ(admin.Post("/api/v1/equipment-classes", R"({"id":"LINE2","state_model":"packml-line2"})").status, 201);
  EXPECT_EQ(Client("viewer").Get("/api/v1/state-models").json().at("items").as_array().size(), 3u);
}

TEST_F(MachineDataApi, LiveStreamCarriesStatesAndKpis) {
  SseClient live(server_->port(), "/api/v1/live?equipment=AREA", tokens_["viewer"]);
  ASSERT_TRUE(live.WaitFor("event: kpi")) << live.seen();  // the first KPIs come at once
  EXPECT_NE(live.seen().find("text/event-stream"), std::string::npos);
  ASSERT_EQ(Client("operator").Post("/api/v1/machine-data", Batch()).status, 200);
  ASSERT_TRUE(live.WaitFor(R"("state":"11","machine_code":"J-7")")) << live.seen();
  ASSERT_EQ(Client("operator")
                .Post("/api/v1/equipment/FILLER/stops/classify", R"({"start":"2026-06-08T06:00:00Z","reason":"JAM"})")
                .status,
            200);
  ASSERT_TRUE(
      live.WaitFor("event: stop_classified\ndata: {\"work_unit\":\"FILLER\",\"start\":\"2026-06-08T06:00:00Z\","
                   "\"reason\":\"JAM\",\"comment\":\"\"}\n\n"))
      << live.seen();
  EXPECT_EQ(Client("viewer").Get("/api/v1/live?equipment=NOPE").status, 404);
  EXPECT_EQ(Client("viewer").Get("/api/v1/live").status, 400);
}

}  // namespace
}  // namespace takt::test
