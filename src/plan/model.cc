#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "plan/plan.h"
#include "plant/planning/planning.h"
#include "plant/production/production.h"

namespace takt::plan {
namespace {

using plant::production::OpStatus;
using plant::production::OrderStatus;

constexpr int64_t kSecond = 1'000'000;

// A duration in whole seconds, rounded up; saturates at kLongestSeconds (NaN is no time): a wild
// run rate must not overflow.
int64_t Seconds(double s) {
  if (!(s > 0)) return 0;
  if (!(s < static_cast<double>(kLongestSeconds))) return kLongestSeconds;
  return static_cast<int64_t>(std::ceil(s));
}

// The changeover on a unit with matrix `mx` from family `from` ("*": unknown) to `to` (see
// model::SetupMatrix). An operation without a family needs no tooling.
double Changeover(const model::SetupMatrix& mx, const std::string& from, const std::string& to) {
  if (from.empty() || to.empty()) return 0;
  auto rank = [&](const model::SetupRule& r) {  // how specific a rule is for this pair; 0: it does not apply
    if (r.from == from && r.to == to) return 4;
    if (from == to) return 0;  // staying in a family needs a rule of its own
    if (r.from == from && r.to == "*") return 3;
    if (r.from == "*" && r.to == to) return 2;
    return r.from == "*" && r.to == "*" ? 1 : 0;
  };
  const model::SetupRule* best = nullptr;
  for (const auto& r : mx.rules)
    if (rank(r) > (best ? rank(*best) : 0)) best = &r;
  return best ? best->setup_time_s : 0;
}

// The setup matrix of a work unit: that of its first equipment class naming an active one.
const model::SetupMatrix* MatrixOf(const plant::State& st, const std::string& unit) {
  auto u = st.md.equipment.find(unit);
  if (u == st.md.equipment.end()) return nullptr;
  for (const auto& c : u->second.classes) {
    auto cls = st.md.equipment_classes.find(c);
    if (cls == st.md.equipment_classes.end() || cls->second.setup_matrix.empty()) continue;
    auto mx = st.md.setup_matrices.find(cls->second.setup_matrix);
    if (mx != st.md.setup_matrices.end() && !mx->second.meta.retired) return &mx->second;
  }
  return nullptr;
}

// Sequence-dependent setups from the units' setup matrices: one setup class per family (class
// 0: none), and each unit starting from the family of the last operation started on it.
void AddSetups(const plant::State& st, Model& m, const std::vector<std::vector<std::string>>& family) {
  std::vector<const model::SetupMatrix*> matrix(m.units.size());
  bool any = false;
  for (size_t u = 0; u < m.units.size(); ++u) any |= (matrix[u] = MatrixOf(st, m.units[u])) != nullptr;
  std::vector<std::string> names{""};
  std::map<std::string, int> index{{"", 0}};
  for (size_t j = 0; j < family.size(); ++j)
    for (size_t k = 0; k < family[j].size(); ++k) {
      auto [it, fresh] = index.try_emplace(family[j][k], static_cast<int>(names.size()));
      if (fresh) names.push_back(family[j][k]);
      m.problem.jobs[j].operations[k].setup_class = it->second;
    }
  if (!any || names.size() == 1) {
    for (auto& job : m.problem.jobs)
      for (auto& op : job.operations) op.setup_class = -1;
    return;
  }
  struct Tooling {
    Timestamp since;
    std::string family;
    bool running = false;  // the operation that set it up is still running or paused
  };
  std::map<std::string, Tooling> current;  // unit -> the family of the last operation started on it
  for (const auto& [id, wo] : st.prod.orders)
    for (const auto& op : wo.operations)
      if (op.started_at && !op.work_unit.empty() && !op.setup_family.empty()) {  // no family: tooling stays
        auto [it, fresh] = current.try_emplace(op.work_unit);
        if (fresh || it->second.since < *op.started_at)
          it->second = {*op.started_at, op.setup_family,
                        op.status == OpStatus::kRunning || op.status == OpStatus::kPaused};
      }
  const size_t n = names.size();
  m.problem.setups.assign(m.units.size(), std::vector<std::vector<int64_t>>(n + 1, std::vector<int64_t>(n, 0)));
  for (size_t u = 0; u < m.units.size(); ++u) {
    if (!matrix[u]) continue;
    auto c = current.find(m.units[u]);
    const std::string from_idle = c == current.end() ? "*" : c->second.family;
    for (size_t b = 0; b < n; ++b) {
      for (size_t a = 0; a < n; ++a) m.problem.setups[u][a][b] = Seconds(Changeover(*matrix[u], names[a], names[b]));
      m.problem.setups[u][n][b] = Seconds(Changeover(*matrix[u], from_idle, names[b]));
    }
    // The operation under way was set up when it started: a rule from its family to itself
    // (cleaning between batches) applies to the next one, not to it again.
    if (c != current.end() && c->second.running)
      if (auto f = index.find(c->second.family); f != index.end()) m.problem.setups[u][n][f->second] = 0;
  }
}

}  // namespace

int64_t PlannedSecondsLeft(const plant::State& st, const plant::production::WorkOrder& wo,
                           const plant::production::Operation& op, Timestamp now) {
  const double planned = op.setup_time_s + op.run_time_per_unit_s * wo.quantity.ToDouble();
  int64_t worked = op.machine_us;
  if (op.status == OpStatus::kRunning && op.running_since) {
    // Only the last year is walked through the calendar (the walk costs per day); before, it ran.
    const Timestamp from{std::max<int64_t>(op.running_since->micros, now.micros - 366 * 86'400'000'000LL)};
    worked += from.micros - op.running_since->micros + plant::planning::WorkingMicros(st, op.work_unit, from, now);
  }
  return Seconds(planned - static_cast<double>(worked) / kSecond);
}

int64_t RemainingSeconds(const plant::State& st, const plant::production::WorkOrder& wo,
                         const plant::production::Operation& op, Timestamp now) {
  const double left = std::max(0.0, (wo.quantity - op.good - op.scrap).ToDouble());
  return std::max(Seconds(op.run_time_per_unit_s * left), PlannedSecondsLeft(st, wo, op, now));
}

Model BuildModel(const plant::State& st, Timestamp now) {
  Model m;
  // Whole seconds, so slots of an earlier plan (whole seconds from its own origin) map exactly.
  m.origin = PlanningOrigin(now);
  m.revision = st.planning.revision;
  now = m.origin;
  std::map<std::string, int> machine;
  auto machine_of = [&](const std::string& unit) {
    auto [it, fresh] = machine.try_emplace(unit, static_cast<int>(m.units.size()));
    if (fresh) m.units.push_back(unit);
    return it->second;
  };
  std::vector<std::vector<std::string>> family;  // [job][k] -> setup family
  for (const auto& [id, wo] : st.prod.orders) {
    // Orders on hold keep their paused operation's unit: it is modelled, fixed, and nothing else.
    const bool held = wo.status == OrderStatus::kOnHold;
    if (wo.status != OrderStatus::kReleased && wo.status != OrderStatus::kInProgress && !held) continue;
    schedule::Job job;
    std::vector<OpRef> refs;
    std::vector<std::string> families;
    job.due = (wo.due.micros - now.micros) / kSecond;
    job.weight = 1000.0 / static_cast<double>(wo.priority);
    std::string why;
    // Model index of each order operation; -1: completed (nothing to wait for), -2: left out,
    // and so is everything after it on its branch.
    std::vector<int> index(wo.operations.size(), -1);
    for (size_t i = 0; i < wo.operations.size(); ++i) {
      const auto& op = wo.operations[i];
      if (op.status == OpStatus::kCompleted) continue;
      const bool started = op.status == OpStatus::kRunning || op.status == OpStatus::kPaused;
      std::vector<int> preds;
      bool blocked = false;
      for (size_t k : plant::production::Predecessors(wo, i)) {
        if (index[k] == -2) blocked = true;
        if (index[k] >= 0) preds.push_back(index[k]);
      }
      // Held orders keep only what runs; an unplannable step holds back what follows it.
      if (!started && (held || blocked)) {
        index[i] = -2;
        continue;
      }
      schedule::Operation s;
      s.may_pause = op.may_pause;
      s.predecessors = std::move(preds);
      const double left = std::max(0.0, (wo.quantity - op.good - op.scrap).ToDouble());
      if (started) {
        s.may_pause = true;  // a running operation stops over a breakdown and resumes after it
        const int64_t rest = RemainingSeconds(st, wo, op, now);
        const int unit = machine_of(op.work_unit);
        s.alternatives = {{unit, rest}};
        s.fixed = schedule::Fixed{unit, 0};
      } else {
        // What has not started waits for the order's earliest start (late material, say).
        if (wo.earliest_start)
          s.release = std::max<int64_t>(0, (wo.earliest_start->micros - now.micros + kSecond - 1) / kSecond);
        const int64_t d = Seconds(op.setup_time_s + op.run_time_per_unit_s * left);
        for (const auto& [uid, unit] : st.md.equipment)
          if (!unit.meta.retired && unit.level == model::EquipmentLevel::kWorkUnit &&
              plant::production::CanRun(unit, op) && plant::SiteOf(st.md, uid) == wo.site)
            s.alternatives.push_back({machine_of(uid), d});
        if (s.alternatives.empty()) {
          if (why.empty()) why = "no active work unit can run operation '" + op.id + "'";
          index[i] = -2;
          continue;
        }
      }
      index[i] = static_cast<int>(job.operations.size());
      job.operations.push_back(std::move(s));
      refs.push_back({wo.id, op.id});
      families.push_back(op.setup_family);
    }
    if (!why.empty()) m.unschedulable.push_back(wo.id + ": " + why);
    if (job.operations.empty()) continue;
    m.problem.jobs.push_back(std::move(job));
    m.ops.push_back(std::move(refs));
    family.push_back(std::move(families));
  }
  m.problem.machines = static_cast<int>(m.units.size());
  AddSetups(st, m, family);
  bool any = false;
  std::vector<std::vector<schedule::Interval>> down(m.units.size());
  for (size_t u = 0; u < m.units.size(); ++u) {
    down[u] = UnitDowntime(st, m.units[u], now);
    any |= !down[u].empty();
  }
  if (any) m.problem.downtime = std::move(down);
  return m;
}

std::vector<schedule::Interval> UnitDowntime(const plant::State& st, const std::string& unit, Timestamp origin) {
  std::vector<schedule::Interval> down;
  for (const auto& [from, to] : plant::planning::DowntimeAfter(st, unit, origin)) {
    schedule::Interval x{(from.micros - origin.micros) / kSecond, (to.micros - origin.micros + kSecond - 1) / kSecond};
    if (!down.empty() && x.start <= down.back().end)  // rounding to seconds may join windows
      down.back().end = std::max(down.back().end, x.end);
    else
      down.push_back(x);
  }
  return down;
}

plant::planning::ActivateSchedule Activation(const Model& m, const schedule::Schedule& s,
                                             plant::planning::ScheduleKind kind, Scope scope) {
  auto at = [&](int64_t sec) { return Timestamp{m.origin.micros + sec * kSecond}; };
  auto placed = [&](size_t j, size_t k) {
    const auto& a = s.jobs[j][k];
    const auto& op = m.problem.jobs[j].operations[k];
    int64_t d = 0;
    for (const auto& alt : op.alternatives)
      if (alt.machine == a.machine) d = alt.duration;
    return m.problem.Place(a.machine, a.start, d, op.may_pause, op.fixed.has_value());
  };
  // The changeover before each operation: from the one before it on its unit, or the unit's
  // state. Units run in (start, end) order as the checker sees them, so a zero-length operation
  // comes before one that starts with it; among equals, fixed (running) ones first.
  std::vector<std::vector<int64_t>> changeover(s.jobs.size());
  if (!m.problem.setups.empty()) {
    std::vector<std::vector<std::tuple<int64_t, int64_t, bool, int, int>>> on(m.units.size());
    for (size_t j = 0; j < s.jobs.size(); ++j) {
      changeover[j].assign(s.jobs[j].size(), 0);
      for (size_t k = 0; k < s.jobs[j].size(); ++k) {
        const auto p = placed(j, k);
        on[s.jobs[j][k].machine].emplace_back(p.start, p.end, !m.problem.jobs[j].operations[k].fixed,
                                              static_cast<int>(j), static_cast<int>(k));
      }
    }
    for (size_t u = 0; u < on.size(); ++u) {
      std::sort(on[u].begin(), on[u].end());
      int prev = -1;
      for (const auto& [start, end, free, j, k] : on[u]) {
        const int cls = m.problem.SetupClass(j, k);
        changeover[j][k] = m.problem.Setup(static_cast<int>(u), prev, cls);
        prev = cls;
      }
    }
  }
  plant::planning::ActivateSchedule out{kind,        m.revision, at(s.makespan), s.weighted_tardiness,
                                        scope.moved, scope.kept};
  for (size_t j = 0; j < s.jobs.size(); ++j)
    for (size_t k = 0; k < s.jobs[j].size(); ++k) {
      const auto p = placed(j, k);
      out.assignments.push_back({m.ops[j][k].order, m.ops[j][k].operation, m.units[s.jobs[j][k].machine], at(p.start),
                                 at(p.end), changeover[j].empty() ? 0 : changeover[j][k]});
    }
  return out;
}

}  // namespace takt::plan
