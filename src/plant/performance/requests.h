// The performance domain's requests as their senders write them: a batch of machine readings and
// an operator's classification of a stop. Plain data; their JSON contract (decoding, schema) is
// in performance/contract.h, the rules against the plant's state in ingest.cc and stops.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "plant/performance/sample.h"

namespace takt::plant::performance {

// POST /api/v1/machine-data: readings of any work units, applied all or nothing. `source` is the
// default of the readings that name none. A reading is a Sample: its JSON form (MachineReading in
// the API) is described in contract.h.
struct MachineDataBatch {
  std::string source;
  std::vector<Sample> events;
};
inline constexpr size_t kMaxBatchReadings = 100'000;

// What a batch came to (EventDraft::summary of machine_data.recorded). `invalid` and
// `first_error` only for batches that skip invalid readings (MachineDataCommand::skip_invalid).
struct BatchSummary {
  int64_t accepted = 0;
  int64_t duplicates = 0;
  std::optional<int64_t> invalid;
  std::optional<std::string> first_error;
};

// POST /api/v1/equipment/{id}/stops/classify: the stop of the unit that starts at `start`.
struct StopClassification {
  Timestamp start;
  std::string reason;   // a downtime reason
  std::string comment;  // at most 1000 characters
};

}  // namespace takt::plant::performance
