// The JSON contract of access control: permissions travel by their names (roles.h). Include from
// .cc files only.
#pragma once

#include "core/contract/describe.h"
#include "plant/access/roles.h"

namespace takt::contract {

template <>
struct EnumNames<plant::Permission> {
  static constexpr const auto& kValues = plant::kPermissionNames;
};

}  // namespace takt::contract
