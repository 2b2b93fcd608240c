// Sparkplug B end to end with real components: a mosquitto broker on a free port, the real
// `takt serve --mqtt`, and Eclipse Tahu's edge node (edge_node.js on sparkplug-client and
// sparkplug-payload). The edge births, sends states and counts, skips seq values and must get
// an NCMD rebirth from Takt, then dies; the journal must hold what it meant for the units.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/http_client.h"
#include "support/process.h"

namespace takt::test {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A port that was free a moment ago (the broker binds it right after).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

// A child process with its output in a file; stopped (by its pid) when destroyed.
class Child {
 public:
  Child(std::vector<std::string> argv, const std::string& out_path, std::vector<std::string> env = {})
      : out_(out_path) {
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  // The exit code, or -1 if still running at the deadline (the destructor then stops it).
  int Wait(std::chrono::seconds limit) {
    auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  std::string Output() const { return ReadAll(out_); }

 private:
  pid_t pid_ = -1;
  std::string out_;
};

// One sample of a machine_data.recorded event, decoded from its compact payload.
struct Recorded {
  std::string unit;
  int kind = 0;       // plant::performance::SampleKind: 0 state, 1 good, 2 reject, 3 total, 4 process value
  std::string text;   // state code, process value name
  double number = 0;  // count or value
  bool cumulative = false;
  std::string source;
};

std::vector<Recorded> RecordedSamples(HttpClient& c) {
  std::vector<Recorded> out;
  uint64_t after = 0;
  while (true) {
    auto r = c.Get("/api/v1/journal?after=" + std::to_string(after) + "&limit=1000");
    if (r.status != 200) break;
    const auto& body = r.json().as_object();
    for (const auto& ev : body.at("events").as_array()) {
      after = ev.at("seq").to_number<uint64_t>();
      if (ev.at("type") != "machine_data.recorded" || ev.at("actor") != "sparkplug") continue;
      const auto& p = ev.at("payload").as_object();
      const auto& units = p.at("units").as_array();
      const auto& strings = p.at("strings").as_array();
      for (const auto& sv : p.at("samples").as_array()) {
        const auto& s = sv.as_array();
        Recorded rec;
        rec.unit = std::string(units.at(s.at(0).to_number<size_t>()).as_string());
        rec.kind = s.at(2).to_number<int>();
        if (rec.kind == 0 || rec.kind == 4) rec.text = std::string(strings.at(s.at(3).to_number<size_t>()).as_string());
        if (rec.kind == 4) rec.number = s.at(4).to_number<double>();
        if (rec.kind >= 1 && rec.kind <= 3) {
          rec.number = s.at(3).to_number<double>();
          rec.cumulative = s.at(4).to_number<int>() == 1;
        }
        if (s.size() > 5) rec.source = std::string(strings.at(s.at(5).to_number<size_t>()).as_string());
        out.push_back(rec);
      }
    }
    if (body.at("next_after").is_null()) break;
  }
  return out;
}

// A mosquitto on 127.0.0.1:port with its config and log in `dir`, accepting connections.
std::unique_ptr<Child> StartBroker(const TempDir& dir, int port) {
  {
    std::ofstream conf(dir.File("mosquitto.conf"));
    // max_queued_messages 0: never drop QoS 0 messages for a slow subscriber.
    conf << "listener " << port << " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n";
  }
  auto broker = std::make_unique<Child>(std::vector<std::string>{TAKT_MOSQUITTO, "-c", dir.File("mosquitto.conf")},
                                        dir.File("mosquitto.log"));
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!Accepts(port) && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return broker;
}

// The first message on `topic` (a retained one if any), waiting at most 20 s; null if none.
json::value FirstMessage(const TempDir& dir, int port, const std::string& topic) {
  Child sub({TAKT_MOSQUITTO_SUB, "-h", "127.0.0.1", "-p", std::to_string(port), "-t", topic, "-C", "1", "-W", "20"},
            dir.File("sub.log"));
  if (sub.Wait(std::chrono::seconds(25)) != 0) return nullptr;
  boost::system::error_code ec;
  auto v = json::parse(sub.Output(), ec);
  return ec ? json::value(nullptr) : v;
}

std::vector<std::string> States(const std::vector<Recorded>& v, const std::string& unit) {
  std::vector<std::string> out;
  for (const auto& r : v)
    if (r.unit == unit && r.kind == 0) out.push_back(r.text);
  return out;
}

std::vector<double> Numbers(const std::vector<Recorded>& v, const std::string& unit, int kind) {
  std::vector<double> out;
  for (const auto& r : v)
    if (r.unit == unit && r.kind == kind) out.push_back(r.number);
  return out;
}

TEST(SparkplugIntegration, TahuEdgeNodeThroughMosquittoIntoTheJournal) {
  if (!Exists(TAKT_MOSQUITTO)) GTEST_SKIP() << "no mosquitto broker at " << TAKT_MOSQUITTO;
  if (!Exists(TAKT_NODE)) GTEST_SKIP() << "no node at " << TAKT_NODE;
  if (!Exists(std::string(TAKT_NPM_MODULES) + "/sparkplug-client"))
    GTEST_SKIP() << "sparkplug-client not installed in " << TAKT_NPM_MODULES << " (ctest runs the npm fixture)";

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
  // Takt asked for the rebirth after the gap (and only then: the script checks the phase).
  EXPECT_NE(edge_out.find(R"("step":"rebirth_requested","time")"), std::string::npos) << edge_out;
  EXPECT_NE(edge_out.find(R"("phase":"gap")"), std::string::npos) << edge_out;

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
