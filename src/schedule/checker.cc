#include "schedule/checker.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace takt::schedule {
namespace {

std::string OpName(size_t job, size_t op) {
  return "job " + std::to_string(job) + " operation " + std::to_string(op);
}

// The end of work of `d` starting at `start` on a machine with downtime `down`, by walking the
// downtime in order; and whether the work overlaps any downtime at all.
struct Worked {
  int64_t end;
  bool overlaps;
  bool starts_inside;
};
Worked Work(const std::vector<Interval>* down, int64_t start, int64_t d) {
  Worked w{start + d, false, false};
  if (!down) return w;
  int64_t at = start, left = d;
  for (const Interval& x : *down) {
    if (x.end <= start) continue;
    if (x.start <= start) w.starts_inside = true;
    if (x.start < start + d) w.overlaps = true;
    if (x.start >= at + left) break;
    left -= std::max<int64_t>(0, x.start - at);
    at = std::max(at, x.end);
  }
  w.end = at + left;
  return w;
}

}  // namespace

Status CheckSchedule(const Problem& p, const Schedule& s) {
  if (!p.SetupsWellFormed()) return Status::Invalid("malformed setup table");
  if (s.jobs.size() != p.jobs.size())
    return Status::Invalid("schedule has " + std::to_string(s.jobs.size()) + " jobs, problem " +
                           std::to_string(p.jobs.size()));
  struct Busy {
    int64_t start, end;
    size_t job, op;
  };
  std::vector<std::vector<Busy>> by_machine(p.machines);
  int64_t latest = 0;
  double tardiness = 0;
  for (size_t j = 0; j < p.jobs.size(); ++j) {
    const auto& ops = p.jobs[j].operations;
    if (s.jobs[j].size() != ops.size()) return Status::Invalid("job " + std::to_string(j) + ": wrong operation count");
    std::vector<int64_t> end(ops.size(), 0);
    int64_t completion = 0;
    for (size_t o = 0; o < ops.size(); ++o) {
      const Assignment& a = s.jobs[j][o];
      const std::string at = OpName(j, o);
      auto alt = std::find_if(ops[o].alternatives.begin(), ops[o].alternatives.end(),
                              [&](const Alternative& x) { return x.machine == a.machine; });
      if (alt == ops[o].alternatives.end())
        return Status::Invalid(at + ": machine " + std::to_string(a.machine) + " cannot run it");
      if (a.start < 0) return Status::Invalid(at + ": negative start");
      if (ops[o].fixed && (ops[o].fixed->machine != a.machine || ops[o].fixed->start != a.start))
        return Status::Invalid(at + ": is fixed at machine " + std::to_string(ops[o].fixed->machine) + " from " +
                               std::to_string(ops[o].fixed->start));
      if (a.start < p.jobs[j].release)
        return Status::Invalid(at + ": starts at " + std::to_string(a.start) + " before the job's release at " +
                               std::to_string(p.jobs[j].release));
      if (a.start < ops[o].release)
        return Status::Invalid(at + ": starts at " + std::to_string(a.start) + " before its release at " +
                               std::to_string(ops[o].release));
      for (int q : p.jobs[j].PredecessorsOf(static_cast<int>(o))) {
        if (q < 0 || q >= static_cast<int>(o)) return Status::Invalid(at + ": bad predecessor " + std::to_string(q));
        if (a.start < end[q])
          return Status::Invalid(at + ": starts at " + std::to_string(a.start) + " before its predecessor " +
                                 std::to_string(q) + " ends at " + std::to_string(end[q]));
      }
      const auto* down = p.downtime.empty() || p.downtime[a.machine].empty() ? nullptr : &p.downtime[a.machine];
      Worked w = Work(down, a.start, alt->duration);
      const bool running = ops[o].fixed.has_value();  // a fixed operation may already be inside downtime
      if (!running && !ops[o].may_pause && w.overlaps)
        return Status::Invalid(at + ": crosses downtime of machine " + std::to_string(a.machine));
      if (!running && ops[o].may_pause && w.starts_inside)
        return Status::Invalid(at + ": starts inside downtime of machine " + std::to_string(a.machine));
      end[o] = ops[o].may_pause ? w.end : a.start + alt->duration;
      completion = std::max(completion, end[o]);
      latest = std::max(latest, end[o]);
      by_machine[a.machine].push_back({a.start, end[o], j, o});
    }
    if (!ops.empty() && completion > p.jobs[j].due)
      tardiness += p.jobs[j].weight * static_cast<double>(completion - p.jobs[j].due);
  }
  for (int m = 0; m < p.machines; ++m) {
    auto& v = by_machine[m];
    std::sort(v.begin(), v.end(),
              [](const Busy& a, const Busy& b) { return std::tie(a.start, a.end) < std::tie(b.start, b.end); });
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0 && v[i].start < v[i - 1].end)
        return Status::Invalid("machine " + std::to_string(m) + ": " + OpName(v[i].job, v[i].op) + " overlaps " +
                               OpName(v[i - 1].job, v[i - 1].op));
      const int64_t free_at = i == 0 ? 0 : v[i - 1].end;
      auto cls = [&](const Busy& b) { return p.SetupClass(static_cast<int>(b.job), static_cast<int>(b.op)); };
      const int64_t setup = p.Setup(m, i == 0 ? -1 : cls(v[i - 1]), cls(v[i]));
      if (v[i].start < free_at + setup)
        return Status::Invalid("machine " + std::to_string(m) + ": " + OpName(v[i].job, v[i].op) + " starts at " +
                               std::to_string(v[i].start) + " without its setup of " + std::to_string(setup));
    }
  }
  if (s.makespan != latest)
    return Status::Invalid("stated makespan " + std::to_string(s.makespan) + " but the last operation ends at " +
                           std::to_string(latest));
  if (std::abs(s.weighted_tardiness - tardiness) > 1e-9 * std::max(1.0, tardiness))
    return Status::Invalid("stated weighted tardiness " + std::to_string(s.weighted_tardiness) + " but it is " +
                           std::to_string(tardiness));
  return Status::Ok();
}

}  // namespace takt::schedule
