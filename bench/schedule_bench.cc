// Scheduling benchmark: solves the public instance families, validates every schedule with
// the independent checker, and reports per family the gap to the best-known upper bound.
//
//   bench_schedule DATA_DIR SECONDS [FAMILY ...]     (families: ft la abz orb ta mk)
// DATA_DIR is ../shared/data (ScheduleOpt/benchmarks bounds, CC BY-SA 4.0; see docs/DATA.md).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "schedule/checker.h"
#include "schedule/instance_io.h"
#include "schedule/solver.h"

using namespace takt::schedule;

namespace {

struct Bound {
  int64_t lower = 0, upper = 0;
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

std::vector<std::string> Instances(const std::string& family) {
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_schedule DATA_DIR SECONDS [FAMILY ...]\n");
    return 2;
  }
  std::string dir = argv[1];
  double seconds = std::stod(argv[2]);
  std::vector<std::string> families;
  for (int i = 3; i < argc; ++i) families.push_back(argv[i]);
  if (families.empty()) families = {"ft", "la", "abz", "orb", "ta", "mk"};
  auto jssp_bounds = ReadBounds(dir + "/jobshop/bounds.csv");
  auto fjsp_bounds = ReadBounds(dir + "/fjsp/bounds.csv");
  if (jssp_bounds.empty()) {
    std::printf("no benchmark data at %s: skipped\n", dir.c_str());
    return 0;
  }
  int failures = 0;
  std::printf("%-6s %4s %9s %9s %8s %9s  (%.0f s per instance, 2 threads)\n", "family", "n", "mean gap", "max gap",
              "reached", "below LB", seconds);
  for (const auto& family : families) {
    bool flexible = family == "mk";
    double sum = 0, worst = 0;
    int n = 0, reached = 0, below = 0;
    for (const auto& name : Instances(family)) {
      std::ifstream in(dir + (flexible ? "/fjsp/" : "/jobshop/") + name + ".txt");
      if (!in) continue;
      std::stringstream text;
      text << in.rdbuf();
      auto problem = ParseInstance(text.str(), flexible ? Format::kFjsp : Format::kJssp);
      if (!problem.ok()) {
        std::printf("%s: %s\n", name.c_str(), problem.status().message().c_str());
        ++failures;
        continue;
      }
      auto solved = Solve(*problem, {.time_limit_s = seconds, .seed = 1, .threads = 2});
      takt::Status valid = solved.ok() ? CheckSchedule(*problem, *solved) : solved.status();
      const Bound b = (flexible ? fjsp_bounds : jssp_bounds)[name];
      if (!valid.ok()) {
        std::printf("%s: INVALID %s\n", name.c_str(), valid.message().c_str());
        ++failures;
        continue;
      }
      double gap = 100.0 * (solved->makespan - b.upper) / b.upper;
      if (solved->makespan < b.lower) {
        std::printf("%s: %lld is below the lower bound %lld: a bug\n", name.c_str(),
                    static_cast<long long>(solved->makespan), static_cast<long long>(b.lower));
        ++below;
        ++failures;
      }
      std::printf("  %-18s %7lld  best known %7lld  gap %6.2f%%\n", name.c_str(),
                  static_cast<long long>(solved->makespan), static_cast<long long>(b.upper), gap);
      std::fflush(stdout);
      sum += gap, worst = std::max(worst, gap), ++n, reached += solved->makespan <= b.upper;
    }
    if (n) std::printf("%-6s %4d %8.2f%% %8.2f%% %8d %9d\n", family.c_str(), n, sum / n, worst, reached, below);
  }
  return failures ? 1 : 0;
}
