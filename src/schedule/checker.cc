#include "schedule/checker.h"

#include <algorithm>
#include <tuple>

namespace takt::schedule {

Status CheckSchedule(const Problem& p, const Schedule& s) {
  if (s.jobs.size() != p.jobs.size())
    return Status::Invalid("schedule has " + std::to_string(s.jobs.size()) + " jobs, problem " +
                           std::to_string(p.jobs.size()));
  struct Busy {
    int64_t start, end;
    size_t job, op;
  };
  std::vector<std::vector<Busy>> by_machine(p.machines);
  int64_t latest = 0;
  for (size_t j = 0; j < p.jobs.size(); ++j) {
    const auto& ops = p.jobs[j].operations;
    if (s.jobs[j].size() != ops.size()) return Status::Invalid("job " + std::to_string(j) + ": wrong operation count");
    int64_t ready = 0;
    for (size_t o = 0; o < ops.size(); ++o) {
      const Assignment& a = s.jobs[j][o];
      std::string at = "job " + std::to_string(j) + " operation " + std::to_string(o);
      auto alt = std::find_if(ops[o].alternatives.begin(), ops[o].alternatives.end(),
                              [&](const Alternative& x) { return x.machine == a.machine; });
      if (alt == ops[o].alternatives.end())
        return Status::Invalid(at + ": machine " + std::to_string(a.machine) + " cannot run it");
      if (a.start < 0) return Status::Invalid(at + ": negative start");
      if (a.start < ready)
        return Status::Invalid(at + ": starts at " + std::to_string(a.start) + " before its predecessor ends at " +
                               std::to_string(ready));
      ready = a.start + alt->duration;
      latest = std::max(latest, ready);
      by_machine[a.machine].push_back({a.start, ready, j, o});
    }
  }
  for (int m = 0; m < p.machines; ++m) {
    auto& v = by_machine[m];
    std::sort(v.begin(), v.end(),
              [](const Busy& a, const Busy& b) { return std::tie(a.start, a.end) < std::tie(b.start, b.end); });
    for (size_t i = 1; i < v.size(); ++i)
      if (v[i].start < v[i - 1].end)
        return Status::Invalid("machine " + std::to_string(m) + ": job " + std::to_string(v[i].job) + " operation " +
                               std::to_string(v[i].op) + " overlaps job " + std::to_string(v[i - 1].job) +
                               " operation " + std::to_string(v[i - 1].op));
  }
  if (s.makespan != latest)
    return Status::Invalid("stated makespan " + std::to_string(s.makespan) + " but the last operation ends at " +
                           std::to_string(latest));
  return Status::Ok();
}

}  // namespace takt::schedule
