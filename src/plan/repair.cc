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
  auto machine_of = [&](const std::string& unit) {
    auto it = std::find(m.units.begin(), m.units.end(), unit);
    return it == m.units.end() ? -1 : static_cast<int>(it - m.units.begin());
  };
  auto duration = [&](const schedule::Operation& op, int machine) {
    for (const auto& a : op.alternatives)
      if (a.machine == machine) return a.duration;
    return int64_t{-1};  // the machine cannot run it
  };
  // Operations a supervisor fixed (plant::planning::FixOperation), where the model can keep them:
  // an eligible unit, a start neither in the past nor before the release, no downtime in the way.
  // They keep their slot whatever the horizon or the freed units, and so do the operations they
  // wait for (`needed`); operations planned over them move.
  struct Pin {
    int64_t start;
    int cls;
  };
  std::vector<std::vector<Pin>> pins_on(m.units.size());  // per machine
  std::vector<std::vector<int64_t>> pinned(jobs.size());  // start, or -1
  std::vector<std::vector<char>> needed(jobs.size());
  for (size_t j = 0; j < jobs.size(); ++j) {
    pinned[j].assign(jobs[j].operations.size(), -1);
    needed[j].assign(jobs[j].operations.size(), 0);
    for (size_t k = 0; k < jobs[j].operations.size(); ++k) {
      const auto& op = jobs[j].operations[k];
      auto f = st.planning.fixed.find({m.ops[j][k].order, m.ops[j][k].operation});
      if (op.fixed || f == st.planning.fixed.end()) continue;
      const int machine = machine_of(f->second.work_unit);
      const int64_t start = (f->second.start.micros - origin) / 1'000'000;
      const int64_t d = machine < 0 ? -1 : duration(op, machine);
      if (d < 0 || start < std::max(op.release, jobs[j].release) ||
          m.problem.Place(machine, start, d, op.may_pause).start != start)
        continue;
      pinned[j][k] = start;
      pins_on[machine].push_back({start, m.problem.SetupClass(static_cast<int>(j), static_cast<int>(k))});
    }
    for (size_t k = jobs[j].operations.size(); k-- > 0;)
      if (pinned[j][k] >= 0 || needed[j][k])
        for (int q : jobs[j].PredecessorsOf(static_cast<int>(k))) needed[j][q] = 1;
  }
  for (auto& on : pins_on)
    std::sort(on.begin(), on.end(), [](const Pin& a, const Pin& b) { return a.start < b.start; });
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
    bool pinned;
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
      if (pinned[j][k] >= 0) {
        auto f = st.planning.fixed.find({m.ops[j][k].order, m.ops[j][k].operation});
        slots.push_back({pinned[j][k], j, k, machine_of(f->second.work_unit), true});
        continue;
      }
      const auto* plan = plant::planning::Planned(st, m.ops[j][k].order, m.ops[j][k].operation);
      int machine = plan ? machine_of(plan->work_unit) : -1;
      bool eligible =
          machine >= 0 && duration(op, machine) >= 0 &&
          (needed[j][k] || std::find(free_units.begin(), free_units.end(), plan->work_unit) == free_units.end());
      if (!eligible) {  // new since the plan, its unit freed or unable to run it: free, in its old place
        slots.push_back({plan ? (plan->start.micros - origin) / 1'000'000 : INT64_MAX, j, k, -1, false});
        continue;
      }
      // Seconds from the origin; a slot in the past is late by definition.
      slots.push_back({(plan->start.micros - origin) / 1'000'000, j, k, machine, false});
    }
  }
  // Fixed operations first among equal starts, so nothing that starts with one is kept over it.
  std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
    return a.start != b.start ? a.start < b.start : a.pinned > b.pinned;
  });
  for (const Slot& s : slots) {
    auto& op = jobs[s.job].operations[s.k];
    const int cls = m.problem.SetupClass(static_cast<int>(s.job), static_cast<int>(s.k));
    const auto preds = jobs[s.job].PredecessorsOf(static_cast<int>(s.k));
    const bool within = s.pinned || needed[s.job][s.k] || s.start < horizon_s;
    const int64_t d = s.machine >= 0 ? std::max<int64_t>(0, duration(op, s.machine)) : 0;
    int64_t start = s.start;
    // What a fixed operation waits for keeps its unit; late or delayed, as soon as it can go.
    if (needed[s.job][s.k] && !s.pinned && s.machine >= 0) {
      start = std::max({start, op.release, jobs[s.job].release,
                        machine_free[s.machine] + m.problem.Setup(s.machine, machine_class[s.machine], cls)});
      for (int q : preds) start = std::max(start, end[s.job][q]);
      start = m.problem.Place(s.machine, start, d, op.may_pause).start;
    }
    bool keep = s.machine >= 0 && within && start >= std::max(op.release, jobs[s.job].release) &&
                start >= machine_free[s.machine] + m.problem.Setup(s.machine, machine_class[s.machine], cls);
    // A predecessor that moved, or is not placed yet, frees this one too: so every kept operation's
    // predecessors are kept, as the engine requires of fixed operations.
    for (int q : preds) keep = keep && end[s.job][q] >= 0 && start >= end[s.job][q];
    int64_t ends = 0;
    if (keep) {
      const auto placed = m.problem.Place(s.machine, start, d, op.may_pause);
      keep = placed.start == start;  // no downtime in the way
      ends = placed.end;
    }
    // It must also end, with the changeover after it, before the next fixed operation of its unit.
    if (keep && !s.pinned) {
      const auto& on = pins_on[s.machine];
      auto next = std::lower_bound(on.begin(), on.end(), start, [](const Pin& p, int64_t t) { return p.start < t; });
      keep = next == on.end() || ends + m.problem.Setup(s.machine, cls, next->cls) <= next->start;
    }
    if (!keep) {
      end[s.job][s.k] = kMoves;
      ++scope.moved;
      continue;
    }
    op.fixed = schedule::Fixed{s.machine, start};
    end[s.job][s.k] = ends;
    machine_free[s.machine] = std::max(machine_free[s.machine], ends);
    machine_class[s.machine] = cls;
    ++scope.kept;
  }
  return scope;
}

}  // namespace takt::plan
