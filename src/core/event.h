// A journal event: an immutable fact. The plant state is what applying them in order gives.
#pragma once

#include <cstdint>
#include <string>

#include "core/hash.h"
#include "core/time.h"

namespace takt {

struct Event {
  uint64_t seq = 0;     // 1, 2, 3, ... without gaps
  Timestamp time;       // UTC, non-decreasing along seq
  std::string actor;    // "user:alice", "system:demo", ...
  std::string type;     // "resource.created"
  int version = 1;      // schema version of this type's payload
  std::string payload;  // JSON object
  Digest hash{};        // ChainHash(previous event's hash, this event)
};

// Hash of an event chained to its predecessor's; the first event chains to all zeros.
inline Digest ChainHash(const Digest& prev, const Event& e) {
  return Hasher()
      .Update(prev)
      .UpdateU64(e.seq)
      .UpdateU64(static_cast<uint64_t>(e.time.micros))
      .UpdateField(e.actor)
      .UpdateField(e.type)
      .UpdateU64(static_cast<uint64_t>(e.version))
      .UpdateField(e.payload)
      .Finish();
}

}  // namespace takt
