// An independent check of a schedule against its problem. Shares no code with the solver.
#pragma once

#include "core/status.h"
#include "schedule/problem.h"

namespace takt::schedule {

// Ok when: every operation is scheduled once on an eligible machine with a start >= 0, at or
// after its job's release and after each of its predecessors ends (the previous operation, or the
// listed ones of an assembly tree); an operation that may not pause does not overlap its machine's
// downtime, one that may starts outside it and ends late by the downtime it spans (fixed ones may
// already be inside); no machine runs two operations at once, and each waits for its
// sequence-dependent setup after the previous one (or from idle); the stated makespan and weighted
// tardiness (a job completes when its last operation ends) are what the starts give; fixed
// (running or frozen) operations are where they were fixed. Otherwise kInvalidArgument naming the
// first violation (job and operation are 0-based).
Status CheckSchedule(const Problem& p, const Schedule& s);

}  // namespace takt::schedule
