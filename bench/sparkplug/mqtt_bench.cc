// Sparkplug B ingestion against the broker's own speed. On a private mosquitto (127.0.0.1, a
// free port), the same N DDATA payloads (one counter metric each, by alias) go from one
// libmosquitto publisher to:
//   1. a plain libmosquitto subscriber that only counts them: mosquitto's own delivery rate;
//   2. a running `takt serve --mqtt`, until every reading is durable in the journal (polled
//      through GET /api/v1/journal): Takt's ingestion rate.
// It prints both, their ratio, Takt's host counters, and the commands to reproduce.
//
//   bench_mqtt [--messages N]        (default 200000)
#include <arpa/inet.h>
#include <fcntl.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "connect/sparkplug/payload.h"
#include "support/child.h"
#include "support/http_client.h"
#include "support/process.h"

using namespace takt;
using namespace takt::test;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "bench_mqtt: %s\n", why.c_str());
  std::exit(1);
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// A libmosquitto client driven by its own loop calls (no library thread).
struct Client {
  mosquitto* m = nullptr;
  std::atomic<uint64_t> received{0};
  std::atomic<bool> connected{false};
  bool keep = false;  // keep the newest payload (for the STATE wait; not while measuring)
  std::string last_payload;

  Client(const std::string& id, int port) {
    m = mosquitto_new(id.c_str(), true, this);
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_connect_callback_set(m, [](mosquitto*, void* self, int rc) {
      if (rc == 0) static_cast<Client*>(self)->connected = true;
    });
    mosquitto_message_callback_set(m, [](mosquitto*, void* self, const mosquitto_message* msg) {
      auto* c = static_cast<Client*>(self);
      if (c->keep) c->last_payload.assign(static_cast<const char*>(msg->payload), msg->payloadlen);
      c->received.fetch_add(1, std::memory_order_relaxed);
    });
    if (mosquitto_connect(m, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS) Die("cannot connect to the broker");
    auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!connected && Clock::now() < deadline) mosquitto_loop(m, 10, 1);
    if (!connected) Die("no CONNACK from the broker");
  }
  ~Client() {
    mosquitto_disconnect(m);
    mosquitto_loop(m, 10, 1);
    mosquitto_destroy(m);
  }
  void Subscribe(const char* topic) {
    mosquitto_subscribe(m, nullptr, topic, 0);
    for (int i = 0; i < 20; ++i) mosquitto_loop(m, 10, 1);  // SUBACK
  }
  void Publish(const std::string& topic, const std::string& payload) {
    int rc = mosquitto_publish(m, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 0, false);
    if (rc != MOSQ_ERR_SUCCESS) Die(std::string("publish: ") + mosquitto_strerror(rc));
  }
  // Writes out everything queued.
  void Drain() {
    while (mosquitto_want_write(m)) mosquitto_loop(m, 10, 1);
  }
};

// Publishes the payloads as fast as libmosquitto goes; returns when all are written.
void PublishAll(Client& pub, const std::string& topic, const std::vector<std::string>& payloads) {
  for (size_t i = 0; i < payloads.size(); ++i) {
    pub.Publish(topic, payloads[i]);
    if ((i & 63) == 63) mosquitto_loop(pub.m, 0, 1);  // writes what the socket took no more of
  }
  pub.Drain();
}

std::string Encode(uint64_t seq, std::optional<std::string> name, uint64_t alias, uint64_t value, uint64_t ms) {
  sparkplug::Payload p;
  p.timestamp = ms;
  p.seq = seq;
  sparkplug::Metric& m = p.metrics.emplace_back();
  if (name) {
    m.name = *name;
    m.datatype = static_cast<uint32_t>(sparkplug::DataType::kUInt64);
  }
  m.alias = alias;
  m.timestamp = ms;
  m.value = value;
  return sparkplug::EncodePayload(p);
}

uint64_t NowMs() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

void Must(const HttpResult& r, long want, const std::string& what) {
  if (r.status != want) Die(what + " gave " + std::to_string(r.status) + ": " + r.body);
}

// mosquitto's own delivery rate: the payloads from one publisher to one plain subscriber that
// only counts them.
double Baseline(int port, const std::string& topic, const std::vector<std::string>& payloads) {
  size_t n = payloads.size();
  Client sub("bench-sub", port);
  sub.Subscribe(topic.c_str());
  std::atomic<bool> stop{false};
  Clock::time_point done;
  std::thread reader([&] {
    while (!stop) {
      mosquitto_loop(sub.m, 5, 1);
      // Read on without a select() while messages come, as Takt's host does: the reference
      // is the fastest this client library delivers, not its default loop.
      for (int i = 0; i < 256; ++i) {
        uint64_t before = sub.received.load(std::memory_order_relaxed);
        if (mosquitto_loop_read(sub.m, 1) != MOSQ_ERR_SUCCESS || sub.received.load() == before) break;
      }
      if (sub.received.load() >= n && done == Clock::time_point()) done = Clock::now();
    }
  });
  Client pub("bench-pub", port);
  auto start = Clock::now();
  PublishAll(pub, topic, payloads);
  auto limit = Clock::now() + std::chrono::seconds(120);
  while (sub.received.load() < n && Clock::now() < limit) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop = true;
  reader.join();
  if (sub.received.load() < n)
    Die("the plain subscriber got " + std::to_string(sub.received.load()) + " of " + std::to_string(n));
  double s = Seconds(start, done);
  std::printf("mosquitto alone (1 publisher -> 1 libmosquitto subscriber): %10.0f msg/s  (%zu in %.3f s)\n", n / s, n,
              s);
  return n / s;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 200000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--messages") n = std::strtoull(argv[i + 1], nullptr, 10);
  }
  if (n == 0) Die("--messages must be positive");
  mosquitto_lib_init();
  char tmpl[] = "/tmp/takt-bench-mqtt-XXXXXX";
  if (!mkdtemp(tmpl)) Die("mkdtemp");
  std::string dir = tmpl;
  int port = FreePort();
  std::string conf = dir + "/mosquitto.conf";
  // max_queued_messages 0: mosquitto otherwise drops QoS 0 messages beyond 1000 queued for a
  // subscriber that is momentarily slower than the publisher.
  std::ofstream(conf) << "listener " << port << " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n";
  Child broker({TAKT_MOSQUITTO, "-c", conf}, dir + "/mosquitto.log");
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!Accepts(port) && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!Accepts(port)) Die("mosquitto did not start: " + ReadAll(dir + "/mosquitto.log"));

  // The same DDATA payloads for both runs: seq after NBIRTH (0) and DBIRTH (1), counter = i.
  const std::string group = "BENCH", node = "EDGE", device = "M1";
  const std::string ddata = "spBv1.0/" + group + "/DDATA/" + node + "/" + device;
  std::vector<std::string> payloads(n);
  uint64_t t0ms = NowMs();
  for (size_t i = 0; i < n; ++i) payloads[i] = Encode((i + 2) % 256, std::nullopt, 1, i + 1, t0ms + i / 1000);
  std::printf("== Sparkplug B over mosquitto: %zu DDATA messages of %zu bytes (1 counter metric by alias), QoS 0\n", n,
              payloads[0].size());

  // 1. mosquitto alone, before and after Takt's run (the machine's load drifts; the mean of
  //    the two is the reference).
  double base_before = Baseline(port, ddata, payloads);
  // 2. takt serve --mqtt, durable.
  std::string db = dir + "/bench.db";
  std::string token = AddUser(db, "bench", "admin");
  std::string log = dir + "/takt.log";
  Child takt({TaktBinary(), "serve", "--db", "sqlite:" + db, "--listen", "127.0.0.1:0", "--mqtt",
              "mqtt://127.0.0.1:" + std::to_string(port) + "?host_id=bench"},
             log);
  int http_port = 0;
  deadline = Clock::now() + std::chrono::seconds(30);
  while (!http_port && Clock::now() < deadline) {
    std::string out = ReadAll(log);
    auto at = out.find("listening on http://127.0.0.1:");
    if (at != std::string::npos) http_port = std::atoi(out.c_str() + at + 30);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!http_port) Die("takt did not start: " + ReadAll(log));
  HttpClient c("http://127.0.0.1:" + std::to_string(http_port), token);
  Must(c.Post("/api/v1/equipment-classes", R"({"id":"PRESS","state_model":"simple"})"), 201, "class");
  for (const char* e :
       {R"({"id":"ENT","level":"enterprise"})",
        R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
        R"({"id":"AREA","level":"area","parent":"SITE"})", R"({"id":"WC","level":"work_center","parent":"AREA"})",
        R"({"id":"PRESS-1","level":"work_unit","parent":"WC","classes":["PRESS"]})"})
    Must(c.Post("/api/v1/equipment", e), 201, "equipment");
  Must(c.Post("/api/v1/signal-mappings", R"({"id":"M1-COUNT","group":"BENCH","edge_node":"EDGE","device":"M1",
      "metric":"Count","work_unit":"PRESS-1","signal":"total","cumulative":true})"),
       201, "signal mapping");
  uint64_t head = c.Get("/api/v1/health").json().at("journal_seq").to_number<uint64_t>();

  double takt_rate = 0;
  {
    // Takt is online (retained STATE) before the edge births, as a primary host's edge waits.
    Client pub("bench-edge", port);
    pub.keep = true;
    mosquitto_subscribe(pub.m, nullptr, "spBv1.0/STATE/bench", 1);
    deadline = Clock::now() + std::chrono::seconds(30);
    while (pub.last_payload.find("\"online\":true") == std::string::npos && Clock::now() < deadline)
      mosquitto_loop(pub.m, 10, 1);
    if (pub.last_payload.find("\"online\":true") == std::string::npos) Die("takt never came online: " + ReadAll(log));
    mosquitto_unsubscribe(pub.m, nullptr, "spBv1.0/STATE/bench");
    pub.keep = false;
    sparkplug::Payload nbirth;
    nbirth.timestamp = NowMs();
    nbirth.seq = 0;
    auto& bd = nbirth.metrics.emplace_back();
    bd.name = "bdSeq";
    bd.datatype = static_cast<uint32_t>(sparkplug::DataType::kInt64);
    bd.value = int64_t{0};
    pub.Publish("spBv1.0/" + group + "/NBIRTH/" + node, sparkplug::EncodePayload(nbirth));
    pub.Publish("spBv1.0/" + group + "/DBIRTH/" + node + "/" + device, Encode(1, "Count", 1, 0, NowMs()));
    pub.Drain();

    auto start = Clock::now();
    PublishAll(pub, ddata, payloads);
    double publish_s = Seconds(start, Clock::now());
    // Every reading (n, plus the DBIRTH's) is durable when the journal holds it.
    uint64_t recorded = 0, after = head;
    Clock::time_point done;
    deadline = Clock::now() + std::chrono::seconds(300);
    while (recorded < n + 1 && Clock::now() < deadline) {
      auto r = c.Get("/api/v1/journal?after=" + std::to_string(after) + "&limit=1000");
      if (r.status != 200) Die("journal: " + r.body);
      for (const auto& ev : r.json().at("events").as_array()) {
        after = ev.at("seq").to_number<uint64_t>();
        if (ev.at("type") == "machine_data.recorded") recorded += ev.at("payload").at("samples").as_array().size();
      }
      if (recorded >= n + 1) {
        done = Clock::now();
        break;
      }
      if (r.json().at("events").as_array().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (recorded < n + 1)
      Die("takt recorded " + std::to_string(recorded) + " of " + std::to_string(n + 1) + " readings: " + ReadAll(log));
    double s = Seconds(start, done);
    takt_rate = n / s;
    std::printf(
        "takt serve --mqtt (until durable in the journal):           %10.0f msg/s  (%zu in %.3f s; "
        "published in %.3f s)\n",
        takt_rate, n, s, publish_s);
  }
  takt.Stop();
  double base_after = Baseline(port, ddata, payloads);
  double base_rate = (base_before + base_after) / 2;
  std::printf("ratio: %.0f%% of mosquitto's own rate (mean of the two runs; aim: >= 80%%)\n",
              100.0 * takt_rate / base_rate);
  std::string out = ReadAll(log);
  if (auto at = out.find("mqtt: stopped: "); at != std::string::npos)
    std::printf("takt host counters: %s", out.substr(at + 15, out.find('\n', at) - at - 14).c_str());
  std::printf(
      "reproduce:\n"
      "  %s --messages %zu\n"
      "  by hand: mosquitto -c CONF   (CONF: listener PORT 127.0.0.1 / allow_anonymous true / max_queued_messages 0)\n"
      "           mosquitto_sub -h 127.0.0.1 -p PORT -t 'bench/#' -C %zu > /dev/null &\n"
      "           seq %zu | mosquitto_pub -h 127.0.0.1 -p PORT -t bench/x -l\n"
      "           takt serve --db sqlite:DB --mqtt 'mqtt://127.0.0.1:PORT?host_id=bench'   (then NBIRTH, DBIRTH, "
      "DDATA)\n",
      argv[0], n, n, n);
  broker.Stop();
  std::system(("rm -rf " + dir).c_str());
  return 0;
}
