// An independent check of a schedule against its problem. Shares no code with the solver.
#pragma once

#include "core/status.h"
#include "schedule/problem.h"

namespace takt::schedule {

// Ok when: every operation is scheduled once on an eligible machine with a start >= 0; a job's
// first operation starts at or after its release and each other after its routing predecessor
// ends; no machine runs two operations at once, and each waits for its sequence-dependent
// setup after the previous one (or from idle); and the stated makespan and weighted tardiness
// are what the starts give; fixed (running or frozen) operations are where they were fixed. Otherwise
// kInvalidArgument naming the first violation (job and operation are 0-based).
Status CheckSchedule(const Problem& p, const Schedule& s);

}  // namespace takt::schedule
