// The scheduling engine: a list-scheduling start, then tabu search on the critical path
// (swaps at the ends of critical blocks, estimated in O(1) each; for flexible instances also
// moves of critical operations to another eligible machine). Objective: makespan.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/status.h"
#include "schedule/problem.h"

namespace takt::schedule {

// What the search minimises: makespan_weight * makespan + tardiness_weight * total weighted
// tardiness. Makespan alone (the default) uses fast move estimates; any tardiness weight, or any
// machine downtime, switches to exact evaluation of moves on the critical paths (to the makespan
// and to the costliest tardy jobs). Fixed operations never move: a move that would delay one is
// refused like one that closes a cycle.
struct Objective {
  double makespan_weight = 1;
  double tardiness_weight = 0;
};

struct SolveOptions {
  double time_limit_s = 10;
  uint64_t seed = 1;
  int threads = 1;              // independent searches with derived seeds; the best wins
  uint64_t max_iterations = 0;  // per thread; 0 = until the time limit
  Objective objective;          // so designated initializers may leave it out
  // Set (by another thread): stop at once with the best schedule so far. Not owned.
  const std::atomic<bool>* cancel = nullptr;
};

struct SolveStats {
  uint64_t iterations = 0;  // summed over threads
  double seconds = 0;
  int64_t lower_bound = 0;
};

// Anytime: returns the best schedule found when the time limit (within milliseconds, after the
// start schedule is built) or iteration budget runs out, when `cancel` is set, or
// at once when the objective reaches its bound (LowerBound(p) for makespan, 0 for tardiness). Deterministic for a given
// seed and thread count whenever the stop comes from the iteration budget or the lower bound, not the clock. Threads:
// runs `threads` worker threads; the call itself blocks.
Result<Schedule> Solve(const Problem& p, const SolveOptions& options, SolveStats* stats = nullptr);

// max(longest job with each operation at its shortest duration, heaviest machine load counting
// only operations that have a single eligible machine).
int64_t LowerBound(const Problem& p);

}  // namespace takt::schedule
