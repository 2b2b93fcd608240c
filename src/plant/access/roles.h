// Roles and permissions. The permission table is data; docs/SECURITY.md mirrors it and a
// test checks every route against it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace takt::plant {

enum class Role { kViewer, kOperator, kSupervisor, kAdmin };

enum class Permission {
  kReadResources,      // read the resource model
  kWriteWorkforce,     // persons, personnel classes, qualifications
  kWriteMasterData,    // equipment, material, units, product definitions
  kWriteInventory,     // lot receipts, moves, counts, scrap, shipments
  kControlInventory,   // adjustments with a reason, lot status (holds, quarantine, release)
  kPlanProduction,     // work orders: create, release, hold, resume, cancel, close
  kExecuteProduction,  // operations: start, pause, resume, report, complete, consume, produce
  kRecordMachineData,  // machine readings (machines and gateways post them under their own user)
  kReadJournal,        // the audit trail
  kManageUsers,        // users and tokens
};

const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
const char* PermissionName(Permission p);
bool Allows(Role r, Permission p);

}  // namespace takt::plant
