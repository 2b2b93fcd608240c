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
#include "plant/commands.h"
#include "plant/state.h"

namespace takt::plant {

struct User {
  std::string name;
  Role role = Role::kViewer;
  std::string token_hash;
  Timestamp created_at;
};

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
  const User* FindUserByTokenHash(const std::string& hash) const;
  const User* FindUser(const std::string& name) const;
  const std::map<std::string, User, std::less<>>& users() const { return users_; }

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
  Status ApplyUser(const Event& e, const json::object& payload);

  State st_;
  std::map<std::string, User, std::less<>> users_;
  std::map<std::string, std::string, std::less<>> users_by_token_;  // token hash -> name
  uint64_t last_seq_ = 0;
  Digest last_hash_{};
};

}  // namespace takt::plant
