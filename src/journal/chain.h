// A journal's chain scheme: how event hashes, snapshot checks, the head's MAC and the meta record
// are computed. A small value (its subkeys included): copy freely. Threads: any, it never changes.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/event.h"
#include "core/hash.h"

namespace takt::journal {

class Chain {
 public:
  // The unkeyed chain of journals written before keyed chains: every event hash is ChainHash,
  // and snapshot checks are plain BLAKE2b-256. It detects accidents, not forgery.
  Chain() = default;

  // A keyed chain: events from `keyed_from` on are keyed BLAKE2b-256 MACs under a subkey;
  // events before it (a journal keyed by `takt upgrade`) are unkeyed, and the last of them must
  // hash to `anchor`. Snapshot checks, the head and the meta record are MACs under subkeys too.
  // With a `journal_id` (format 3) every subkey is derived from a key of that journal alone, so
  // that journals made apart under one key file never accept each other's rows; without one
  // (format 2), from `master` itself. Requires: keyed_from >= 1; anchor is all zeros when
  // keyed_from == 1.
  Chain(const Key& master, std::string_view journal_id, uint64_t keyed_from, const Digest& anchor);

  bool keyed() const { return keyed_; }
  uint64_t keyed_from() const { return keyed_from_; }  // 0 when unkeyed
  const Digest& anchor() const { return anchor_; }

  // The hash of `e` chained to `prev` (e.hash is not read).
  Digest Hash(const Digest& prev, const Event& e) const;

  // The check stored with a snapshot: binds its body to the event it follows.
  Digest SnapshotMac(uint64_t seq, const Digest& hash, std::string_view body) const;

  // The head row's MAC over the newest event's seq and hash. Requires: keyed().
  Digest HeadMac(uint64_t seq, const Digest& hash) const;

  // The high-water record's MAC (a head reached, kept beside the key). Requires: keyed().
  Digest HighWaterMac(std::string_view journal_id, uint64_t seq, const Digest& hash) const;

  // A MAC over `bytes` with the meta subkey. Requires: keyed().
  Digest MetaMac(std::string_view bytes) const;

 private:
  bool keyed_ = false;
  uint64_t keyed_from_ = 0;
  Digest anchor_{};
  Key event_key_, snapshot_key_, meta_key_, head_key_;
};

}  // namespace takt::journal
