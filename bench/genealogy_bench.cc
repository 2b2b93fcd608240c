// Genealogy traces: the in-memory LotGraph against a recursive CTE on SQLite, same graph.
//
//   bench_genealogy [--lots N] [--seed S]        (default N = 10,000,000)
//
// The synthetic plant runs on one timeline: raw lots (12% of N), two intermediate levels (13%,
// 15%) and finished lots/serials (the rest). Each level is produced at a steady rate and each
// produced lot consumes 2-4 lots (5%: 5-8) of the level below, picked from the recent stock of
// that level (a FIFO-like window), plus sometimes a raw lot (fasteners, packaging) or a loose
// intermediate: about 3.2 links per lot. Four hub raw lots (a resin silo, a steel coil batch)
// each feed every first-level lot made during 10% of the timeline, and so end up in about 10% of
// all finished lots (>500k at N = 10M). Lots are interned, and their links added, in timeline
// order, as a journal replay would.
//
// Timing: steady_clock around one Trace or one CTE query. Our traces run once per start; the CPU
// caches are flushed before each category, so they do not profit from an earlier pass. SQLite gets
// a page cache larger than the file, filled by scanning both indexes before the queries.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "plant/genealogy/lot_graph.h"

using takt::genealogy::Direction;
using takt::genealogy::LotGraph;
using takt::genealogy::NodeId;
using Clock = std::chrono::steady_clock;

namespace {

// The SQLite file, removed on every way out: normal end, Die, Ctrl-C, kill.
char g_db_path[256];

void RemoveDb(int) {
  if (g_db_path[0]) unlink(g_db_path);
}

[[noreturn]] void OnSignal(int sig) {
  RemoveDb(sig);
  _exit(128 + sig);
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_genealogy: %s\n", what.c_str());
  RemoveDb(0);
  std::exit(1);
}

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// SplitMix64: small, fast, and the same sequence on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64); }
  bool Chance(double p) { return Below(1000000) < static_cast<uint64_t>(p * 1000000); }

 private:
  uint64_t s_;
};

// ---------------------------------------------------------------------------------------------
// The synthetic genealogy, as the journal would deliver it: lots in arrival order, each with the
// positions of its inputs. Lot i becomes NodeId i when interned in order.

struct Script {
  std::string id_chars;
  std::vector<uint64_t> id_ends;
  std::vector<uint64_t> input_ends;  // inputs of lot i: inputs[input_ends[i - 1], input_ends[i])
  std::vector<uint32_t> inputs;
  std::vector<NodeId> raw, finished, hubs;

  size_t lots() const { return id_ends.size(); }
  std::string_view Id(size_t i) const {
    const size_t b = i ? id_ends[i - 1] : 0;
    return std::string_view(id_chars).substr(b, id_ends[i] - b);
  }
};

constexpr int kLevels = 4;  // raw, intermediate 1, intermediate 2, finished
constexpr const char* kPrefix[kLevels] = {"RAW-", "INT1-", "INT2-", "FG-"};
constexpr int kHubs = 4;
constexpr double kHubStart[kHubs] = {0.05, 0.30, 0.55, 0.80};
constexpr double kHubSpan = 0.10;

struct Generator {
  Script s;
  Rng rng;
  size_t count[kLevels];
  std::vector<uint32_t> made[kLevels];  // positions of the lots of each level made so far
  size_t window[kLevels];               // recent stock from which the next level draws

  Generator(size_t lots, uint64_t seed) : rng(seed) {
    count[0] = lots * 12 / 100;
    count[1] = lots * 13 / 100;
    count[2] = lots * 15 / 100;
    count[3] = lots - count[0] - count[1] - count[2] - kHubs;
    for (int l = 0; l < kLevels; ++l) window[l] = std::max<size_t>(32, count[l] / 2000);
  }

  uint32_t AddLot(const std::string& id) {
    s.id_chars += id;
    s.id_ends.push_back(s.id_chars.size());
    s.input_ends.push_back(s.inputs.size());
    return static_cast<uint32_t>(s.lots() - 1);
  }
  // One input drawn from the recent stock of `level`, if any exists yet.
  void Consume(int level) {
    const auto& stock = made[level];
    if (stock.empty()) return;
    const size_t w = std::min(window[level], stock.size());
    s.inputs.push_back(stock[stock.size() - 1 - rng.Below(w)]);
    s.input_ends.back() = s.inputs.size();
  }

  void Produce(int level, double t) {
    const uint32_t pos = AddLot(kPrefix[level] + std::to_string(made[level].size()));
    made[level].push_back(pos);
    if (level == 0) return s.raw.push_back(pos);
    const int n = rng.Chance(0.05) ? 5 + static_cast<int>(rng.Below(4)) : 2 + static_cast<int>(rng.Below(3));
    for (int i = 0; i < n; ++i) Consume(level - 1);
    if (rng.Chance(level == 2 ? 0.3 : 0.4)) Consume(0);  // fasteners, packaging
    if (level == 3 && rng.Chance(0.2)) Consume(1);       // a loose part
    if (level == 1) {
      for (int h = 0; h < kHubs; ++h) {
        if (h < static_cast<int>(s.hubs.size()) && t >= kHubStart[h] && t < kHubStart[h] + kHubSpan) {
          s.inputs.push_back(s.hubs[h]);
          s.input_ends.back() = s.inputs.size();
        }
      }
    }
    if (level == 3) s.finished.push_back(pos);
  }

  // Every level produces at a steady rate: lot k of a level is made at (k + 0.5) / count.
  Script Run() {
    size_t next[kLevels] = {};
    int hub = 0;
    for (;;) {
      int level = -1;
      double t = 2;
      for (int l = 0; l < kLevels; ++l) {
        const double tl = (next[l] + 0.5) / static_cast<double>(count[l]);
        if (next[l] < count[l] && tl < t) level = l, t = tl;
      }
      if (level < 0) break;
      if (hub < kHubs && kHubStart[hub] <= t) {
        s.hubs.push_back(AddLot("HUB-" + std::to_string(hub++)));
        continue;
      }
      Produce(level, t);
      ++next[level];
    }
    return std::move(s);
  }
};

// ---------------------------------------------------------------------------------------------
// SQLite

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) Die(std::string(sql) + ": " + (err ? err : "?"));
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) Die(std::string(sql) + ": " + sqlite3_errmsg(db));
  return st;
}

int64_t QueryInt(sqlite3* db, sqlite3_stmt* st, int64_t arg, bool bind = true) {
  if (bind) sqlite3_bind_int64(st, 1, arg);
  if (sqlite3_step(st) != SQLITE_ROW) Die(std::string("query: ") + sqlite3_errmsg(db));
  const int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return v;
}

constexpr const char* kCteBackward =
    "WITH RECURSIVE t(n) AS (SELECT ?1 UNION SELECT parent FROM link JOIN t ON link.child = t.n) "
    "SELECT count(*) FROM t";
constexpr const char* kCteForward =
    "WITH RECURSIVE t(n) AS (SELECT ?1 UNION SELECT child FROM link JOIN t ON link.parent = t.n) "
    "SELECT count(*) FROM t";

class SqliteGraph {
 public:
  explicit SqliteGraph(std::string path) : path_(std::move(path)) {
    std::snprintf(g_db_path, sizeof g_db_path, "%s", path_.c_str());
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::remove(path_.c_str());
    if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) Die("cannot open " + path_);
  }
  ~SqliteGraph() {
    sqlite3_finalize(back_);
    sqlite3_finalize(fwd_);
    sqlite3_close(db_);
    std::remove(path_.c_str());
  }

  void Load(const LotGraph& g) {
    Exec(db_, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-4000000;");
    Exec(db_, "CREATE TABLE link(parent INTEGER, child INTEGER)");
    Exec(db_, "BEGIN");
    sqlite3_stmt* ins = Prepare(db_, "INSERT INTO link(parent, child) VALUES (?1, ?2)");
    for (NodeId p = 0; p < g.node_count(); ++p) {
      g.ForEachChild(p, [&](NodeId c) {
        sqlite3_bind_int64(ins, 1, p);
        sqlite3_bind_int64(ins, 2, c);
        if (sqlite3_step(ins) != SQLITE_DONE) Die(std::string("insert: ") + sqlite3_errmsg(db_));
        sqlite3_reset(ins);
      });
    }
    sqlite3_finalize(ins);
    Exec(db_, "COMMIT");
    // Built after the load: the same indexes, much faster than maintaining them row by row.
    Exec(db_, "CREATE INDEX link_child_parent ON link(child, parent)");
    Exec(db_, "CREATE INDEX link_parent_child ON link(parent, child)");
    Exec(db_, "ANALYZE");
    back_ = Prepare(db_, kCteBackward);
    fwd_ = Prepare(db_, kCteForward);
  }

  // Reads both indexes end to end so that the queries find every page in the cache.
  void Warm() {
    for (const char* sql : {"SELECT sum(parent) FROM link INDEXED BY link_child_parent WHERE child >= 0",
                            "SELECT sum(child) FROM link INDEXED BY link_parent_child WHERE parent >= 0"}) {
      sqlite3_stmt* st = Prepare(db_, sql);
      QueryInt(db_, st, 0, false);
      sqlite3_finalize(st);
    }
  }

  void PrintPlan() {
    sqlite3_stmt* st = Prepare(db_, (std::string("EXPLAIN QUERY PLAN ") + kCteBackward).c_str());
    sqlite3_bind_int64(st, 1, 0);
    std::printf("  backward CTE plan:");
    while (sqlite3_step(st) == SQLITE_ROW) std::printf(" [%s]", sqlite3_column_text(st, 3));
    std::printf("\n");
    sqlite3_finalize(st);
  }

  // Lots reached, the start included.
  int64_t Reach(NodeId start, Direction dir) {
    return QueryInt(db_, dir == Direction::kBackward ? back_ : fwd_, start);
  }
  uint64_t FileBytes() {
    FILE* f = std::fopen(path_.c_str(), "rb");
    if (!f) return 0;
    std::fseek(f, 0, SEEK_END);
    const long n = std::ftell(f);
    std::fclose(f);
    return static_cast<uint64_t>(n);
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* back_ = nullptr;
  sqlite3_stmt* fwd_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Measurement

struct Stats {
  size_t n = 0;
  double median = 0, p99 = 0;  // seconds
};

Stats Summarise(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.median = v[v.size() / 2];
  s.p99 = v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(0.99 * v.size())) - 1)];
  return s;
}

// Evicts the CPU caches (L3 here is 32 MB) so that one category does not warm the next.
void FlushCaches() {
  static std::vector<uint64_t> junk(64 << 20 >> 3);
  uint64_t sum = 0;
  for (uint64_t& x : junk) sum += ++x;
  if (sum == 42) std::printf(" ");
}

std::string Time(double s) {
  char buf[32];
  if (s < 1e-3) {
    std::snprintf(buf, sizeof buf, "%.1f us", s * 1e6);
  } else if (s < 1) {
    std::snprintf(buf, sizeof buf, "%.2f ms", s * 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", s);
  }
  return buf;
}

struct Category {
  const char* name;
  Direction dir;
  std::vector<NodeId> starts;
  size_t cte_samples;  // the first this many starts also run as CTEs
};

// Times our trace from every start, and the CTE from the first cte_samples of them when `sql` is
// given, checking that both reach the same number of lots.
void RunCategory(const LotGraph& g, SqliteGraph* sql, const Category& c) {
  if (c.starts.empty()) return (void)std::printf("%-28s (no starts found)\n", c.name);
  FlushCaches();
  std::vector<double> ours, cte;
  std::vector<size_t> reach;
  for (NodeId s : c.starts) {
    const auto t0 = Clock::now();
    const auto r = g.Trace(s, c.dir);
    ours.push_back(Seconds(t0));
    reach.push_back(r.hits.size());
  }
  for (size_t i = 0; sql && i < std::min(c.cte_samples, c.starts.size()); ++i) {
    const auto t0 = Clock::now();
    const int64_t n = sql->Reach(c.starts[i], c.dir);
    cte.push_back(Seconds(t0));
    if (n != static_cast<int64_t>(reach[i]) + 1) {
      Die(std::string("MISMATCH in ") + c.name + ": start " + std::to_string(c.starts[i]) + " LotGraph reached " +
          std::to_string(reach[i]) + " lots, the CTE " + std::to_string(n - 1));
    }
  }
  std::sort(reach.begin(), reach.end());
  const Stats a = Summarise(ours);
  std::printf("%-28s %7zu %9zu %11s %11s", c.name, a.n, reach[reach.size() / 2], Time(a.median).c_str(),
              Time(a.p99).c_str());
  if (!cte.empty()) {
    const Stats b = Summarise(cte);
    std::printf(" %7zu %11s %11s %8.0fx", b.n, Time(b.median).c_str(), Time(b.p99).c_str(), b.median / a.median);
  }
  std::printf("\n");
  std::fflush(stdout);
}

void PrintHeader(bool with_cte) {
  std::printf("\n%-28s %7s %9s %11s %11s", "trace", "n", "reach med", "ours med", "ours p99");
  if (with_cte) std::printf(" %7s %11s %11s %9s", "cte n", "cte med", "cte p99", "cte/ours");
  std::printf("\n");
}

// Random lots whose trace in `dir` reaches between lo and hi lots.
std::vector<NodeId> StartsWithReach(const LotGraph& g, Direction dir, size_t lo, size_t hi, size_t want, Rng& rng) {
  std::vector<NodeId> out;
  for (size_t tries = 0; out.size() < want && tries < 50 * want + 1000000; ++tries) {
    const NodeId s = static_cast<NodeId>(rng.Below(g.node_count()));
    const auto r = g.Trace(s, dir, 0, hi);
    if (!r.truncated && r.hits.size() >= lo) out.push_back(s);
  }
  return out;
}

std::vector<NodeId> Pick(const std::vector<NodeId>& from, size_t n, Rng& rng) {
  std::vector<NodeId> out;
  for (size_t i = 0; i < n; ++i) out.push_back(from[rng.Below(from.size())]);
  return out;
}

long RssMiB() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, "VmRSS:", 6) == 0) kb = std::atol(line + 6);
  }
  std::fclose(f);
  return kb / 1024;
}

double PerMillionLinks(size_t bytes, size_t links) {
  return bytes / 1048576.0 / (links / 1e6);
}

}  // namespace

// The replay: intern each lot and add its input links, in arrival order.
LotGraph Replay(const Script& script) {
  LotGraph g;
  const auto t0 = Clock::now();
  for (size_t i = 0; i < script.lots(); ++i) {
    const NodeId n = g.Intern(script.Id(i));
    if (n != i) Die("interning is not dense");
    for (size_t k = i ? script.input_ends[i - 1] : 0; k < script.input_ends[i]; ++k) g.AddLink(script.inputs[k], n);
  }
  const double build = Seconds(t0);
  const size_t links = g.link_count(), bytes = g.MemoryBytes();
  std::printf("LotGraph: %zu lots, %zu links (%.2f per lot); replayed in %.2f s (%.0f ns per link)\n", g.node_count(),
              links, static_cast<double>(links) / g.node_count(), build, build * 1e9 / links);
  std::printf("  memory after the replay: %.1f MiB (%.1f MiB per million links); process RSS %ld MiB\n",
              bytes / 1048576.0, PerMillionLinks(bytes, links), RssMiB());
  return g;
}

std::vector<Category> MakeCategories(const LotGraph& g, const Script& script, uint64_t seed) {
  Rng rng(seed * 7919 + 17);
  std::vector<NodeId> hub_runs;
  for (int rep = 0; rep < 5; ++rep) hub_runs.insert(hub_runs.end(), script.hubs.begin(), script.hubs.end());
  std::vector<Category> out;
  out.push_back({"backward, random finished", Direction::kBackward, Pick(script.finished, 2000, rng), 500});
  out.push_back({"forward, random raw", Direction::kForward, Pick(script.raw, 2000, rng), 300});
  out.push_back({"backward, reach 80-120", Direction::kBackward,
                 StartsWithReach(g, Direction::kBackward, 80, 120, 2000, rng), 500});
  out.push_back(
      {"forward, reach 80-120", Direction::kForward, StartsWithReach(g, Direction::kForward, 80, 120, 2000, rng), 500});
  out.push_back({"forward, hub raw lots", Direction::kForward, hub_runs, 2 * script.hubs.size()});
  return out;
}

int main(int argc, char** argv) {
  size_t lots = 10'000'000;
  uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--lots") && i + 1 < argc) {
      lots = std::strtoull(argv[++i], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      Die("usage: bench_genealogy [--lots N] [--seed S]");
    }
  }
  if (lots < 1000) Die("--lots must be at least 1000");

  std::printf("genealogy bench: %zu lots, seed %" PRIu64 "\n", lots, seed);
  auto t0 = Clock::now();
  const Script script = Generator(lots, seed).Run();
  std::printf("generated %zu lots, %zu input references in %.1f s\n", script.lots(), script.inputs.size(), Seconds(t0));
  LotGraph g = Replay(script);
  const std::vector<Category> categories = MakeCategories(g, script, seed);

  std::printf("\nLotGraph as the replay left it (the overlay not merged):");
  PrintHeader(false);
  for (const Category& c : categories) RunCategory(g, nullptr, c);

  t0 = Clock::now();
  g.Compact();
  const size_t bytes = g.MemoryBytes();
  std::printf("\nCompact: %.2f s; memory %.1f MiB (%.1f MiB per million links, %.1f bytes per link)\n", Seconds(t0),
              bytes / 1048576.0, PerMillionLinks(bytes, g.link_count()), static_cast<double>(bytes) / g.link_count());

  SqliteGraph sql("/tmp/bench_genealogy_" + std::to_string(getpid()) + ".db");
  t0 = Clock::now();
  sql.Load(g);
  std::printf("SQLite %s: loaded and indexed in %.1f s, file %.0f MiB; ", sqlite3_libversion(), Seconds(t0),
              sql.FileBytes() / 1048576.0);
  t0 = Clock::now();
  sql.Warm();
  std::printf("page cache warmed in %.1f s\n", Seconds(t0));
  sql.PrintPlan();

  std::printf("\nLotGraph after Compact against the recursive CTE:");
  PrintHeader(true);
  for (const Category& c : categories) RunCategory(g, &sql, c);
  std::printf("\nreach = lots found, start excluded; every CTE count matched the LotGraph's (start included).\n");
  return 0;
}
