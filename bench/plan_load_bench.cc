// The API's responsiveness while plans run. A real `takt serve` (2 HTTP threads) holds ORDERS
// released work orders of 10 operations (3,000 open operations at 300; the plant of bench_plan,
// seeded over HTTP). CLIENTS clients send a steady stream of GETs, one every 10 ms each: half ask
// GET /api/v1/health, half GET /api/v1/work-orders/{id} (with a token check). First for a while
// with no plan; then while two plans of PLAN_SECONDS each are asked for at once (they run one
// after the other on the plan queue). Prints p50, p99 and max latency of both GETs in both
// phases, their ratio, and what each plan took.
//
//   bench_plan_load [ORDERS] [PLAN_SECONDS] [CLIENTS]   (defaults 300, 5, 4)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/planning_plant.h"
#include "support/process.h"

using namespace takt::test;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

struct Latencies {
  std::mutex mu;
  std::vector<double> health, order;
  int failed = 0;
};

// Requests one GET every 10 ms until `stop`, recording each latency.
void Client(const std::string& base, const std::string& token, bool health, int n, std::atomic<bool>& stop,
            Latencies& out) {
  HttpClient c(base, token);
  const std::string path = health ? "/api/v1/health" : "/api/v1/work-orders/WO" + std::to_string(n);
  std::vector<double> mine;
  int failed = 0;
  auto next = Clock::now();
  while (!stop) {
    auto t0 = Clock::now();
    auto r = c.Get(path);
    mine.push_back(Ms(Clock::now() - t0));
    failed += r.status != 200;
    next += std::chrono::milliseconds(10);
    std::this_thread::sleep_until(std::max(next, Clock::now()));
  }
  std::lock_guard l(out.mu);
  auto& v = health ? out.health : out.order;
  v.insert(v.end(), mine.begin(), mine.end());
  out.failed += failed;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Runs the clients while `during` runs (on this thread).
template <typename F>
void Measure(const std::string& base, const std::string& token, int clients, Latencies& out, F during) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) threads.emplace_back([&, i] { Client(base, token, i % 2 == 0, i, stop, out); });
  during();
  stop = true;
  for (auto& t : threads) t.join();
}

void Row(const char* phase, const char* what, const std::vector<double>& v) {
  std::printf("%-10s %-12s %8.2f %8.2f %8.2f %9zu\n", phase, what, Percentile(v, 0.5), Percentile(v, 0.99),
              v.empty() ? 0 : *std::max_element(v.begin(), v.end()), v.size());
}

}  // namespace

int main(int argc, char** argv) {
  const int orders = argc > 1 ? std::atoi(argv[1]) : 300;
  const double plan_s = argc > 2 ? std::atof(argv[2]) : 5;
  const int clients = argc > 3 ? std::atoi(argv[3]) : 4;
  TempDir dir;
  const std::string db = dir.File("bench.db");
  const std::string admin = AddUser(db, "admin", "admin");
  const std::string planner = AddUser(db, "planner", "supervisor");
  ServerProcess server(db);
  HttpClient seed(server.base(), admin);
  auto t0 = Clock::now();
  if (std::string err = SeedPlanningPlant(seed, orders); !err.empty()) {
    std::fprintf(stderr, "bench_plan_load: seeding failed: %s\n", err.c_str());
    return 1;
  }
  std::printf(
      "%d released orders (%d open operations) seeded over HTTP in %.1f s; %d clients, a GET every 10 ms each\n",
      orders, orders * 10, Ms(Clock::now() - t0) / 1000, clients);

  Latencies idle, busy;
  Measure(server.base(), admin, clients, idle,
          [&] { std::this_thread::sleep_for(std::chrono::duration<double>(2 * plan_s)); });

  struct Plan {
    HttpResult r;
    double seconds = 0;
  } plans[2];
  Measure(server.base(), admin, clients, busy, [&] {
    std::vector<std::thread> posts;
    for (auto& p : plans)
      posts.emplace_back([&] {
        HttpClient c(server.base(), planner);
        auto start = Clock::now();
        p.r = c.Post("/api/v1/schedules", R"({"time_limit_s":)" + std::to_string(plan_s) + "}");
        p.seconds = Ms(Clock::now() - start) / 1000;
      });
    for (auto& t : posts) t.join();
  });

  std::printf("%-10s %-12s %8s %8s %8s %9s\n", "phase", "GET", "p50 ms", "p99 ms", "max ms", "requests");
  Row("no plan", "health", idle.health);
  Row("no plan", "work order", idle.order);
  Row("two plans", "health", busy.health);
  Row("two plans", "work order", busy.order);
  std::printf("p99 while two plans run / with none: health %.2fx, work order %.2fx; failed requests: %d\n",
              Percentile(busy.health, 0.99) / Percentile(idle.health, 0.99),
              Percentile(busy.order, 0.99) / Percentile(idle.order, 0.99), idle.failed + busy.failed);
  for (int i = 0; i < 2; ++i) {
    const auto& p = plans[i];
    if (p.r.status != 201) {
      std::printf("plan %d: HTTP %ld: %s\n", i + 1, p.r.status, p.r.body.c_str());
      continue;
    }
    std::printf("plan %d: %.2f s from request to reply (engine and activation %.2f s; limit %.1f s)\n", i + 1,
                p.seconds, p.r.json().at("seconds").to_number<double>(), plan_s);
  }
  return 0;
}
