// Durable machine data ingestion over HTTP: clients post batches of readings (JSON) to a real
// `takt serve`; every batch is acknowledged after its fsync. Prints readings per second and
// checks that the site's KPI counts every part that was posted. With --decode, only what the
// server does first with a batch, in this process: parse it and decode it as its route does
// (contract::Decode<MachineDataBatch>), best of 200.
//
//   bench_machine_data [READINGS] [CLIENTS] [BATCH] [UNITS]   (defaults 2000000, 4, 10000, 500)
//   bench_machine_data --decode [BATCH]                       (default 10000)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/contract/codec.h"
#include "plant/performance/contract.h"
#include "support/http_client.h"
#include "support/process.h"

using namespace takt::test;

namespace {

void Must(const HttpResult& r, long want, const std::string& what) {
  if (r.status != want) {
    std::fprintf(stderr, "bench_machine_data: %s gave %ld: %s\n", what.c_str(), r.status, r.body.c_str());
    std::exit(1);
  }
}

// Yesterday's date, so that every reading lies in the past of the server's clock.
std::string Day() {
  std::time_t t = std::time(nullptr) - 86400;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

// Readings i .. i+n: one per unit in turn, one millisecond apart; every 20th is a state
// change, the rest count one good part.
std::string MakeBatch(const std::string& day, long first, int n, int units, long& parts) {
  std::string b = R"({"events":[)";
  b.reserve(static_cast<size_t>(n) * 80);
  char buf[160];
  for (long i = first; i < first + n; ++i) {
    long ms = i;
    int h = static_cast<int>(ms / 3600000 % 24), m = static_cast<int>(ms / 60000 % 60);
    int s = static_cast<int>(ms / 1000 % 60), f = static_cast<int>(ms % 1000);
    int unit = static_cast<int>(i % units);
    bool state = i / units % 20 == 0;
    if (!state) ++parts;
    std::snprintf(buf, sizeof buf, R"(%s{"work_unit":"U%d","time":"%sT%02d:%02d:%02d.%03dZ",%s})",
                  i == first ? "" : ",", unit, day.c_str(), h, m, s, f,
                  state ? (i / units / 20 % 2 ? R"("state":"idle")" : R"("state":"running")") : R"("good":1)");
    b += buf;
  }
  return b + "]}";
}

int Decode(int batch) {
  long parts = 0;
  std::string body = MakeBatch(Day(), 0, batch, 500, parts);
  double parse = 1e9, decode = 1e9;
  for (int rep = 0; rep < 200; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    auto v = takt::ParseJson(body);
    auto t1 = std::chrono::steady_clock::now();
    auto b = takt::contract::Decode<takt::plant::performance::MachineDataBatch>(*v);
    auto t2 = std::chrono::steady_clock::now();
    if (!b.ok() || b->events.size() != static_cast<size_t>(batch)) {
      std::fprintf(stderr, "bench_machine_data: %s\n", b.status().ToString().c_str());
      return 1;
    }
    parse = std::min(parse, std::chrono::duration<double>(t1 - t0).count());
    decode = std::min(decode, std::chrono::duration<double>(t2 - t1).count());
  }
  std::printf("a batch of %d readings (%.0f KB): parse %.3f ms, decode %.3f ms (%.0f ns a reading)\n", batch,
              body.size() / 1e3, parse * 1e3, decode * 1e3, decode / batch * 1e9);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--decode") return Decode(argc > 2 ? std::atoi(argv[2]) : 10'000);
  long readings = argc > 1 ? std::atol(argv[1]) : 2'000'000;
  int clients = argc > 2 ? std::atoi(argv[2]) : 4;
  int batch = argc > 3 ? std::atoi(argv[3]) : 10'000;
  int units = argc > 4 ? std::atoi(argv[4]) : 500;
  TempDir dir;
  std::string db = dir.File("bench.db");
  std::string token = AddUser(db, "bench", "admin");
  ServerProcess server(db);
  HttpClient c(server.base(), token);
  for (const char* e :
       {R"({"id":"ENT","level":"enterprise"})",
        R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
        R"({"id":"AREA","level":"area","parent":"SITE"})", R"({"id":"WC","level":"work_center","parent":"AREA"})"})
    Must(c.Post("/api/v1/equipment", e), 201, "equipment");
  for (int u = 0; u < units; ++u)
    Must(c.Post("/api/v1/equipment", R"({"id":"U)" + std::to_string(u) + R"(","level":"work_unit","parent":"WC"})"),
         201, "unit");

  std::string day = Day();
  std::vector<std::string> batches;
  long parts = 0;
  for (long first = 0; first < readings; first += batch)
    batches.push_back(MakeBatch(day, first, static_cast<int>(std::min<long>(batch, readings - first)), units, parts));
  size_t bytes = 0;
  for (const auto& b : batches) bytes += b.size();

  std::atomic<size_t> next{0};
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int k = 0; k < clients; ++k)
    pool.emplace_back([&] {
      HttpClient client(server.base(), token);
      for (size_t i; (i = next++) < batches.size();)
        Must(client.Post("/api/v1/machine-data", batches[i]), 200, "batch");
    });
  for (auto& t : pool) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  auto k = c.Get("/api/v1/kpi?equipment=SITE&from=" + day + "T00:00:00Z&to=" + day + "T23:59:59Z");
  Must(k, 200, "kpi");
  long counted = static_cast<long>(k.json().at("counts").at("good").as_int64());
  std::printf(
      "%ld readings (%.1f MB of JSON) in %zu batches of %d, %d clients, %d work units: %.2f s, "
      "%.0f readings/s durable\n",
      readings, bytes / 1e6, batches.size(), batch, clients, units, secs, readings / secs);
  std::printf("site KPI counts %ld good parts; posted %ld: %s\n", counted, parts, counted == parts ? "ok" : "MISMATCH");
  return counted == parts ? 0 : 1;
}
