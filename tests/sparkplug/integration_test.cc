// Sparkplug B end to end with real components: a mosquitto broker on a free port, the real
// `takt serve --mqtt`, and Eclipse Tahu's edge node (edge_node.js on sparkplug-client and
// sparkplug-payload). The edge births, sends states and counts, skips seq values and must get
// an NCMD rebirth from Takt, then dies; the journal must hold what it meant for the units.
#include "core/time.h"
#include "e2e_support.h"

namespace takt::test {
namespace {

bool TahuInstalled(std::string& why) {
  if (!Exists(TAKT_MOSQUITTO)) why = std::string("no mosquitto broker at ") + TAKT_MOSQUITTO;
  if (!Exists(TAKT_NODE)) why = std::string("no node at ") + TAKT_NODE;
  for (const char* package : {"sparkplug-client", "sparkplug-payload", "mqtt"})
    if (!Exists(std::string(TAKT_NPM_MODULES) + "/" + package))
      why = std::string("npm package ") + package + " not installed in " + TAKT_NPM_MODULES +
            ": the sparkplug_npm_install test installs it";
  return why.empty();
}

TEST(SparkplugIntegration, TahuEdgeNodeThroughMosquittoIntoTheJournal) {
  if (!Exists(TAKT_MOSQUITTO)) GTEST_SKIP() << "no mosquitto broker at " << TAKT_MOSQUITTO;
  if (!Exists(TAKT_NODE)) GTEST_SKIP() << "no node at " << TAKT_NODE;
  for (const char* package : {"sparkplug-client", "sparkplug-payload", "mqtt"}) {
    if (!Exists(std::string(TAKT_NPM_MODULES) + "/" + package))
      GTEST_SKIP() << "npm package " << package << " not installed in " << TAKT_NPM_MODULES
                   << ": the sparkplug_npm_install test installs it (its log: " << TAKT_NPM_MODULES << "/../npm.log)";
  }

  TempDir dir;
  int port = FreePort();
  auto broker = StartBroker(dir, port);
  ASSERT_TRUE(Accepts(port)) << ReadAll(dir.File("mosquitto.log"));

  std::string db = dir.File("plant.db");
  std::string token = AddUser(db, "admin-user", "admin");
  std::string url = "mqtt://127.0.0.1:" + std::to_string(port) + "?host_id=takt-test&reorder_timeout_ms=500";
  auto server = std::make_unique<ServerProcess>(db, "serve", std::vector<std::string>{"--mqtt", url});
  EXPECT_NE(server->banner().find("sparkplug host 'takt-test'"), std::string::npos) << server->banner();
  HttpClient c(server->base(), token);

  // The equipment and what each metric means for it.
  ASSERT_EQ(c.Post("/api/v1/equipment-classes", R"({"id":"FILLER","state_model":"packml"})").status, 201);
  ASSERT_EQ(c.Post("/api/v1/equipment-classes", R"({"id":"CAPPER"})").status, 201);
  for (const char* doc : {
           R"({"id":"ENT","level":"enterprise"})",
           R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
           R"({"id":"AREA","level":"area","parent":"SITE"})",
           R"({"id":"WC-PACK","level":"work_center","parent":"AREA"})",
           R"({"id":"FILLER-1","level":"work_unit","parent":"WC-PACK","classes":["FILLER"]})",
           R"({"id":"CAPPER-1","level":"work_unit","parent":"WC-PACK","classes":["CAPPER"]})",
       }) {
    auto r = c.Post("/api/v1/equipment", doc);
    ASSERT_EQ(r.status, 201) << doc << r.body;
  }
  for (const char* doc : {
           R"({"id":"M-FILLER-STATE","group":"G","edge_node":"N","device":"Filler","metric":"PackML/StateCurrent",
               "work_unit":"FILLER-1","signal":"state"})",
           R"({"id":"M-FILLER-GOOD","group":"G","edge_node":"N","device":"Filler","metric":"Counters/Good",
               "work_unit":"FILLER-1","signal":"good","cumulative":true})",
           R"({"id":"M-FILLER-REJECT","group":"G","edge_node":"N","device":"Filler","metric":"Counters/RejectDelta",
               "work_unit":"FILLER-1","signal":"reject","cumulative":false})",
           R"({"id":"M-FILLER-TEMP","group":"G","edge_node":"N","device":"Filler","metric":"Temp",
               "work_unit":"FILLER-1","signal":"process_value","name":"temperature"})",
           R"({"id":"M-CAPPER-STATE","group":"G","edge_node":"N","device":"Capper","metric":"State",
               "work_unit":"CAPPER-1","signal":"state"})",
       }) {
    auto r = c.Post("/api/v1/signal-mappings", doc);
    ASSERT_EQ(r.status, 201) << doc << r.body;
  }

  // The edge node waits for Takt's STATE online, then runs its script.
  Child edge({TAKT_NODE, TAKT_EDGE_SCRIPT, "--url", "mqtt://127.0.0.1:" + std::to_string(port), "--group", "G",
              "--node", "N", "--host-id", "takt-test", "--timeout-ms", "30000"},
             dir.File("edge.log"), {std::string("NODE_PATH=") + TAKT_NPM_MODULES});
  int code = edge.Wait(std::chrono::seconds(40));
  std::string edge_out = edge.Output();
  ASSERT_EQ(code, 0) << edge_out;
  // Takt asked for the rebirth after the gap, and never in another phase.
  int rebirths = 0;
  std::istringstream lines(edge_out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(R"("step":"rebirth_requested")") == std::string::npos) continue;
    ++rebirths;
    EXPECT_NE(line.find(R"("phase":"gap")"), std::string::npos) << "a rebirth outside the gap: " << line;
  }
  EXPECT_EQ(rebirths, 1) << edge_out;

  // Poll the journal until the node's death reached it (committed by group commit).
  std::vector<Recorded> rec;
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    rec = RecordedSamples(c);
    auto filler = States(rec, "FILLER-1");
    if (!filler.empty() && filler.back() == "no_data" && filler.size() >= 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // PackML Execute at birth, Held, Execute again at the rebirth, no_data at the NDEATH.
  EXPECT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"6", "11", "6", "no_data"}));
  // Capper: running, idle, running (rebirth), no_data at its DDEATH (and at the NDEATH).
  auto capper = States(rec, "CAPPER-1");
  ASSERT_GE(capper.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(capper.begin(), capper.begin() + 4),
            (std::vector<std::string>{"running", "idle", "running", "no_data"}));
  for (size_t i = 4; i < capper.size(); ++i) EXPECT_EQ(capper[i], "no_data");
  // Counter readings, including the one after the gap; births carry the reading too.
  EXPECT_EQ(Numbers(rec, "FILLER-1", 1), (std::vector<double>{100, 110, 120, 130, 131}));
  // Increments: the births' 0 is not an increment, only the DATA's 2.
  EXPECT_EQ(Numbers(rec, "FILLER-1", 2), (std::vector<double>{2}));
  EXPECT_EQ(Numbers(rec, "FILLER-1", 4), (std::vector<double>{21.5, 21.5}));
  for (const auto& r : rec) {
    if (r.unit != "FILLER-1" || r.kind == 0) continue;
    EXPECT_EQ(r.source, "spb:G/N/Filler");
    if (r.kind == 1) {
      EXPECT_TRUE(r.cumulative);
    } else if (r.kind == 2) {
      EXPECT_FALSE(r.cumulative);
    } else if (r.kind == 4) {
      EXPECT_EQ(r.text, "temperature");
    }
  }

  // Takt's current machine state agrees: the dead filler is no_data (recorded, not merely
  // never heard of), with its last temperature.
  auto ms = c.Get("/api/v1/equipment/FILLER-1/machine-state");
  ASSERT_EQ(ms.status, 200) << ms.body;
  EXPECT_EQ(ms.json().at("state"), "no_data") << ms.body;
  EXPECT_FALSE(ms.json().at("since").is_null()) << ms.body;
  EXPECT_EQ(ms.json().at("process_values").at("temperature").at("value"), 21.5) << ms.body;

  // Stopped, Takt leaves its STATE offline, retained, with the timestamp of its connection.
  EXPECT_EQ(server->Terminate(), 0);
  auto state = FirstMessage(dir, port, "spBv1.0/STATE/takt-test");
  ASSERT_TRUE(state.is_object()) << state;
  EXPECT_EQ(state.at("online"), false) << state;
  EXPECT_TRUE(state.at("timestamp").is_number());
}

// Takt is killed (-9) while Tahu's edge node runs, and the edge dies while Takt is down (its
// Will reaches nobody). Started again, Takt gives the edge `session_timeout_ms` to come back;
// then its units are no_data from just after their last reading, and the KPIs count that span
// as no data rather than running.
TEST(SparkplugIntegration, UnitsOfAnEdgeThatDiedWhileTaktWasDownGoNoData) {
  std::string why;
  if (!TahuInstalled(why)) GTEST_SKIP() << why;
  TempDir dir;
  int port = FreePort();
  auto broker = StartBroker(dir, port);
  ASSERT_TRUE(Accepts(port)) << ReadAll(dir.File("mosquitto.log"));
  std::string db = dir.File("plant.db");
  std::string token = AddUser(db, "admin-user", "admin");
  std::string url = "mqtt://127.0.0.1:" + std::to_string(port) + "?host_id=takt-test";
  auto server = std::make_unique<ServerProcess>(db, "serve", std::vector<std::string>{"--mqtt", url});
  {
    HttpClient c(server->base(), token);
    ASSERT_EQ(c.Post("/api/v1/equipment-classes", R"({"id":"FILLER","state_model":"packml"})").status, 201);
    for (const char* doc : {R"({"id":"ENT","level":"enterprise"})",
                            R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
                            R"({"id":"AREA","level":"area","parent":"SITE"})",
                            R"({"id":"WC-PACK","level":"work_center","parent":"AREA"})",
                            R"({"id":"FILLER-1","level":"work_unit","parent":"WC-PACK","classes":["FILLER"]})",
                            R"({"id":"CAPPER-1","level":"work_unit","parent":"WC-PACK"})"})
      ASSERT_EQ(c.Post("/api/v1/equipment", doc).status, 201) << doc;
    for (const char* doc : {
             R"({"id":"M-FILLER-STATE","group":"G","edge_node":"N","device":"Filler","metric":"PackML/StateCurrent",
                 "work_unit":"FILLER-1","signal":"state"})",
             R"({"id":"M-FILLER-GOOD","group":"G","edge_node":"N","device":"Filler","metric":"Counters/Good",
                 "work_unit":"FILLER-1","signal":"good","cumulative":true})",
             R"({"id":"M-CAPPER-STATE","group":"G","edge_node":"N","device":"Capper","metric":"State",
                 "work_unit":"CAPPER-1","signal":"state"})"})
      ASSERT_EQ(c.Post("/api/v1/signal-mappings", doc).status, 201) << doc;
  }
  Child edge({TAKT_NODE, TAKT_EDGE_SCRIPT, "--url", "mqtt://127.0.0.1:" + std::to_string(port), "--group", "G",
              "--node", "N", "--host-id", "takt-test", "--hold", "1", "--timeout-ms", "30000"},
             dir.File("edge.log"), {std::string("NODE_PATH=") + TAKT_NPM_MODULES});
  std::vector<Recorded> rec;
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    HttpClient c(server->base(), token);
    rec = RecordedSamples(c);
    if (States(rec, "FILLER-1").size() >= 2 && States(rec, "CAPPER-1").size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // PackML Execute at birth, then Held; the capper running, then idle.
  ASSERT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"6", "11"})) << edge.Output();
  ASSERT_EQ(States(rec, "CAPPER-1"), (std::vector<std::string>{"running", "idle"}));
  server->Kill9();
  edge.Signal(SIGKILL);
  edge.Wait(std::chrono::seconds(10));

  auto started = std::chrono::system_clock::now();
  server = std::make_unique<ServerProcess>(db, "serve",
                                           std::vector<std::string>{"--mqtt", url + "&session_timeout_ms=1500"});
  HttpClient c(server->base(), token);
  deadline = Clock::now() + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    rec = RecordedSamples(c);
    if (States(rec, "FILLER-1").size() >= 3 && States(rec, "CAPPER-1").size() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"6", "11", "no_data"})) << server->banner();
  ASSERT_EQ(States(rec, "CAPPER-1"), (std::vector<std::string>{"running", "idle", "no_data"}));
  EXPECT_GE(std::chrono::system_clock::now() - started, std::chrono::milliseconds(1500));  // not before the timeout
  // Each unit's no_data comes just after its newest reading.
  std::map<std::string, int64_t> newest, first_state, held, dead;
  for (const auto& r : rec) {
    if (r.kind == 0 && r.text == "no_data") {
      dead[r.unit] = r.time_us;
      continue;
    }
    newest[r.unit] = std::max(newest[r.unit], r.time_us);
    if (r.kind == 0 && !first_state.count(r.unit)) first_state[r.unit] = r.time_us;
    if (r.kind == 0 && r.text == "11") held[r.unit] = r.time_us;
  }
  EXPECT_EQ(dead["FILLER-1"], newest["FILLER-1"] + 1);
  EXPECT_EQ(dead["CAPPER-1"], newest["CAPPER-1"] + 1);
  // Availability over a window to a second after the death: production only until Held.
  int64_t from = first_state["FILLER-1"], to = dead["FILLER-1"] + 1'000'000;
  auto k = c.Get("/api/v1/kpi?equipment=FILLER-1&from=" + FormatIso8601(Timestamp{from}) +
                 "&to=" + FormatIso8601(Timestamp{to}));
  ASSERT_EQ(k.status, 200) << k.body;
  const auto& t = k.json().at("time_s");
  EXPECT_NEAR(t.at("production").to_number<double>(), (held["FILLER-1"] - from) / 1e6, 1e-6) << k.body;
  EXPECT_NEAR(t.at("delay").to_number<double>(), (dead["FILLER-1"] - held["FILLER-1"]) / 1e6, 1e-6) << k.body;
  EXPECT_NEAR(t.at("no_data").to_number<double>(), 1.0, 1e-6) << k.body;
  EXPECT_NEAR(k.json().at("kpi").at("availability_iso").to_number<double>(),
              static_cast<double>(held["FILLER-1"] - from) / static_cast<double>(to - from), 1e-9)
      << k.body;
}

// The broker goes away and comes back (empty: no retained messages): Takt reconnects with
// backoff and says online again, with a new timestamp.
TEST(SparkplugIntegration, ReconnectsAfterTheBrokerRestarts) {
  if (!Exists(TAKT_MOSQUITTO) || !Exists(TAKT_MOSQUITTO_SUB)) GTEST_SKIP() << "no mosquitto";
  TempDir dir;
  int port = FreePort();
  auto broker = StartBroker(dir, port);
  ASSERT_TRUE(Accepts(port));
  std::string db = dir.File("plant.db");
  ServerProcess server(db, "serve", {"--mqtt", "mqtt://127.0.0.1:" + std::to_string(port) + "?host_id=takt-test"});
  auto first = FirstMessage(dir, port, "spBv1.0/STATE/takt-test");
  ASSERT_TRUE(first.is_object()) << first;
  EXPECT_EQ(first.at("online"), true);

  broker.reset();  // SIGTERM: every connection drops
  ASSERT_FALSE(Accepts(port));
  broker = StartBroker(dir, port);
  ASSERT_TRUE(Accepts(port));
  auto again = FirstMessage(dir, port, "spBv1.0/STATE/takt-test");
  ASSERT_TRUE(again.is_object()) << again;
  EXPECT_EQ(again.at("online"), true);
  EXPECT_GT(again.at("timestamp").to_number<int64_t>(), first.at("timestamp").to_number<int64_t>());
  // The REST side never noticed.
  EXPECT_EQ(HttpClient(server.base()).Get("/api/v1/health").status, 200);
}

// A malformed --mqtt stops `takt serve` before it opens anything, with a message that says why.
TEST(SparkplugIntegration, MalformedMqttUrlIsRefusedAtStart) {
  TempDir dir;
  for (const char* url :
       {"http://127.0.0.1:1883", "mqtt://", "mqtt://host:0", "mqtt://host:99999", "mqtt://host?host_id=a/b",
        "mqtt://host?host_id=", "mqtt://host?colour=blue", "mqtt://[::1", "mqtt://host?reorder_timeout_ms=x"}) {
    auto r = RunTakt({"serve", "--db", "sqlite:" + dir.File("never.db"), "--mqtt", url});
    EXPECT_EQ(r.exit_code, 2) << url << ": " << r.out;
    EXPECT_NE(r.out.find("--mqtt"), std::string::npos) << r.out;
  }
  EXPECT_FALSE(Exists(dir.File("never.db")));
}

}  // namespace
}  // namespace takt::test
