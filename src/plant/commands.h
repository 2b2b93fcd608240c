// Commands: what a caller asks the plant to do. A command is validated against the current
// state and yields all of its events or an error, never part of them.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/json.h"
#include "model/kinds.h"
#include "plant/access/roles.h"
#include "plant/inventory/requests.h"
#include "plant/performance/requests.h"
#include "plant/planning/requests.h"
#include "plant/production/requests.h"

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

// Disable a user (their token stops working), enable them again, or give them another role.
enum class UserAction { kDisable, kEnable, kChangeRole };
struct ChangeUser {
  UserAction action;
  std::string name;
  Role role = Role::kViewer;  // kChangeRole
  std::string reason;         // required to disable; optional otherwise
};

// Inventory movements on one material lot: receive, move, count, adjust, scrap, ship, holds.
struct InventoryCommand {
  std::string lot;  // the lot; empty for a receipt (its document names the new lot)
  inventory::LotRequest request;
};

// Containment cases: open one on source lots (it holds them and every lot made from them, now
// and later), or release one (lifting all of its holds).
struct ContainmentCommand {
  std::string id;  // a release: the case; an opening: empty (a chosen id is in the request)
  inventory::ContainmentRequest request;
};

// Work order lifecycle and shop-floor execution: the request (production/requests.h) says what.
struct ProductionCommand {
  std::string order;      // empty for CreateWorkOrder (its id is in the request)
  std::string operation;  // the routing operation id, for an operation's requests
  production::Request request;
};
// The production requests by name, for callers that hold a request as JSON
// (production::DecodeCommand).
enum class OrderAction {
  kCreate,
  kRelease,
  kHold,
  kResume,
  kCancel,
  kClose,
  kReschedule,  // earliest start, due date or priority
  kStart,
  kPause,
  kResumeOperation,
  kReport,
  kComplete,
  kConsume,
  kProduce,
};

// Work unit downtime, and activation of a schedule computed by the planner.
enum class PlanAction { kRecordDowntime, kActivateSchedule, kFixOperation };
struct PlanningCommand {
  PlanAction action;
  std::string equipment;                // kRecordDowntime: the work unit
  planning::RecordDowntime downtime;    // kRecordDowntime
  planning::ActivateSchedule schedule;  // kActivateSchedule
  planning::FixOperation fix;           // kFixOperation
};

// Machine readings (states, counts, process values) for one or more work units. A batch is
// applied whole or not at all; `skip_invalid` (for streams that cannot be told of an error,
// like MQTT) drops the samples that would refuse it instead.
struct MachineDataCommand {
  std::vector<performance::Sample> samples;
  bool skip_invalid = false;
  // Sessions the sources began, recorded before the samples (only those that changed).
  std::vector<performance::SourceSession> sessions;
};

// An operator's reason for a stop: the interval of `work_unit` that starts at `stop.start`.
struct ClassifyStop {
  std::string work_unit;
  performance::StopClassification stop;
};

using Command =
    std::variant<CreateResource, UpdateResource, RetireResource, AddUser, IssueToken, ChangeUser, InventoryCommand,
                 ProductionCommand, PlanningCommand, MachineDataCommand, ClassifyStop, ContainmentCommand>;

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
  std::string summary;  // not journalled: a JSON object the caller may show (counts of a batch)
};

}  // namespace takt::plant
