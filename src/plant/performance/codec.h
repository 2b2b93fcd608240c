// Snapshot form of the performance projection.
#pragma once

#include "core/json.h"
#include "plant/performance/state.h"

namespace takt::plant::performance {

json::object Encode(const Performance& p);
// Requires a default-constructed `p`. Leaves the day tallies stale (Settle rebuilds them).
Status Decode(const json::value& v, Performance& p);

}  // namespace takt::plant::performance
