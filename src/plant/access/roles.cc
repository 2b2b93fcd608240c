#include "plant/access/roles.h"

namespace takt::plant {

const char* RoleName(Role r) {
  switch (r) {
    case Role::kViewer:
      return "viewer";
    case Role::kOperator:
      return "operator";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (auto r : {Role::kViewer, Role::kOperator, Role::kSupervisor, Role::kAdmin})
    if (s == RoleName(r)) return r;
  return std::nullopt;
}

const char* PermissionName(Permission p) {
  switch (p) {
    case Permission::kReadResources:
      return "read_resources";
    case Permission::kWriteWorkforce:
      return "write_workforce";
    case Permission::kWriteMasterData:
      return "write_master_data";
    case Permission::kWriteInventory:
      return "write_inventory";
    case Permission::kControlInventory:
      return "control_inventory";
    case Permission::kPlanProduction:
      return "plan_production";
    case Permission::kExecuteProduction:
      return "execute_production";
    case Permission::kRecordMachineData:
      return "record_machine_data";
    case Permission::kReadJournal:
      return "read_journal";
    case Permission::kManageUsers:
      return "manage_users";
  }
  return "?";
}

bool Allows(Role r, Permission p) {
  switch (p) {
    case Permission::kReadResources:
      return true;
    case Permission::kWriteInventory:
    case Permission::kExecuteProduction:
    case Permission::kRecordMachineData:
      return r != Role::kViewer;
    case Permission::kWriteWorkforce:
    case Permission::kControlInventory:
    case Permission::kPlanProduction:
    case Permission::kReadJournal:
      return r == Role::kSupervisor || r == Role::kAdmin;
    case Permission::kWriteMasterData:
    case Permission::kManageUsers:
      return r == Role::kAdmin;
  }
  return false;
}

}  // namespace takt::plant
