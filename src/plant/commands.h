// Commands: what a caller asks the plant to do. A command is validated against the current
// state and yields all of its events or an error, never part of them.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "core/json.h"
#include "model/kinds.h"
#include "plant/access/roles.h"

namespace takt::plant {

struct CreateResource {
  model::Kind kind;
  json::value doc;  // the resource document as sent by the client
};

// Replaces a resource. `doc.version` must equal the current version (optimistic concurrency).
struct UpdateResource {
  model::Kind kind;
  std::string id;
  json::value doc;
};

struct RetireResource {
  model::Kind kind;
  std::string id;
  std::optional<int64_t> expected_version;
};

// Users hold one bearer token; only its hash ever reaches the plant.
struct AddUser {
  std::string name;
  Role role;
  std::string token_hash;
};

struct IssueToken {
  std::string name;
  std::string token_hash;
};

using Command = std::variant<CreateResource, UpdateResource, RetireResource, AddUser, IssueToken>;

// Who asks and when: supplied by the caller, never read from a clock by the domain.
struct Context {
  Timestamp now;
  std::string actor;
};

// An event before the journal gives it a sequence number, time, actor and hash.
struct EventDraft {
  std::string type;
  int version = 1;
  std::string payload;
};

}  // namespace takt::plant
