// The scheduling engine's own model: jobs made of operations in routing order, each operation
// runnable on one or more machines with a machine-dependent duration (flexible job shop).
// Independent of the plant: the plant adapter and the benchmark readers both build this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace takt::schedule {

struct Alternative {
  int machine = 0;
  int64_t duration = 0;
};

// Where and when an operation already running, or frozen by a planner, must stay.
struct Fixed {
  int machine = 0;
  int64_t start = 0;
};

struct Operation {
  std::vector<Alternative> alternatives;  // at least one
  std::optional<Fixed> fixed;             // running or frozen: keeps this machine and start
  // Operations of the same job (indices, each lower than this one's) that must end before this
  // one starts: several for an assembly that joins branches. nullopt: the previous operation
  // of the job (a plain routing); empty: none (a branch starts here).
  std::optional<std::vector<int>> predecessors;
  // Machine downtime: a pausable operation stops over it and resumes after (its end moves out by
  // the downtime it spans); otherwise it must fit between two downtimes.
  bool may_pause = false;
  // Which row and column of the setup tables this operation uses; -1: its job's index (the
  // classic job-to-job table). A plant gives operations that need the same tooling one class.
  int setup_class = -1;
  // Not before this time (with the job's release): material that arrives for this step only.
  int64_t release = 0;
};

// A time a machine cannot work: [start, end).
struct Interval {
  int64_t start = 0;
  int64_t end = 0;
};

struct Job {
  std::vector<Operation> operations;  // a topological order: predecessors come first
  int64_t release = 0;                // no operation of the job starts earlier
  int64_t due = INT64_MAX;            // completion (the end of its last-ending operation) after this is tardy
  double weight = 1;                  // cost per unit of tardiness

  // Operation k's predecessors as indices, whether listed or implied by routing order.
  std::vector<int> PredecessorsOf(int k) const;
};

struct Problem {
  int machines = 0;
  std::vector<Job> jobs;
  // Sequence-dependent setup times, empty when there are none: with C setup classes (see
  // Operation::setup_class), setups[m] has C + 1 rows of C times; setups[m][a][b] is the time
  // machine m needs between an operation of class a and a following one of class b, and row C
  // holds the setup before the first operation on the machine (from its state at time 0).
  std::vector<std::vector<std::vector<int64_t>>> setups;
  // Per machine, sorted and disjoint: shifts off, breaks, planned maintenance, a breakdown. Empty
  // when every machine is always available. Setups are not held back by downtime.
  std::vector<std::vector<Interval>> downtime;

  // The setup on machine m before an operation of class `to`, after one of class `from` (-1:
  // the machine's first operation).
  int64_t Setup(int m, int from, int to) const {
    if (setups.empty()) return 0;
    const auto& table = setups[m];
    return table[from < 0 ? table.size() - 1 : static_cast<size_t>(from)][to];
  }
  // The setup class of operation k of job j.
  int SetupClass(int j, int k) const {
    const int c = jobs[j].operations[k].setup_class;
    return c < 0 ? j : c;
  }
  // Every machine has the same C + 1 rows of C non-negative times, and every operation's class
  // is below C. Setup() requires it.
  bool SetupsWellFormed() const;

  int OperationCount() const;

  // Where an operation of `duration` on machine m, ready at `ready`, starts and ends given the
  // machine's downtime (see Operation::may_pause). A fixed operation passes its start as `ready`
  // with `fixed` set: it starts there even inside downtime.
  struct Placement {
    int64_t start = 0;
    int64_t end = 0;
  };
  Placement Place(int m, int64_t ready, int64_t duration, bool may_pause, bool fixed = false) const;
};

// A schedule: for each job and operation (routing order), the machine and the start time.
struct Assignment {
  int machine = 0;
  int64_t start = 0;
};

struct Schedule {
  int64_t makespan = 0;
  std::vector<std::vector<Assignment>> jobs;
  double weighted_tardiness = 0;  // sum over jobs of weight * max(0, completion - due)
};

}  // namespace takt::schedule
