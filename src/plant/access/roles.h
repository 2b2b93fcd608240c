// Roles and permissions. The permission table is data; docs/SECURITY.md mirrors it and a
// test checks every route against it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Every permission with its name (as the API spells it), in the order above.
inline constexpr std::pair<Permission, std::string_view> kPermissionNames[] = {
    {Permission::kReadResources, "read_resources"},
    {Permission::kWriteWorkforce, "write_workforce"},
    {Permission::kWriteMasterData, "write_master_data"},
    {Permission::kWriteInventory, "write_inventory"},
    {Permission::kControlInventory, "control_inventory"},
    {Permission::kPlanProduction, "plan_production"},
    {Permission::kExecuteProduction, "execute_production"},
    {Permission::kRecordMachineData, "record_machine_data"},
    {Permission::kReadJournal, "read_journal"},
    {Permission::kManageUsers, "manage_users"}};

const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
const char* PermissionName(Permission p);
bool Allows(Role r, Permission p);
// The permissions `r` allows, in the order of kPermissionNames.
std::vector<Permission> AllowedTo(Role r);

}  // namespace takt::plant
