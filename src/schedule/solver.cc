#include "schedule/solver.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <span>
#include <thread>
#include <tuple>

namespace takt::schedule {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kNone = -1;

// Flattened, read-only view of a problem: operation o belongs to job job[o]. Precedence within
// a job is a DAG: preds(o) and succs(o) list operation indices.
struct Flat {
  int n = 0, machines = 0;
  std::vector<int> job;
  std::vector<int> setup_class;                               // per operation (Problem::SetupClass)
  std::vector<int> pred_off, pred_list, succ_off, succ_list;  // CSR
  // Plain routings (no operation with two predecessors or successors) take the fast paths:
  // jpred/jsucc hold the single neighbour or kNone.
  bool dag = false;
  std::vector<int> jpred, jsucc;
  std::vector<char> may_pause;
  bool calendars = false;
  std::vector<std::vector<Alternative>> alts;
  std::vector<std::vector<int>> ops_of_job;
  std::vector<int64_t> release;             // per operation: its job's release
  std::vector<int64_t> due;                 // per job
  std::vector<double> weight;               // per job
  std::vector<std::optional<Fixed>> fixed;  // per operation
  const Problem* problem = nullptr;

  // Setup on machine m between op `from` (kNone: idle) and op `to`.
  int64_t Setup(int m, int from, int to) const {
    return problem->setups.empty() ? 0 : problem->Setup(m, from == kNone ? -1 : setup_class[from], setup_class[to]);
  }

  std::span<const int> preds(int o) const {
    return {pred_list.data() + pred_off[o], pred_list.data() + pred_off[o + 1]};
  }
  std::span<const int> succs(int o) const {
    return {succ_list.data() + succ_off[o], succ_list.data() + succ_off[o + 1]};
  }

  // Start and end of op o on machine m when ready at t (machine downtime applied).
  Problem::Placement Place(int o, int m, int64_t t, int64_t d) const {
    if (!calendars) return {t, t + d};
    return problem->Place(m, t, d, may_pause[o], fixed[o].has_value());
  }

  explicit Flat(const Problem& p) : machines(p.machines), problem(&p) {
    for (const auto& d : p.downtime) calendars |= !d.empty();
    std::vector<std::vector<int>> succ_of;
    pred_off.push_back(0);
    for (size_t j = 0; j < p.jobs.size(); ++j) {
      due.push_back(p.jobs[j].due);
      weight.push_back(p.jobs[j].weight);
      ops_of_job.emplace_back();
      const int first = n;
      for (size_t k = 0; k < p.jobs[j].operations.size(); ++k) {
        const Operation& op = p.jobs[j].operations[k];
        int o = n++;
        job.push_back(static_cast<int>(j));
        setup_class.push_back(p.SetupClass(static_cast<int>(j), static_cast<int>(k)));
        succ_of.emplace_back();
        for (int q : p.jobs[j].PredecessorsOf(static_cast<int>(k))) pred_list.push_back(first + q);
        for (int i = pred_off.back(); i < static_cast<int>(pred_list.size()); ++i) succ_of[pred_list[i]].push_back(o);
        pred_off.push_back(static_cast<int>(pred_list.size()));
        alts.push_back(op.alternatives);
        release.push_back(std::max(p.jobs[j].release, op.release));
        fixed.push_back(op.fixed);
        may_pause.push_back(op.may_pause);
        ops_of_job.back().push_back(o);
      }
    }
    succ_off.push_back(0);
    for (const auto& s : succ_of) {
      succ_list.insert(succ_list.end(), s.begin(), s.end());
      succ_off.push_back(static_cast<int>(succ_list.size()));
    }
    for (int o = 0; o < n; ++o) {
      dag |= preds(o).size() > 1 || succs(o).size() > 1;
      // Two operations that end a job (separate chains) need the last-ending search too.
      if (succs(o).empty() && o != ops_of_job[job[o]].back()) dag = true;
      jpred.push_back(preds(o).empty() ? kNone : preds(o)[0]);
      jsucc.push_back(succs(o).empty() ? kNone : succs(o)[0]);
    }
  }
};

// Moves the element at `from` to `to`, shifting those between by one. Shift(v, to, from) undoes it.
void Shift(std::vector<int>& v, int from, int to) {
  if (from < to)
    std::rotate(v.begin() + from, v.begin() + from + 1, v.begin() + to + 1);
  else
    std::rotate(v.begin() + to, v.begin() + from, v.begin() + from + 1);
}

// A solution as machine assignments and machine sequences, with heads (r) and tails (q).
struct State {
  std::vector<int> mach;
  std::vector<int64_t> dur;
  std::vector<std::vector<int>> seq;
  std::vector<int> pos;
  std::vector<int64_t> r, e, q;  // start, end (downtime included), tail (durations only)
  std::vector<int> last;         // per job: the operation that ends last
  int64_t cmax = 0;
  double tardiness = 0;                                   // total weighted
  double cost = std::numeric_limits<double>::infinity();  // the objective; infinite until evaluated
};

class Search {
 public:
  Search(const Flat& f, uint64_t seed, Objective objective)
      : f_(f), rng_(seed), obj_(objective), exact_(objective.tardiness_weight > 0 || f.calendars) {}

  // Greedy list scheduling: repeatedly schedule the operation (and machine) that can finish
  // earliest among those whose predecessors are placed, breaking ties by the most work
  // remaining in its job. An operation may also go into a gap before a fixed operation where it
  // fits with its setups, so fixed operations late in the horizon do not leave their machines
  // idle until then.
  void Construct(State& s) {
    const int n = f_.n;
    s.mach.assign(n, 0);
    s.dur.assign(n, 0);
    s.seq.assign(f_.machines, {});
    std::vector<int> waiting(n), avail;
    std::vector<int64_t> ready(f_.release), mach_ready(f_.machines, 0), work(f_.ops_of_job.size(), 0);
    std::vector<int> last_on(f_.machines, kNone);
    std::vector<char> placed(n, 0);
    std::vector<int64_t> begins(n, 0), ends(n, 0);
    bool listing = false;  // fixed operations are placed before the list of available ones exists
    for (int o = 0; o < n; ++o) {
      waiting[o] = static_cast<int>(f_.preds(o).size());
      work[f_.job[o]] += MinDuration(o);
    }
    // `at`: the position in the machine's sequence (before a fixed operation), or -1 at its end.
    auto place = [&](int o, int m, int64_t d, Problem::Placement p, int at = -1) {
      s.mach[o] = m;
      s.dur[o] = d;
      begins[o] = p.start;
      const int64_t end = ends[o] = p.end;
      if (at < 0) {
        s.seq[m].push_back(o);
        mach_ready[m] = std::max(mach_ready[m], end);
        last_on[m] = o;
      } else {
        s.seq[m].insert(s.seq[m].begin() + at, o);
      }
      work[f_.job[o]] -= MinDuration(o);
      placed[o] = 1;
      for (int x : f_.succs(o)) {
        ready[x] = std::max(ready[x], end);
        if (--waiting[x] == 0 && !f_.fixed[x] && listing) avail.push_back(x);
      }
    };
    // Running and frozen operations come first on their machines, in start order.
    std::vector<int> fixed_ops;
    for (int o = 0; o < n; ++o)
      if (f_.fixed[o]) fixed_ops.push_back(o);
    // Ties (zero-length operations) keep operation order, which puts predecessors first.
    std::sort(fixed_ops.begin(), fixed_ops.end(),
              [&](int a, int b) { return std::tie(f_.fixed[a]->start, a) < std::tie(f_.fixed[b]->start, b); });
    for (int o : fixed_ops) {
      const int m = f_.fixed[o]->machine;
      int64_t d = 0;
      for (const auto& a : f_.alts[o])
        if (a.machine == m) d = a.duration;
      place(o, m, d, f_.Place(o, m, f_.fixed[o]->start, d));
    }
    // The earliest a free operation o of `d` on machine m ends in a gap before one of its fixed
    // operations, with the setups on both sides: that end and the position, or an end of max.
    auto gap = [&](int o, int m, int64_t d) -> std::pair<Problem::Placement, int> {
      const auto& sq = s.seq[m];
      for (size_t i = 0; i < sq.size(); ++i) {
        const int next = sq[i];
        if (!f_.fixed[next] || begins[next] <= ready[o]) continue;
        const int prev = i ? sq[i - 1] : kNone;
        const int64_t t = std::max(ready[o], (prev == kNone ? 0 : ends[prev]) + f_.Setup(m, prev, o));
        const auto p = f_.Place(o, m, t, d);
        if (p.end + f_.Setup(m, o, next) <= begins[next]) return {p, static_cast<int>(i)};
      }
      return {{0, std::numeric_limits<int64_t>::max()}, -1};
    };
    for (int o = 0; o < n; ++o)
      if (!placed[o] && waiting[o] == 0 && !f_.fixed[o]) avail.push_back(o);
    listing = true;
    while (!avail.empty()) {
      size_t best_i = 0;
      int best_m = 0, best_at = -1;
      int64_t best_end = std::numeric_limits<int64_t>::max(), best_work = -1, best_d = 0;
      Problem::Placement best_p;
      for (size_t i = 0; i < avail.size(); ++i) {
        const int o = avail[i];
        const int64_t w = work[f_.job[o]];
        for (const auto& a : f_.alts[o]) {
          int64_t t = std::max(ready[o], mach_ready[a.machine] + f_.Setup(a.machine, last_on[a.machine], o));
          auto p = f_.Place(o, a.machine, t, a.duration);
          int at = -1;
          if (auto [g, pos] = gap(o, a.machine, a.duration); g.end < p.end) p = g, at = pos;
          // Ties: most work left, then the lowest operation (so the order of `avail` never matters).
          if (p.end < best_end || (p.end == best_end && (w > best_work || (w == best_work && o < avail[best_i])))) {
            best_end = p.end, best_i = i, best_m = a.machine, best_work = w, best_d = a.duration, best_p = p;
            best_at = at;
          }
        }
      }
      const int o = avail[best_i];
      avail[best_i] = avail.back();
      avail.pop_back();
      place(o, best_m, best_d, best_p, best_at);
    }
    // Infeasible only when the fixed operations themselves conflict: Solve reports it.
    if (!Evaluate(s)) s.cost = std::numeric_limits<double>::infinity();
  }

  // Heads (starts), ends, tails and the objective; false if the sequences contain a cycle or
  // would delay a fixed operation. Starts
  // and ends respect machine downtime; tails count durations only (they guide, Evaluate decides).
  bool Evaluate(State& s) {
    const int n = f_.n;
    s.pos.assign(n, 0);
    s.r.resize(n);
    s.e.resize(n);
    for (auto& sq : s.seq)
      for (size_t i = 0; i < sq.size(); ++i) s.pos[sq[i]] = static_cast<int>(i);
    bool fixed_ok = true;
    indeg_.assign(n, 0);
    for (int o = 0; o < n; ++o) indeg_[o] = (f_.pred_off[o + 1] - f_.pred_off[o]) + (s.pos[o] > 0);
    // order_ is the topological order, filled as a queue (no reallocation in the hot loop).
    order_.resize(n);
    int* queue = order_.data();
    int tail = 0;
    for (int o = 0; o < n; ++o)
      if (indeg_[o] == 0) queue[tail++] = o;
    for (int o = 0; o < n; ++o) {
      s.r[o] = std::max(f_.release[o], s.pos[o] == 0 ? f_.Setup(s.mach[o], kNone, o) : 0);
      if (f_.fixed[o]) s.r[o] = std::max(s.r[o], f_.fixed[o]->start);
    }
    for (int i = 0; i < tail; ++i) {
      int o = queue[i];
      // Fixed operations never move: an order that would delay one is as infeasible as a cycle.
      if (f_.fixed[o] && s.r[o] > f_.fixed[o]->start) fixed_ok = false;
      const auto placed = f_.Place(o, s.mach[o], s.r[o], s.dur[o]);  // every predecessor is final now
      s.r[o] = placed.start;
      const int64_t end = s.e[o] = placed.end;
      if (!f_.dag) {
        if (int js = f_.jsucc[o]; js != kNone) {
          s.r[js] = std::max(s.r[js], end);
          if (--indeg_[js] == 0) queue[tail++] = js;
        }
      } else {
        for (int js : f_.succs(o)) {
          s.r[js] = std::max(s.r[js], end);
          if (--indeg_[js] == 0) queue[tail++] = js;
        }
      }
      const auto& sq = s.seq[s.mach[o]];
      if (s.pos[o] + 1 < static_cast<int>(sq.size())) {
        int ms = sq[s.pos[o] + 1];
        s.r[ms] = std::max(s.r[ms], end + f_.Setup(s.mach[o], o, ms));
        if (--indeg_[ms] == 0) queue[tail++] = ms;
      }
    }
    if (tail != n) return false;
    s.q.resize(n);
    s.cmax = 0;
    for (int i = n - 1; i >= 0; --i) {
      int o = order_[i];
      int64_t t = 0;
      if (!f_.dag) {
        if (int js = f_.jsucc[o]; js != kNone) t = s.q[js] + s.dur[js];
      } else {
        for (int js : f_.succs(o)) t = std::max(t, s.q[js] + s.dur[js]);
      }
      const auto& sq = s.seq[s.mach[o]];
      if (s.pos[o] + 1 < static_cast<int>(sq.size())) {
        int ms = sq[s.pos[o] + 1];
        t = std::max(t, s.q[ms] + s.dur[ms] + f_.Setup(s.mach[o], o, ms));
      }
      s.q[o] = t;
      s.cmax = std::max(s.cmax, s.e[o]);
    }
    s.tardiness = 0;
    s.last.resize(f_.ops_of_job.size());
    for (size_t j = 0; j < f_.ops_of_job.size(); ++j) {
      int last = f_.ops_of_job[j].back();
      if (f_.dag)
        for (int o : f_.ops_of_job[j])
          if (s.e[o] > s.e[last]) last = o;
      s.last[j] = last;
      int64_t late = s.e[last] - f_.due[j];
      if (late > 0) s.tardiness += f_.weight[j] * static_cast<double>(late);
    }
    s.cost = obj_.makespan_weight * static_cast<double>(s.cmax) + obj_.tardiness_weight * s.tardiness;
    return fixed_ok;
  }

  // Runs tabu search from `s` until `stop()` says so; `best` receives the best state seen.
  template <typename Stop>
  uint64_t Improve(State s, State& best, double bound, uint64_t max_iterations, Stop&& stop) {
    best = s;
    const int n = f_.n;
    tabu_swap_.assign(static_cast<size_t>(n) * n > (1u << 26) ? 0 : static_cast<size_t>(n) * n, 0);
    tabu_mach_.assign(static_cast<size_t>(n) * f_.machines, 0);
    const int base_tenure = 8 + n / std::max(1, f_.machines) / 2;
    uint64_t it = 0, last_improvement = 0;
    const uint64_t stall_limit = 2000 + 20ull * n;
    // The clock is read about once a millisecond however long an iteration takes (on thousands
    // of operations with exact evaluation, one takes a large part of a second), and within the
    // exact neighbourhoods too, so the search stops within milliseconds of its limit.
    stop_ = stop;
    interrupted_ = false;
    uint64_t stride = 1, countdown = 1;
    auto checked = Clock::now();
    while (best.cost > bound && (max_iterations == 0 || it < max_iterations)) {
      if (--countdown == 0) {
        if (stop()) break;
        const auto t = Clock::now();
        stride = t - checked < std::chrono::milliseconds(1) ? std::min<uint64_t>(stride * 2, 256)
                                                            : std::max<uint64_t>(stride / 2, 1);
        countdown = stride;
        checked = t;
      }
      ++it;
      CriticalBlocks(s, MakespanEnd(s));
      Move chosen;
      bool found = false;
      double chosen_value = std::numeric_limits<double>::infinity();
      int ties = 0;
      auto consider = [&](const Move& m, double value, bool is_tabu) {
        if (is_tabu && value >= best.cost) return;  // aspiration: tabu only if not a new best
        if (value < chosen_value) {
          chosen_value = value, chosen = m, found = true, ties = 1;
        } else if (value == chosen_value && std::uniform_int_distribution<int>(0, ties++)(rng_) == 0) {
          chosen = m;
        }
      };
      if (exact_) {
        ExactNeighbourhood(s, it, consider);
      } else {
        // Shifts within critical blocks (N7 family): the first op after the second, the last op
        // before the one ahead of it (N5), and any op to the front or the back of its block. Front
        // moves skip the first block and back moves the last one, where they cannot shorten the path.
        for (size_t b = 0; b < blocks_.size(); ++b) {
          const auto& blk = blocks_[b];
          const int L = static_cast<int>(blk.size());
          if (L < 2) continue;
          const int m = s.mach[blk[0]], p0 = s.pos[blk[0]];
          const bool front = b > 0 || blocks_.size() == 1, back = b + 1 < blocks_.size() || blocks_.size() == 1;
          auto shift = [&](int from, int to) {
            consider({Move::kShift, m, p0 + from, p0 + to}, ShiftEstimate(s, m, p0 + from, p0 + to),
                     ShiftTabu(s, m, p0 + from, p0 + to, it));
          };
          if (front) shift(0, 1);
          if (back && (L > 2 || !front)) shift(L - 1, L - 2);
          for (int i = 1; i < L; ++i)
            if (front && i > 1) shift(i, 0);
          for (int i = 0; i + 1 < L; ++i)
            if (back && i < L - 2) shift(i, L - 1);
        }
        ReassignNeighbourhood(s, it, consider);
      }
      if (interrupted_) break;  // out of time within the neighbourhood
      if (!found) {             // everything tabu: take a random adjacent swap
        if (!RandomSwap(s, chosen)) break;
      }
      if (!Apply(s, chosen, it, base_tenure)) continue;  // the shift would close a cycle
      if (s.cost < best.cost) {
        best = s;
        last_improvement = it;
      } else if (it - last_improvement > stall_limit) {
        // Restart from the best with a random walk of critical swaps.
        s = best;
        for (int k = 0; k < 3 + n / 50; ++k) {
          CriticalBlocks(s, MakespanEnd(s));
          Move m;
          if (!RandomSwap(s, m)) break;
          Apply(s, m, it, 0);
        }
        std::fill(tabu_swap_.begin(), tabu_swap_.end(), 0);
        last_improvement = it;
      }
    }
    return it;
  }

 private:
  struct Move {
    enum Kind { kShift, kReassign } kind = kShift;
    int a = 0, b = 0, c = 0;  // shift: on machine a, the op at position b to position c; reassign: op a to machine b
  };

  // Whether the search must stop, asked every 16th exact evaluation (each costs O(operations)).
  bool Interrupted() {
    if (!interrupted_ && (++evaluations_ & 15) == 0 && stop_()) interrupted_ = true;
    return interrupted_;
  }

  int64_t MinDuration(int o) const {
    int64_t d = std::numeric_limits<int64_t>::max();
    for (const auto& a : f_.alts[o]) d = std::min(d, a.duration);
    return d;
  }

  int MakespanEnd(const State& s) const {
    for (int o = 0; o < f_.n; ++o)
      if (s.e[o] == s.cmax && s.q[o] == 0) return o;
    for (int o = 0; o < f_.n; ++o)
      if (s.e[o] == s.cmax) return o;
    return kNone;
  }

  // Flexible: move a critical operation to another eligible machine, at the position its
  // current head suggests, evaluated exactly.
  template <typename Consider>
  void ReassignNeighbourhood(const State& s, uint64_t it, Consider& consider) {
    for (int o : path_) {
      if (f_.alts[o].size() < 2 || f_.fixed[o]) continue;
      for (const auto& a : f_.alts[o]) {
        if (a.machine == s.mach[o]) continue;
        if (Interrupted()) return;
        trial_ = s;
        if (!Reassign(trial_, o, a)) continue;
        consider({Move::kReassign, o, a.machine}, trial_.cost,
                 tabu_mach_[static_cast<size_t>(o) * f_.machines + a.machine] > it);
      }
    }
  }

  // For tardiness objectives: every shift within the blocks of the critical paths to the
  // makespan (when it counts) and to the three costliest tardy jobs, evaluated exactly.
  template <typename Consider>
  void ExactNeighbourhood(State& s, uint64_t it, Consider& consider) {
    ends_.clear();
    if (obj_.makespan_weight > 0) ends_.push_back({std::numeric_limits<double>::infinity(), MakespanEnd(s)});
    for (size_t j = 0; j < f_.ops_of_job.size(); ++j) {
      int last = s.last[j];
      int64_t late = s.e[last] - f_.due[j];
      if (late > 0) ends_.push_back({f_.weight[j] * static_cast<double>(late), last});
    }
    std::sort(ends_.begin(), ends_.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (ends_.size() > 4) ends_.resize(4);
    for (const auto& [cost, end] : ends_) {
      CriticalBlocks(s, end);
      for (const auto& blk : blocks_) {
        const int L = static_cast<int>(blk.size());
        const int m = s.mach[blk[0]], p0 = s.pos[blk[0]];
        for (int from = 0; from < L; ++from)
          for (int to : {0, from - 1, from + 1, L - 1}) {
            if (to < 0 || to >= L || to == from) continue;
            if (Interrupted()) return;
            auto& sq = s.seq[m];
            Shift(sq, p0 + from, p0 + to);
            const bool acyclic = Evaluate(s);
            const double value = s.cost;
            Shift(sq, p0 + to, p0 + from);
            Evaluate(s);
            if (acyclic)
              consider({Move::kShift, m, p0 + from, p0 + to}, value, ShiftTabu(s, m, p0 + from, p0 + to, it));
          }
      }
      ReassignNeighbourhood(s, it, consider);
    }
    CriticalBlocks(s, MakespanEnd(s));  // for the random fallback
  }

  // The critical path ending at `end` (preferring machine arcs), split into blocks of
  // consecutive operations on one machine.
  void CriticalBlocks(const State& s, int end) {
    path_.clear();
    for (int o = end; o != kNone;) {
      path_.push_back(o);
      int mp = s.pos[o] > 0 ? s.seq[s.mach[o]][s.pos[o] - 1] : kNone;
      int jp = kNone;
      for (int p : f_.preds(o))
        if (s.e[p] == s.r[o]) jp = p;
      if (mp != kNone && s.e[mp] + f_.Setup(s.mach[o], mp, o) == s.r[o])
        o = mp;
      else if (jp != kNone)
        o = jp;
      else if (f_.calendars && mp != kNone && s.r[o] > f_.release[o])
        o = mp;  // downtime pushed it: what ran before on the machine kept it from fitting earlier
      else
        o = kNone;
    }
    std::reverse(path_.begin(), path_.end());
    // Fixed operations never move: they split blocks and belong to none.
    blocks_.clear();
    for (size_t i = 0; i < path_.size(); ++i) {
      if (f_.fixed[path_[i]]) continue;
      if (i == 0 || f_.fixed[path_[i - 1]] || s.mach[path_[i]] != s.mach[path_[i - 1]] ||
          s.pos[path_[i]] != s.pos[path_[i - 1]] + 1)
        blocks_.emplace_back();
      blocks_.back().push_back(path_[i]);
    }
  }

  // Estimated makespan through the operations of machine m between positions `from` and `to`
  // after moving the op at `from` to `to`: heads recomputed forward from the unchanged machine
  // predecessor, tails backward from the unchanged successor (Taillard's estimate for a swap).
  int64_t ShiftEstimate(const State& s, int m, int from, int to) {
    const auto& sq = s.seq[m];
    const int lo = std::min(from, to), hi = std::max(from, to);
    seg_.assign(sq.begin() + lo, sq.begin() + hi + 1);
    Shift(seg_, from - lo, to - lo);
    auto end_of = [&](int o) -> int64_t { return o == kNone ? 0 : s.e[o]; };
    auto tail_of = [&](int o) -> int64_t { return o == kNone ? 0 : s.q[o] + s.dur[o]; };
    auto pred_end = [&](int o) {
      if (!f_.dag) return end_of(f_.jpred[o]);
      int64_t t = 0;
      for (int p : f_.preds(o)) t = std::max(t, s.e[p]);
      return t;
    };
    auto succ_tail = [&](int o) {
      if (!f_.dag) return tail_of(f_.jsucc[o]);
      int64_t t = 0;
      for (int x : f_.succs(o)) t = std::max(t, tail_of(x));
      return t;
    };
    const size_t k = seg_.size();
    heads_.resize(k);
    int before = lo > 0 ? sq[lo - 1] : kNone;
    int64_t prev = end_of(before);
    for (size_t i = 0; i < k; ++i) {
      const int o = seg_[i];
      heads_[i] = std::max({pred_end(o), prev + f_.Setup(m, before, o), f_.release[o]});
      prev = heads_[i] + s.dur[o];
      before = o;
    }
    int after = hi + 1 < static_cast<int>(sq.size()) ? sq[hi + 1] : kNone;
    int64_t next = tail_of(after), est = 0;
    for (size_t i = k; i-- > 0;) {
      const int o = seg_[i];
      int64_t tail = std::max(succ_tail(o), after == kNone ? 0 : next + f_.Setup(m, o, after));
      est = std::max(est, heads_[i] + s.dur[o] + tail);
      next = tail + s.dur[o];
      after = o;
    }
    return est;
  }

  // tabu_swap_[x * n + y] > it forbids creating the arc "y before x" on a machine.
  bool ShiftTabu(const State& s, int m, int from, int to, uint64_t it) const {
    if (tabu_swap_.empty()) return false;
    const auto& sq = s.seq[m];
    const size_t n = f_.n;
    int u = sq[from];
    if (to < from) {
      for (int i = to; i < from; ++i)
        if (tabu_swap_[sq[i] * n + u] > it) return true;  // u before sq[i]
    } else {
      for (int i = from + 1; i <= to; ++i)
        if (tabu_swap_[u * n + sq[i]] > it) return true;  // sq[i] before u
    }
    return false;
  }

  // Moves o to machine a.machine, placed before the first operation whose head is later than o's.
  bool Reassign(State& s, int o, const Alternative& a) {
    auto& from = s.seq[s.mach[o]];
    from.erase(from.begin() + s.pos[o]);
    auto& to = s.seq[a.machine];
    size_t at = 0;
    while (at < to.size() && (f_.fixed[to[at]] || s.r[to[at]] <= s.r[o])) ++at;
    to.insert(to.begin() + at, o);
    s.mach[o] = a.machine;
    s.dur[o] = a.duration;
    return Evaluate(s);
  }

  bool RandomSwap(const State& s, Move& m) {
    std::vector<std::pair<int, int>> pairs;
    for (const auto& blk : blocks_)
      for (size_t i = 0; i + 1 < blk.size(); ++i) pairs.push_back({blk[i], blk[i + 1]});
    if (pairs.empty()) return false;
    auto pr = pairs[std::uniform_int_distribution<size_t>(0, pairs.size() - 1)(rng_)];
    m = {Move::kShift, s.mach[pr.first], s.pos[pr.first], s.pos[pr.second]};
    return true;
  }

  // Applies a move; false (and nothing changed) if a shift would close a cycle.
  bool Apply(State& s, const Move& m, uint64_t it, int base_tenure) {
    uint64_t tenure =
        base_tenure + (base_tenure > 0 ? std::uniform_int_distribution<int>(0, base_tenure / 2)(rng_) : 0);
    if (m.kind == Move::kReassign) {
      int old = s.mach[m.a];
      for (const auto& a : f_.alts[m.a])
        if (a.machine == m.b) Reassign(s, m.a, a);
      tabu_mach_[static_cast<size_t>(m.a) * f_.machines + old] = it + tenure;
      return true;
    }
    auto& sq = s.seq[m.a];
    const int lo = std::min(m.b, m.c), hi = std::max(m.b, m.c);
    const int u = sq[m.b];
    Shift(sq, m.b, m.c);
    if (!Evaluate(s)) {
      Shift(sq, m.c, m.b);
      Evaluate(s);
      // Make this very shift tabu, so the search does not pick it again at once.
      if (!tabu_swap_.empty())
        for (int i = lo; i <= hi; ++i)
          if (sq[i] != u) {
            if (m.c < m.b)
              tabu_swap_[static_cast<size_t>(sq[i]) * f_.n + u] = it + tenure + 1;
            else
              tabu_swap_[static_cast<size_t>(u) * f_.n + sq[i]] = it + tenure + 1;
          }
      return false;
    }
    // Forbid undoing it: the ops u jumped over may not go back to the other side of u.
    if (!tabu_swap_.empty()) {
      const size_t n = f_.n;
      for (int i = lo; i <= hi; ++i) {
        int x = sq[i];
        if (x == u) continue;
        if (m.c < m.b)
          tabu_swap_[u * n + x] = it + tenure;  // forbid x before u again
        else
          tabu_swap_[x * n + u] = it + tenure;  // forbid u before x again
      }
    }
    return true;
  }

  const Flat& f_;
  std::mt19937_64 rng_;
  Objective obj_;
  bool exact_;
  std::vector<std::pair<double, int>> ends_;
  std::vector<int> indeg_, order_, path_, seg_;
  std::vector<int64_t> heads_;
  std::vector<std::vector<int>> blocks_;
  std::vector<uint64_t> tabu_swap_, tabu_mach_;
  State trial_;
  std::function<bool()> stop_;  // Improve's stop condition, for the neighbourhoods
  bool interrupted_ = false;
  uint64_t evaluations_ = 0;
};

Schedule ToSchedule(const Flat& f, const State& s) {
  Schedule out;
  out.makespan = s.cmax;
  out.weighted_tardiness = s.tardiness;
  for (const auto& ops : f.ops_of_job) {
    out.jobs.emplace_back();
    for (int o : ops) out.jobs.back().push_back({s.mach[o], s.r[o]});
  }
  return out;
}

}  // namespace

int64_t LowerBound(const Problem& p) {
  int64_t lb = 0;
  std::vector<int64_t> load(p.machines, 0);
  for (const auto& j : p.jobs) {
    // The longest chain of the job's precedence DAG at shortest durations, after its release.
    std::vector<int64_t> end(j.operations.size(), 0);
    for (size_t k = 0; k < j.operations.size(); ++k) {
      const auto& o = j.operations[k];
      int64_t d = std::numeric_limits<int64_t>::max(), ready = std::max(j.release, o.release);
      for (const auto& a : o.alternatives) d = std::min(d, a.duration);
      for (int q : j.PredecessorsOf(static_cast<int>(k))) ready = std::max(ready, end[q]);
      end[k] = ready + d;
      lb = std::max(lb, end[k]);
      if (o.alternatives.size() == 1) load[o.alternatives[0].machine] += o.alternatives[0].duration;
    }
  }
  for (int64_t l : load) lb = std::max(lb, l);
  return lb;
}

Result<Schedule> Solve(const Problem& p, const SolveOptions& o, SolveStats* stats) {
  if (p.jobs.empty() || p.OperationCount() == 0) return Status::Invalid("the problem has no operations");
  for (const auto& j : p.jobs)
    if (j.operations.empty()) return Status::Invalid("a job has no operations");
  for (const auto& j : p.jobs)
    for (const auto& op : j.operations) {
      if (op.alternatives.empty()) return Status::Invalid("an operation has no eligible machine");
      for (const auto& a : op.alternatives)
        if (a.machine < 0 || a.machine >= p.machines || a.duration < 0) return Status::Invalid("bad alternative");
    }
  if (!p.SetupsWellFormed())
    return Status::Invalid(
        "setups must be machines x (classes + 1) x classes non-negative times, with every "
        "operation's setup class (its job's index by default) below classes");
  for (size_t ji = 0; ji < p.jobs.size(); ++ji) {
    const auto& j = p.jobs[ji];
    if (j.release < 0) return Status::Invalid("a job's release is negative");
    for (size_t k = 0; k < j.operations.size(); ++k) {
      const auto& op = j.operations[k];
      const std::string at = "job " + std::to_string(ji) + " operation " + std::to_string(k);
      if (op.release < 0) return Status::Invalid(at + ": negative release");
      const std::vector<int> preds = j.PredecessorsOf(static_cast<int>(k));
      for (size_t i = 0; i < preds.size(); ++i) {
        if (preds[i] < 0 || preds[i] >= static_cast<int>(k))
          return Status::Invalid(at + ": predecessors must be earlier operations of the job");
        if (std::find(preds.begin(), preds.begin() + i, preds[i]) != preds.begin() + i)
          return Status::Invalid(at + ": a predecessor is named twice");
        if (op.fixed && !j.operations[preds[i]].fixed)
          return Status::Invalid(at + ": a fixed operation's predecessors must be fixed too");
      }
      if (!op.fixed) continue;
      bool eligible = false;
      for (const auto& a : op.alternatives) eligible |= a.machine == op.fixed->machine;
      if (!eligible) return Status::Invalid("a fixed operation's machine cannot run it");
    }
  }
  if (!p.downtime.empty()) {
    if (static_cast<int>(p.downtime.size()) != p.machines)
      return Status::Invalid("downtime must list every machine (or be empty)");
    for (const auto& d : p.downtime)
      for (size_t i = 0; i < d.size(); ++i)
        if (d[i].start >= d[i].end || (i > 0 && d[i].start < d[i - 1].end))
          return Status::Invalid("a machine's downtime must be sorted, disjoint intervals");
  }
  if (!(o.objective.makespan_weight >= 0 && o.objective.tardiness_weight >= 0) ||
      o.objective.makespan_weight + o.objective.tardiness_weight <= 0)
    return Status::Invalid("objective weights must be non-negative and not both zero");
  const int threads = std::max(1, o.threads);
  const Flat flat(p);
  const int64_t lb = LowerBound(p);
  // The objective cannot go below this: makespan's lower bound, and zero tardiness.
  const double bound = o.objective.makespan_weight * static_cast<double>(lb);
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.time_limit_s));
  std::atomic<bool> reached_bound{false};
  std::vector<State> best(threads);
  std::vector<uint64_t> iterations(threads, 0);
  auto work = [&](int t) {
    Search search(flat, o.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(t), o.objective);
    State start;
    search.Construct(start);
    if (!std::isfinite(start.cost)) {  // the fixed operations conflict: nothing to search
      best[t] = start;
      return;
    }
    iterations[t] = search.Improve(start, best[t], bound, o.max_iterations, [&] {
      return Clock::now() >= deadline || reached_bound.load() ||
             (o.cancel && o.cancel->load(std::memory_order_relaxed));
    });
    if (best[t].cost <= bound) reached_bound = true;
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  int winner = 0;
  for (int t = 1; t < threads; ++t)
    if (best[t].cost < best[winner].cost) winner = t;
  if (stats) {
    stats->iterations = 0;
    for (auto i : iterations) stats->iterations += i;
    stats->seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    stats->lower_bound = lb;
  }
  if (!std::isfinite(best[winner].cost))
    return Status::Invalid("fixed operations conflict: they overlap on a machine or precede one another wrongly");
  Schedule out = ToSchedule(flat, best[winner]);
  for (size_t j = 0; j < p.jobs.size(); ++j)
    for (size_t k = 0; k < p.jobs[j].operations.size(); ++k)
      if (const auto& fx = p.jobs[j].operations[k].fixed; fx && out.jobs[j][k].start != fx->start)
        return Status::Invalid("fixed operations conflict: job " + std::to_string(j) + " operation " +
                               std::to_string(k) + " cannot start at " + std::to_string(fx->start));
  return out;
}

}  // namespace takt::schedule
