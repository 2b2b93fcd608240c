// The plant: the state built by applying journal events, and the commands that extend it.
//
// Pure and deterministic: no I/O, no clock, no threads, no locks. One writer calls Execute
// and Apply; concurrent readers need the caller's synchronisation (see runtime::Runtime).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/event.h"
#include "plant/access/roles.h"
#include "plant/access/users.h"
#include "plant/commands.h"
#include "plant/state.h"

namespace takt::plant {

class Plant {
 public:
  // Validates `cmd` against the current state and returns the events it produces, without
  // changing anything. Events must then be applied (in order) with Apply.
  Result<std::vector<EventDraft>> Execute(const Command& cmd, const Context& ctx) const;

  // Applies one journalled event. An error means the journal holds an event this state
  // cannot accept (a broken invariant): the caller must stop writing.
  Status Apply(const Event& e);

  uint64_t last_seq() const { return last_seq_; }
  const Digest& last_hash() const { return last_hash_; }

  const MasterData& master_data() const { return st_.md; }
  const State& state() const { return st_; }
  // The user holding this token hash (disabled or not), or nullptr.
  const User* FindUserByTokenHash(const std::string& hash) const { return users_.FindByTokenHash(hash); }
  const User* FindUser(const std::string& name) const { return users_.Find(name); }
  const Users::Map& users() const { return users_.all(); }

  // Tightens the indexes after a bulk load (replay or restore): merges the lot graph's overlay.
  // Never needed for correctness.
  void CompactIndexes() { st_.graph.Compact(); }
  // Rebuilds the indexes a master data change made stale (the performance day tallies). The
  // writer calls it after each group; until then queries are exact but slower.
  void SettleIndexes();

  // Whole state as JSON text, and back. Restore(Snapshot()) equals the original.
  std::string Snapshot() const;
  static Result<std::unique_ptr<Plant>> Restore(std::string_view snapshot);

 private:
  Status ApplyResource(const Event& e, const json::object& payload);

  State st_;
  Users users_;
  uint64_t last_seq_ = 0;
  Digest last_hash_{};
};

}  // namespace takt::plant
