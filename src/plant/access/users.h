// API users: who may call Takt, with which role, and whether they may still. A projection of the
// user.* events. Only a hash of each user's bearer token ever reaches the plant.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/json.h"
#include "plant/commands.h"

namespace takt::plant {

struct User {
  std::string name;
  Role role = Role::kViewer;
  std::string token_hash;
  Timestamp created_at;
  bool disabled = false;
  std::string disabled_reason;  // why, while disabled
  Timestamp updated_at;         // the last change of role, status or token
  std::string updated_by;
};

class Users {
 public:
  using Map = std::map<std::string, User, std::less<>>;

  // Validate a command against the users and return its events, changing nothing.
  // Guarantees: no command leaves the plant without an enabled admin (kConflict).
  Result<std::vector<EventDraft>> Execute(const AddUser& c) const;
  Result<std::vector<EventDraft>> Execute(const IssueToken& c) const;
  Result<std::vector<EventDraft>> Execute(const ChangeUser& c) const;

  // Applies a user.* event. Errors mean a broken invariant.
  Status Apply(const Event& e, const json::object& payload);

  // The user holding this token hash, disabled or not; nullptr when none does.
  const User* FindByTokenHash(std::string_view hash) const;
  const User* Find(std::string_view name) const;
  const Map& all() const { return users_; }

  // Snapshot form: every user with its token hash. Decode accepts the form without the
  // `disabled` fields (snapshots written before users could be disabled).
  json::array Encode() const;
  Status Decode(const json::array& users);

 private:
  // Enabled admins other than `name`.
  int OtherActiveAdmins(std::string_view name) const;

  Map users_;
  std::map<std::string, std::string, std::less<>> by_token_;  // token hash -> name
};

// The event payload as the journal API shows it: token hashes removed. Tokens are 256 random bits,
// so a hash does not give the token away, but what derives from a secret stays with the server.
json::object RedactUserPayload(std::string_view type, json::object payload);

}  // namespace takt::plant
