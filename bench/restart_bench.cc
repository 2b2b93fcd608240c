// Restart time: builds a journal of N events through the runtime (group commit, periodic
// snapshots, as `takt serve` does), then measures opening it: newest snapshot plus tail, and
// for comparison a full replay from event 1.
//
//   bench_restart DB_PATH EVENTS [SNAPSHOT_EVERY]
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "runtime/runtime.h"

using namespace takt;

namespace {

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

plant::Command Person(int i) {
  return plant::CreateResource{
      model::Kind::kPerson, *ParseJson(R"({"id":"P-)" + std::to_string(i) + R"(","name":"Person )" + std::to_string(i) +
                                       R"(","classes":["OPERATOR"]})")};
}

// A realistic correction: a person's record updated (a property changes) with its version.
plant::Command Update(int i, int64_t version) {
  return plant::UpdateResource{
      model::Kind::kPerson, "P-" + std::to_string(i),
      *ParseJson(R"({"version":)" + std::to_string(version) + R"(,"name":"Person )" + std::to_string(i) +
                 R"(","classes":["OPERATOR"],"properties":[{"id":"badge","type":"integer","value":)" +
                 std::to_string(version) + "}]}")};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_restart DB_PATH EVENTS [SNAPSHOT_EVERY]\n");
    return 2;
  }
  std::string path = argv[1];
  const uint64_t events = std::strtoull(argv[2], nullptr, 10);
  const uint64_t every = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 100000;
  const int kPersons = 2000;
  // A new journal each run: takt makes none beside an existing key.
  for (const char* suffix : {"", "-wal", ".key", ".key.highwater", ".key.failed"})
    std::filesystem::remove(path + suffix);
  runtime::Options o;
  o.db_url = "sqlite:" + path;
  o.snapshot_every = every;
  {
    auto rt = runtime::Runtime::Open(o);
    if (!rt.ok()) return std::fprintf(stderr, "%s\n", rt.status().ToString().c_str()), 1;
    auto t0 = std::chrono::steady_clock::now();
    (*rt)->Execute(plant::CreateResource{model::Kind::kPersonnelClass, *ParseJson(R"({"id":"OPERATOR"})")}, "bench");
    std::atomic<uint64_t> failed{0}, completed{0};
    auto done = [&](const Result<runtime::Committed>& r) {
      if (!r.ok()) ++failed;
      ++completed;
    };
    uint64_t n = 1;
    auto submit = [&](plant::Command c) {
      while (n - 1 - completed.load() > 50000) std::this_thread::yield();  // bound the queue
      (*rt)->Submit(std::move(c), "user:bench", done);
      ++n;
    };
    for (int i = 0; i < kPersons && n < events; ++i) submit(Person(i));
    for (int64_t version = 1; n < events; ++version)
      for (int i = 0; i < kPersons && n < events; ++i) submit(Update(i, version));
    (*rt)->SnapshotNow();  // waits for everything queued before it
    double s = Seconds(t0);
    std::printf("built %llu events in %.1f s (%.0f events/s through the runtime, %llu refused)\n",
                static_cast<unsigned long long>((*rt)->journal().head().seq), s, (*rt)->journal().head().seq / s,
                static_cast<unsigned long long>(failed.load()));
  }
  auto restart = [&](const char* what) -> int {
    auto t0 = std::chrono::steady_clock::now();
    auto rt = runtime::Runtime::Open(o);
    if (!rt.ok()) return std::fprintf(stderr, "%s\n", rt.status().ToString().c_str()), 1;
    double s = Seconds(t0);
    const auto& st = (*rt)->open_stats();
    std::printf("restart %-34s %.3f s (snapshot at %llu, %llu events replayed)\n", what, s,
                static_cast<unsigned long long>(st.snapshot_seq), static_cast<unsigned long long>(st.replayed));
    return 0;
  };
  auto drop_snapshots = [&](const char* sql) {
    sqlite3* db;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
  };
  if (restart("after a clean stop:")) return 1;
  // After kill -9 the newest snapshot is the last periodic one: up to SNAPSHOT_EVERY events back.
  drop_snapshots("DELETE FROM snapshots WHERE seq = (SELECT MAX(seq) FROM snapshots)");
  if (restart("after a crash (periodic snapshot):")) return 1;
  if (events <= 2000000) {
    drop_snapshots("DELETE FROM snapshots");
    if (restart("with no snapshot (full replay):")) return 1;
  }
  return 0;
}
