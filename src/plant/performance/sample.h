// One reading from a machine, as every source (HTTP batches, Sparkplug B, the demo simulator)
// hands it to the plant. Pure data; the rules are in performance/ingest.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"

namespace takt::plant::performance {

enum class SampleKind : uint8_t { kState, kGood, kReject, kTotal, kProcessValue };

// The state every state model knows: nothing reports for the unit (a dead Sparkplug device).
inline constexpr const char* kNoDataState = "no_data";

struct Sample {
  std::string work_unit;
  Timestamp time;
  SampleKind kind = SampleKind::kState;
  std::string state;   // kState: a code or name of the unit's state model, or kNoDataState
  std::string reason;  // kState: the machine's stop code, optional
  int64_t count = 0;   // counts: the increment, or the counter's reading when `cumulative`
  bool cumulative = false;
  double value = 0;  // kProcessValue
  std::string name;  // kProcessValue: the variable
  // Deduplication: a (source, seq) pair already applied is skipped. Empty source: none.
  std::string source;
  std::optional<uint64_t> seq;
};

// A source (a Sparkplug edge node) began a session: `session` is its own number for it (the
// node's bdSeq). Recorded so that, after a restart, the host can tell a death of the session it
// saw from a stale one.
struct SourceSession {
  std::string source;
  uint64_t session = 0;
};

}  // namespace takt::plant::performance
