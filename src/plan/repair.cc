// Repair: keep what the disruption does not reach, free the rest for the engine.
#include <algorithm>

#include "plan/plan.h"
#include "plant/planning/planning.h"

namespace takt::plan {

Scope FreezeUnaffected(const plant::State& st, Model& m, int64_t horizon_s,
                       const std::vector<std::string>& free_units) {
  Scope scope;
  auto& jobs = m.problem.jobs;
  const int64_t origin = m.origin.micros;
  // Walking the old schedule in start order: where each machine is free, and per operation its
  // end if it stays (kKept), or that it moves (so does everything after it on its branch).
  constexpr int64_t kMoves = -1, kUndecided = -2;
  std::vector<int64_t> machine_free(m.units.size(), 0);
  std::vector<int> machine_class(m.units.size(), -1);  // setup class of the last operation kept, -1: idle
  std::vector<std::vector<int64_t>> end(jobs.size());
  struct Slot {
    int64_t start;
    size_t job, k;
    int machine;
  };
  std::vector<Slot> slots;
  for (size_t j = 0; j < jobs.size(); ++j) {
    end[j].assign(jobs[j].operations.size(), kUndecided);
    for (size_t k = 0; k < jobs[j].operations.size(); ++k) {
      auto& op = jobs[j].operations[k];
      if (op.fixed) {  // running: stays, and holds its unit until it ends
        int64_t d = op.alternatives[0].duration;
        end[j][k] = m.problem.Place(op.fixed->machine, 0, d, op.may_pause, true).end;
        machine_free[op.fixed->machine] = std::max(machine_free[op.fixed->machine], end[j][k]);
        machine_class[op.fixed->machine] = m.problem.SetupClass(static_cast<int>(j), static_cast<int>(k));
        ++scope.kept;
        continue;
      }
      const auto* plan = plant::planning::Planned(st, m.ops[j][k].order, m.ops[j][k].operation);
      auto unit = plan ? std::find(m.units.begin(), m.units.end(), plan->work_unit) : m.units.end();
      int machine = unit == m.units.end() ? -1 : static_cast<int>(unit - m.units.begin());
      bool eligible = machine >= 0 &&
                      std::find(free_units.begin(), free_units.end(), plan->work_unit) == free_units.end() &&
                      std::any_of(op.alternatives.begin(), op.alternatives.end(),
                                  [&](const auto& a) { return a.machine == machine; });
      if (!eligible) {  // new since the plan, its unit freed or unable to run it: free, in its old place
        slots.push_back({plan ? (plan->start.micros - origin) / 1'000'000 : INT64_MAX, j, k, -1});
        continue;
      }
      // Seconds from the origin; a slot in the past is late by definition.
      slots.push_back({(plan->start.micros - origin) / 1'000'000, j, k, machine});
    }
  }
  std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.start < b.start; });
  for (const Slot& s : slots) {
    auto& op = jobs[s.job].operations[s.k];
    const int cls = m.problem.SetupClass(static_cast<int>(s.job), static_cast<int>(s.k));
    bool keep = s.machine >= 0 && s.start < horizon_s && s.start >= std::max(op.release, jobs[s.job].release) &&
                s.start >= machine_free[s.machine] + m.problem.Setup(s.machine, machine_class[s.machine], cls);
    // A predecessor that moved, or is not placed yet, frees this one too: so every kept operation's
    // predecessors are kept, as the engine requires of fixed operations.
    for (int q : jobs[s.job].PredecessorsOf(static_cast<int>(s.k)))
      keep = keep && end[s.job][q] >= 0 && s.start >= end[s.job][q];
    int64_t d = 0;
    for (const auto& a : op.alternatives)
      if (a.machine == s.machine) d = a.duration;
    if (keep) keep = m.problem.Place(s.machine, s.start, d, op.may_pause).start == s.start;  // no downtime in the way
    if (!keep) {
      end[s.job][s.k] = kMoves;
      ++scope.moved;
      continue;
    }
    op.fixed = schedule::Fixed{s.machine, s.start};
    end[s.job][s.k] = m.problem.Place(s.machine, s.start, d, op.may_pause).end;
    machine_free[s.machine] = std::max(machine_free[s.machine], end[s.job][s.k]);
    machine_class[s.machine] = cls;
    ++scope.kept;
  }
  return scope;
}

}  // namespace takt::plan
