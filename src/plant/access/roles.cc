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
  for (const auto& [permission, name] : kPermissionNames)
    if (permission == p) return name.data();  // string literals: NUL-terminated
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

std::vector<Permission> AllowedTo(Role r) {
  std::vector<Permission> out;
  for (const auto& [permission, name] : kPermissionNames)
    if (Allows(r, permission)) out.push_back(permission);
  return out;
}

}  // namespace takt::plant
