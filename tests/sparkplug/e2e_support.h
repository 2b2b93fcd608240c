// Helpers of the Sparkplug end-to-end tests: free ports, child processes, a private mosquitto,
// and the samples the journal recorded for actor "sparkplug".
#pragma once

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

#include "support/child.h"
#include "support/http_client.h"
#include "support/process.h"

namespace takt::test {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

inline bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// One sample of a machine_data.recorded event, decoded from its compact payload.
struct Recorded {
  std::string unit;
  int64_t time_us = 0;
  int kind = 0;       // plant::performance::SampleKind: 0 state, 1 good, 2 reject, 3 total, 4 process value
  std::string text;   // state code, process value name
  double number = 0;  // count or value
  bool cumulative = false;
  std::string source;
};

inline std::vector<Recorded> RecordedSamples(HttpClient& c) {
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
        rec.time_us = s.at(1).to_number<int64_t>();
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
inline std::unique_ptr<Child> StartBroker(const TempDir& dir, int port) {
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
inline json::value FirstMessage(const TempDir& dir, int port, const std::string& topic) {
  Child sub({TAKT_MOSQUITTO_SUB, "-h", "127.0.0.1", "-p", std::to_string(port), "-t", topic, "-C", "1", "-W", "20"},
            dir.File("sub.log"));
  if (sub.Wait(std::chrono::seconds(25)) != 0) return nullptr;
  boost::system::error_code ec;
  auto v = json::parse(sub.Output(), ec);
  return ec ? json::value(nullptr) : v;
}

inline std::vector<std::string> States(const std::vector<Recorded>& v, const std::string& unit) {
  std::vector<std::string> out;
  for (const auto& r : v)
    if (r.unit == unit && r.kind == 0) out.push_back(r.text);
  return out;
}

inline std::vector<double> Numbers(const std::vector<Recorded>& v, const std::string& unit, int kind) {
  std::vector<double> out;
  for (const auto& r : v)
    if (r.unit == unit && r.kind == kind) out.push_back(r.number);
  return out;
}

}  // namespace takt::test
