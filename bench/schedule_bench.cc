// Scheduling benchmark: solves the public instance families, validates every schedule with
// the independent checker, and reports per family the gap to the best-known upper bound.
//
//   bench_schedule DATA_DIR SECONDS [FAMILY[:FROM-TO] ...] [--threads N] [--parallel N] [--results FILE]
//
// FAMILY:FROM-TO keeps the instances numbered FROM to TO (ta:21-40 is ta21 to ta40), so a long run
// can be split across machines or sessions and its --results files joined.
// DATA_DIR is ../shared/data (ScheduleOpt/benchmarks bounds, CC BY-SA 4.0; see docs/DATA.md).
// --threads: search threads per instance (default 2, both cores). --parallel: instances solved at
// once (default 1). With `--threads 1 --parallel 2` each instance gets one core for the whole time
// limit; as thread 0 of a 2-thread solve runs the same search, that result is never better in
// expectation than the 2-thread one, so it is a conservative way to halve the wall time.
// --results: one CSV line per solved instance, appended as it finishes; a rerun with the same file
// skips the instances already there (same seconds and threads) and reports on all of them, so a
// long run (ta at 600 s) can be stopped and resumed. `cpu` is the share of a core the instance's
// threads got: below about 0.95 the machine was busy with something else.
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "schedule/checker.h"
#include "schedule/instance_io.h"
#include "schedule/solver.h"

using namespace takt::schedule;

namespace {

struct Bound {
  int64_t lower = 0, upper = 0;
};

struct Outcome {
  std::string name;
  int64_t makespan = 0;
  double seconds = 0, cpu = 0;
  std::string error;  // parse, solve or checker failure
};

std::map<std::string, Bound> ReadBounds(const std::string& path) {
  std::map<std::string, Bound> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string name, jobs, machines, lb, ub;
    std::getline(ss, name, ',');
    std::getline(ss, jobs, ',');
    std::getline(ss, machines, ',');
    std::getline(ss, lb, ',');
    std::getline(ss, ub, ',');
    out[name] = {std::stoll(lb), std::stoll(ub)};
  }
  return out;
}

// A family and, optionally, the range of instance numbers to keep ("ta:21-40").
struct Selection {
  std::string family;
  int from = 0, to = 1 << 30;
};

std::optional<Selection> ParseSelection(const std::string& arg) {
  Selection s{.family = arg.substr(0, arg.find(':'))};
  if (s.family.size() == arg.size()) return s;
  if (std::sscanf(arg.c_str() + s.family.size() + 1, "%d-%d", &s.from, &s.to) != 2 || s.from > s.to) return {};
  return s;
}

int NumberOf(const std::string& name) {
  size_t i = name.size();
  while (i > 0 && std::isdigit(static_cast<unsigned char>(name[i - 1]))) --i;
  return std::atoi(name.c_str() + i);
}

std::vector<std::string> AllInstances(const std::string& family) {
  std::vector<std::string> v;
  auto range = [&](const char* prefix, int from, int to, bool two_digits) {
    for (int i = from; i <= to; ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, two_digits ? "%s%02d" : "%s%d", prefix, i);
      v.push_back(buf);
    }
  };
  if (family == "ft") v = {"ft06", "ft10", "ft20"};
  if (family == "la") range("la", 1, 40, true);
  if (family == "abz") range("abz", 5, 9, false);
  if (family == "orb") range("orb", 1, 10, true);
  if (family == "ta") range("ta", 1, 80, true);
  if (family == "mk") range("brandimarte/mk", 1, 10, true);
  return v;
}

std::vector<std::string> Instances(const Selection& s) {
  std::vector<std::string> v;
  for (auto& name : AllInstances(s.family))
    if (NumberOf(name) >= s.from && NumberOf(name) <= s.to) v.push_back(std::move(name));
  return v;
}

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Reads, solves and checks one instance. CPU time is the process's, so it is exact only when
// instances run one at a time; with --parallel it is the solving thread's (threads must be 1).
Outcome SolveOne(const std::string& dir, const std::string& name, double seconds, int threads) {
  Outcome out{.name = name};
  const bool flexible = name.starts_with("brandimarte/");
  std::ifstream in(dir + (flexible ? "/fjsp/" : "/jobshop/") + name + ".txt");
  if (!in) return out.error = "missing", out;
  std::stringstream text;
  text << in.rdbuf();
  auto problem = ParseInstance(text.str(), flexible ? Format::kFjsp : Format::kJssp);
  if (!problem.ok()) return out.error = problem.status().message(), out;
  const clockid_t clock = threads == 1 ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID;
  const double cpu0 = CpuSeconds(clock);
  SolveStats stats;
  auto solved = Solve(*problem, {.time_limit_s = seconds, .seed = 1, .threads = threads}, &stats);
  out.seconds = stats.seconds;
  out.cpu = stats.seconds > 0 ? (CpuSeconds(clock) - cpu0) / stats.seconds / threads : 1;
  takt::Status valid = solved.ok() ? CheckSchedule(*problem, *solved) : solved.status();
  if (!valid.ok()) return out.error = "INVALID " + valid.message(), out;
  out.makespan = solved->makespan;
  return out;
}

// Lines: name,seconds,threads,makespan,solve_seconds,cpu_share
std::map<std::string, Outcome> ReadResults(const std::string& path, double seconds, int threads) {
  std::map<std::string, Outcome> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    char name[128];
    double s = 0, solve_s = 0, cpu = 0;
    int t = 0;
    long long makespan = 0;
    if (std::sscanf(line.c_str(), "%127[^,],%lf,%d,%lld,%lf,%lf", name, &s, &t, &makespan, &solve_s, &cpu) == 6 &&
        s == seconds && t == threads)
      out[name] = {.name = name, .makespan = makespan, .seconds = solve_s, .cpu = cpu};
  }
  return out;
}

int Usage() {
  std::fprintf(stderr,
               "usage: bench_schedule DATA_DIR SECONDS [FAMILY[:FROM-TO] ...] [--threads N] [--parallel N] "
               "[--results FILE]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string dir = argv[1];
  const double seconds = std::atof(argv[2]);
  int threads = 2, parallel = 1;
  std::string results_path;
  std::vector<Selection> families;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--threads" || a == "--parallel" || a == "--results") && i + 1 < argc) {
      std::string v = argv[++i];
      if (a == "--results")
        results_path = v;
      else
        (a == "--threads" ? threads : parallel) = std::atoi(v.c_str());
    } else if (a.starts_with("--")) {
      return Usage();
    } else if (auto s = ParseSelection(a); s && !AllInstances(s->family).empty()) {
      families.push_back(*s);
    } else {
      std::fprintf(stderr, "unknown family or range: %s\n", a.c_str());
      return Usage();
    }
  }
  if (seconds <= 0 || threads < 1 || parallel < 1) return Usage();
  if (parallel > 1 && threads != 1) {
    std::fprintf(stderr, "--parallel needs --threads 1 (each instance on its own core)\n");
    return 2;
  }
  if (families.empty())
    for (const char* f : {"ft", "la", "abz", "orb", "ta", "mk"}) families.push_back({.family = f});
  auto jssp_bounds = ReadBounds(dir + "/jobshop/bounds.csv");
  auto fjsp_bounds = ReadBounds(dir + "/fjsp/bounds.csv");
  if (jssp_bounds.empty()) {
    std::printf("no benchmark data at %s: skipped\n", dir.c_str());
    return 0;
  }

  std::map<std::string, Outcome> done;
  if (!results_path.empty()) done = ReadResults(results_path, seconds, threads);
  std::vector<std::string> todo;
  for (const auto& family : families)
    for (const auto& name : Instances(family))
      if (!done.count(name)) todo.push_back(name);
  std::printf("%.0f s per instance, %d thread(s) each, %d at once; %zu to solve, %zu from %s\n", seconds, threads,
              parallel, todo.size(), done.size(), results_path.empty() ? "-" : results_path.c_str());
  std::fflush(stdout);

  std::mutex mu;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next++) < todo.size();) {
      Outcome o = SolveOne(dir, todo[i], seconds, threads);
      std::lock_guard lock(mu);
      if (o.error == "missing") continue;
      if (o.error.empty() && !results_path.empty()) {
        std::ofstream out(results_path, std::ios::app);
        out << o.name << ',' << seconds << ',' << threads << ',' << o.makespan << ',' << o.seconds << ',' << o.cpu
            << '\n';
      }
      std::printf("  %-18s %s  %.1f s, cpu %.2f\n", o.name.c_str(),
                  o.error.empty() ? std::to_string(o.makespan).c_str() : o.error.c_str(), o.seconds, o.cpu);
      std::fflush(stdout);
      done[o.name] = std::move(o);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < parallel; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();

  int failures = 0;
  std::printf("\n%-6s %4s %9s %9s %8s %9s %8s\n", "family", "n", "mean gap", "max gap", "reached", "below LB",
              "min cpu");
  for (const auto& family : families) {
    const bool flexible = family.family == "mk";
    double sum = 0, worst = 0, min_cpu = 1;
    int n = 0, reached = 0, below = 0;
    for (const auto& name : Instances(family)) {
      auto it = done.find(name);
      if (it == done.end()) continue;
      const Outcome& o = it->second;
      if (!o.error.empty()) {
        std::printf("%s: %s\n", name.c_str(), o.error.c_str());
        ++failures;
        continue;
      }
      const Bound b = (flexible ? fjsp_bounds : jssp_bounds)[name];
      const double gap = 100.0 * (o.makespan - b.upper) / b.upper;
      if (o.makespan < b.lower) {
        std::printf("%s: %lld is below the lower bound %lld: a bug\n", name.c_str(), static_cast<long long>(o.makespan),
                    static_cast<long long>(b.lower));
        ++below, ++failures;
      }
      std::printf("  %-18s %7lld  best known %7lld  gap %6.2f%%\n", name.c_str(), static_cast<long long>(o.makespan),
                  static_cast<long long>(b.upper), gap);
      sum += gap, worst = std::max(worst, gap), ++n, reached += o.makespan <= b.upper;
      // An instance that stops early at its lower bound says nothing about contention.
      if (o.seconds > 0.5 * seconds) min_cpu = std::min(min_cpu, o.cpu);
    }
    if (n)
      std::printf("%-6s %4d %8.2f%% %8.2f%% %8d %9d %8.2f\n", family.family.c_str(), n, sum / n, worst, reached, below,
                  min_cpu);
  }
  return failures ? 1 : 0;
}
