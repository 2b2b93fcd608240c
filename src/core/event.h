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
  Digest hash{};        // the journal chain's hash of (previous event's hash, this event)
};

// Finishes `h` over `prev` and the fields of `e` (all but its hash), fixed-width or length-prefixed.
// Plain and keyed chains hash the same bytes.
inline Digest HashEvent(Hasher& h, const Digest& prev, const Event& e) {
  return h.Update(prev)
      .UpdateU64(e.seq)
      .UpdateU64(static_cast<uint64_t>(e.time.micros))
      .UpdateField(e.actor)
      .UpdateField(e.type)
      .UpdateU64(static_cast<uint64_t>(e.version))
      .UpdateField(e.payload)
      .Finish();
}

// Plain BLAKE2b-256 of an event chained to its predecessor's; the first event chains to all
// zeros. A journal's own chain (journal::Chain) keys it; this unkeyed form is the one of
// journals written before keyed chains, and of tests that need no journal.
inline Digest ChainHash(const Digest& prev, const Event& e) {
  Hasher h;
  return HashEvent(h, prev, e);
}

}  // namespace takt
