// Execution throughput end to end: 1,000 work orders of 10 operations each, created, released,
// started, consumed into, reported, produced and completed through the REST API of a real
// `takt serve` (durable SQLite journal, every write acknowledged after fsync).
//
//   bench_production [ORDERS] [CLIENTS]     (defaults 1000 and 8)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

using namespace takt::test;

namespace {

constexpr int kOperations = 10;

void Must(const HttpResult& r, long want, const std::string& what) {
  if (r.status != want) {
    std::fprintf(stderr, "bench_production: %s gave %ld: %s\n", what.c_str(), r.status, r.body.c_str());
    std::exit(1);
  }
}

// A site with a storage zone, one work center per operation with one lathe per client, a
// 10-operation routing and enough raw material for every order.
void Seed(HttpClient& c, int clients, int orders) {
  Must(c.Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})"), 201, "unit");
  Must(c.Post("/api/v1/units", R"({"id":"pcs","dimension":"count"})"), 201, "unit");
  for (const char* e :
       {R"({"id":"ENT","level":"enterprise"})",
        R"({"id":"SITE","level":"site","parent":"ENT","time_zone":"Europe/Paris"})",
        R"({"id":"AREA","level":"area","parent":"SITE"})", R"({"id":"WH","level":"storage_zone","parent":"SITE"})"})
    Must(c.Post("/api/v1/equipment", e), 201, "equipment");
  std::string routing;
  for (int o = 0; o < kOperations; ++o) {
    std::string wc = "WC" + std::to_string(o);
    Must(c.Post("/api/v1/equipment", R"({"id":")" + wc + R"(","level":"work_center","parent":"AREA"})"), 201, wc);
    for (int u = 0; u < clients; ++u)
      Must(c.Post("/api/v1/equipment",
                  R"({"id":")" + wc + "-U" + std::to_string(u) + R"(","level":"work_unit","parent":")" + wc + R"("})"),
           201, "unit");
    routing += std::string(o ? "," : "") + R"({"id":"OP)" + std::to_string(o) + R"(","work_center":")" + wc +
               R"(","run_time_per_unit_s":30})";
  }
  Must(c.Post("/api/v1/persons", R"({"id":"OPR","name":"Operator"})"), 201, "person");
  Must(c.Post("/api/v1/material-definitions", R"({"id":"BAR","uom":"kg"})"), 201, "material");
  Must(c.Post("/api/v1/material-definitions", R"({"id":"PART","uom":"pcs"})"), 201, "material");
  Must(c.Post("/api/v1/product-definitions", R"({"id":"PD","product":"PART",
      "bom":[{"material":"BAR","quantity":0.5,"uom":"kg","operation":"OP0"}],"routing":[)" +
                                                 routing + "]}"),
       201, "product definition");
  for (int i = 0; i < clients; ++i)
    Must(c.Post("/api/v1/material-lots", R"({"id":"BAR-)" + std::to_string(i) +
                                             R"(","material":"BAR","uom":"kg","location":"WH","quantity":)" +
                                             std::to_string(orders * 10) + "}"),
         201, "lot");
}

// One order from creation to its last operation's completion: 35 durable writes.
void RunOrder(HttpClient& c, int client, int n) {
  std::string id = "WO-" + std::to_string(n);
  std::string base = "/api/v1/work-orders/" + id;
  Must(c.Post("/api/v1/work-orders",
              R"({"id":")" + id + R"(","product_definition":"PD","quantity":10,"due":"2026-12-31","site":"SITE"})"),
       201, "create");
  Must(c.Post(base + "/release", "{}"), 200, "release");
  for (int o = 0; o < kOperations; ++o) {
    std::string op = base + "/operations/OP" + std::to_string(o);
    std::string unit = "WC" + std::to_string(o) + "-U" + std::to_string(client);
    Must(c.Post(op + "/start", R"({"work_unit":")" + unit + R"(","operators":["OPR"]})"), 200, "start");
    if (o == 0)
      Must(c.Post(op + "/consume", R"({"lot":"BAR-)" + std::to_string(client) + R"(","quantity":5})"), 200, "consume");
    Must(c.Post(op + "/report", R"({"good":10})"), 200, "report");
    if (o == kOperations - 1)
      Must(c.Post(op + "/produce", R"({"outputs":[{"quantity":10,"location":"WH"}]})"), 201, "produce");
    Must(c.Post(op + "/complete", "{}"), 200, "complete");
  }
}

}  // namespace

int main(int argc, char** argv) {
  int orders = argc > 1 ? std::atoi(argv[1]) : 1000;
  int clients = argc > 2 ? std::atoi(argv[2]) : 8;
  if (orders <= 0 || clients <= 0) {
    std::fprintf(stderr, "usage: bench_production [ORDERS] [CLIENTS]\n");
    return 2;
  }
  TempDir dir;
  std::string token = AddUser(dir.File("bench.db"), "bench", "admin");
  ServerProcess server(dir.File("bench.db"));
  HttpClient admin(server.base(), token);
  Seed(admin, clients, orders);

  std::atomic<int> next{0};
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&, t] {
      HttpClient c(server.base(), token);
      for (int n = next++; n < orders; n = next++) RunOrder(c, t, n);
    });
  for (auto& t : threads) t.join();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  auto done = admin.Get("/api/v1/work-orders?status=completed&limit=1000");
  size_t completed = done.json().at("items").as_array().size();
  int writes = orders * (2 + 3 * kOperations + 2);
  std::printf(
      "%d work orders x %d operations by %d clients: %.2f s (%.0f orders/s, %.0f durable writes/s); %zu%s completed\n",
      orders, kOperations, clients, s, orders / s, writes / s, completed, orders > 1000 ? "+" : "");
  return completed == static_cast<size_t>(std::min(orders, 1000)) ? 0 : 1;
}
