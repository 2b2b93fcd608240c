// The MQTT side of the host against a real mosquitto and `takt serve`, with a libmosquitto edge
// written here: losing the broker, mapping changes in session, a flood cut by SIGTERM, a broker
// that never answers the TCP handshake, and Stop() from several threads.
#include "connect/sparkplug/mqtt_host.h"

#include <mosquitto.h>

#include <atomic>

#include "connect/sparkplug/payload.h"
#include "e2e_support.h"
#include "support/exposition.h"

namespace takt::test {
namespace {

using sparkplug::DataType;
using sparkplug::Metric;
using sparkplug::Payload;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Metric MakeMetric(std::string name, std::optional<uint64_t> alias, DataType type, sparkplug::Value v) {
  Metric m;
  m.name = std::move(name);
  m.alias = alias;
  m.datatype = static_cast<uint32_t>(type);
  m.timestamp = static_cast<uint64_t>(NowMs());
  m.value = std::move(v);
  return m;
}

// A Sparkplug edge node "G/N" (or G/`node`) on its own libmosquitto connection; numbers its seq itself.
class Edge {
 public:
  explicit Edge(int port, std::string node = "N") : node_(std::move(node)) {
    static std::once_flag init;
    std::call_once(init, [] { mosquitto_lib_init(); });
    mosq_ = mosquitto_new(("edge-" + std::to_string(getpid())).c_str(), true, nullptr);
    connected_ = mosquitto_connect(mosq_, "127.0.0.1", port, 30) == MOSQ_ERR_SUCCESS &&
                 mosquitto_loop_start(mosq_) == MOSQ_ERR_SUCCESS;
  }
  ~Edge() {
    mosquitto_disconnect(mosq_);
    mosquitto_loop_stop(mosq_, true);
    mosquitto_destroy(mosq_);
  }
  bool connected() const { return connected_; }

  void Send(const std::string& type, const std::string& device, std::vector<Metric> metrics) {
    Payload p;
    p.timestamp = static_cast<uint64_t>(NowMs());
    if (type == "NBIRTH") seq_ = 0;
    p.seq = seq_++ % 256;
    p.metrics = std::move(metrics);
    std::string topic = "spBv1.0/G/" + type + "/" + node_ + (device.empty() ? "" : "/" + device);
    std::string bytes = sparkplug::EncodePayload(p);
    mosquitto_publish(mosq_, nullptr, topic.c_str(), static_cast<int>(bytes.size()), bytes.data(), 0, false);
  }
  void Births(int64_t good, int64_t bdseq = 0) {
    Send("NBIRTH", "", {MakeMetric("bdSeq", std::nullopt, DataType::kInt64, bdseq)});
    Send("DBIRTH", "Filler",
         {MakeMetric("State", 1, DataType::kString, std::string("running")),
          MakeMetric("Counters/Good", 2, DataType::kUInt64, uint64_t(good))});
  }
  void Good(int64_t good) { Send("DDATA", "Filler", {MakeMetric("", 2, DataType::kUInt64, uint64_t(good))}); }
  void State(const std::string& state) { Send("DDATA", "Filler", {MakeMetric("", 1, DataType::kString, state)}); }
  void SkipSeq(int n) { seq_ += static_cast<uint64_t>(n); }
  void NDeath(int64_t bdseq) { Send("NDEATH", "", {MakeMetric("bdSeq", std::nullopt, DataType::kInt64, bdseq)}); }

 private:
  std::string node_;
  mosquitto* mosq_ = nullptr;
  bool connected_ = false;
  uint64_t seq_ = 0;
};

// `takt serve --mqtt` with its output kept (the "stopped: ..." line), FILLER-1 and a mapping of
// the Filler's State.
struct Served {
  TempDir& dir;
  int broker_port;
  int port = FreePort();
  int runs = 0;
  std::string token;
  std::unique_ptr<Child> takt;
  std::unique_ptr<HttpClient> http;

  Served(TempDir& d, int broker) : dir(d), broker_port(broker) {
    token = AddUser(dir.File("plant.db"), "admin-user", "admin");
    Start();
  }

  // `takt serve` on the same journal and port, with its output in takt-N.log (the first: takt.log).
  void Start(const std::string& mqtt_params = "") {
    std::string db = dir.File("plant.db");
    std::string log = runs++ == 0 ? "takt.log" : "takt-" + std::to_string(runs) + ".log";
    takt = std::make_unique<Child>(
        std::vector<std::string>{
            TaktBinary(), "serve", "--db", "sqlite:" + db, "--listen", "127.0.0.1:" + std::to_string(port), "--mqtt",
            "mqtt://127.0.0.1:" + std::to_string(broker_port) + "?host_id=takt-test" + mqtt_params},
        dir.File(log));
    http = std::make_unique<HttpClient>("http://127.0.0.1:" + std::to_string(port), token);
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline && !Accepts(port)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  // Waits (at most 20 s) for a STATE online of this host newer than `after` (ms); its timestamp.
  int64_t WaitOnline(int64_t after) {
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      auto state = FirstMessage(dir, broker_port, "spBv1.0/STATE/takt-test");
      if (state.is_object() && state.at("online") == true && state.at("timestamp").to_number<int64_t>() > after)
        return state.at("timestamp").to_number<int64_t>();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

  bool Setup() {
    bool ok = http->Post("/api/v1/equipment-classes", R"({"id":"FILLER"})").status == 201;
    for (const char* doc :
         {R"({"id":"ENT","level":"enterprise"})",
          R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
          R"({"id":"AREA","level":"area","parent":"SITE"})", R"({"id":"WC","level":"work_center","parent":"AREA"})",
          R"({"id":"FILLER-1","level":"work_unit","parent":"WC","classes":["FILLER"]})"})
      ok = ok && http->Post("/api/v1/equipment", doc).status == 201;
    return ok && Map(R"({"id":"M-STATE","group":"G","edge_node":"N","device":"Filler","metric":"State",
                       "work_unit":"FILLER-1","signal":"state"})");
  }
  bool Map(const std::string& doc) { return http->Post("/api/v1/signal-mappings", doc).status == 201; }

  // Waits (at most 20 s) until the recorded samples satisfy `done`; returns them.
  template <typename F>
  std::vector<Recorded> WaitFor(F done) {
    std::vector<Recorded> rec;
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      rec = RecordedSamples(*http);
      if (done(rec)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return rec;
  }
};

// "samples 12" in the stop line: the number after `name`, or -1.
int64_t StopField(const std::string& out, const std::string& name) {
  size_t line = out.find("stopped: ");
  if (line == std::string::npos) return -1;
  size_t at = out.find(" " + name + " ", line);
  if (at == std::string::npos) return -1;
  return std::stoll(out.substr(at + name.size() + 2));
}

TEST(SparkplugMqtt, MappingChangesApplyInSessionAndBrokerLossMarksNoData) {
  if (!Exists(TAKT_MOSQUITTO) || !Exists(TAKT_MOSQUITTO_SUB)) GTEST_SKIP() << "no mosquitto";
  TempDir dir;
  int broker_port = FreePort();
  auto broker = StartBroker(dir, broker_port);
  Served s(dir, broker_port);
  ASSERT_TRUE(s.Setup()) << s.takt->Output();
  ASSERT_TRUE(FirstMessage(dir, broker_port, "spBv1.0/STATE/takt-test").is_object());
  Edge edge(broker_port);
  ASSERT_TRUE(edge.connected());
  edge.Births(100);
  auto rec = s.WaitFor([](const auto& r) { return !States(r, "FILLER-1").empty(); });
  ASSERT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"running"}));

  // A mapping of the counter, added while the edge is in session: used without a rebirth.
  ASSERT_TRUE(s.Map(R"({"id":"M-GOOD","group":"G","edge_node":"N","device":"Filler","metric":"Counters/Good",
                        "work_unit":"FILLER-1","signal":"good","cumulative":true})"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // the host checks every 2 s
  edge.Good(110);
  rec = s.WaitFor([](const auto& r) { return !Numbers(r, "FILLER-1", 1).empty(); });
  EXPECT_EQ(Numbers(rec, "FILLER-1", 1), (std::vector<double>{110}));

  // The broker goes away: the host can no longer know, so the unit is no_data.
  broker.reset();
  rec = s.WaitFor([](const auto& r) { return States(r, "FILLER-1").size() >= 2; });
  EXPECT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"running", "no_data"}));
}

// A graceful stop of Takt leaves no unit "running" while nobody watches its edge: every mapped
// unit is no_data from the stop on.
TEST(SparkplugMqtt, AGracefulStopMarksEveryUnitNoData) {
  if (!Exists(TAKT_MOSQUITTO) || !Exists(TAKT_MOSQUITTO_SUB)) GTEST_SKIP() << "no mosquitto";
  TempDir dir;
  int broker_port = FreePort();
  auto broker = StartBroker(dir, broker_port);
  Served s(dir, broker_port);
  ASSERT_TRUE(s.Setup()) << s.takt->Output();
  ASSERT_GT(s.WaitOnline(0), 0);
  Edge edge(broker_port);
  ASSERT_TRUE(edge.connected());
  edge.Births(100);
  auto rec = s.WaitFor([](const auto& r) { return !States(r, "FILLER-1").empty(); });
  ASSERT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"running"}));
  int64_t running_at = rec.back().time_us;
  int64_t stopped_at = NowMs() * 1000;
  s.takt->Signal(SIGTERM);
  ASSERT_EQ(s.takt->Wait(std::chrono::seconds(30)), 0) << s.takt->Output();
  s.Start();
  rec = s.WaitFor([](const auto& r) { return States(r, "FILLER-1").size() >= 2; });
  ASSERT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"running", "no_data"}));
  EXPECT_GT(rec.back().time_us, running_at);
  EXPECT_GE(rec.back().time_us, stopped_at);
  EXPECT_LE(rec.back().time_us, NowMs() * 1000);
}

// Takt is killed (-9) while an edge runs; after the restart the edge sends DATA (Takt asks for a
// rebirth that does not come), an older connection's Will, and then dies: the death of the
// session Takt saw before the restart counts, the Will does not.
TEST(SparkplugMqtt, ADeathAfterARestartOfTaktCounts) {
  if (!Exists(TAKT_MOSQUITTO) || !Exists(TAKT_MOSQUITTO_SUB)) GTEST_SKIP() << "no mosquitto";
  TempDir dir;
  int broker_port = FreePort();
  auto broker = StartBroker(dir, broker_port);
  Served s(dir, broker_port);
  ASSERT_TRUE(s.Setup()) << s.takt->Output();
  int64_t online = s.WaitOnline(0);
  ASSERT_GT(online, 0);
  Edge edge(broker_port);
  ASSERT_TRUE(edge.connected());
  edge.Births(100, /*bdseq=*/5);
  auto rec = s.WaitFor([](const auto& r) { return !States(r, "FILLER-1").empty(); });
  ASSERT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"running"}));
  uint64_t head = s.http->Get("/api/v1/health").json().at("journal_seq").to_number<uint64_t>();
  s.takt->Signal(SIGKILL);
  s.takt->Wait(std::chrono::seconds(10));
  s.Start();
  ASSERT_GT(s.WaitOnline(online), 0) << s.takt->Output();
  // Nothing was recorded for the edge meanwhile (the timeout is two minutes).
  ASSERT_EQ(s.http->Get("/api/v1/health").json().at("journal_seq").to_number<uint64_t>(), head);
  edge.State("idle");  // before any birth in this run: dropped, a rebirth asked for
  edge.NDeath(4);      // the Will of a connection before the one Takt saw: stale
  edge.NDeath(5);
  rec = s.WaitFor([](const auto& r) { return States(r, "FILLER-1").size() >= 2; });
  EXPECT_EQ(States(rec, "FILLER-1"), (std::vector<std::string>{"running", "no_data"}));
  s.takt->Signal(SIGTERM);
  ASSERT_EQ(s.takt->Wait(std::chrono::seconds(30)), 0);
  std::string out = ReadAll(dir.File("takt-2.log"));
  EXPECT_EQ(StopField(out, "stale_deaths"), 1) << out;
  EXPECT_EQ(StopField(out, "deaths"), 1) << out;
}

// The value of a sample line `series` in a /metrics scrape, or -1.
double MetricValue(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  return -1;
}

// The host's counters reach /metrics: a seq gap the edge makes, and DATA before any birth.
TEST(SparkplugMqtt, SequenceGapsAndDataBeforeBirthShowInMetrics) {
  if (!Exists(TAKT_MOSQUITTO) || !Exists(TAKT_MOSQUITTO_SUB)) GTEST_SKIP() << "no mosquitto";
  TempDir dir;
  int broker_port = FreePort();
  auto broker = StartBroker(dir, broker_port);
  Served s(dir, broker_port);
  ASSERT_TRUE(s.Setup()) << s.takt->Output();
  ASSERT_GT(s.WaitOnline(0), 0);
  auto scrape = [&] { return s.http->Get("/metrics").body; };
  auto wait_for = [&](const std::string& series, double want) {
    auto deadline = Clock::now() + std::chrono::seconds(20);
    double v = -1;
    while (Clock::now() < deadline && (v = MetricValue(scrape(), series)) != want)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return v;
  };
  EXPECT_EQ(wait_for("takt_sparkplug_online", 1), 1);  // the counters are copied every 20 ms
  std::string before = scrape();
  ASSERT_EQ(MetricValue(before, "takt_sparkplug_seq_gaps_total"), 0) << before;
  ASSERT_EQ(MetricValue(before, "takt_sparkplug_data_before_birth_total"), 0);
  Edge edge(broker_port);
  ASSERT_TRUE(edge.connected());
  edge.Good(1);  // no birth yet
  EXPECT_EQ(wait_for("takt_sparkplug_data_before_birth_total", 1), 1);
  edge.Births(100);
  EXPECT_EQ(wait_for("takt_sparkplug_births_total", 2), 2);
  edge.SkipSeq(3);
  edge.Good(110);
  EXPECT_EQ(wait_for("takt_sparkplug_seq_gaps_total", 1), 1);
  EXPECT_EQ(MetricValue(scrape(), "takt_sparkplug_data_before_birth_total"), 1);
  // The same per edge node (copied at most once a second).
  EXPECT_EQ(wait_for(R"(takt_sparkplug_node_seq_gaps_total{group="G",node="N"})", 1), 1);
  std::string last = scrape();
  EXPECT_EQ(MetricValue(last, R"(takt_sparkplug_node_data_before_birth_total{group="G",node="N"})"), 1) << last;
  EXPECT_EQ(MetricValue(last, R"(takt_sparkplug_node_births_total{group="G",node="N"})"), 2);
}

// An edge node's name becomes a label value as it is: quotes and backslashes are escaped, and the
// scrape with the host's families and a per-node series is valid Prometheus text.
TEST(SparkplugMqtt, NodeNamesAreEscapedInAValidScrape) {
  if (!Exists(TAKT_MOSQUITTO) || !Exists(TAKT_MOSQUITTO_SUB)) GTEST_SKIP() << "no mosquitto";
  TempDir dir;
  int broker_port = FreePort();
  auto broker = StartBroker(dir, broker_port);
  Served s(dir, broker_port);
  ASSERT_TRUE(s.Setup()) << s.takt->Output();
  ASSERT_GT(s.WaitOnline(0), 0);
  Edge edge(broker_port, R"(line "7" \ filler)");
  ASSERT_TRUE(edge.connected());
  edge.Good(1);  // DATA before a birth: counted for the node
  const std::string series = R"(takt_sparkplug_node_data_before_birth_total{group="G",node="line \"7\" \\ filler"})";
  auto deadline = Clock::now() + std::chrono::seconds(20);
  std::string text;
  while (Clock::now() < deadline && SampleValue(text = s.http->Get("/metrics").body, series) != 1)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(SampleValue(text, series), 1) << text;
  EXPECT_EQ(SampleValue(text, "takt_sparkplug_online"), 1);
  EXPECT_EQ(SampleValue(text, R"(takt_sparkplug_samples_dropped_total{reason="refused"})"), 0);
  EXPECT_EQ(ExpositionProblems(text), "") << text;
}

// Messages read while stopping (the offline STATE's round trip, the DISCONNECT) are recorded.
TEST(SparkplugMqtt, FloodCutBySigtermRecordsEverySampleRead) {
  if (!Exists(TAKT_MOSQUITTO) || !Exists(TAKT_MOSQUITTO_SUB)) GTEST_SKIP() << "no mosquitto";
  TempDir dir;
  int broker_port = FreePort();
  auto broker = StartBroker(dir, broker_port);
  Served s(dir, broker_port);
  ASSERT_TRUE(s.Setup());
  ASSERT_TRUE(s.Map(R"({"id":"M-GOOD","group":"G","edge_node":"N","device":"Filler","metric":"Counters/Good",
                        "work_unit":"FILLER-1","signal":"good","cumulative":true})"));
  ASSERT_TRUE(FirstMessage(dir, broker_port, "spBv1.0/STATE/takt-test").is_object());
  Edge edge(broker_port);
  ASSERT_TRUE(edge.connected());
  edge.Births(0);
  std::atomic<bool> stop{false};
  std::thread flood([&] {
    for (int64_t good = 1; !stop; ++good) {
      edge.Good(good);
      if (good % 200 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  s.takt->Signal(SIGTERM);
  int code = s.takt->Wait(std::chrono::seconds(60));
  stop = true;
  flood.join();
  ASSERT_EQ(code, 0) << s.takt->Output();
  std::string out = s.takt->Output();
  int64_t samples = StopField(out, "samples");
  ASSERT_GT(samples, 1000) << out;
  EXPECT_EQ(samples, StopField(out, "recorded") + StopField(out, "invalid") + StopField(out, "refused")) << out;
}

// A broker that never completes the TCP handshake (its accept queue is full): SIGTERM still
// stops `takt serve` at once.
TEST(SparkplugMqtt, SigtermWhileTheBrokerNeverAnswers) {
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(lfd, 0), 0);
  socklen_t len = sizeof a;
  getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len);
  int broker_port = ntohs(a.sin_port);
  std::vector<int> fillers;  // fill the accept queue: later SYNs are dropped
  for (int i = 0; i < 3; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    fillers.push_back(fd);
  }
  TempDir dir;
  Served s(dir, broker_port);
  ASSERT_TRUE(Accepts(s.port)) << s.takt->Output();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the host is connecting
  auto start = Clock::now();
  s.takt->Signal(SIGTERM);
  EXPECT_EQ(s.takt->Wait(std::chrono::seconds(10)), 0) << s.takt->Output();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3)) << s.takt->Output();
  for (int fd : fillers) close(fd);
  close(lfd);
}

TEST(SparkplugMqtt, StopFromSeveralThreadsAtOnce) {
  TempDir dir;
  runtime::Options o;
  o.db_url = "sqlite:" + dir.File("plant.db");
  auto rt = runtime::Runtime::Open(o);
  ASSERT_TRUE(rt.ok()) << rt.status().ToString();
  for (int round = 0; round < 20; ++round) {
    sparkplug::MqttOptions mo;
    mo.port = static_cast<uint16_t>(FreePort());  // nobody there: the host keeps retrying
    mo.log = [](const std::string&) {};
    auto host = sparkplug::MqttHost::Start(mo, **rt);
    ASSERT_TRUE(host.ok());
    std::vector<std::thread> stoppers;
    for (int i = 0; i < 4; ++i) stoppers.emplace_back([&] { (*host)->Stop(); });
    for (auto& t : stoppers) t.join();
    (*host)->Stop();  // idempotent
  }
}

}  // namespace
}  // namespace takt::test
